//! Presigned requests (`presigned(PresigningConfig)` on the operations a service lets
//! callers presign, as aws-sdk-* has them): the request an operation would send, signed
//! in its query string for a time, for another program (a browser, curl) to send without
//! credentials. Public as `crate::presigning`.

use super::builder::{InputBuilder, Operation};
use super::client::{construction, Failure, Handle, Request, SigningStyle};
use super::codec::StructValue;
use super::operation::{request_for, Output};
use aws_sigv4::http_request::SignableBody;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest a presigned request may stay valid: SigV4 allows a week.
const ONE_WEEK: Duration = Duration::from_secs(604_800);

/// When a presigned request becomes valid, and for how long.
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct PresigningConfig {
    start_time: SystemTime,
    expires_in: Duration,
}

impl PresigningConfig {
    /// Valid from now for `expires_in` (at most a week).
    pub fn expires_in(expires_in: Duration) -> Result<PresigningConfig, PresigningConfigError> {
        Self::builder().expires_in(expires_in).build()
    }

    /// A builder, to set the start time as well.
    pub fn builder() -> PresigningConfigBuilder {
        PresigningConfigBuilder::default()
    }

    /// How long the request stays valid.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// When the request becomes valid (its signing time).
    pub fn start_time(&self) -> SystemTime {
        self.start_time
    }
}

/// Builds a [`PresigningConfig`].
#[non_exhaustive]
#[derive(Debug, Default)]
pub struct PresigningConfigBuilder {
    start_time: Option<SystemTime>,
    expires_in: Option<Duration>,
}

impl PresigningConfigBuilder {
    /// Sets when the request becomes valid (now by default).
    pub fn start_time(mut self, start_time: SystemTime) -> Self {
        self.set_start_time(Some(start_time));
        self
    }

    /// Sets or clears when the request becomes valid.
    pub fn set_start_time(&mut self, start_time: Option<SystemTime>) {
        self.start_time = start_time;
    }

    /// Sets how long the request stays valid (required, at most a week).
    pub fn expires_in(mut self, expires_in: Duration) -> Self {
        self.set_expires_in(Some(expires_in));
        self
    }

    /// Sets or clears how long the request stays valid.
    pub fn set_expires_in(&mut self, expires_in: Option<Duration>) {
        self.expires_in = expires_in;
    }

    /// The configuration, or why it cannot be one.
    pub fn build(self) -> Result<PresigningConfig, PresigningConfigError> {
        let expires_in = self.expires_in.ok_or(PresigningConfigError { too_long: false })?;
        if expires_in > ONE_WEEK {
            return Err(PresigningConfigError { too_long: true });
        }
        Ok(PresigningConfig { start_time: self.start_time.unwrap_or_else(SystemTime::now), expires_in })
    }
}

/// Why a [`PresigningConfig`] could not be built.
#[derive(Debug)]
pub struct PresigningConfigError {
    too_long: bool,
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.too_long { "`expires_in` must be no longer than one week" } else { "`expires_in` is required" })
    }
}

impl std::error::Error for PresigningConfigError {}

/// A presigned request: send it with this method, URI and headers (and the body, for an
/// upload), and no credentials.
#[non_exhaustive]
#[derive(Clone)]
pub struct PresignedRequest {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
}

impl PresignedRequest {
    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URI, with the signature in its query.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers the request must be sent with (they are signed).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The request as an `http` 1.x request with `body`.
    pub fn make_http_1x_request<B>(&self, body: B) -> http::Request<B> {
        self.clone().into_http_1x_request(body)
    }

    /// The request as an `http` 1.x request with `body`.
    pub fn into_http_1x_request<B>(self, body: B) -> http::Request<B> {
        let mut request = http::Request::new(body);
        *request.method_mut() = http::Method::from_bytes(self.method.as_bytes()).unwrap_or_default();
        // The URI and headers were checked when the request was presigned.
        *request.uri_mut() = self.uri.parse().unwrap_or_default();
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (http::HeaderName::try_from(name), http::HeaderValue::try_from(value)) {
                request.headers_mut().append(name, value);
            }
        }
        request
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest").field("method", &self.method).field("uri", &self.uri).field("headers", &self.headers).finish()
    }
}

/// The request `builder` would send, presigned as `config` says.
pub(crate) async fn presign<T>(
    builder: InputBuilder<T>,
    config: PresigningConfig,
) -> Result<PresignedRequest, SdkError<T::Error, HttpResponse>>
where
    T: Operation + StructValue,
    T::Output: Output,
{
    let handle = builder.client.handle(T::NAME).map_err(SdkError::construction_failure)?;
    let mut input = builder.inner;
    let request = request_for(&handle, &mut input).map_err(SdkError::construction_failure)?;
    presign_request(&handle, request, &config).await.map_err(Failure::into_sdk_error)
}

/// Not generic, so that it is compiled once. As aws-sdk-* presigns: the payload unsigned,
/// no checksum, user agent or retry headers.
async fn presign_request(handle: &Handle, request: Request, config: &PresigningConfig) -> Result<PresignedRequest, Failure> {
    let provider = handle
        .conf
        .credentials_provider
        .as_ref()
        .ok_or_else(|| construction("presigning needs credentials: set a credentials provider on the config builder"))?;
    let resolved = handle.resolve_endpoint(&request).await?;
    let mut headers = request.headers;
    headers.extend(resolved.headers.into_iter().map(|(k, v)| (Cow::Owned(k), v)));
    let (identity, algorithm, region, token_header) =
        handle.signing_identity(provider, &resolved.scheme, resolved.signing_region.as_deref(), request.create_session).await?;
    let signer = super::client::Signer {
        identity: &identity,
        algorithm,
        region,
        name: &resolved.signing_name,
        token_header,
        time: config.start_time(),
    };
    let mut style = SigningStyle::of_service(resolved.single_encoding);
    style.expires_in = Some(config.expires());
    let (instructions, _) =
        super::client::sign_request(&signer, &style, request.method, &resolved.url, &headers, SignableBody::UnsignedPayload)?;
    let mut signed = http::Request::new(());
    *signed.uri_mut() = resolved.url.parse().map_err(|e| construction(format!("invalid request URI {}: {e}", resolved.url)))?;
    instructions.apply_to_request_http1x(&mut signed);
    let mut headers: Vec<(String, String)> = headers.into_iter().map(|(k, v)| (k.into_owned(), v)).collect();
    headers.extend(signed.headers().iter().filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned()))));
    Ok(PresignedRequest { method: request.method.to_owned(), uri: signed.uri().to_string(), headers })
}
