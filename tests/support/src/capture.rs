//! A loopback HTTP server that records requests and answers with canned responses, to
//! check exactly what a client sends and how it reads what comes back.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Captured {
    pub head: String,
    /// The body as text (lossy for binary bodies; see `raw_body`).
    pub body: String,
    pub raw_body: Vec<u8>,
}

impl Captured {
    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A response to serve: status, the headers beyond the framing ones, and the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// An XML response, as the query protocols answer.
    pub fn xml(status: u16, body: String) -> Self {
        Self { status, headers: vec![("content-type".into(), "text/xml".into())], body }
    }
}

pub struct CaptureServer {
    pub endpoint: String,
    pub requests: Arc<Mutex<Vec<Captured>>>,
}

/// Serves `responses` in turn (the last one repeats): each is (status, body).
pub async fn serve(responses: Vec<(u16, String)>) -> CaptureServer {
    let served = std::sync::atomic::AtomicUsize::new(0);
    serve_with(move |_| {
        let n = served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        responses[n.min(responses.len() - 1)].clone()
    })
    .await
}

/// Serves what `respond` makes of each request: (status, body), as XML.
pub async fn serve_with(respond: impl Fn(&Captured) -> (u16, String) + Send + Sync + 'static) -> CaptureServer {
    serve_replies(move |request| {
        let (status, body) = respond(request);
        Reply::xml(status, body)
    })
    .await
}

/// Serves what `respond` makes of each request.
pub async fn serve_replies(respond: impl Fn(&Captured) -> Reply + Send + Sync + 'static) -> CaptureServer {
    serve_bytes(move |request| {
        let Reply { status, headers, body } = respond(request);
        BinaryReply { status, headers, body: body.into_bytes() }
    })
    .await
}

/// A response whose body is any bytes (CBOR, event streams).
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Serves what `respond` makes of each request, bodies as they are.
pub async fn serve_bytes(respond: impl Fn(&Captured) -> BinaryReply + Send + Sync + 'static) -> CaptureServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("local addr"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let seen = seen.clone();
            let respond = respond.clone();
            tokio::spawn(async move {
                let Some(captured) = read_request(&mut socket).await else { return };
                let BinaryReply { status, headers, body } = respond(&captured);
                seen.lock().expect("capture lock").push(captured);
                let headers: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
                let head = format!(
                    "HTTP/1.1 {status} X\r\n{headers}content-length: {}\r\nx-amzn-requestid: header-request-id\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(&[head.as_bytes(), &body].concat()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    CaptureServer { endpoint, requests }
}

/// Reads one request: the head, then as many body bytes as Content-Length says. `None`
/// when the client hung up first.
pub(crate) async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Captured> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head, body_start, length) = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..pos]).into_owned();
            let length = head
                .lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (head, pos + 4, length);
        }
    };
    let chunked = head.lines().any(|l| {
        l.split_once(':')
            .is_some_and(|(k, v)| k.trim().eq_ignore_ascii_case("transfer-encoding") && v.trim().eq_ignore_ascii_case("chunked"))
    });
    if chunked {
        let mut rest = buf[body_start..].to_vec();
        let raw_body = read_chunks(socket, &mut rest).await?;
        return Some(Captured { head, body: String::from_utf8_lossy(&raw_body).into_owned(), raw_body });
    }
    while buf.len() < body_start + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let raw_body = buf[body_start..].to_vec();
    Some(Captured { head, body: String::from_utf8_lossy(&raw_body).into_owned(), raw_body })
}

/// A chunked body (`Transfer-Encoding: chunked`), of which `buf` holds what was read so far.
async fn read_chunks(socket: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    let mut at = 0;
    let mut chunk = [0u8; 8192];
    loop {
        // The size line, then the data and its CRLF; the last chunk is empty.
        let line_end = loop {
            if let Some(pos) = buf[at..].windows(2).position(|w| w == b"\r\n") {
                break at + pos;
            }
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let size_text = String::from_utf8_lossy(&buf[at..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        let data_start = line_end + 2;
        while buf.len() < data_start + size + 2 {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(&buf[data_start..data_start + size]);
        at = data_start + size + 2;
    }
}

impl CaptureServer {
    pub fn captured(&self) -> Vec<Captured> {
        self.requests.lock().expect("capture lock").clone()
    }
}

/// Sends a captured request to `upstream` (`host:port`) as it is and returns the response's
/// status and body: for recording a real server's answers. It blocks (std sockets), so a
/// `serve_with` responder can call it without needing the runtime it runs on.
pub fn forward(upstream: &str, request: &Captured) -> (u16, String) {
    let reply = forward_reply(upstream, request);
    (reply.status, reply.body)
}

/// Headers a recording keeps: those that say what the body is and which error it holds.
const KEPT_HEADERS: &[&str] = &["content-type", "x-amzn-query-error", "x-amzn-errortype"];

/// [`forward`], keeping the response headers that describe the body and its error.
pub fn forward_reply(upstream: &str, request: &Captured) -> Reply {
    forward_keeping(upstream, request, |name| KEPT_HEADERS.iter().any(|kept| name.eq_ignore_ascii_case(kept)))
}

/// [`forward`], keeping every response header but those of the connection's framing: REST
/// protocols bind output members to headers.
pub fn forward_whole(upstream: &str, request: &Captured) -> Reply {
    forward_keeping(upstream, request, |name| {
        !["content-length", "connection", "transfer-encoding", "date", "server"].iter().any(|f| name.eq_ignore_ascii_case(f))
    })
}

fn forward_keeping(upstream: &str, request: &Captured, keep: impl Fn(&str) -> bool) -> Reply {
    use std::io::{Read, Write};
    let mut socket = std::net::TcpStream::connect(upstream).expect("connect upstream");
    let mut head: Vec<String> =
        request.head.lines().filter(|l| !l.to_ascii_lowercase().starts_with("connection:")).map(str::to_owned).collect();
    head.push("connection: close".into());
    let message = format!("{}\r\n\r\n{}", head.join("\r\n"), request.body);
    socket.write_all(message.as_bytes()).expect("send upstream");
    let mut response = Vec::new();
    socket.read_to_end(&mut response).expect("read upstream");
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "chunked upstream responses are not supported");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status code");
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| keep(k.trim()))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply { status, headers, body: body.to_owned() }
}
