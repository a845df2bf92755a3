//! The extended request id S3 answers with (`x-amz-id-2`) beside the request id, as
//! aws-sdk-s3 gives it: `RequestIdExt::extended_request_id()` on outputs, operation and
//! modeled errors, `Error`, `SdkError`, responses and results. Public as
//! `crate::operation::RequestIdExt`.

use ::aws_smithy_runtime_api::client::result::SdkError;
use ::aws_smithy_runtime_api::http::{Headers, Response};
use ::aws_smithy_types::error::metadata::ErrorMetadata;

/// The header that carries it, and its key in error metadata (aws-sdk-s3's).
pub(crate) const HEADER: &str = "x-amz-id-2";
pub(crate) const METADATA_KEY: &str = "s3_extended_request_id";

/// The extended request id of a response, an output or an error.
pub trait RequestIdExt {
    /// The extended request id (`x-amz-id-2`), if the response had one.
    fn extended_request_id(&self) -> Option<&str>;
}

/// `RequestIdExt` for errors, from their metadata.
macro_rules! from_metadata {
    ($($error:ty),* $(,)?) => {
        $(
            impl RequestIdExt for $error {
                fn extended_request_id(&self) -> Option<&str> {
                    ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(self).extended_request_id()
                }
            }
        )*
    };
}

impl<E> RequestIdExt for SdkError<E, Response> {
    fn extended_request_id(&self) -> Option<&str> {
        match self {
            Self::ResponseError(err) => err.raw().headers().extended_request_id(),
            Self::ServiceError(err) => err.raw().headers().extended_request_id(),
            _ => None,
        }
    }
}

impl RequestIdExt for ErrorMetadata {
    fn extended_request_id(&self) -> Option<&str> {
        self.extra(METADATA_KEY)
    }
}

impl<B> RequestIdExt for Response<B> {
    fn extended_request_id(&self) -> Option<&str> {
        self.headers().extended_request_id()
    }
}

impl RequestIdExt for Headers {
    fn extended_request_id(&self) -> Option<&str> {
        self.get(HEADER)
    }
}

impl<O: RequestIdExt, E: RequestIdExt> RequestIdExt for Result<O, E> {
    fn extended_request_id(&self) -> Option<&str> {
        match self {
            Ok(ok) => ok.extended_request_id(),
            Err(err) => err.extended_request_id(),
        }
    }
}
