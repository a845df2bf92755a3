//! The request pipeline shared by every operation: endpoint, credentials, SigV4 signing,
//! sending, timeouts and retries. It is not generic, so it is compiled once per crate.

use super::config::Config;
use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::{ErrorKind, RetryConfig};
use aws_types::sdk_config::SdkConfig;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// The client of the service: one method per operation, each returning a fluent builder.
///
/// Cloning is cheap: clones share configuration and connections.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) handle: Arc<Handle>,
}

impl Client {
    /// A client with the configuration `aws_config` loaded (region, credentials, retry and timeouts).
    pub fn new(sdk_config: &SdkConfig) -> Self {
        Self::from_conf(Config::new(sdk_config))
    }

    /// A client with the given configuration.
    pub fn from_conf(conf: Config) -> Self {
        let mut http = reqwest::Client::builder();
        if let Some(timeouts) = &conf.timeout_config {
            if let Some(connect) = timeouts.connect_timeout() {
                http = http.connect_timeout(connect);
            }
            if let Some(read) = timeouts.read_timeout() {
                http = http.read_timeout(read);
            }
        }
        let http = http.build().map_err(|e| format!("the HTTPS client could not be set up: {e}"));
        Self { handle: Arc::new(Handle { conf, http }) }
    }

    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.handle.conf
    }
}

/// The client an operation's builder sends with: set when a `Client` method made the
/// builder, unset when it came from `{Input}::builder()` (then `send_with` names the client).
#[derive(Clone, Default)]
pub(crate) struct Bound(Option<Arc<Handle>>);

impl Bound {
    pub(crate) fn new(handle: Arc<Handle>) -> Self {
        Self(Some(handle))
    }

    pub(crate) fn handle(&self, operation: &str) -> Result<Arc<Handle>, aws_smithy_types::error::operation::BuildError> {
        self.0.clone().ok_or_else(|| {
            aws_smithy_types::error::operation::BuildError::other(format!(
                "this {operation} builder was not made by a client: send it with `send_with(&client)`"
            ))
        })
    }
}

// Builders compare and print by the input they hold, whichever client they are bound to.
impl PartialEq for Bound {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Bound" } else { "Unbound" })
    }
}

#[derive(Debug)]
pub(crate) struct Handle {
    pub(crate) conf: Config,
    http: Result<reqwest::Client, String>,
}

/// A response as it came off the wire.
pub(crate) struct RawResponse {
    pub status: u16,
    http_status: reqwest::StatusCode,
    headers: Vec<(String, String)>,
    pub body: bytes::Bytes,
    pub request_id: Option<String>,
}

impl RawResponse {
    pub(crate) fn into_http(self) -> HttpResponse {
        let mut response = HttpResponse::new(self.http_status.into(), SdkBody::from(self.body));
        for (name, value) in self.headers {
            let _ = response.headers_mut().try_insert(name, value);
        }
        response
    }
}

/// Why no usable response came back.
pub(crate) enum Failure {
    Construction(BoxError),
    Timeout(BoxError),
    Dispatch(ConnectorError),
}

impl Failure {
    pub(crate) fn into_sdk_error<E>(self) -> SdkError<E, HttpResponse> {
        match self {
            Failure::Construction(e) => SdkError::construction_failure(e),
            Failure::Timeout(e) => SdkError::timeout_error(e),
            Failure::Dispatch(e) => SdkError::dispatch_failure(e),
        }
    }
}

#[derive(Debug)]
struct Message(String);
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Message {}

fn construction(message: impl Into<String>) -> Failure {
    Failure::Construction(Box::new(Message(message.into())))
}

/// Error codes the AWS SDKs retry: throttling, then transient faults.
const RETRYABLE_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "RequestTimeout",
    "RequestTimeoutException",
];

impl Handle {
    /// Sends a form-encoded body, signed, retrying what the standard retry mode retries.
    pub(crate) async fn send(&self, operation: &'static str, body: Vec<u8>) -> Result<RawResponse, Failure> {
        let operation_timeout = self.conf.timeout_config.as_ref().and_then(|t| t.operation_timeout());
        match operation_timeout {
            Some(limit) => match tokio::time::timeout(limit, self.send_with_retries(body)).await {
                Ok(result) => result,
                Err(_) => Err(Failure::Timeout(Box::new(Message(format!(
                    "{operation} did not complete within the operation timeout of {limit:?}"
                ))))),
            },
            None => self.send_with_retries(body).await,
        }
    }

    async fn send_with_retries(&self, body: Vec<u8>) -> Result<RawResponse, Failure> {
        let http = self.http.as_ref().map_err(|e| construction(e.clone()))?;
        let service = &crate::config::SERVICE;
        let region = self.conf.region.as_ref().ok_or_else(|| {
            construction("no region is configured: set one on the config builder or with AWS_REGION")
        })?;
        let endpoint = match &self.conf.endpoint_url {
            Some(url) => url.clone(),
            None => {
                let suffix = if region.as_ref().starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
                format!("https://{}.{}.{}", service.endpoint_prefix, region.as_ref(), suffix)
            }
        };
        let url = reqwest::Url::parse(&endpoint).map_err(|e| construction(format!("invalid endpoint URL {endpoint:?}: {e}")))?;
        if url.host_str().is_none() {
            return Err(construction(format!("the endpoint URL {endpoint:?} has no host")));
        }
        let provider = self.conf.credentials_provider.as_ref().ok_or_else(|| {
            construction("no credentials provider is configured: set one on the config builder or load the config with aws_config")
        })?;
        let retry = self.conf.retry_config.clone().unwrap_or_else(RetryConfig::standard);
        let max_attempts = retry.max_attempts().max(1);
        let attempt_timeout = self.conf.timeout_config.as_ref().and_then(|t| t.operation_attempt_timeout());
        let body = bytes::Bytes::from(body);
        let mut attempt = 1;
        loop {
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(|e| construction(format!("failed to load credentials: {e}")))?;
            let identity = Identity::from(credentials);
            let headers = signed_headers(&identity, region.as_ref(), service.signing_name, url.as_str(), &body)?;
            let mut request = http.post(url.clone()).body(body.clone());
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            let exchange = exchange(request);
            let result = match attempt_timeout {
                Some(limit) => match tokio::time::timeout(limit, exchange).await {
                    Ok(result) => result,
                    Err(_) => Err(Failure::Timeout(Box::new(Message(format!(
                        "attempt {attempt} did not complete within the attempt timeout of {limit:?}"
                    ))))),
                },
                None => exchange.await,
            };
            if attempt >= max_attempts || !retryable(&result) {
                return result;
            }
            let cap = retry.initial_backoff().saturating_mul(1 << (attempt - 1).min(16)).min(retry.max_backoff());
            tokio::time::sleep(cap.mul_f64(fastrand::f64())).await;
            attempt += 1;
        }
    }
}

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

fn signed_headers(
    identity: &Identity,
    region: &str,
    signing_name: &str,
    url: &str,
    body: &[u8],
) -> Result<Vec<(&'static str, String)>, Failure> {
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(signing_name)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| construction(format!("could not sign the request: {e}")))?
        .into();
    let signable = SignableRequest::new("POST", url, [("content-type", CONTENT_TYPE)].into_iter(), SignableBody::Bytes(body))
        .map_err(|e| construction(format!("could not sign the request: {e}")))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| construction(format!("could not sign the request: {e}")))?
        .into_parts();
    let (signing_headers, _) = instructions.into_parts();
    let mut headers = vec![("content-type", CONTENT_TYPE.to_owned())];
    headers.extend(signing_headers.into_iter().map(|h| (h.name(), h.value().to_owned())));
    Ok(headers)
}

async fn exchange(request: reqwest::RequestBuilder) -> Result<RawResponse, Failure> {
    let response = request.send().await.map_err(transport_failure)?;
    let http_status = response.status();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let request_id = headers
        .iter()
        .find(|(k, _)| k == "x-amzn-requestid" || k == "x-amz-request-id")
        .map(|(_, v)| v.clone());
    let body = response.bytes().await.map_err(transport_failure)?;
    Ok(RawResponse { status: http_status.as_u16(), http_status, headers, body, request_id })
}

fn transport_failure(e: reqwest::Error) -> Failure {
    if e.is_timeout() {
        Failure::Dispatch(ConnectorError::timeout(Box::new(e)))
    } else if e.is_connect() || e.is_request() || e.is_body() {
        Failure::Dispatch(ConnectorError::io(Box::new(e)))
    } else {
        Failure::Dispatch(ConnectorError::other(Box::new(e), Some(ErrorKind::TransientError)))
    }
}

fn retryable(result: &Result<RawResponse, Failure>) -> bool {
    match result {
        Ok(response) if response.status < 400 => false,
        Ok(response) if matches!(response.status, 500 | 502 | 503 | 504) => true,
        Ok(response) => std::str::from_utf8(&response.body)
            .ok()
            .and_then(|body| super::query::ErrorEnvelope::parse(body).ok())
            .and_then(|envelope| envelope.code)
            .is_some_and(|code| RETRYABLE_CODES.contains(&code.as_str())),
        Err(Failure::Construction(_)) => false,
        Err(Failure::Timeout(_)) | Err(Failure::Dispatch(_)) => true,
    }
}

