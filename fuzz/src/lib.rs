//! What the response fuzz targets share: a connector that answers with the bytes under
//! test, and a runtime to drive the call on.

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::sync::{Arc, Mutex};

/// Answers every request with the status and body last set.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    next: Arc<Mutex<Canned>>,
}

/// The response a replay answers with.
#[derive(Clone, Debug, Default)]
struct Canned {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Replay {
    pub fn set(&self, status: u16, body: &[u8]) {
        self.set_with_headers(status, Vec::new(), body);
    }

    /// The next response, with these headers (those `http` cannot carry are left out).
    pub fn set_with_headers(&self, status: u16, headers: Vec<(String, String)>, body: &[u8]) {
        *self.next.lock().unwrap() = Canned { status, headers, body: body.to_vec() };
    }
}

impl HttpConnector for Replay {
    fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
        let Canned { status, headers, body } = self.next.lock().unwrap().clone();
        let mut response = HttpResponse::new(status.try_into().expect("a valid status"), SdkBody::from(body));
        for (name, value) in headers {
            let _ = response.headers_mut().try_append(name, value);
        }
        HttpConnectorFuture::ready(Ok(response))
    }
}

/// Splits fuzz input into response headers (`name: value` lines) and a body, at the first
/// empty line; input without one is all body.
pub fn headers_and_body(data: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let Some(split) = data.windows(2).position(|w| w == b"\n\n") else { return (Vec::new(), data) };
    let headers = String::from_utf8_lossy(&data[..split])
        .lines()
        .filter_map(|line| line.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
        .collect();
    (headers, &data[split + 2..])
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

/// The body of a fuzz target over the `Everything` operation of a kitchen sink `$krate`
/// (every member kind): the first byte picks a success status (even) or an error status,
/// the rest is the body. A success status must give an output or an error, an error
/// status an error; neither may panic.
#[macro_export]
macro_rules! everything_response_target {
    ($krate:ident) => {
        fn setup() -> &'static $crate::Setup<$krate::Client> {
            static SETUP: std::sync::OnceLock<$crate::Setup<$krate::Client>> = std::sync::OnceLock::new();
            SETUP.get_or_init(|| $crate::Setup::new(|replay| $crate::replay_client!($krate, replay)))
        }

        libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            let Some((&first, body)) = data.split_first() else { return };
            let status = if first % 2 == 0 { 200 } else { 400 + u16::from(first) % 200 };
            let setup = setup();
            setup.replay.set(status, body);
            let result = setup.runtime.block_on(setup.client.everything().required_text("x").send());
            match result {
                Ok(output) => {
                    assert_eq!(status, 200, "an error status parsed as an output");
                    let _ = format!("{output:?}");
                }
                Err(error) => {
                    let text = format!("{error:?} {}", $krate::error::DisplayErrorContext(&error));
                    assert!(!text.is_empty());
                }
            }
        });
    };
}
