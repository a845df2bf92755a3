//! Client configuration: what `aws_config` loads, or what a builder sets.

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep};
use aws_smithy_async::time::{SharedTimeSource, TimeSource};
use aws_smithy_runtime_api::client::auth::AuthSchemePreference;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::endpoint::SharedEndpointResolver;
use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, SharedHttpClient, SharedHttpConnector};
use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::app_name::AppName;
use aws_types::region::Region;
use aws_types::sdk_config::SdkConfig;
use std::fmt;
use std::sync::Arc;

/// What the generator knows about the service, used by the request pipeline.
pub(crate) struct ServiceMeta {
    /// `aws.api#service` sdkId.
    pub sdk_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The wire protocol every operation of the service uses.
    pub protocol: &'static dyn super::protocol::Protocol,
    /// Headers every request carries, by a customization of the service.
    pub headers: &'static [(&'static str, &'static str)],
    /// SigV4 encodes the path a second time in the canonical request; S3 (whose endpoints
    /// also say `disableDoubleEncoding`) encodes it once.
    pub double_encodes_path: bool,
    /// SigV4 normalizes the request's path (`/a/../b` as `/b`); S3 signs it as sent.
    pub normalizes_path: bool,
    /// SigV4 signs with the payload's hash in `x-amz-content-sha256` (S3 requires it).
    pub signs_payload_hash: bool,
    /// A successful response whose body is an `<Error>` document is that error (S3's
    /// CopyObject, CompleteMultipartUpload, … can fail after answering 200).
    pub errors_in_ok_bodies: bool,
    /// Error codes retried beside the standard ones (S3's `InternalError`).
    pub retryable_codes: &'static [&'static str],
    /// SigV4a signing (`rt::sigv4a`), in crates whose endpoints may ask for it.
    pub sigv4a: Option<super::client::SigV4aParams>,
    /// Session credentials an endpoint's auth scheme asks for (S3 Express).
    pub session_auth: Option<&'static super::client::SessionAuth>,
    /// The service id under which an `SdkConfig`'s service settings may hold a bearer
    /// token (`AWS_BEARER_TOKEN_BEDROCK`), which the client then prefers (a customization
    /// of Bedrock's services, as in aws-sdk-*).
    pub bearer_token_env: Option<&'static str>,
    /// A second request id the service answers with, beside the request id: its header,
    /// and its key in error metadata (S3's `x-amz-id-2`).
    pub extended_request_id: Option<(&'static str, &'static str)>,
    /// Reads the `initial-response` message of an event stream into the response's body:
    /// for RPC protocols, whose outputs' other members come in it (`rt/event_stream.rs`,
    /// only in crates with event streams).
    pub initial_response: Option<super::operation::InitialResponse>,
}

/// Configuration of a service client.
///
/// Build one with [`Config::builder`], or take what `aws_config` loaded with [`Config::new`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<Region>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials_provider: Option<SharedCredentialsProvider>,
    /// Bearer tokens, for services with `smithy.api#httpBearerAuth` (whose config has
    /// `token_provider`).
    pub(crate) token_provider: Option<aws_credential_types::provider::token::SharedTokenProvider>,
    pub(crate) retry_config: Option<RetryConfig>,
    pub(crate) timeout_config: Option<TimeoutConfig>,
    pub(crate) behavior_version: Option<BehaviorVersion>,
    pub(crate) http_connector: Option<SharedHttpConnector>,
    /// Makes the connector requests go through (aws-sdk-*'s `http_client`); the built-in
    /// HTTPS client when neither this nor `http_connector` is set.
    pub(crate) http_client: Option<SharedHttpClient>,
    /// Waits between attempts and bounds timeouts (tokio's timer when unset).
    pub(crate) sleep_impl: Option<SharedAsyncSleep>,
    /// The clock requests are signed by and credentials expire by (the system's when unset).
    pub(crate) time_source: Option<SharedTimeSource>,
    /// Added to the user agent (`app/{name}`).
    pub(crate) app_name: Option<AppName>,
    /// How stalled request and response bodies are caught (both, after 20 s, when unset).
    pub(crate) stalled_stream_protection: Option<StalledStreamProtectionConfig>,
    /// Whether requests are dated by our clock alone rather than corrected by the service's.
    pub(crate) disable_clock_skew_correction: Option<bool>,
    /// The regions SigV4a signatures are for, instead of those the endpoint names (set
    /// through the config of crates whose endpoints may ask for SigV4a).
    pub(crate) sigv4a_signing_region_set: Option<aws_types::region::SigningRegionSet>,
    pub(crate) disable_request_compression: Option<bool>,
    pub(crate) request_min_compression_size_bytes: Option<u32>,
    pub(crate) idempotency_token_provider: Option<IdempotencyTokenProvider>,
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    /// A resolver that replaces the service's endpoint rules.
    pub(crate) endpoint_resolver: Option<SharedEndpointResolver>,
    /// Endpoint parameters the config sets (`@clientContextParams`), by parameter name.
    pub(crate) endpoint_settings: Vec<(&'static str, super::endpoint::Value<'static>)>,
    /// Whether endpoints may include the caller's account id (`AWS::Auth::AccountIdEndpointMode`).
    pub(crate) account_id_endpoint_mode: Option<aws_types::endpoint_config::AccountIdEndpointMode>,
    /// Which requests of `@httpChecksum` operations carry checksums (all, unless set).
    pub(crate) request_checksum_calculation: Option<aws_smithy_types::checksum_config::RequestChecksumCalculation>,
    /// Which responses of `@httpChecksum` operations have their checksums checked (all that
    /// carry one, unless set).
    pub(crate) response_checksum_validation: Option<aws_smithy_types::checksum_config::ResponseChecksumValidation>,
    /// The auth schemes tried first, in this order, among those an operation or its
    /// endpoint allows.
    pub(crate) auth_scheme_preference: Option<AuthSchemePreference>,
}

/// How long a connection may take to open unless the config says otherwise (aws-sdk-*'s).
const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(3100);

/// Makes the tokens of `@idempotencyToken` members a caller leaves unset: random
/// (version 4) UUIDs unless the configuration names another provider.
#[derive(Clone)]
pub struct IdempotencyTokenProvider(Arc<dyn Fn() -> String + Send + Sync>);

impl IdempotencyTokenProvider {
    /// Random (version 4) UUIDs, as the AWS SDKs make them.
    #[cfg_attr(debug_assertions, inline)]
    pub fn random() -> Self {
        Self(Arc::new(random_uuid))
    }

    /// Always `token` (for tests that compare requests).
    #[cfg_attr(debug_assertions, inline)]
    pub fn fixed(token: impl Into<String>) -> Self {
        let token = token.into();
        Self(Arc::new(move || token.clone()))
    }

    /// Tokens from `make`.
    #[cfg_attr(debug_assertions, inline)]
    pub fn new(make: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(make))
    }

    /// A token.
    #[cfg_attr(debug_assertions, inline)]
    pub fn make_idempotency_token(&self) -> String {
        (self.0)()
    }
}

impl Default for IdempotencyTokenProvider {
    #[cfg_attr(debug_assertions, inline)]
    fn default() -> Self {
        Self::random()
    }
}

impl From<&'static str> for IdempotencyTokenProvider {
    #[cfg_attr(debug_assertions, inline)]
    fn from(token: &'static str) -> Self {
        Self::fixed(token)
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdempotencyTokenProvider")
    }
}

/// A random (version 4) UUID.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        *b = fastrand::u8(..);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

impl Config {
    /// This configuration with what `over` sets in place of its own settings.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn merged(&self, over: &Config) -> Config {
        Config {
            region: over.region.clone().or_else(|| self.region.clone()),
            endpoint_url: over.endpoint_url.clone().or_else(|| self.endpoint_url.clone()),
            credentials_provider: over.credentials_provider.clone().or_else(|| self.credentials_provider.clone()),
            token_provider: over.token_provider.clone().or_else(|| self.token_provider.clone()),
            retry_config: over.retry_config.clone().or_else(|| self.retry_config.clone()),
            timeout_config: over.timeout_config.clone().or_else(|| self.timeout_config.clone()),
            behavior_version: over.behavior_version.or(self.behavior_version),
            http_connector: over.http_connector.clone().or_else(|| self.http_connector.clone()),
            http_client: over.http_client.clone().or_else(|| self.http_client.clone()),
            sleep_impl: over.sleep_impl.clone().or_else(|| self.sleep_impl.clone()),
            time_source: over.time_source.clone().or_else(|| self.time_source.clone()),
            app_name: over.app_name.clone().or_else(|| self.app_name.clone()),
            stalled_stream_protection: over.stalled_stream_protection.clone().or_else(|| self.stalled_stream_protection.clone()),
            disable_clock_skew_correction: over.disable_clock_skew_correction.or(self.disable_clock_skew_correction),
            sigv4a_signing_region_set: over.sigv4a_signing_region_set.clone().or_else(|| self.sigv4a_signing_region_set.clone()),
            disable_request_compression: over.disable_request_compression.or(self.disable_request_compression),
            request_min_compression_size_bytes: over.request_min_compression_size_bytes.or(self.request_min_compression_size_bytes),
            idempotency_token_provider: over.idempotency_token_provider.clone().or_else(|| self.idempotency_token_provider.clone()),
            account_id_endpoint_mode: over.account_id_endpoint_mode.clone().or_else(|| self.account_id_endpoint_mode.clone()),
            use_fips: over.use_fips.or(self.use_fips),
            use_dual_stack: over.use_dual_stack.or(self.use_dual_stack),
            endpoint_resolver: over.endpoint_resolver.clone().or_else(|| self.endpoint_resolver.clone()),
            request_checksum_calculation: over.request_checksum_calculation.or(self.request_checksum_calculation),
            response_checksum_validation: over.response_checksum_validation.or(self.response_checksum_validation),
            auth_scheme_preference: over.auth_scheme_preference.clone().or_else(|| self.auth_scheme_preference.clone()),
            endpoint_settings: {
                let mut settings = self.endpoint_settings.clone();
                for (name, value) in &over.endpoint_settings {
                    settings.retain(|(n, _)| n != name);
                    settings.push((name, value.clone()));
                }
                settings
            },
        }
    }

    /// The endpoint parameter `name` as the config sets it (`@clientContextParams`).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn endpoint_setting(&self, name: &str) -> Option<&super::endpoint::Value<'static>> {
        self.endpoint_settings.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A builder with nothing set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A builder holding this configuration, to change some of it.
    #[cfg_attr(debug_assertions, inline)]
    pub fn to_builder(&self) -> Builder {
        Builder { inner: self.clone() }
    }

    /// The configuration `aws_config` loaded: region, endpoint, credentials, retry and timeouts.
    #[cfg_attr(debug_assertions, inline)]
    pub fn new(config: &SdkConfig) -> Self {
        Builder::from(config).build()
    }

    /// The region requests are sent to and signed for.
    #[cfg_attr(debug_assertions, inline)]
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The endpoint that replaces the service's default one.
    #[cfg_attr(debug_assertions, inline)]
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Where credentials to sign requests come from.
    #[cfg_attr(debug_assertions, inline)]
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.credentials_provider.clone()
    }

    /// Returns the configured auth scheme preference.
    #[cfg_attr(debug_assertions, inline)]
    pub fn auth_scheme_preference(&self) -> Option<&AuthSchemePreference> {
        self.auth_scheme_preference.as_ref()
    }

    /// Where the auth scheme `id` stands in the preference: a stable sort by it puts the
    /// preferred schemes first, in the preference's order, and leaves the others in theirs.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn auth_rank(&self, id: &str) -> usize {
        let Some(preference) = &self.auth_scheme_preference else { return usize::MAX };
        preference.clone().into_iter().position(|preferred| preferred.inner() == id).unwrap_or(usize::MAX)
    }

    /// How failed attempts are retried.
    #[cfg_attr(debug_assertions, inline)]
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        self.retry_config.as_ref()
    }

    /// How long connections, attempts and operations may take.
    #[cfg_attr(debug_assertions, inline)]
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        self.timeout_config.as_ref()
    }

    /// The behavior version the client was configured with.
    #[cfg_attr(debug_assertions, inline)]
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }

    /// The connector that carries requests instead of the built-in HTTPS client.
    #[cfg_attr(debug_assertions, inline)]
    pub fn http_connector(&self) -> Option<SharedHttpConnector> {
        self.http_connector.clone()
    }

    /// The HTTP client that makes the connectors requests go through, if one is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.http_client.clone()
    }

    /// What waits between attempts and bounds timeouts, if one is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn sleep_impl(&self) -> Option<SharedAsyncSleep> {
        self.sleep_impl.clone()
    }

    /// The clock requests are signed by, if one is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn time_source(&self) -> Option<SharedTimeSource> {
        self.time_source.clone()
    }

    /// The application name added to the user agent, if one is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }

    /// How stalled request and response bodies are caught, if that is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn stalled_stream_protection(&self) -> Option<&StalledStreamProtectionConfig> {
        self.stalled_stream_protection.as_ref()
    }

    /// The service's SigV4 signing name, which its endpoints may replace.
    #[cfg_attr(debug_assertions, inline)]
    pub fn signing_name(&self) -> &'static str {
        crate::config::SERVICE.signing_name
    }

    /// Whether clock skew correction is disabled, if that is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn disable_clock_skew_correction(&self) -> Option<bool> {
        self.disable_clock_skew_correction
    }

    /// The timeouts that apply, as aws-sdk-* resolves them: those set, with a 3.1-second
    /// connect timeout where none is set, for the behavior versions that have it (2026-01-12
    /// on, the latest when none is set); a timeout config with nothing set disables them all.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn timeouts(&self) -> TimeoutConfig {
        #[allow(deprecated)]
        let connect_by_default = self.behavior_version.is_none_or(|version| version.is_at_least(BehaviorVersion::v2026_01_12()));
        let default = match connect_by_default {
            true => TimeoutConfig::builder().connect_timeout(DEFAULT_CONNECT_TIMEOUT).build(),
            false => TimeoutConfig::disabled(),
        };
        match &self.timeout_config {
            None => default,
            Some(set) if !set.has_timeouts() => TimeoutConfig::disabled(),
            Some(set) => {
                let mut timeouts = set.clone();
                timeouts.take_defaults_from(&default);
                timeouts
            }
        }
    }

    /// Stalled-stream protection as it applies: as set, else on for uploads and downloads
    /// with a 20-second grace period, as aws-sdk-* has it.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn stall_protection(&self) -> StalledStreamProtectionConfig {
        self.stalled_stream_protection.clone().unwrap_or_else(|| StalledStreamProtectionConfig::enabled().build())
    }

    /// The current time by the configured clock.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn now(&self) -> std::time::SystemTime {
        match &self.time_source {
            Some(clock) => clock.now(),
            None => std::time::SystemTime::now(),
        }
    }

    /// What waits: the configured sleep, else tokio's timer (with the `rt-tokio` feature).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn sleeper(&self) -> Option<SharedAsyncSleep> {
        self.sleep_impl.clone().or_else(aws_smithy_async::rt::sleep::default_async_sleep)
    }

    /// What fills `@idempotencyToken` members left unset.
    #[cfg_attr(debug_assertions, inline)]
    pub fn idempotency_token_provider(&self) -> IdempotencyTokenProvider {
        self.idempotency_token_provider.clone().unwrap_or_default()
    }

    /// Whether operations that allow request compression send their bodies uncompressed.
    #[cfg_attr(debug_assertions, inline)]
    pub fn disable_request_compression(&self) -> Option<bool> {
        self.disable_request_compression
    }

    /// The smallest body, in bytes, that is compressed (10,240 when unset).
    #[cfg_attr(debug_assertions, inline)]
    pub fn request_min_compression_size_bytes(&self) -> Option<u32> {
        self.request_min_compression_size_bytes
    }

    /// Whether requests go to FIPS-compliant endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn use_fips(&self) -> Option<bool> {
        self.use_fips
    }

    /// Whether requests go to dual-stack (IPv4 and IPv6) endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.use_dual_stack
    }

    /// The resolver that replaces the service's endpoint rules, if one is set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn endpoint_resolver(&self) -> Option<SharedEndpointResolver> {
        self.endpoint_resolver.clone()
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct Builder {
    pub(crate) inner: Config,
}

impl Default for Builder {
    #[cfg_attr(debug_assertions, inline)]
    fn default() -> Self {
        Self {
            inner: Config {
                region: None,
                endpoint_url: None,
                credentials_provider: None,
                token_provider: None,
                retry_config: None,
                timeout_config: None,
                behavior_version: None,
                http_connector: None,
                http_client: None,
                sleep_impl: None,
                time_source: None,
                app_name: None,
                stalled_stream_protection: None,
                disable_clock_skew_correction: None,
                sigv4a_signing_region_set: None,
                disable_request_compression: None,
                request_min_compression_size_bytes: None,
                idempotency_token_provider: None,
                use_fips: None,
                use_dual_stack: None,
                endpoint_resolver: None,
                endpoint_settings: Vec::new(),
                account_id_endpoint_mode: None,
                request_checksum_calculation: None,
                response_checksum_validation: None,
                auth_scheme_preference: None,
            },
        }
    }
}

impl From<Config> for Builder {
    #[cfg_attr(debug_assertions, inline)]
    fn from(config: Config) -> Self {
        Self { inner: config }
    }
}

impl From<&SdkConfig> for Builder {
    #[cfg_attr(debug_assertions, inline)]
    fn from(config: &SdkConfig) -> Self {
        let mut builder = Self {
            inner: Config {
                region: config.region().cloned(),
                endpoint_url: endpoint_url_of(config),
                credentials_provider: config.credentials_provider(),
                token_provider: config.token_provider(),
                retry_config: config.retry_config().cloned(),
                timeout_config: config.timeout_config().cloned(),
                behavior_version: config.behavior_version(),
                http_connector: None,
                http_client: config.http_client(),
                sleep_impl: config.sleep_impl(),
                time_source: config.time_source(),
                app_name: config.app_name().cloned(),
                stalled_stream_protection: config.stalled_stream_protection(),
                disable_clock_skew_correction: config.disable_clock_skew_correction(),
                sigv4a_signing_region_set: config.sigv4a_signing_region_set().cloned(),
                disable_request_compression: config.disable_request_compression(),
                request_min_compression_size_bytes: config.request_min_compression_size_bytes(),
                idempotency_token_provider: None,
                use_fips: config.use_fips(),
                use_dual_stack: config.use_dual_stack(),
                endpoint_resolver: None,
                endpoint_settings: Vec::new(),
                account_id_endpoint_mode: config.account_id_endpoint_mode().cloned(),
                request_checksum_calculation: config.request_checksum_calculation(),
                response_checksum_validation: config.response_checksum_validation(),
                auth_scheme_preference: config.auth_scheme_preference().cloned(),
            },
        };
        if let Some(service_id) = crate::config::SERVICE.bearer_token_env {
            builder.take_environment_bearer_token(config, service_id);
        }
        builder
    }
}

/// A setting of this service's that aws-config loaded from the environment or the profile.
#[cfg_attr(debug_assertions, inline)]
fn service_setting(config: &SdkConfig, service_id: &str, env: &str, profile: &str) -> Option<String> {
    let key = aws_types::service_config::ServiceConfigKey::builder().service_id(service_id).env(env).profile(profile).build().ok()?;
    config.service_config()?.load_config(key)
}

impl Builder {
    /// A bearer token from the environment (`AWS_BEARER_TOKEN_BEDROCK`, else
    /// `AWS_BEARER_TOKEN`), as aws-sdk-* crates of Bedrock's services take it: the client
    /// then authenticates with it first, unless the `SdkConfig` set a token provider or an
    /// auth scheme preference in code.
    #[cfg_attr(debug_assertions, inline)]
    fn take_environment_bearer_token(&mut self, config: &SdkConfig, service_id: &str) {
        let Some(token) = service_setting(config, service_id, "AWS_BEARER_TOKEN", "") else { return };
        if !config.get_origin("auth_scheme_preference").is_client_config() {
            let bearer = aws_smithy_runtime_api::client::auth::AuthSchemeId::new("httpBearerAuth");
            self.inner.auth_scheme_preference = Some([bearer].into());
        }
        if !config.get_origin("token_provider").is_client_config() {
            let token = aws_credential_types::Token::new(token, None);
            self.inner.token_provider = Some(aws_credential_types::provider::token::SharedTokenProvider::new(token));
        }
    }
}

/// The endpoint URL an `SdkConfig` gives this service, as aws-sdk-* takes it: the one set
/// in code, else this service's (`AWS_ENDPOINT_URL_DYNAMODB`, or `endpoint_url` in the
/// profile's `services` section, as aws-config loads them), else the global one.
#[cfg_attr(debug_assertions, inline)]
fn endpoint_url_of(config: &SdkConfig) -> Option<String> {
    let global = config.endpoint_url().map(str::to_owned);
    if config.get_origin("endpoint_url").is_client_config() {
        return global;
    }
    service_setting(config, crate::config::SERVICE.sdk_id, "AWS_ENDPOINT_URL", "endpoint_url").or(global)
}

impl Builder {
    /// A builder with nothing set.
    #[cfg_attr(debug_assertions, inline)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the region requests are sent to and signed for.
    #[cfg_attr(debug_assertions, inline)]
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.inner.region = region.into();
        self
    }

    /// Sets or clears the region.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.inner.region = region;
        self
    }

    /// Sends requests to this URL instead of the service's default endpoint.
    #[cfg_attr(debug_assertions, inline)]
    pub fn endpoint_url(mut self, endpoint_url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(endpoint_url.into());
        self
    }

    /// Sets or clears the endpoint URL.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_endpoint_url(&mut self, endpoint_url: Option<String>) -> &mut Self {
        self.inner.endpoint_url = endpoint_url;
        self
    }

    /// Sets where credentials to sign requests come from.
    #[cfg_attr(debug_assertions, inline)]
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.inner.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_credentials_provider(&mut self, provider: Option<SharedCredentialsProvider>) -> &mut Self {
        self.inner.credentials_provider = provider;
        self
    }

    /// Sets how failed attempts are retried.
    #[cfg_attr(debug_assertions, inline)]
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.inner.retry_config = Some(retry_config);
        self
    }

    /// Sets or clears the retry configuration.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.inner.retry_config = retry_config;
        self
    }

    /// Sets how long connections, attempts and operations may take.
    #[cfg_attr(debug_assertions, inline)]
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.inner.timeout_config = Some(timeout_config);
        self
    }

    /// Sets or clears the timeout configuration.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.inner.timeout_config = timeout_config;
        self
    }

    /// Sets the behavior version.
    #[cfg_attr(debug_assertions, inline)]
    pub fn behavior_version(mut self, behavior_version: BehaviorVersion) -> Self {
        self.inner.behavior_version = Some(behavior_version);
        self
    }

    /// Sets or clears the behavior version.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_behavior_version(&mut self, behavior_version: Option<BehaviorVersion>) -> &mut Self {
        self.inner.behavior_version = behavior_version;
        self
    }

    /// Sets the behavior version to the latest one (this client's behavior is that of the
    /// latest version whatever is set).
    #[cfg_attr(debug_assertions, inline)]
    pub fn behavior_version_latest(mut self) -> Self {
        self.inner.behavior_version = Some(BehaviorVersion::latest());
        self
    }

    /// Sends requests through connectors `http_client` makes (aws-smithy-http-client's with
    /// other TLS settings or a proxy, a test double such as its `StaticReplayClient`, …)
    /// instead of the built-in HTTPS client, as aws-sdk-* does. `Config::new` takes the one
    /// an `SdkConfig` has. Timeouts and retries still apply.
    #[cfg_attr(debug_assertions, inline)]
    pub fn http_client(mut self, http_client: impl HttpClient + 'static) -> Self {
        self.inner.http_client = Some(SharedHttpClient::new(http_client));
        self
    }

    /// Sets or clears the HTTP client.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_http_client(&mut self, http_client: Option<SharedHttpClient>) -> &mut Self {
        self.inner.http_client = http_client;
        self
    }

    /// Sets what waits between attempts and bounds attempt and operation timeouts (tokio's
    /// timer by default).
    #[cfg_attr(debug_assertions, inline)]
    pub fn sleep_impl(mut self, sleep_impl: impl AsyncSleep + 'static) -> Self {
        self.inner.sleep_impl = Some(SharedAsyncSleep::new(sleep_impl));
        self
    }

    /// Sets or clears the sleep implementation.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_sleep_impl(&mut self, sleep_impl: Option<SharedAsyncSleep>) -> &mut Self {
        self.inner.sleep_impl = sleep_impl;
        self
    }

    /// Sets the clock requests are signed by and credentials and sessions expire by (the
    /// system's by default; a fixed one makes signatures reproducible in tests).
    #[cfg_attr(debug_assertions, inline)]
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.inner.time_source = Some(SharedTimeSource::new(time_source));
        self
    }

    /// Sets or clears the time source.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_time_source(&mut self, time_source: Option<SharedTimeSource>) -> &mut Self {
        self.inner.time_source = time_source;
        self
    }

    /// Sets how stalled transfers are caught: a request body the HTTP client stops taking, or
    /// a response body that stops arriving while it is read, fails the call after the grace
    /// period (on for both, 20 s, by default; `StalledStreamProtectionConfig::disabled()`
    /// turns it off). Event streams are left alone.
    #[cfg_attr(debug_assertions, inline)]
    pub fn stalled_stream_protection(mut self, config: StalledStreamProtectionConfig) -> Self {
        self.inner.stalled_stream_protection = Some(config);
        self
    }

    /// Sets or clears the stalled-stream protection settings.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_stalled_stream_protection(&mut self, config: Option<StalledStreamProtectionConfig>) -> &mut Self {
        self.inner.stalled_stream_protection = config;
        self
    }

    /// Dates requests by our clock alone (`true`) rather than corrected by the service's, as
    /// the `Date` of its last response gave it (the default, as in aws-sdk-*, which also
    /// retries an error blaming the request's time once the service's clock is known).
    #[cfg_attr(debug_assertions, inline)]
    pub fn disable_clock_skew_correction(mut self, disable: impl Into<Option<bool>>) -> Self {
        self.inner.disable_clock_skew_correction = disable.into();
        self
    }

    /// Sets or clears whether clock skew correction is disabled.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_disable_clock_skew_correction(&mut self, disable: Option<bool>) -> &mut Self {
        self.inner.disable_clock_skew_correction = disable;
        self
    }

    /// Names the application in the user agent of its requests (`app/{name}`).
    #[cfg_attr(debug_assertions, inline)]
    pub fn app_name(mut self, app_name: AppName) -> Self {
        self.inner.app_name = Some(app_name);
        self
    }

    /// Sets or clears the application name.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_app_name(&mut self, app_name: Option<AppName>) -> &mut Self {
        self.inner.app_name = app_name;
        self
    }

    /// Sends requests through `connector` (a test double, a proxy, another HTTP stack)
    /// instead of the built-in HTTPS client. Timeouts and retries still apply.
    #[cfg_attr(debug_assertions, inline)]
    pub fn http_connector(mut self, connector: impl HttpConnector + 'static) -> Self {
        self.inner.http_connector = Some(SharedHttpConnector::new(connector));
        self
    }

    /// Sets or clears the connector requests go through.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_http_connector(&mut self, connector: Option<SharedHttpConnector>) -> &mut Self {
        self.inner.http_connector = connector;
        self
    }

    /// Sends request bodies uncompressed even where the operation allows compression.
    #[cfg_attr(debug_assertions, inline)]
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.inner.disable_request_compression = Some(disable);
        self
    }

    /// Sets or clears whether request compression is disabled.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_disable_request_compression(&mut self, disable: Option<bool>) -> &mut Self {
        self.inner.disable_request_compression = disable;
        self
    }

    /// Compresses only bodies of at least `bytes` bytes (10,240 by default).
    #[cfg_attr(debug_assertions, inline)]
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.inner.request_min_compression_size_bytes = Some(bytes);
        self
    }

    /// Sets or clears the smallest body that is compressed.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_request_min_compression_size_bytes(&mut self, bytes: Option<u32>) -> &mut Self {
        self.inner.request_min_compression_size_bytes = bytes;
        self
    }

    /// Sets what fills `@idempotencyToken` members left unset (random UUIDs by default).
    #[cfg_attr(debug_assertions, inline)]
    pub fn idempotency_token_provider(mut self, provider: impl Into<IdempotencyTokenProvider>) -> Self {
        self.inner.idempotency_token_provider = Some(provider.into());
        self
    }

    /// Sets or clears the idempotency token provider.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_idempotency_token_provider(&mut self, provider: Option<IdempotencyTokenProvider>) -> &mut Self {
        self.inner.idempotency_token_provider = provider;
        self
    }

    /// Sends requests to FIPS-compliant endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn use_fips(mut self, use_fips: impl Into<bool>) -> Self {
        self.inner.use_fips = Some(use_fips.into());
        self
    }

    /// Sets or clears whether requests go to FIPS-compliant endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.inner.use_fips = use_fips;
        self
    }

    /// Sends requests to dual-stack (IPv4 and IPv6) endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn use_dual_stack(mut self, use_dual_stack: impl Into<bool>) -> Self {
        self.inner.use_dual_stack = Some(use_dual_stack.into());
        self
    }

    /// Sets or clears whether requests go to dual-stack endpoints.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.inner.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the auth schemes to try first, in this order (`sigv4`, `sigv4a`,
    /// `httpBearerAuth`, …), among those each operation allows, as aws-sdk-* does: a hint,
    /// not an override; schemes an operation does not allow are ignored. For example
    /// `.auth_scheme_preference([AuthSchemeId::from("httpBearerAuth"), AuthSchemeId::from("sigv4")])`
    /// (`aws_smithy_runtime_api::client::auth::AuthSchemeId`).
    #[cfg_attr(debug_assertions, inline)]
    pub fn auth_scheme_preference(mut self, preference: impl Into<AuthSchemePreference>) -> Self {
        self.set_auth_scheme_preference(Some(preference.into()));
        self
    }

    /// Sets or clears the auth scheme preference.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_auth_scheme_preference(&mut self, preference: Option<AuthSchemePreference>) -> &mut Self {
        self.inner.auth_scheme_preference = preference;
        self
    }

    /// Sets or clears the resolver that replaces the service's endpoint rules.
    #[cfg_attr(debug_assertions, inline)]
    pub fn set_endpoint_resolver(&mut self, resolver: Option<SharedEndpointResolver>) -> &mut Self {
        self.inner.endpoint_resolver = resolver;
        self
    }

    /// Sets or clears whether endpoints may include the caller's account id (services whose
    /// endpoint rules use it; `Preferred` when unset).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn set_account_id_endpoint_mode_inner(&mut self, mode: Option<aws_types::endpoint_config::AccountIdEndpointMode>) {
        self.inner.account_id_endpoint_mode = mode;
    }

    /// Sets (or with `Value::None` clears) an endpoint parameter for every request.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn set_endpoint_setting(&mut self, name: &'static str, value: super::endpoint::Value<'static>) {
        self.inner.endpoint_settings.retain(|(n, _)| *n != name);
        if value != super::endpoint::Value::None {
            self.inner.endpoint_settings.push((name, value));
        }
    }

    /// Builds the configuration.
    #[cfg_attr(debug_assertions, inline)]
    pub fn build(self) -> Config {
        self.inner
    }
}

