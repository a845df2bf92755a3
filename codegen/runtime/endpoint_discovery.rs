//! Endpoint discovery (`aws.api#clientEndpointDiscovery`), as aws-sdk-* offers it to the
//! services whose operations require a discovered endpoint (Timestream):
//! `Client::with_endpoint_discovery_enabled` asks the service's discovery operation for an
//! endpoint and gives back a client whose calls all go there, with a [`ReloadEndpoint`]
//! that keeps the endpoint fresh. Without it, calls go to the endpoint the rules resolve.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::{EndpointFuture, EndpointResolverParams, ResolveEndpoint, SharedEndpointResolver};
use aws_smithy_types::endpoint::Endpoint;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, SystemTime};

/// What the discovery operation answers: the endpoint's address (a host, with its port if
/// it has one) and for how many minutes it may be used.
pub(crate) type Discovery = Pin<Box<dyn Future<Output = Result<(String, i64), BoxError>> + Send>>;

/// The endpoint is discovered again this long before it expires (as aws-sdk-* does).
const REFRESH_MARGIN: Duration = Duration::from_secs(120);

/// How often the reload task looks at the endpoint's expiry.
const RELOAD_PERIOD: Duration = Duration::from_secs(60);

/// The discovered endpoint, shared by the clients that send to it and their reloader.
#[derive(Default)]
struct Discovered {
    endpoint: Option<(Endpoint, SystemTime)>,
    /// Why the last discovery failed, if it did.
    error: Option<String>,
}

type Shared = Arc<Mutex<Discovered>>;

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, Discovered> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps a client's discovered endpoint fresh: run [`ReloadEndpoint::reload_task`] on the
/// runtime (it ends once every client using the endpoint is dropped), or call
/// [`ReloadEndpoint::reload_once`] when it suits the program.
#[must_use]
pub struct ReloadEndpoint {
    discover: Box<dyn Fn() -> Discovery + Send + Sync>,
    scheme: &'static str,
    state: Shared,
    /// Alive while a client resolves its endpoint through `state`.
    clients: Weak<()>,
    /// The client's config, whose clock the endpoint expires by and whose sleep waits.
    conf: super::config::Config,
}

impl fmt::Debug for ReloadEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReloadEndpoint").finish_non_exhaustive()
    }
}

impl ReloadEndpoint {
    /// Discovers the endpoint now. A failure keeps the endpoint discovered before, if any.
    pub async fn reload_once(&self) {
        let discovered = (self.discover)().await;
        let mut state = lock(&self.state);
        match discovered {
            Ok((address, minutes)) => {
                let url = format!("{}://{address}", self.scheme);
                let expiry = self.conf.now() + Duration::from_secs(u64::try_from(minutes).unwrap_or(0).saturating_mul(60));
                state.endpoint = Some((Endpoint::builder().url(url).build(), expiry));
                state.error = None;
            }
            Err(e) => state.error = Some(e.to_string()),
        }
    }

    /// Discovers the endpoint again whenever it is about to expire, until no client uses it.
    /// It waits through the config's sleep (tokio's timer by default); a client without
    /// one (the `rt-tokio` feature off, no `sleep_impl`) reloads once and the task ends.
    pub async fn reload_task(self) {
        let sleep = self.conf.sleeper();
        while self.clients.strong_count() > 0 {
            let expiring = match &lock(&self.state).endpoint {
                Some((_, expiry)) => expiry.duration_since(self.conf.now()).map_or(true, |left| left < REFRESH_MARGIN),
                None => true,
            };
            if expiring {
                self.reload_once().await;
            }
            let Some(sleep) = &sleep else { return };
            aws_smithy_async::rt::sleep::AsyncSleep::sleep(sleep, RELOAD_PERIOD).await;
        }
    }
}

/// The endpoint resolver of a client with discovery: the discovered endpoint, whatever the
/// parameters.
#[derive(Clone)]
struct DiscoveredEndpoint {
    state: Shared,
    _alive: Arc<()>,
}

impl fmt::Debug for DiscoveredEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiscoveredEndpoint").finish_non_exhaustive()
    }
}

impl ResolveEndpoint for DiscoveredEndpoint {
    fn resolve_endpoint<'a>(&'a self, _: &'a EndpointResolverParams) -> EndpointFuture<'a> {
        let state = lock(&self.state);
        EndpointFuture::ready(match (&state.endpoint, &state.error) {
            (Some((endpoint, _)), _) => Ok(endpoint.clone()),
            (None, Some(error)) => Err(format!("no endpoint was discovered: {error}").into()),
            (None, None) => Err("no endpoint was discovered".into()),
        })
    }
}

/// Discovers an endpoint through `client` (`discover` calls the service's discovery
/// operation) and returns a client like it that sends every call there. The endpoint is
/// `https://` and the address, or `http://` where the client's endpoint URL is (a local
/// test server).
pub(crate) async fn enable(
    client: super::client::Client,
    discover: fn(super::client::Client) -> Discovery,
) -> Result<(super::client::Client, ReloadEndpoint), BoxError> {
    let scheme = match client.config().endpoint_url() {
        Some(url) if url.starts_with("http://") => "http",
        _ => "https",
    };
    let mut conf = client.config().to_builder();
    let alive = Arc::new(());
    let state = Shared::default();
    let reload = ReloadEndpoint {
        conf: client.config().clone(),
        discover: Box::new(move || discover(client.clone())),
        scheme,
        state: state.clone(),
        clients: Arc::downgrade(&alive),
    };
    reload.reload_once().await;
    if let Some(error) = lock(&state).error.take() {
        return Err(format!("endpoint discovery failed: {error}").into());
    }
    conf.set_endpoint_resolver(Some(SharedEndpointResolver::new(DiscoveredEndpoint { state, _alive: alive })));
    Ok((super::client::Client::from_conf(conf.build()), reload))
}
