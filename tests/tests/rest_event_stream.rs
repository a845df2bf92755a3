//! The REST JSON kitchen sink's `Watch` (an event stream of every kind of event) over a
//! capture server: header members of every type, blob, string and structure payloads, body
//! members, a typed error with a header member, and an output member bound to the HTTP
//! response beside the stream.

use sdk_rest_json_kitchen_sink::primitives::{Blob, DateTime};
use sdk_rest_json_kitchen_sink::types::error::EventsError;
use sdk_rest_json_kitchen_sink::types::Events;
use sdk_tests::capture::{serve_bytes, BinaryReply};
use test_support::events::{frame, json_event, Value};

fn client(endpoint: &str) -> sdk_rest_json_kitchen_sink::Client {
    sdk_rest_json_kitchen_sink::Client::from_conf(sdk_tests::loopback_config!(sdk_rest_json_kitchen_sink, endpoint).build())
}

fn event(kind: &str, headers: &[(&str, Value<'_>)], payload: &[u8]) -> Vec<u8> {
    let mut all = vec![(":message-type", Value::Str("event")), (":event-type", Value::Str(kind))];
    all.extend_from_slice(headers);
    frame(&all, payload)
}

#[tokio::test]
async fn every_kind_of_event_is_read() {
    let mut body = event(
        "headers",
        &[
            ("flag", Value::Bool(true)),
            ("tiny", Value::Byte(-2)),
            ("small", Value::Short(-300)),
            ("count", Value::Int(70_000)),
            ("big", Value::Long(-9_000_000_000)),
            ("bytes", Value::Bytes(&[0, 255])),
            ("label", Value::Str("é label")),
            ("at", Value::Time(1_700_000_000_000)),
        ],
        b"",
    );
    body.extend(event("blob", &[(":content-type", Value::Str("application/octet-stream"))], &[0, 1, 255]));
    body.extend(event("text", &[(":content-type", Value::Str("text/plain"))], "plain text, not JSON".as_bytes()));
    body.extend(json_event("structure", r#"{"name":"thing","size":3,"tags":["a"]}"#));
    body.extend(json_event("members", r#"{"name":"m","sizes":[1,2,3]}"#));
    body.extend(event(
        "mixed",
        &[("label", Value::Str("mixed")), (":content-type", Value::Str("application/json"))],
        br#"{"name":"inner"}"#,
    ));
    body.extend(frame(
        &[(":message-type", Value::Str("exception")), (":exception-type", Value::Str("throttled")), ("retryafter", Value::Int(5))],
        br#"{"message":"wait"}"#,
    ));
    let server = serve_bytes(move |_| BinaryReply {
        status: 200,
        headers: vec![("x-watch-id".into(), "w-1".into()), ("content-type".into(), "application/vnd.amazon.eventstream".into())],
        body: body.clone(),
    })
    .await;
    let mut output = client(&server.endpoint).watch().name("all").send().await.expect("the stream starts");
    assert_eq!(output.watch_id(), Some("w-1"), "members bound to the HTTP response are read beside the stream");
    let events = &mut output.events;
    match events.recv().await.expect("an event") {
        Some(Events::Headers(h)) => {
            assert_eq!(
                (h.flag(), h.tiny(), h.small(), h.count(), h.big()),
                (Some(true), Some(-2), Some(-300), Some(70_000), Some(-9_000_000_000))
            );
            assert_eq!(h.bytes(), Some(&Blob::new(vec![0, 255])));
            assert_eq!(h.label(), Some("é label"));
            assert_eq!(h.at(), Some(&DateTime::from_secs(1_700_000_000)));
        }
        other => panic!("expected headers, got {other:?}"),
    }
    match events.recv().await.expect("an event") {
        Some(Events::Blob(b)) => assert_eq!(b.payload(), Some(&Blob::new(vec![0, 1, 255]))),
        other => panic!("expected a blob, got {other:?}"),
    }
    match events.recv().await.expect("an event") {
        Some(Events::Text(t)) => assert_eq!(t.payload(), Some("plain text, not JSON")),
        other => panic!("expected text, got {other:?}"),
    }
    match events.recv().await.expect("an event") {
        Some(Events::Structure(s)) => {
            let thing = s.payload().expect("a payload");
            assert_eq!((thing.name(), thing.size(), thing.tags()), (Some("thing"), Some(3), &["a".to_owned()][..]));
        }
        other => panic!("expected a structure, got {other:?}"),
    }
    match events.recv().await.expect("an event") {
        Some(Events::Members(m)) => assert_eq!((m.name(), m.sizes()), (Some("m"), &[1, 2, 3][..])),
        other => panic!("expected members, got {other:?}"),
    }
    match events.recv().await.expect("an event") {
        Some(Events::Mixed(m)) => assert_eq!((m.label(), m.payload().and_then(|p| p.name())), (Some("mixed"), Some("inner"))),
        other => panic!("expected mixed, got {other:?}"),
    }
    match events.recv().await.expect_err("the error").into_service_error() {
        EventsError::ThrottledEvent(e) => assert_eq!((e.message(), e.retry_after()), (Some("wait"), Some(5))),
        other => panic!("expected Throttled, got {other:?}"),
    }
    assert!(events.recv().await.expect("the end").is_none());
}

#[tokio::test]
async fn an_event_that_does_not_read_as_its_type_is_an_error_naming_it() {
    let body = [json_event("members", r#"{"sizes":"not a list"}"#), json_event("members", "{}")].concat();
    let server = serve_bytes(move |_| BinaryReply { status: 200, headers: Vec::new(), body: body.clone() }).await;
    let mut output = client(&server.endpoint).watch().name("bad").send().await.expect("the stream starts");
    let error = output.events.recv().await.expect_err("an unreadable event");
    let text = sdk_rest_json_kitchen_sink::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("MembersEvent.sizes"), "{text}");
}

#[tokio::test]
async fn an_error_status_is_the_operation_error_not_a_stream() {
    let server = serve_bytes(|_| BinaryReply {
        status: 404,
        headers: vec![("x-amzn-errortype".into(), "NotFound".into())],
        body: br#"{"message":"no such watch"}"#.to_vec(),
    })
    .await;
    let error = client(&server.endpoint).watch().name("none").send().await.expect_err("an error status");
    let text = sdk_rest_json_kitchen_sink::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("NotFound") || text.contains("no such watch"), "{text}");
}

/// The caller's events as a stream, without a futures crate.
struct Iter<I>(I);
impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
    type Item = I::Item;
    fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

/// A message's headers, by name.
type Headers = Vec<(String, aws_smithy_types::event_stream::HeaderValue)>;

/// A message's headers and its payload.
fn parts(message: &aws_smithy_types::event_stream::Message) -> (Headers, Vec<u8>) {
    let headers = message.headers().iter().map(|h| (h.name().as_str().to_owned(), h.value().clone())).collect();
    (headers, message.payload().to_vec())
}

#[tokio::test]
async fn every_kind_of_event_is_sent_each_signed_over_the_one_before() {
    use aws_smithy_types::event_stream::HeaderValue as H;
    use sdk_rest_json_kitchen_sink::primitives::event_stream::EventStreamSender;
    use sdk_rest_json_kitchen_sink::types::error::ThrottledEvent;
    use sdk_rest_json_kitchen_sink::types::{BlobEvent, HeadersEvent, MembersEvent, MixedEvent, StructureEvent, TextEvent, Thing};
    let server = serve_bytes(|_| BinaryReply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"received":7}"#.to_vec(),
    })
    .await;
    let thing = |name: &str| Thing::builder().name(name).size(3).build();
    let events: Vec<Result<Events, EventsError>> = vec![
        Ok(Events::Headers(
            HeadersEvent::builder()
                .flag(true)
                .tiny(-2)
                .small(-300)
                .count(70_000)
                .big(-9_000_000_000)
                .bytes(Blob::new(vec![0, 255]))
                .label("é label")
                .at(DateTime::from_secs(1_700_000_000))
                .build(),
        )),
        Ok(Events::Blob(BlobEvent::builder().payload(Blob::new(vec![0, 1, 255])).build())),
        Ok(Events::Text(TextEvent::builder().payload("plain text, not JSON").build())),
        Ok(Events::Structure(StructureEvent::builder().payload(thing("thing")).build())),
        Ok(Events::Members(MembersEvent::builder().name("m").sizes(1).sizes(2).build())),
        Ok(Events::Mixed(MixedEvent::builder().label("mixed").payload(thing("inner")).build())),
        Err(EventsError::ThrottledEvent(ThrottledEvent::builder().message("wait").retry_after(5).build())),
    ];
    let output = client(&server.endpoint)
        .publish()
        .name("all")
        .publish_id("p-1")
        .events(EventStreamSender::from(Iter(events.into_iter())))
        .send()
        .await
        .expect("the stream is sent");
    assert_eq!(output.received(), Some(7));

    let request = server.requests.lock().expect("capture lock")[0].clone();
    assert!(request.head.starts_with("POST /publish/all "), "{}", request.head);
    assert_eq!(request.header("content-type"), Some("application/vnd.amazon.eventstream"));
    assert_eq!(request.header("x-publish-id"), Some("p-1"));
    assert_eq!(request.header("content-length"), None, "the events are sent as they come, chunked");
    let authorization = request.header("authorization").expect("a signed request");
    let mut previous = authorization.rsplit("Signature=").next().expect("a signature").to_owned();

    // Each message is wrapped in a signed one; aws-sigv4's own event-stream signer (an
    // implementation independent of the generated crate's) recomputes each signature.
    let identity = aws_smithy_runtime_api::client::identity::Identity::from(aws_credential_types::Credentials::new(
        "AKID", "secret", None, None, "test",
    ));
    let mut rest: &[u8] = &request.raw_body;
    let mut inner = Vec::new();
    while !rest.is_empty() {
        let envelope = aws_smithy_eventstream::frame::read_message_from(&mut rest).expect("a signed message");
        let (headers, payload) = parts(&envelope);
        let Some((_, H::ByteArray(signature))) = headers.iter().find(|(n, _)| n == ":chunk-signature") else {
            panic!("unsigned: {headers:?}")
        };
        let Some((_, H::Timestamp(date))) = headers.iter().find(|(n, _)| n == ":date") else { panic!("no :date: {headers:?}") };
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-west-2")
            .name("restjsonkitchen")
            .time(std::time::UNIX_EPOCH + std::time::Duration::from_secs(date.secs() as u64))
            .settings(())
            .build()
            .expect("params");
        let expected = if payload.is_empty() {
            aws_sigv4::event_stream::sign_empty_message(&previous, &params)
        } else {
            let message = aws_smithy_eventstream::frame::read_message_from(&payload[..]).expect("an inner message");
            inner.push(parts(&message));
            aws_sigv4::event_stream::sign_message(&message, &previous, &params)
        };
        let expected = expected.expect("signs").into_parts().1;
        let signature: String = signature.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(signature, expected, "message {}", inner.len());
        previous = signature;
    }
    assert!(rest.is_empty());
    let s = |text: &str| H::String(text.to_owned().into());
    let event = |kind: &str| vec![(":message-type".to_owned(), s("event")), (":event-type".to_owned(), s(kind))];
    let typed = |kind: &str, content_type: &str| {
        let mut headers = event(kind);
        headers.push((":content-type".to_owned(), s(content_type)));
        headers
    };
    let mut headers_event = event("headers");
    headers_event.extend([
        ("flag".to_owned(), H::Bool(true)),
        ("tiny".to_owned(), H::Byte(-2)),
        ("small".to_owned(), H::Int16(-300)),
        ("count".to_owned(), H::Int32(70_000)),
        ("big".to_owned(), H::Int64(-9_000_000_000)),
        ("bytes".to_owned(), H::ByteArray(vec![0u8, 255].into())),
        ("label".to_owned(), s("é label")),
        ("at".to_owned(), H::Timestamp(DateTime::from_secs(1_700_000_000))),
    ]);
    let mut mixed = typed("mixed", "application/json");
    mixed.push(("label".to_owned(), s("mixed")));
    let mut throttled = vec![
        (":message-type".to_owned(), s("exception")),
        (":exception-type".to_owned(), s("throttled")),
        (":content-type".to_owned(), s("application/json")),
    ];
    throttled.push(("retryAfter".to_owned(), H::Int32(5)));
    let expected: Vec<(Headers, &[u8])> = vec![
        (headers_event, b""),
        (typed("blob", "application/octet-stream"), &[0, 1, 255]),
        (typed("text", "text/plain"), b"plain text, not JSON"),
        (typed("structure", "application/json"), br#"{"name":"thing","size":3}"#),
        (typed("members", "application/json"), br#"{"name":"m","sizes":[1,2]}"#),
        (mixed, br#"{"name":"inner","size":3}"#),
        (throttled, br#"{"message":"wait"}"#),
    ];
    assert_eq!(inner.len(), expected.len(), "every event, then the empty message that ends the stream");
    for ((headers, payload), (expected_headers, expected_payload)) in inner.iter().zip(&expected) {
        assert_eq!(headers, expected_headers);
        assert_eq!(String::from_utf8_lossy(payload), String::from_utf8_lossy(expected_payload));
    }
}

/// A duplex stream over HTTP/2 (the protocol AWS's duplex operations need, which the
/// default connector negotiates by ALPN): the server answers each event the caller sends
/// before the caller sends the next, so the call must hand back its output while its own
/// stream is still open.
mod duplex {
    use super::*;
    use bytes::Bytes;
    use http_body::Body as _;
    use sdk_rest_json_kitchen_sink::primitives::event_stream::EventStreamSender;
    use sdk_rest_json_kitchen_sink::types::TextEvent;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;
    use tokio::sync::mpsc;

    /// A channel's receiving end as a `Stream` (the caller's events) or a response body.
    struct Channel<T>(mpsc::Receiver<T>);
    impl<T> futures_core::Stream for Channel<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.0.poll_recv(cx)
        }
    }
    impl http_body::Body for Channel<Bytes> {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            self.0.poll_recv(cx).map(|chunk| chunk.map(|c| Ok(http_body::Frame::data(c))))
        }
    }

    /// The messages wrapped in the signed ones a request body carries, as each arrives;
    /// the empty signed message that ends the stream is skipped.
    fn unwrap_messages(buffer: &mut Vec<u8>) -> Vec<Bytes> {
        let mut inner = Vec::new();
        while buffer.len() >= 12 {
            let total = u32::from_be_bytes(buffer[0..4].try_into().unwrap()) as usize;
            if buffer.len() < total {
                break;
            }
            let headers = u32::from_be_bytes(buffer[4..8].try_into().unwrap()) as usize;
            let payload = &buffer[12 + headers..total - 4];
            if !payload.is_empty() {
                inner.push(Bytes::copy_from_slice(payload));
            }
            buffer.drain(..total);
        }
        inner
    }

    /// An h2c server that answers each request at once and echoes every event of its
    /// body, as it arrives, into the response's stream.
    async fn echo_server() -> String {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let service = hyper::service::service_fn(|request: hyper::Request<hyper::body::Incoming>| async move {
                    let (sender, receiver) = mpsc::channel::<Bytes>(8);
                    tokio::spawn(async move {
                        let mut body = request.into_body();
                        let mut buffer = Vec::new();
                        while let Some(Ok(frame)) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
                            buffer.extend_from_slice(frame.data_ref().map_or(&[][..], |d| &d[..]));
                            for message in unwrap_messages(&mut buffer) {
                                if sender.send(message).await.is_err() {
                                    return;
                                }
                            }
                        }
                    });
                    let response = hyper::Response::builder()
                        .header("x-chat-id", "c-1")
                        .header("content-type", "application/vnd.amazon.eventstream")
                        .body(Channel(receiver))
                        .expect("a response");
                    Ok::<_, std::convert::Infallible>(response)
                });
                let connection =
                    hyper::server::conn::http2::Builder::new(TokioExecutor::new()).serve_connection(TokioIo::new(socket), service);
                tokio::spawn(connection);
            }
        });
        format!("http://{address}")
    }

    /// Sends each request over a new HTTP/2 connection with prior knowledge (h2c).
    #[derive(Debug)]
    struct H2Connector;
    impl aws_smithy_runtime_api::client::http::HttpConnector for H2Connector {
        fn call(
            &self,
            request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
        ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
            use aws_smithy_runtime_api::client::result::ConnectorError;
            aws_smithy_runtime_api::client::http::HttpConnectorFuture::new(async move {
                let request = request.try_into_http1x().map_err(|e| ConnectorError::other(e.into(), None))?;
                let authority = request.uri().authority().expect("an authority").to_string();
                let socket = tokio::net::TcpStream::connect(authority).await.map_err(|e| ConnectorError::io(e.into()))?;
                let (mut sender, connection) =
                    hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), hyper_util::rt::TokioIo::new(socket))
                        .await
                        .map_err(|e| ConnectorError::io(e.into()))?;
                tokio::spawn(connection);
                let response = sender.send_request(request).await.map_err(|e| ConnectorError::io(e.into()))?;
                let response = response.map(aws_smithy_types::body::SdkBody::from_body_1_x);
                aws_smithy_runtime_api::http::Response::try_from(response).map_err(|e| ConnectorError::other(e.into(), None))
            })
        }
    }

    #[tokio::test]
    async fn a_duplex_stream_reads_answers_while_it_still_sends() {
        use sdk_rest_json_kitchen_sink::config::{BehaviorVersion, Credentials, Region, RetryConfig};
        let endpoint = echo_server().await;
        let client = sdk_rest_json_kitchen_sink::Client::from_conf(
            sdk_rest_json_kitchen_sink::Config::builder()
                .region(Region::new("us-west-2"))
                .endpoint_url(endpoint)
                .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
                .retry_config(RetryConfig::disabled())
                .http_connector(H2Connector)
                .behavior_version(BehaviorVersion::latest())
                .build(),
        );
        let (events, caller_events) = mpsc::channel::<Result<Events, EventsError>>(1);
        let call = client.chat().name("room").events(EventStreamSender::from(Channel(caller_events))).send();
        let mut output = tokio::time::timeout(Duration::from_secs(10), call)
            .await
            .expect("the output comes while the caller's stream is open")
            .expect("the call starts");
        assert_eq!(output.chat_id(), Some("c-1"));
        for i in 0..5 {
            let text = format!("line {i}");
            events.send(Ok(Events::Text(TextEvent::builder().payload(&text).build()))).await.expect("the stream takes the event");
            let Ok(answer) = tokio::time::timeout(Duration::from_secs(10), output.events.recv()).await else {
                panic!("no answer to event {i} while the stream is open")
            };
            let answer = answer.expect("an event");
            match answer {
                Some(Events::Text(echo)) => assert_eq!(echo.payload(), Some(text.as_str())),
                other => panic!("expected the text event back, got {other:?}"),
            }
        }
        drop(events);
        let end = tokio::time::timeout(Duration::from_secs(10), output.events.recv()).await.expect("the answers end with the stream");
        assert!(matches!(end, Ok(None)), "{end:?}");
    }
}
