//! A loopback HTTP server that misbehaves on purpose, to test retries, timeouts and the
//! handling of broken responses: it follows a script, one fault per request, and records
//! when each request arrived.

use crate::capture::{read_request, Captured};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answers with this status and XML body.
    Respond(u16, String),
    /// Closes the connection without answering.
    Reset,
    /// Waits this long before answering 200 with the body.
    Stall(Duration, String),
    /// Announces the whole body's length but sends only its first half, then closes.
    Truncated(u16, String),
    /// Answers with this status, content type and body bytes, as they are.
    Raw(u16, &'static str, Vec<u8>),
}

pub struct FaultServer {
    pub endpoint: String,
    arrivals: Arc<Mutex<Vec<(Instant, Captured)>>>,
}

/// Serves `script` in turn, one fault per request; the last one repeats.
pub async fn serve_faults(script: Vec<Fault>) -> FaultServer {
    assert!(!script.is_empty(), "a fault script needs at least one step");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("local addr"));
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let (seen, script) = (seen.clone(), script.clone());
            tokio::spawn(async move {
                let Some(request) = read_request(&mut socket).await else { return };
                let step = {
                    let mut seen = seen.lock().expect("arrivals lock");
                    seen.push((Instant::now(), request));
                    script[(seen.len() - 1).min(script.len() - 1)].clone()
                };
                let head = |status: u16, content_type: &str, length: usize| {
                    format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n")
                };
                let bytes = match step {
                    Fault::Respond(status, body) => [head(status, "text/xml", body.len()).into_bytes(), body.into_bytes()].concat(),
                    Fault::Reset => return,
                    Fault::Stall(delay, body) => {
                        tokio::time::sleep(delay).await;
                        [head(200, "text/xml", body.len()).into_bytes(), body.into_bytes()].concat()
                    }
                    Fault::Truncated(status, body) => {
                        let half = &body.as_bytes()[..body.len() / 2];
                        [head(status, "text/xml", body.len()).into_bytes(), half.to_vec()].concat()
                    }
                    Fault::Raw(status, content_type, body) => [head(status, content_type, body.len()).into_bytes(), body].concat(),
                };
                let _ = socket.write_all(&bytes).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    FaultServer { endpoint, arrivals }
}

impl FaultServer {
    /// How many requests arrived.
    pub fn attempts(&self) -> usize {
        self.arrivals.lock().expect("arrivals lock").len()
    }

    /// The gaps between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let arrivals = self.arrivals.lock().expect("arrivals lock");
        arrivals.windows(2).map(|w| w[1].0 - w[0].0).collect()
    }

    /// The requests, in arrival order.
    pub fn requests(&self) -> Vec<Captured> {
        self.arrivals.lock().expect("arrivals lock").iter().map(|(_, r)| r.clone()).collect()
    }
}
