//! What the response fuzz targets share: a connector that answers with the bytes under
//! test, and a runtime to drive the call on.

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::sync::{Arc, Mutex};

/// Answers every request with the status and body last set.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    next: Arc<Mutex<(u16, Vec<u8>)>>,
}

impl Replay {
    pub fn set(&self, status: u16, body: &[u8]) {
        *self.next.lock().unwrap() = (status, body.to_vec());
    }
}

impl HttpConnector for Replay {
    fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
        let (status, body) = self.next.lock().unwrap().clone();
        let response = HttpResponse::new(status.try_into().expect("a valid status"), SdkBody::from(body));
        HttpConnectorFuture::ready(Ok(response))
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().build().expect("a runtime")
}

/// What a response fuzz target keeps between inputs: a runtime, and a client whose every
/// request the replay connector answers.
pub struct Setup<C> {
    pub runtime: tokio::runtime::Runtime,
    pub replay: Replay,
    pub client: C,
}

impl<C> Setup<C> {
    pub fn new(client: impl FnOnce(Replay) -> C) -> Self {
        let replay = Replay::default();
        Self { runtime: runtime(), client: client(replay.clone()), replay }
    }
}

/// A client of the generated crate `$krate` that sends through `$replay`, without retries.
#[macro_export]
macro_rules! replay_client {
    ($krate:ident, $replay:expr) => {
        $krate::Client::from_conf(
            $krate::Config::builder()
                .region($krate::config::Region::new("us-east-1"))
                .endpoint_url("https://example.com")
                .credentials_provider($krate::config::Credentials::new("AKID", "SECRET", None, None, "fuzz"))
                .retry_config($krate::config::RetryConfig::disabled())
                .behavior_version($krate::config::BehaviorVersion::latest())
                .http_connector($replay)
                .build(),
        )
    };
}
