//! S3 Express One Zone: the endpoints of directory buckets (`name--zone--x-s3`) ask for
//! `sigv4-s3express`, SigV4 with session credentials that `CreateSession` gives for the
//! bucket, the token in `x-amz-s3session-token`, as aws-sdk-s3 signs them. The request
//! pipeline caches the sessions (`rt::client::SessionAuth`); this module obtains them.

use crate::rt::client::{construction, Handle, SessionAuth, SessionFuture};
use ::aws_credential_types::Credentials;
use std::sync::Arc;

pub(crate) static SESSION_AUTH: SessionAuth =
    SessionAuth { scheme: "sigv4-s3express", scope_param: "Bucket", token_header: "x-amz-s3session-token" };

/// `CreateSession` for `bucket`, with the client's own credentials (its endpoint asks for
/// plain SigV4), as the session credentials to sign the bucket's requests with. Inline, as
/// the operations are: its call pipeline is compiled in the programs that send calls.
#[inline]
pub(crate) fn create_session(handle: Arc<Handle>, bucket: String) -> SessionFuture {
    Box::pin(async move {
        let mut input = crate::operation::create_session::CreateSessionInput { bucket: Some(bucket.clone()), ..Default::default() };
        let failed = |why: String| construction(format!("could not open an S3 Express session for the bucket {bucket}: {why}"));
        let output = crate::rt::operation::invoke(&handle, &mut input)
            .await
            .map_err(|e| failed(::aws_smithy_types::error::display::DisplayErrorContext(&e).to_string()))?;
        let session = output.credentials.ok_or_else(|| failed("the response holds no credentials".into()))?;
        let expiry = std::time::SystemTime::try_from(session.expiration)
            .map_err(|_| failed(format!("the expiry {} is out of range", session.expiration)))?;
        Ok(Credentials::new(session.access_key_id, session.secret_access_key, Some(session.session_token), Some(expiry), "s3express"))
    })
}
