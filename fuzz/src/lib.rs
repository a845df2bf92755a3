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
