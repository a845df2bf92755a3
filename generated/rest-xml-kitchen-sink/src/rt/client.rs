//! The request pipeline shared by every operation: endpoint, credentials, SigV4 signing,
//! sending, timeouts and retries. It is not generic, so it is compiled once per crate.

use super::config::Config;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_async::future::timeout::Timeout;
use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{HttpConnector, SharedHttpConnector};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::Message as EventMessage;
use aws_smithy_types::retry::RetryConfig;
use aws_types::sdk_config::SdkConfig;
use std::borrow::Cow;
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
    #[cfg_attr(debug_assertions, inline)]
    pub fn new(sdk_config: &SdkConfig) -> Self {
        Self::from_conf(Config::new(sdk_config))
    }

    /// A client with the given configuration.
    #[cfg_attr(debug_assertions, inline)]
    pub fn from_conf(conf: Config) -> Self {
        let connector = connector_of(&conf);
        Self {
            handle: Arc::new(Handle {
                user_agent: user_agent(conf.app_name.as_ref()),
                conf,
                connector,
                quota: Arc::new(RetryQuota::new()),
                mutations: Mutations::default(),
                sessions: Arc::default(),
                clock_skew: Arc::default(),
            }),
        }
    }

    /// The client's configuration.
    #[cfg_attr(debug_assertions, inline)]
    pub fn config(&self) -> &Config {
        &self.handle.conf
    }
}

/// The connector requests go through: the configured one; else one the configured HTTP
/// client makes for the configured timeouts; else the HTTPS client aws-config brings
/// (hyper with rustls on aws-lc), so that a program using both builds one HTTP stack.
#[cfg_attr(debug_assertions, inline)]
fn connector_of(conf: &Config) -> SharedHttpConnector {
    use aws_smithy_runtime_api::client::http::HttpClient;
    if let Some(connector) = &conf.http_connector {
        return connector.clone();
    }
    let timeouts = conf.timeouts();
    let mut settings = aws_smithy_runtime_api::client::http::HttpConnectorSettings::builder();
    settings.set_connect_timeout(timeouts.connect_timeout());
    settings.set_read_timeout(timeouts.read_timeout());
    let settings = settings.build();
    if let Some(client) = &conf.http_client {
        return match http_client_components(conf) {
            Ok(components) => client.http_connector(&settings, &components),
            Err(e) => SharedHttpConnector::new(Unusable(format!("the configured HTTP client cannot be used: {e}"))),
        };
    }
    default_connector(conf, settings)
}

#[cfg(feature = "default-https-client")]
#[cfg_attr(debug_assertions, inline)]
fn default_connector(conf: &Config, settings: aws_smithy_runtime_api::client::http::HttpConnectorSettings) -> SharedHttpConnector {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let sleep = conf.sleeper();
    // Its connect and read timeouts wait through a sleep, which it cannot do without.
    if sleep.is_none() && (settings.connect_timeout().is_some() || settings.read_timeout().is_some()) {
        return SharedHttpConnector::new(Unusable(NO_SLEEP.to_owned()));
    }
    let mut connector = aws_smithy_http_client::Connector::builder().connector_settings(settings);
    connector.set_sleep_impl(sleep);
    SharedHttpConnector::new(connector.tls_provider(Provider::Rustls(CryptoMode::AwsLc)).build())
}

#[cfg(not(feature = "default-https-client"))]
#[cfg_attr(debug_assertions, inline)]
fn default_connector(_: &Config, _: aws_smithy_runtime_api::client::http::HttpConnectorSettings) -> SharedHttpConnector {
    SharedHttpConnector::new(Unusable(
        "no HTTP client: this crate was built without its `default-https-client` feature; \
         set one with `http_client(…)` on the config (or on the `SdkConfig`)"
            .to_owned(),
    ))
}

/// `HttpClient::http_connector` takes the runtime components of aws-smithy-runtime's
/// orchestrator, which this client does not have: an HTTP client reads the sleep and the
/// time source from them, which these are; the orchestrator's parts they must also hold
/// are `Unusable` stand-ins that an HTTP client has no reason to call.
#[cfg_attr(debug_assertions, inline)]
fn http_client_components(
    conf: &Config,
) -> Result<
    aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
    aws_smithy_runtime_api::client::runtime_components::BuildError,
> {
    let unusable = || Unusable("not part of this client".to_owned());
    aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder::new("generated client")
        .with_sleep_impl(conf.sleeper())
        .with_time_source(conf.time_source.clone())
        .with_auth_scheme_option_resolver(Some(unusable()))
        .with_endpoint_resolver(Some(unusable()))
        .with_auth_scheme(unusable())
        .with_identity_cache(Some(unusable()))
        .with_identity_resolver(UNUSABLE_SCHEME, unusable())
        .with_retry_strategy(Some(unusable()))
        .build()
}

const UNUSABLE_SCHEME: aws_smithy_runtime_api::client::auth::AuthSchemeId =
    aws_smithy_runtime_api::client::auth::AuthSchemeId::new("unusable");

/// A stand-in that fails whatever it is asked: for the runtime components an HTTP client is
/// given (`http_client_components`), and as the connector of an HTTP client that could not
/// be given them.
#[derive(Debug)]
struct Unusable(String);

impl Unusable {
    #[cfg_attr(debug_assertions, inline)]
    fn error(&self) -> BoxError {
        self.0.clone().into()
    }
}

impl HttpConnector for Unusable {
    #[cfg_attr(debug_assertions, inline)]
    fn call(&self, _: HttpRequest) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        aws_smithy_runtime_api::client::http::HttpConnectorFuture::ready(Err(ConnectorError::other(self.error(), None)))
    }
}

mod unusable {
    use super::Unusable;
    use aws_smithy_runtime_api::box_error::BoxError;
    use aws_smithy_runtime_api::client::auth::{AuthScheme, AuthSchemeEndpointConfig, AuthSchemeId, ResolveAuthSchemeOptions, Sign};
    use aws_smithy_runtime_api::client::endpoint::{EndpointFuture, EndpointResolverParams, ResolveEndpoint};
    use aws_smithy_runtime_api::client::identity::{
        Identity, IdentityFuture, ResolveCachedIdentity, ResolveIdentity, SharedIdentityResolver,
    };
    use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
    use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
    use aws_smithy_runtime_api::client::retries::{RetryStrategy, ShouldAttempt};
    use aws_smithy_runtime_api::client::runtime_components::{GetIdentityResolver, RuntimeComponents};
    use aws_smithy_types::config_bag::ConfigBag;

    impl ResolveAuthSchemeOptions for Unusable {}

    impl ResolveEndpoint for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn resolve_endpoint<'a>(&'a self, _: &'a EndpointResolverParams) -> EndpointFuture<'a> {
            EndpointFuture::ready(Err(self.error()))
        }
    }

    impl AuthScheme for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn scheme_id(&self) -> AuthSchemeId {
            super::UNUSABLE_SCHEME
        }
        #[cfg_attr(debug_assertions, inline)]
        fn identity_resolver(&self, _: &dyn GetIdentityResolver) -> Option<SharedIdentityResolver> {
            None
        }
        #[cfg_attr(debug_assertions, inline)]
        fn signer(&self) -> &dyn Sign {
            self
        }
    }

    impl Sign for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn sign_http_request(
            &self,
            _: &mut HttpRequest,
            _: &Identity,
            _: AuthSchemeEndpointConfig<'_>,
            _: &RuntimeComponents,
            _: &ConfigBag,
        ) -> Result<(), BoxError> {
            Err(self.error())
        }
    }

    impl ResolveCachedIdentity for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn resolve_cached_identity<'a>(
            &'a self,
            _: SharedIdentityResolver,
            _: &'a RuntimeComponents,
            _: &'a ConfigBag,
        ) -> IdentityFuture<'a> {
            IdentityFuture::ready(Err(self.error()))
        }
    }

    impl ResolveIdentity for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn resolve_identity<'a>(&'a self, _: &'a RuntimeComponents, _: &'a ConfigBag) -> IdentityFuture<'a> {
            IdentityFuture::ready(Err(self.error()))
        }
    }

    impl RetryStrategy for Unusable {
        #[cfg_attr(debug_assertions, inline)]
        fn should_attempt_initial_request(&self, _: &RuntimeComponents, _: &ConfigBag) -> Result<ShouldAttempt, BoxError> {
            Err(self.error())
        }
        #[cfg_attr(debug_assertions, inline)]
        fn should_attempt_retry(&self, _: &InterceptorContext, _: &RuntimeComponents, _: &ConfigBag) -> Result<ShouldAttempt, BoxError> {
            Err(self.error())
        }
    }
}

/// The client an operation's builder sends with: set when a `Client` method made the
/// builder, unset when it came from `{Input}::builder()` (then `send_with` names the client);
/// and the configuration this one call overrides (`config_override`).
#[derive(Clone, Default)]
pub(crate) struct Bound {
    handle: Option<Arc<Handle>>,
    config_override: Option<Box<Config>>,
    /// `customize().mutate_request(…)`: changes to the HTTP request before it is signed.
    mutations: Mutations,
}

/// A request's headers: the protocol's (named statically), those the input binds and
/// those `mutate_request` sets.
pub(crate) type Headers = Vec<(Cow<'static, str>, String)>;

/// Changes a call makes to its HTTP request before it is signed (`mutate_request`).
pub(crate) type RequestMutation = Arc<dyn Fn(&mut HttpRequest) + Send + Sync>;

#[derive(Clone, Default)]
struct Mutations(Vec<RequestMutation>);

impl fmt::Debug for Mutations {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} request mutation(s)", self.0.len())
    }
}

impl Bound {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(handle: Arc<Handle>) -> Self {
        Self { handle: Some(handle), config_override: None, mutations: Mutations::default() }
    }

    /// Adds a change to make to this call's HTTP request before it is signed.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn mutate_request(&mut self, mutation: RequestMutation) {
        self.mutations.0.push(mutation);
    }

    /// Overrides `config`'s settings for this call, over those of any earlier override.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn config_override(&mut self, config: Config) {
        self.config_override = Some(Box::new(match self.config_override.take() {
            Some(earlier) => earlier.merged(&config),
            None => config,
        }));
    }

    /// The client's handle, with this call's configuration override applied.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn handle(&self, operation: &str) -> Result<Arc<Handle>, aws_smithy_types::error::operation::BuildError> {
        let handle = self.handle.as_ref().ok_or_else(|| {
            aws_smithy_types::error::operation::BuildError::other(format!(
                "this {operation} builder was not made by a client: send it with `send_with(&client)`"
            ))
        })?;
        Ok(self.with_override(handle))
    }

    /// `handle` with this call's configuration override and request mutations applied.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn with_override(&self, handle: &Arc<Handle>) -> Arc<Handle> {
        if self.config_override.is_none() && self.mutations.0.is_empty() {
            return handle.clone();
        }
        let mut handle = match &self.config_override {
            Some(config) => handle.overridden(config),
            None => Handle::clone(handle),
        };
        handle.mutations = self.mutations.clone();
        Arc::new(handle)
    }
}

// Builders compare and print by the input they hold, whichever client they are bound to.
impl PartialEq for Bound {
    #[cfg_attr(debug_assertions, inline)]
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Bound {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.handle.is_some() { "Bound" } else { "Unbound" })
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Handle {
    pub(crate) conf: Config,
    /// Carries requests: the configured connector, or the built-in HTTPS client.
    connector: SharedHttpConnector,
    /// Shared by every call of the client, whatever it overrides.
    quota: Arc<RetryQuota>,
    /// What requests say in `user-agent` and `x-amz-user-agent`.
    user_agent: String,
    /// The changes this call makes to its requests before they are signed.
    mutations: Mutations,
    /// Session credentials by scope (`SessionAuth`), shared by every call of the client.
    sessions: Arc<SessionCache>,
    /// How far the service's clock is from ours, as its last response said.
    clock_skew: Arc<ClockSkew>,
}

impl Handle {
    /// This client for one call whose configuration `config` overrides: the same retry
    /// quota; the same connector unless the override names one (or an HTTP client) or changes
    /// what a connector is made with (timeouts, sleep, clock).
    #[cfg_attr(debug_assertions, inline)]
    fn overridden(&self, config: &Config) -> Handle {
        let conf = self.conf.merged(config);
        let new_connector = config.http_connector.is_some()
            || config.http_client.is_some()
            || config.timeout_config.is_some()
            || config.sleep_impl.is_some()
            || config.time_source.is_some();
        let connector = if new_connector { connector_of(&conf) } else { self.connector.clone() };
        let user_agent = match &config.app_name {
            Some(name) => user_agent(Some(name)),
            None => self.user_agent.clone(),
        };
        Handle {
            conf,
            connector,
            quota: self.quota.clone(),
            user_agent,
            mutations: self.mutations.clone(),
            sessions: self.sessions.clone(),
            clock_skew: self.clock_skew.clone(),
        }
    }

    /// The session credentials `auth` gives for `scope` to the holder of `credentials`:
    /// cached until shortly before they expire, or obtained from the service.
    #[cfg_attr(debug_assertions, inline)]
    async fn session(&self, create: CreateSession, scope: &str, credentials: &Credentials) -> Result<Credentials, Failure> {
        let key = (scope.to_owned(), credentials.access_key_id().to_owned(), credentials.secret_access_key().to_owned());
        if let Some(session) = self.sessions.get(&key, self.conf.now()) {
            return Ok(session);
        }
        // The session is asked for as a call of this client, without this call's request changes.
        let handle = Arc::new(Handle { mutations: Mutations::default(), ..self.clone() });
        let session = create(handle, scope.to_owned()).await?;
        self.sessions.put(key, session.clone());
        Ok(session)
    }
}

impl Handle {
    /// What signs under `scheme`: the identity (the provider's credentials, or a session's
    /// that `create_session` obtains), the algorithm, the region or region set, and where a
    /// session token goes.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) async fn signing_identity<'s>(
        &'s self,
        provider: &SharedCredentialsProvider,
        scheme: &'s Scheme,
        signing_region: Option<&'s str>,
        create_session: Option<CreateSession>,
    ) -> Result<(Identity, Algorithm, &'s str, Option<&'static str>), Failure> {
        let credentials = provider.provide_credentials().await.map_err(|e| construction(format!("failed to load credentials: {e}")))?;
        let region = || {
            signing_region
                .ok_or_else(|| construction("no region is configured to sign for: set one on the config builder or with AWS_REGION"))
        };
        Ok(match scheme {
            Scheme::SigV4 => (Identity::from(credentials), Algorithm::V4, region()?, None),
            Scheme::SigV4a { region_set } => {
                let params = crate::config::SERVICE.sigv4a.ok_or_else(|| construction("SigV4a is not available"))?;
                // The configured region set stands before the endpoint's, as in aws-sdk-*.
                let region_set = self.conf.sigv4a_signing_region_set.as_ref().map_or(region_set.as_str(), |set| set.as_ref());
                (Identity::from(credentials), Algorithm::V4a(params), region_set, None)
            }
            Scheme::Session { auth, scope } => {
                let create = create_session.ok_or_else(|| {
                    construction(format!("the endpoint asks for {} credentials, which this call cannot obtain", auth.scheme))
                })?;
                let session = self.session(create, scope, &credentials).await?;
                (Identity::from(session), Algorithm::V4, region()?, Some(auth.token_header))
            }
        })
    }
}

/// Session credentials (`SessionAuth`) by scope and the identity that obtained them, at
/// most `CAPACITY` of them, the oldest dropped first.
#[derive(Debug, Default)]
struct SessionCache(std::sync::Mutex<Vec<(SessionKey, Credentials)>>);

/// A scope, and the access key and secret of the identity the session belongs to.
type SessionKey = (String, String, String);

impl SessionCache {
    const CAPACITY: usize = 100;
    /// Sessions expiring sooner than this are obtained again (as aws-sdk-s3 does).
    const BUFFER: std::time::Duration = std::time::Duration::from_secs(10);

    #[cfg_attr(debug_assertions, inline)]
    fn get(&self, key: &SessionKey, now: SystemTime) -> Option<Credentials> {
        let entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let fresh = |c: &Credentials| c.expiry().is_none_or(|expiry| expiry > now + Self::BUFFER);
        entries.iter().find(|(k, c)| k == key && fresh(c)).map(|(_, c)| c.clone())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn put(&self, key: SessionKey, credentials: Credentials) {
        let mut entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.retain(|(k, _)| *k != key);
        if entries.len() >= Self::CAPACITY {
            entries.remove(0);
        }
        entries.push((key, credentials));
    }
}

/// SigV4a's signing parameters for an identity, a region set and a signing name: from
/// `rt::sigv4a`, which only crates whose endpoints may ask for SigV4a carry (it needs
/// aws-sigv4's `sigv4a` feature).
pub(crate) type SigV4aParams =
    for<'a> fn(&'a Identity, &'a str, &'a str, SigningSettings, SystemTime) -> Result<aws_sigv4::http_request::SigningParams<'a>, String>;

/// An endpoint auth scheme that signs with SigV4 and session credentials the service
/// itself gives for a scope (S3 Express: `CreateSession` for a directory bucket). Sessions
/// are cached per scope and identity until shortly before they expire.
pub(crate) struct SessionAuth {
    /// The auth scheme's name in endpoints (`sigv4-s3express`).
    pub scheme: &'static str,
    /// The endpoint parameter whose value is the scope (`Bucket`).
    pub scope_param: &'static str,
    /// The header the session token goes in, instead of `x-amz-security-token`.
    pub token_header: &'static str,
}

/// Obtains session credentials for a scope, as a call of the client. It comes with each
/// request (`Request::create_session`, from the generated `config::CREATE_SESSION`), not
/// in the `SERVICE` static: a function a static points to is compiled with the crate, and
/// this one would compile a whole call pipeline there that only programs sending calls need.
pub(crate) type CreateSession = fn(Arc<Handle>, String) -> SessionFuture;

/// Session credentials being obtained.
pub(crate) type SessionFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Credentials, Failure>> + Send>>;

/// Names the SDK, the service's API and this crate's version, the OS and the language, in
/// the AWS SDKs' form (`aws-sdk-rust/… api/dynamodb/1.2.0 os/linux lang/rust`), so that
/// services can tell the clients calling them apart.
#[cfg_attr(debug_assertions, inline)]
fn user_agent(app_name: Option<&aws_types::app_name::AppName>) -> String {
    let api = crate::config::SERVICE.sdk_id.to_ascii_lowercase().replace(' ', "");
    let mut agent = format!(
        "aws-sdk-rust/{version} ua/2.1 api/{api}/{version} os/{os} lang/rust sdkgen/smithy-rust",
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS
    );
    if let Some(name) = app_name {
        agent.push_str(" app/");
        agent.push_str(name.as_ref());
    }
    agent
}

/// The adaptive retry mode's client-side rate limiter (`RetryMode::Adaptive`), shared, as
/// aws-sdk-* shares it by retry partition, by every client of the service in the process.
/// It does nothing until a throttling error; from then on each attempt takes tokens (one to
/// send, five to retry, ten to retry after throttling) from a bucket whose fill rate follows
/// the send rate the service allows: cut to 70% of the measured rate on each throttling
/// error, grown back along a cubic curve after it (the AWS SDKs' adaptive retry algorithm).
pub(crate) struct RateLimiter(std::sync::Mutex<Limiter>);

#[derive(Debug)]
struct Limiter {
    /// Tokens per second.
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    /// Set by the first throttling error.
    enabled: bool,
    /// Attempts per second, smoothed, measured in half-second buckets.
    measured_rate: f64,
    rate_bucket: f64,
    requests_in_bucket: u64,
    /// The rate when the service last throttled, and when (seconds since the epoch).
    last_max_rate: f64,
    last_throttle: f64,
}

impl RateLimiter {
    const SEND_COST: f64 = 1.0;
    const RETRY_COST: f64 = 5.0;
    const THROTTLED_RETRY_COST: f64 = 10.0;

    /// The limiter of this service's clients, made at `now` (seconds since the epoch by the
    /// configured clock) by the first call that needs it.
    #[cfg_attr(debug_assertions, inline)]
    fn of_service(now: f64) -> &'static RateLimiter {
        static LIMITER: std::sync::OnceLock<RateLimiter> = std::sync::OnceLock::new();
        LIMITER.get_or_init(|| RateLimiter(std::sync::Mutex::new(Limiter::new(now))))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn lock(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes `cost` tokens at `now`, or says how long to wait for them.
    #[cfg_attr(debug_assertions, inline)]
    fn acquire(&self, now: f64, cost: f64) -> Option<std::time::Duration> {
        self.lock().acquire(now, cost)
    }

    /// Records an attempt's outcome at `now`.
    #[cfg_attr(debug_assertions, inline)]
    fn update(&self, now: f64, throttled: bool) {
        self.lock().update(now, throttled)
    }
}

impl Limiter {
    const MIN_FILL_RATE: f64 = 0.5;
    const MIN_CAPACITY: f64 = 1.0;
    const SMOOTH: f64 = 0.8;
    const BETA: f64 = 0.7;
    const SCALE: f64 = 0.4;

    #[cfg_attr(debug_assertions, inline)]
    fn new(now: f64) -> Self {
        Limiter {
            fill_rate: 0.0,
            max_capacity: f64::MAX,
            capacity: 0.0,
            last_refill: None,
            enabled: false,
            measured_rate: Self::MIN_FILL_RATE,
            rate_bucket: now.floor(),
            requests_in_bucket: 0,
            last_max_rate: 0.0,
            last_throttle: now,
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn acquire(&mut self, now: f64, cost: f64) -> Option<std::time::Duration> {
        if !self.enabled {
            return None;
        }
        self.refill(now);
        if cost <= self.capacity {
            self.capacity -= cost;
            return None;
        }
        let wait = std::time::Duration::try_from_secs_f64((cost - self.capacity) / self.fill_rate).unwrap_or(std::time::Duration::MAX);
        if wait.is_zero() {
            self.capacity = (self.capacity - cost).max(0.0);
            return None;
        }
        Some(wait)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            self.capacity = (self.capacity + (now - last) * self.fill_rate).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    #[cfg_attr(debug_assertions, inline)]
    fn update(&mut self, now: f64, throttled: bool) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.requests_in_bucket += 1;
        if bucket > self.rate_bucket {
            let rate = self.requests_in_bucket as f64 / (bucket - self.rate_bucket);
            self.measured_rate = rate * Self::SMOOTH + self.measured_rate * (1.0 - Self::SMOOTH);
            self.requests_in_bucket = 0;
            self.rate_bucket = bucket;
        }
        let rate = if throttled {
            let base = if self.enabled { self.measured_rate.min(self.fill_rate) } else { self.measured_rate };
            self.last_max_rate = base;
            self.last_throttle = now;
            self.enabled = true;
            base * Self::BETA
        } else {
            self.cubic_success(now)
        };
        let rate = rate.min(2.0 * self.measured_rate);
        self.refill(now);
        self.fill_rate = rate.max(Self::MIN_FILL_RATE);
        self.max_capacity = rate.max(Self::MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// The rate the cubic curve gives `now`: back to the last throttled rate after the time
    /// window, above it after that.
    #[cfg_attr(debug_assertions, inline)]
    fn cubic_success(&self, now: f64) -> f64 {
        let window = (self.last_max_rate * (1.0 - Self::BETA) / Self::SCALE).cbrt();
        let dt = now - self.last_throttle - window;
        Self::SCALE * dt.powi(3) + self.last_max_rate
    }
}

/// The standard retry mode's token bucket, shared by every call of a client: each retry
/// spends tokens (more after a timeout) and is not made when they run out; successes earn
/// them back. A struggling service then sees fewer retries rather than a storm.
#[derive(Debug)]
struct RetryQuota {
    tokens: std::sync::Mutex<u32>,
}

impl RetryQuota {
    const CAPACITY: u32 = 500;
    const RETRY_COST: u32 = 5;
    const TIMEOUT_RETRY_COST: u32 = 10;
    /// What a success on the first attempt earns.
    const SUCCESS_REWARD: u32 = 1;

    #[cfg_attr(debug_assertions, inline)]
    fn new() -> Self {
        Self { tokens: std::sync::Mutex::new(Self::CAPACITY) }
    }

    /// Takes `cost` tokens if there are that many.
    #[cfg_attr(debug_assertions, inline)]
    fn acquire(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    #[cfg_attr(debug_assertions, inline)]
    fn release(&self, amount: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *tokens = (*tokens + amount).min(Self::CAPACITY);
    }
}

/// What an operation asks of the pipeline: its serialized input and how to send it.
pub(crate) struct Request {
    pub operation: &'static str,
    pub method: &'static str,
    /// The path and query, appended to the endpoint's path.
    pub uri: String,
    pub body: Vec<u8>,
    /// The input's stream, sent as the body instead of `body` (which is then empty).
    pub stream: Option<aws_smithy_types::byte_stream::ByteStream>,
    /// The input's event stream, sent as the body instead of `body` (which is then empty).
    pub events: Option<EventSource>,
    /// `@requiresLength`: the stream is sent only when its length is known.
    pub requires_length: bool,
    /// The output takes the body of a successful response as a stream, unread.
    pub keep_stream: bool,
    /// That stream is an event stream, whose silences stalled-stream protection leaves alone.
    pub events_out: bool,
    /// The headers the protocol sets (content type, target) and those the input binds.
    pub headers: Headers,
    /// The content type of the stream, unless `headers` name one.
    pub default_content_type: Option<&'static str>,
    /// `@endpoint`'s host prefix with its labels filled in, put before the endpoint's host.
    pub host_prefix: Option<String>,
    /// `@requestCompression`: how to gzip the body.
    pub compress: Option<Compressor>,
    /// `@httpChecksumRequired`: how to compute the body's `Content-MD5`.
    pub content_md5: Option<fn(&[u8]) -> String>,
    /// Headers computed from the body (a customization), each unless the input set it.
    pub body_digests: Option<super::builder::BodyDigests>,
    /// `@httpChecksum`: the flexible checksums of the request and the response.
    pub checksum: Option<&'static super::operation::HttpChecksum>,
    /// The URL this request goes to instead of the service's endpoint.
    pub endpoint: Option<String>,
    /// The auth schemes the request may be sent with, in order of preference: the first
    /// the config has an identity for is used (none: sent anonymously).
    pub auth: &'static [AuthScheme],
    /// The endpoint parameters the operation sets, by index.
    pub endpoint_context: Vec<(usize, super::endpoint::Value<'static>)>,
    /// Obtains the session credentials an endpoint's auth scheme may ask for (`SessionAuth`).
    pub create_session: Option<CreateSession>,
}

/// An input's event stream, made the request body once the request is signed: each of its
/// messages is signed over the signature before it, the first over the request's (`None`:
/// the request is not signed, nor are the messages).
#[doc(hidden)]
pub struct EventSource {
    body: std::sync::Mutex<Box<EventBodyFn>>,
    /// RPC protocols: the `initial-request` message, sent (and signed) before the events.
    pub(crate) initial: Option<EventMessage>,
}

/// Makes the body of events from the signing of the request and the `initial-request`.
type EventBodyFn = dyn FnOnce(Option<EventSigning>, Option<EventMessage>) -> SdkBody + Send;

impl EventSource {
    /// In a mutex only to make requests `Sync` (the pipeline's futures hold them across
    /// awaits); it is taken whole, never locked while shared.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(body: impl FnOnce(Option<EventSigning>, Option<EventMessage>) -> SdkBody + Send + 'static) -> Self {
        Self { body: std::sync::Mutex::new(Box::new(body)), initial: None }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn into_body(self, signing: Option<EventSigning>) -> SdkBody {
        let body = self.body.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        body(signing, self.initial)
    }
}

/// What signing an event stream's messages takes: the request's credentials, scope and
/// signature.
#[doc(hidden)]
pub struct EventSigning {
    pub(crate) credentials: Credentials,
    pub(crate) region: String,
    pub(crate) service: String,
    /// The request's signature (hex), which the first message's signature covers.
    pub(crate) seed: String,
    /// The configured clock messages are signed by (the system's when unset).
    pub(crate) clock: Option<aws_smithy_async::time::SharedTimeSource>,
}

/// Where a request goes and how it is signed, as its endpoint says.
pub(crate) struct Resolved {
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) signing_name: String,
    pub(crate) signing_region: Option<String>,
    /// The scheme's `disableDoubleEncoding` (S3): the path is encoded once in the
    /// canonical request.
    pub(crate) single_encoding: bool,
    pub(crate) scheme: Scheme,
}

/// How a request is signed: the first of its endpoint's auth schemes the client supports.
pub(crate) enum Scheme {
    SigV4,
    /// SigV4a, valid in the regions of the set (`*`: any).
    SigV4a {
        region_set: String,
    },
    /// SigV4 with session credentials for a scope.
    Session {
        auth: &'static SessionAuth,
        scope: String,
    },
}

/// An auth scheme an operation may be called with (`@auth`, or the service's schemes).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// SigV4 with the config's credentials (or what the endpoint's auth schemes make of it).
    SigV4,
    /// `Authorization: Bearer` with the config's token (`smithy.api#httpBearerAuth`).
    Bearer,
}

impl AuthScheme {
    /// The scheme's id, as `auth_scheme_preference` names it.
    #[cfg_attr(debug_assertions, inline)]
    fn id(self) -> &'static str {
        match self {
            AuthScheme::SigV4 => "sigv4",
            AuthScheme::Bearer => "httpBearerAuth",
        }
    }
}

/// How a request is authenticated: the first of its auth schemes (those the config's
/// `auth_scheme_preference` names first) the config has an identity provider for, as
/// aws-sdk-* chooses.
#[derive(Clone, Copy)]
enum Auth<'c> {
    Anonymous,
    SigV4(&'c SharedCredentialsProvider),
    Bearer(&'c aws_credential_types::provider::token::SharedTokenProvider),
}

impl<'c> Auth<'c> {
    #[cfg_attr(debug_assertions, inline)]
    fn choose(schemes: &[AuthScheme], conf: &'c Config) -> Result<Auth<'c>, Failure> {
        let mut ordered = schemes.to_vec();
        if conf.auth_scheme_preference.is_some() {
            ordered.sort_by_key(|scheme| conf.auth_rank(scheme.id()));
        }
        for scheme in &ordered {
            match (scheme, &conf.credentials_provider, &conf.token_provider) {
                (AuthScheme::SigV4, Some(provider), _) => return Ok(Auth::SigV4(provider)),
                (AuthScheme::Bearer, _, Some(provider)) => return Ok(Auth::Bearer(provider)),
                _ => {}
            }
        }
        match schemes {
            [] => Ok(Auth::Anonymous),
            [AuthScheme::SigV4] => {
                Err(construction("no credentials provider is configured: set one on the config builder or load the config with aws_config"))
            }
            [AuthScheme::Bearer] => Err(construction(
                "no token provider is configured (the operation authenticates with a bearer token): set one on the config builder (`token_provider`) or load the config with aws_config",
            )),
            _ => Err(construction(
                "neither a credentials provider (SigV4) nor a token provider (bearer token) is configured: set one on the config builder or load the config with aws_config",
            )),
        }
    }
}

pub(crate) use super::builder::Compress as Compressor;

/// A response as it came off the wire.
pub(crate) struct RawResponse {
    status: aws_smithy_runtime_api::http::StatusCode,
    headers: Vec<(String, String)>,
    /// The body, read whole; empty when it is kept unread in `stream`.
    pub body: bytes::Bytes,
    /// The unread body of a successful response whose output streams it. Boxed: most
    /// responses have none, and a smaller response moves without a call to `memcpy` (an
    /// event stream makes one per message).
    pub stream: Option<Box<SdkBody>>,
    pub request_id: Option<String>,
    /// Why the body does not match the checksum the response carries, if it does not.
    pub checksum_mismatch: Option<String>,
}

impl RawResponse {
    #[cfg_attr(debug_assertions, inline)]
    fn new(status: aws_smithy_runtime_api::http::StatusCode, headers: Vec<(String, String)>, body: bytes::Bytes) -> Self {
        let request_id = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid") || k.eq_ignore_ascii_case("x-amz-request-id"))
            .map(|(_, v)| v.clone());
        Self { status, headers, body, stream: None, request_id, checksum_mismatch: None }
    }

    /// Whether this successful response is an error all the same: an `<Error>` document
    /// where the service answers errors that way (S3).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn is_error_document(&self) -> bool {
        if !crate::config::SERVICE.errors_in_ok_bodies || self.stream.is_some() {
            return false;
        }
        let mut rest = self.body.trim_ascii_start();
        // After the XML declaration, if there is one.
        if rest.starts_with(b"<?") {
            rest = rest.windows(2).position(|w| w == b"?>").map_or(&[][..], |end| rest[end + 2..].trim_ascii_start());
        }
        rest.strip_prefix(b"<Error").is_some_and(|after| matches!(after.first(), Some(b'>' | b' ' | b'/' | b'\t' | b'\r' | b'\n')))
    }

    /// A 200 response holding `body` and no headers (what benchmarks decode): a body
    /// already in memory, as the pipeline holds one once it has been received.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn ok(body: &'static [u8]) -> Self {
        Self::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(200).unwrap_or_else(|_| unreachable!()),
            Vec::new(),
            bytes::Bytes::from_static(body),
        )
    }

    /// An event stream's message as a response: a 200 with the message's payload as the
    /// body, for the protocol to read an event or a modeled error from; its headers are added
    /// with `add_event_header`.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn of_message(payload: bytes::Bytes) -> Self {
        let mut response =
            Self::new(aws_smithy_runtime_api::http::StatusCode::try_from(200).unwrap_or_else(|_| unreachable!()), Vec::new(), payload);
        response.request_id = None;
        response
    }

    /// A header of an event stream message, written as HTTP headers carry its type (blobs
    /// in base64, timestamps as HTTP dates), for `@eventHeader` members to be read from.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn add_event_header(&mut self, name: &str, value: &aws_smithy_types::event_stream::HeaderValue) {
        use aws_smithy_types::event_stream::HeaderValue;
        let value = match value {
            HeaderValue::Bool(b) => b.to_string(),
            HeaderValue::Byte(n) => n.to_string(),
            HeaderValue::Int16(n) => n.to_string(),
            HeaderValue::Int32(n) => n.to_string(),
            HeaderValue::Int64(n) => n.to_string(),
            HeaderValue::ByteArray(b) => aws_smithy_types::base64::encode(b),
            HeaderValue::String(s) => s.as_str().to_owned(),
            HeaderValue::Timestamp(t) => t.fmt(aws_smithy_types::date_time::Format::HttpDate).unwrap_or_default(),
            HeaderValue::Uuid(u) => format!("{u:032x}"),
            _ => String::new(),
        };
        self.headers.push((name.to_ascii_lowercase(), value));
    }

    /// The first value of the header `name` (any case).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header, as names and values.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The HTTP status code.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response with an empty body: for errors about a `@sensitive` value it holds.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn into_http_without_body(mut self) -> HttpResponse {
        self.body = bytes::Bytes::new();
        self.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-length"));
        self.into_http()
    }

    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn into_http(self) -> HttpResponse {
        let body = self.stream.map_or_else(|| SdkBody::from(self.body), |stream| *stream);
        let mut response = HttpResponse::new(self.status, body);
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
    #[cfg_attr(debug_assertions, inline)]
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
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Message {}

#[cfg_attr(debug_assertions, inline)]
pub(crate) fn construction(message: impl Into<String>) -> Failure {
    Failure::Construction(Box::new(Message(message.into())))
}

/// Error codes the AWS SDKs retry as throttling (which the adaptive mode also slows for).
const THROTTLING_CODES: &[&str] = &[
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
];

/// Error codes the AWS SDKs retry as transient faults.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// Whether `response` is an error whose code (or fault kind) `known` accepts.
#[cfg_attr(debug_assertions, inline)]
fn has_error_code(response: &RawResponse, known: impl Fn(&str) -> bool) -> bool {
    if response.status() < 400 && !response.is_error_document() {
        return false;
    }
    let Ok(envelope) = crate::config::SERVICE.protocol.error_envelope(response) else { return false };
    [envelope.code, envelope.kind].iter().flatten().any(|code| known(code))
}

/// Whether `result` is a throttling error (for the adaptive mode's rate limiter).
#[cfg_attr(debug_assertions, inline)]
fn is_throttling(result: &Result<RawResponse, Failure>) -> bool {
    matches!(result, Ok(response) if has_error_code(response, |code| THROTTLING_CODES.contains(&code)))
}

/// `20240101T000000Z`: a time as SigV4 and `amz-sdk-request` write it.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn compact_date_time(seconds: i64) -> String {
    let stamp = aws_smithy_types::DateTime::from_secs(seconds).fmt(aws_smithy_types::date_time::Format::DateTime).unwrap_or_default();
    stamp.chars().filter(|c| *c != '-' && *c != ':').collect()
}

/// `amz-sdk-request`, as aws-sdk-* sends it: `attempt=1; max=3`, and from the second
/// attempt on, when a read timeout is set, `ttl=` the time it expires (`20240101T000000Z`).
#[cfg_attr(debug_assertions, inline)]
fn request_info(attempt: u32, max_attempts: u32, read_timeout: Option<std::time::Duration>, now: SystemTime) -> String {
    let ttl = read_timeout.filter(|_| attempt > 1).and_then(|timeout| now.checked_add(timeout)).map(|ttl| {
        let seconds = ttl.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        format!("ttl={}; ", compact_date_time(seconds))
    });
    format!("{}attempt={attempt}; max={max_attempts}", ttl.unwrap_or_default())
}

/// In a Lambda function, the X-Ray trace id of its invocation (`_X_AMZN_TRACE_ID`), for
/// `x-amzn-trace-id` unless the request has one, as aws-sdk-* sends it so that a call back
/// into the function can be told from a new one: control and non-ASCII bytes
/// percent-encoded.
#[cfg_attr(debug_assertions, inline)]
fn lambda_trace_id(headers: &Headers) -> Option<String> {
    if headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("x-amzn-trace-id")) {
        return None;
    }
    std::env::var_os("AWS_LAMBDA_FUNCTION_NAME")?;
    let trace_id = std::env::var_os("_X_AMZN_TRACE_ID")?;
    Some(percent_encode_controls(trace_id.as_encoded_bytes()))
}

#[cfg_attr(debug_assertions, inline)]
fn percent_encode_controls(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The service's clock less ours, in milliseconds, as its last response's `Date` said; a
/// client's calls sign with our clock corrected by it, and an error that says the
/// signature's time was wrong, from a service whose clock is minutes from ours, is retried
/// with the corrected time: as aws-sdk-* does, so that a machine whose clock is off still
/// gets through.
#[derive(Debug, Default)]
struct ClockSkew(std::sync::atomic::AtomicI64);

impl ClockSkew {
    /// A skew this large makes the errors below worth retrying.
    const RETRY_THRESHOLD_MS: u64 = 4 * 60 * 1000;
    /// A response slower than this says too little about the service's clock.
    const MAX_TRUSTED_DURATION: std::time::Duration = std::time::Duration::from_secs(15 * 60);
    const ERROR_CODES: &[&str] =
        &["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestTimeTooSkewed", "AccessDeniedException"];

    #[cfg_attr(debug_assertions, inline)]
    fn get(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn set(&self, skew: i64) {
        self.0.store(skew, std::sync::atomic::Ordering::Relaxed)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn apply(skew: i64, time: SystemTime) -> SystemTime {
        let by = std::time::Duration::from_millis(skew.unsigned_abs());
        if skew >= 0 { time.checked_add(by) } else { time.checked_sub(by) }.unwrap_or(time)
    }

    /// The skew `response` shows: its `Date` less the midpoint of the exchange, unless it
    /// came from a cache (`Age`), has no date, or took too long to tell.
    #[cfg_attr(debug_assertions, inline)]
    fn measure(response: &RawResponse, sent: SystemTime, received: SystemTime) -> Option<i64> {
        if response.header("age").is_some() {
            return None;
        }
        let date = aws_smithy_types::DateTime::from_str(response.header("date")?, aws_smithy_types::date_time::Format::HttpDate).ok()?;
        let server = SystemTime::try_from(date).ok()?;
        let elapsed = received.duration_since(sent).unwrap_or_default();
        if elapsed > Self::MAX_TRUSTED_DURATION {
            return None;
        }
        let midpoint = sent + elapsed / 2;
        Some(match server.duration_since(midpoint) {
            Ok(ahead) => ahead.as_millis() as i64,
            Err(behind) => -(behind.duration().as_millis() as i64),
        })
    }

    /// The retry cost of an error that blames the request's time, when the response that
    /// carried it showed a large skew.
    #[cfg_attr(debug_assertions, inline)]
    fn retry_cost(result: &Result<RawResponse, Failure>, measured: Option<i64>) -> Option<u32> {
        let (Ok(response), Some(skew)) = (result, measured) else { return None };
        let blames_time =
            skew.unsigned_abs() > Self::RETRY_THRESHOLD_MS && has_error_code(response, |code| Self::ERROR_CODES.contains(&code));
        blames_time.then_some(RetryQuota::RETRY_COST)
    }
}

/// Why a call that would wait for a backoff or a timeout cannot.
pub(crate) const NO_SLEEP: &str = "retries, timeouts and stalled-stream protection need a sleep implementation: set one with \
     `sleep_impl(…)` on the config, build the crate with its `rt-tokio` feature (on by default), or disable them \
     (`RetryConfig::disabled()`, no timeouts, `StalledStreamProtectionConfig::disabled()`)";

/// The sleep of a call that never waits (no retries, no timeouts) when none is configured.
#[derive(Debug)]
struct NeverWaits;

impl AsyncSleep for NeverWaits {
    #[cfg_attr(debug_assertions, inline)]
    fn sleep(&self, _: std::time::Duration) -> aws_smithy_async::rt::sleep::Sleep {
        aws_smithy_async::rt::sleep::Sleep::new(std::future::pending())
    }
}

impl Handle {
    /// Sends a request body, signed, retrying what the standard retry mode retries.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) async fn send(&self, request: Request) -> Result<RawResponse, Failure> {
        let timeouts = self.conf.timeouts();
        let operation_timeout = timeouts.operation_timeout();
        // Backoffs and timeouts wait through the configured sleep, else tokio's timer (the
        // `rt-tokio` feature); without either, a call that would wait fails, as in aws-sdk-*.
        let sleep = self.conf.sleeper();
        let retries = self.conf.retry_config.as_ref().is_none_or(|retry| retry.max_attempts() > 1);
        let waits = retries
            || operation_timeout.is_some()
            || timeouts.operation_attempt_timeout().is_some()
            || self.conf.stall_protection().is_enabled();
        let sleep = match sleep {
            Some(sleep) => sleep,
            None if waits => return Err(construction(NO_SLEEP)),
            None => SharedAsyncSleep::new(NeverWaits),
        };
        match operation_timeout {
            Some(limit) => match Timeout::new(self.send_with_retries(request, &sleep), sleep.sleep(limit)).await {
                Ok(result) => result,
                Err(_) => Err(Failure::Timeout(Box::new(Message(format!(
                    "the operation did not complete within the operation timeout of {limit:?}"
                ))))),
            },
            None => self.send_with_retries(request, &sleep).await,
        }
    }

    /// The endpoint of a request: the URL an input member names (a service customization),
    /// or what the endpoint resolver (the service's rules, or the configured resolver)
    /// makes of the endpoint parameters; then the operation's host prefix.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) async fn resolve_endpoint(&self, request: &Request) -> Result<Resolved, Failure> {
        use super::endpoint::Value;
        // Rules that use the caller's account id need the credentials before the endpoint.
        let uses_account_id = crate::config::endpoint::PARAMS.iter().any(|p| p.built_in == Some("AWS::Auth::AccountId"));
        let signs_v4 = request.auth.contains(&AuthScheme::SigV4);
        let account_id = match (uses_account_id && signs_v4 && request.endpoint.is_none(), self.conf.credentials_provider.as_ref()) {
            (true, Some(provider)) => provider
                .provide_credentials()
                .await
                .map_err(|e| construction(format!("failed to load credentials: {e}")))?
                .account_id()
                .map(|id| id.as_str().to_owned()),
            _ => None,
        };
        let service = &crate::config::SERVICE;
        let mut resolved = Resolved {
            url: String::new(),
            headers: Vec::new(),
            signing_name: service.signing_name.to_owned(),
            signing_region: self.conf.region.as_ref().map(|r| r.as_ref().to_owned()),
            single_encoding: false,
            scheme: Scheme::SigV4,
        };
        let url = match &request.endpoint {
            Some(url) => url.clone(),
            None => {
                let conf = &self.conf;
                let values = crate::config::endpoint::PARAMS
                    .iter()
                    .enumerate()
                    .map(|(i, spec)| {
                        if let Some((_, value)) = request.endpoint_context.iter().rev().find(|(p, v)| *p == i && *v != Value::None) {
                            return value.clone();
                        }
                        if let Some(value) = conf.endpoint_setting(spec.name) {
                            return value.clone();
                        }
                        match spec.built_in {
                            Some("AWS::Region") => conf.region.as_ref().map(|r| r.as_ref().to_owned()).into(),
                            Some("AWS::UseFIPS") => conf.use_fips.into(),
                            Some("AWS::UseDualStack") => conf.use_dual_stack.into(),
                            Some("SDK::Endpoint") => conf.endpoint_url.clone().into(),
                            Some("AWS::Auth::AccountId") => account_id.clone().into(),
                            Some("AWS::Auth::AccountIdEndpointMode") => {
                                Some(conf.account_id_endpoint_mode.clone().unwrap_or_default().to_string()).into()
                            }
                            _ => Value::None,
                        }
                    })
                    .collect::<Vec<_>>();
                // The value that scopes session credentials, if the endpoint asks for them.
                let session_scope = service.session_auth.and_then(|auth| {
                    let index = crate::config::endpoint::PARAMS.iter().position(|p| p.name == auth.scope_param)?;
                    values[index].as_str().map(str::to_owned)
                });
                let params = crate::config::endpoint::ParamsBuilder::from_values(values)
                    .build()
                    .map_err(|e| construction(format!("invalid endpoint parameters: {e}")))?;
                let endpoint = match &conf.endpoint_resolver {
                    Some(resolver) => {
                        use aws_smithy_runtime_api::client::endpoint::ResolveEndpoint;
                        let params = aws_smithy_runtime_api::client::endpoint::EndpointResolverParams::new(params);
                        resolver.resolve_endpoint(&params).await
                    }
                    None => super::endpoint::resolve_cached(&crate::config::endpoint::RULES, &params).await,
                }
                .map_err(Failure::Construction)?;
                for (name, values) in endpoint.headers() {
                    resolved.headers.extend(values.map(|v| (name.to_owned(), v.to_owned())));
                }
                signing_from_auth_schemes(&endpoint, session_scope, conf, &mut resolved)?;
                endpoint.url().to_owned()
            }
        };
        resolved.url = Self::with_host_prefix(&url, request.host_prefix.as_deref())?;
        join_path(&mut resolved.url, &request.uri);
        Ok(resolved)
    }

    /// `endpoint` checked, with the operation's host prefix before its host; operations are
    /// POSTed to the endpoint's path as a directory (`/custom/`).
    #[cfg_attr(debug_assertions, inline)]
    fn with_host_prefix(endpoint: &str, host_prefix: Option<&str>) -> Result<String, Failure> {
        let invalid = |why: &str| construction(format!("invalid endpoint URL {endpoint:?}: {why}"));
        let (scheme, rest) = endpoint.split_once("://").ok_or_else(|| invalid("it has no scheme (https://)"))?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(invalid("the scheme is neither https nor http"));
        }
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (authority, path) = rest.find('/').map_or((rest, "/"), |slash| rest.split_at(slash));
        let host_valid = |host: &str| !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]_".contains(&b));
        if !host_valid(authority) {
            return Err(invalid("it has no valid host"));
        }
        let slash = if path.ends_with('/') { "" } else { "/" };
        Ok(format!("{scheme}://{}{authority}{path}{slash}", host_prefix.unwrap_or_default()))
    }

    #[cfg_attr(debug_assertions, inline)]
    async fn send_with_retries(&self, request: Request, sleep: &SharedAsyncSleep) -> Result<RawResponse, Failure> {
        let resolved = self.resolve_endpoint(&request).await?;
        let url = resolved.url;
        let (signing_name, signing_region, scheme) = (resolved.signing_name, resolved.signing_region, resolved.scheme);
        let style = SigningStyle::of_service(resolved.single_encoding);
        let auth = Auth::choose(request.auth, &self.conf)?;
        let provider = match auth {
            Auth::SigV4(provider) => Some(provider),
            Auth::Anonymous | Auth::Bearer(_) => None,
        };
        let method = request.method;
        let create_session = request.create_session;
        let mut headers = request.headers;
        let mut events = request.events;
        let default_content_type = match events {
            Some(_) => Some("application/vnd.amazon.eventstream"),
            None => request.default_content_type,
        };
        if let Some(content_type) = default_content_type {
            if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                headers.push((Cow::Borrowed("content-type"), content_type.to_owned()));
            }
        }
        headers.extend(resolved.headers.into_iter().map(|(k, v)| (Cow::Owned(k), v)));
        headers.push((Cow::Borrowed("user-agent"), self.user_agent.clone()));
        headers.push((Cow::Borrowed("x-amz-user-agent"), self.user_agent.clone()));
        if let Some(trace_id) = lambda_trace_id(&headers) {
            headers.push((Cow::Borrowed("x-amzn-trace-id"), trace_id));
        }
        let mut body = request.body;
        if let Some(compress) = request.compress {
            let min_size = self.conf.request_min_compression_size_bytes.unwrap_or(DEFAULT_MIN_COMPRESSION_SIZE) as usize;
            if !self.conf.disable_request_compression.unwrap_or(false) && body.len() >= min_size {
                body = compress(&body).map_err(|e| construction(format!("could not compress the {} request: {e}", request.operation)))?;
                headers.push((Cow::Borrowed("content-encoding"), "gzip".to_owned()));
            }
        }
        let mut body = match request.stream {
            Some(stream) => stream.into_inner(),
            None => SdkBody::from(body),
        };
        // `@httpChecksum`: the request's checksum, and whether the response's is checked.
        let mut check_response = None;
        let mut unsigned_trailer = false;
        if let Some(checksum) = request.checksum {
            let checksummed = (checksum.prepare)(checksum, &self.conf, &mut headers, body)
                .map_err(|why| construction(format!("the {} request cannot carry its checksum: {why}", request.operation)))?;
            (body, unsigned_trailer) = (checksummed.body, checksummed.unsigned_trailer);
            check_response = checksummed.check_response.then_some(checksum);
            // The signer names the payload itself when it signs the payload's hash.
            if unsigned_trailer && (provider.is_none() || !style.payload_hash_header) {
                headers.push((Cow::Borrowed("x-amz-content-sha256"), "STREAMING-UNSIGNED-PAYLOAD-TRAILER".to_owned()));
            }
        }
        if let Some(md5) = request.content_md5 {
            if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-md5")) {
                let bytes = body.bytes().ok_or_else(|| {
                    construction(format!(
                        "the {} request needs a Content-MD5, which a stream not held in memory cannot give",
                        request.operation
                    ))
                })?;
                headers.push((Cow::Borrowed("content-md5"), md5(bytes)));
            }
        }
        if let Some(digests) = request.body_digests {
            let bytes = body.bytes().ok_or_else(|| {
                construction(format!(
                    "the {} request needs hashes of its body, which a stream not held in memory cannot give",
                    request.operation
                ))
            })?;
            for (name, value) in digests(bytes) {
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    headers.push((Cow::Borrowed(name), value));
                }
            }
        }
        let (url, mut headers, mut body) =
            if self.mutations.0.is_empty() { (url, headers, body) } else { self.mutated(method, url, headers, body)? };
        // An event stream's length is not known until its caller ends it: it goes chunked.
        let length = match events {
            Some(_) => None,
            None => http_body::Body::size_hint(&body).exact(),
        };
        if request.requires_length && length.is_none() {
            return Err(construction(format!(
                "the {} request's stream has no known length, which the operation requires (give the ByteStream a length, e.g. from a file or bytes)",
                request.operation
            )));
        }
        // Requests that may carry a body say how long it is, even when it is empty (a stream
        // of unknown length goes chunked); the length is signed, as the AWS SDKs sign it.
        // A length the input binds (`Content-Length`) stands only for a body of unknown length.
        if let Some(length) = length {
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-length"));
            if length > 0 || matches!(method, "POST" | "PUT" | "PATCH") {
                headers.push((Cow::Borrowed("content-length"), length.to_string()));
            }
        }
        let retry = self.conf.retry_config.clone().unwrap_or_else(RetryConfig::standard);
        let max_attempts = retry.max_attempts().max(1);
        let timeouts = self.conf.timeouts();
        let (attempt_timeout, read_timeout) = (timeouts.operation_attempt_timeout(), timeouts.read_timeout());
        let invocation_id = super::config::random_uuid();
        let stall = self.conf.stall_protection();
        let stall_guard = stall.is_enabled().then(|| super::stall::Guard { sleep: sleep.clone(), grace: stall.grace_period() });
        // The adaptive mode's rate limiter: a call waits for its token before it is sent.
        let seconds = || self.conf.now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
        let limiter = (retry.mode() == aws_smithy_types::retry::RetryMode::Adaptive).then(|| RateLimiter::of_service(seconds()));
        if let Some(wait) = limiter.and_then(|limiter| limiter.acquire(seconds(), RateLimiter::SEND_COST)) {
            sleep.sleep(wait).await;
        }
        let event_stream_in = events.is_some();
        // Requests are dated by our clock corrected by the service's, as its last response
        // gave it (unless correction is off), as aws-sdk-* dates them.
        let correct_skew = !self.conf.disable_clock_skew_correction.unwrap_or(false);
        let mut skew = if correct_skew { self.clock_skew.get() } else { 0 };
        let mut attempt = 1;
        // The tokens the retry in progress holds, returned when it succeeds.
        let mut held = 0;
        loop {
            // A body that cannot be rewound is sent once, and not retried; nor is an event
            // stream, whose events are the caller's until they are sent.
            let events = events.take();
            let (mut this_body, rewindable) = match body.try_clone() {
                Some(copy) => (copy, events.is_none()),
                None => (std::mem::replace(&mut body, SdkBody::taken()), false),
            };
            let mut sent = headers.clone();
            let mut event_signing = None;
            let now = ClockSkew::apply(skew, self.conf.now());
            if let Some(provider) = provider {
                let (identity, algorithm, region, token_header) =
                    self.signing_identity(provider, &scheme, signing_region.as_deref(), create_session).await?;
                // An event stream's request is signed as one without a body, as the AWS SDKs
                // sign it: its messages carry their own signatures.
                let payload = match (unsigned_trailer, this_body.bytes()) {
                    _ if events.is_some() => SignableBody::Bytes(&[]),
                    (true, _) => SignableBody::StreamingUnsignedPayloadTrailer,
                    (false, Some(bytes)) => SignableBody::Bytes(bytes),
                    (false, None) => SignableBody::UnsignedPayload,
                };
                let signer = Signer { identity: &identity, algorithm, region, name: &signing_name, token_header, time: now };
                let (signed, signature) = signing_headers(&signer, &style, method, &url, &headers, payload)?;
                sent.extend(signed.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)));
                if events.is_some() {
                    event_signing = Some(event_signing_of(&identity, algorithm, region, &signing_name, signature, &self.conf)?);
                }
            }
            // What aws-sdk-* adds after signing: the call's id, the same on every attempt, and
            // which attempt of how many this is (with, on a retry, when it will time out).
            sent.push((Cow::Borrowed("amz-sdk-invocation-id"), invocation_id.clone()));
            sent.push((Cow::Borrowed("amz-sdk-request"), request_info(attempt, max_attempts, read_timeout, now)));
            if let Auth::Bearer(provider) = auth {
                let token = aws_credential_types::provider::token::ProvideToken::provide_token(provider)
                    .await
                    .map_err(|e| construction(format!("failed to load the bearer token: {e}")))?;
                sent.push((Cow::Borrowed("authorization"), format!("Bearer {}", token.token())));
            }
            if let Some(events) = events {
                this_body = events.into_body(event_signing);
            }
            let reading = Reading {
                keep_stream: request.keep_stream,
                check_response,
                upload: stall_guard.clone().filter(|_| stall.upload_enabled() && !event_stream_in),
                download: stall_guard.clone().filter(|_| stall.download_enabled() && !request.events_out),
            };
            let sent_at = self.conf.now();
            let exchange = self.exchange(method, &url, sent, this_body, reading);
            let result = match attempt_timeout {
                Some(limit) => match Timeout::new(exchange, sleep.sleep(limit)).await {
                    Ok(result) => result,
                    Err(_) => Err(Failure::Timeout(Box::new(Message(format!(
                        "attempt {attempt} did not complete within the attempt timeout of {limit:?}"
                    ))))),
                },
                None => exchange.await,
            };
            let measured = match &result {
                Ok(response) if correct_skew => ClockSkew::measure(response, sent_at, self.conf.now()),
                _ => None,
            };
            if let Some(measured) = measured {
                skew = measured;
                self.clock_skew.set(measured);
            }
            let throttled = limiter.is_some() && is_throttling(&result);
            if let Some(limiter) = limiter {
                limiter.update(seconds(), throttled);
            }
            let Some(cost) = retry_cost(&result).or_else(|| ClockSkew::retry_cost(&result, measured)) else {
                if matches!(&result, Ok(response) if response.status() < 400) {
                    self.quota.release(if held > 0 { held } else { RetryQuota::SUCCESS_REWARD });
                }
                return result;
            };
            if !rewindable || attempt >= max_attempts || !self.quota.acquire(cost) {
                return result;
            }
            held = cost;
            let cap = retry.initial_backoff().saturating_mul(1 << (attempt - 1).min(16)).min(retry.max_backoff());
            // In adaptive mode a retry the limiter has no tokens for waits as long as it says.
            let limited = limiter.and_then(|limiter| {
                let cost = if throttled { RateLimiter::THROTTLED_RETRY_COST } else { RateLimiter::RETRY_COST };
                limiter.acquire(seconds(), cost)
            });
            let backoff = match limited {
                Some(wait) => wait.min(retry.max_backoff()),
                None => cap.mul_f64(fastrand::f64()),
            };
            sleep.sleep(backoff).await;
            attempt += 1;
        }
    }

    /// The request as this call's `mutate_request` changes make it: its URL, headers and
    /// body, which are then signed and sent by every attempt (the method stays the same).
    #[cfg_attr(debug_assertions, inline)]
    fn mutated(&self, method: &str, url: String, headers: Headers, body: SdkBody) -> Result<(String, Headers, SdkBody), Failure> {
        let mut request = HttpRequest::new(body);
        request.set_uri(url.as_str()).map_err(|e| construction(format!("invalid request URI {url}: {e}")))?;
        request.set_method(method).map_err(|e| construction(format!("invalid request method: {e}")))?;
        for (name, value) in headers {
            request.headers_mut().append(name, value);
        }
        for mutate in &self.mutations.0 {
            mutate(&mut request);
        }
        let url = request.uri().to_owned();
        let headers = request
            .headers()
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-length"))
            .map(|(name, value)| (Cow::Owned(name.to_owned()), value.to_owned()))
            .collect();
        Ok((url, headers, request.take_body()))
    }

    /// One request and its response, over the configured transport. A successful response
    /// to an operation that streams its output keeps its body unread (`keep_stream`).
    #[cfg_attr(debug_assertions, inline)]
    async fn exchange(&self, method: &str, url: &str, headers: Headers, body: SdkBody, reading: Reading) -> Result<RawResponse, Failure> {
        let Reading { keep_stream, check_response, upload, download } = reading;
        let mut request = HttpRequest::new(SdkBody::taken());
        request.set_uri(url).map_err(|e| construction(format!("invalid request URI {url}: {e}")))?;
        request.set_method(method).map_err(|e| construction(format!("invalid request method: {e}")))?;
        for (name, value) in headers {
            request.headers_mut().append(name, value);
        }
        let call = |body| {
            *request.body_mut() = body;
            self.connector.call(request)
        };
        let response = match upload {
            Some(guard) => guard.upload(body, call).await,
            None => call(body).await,
        }
        .map_err(Failure::Dispatch)?;
        let status = response.status();
        let headers = response.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        // A successful response's checksum is checked when the request asked for it.
        let check = check_response.filter(|_| status.is_success());
        if keep_stream && status.is_success() {
            let mut raw = RawResponse::new(status, headers, bytes::Bytes::new());
            let body = match &download {
                Some(guard) => guard.download(response.into_body()),
                None => response.into_body(),
            };
            raw.stream = Some(Box::new(match check {
                Some(checksum) => (checksum.check_stream)(checksum, &raw.headers, body),
                None => body,
            }));
            return Ok(raw);
        }
        let body = match &download {
            Some(guard) => guard.download(response.into_body()),
            None => response.into_body(),
        };
        let body = read_body(body).await?;
        let mut raw = RawResponse::new(status, headers, body);
        if let Some(checksum) = check {
            raw.checksum_mismatch = (checksum.check_bytes)(checksum, &raw.headers, &raw.body);
        }
        Ok(raw)
    }
}

/// Signing scheme, name and region from the endpoint's auth schemes: the first scheme this
/// client can sign with sets them; an endpoint that names only schemes it cannot is an
/// error that names them. The schemes are typed (`auth_schemes()`) when the rules resolved
/// them; a custom resolver may still give them as the `authSchemes` property.
/// `session_scope` is the value session credentials would be for (`SessionAuth`). The
/// config's `auth_scheme_preference` puts the schemes it names first.
#[cfg_attr(debug_assertions, inline)]
fn signing_from_auth_schemes(
    endpoint: &aws_smithy_types::endpoint::Endpoint,
    session_scope: Option<String>,
    conf: &Config,
    resolved: &mut Resolved,
) -> Result<(), Failure> {
    use aws_smithy_types::Document;
    // A scheme's name, and its properties as typed or untyped.
    type Properties<'e> = Result<&'e aws_smithy_types::endpoint::EndpointAuthScheme, &'e std::collections::HashMap<String, Document>>;
    let mut schemes: Vec<(&str, Properties<'_>)> = endpoint.auth_schemes().iter().map(|s| (s.name(), Ok(s))).collect();
    if let (true, Some(Document::Array(untyped))) = (schemes.is_empty(), endpoint.properties().get("authSchemes")) {
        schemes.extend(untyped.iter().filter_map(|scheme| match scheme {
            Document::Object(fields) => match fields.get("name") {
                Some(Document::String(name)) => Some((name.as_str(), Err(fields))),
                _ => None,
            },
            _ => None,
        }));
    }
    if conf.auth_scheme_preference.is_some() {
        schemes.sort_by_key(|(name, _)| conf.auth_rank(name));
    }
    let text = |value: Option<&Document>| match value {
        Some(Document::String(s)) => Some(s.clone()),
        _ => None,
    };
    let service = &crate::config::SERVICE;
    let mut names = Vec::new();
    for (name, properties) in schemes {
        let property = |key: &str| match properties {
            Ok(typed) => typed.get(key),
            Err(untyped) => untyped.get(key),
        };
        resolved.scheme = match name {
            "sigv4" => Scheme::SigV4,
            "sigv4a" if service.sigv4a.is_some() => {
                let regions = match property("signingRegionSet") {
                    Some(Document::Array(regions)) => regions.iter().filter_map(|r| text(Some(r))).collect::<Vec<_>>(),
                    _ => Vec::new(),
                };
                let region_set = match regions.is_empty() {
                    true => resolved.signing_region.clone().ok_or_else(|| construction("no region is configured to sign for"))?,
                    false => regions.join(","),
                };
                Scheme::SigV4a { region_set }
            }
            _ => match service.session_auth.filter(|auth| auth.scheme == name) {
                Some(auth) => {
                    let scope = session_scope.clone().ok_or_else(|| {
                        construction(format!("the endpoint asks for {name} credentials, but no {} is set", auth.scope_param))
                    })?;
                    Scheme::Session { auth, scope }
                }
                None => {
                    names.push(name);
                    continue;
                }
            },
        };
        resolved.single_encoding = matches!(property("disableDoubleEncoding"), Some(Document::Bool(true)));
        if let Some(signing_name) = text(property("signingName")) {
            resolved.signing_name = signing_name;
        }
        if let Some(region) = text(property("signingRegion")) {
            resolved.signing_region = Some(region);
        }
        return Ok(());
    }
    if names.is_empty() {
        return Ok(());
    }
    Err(construction(format!(
        "the endpoint {} requires the auth scheme(s) {}, which this client cannot sign with",
        endpoint.url(),
        names.join(", ")
    )))
}

/// `url` (an endpoint ending in `/`) with the operation's `uri` appended. The endpoint's
/// path is a directory the operation's path goes in (`/custom/` + `/op`); a `uri` that is
/// only a query, or nothing, adds to the endpoint's path itself (`/bucket?list-type=2`),
/// though the root path stays `/`.
#[cfg_attr(debug_assertions, inline)]
fn join_path(url: &mut String, uri: &str) {
    if uri.starts_with('/') {
        if uri != "/" {
            url.pop();
            url.push_str(uri);
        }
        return;
    }
    let authority = url.find("://").map_or(0, |i| i + 3);
    let path_len = url[authority..].find('/').map_or(0, |slash| url.len() - authority - slash);
    if path_len > 1 {
        url.pop();
    }
    url.push_str(uri);
}

/// Bodies at least this large are compressed when the operation allows it (the AWS SDKs' default).
const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;

/// How a service's requests are signed beyond SigV4's defaults: S3 encodes the path once
/// (its endpoints' `disableDoubleEncoding`), keeps it as sent (`/a/../b`), and signs the
/// payload's hash in `x-amz-content-sha256`.
pub(crate) struct SigningStyle {
    double_encoding: bool,
    normalize_path: bool,
    payload_hash_header: bool,
    /// Presigning: the signature goes in the query, valid this long from the signing time.
    pub(crate) expires_in: Option<std::time::Duration>,
}

impl SigningStyle {
    /// The service's style, for an endpoint that does or does not ask for `disableDoubleEncoding`.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn of_service(single_encoding: bool) -> Self {
        let service = &crate::config::SERVICE;
        SigningStyle {
            double_encoding: service.double_encodes_path && !single_encoding,
            normalize_path: service.normalizes_path,
            payload_hash_header: service.signs_payload_hash,
            expires_in: None,
        }
    }
}

/// How a response's body is read: kept unread for an output that streams it, and checked
/// against its checksum when the request asked for that; and how stalled bodies are caught.
struct Reading {
    keep_stream: bool,
    check_response: Option<&'static super::operation::HttpChecksum>,
    /// Stalled-stream protection of the request body and of the response body.
    upload: Option<super::stall::Guard>,
    download: Option<super::stall::Guard>,
}

/// What `@httpChecksum` makes of a request (computed by `rt::flexible_checksums`).
#[doc(hidden)]
pub struct ChecksummedRequest {
    pub body: SdkBody,
    /// The body is `aws-chunked` with the checksum in a trailer, and signed as such.
    pub unsigned_trailer: bool,
    /// The response's checksum is to be checked.
    pub check_response: bool,
}

/// A running checksum: fed a body's bytes in pieces, then finished into its sum.
#[doc(hidden)]
pub trait Digest: Send + Sync {
    fn update(&mut self, data: &[u8]);
    fn finish(self: Box<Self>) -> Vec<u8>;
}

/// Who signs a request, and how.
pub(crate) struct Signer<'a> {
    pub(crate) identity: &'a Identity,
    pub(crate) algorithm: Algorithm,
    /// The region (SigV4) or region set (SigV4a) the signature is valid in.
    pub(crate) region: &'a str,
    pub(crate) name: &'a str,
    /// Where the session token goes instead of `x-amz-security-token`.
    pub(crate) token_header: Option<&'static str>,
    pub(crate) time: SystemTime,
}

#[derive(Clone, Copy)]
pub(crate) enum Algorithm {
    V4,
    V4a(SigV4aParams),
}

/// The signing headers for a `method` request of `body` with `headers` (which are signed
/// too); a stream not held in memory is signed as an unsigned payload, as the AWS SDKs do.
#[cfg_attr(debug_assertions, inline)]
fn signing_headers(
    signer: &Signer<'_>,
    style: &SigningStyle,
    method: &str,
    url: &str,
    headers: &[(Cow<'static, str>, String)],
    body: SignableBody<'_>,
) -> Result<Signed, Failure> {
    let (instructions, signature) = sign_request(signer, style, method, url, headers, body)?;
    let (signing_headers, _) = instructions.into_parts();
    Ok((signing_headers.into_iter().map(|h| (h.name(), h.value().to_owned())).collect(), signature))
}

/// The headers signing adds to a request, and its signature (hex).
type Signed = (Vec<(&'static str, String)>, String);

/// How an event stream's messages are signed after its request: with SigV4, by the same
/// credentials and scope, over the request's `signature`.
#[cfg_attr(debug_assertions, inline)]
fn event_signing_of(
    identity: &Identity,
    algorithm: Algorithm,
    region: &str,
    service: &str,
    signature: String,
    conf: &Config,
) -> Result<EventSigning, Failure> {
    if matches!(algorithm, Algorithm::V4a(_)) {
        return Err(construction("event stream messages cannot be signed with SigV4a, which this request's endpoint requires"));
    }
    let credentials = identity
        .data::<Credentials>()
        .ok_or_else(|| construction("event stream messages are signed with AWS credentials, which the identity is not"))?;
    Ok(EventSigning {
        credentials: credentials.clone(),
        region: region.to_owned(),
        service: service.to_owned(),
        seed: signature,
        clock: conf.time_source.clone(),
    })
}

/// What signing a request adds to it: headers, or query parameters when presigning.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn sign_request(
    signer: &Signer<'_>,
    style: &SigningStyle,
    method: &str,
    url: &str,
    headers: &[(Cow<'static, str>, String)],
    body: SignableBody<'_>,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), Failure> {
    use aws_sigv4::http_request::{PayloadChecksumKind, PercentEncodingMode, UriPathNormalizationMode};
    let mut settings = SigningSettings::default();
    if !style.double_encoding {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
    }
    if !style.normalize_path {
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    }
    if style.payload_hash_header {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    settings.session_token_name_override = signer.token_header;
    if let Some(expires_in) = style.expires_in {
        settings.signature_location = aws_sigv4::http_request::SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in);
    }
    let params = match signer.algorithm {
        Algorithm::V4 => v4::SigningParams::builder()
            .identity(signer.identity)
            .region(signer.region)
            .name(signer.name)
            .time(signer.time)
            .settings(settings)
            .build()
            .map_err(|e| construction(format!("could not sign the request: {e}")))?
            .into(),
        Algorithm::V4a(params) => params(signer.identity, signer.region, signer.name, settings, signer.time)
            .map_err(|e| construction(format!("could not sign the request with SigV4a: {e}")))?,
    };
    let signable = SignableRequest::new(method, url, headers.iter().map(|(k, v)| (k.as_ref(), v.as_str())), body)
        .map_err(|e| construction(format!("could not sign the request: {e}")))?;
    let output = sign(signable, &params).map_err(|e| construction(format!("could not sign the request: {e}")))?;
    Ok(output.into_parts())
}

/// The whole body of a connector's response, in memory or streamed.
#[cfg_attr(debug_assertions, inline)]
async fn read_body(body: SdkBody) -> Result<bytes::Bytes, Failure> {
    use http_body::Body;
    if let Some(bytes) = body.bytes() {
        return Ok(bytes::Bytes::copy_from_slice(bytes));
    }
    let mut body = std::pin::pin!(body);
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|e| Failure::Dispatch(ConnectorError::io(e)))?;
        if let Ok(data) = frame.into_data() {
            out.extend_from_slice(&data);
        }
    }
    Ok(out.into())
}

/// What retrying `result` costs from the retry quota, or `None` when it is not retried:
/// throttling and transient errors, 500/502/503/504, transport errors and timeouts are.
#[cfg_attr(debug_assertions, inline)]
fn retry_cost(result: &Result<RawResponse, Failure>) -> Option<u32> {
    let retryable_code = |response: &RawResponse| {
        has_error_code(response, |code| {
            THROTTLING_CODES.contains(&code) || TRANSIENT_CODES.contains(&code) || crate::config::SERVICE.retryable_codes.contains(&code)
        })
    };
    let retryable = match result {
        Ok(response) if matches!(response.status(), 500 | 502 | 503 | 504) => true,
        Ok(response) => retryable_code(response),
        Err(Failure::Construction(_)) => false,
        Err(Failure::Timeout(_)) => return Some(RetryQuota::TIMEOUT_RETRY_COST),
        Err(Failure::Dispatch(e)) if e.is_timeout() => return Some(RetryQuota::TIMEOUT_RETRY_COST),
        Err(Failure::Dispatch(_)) => true,
    };
    retryable.then_some(RetryQuota::RETRY_COST)
}

