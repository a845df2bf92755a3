//! Event streams in the RPC protocols, through the JSON (awsJson1_0) and CBOR (rpcv2Cbor)
//! kitchen sinks over a capture server: `Watch` reads an `initial-response` and events of
//! every binding (typed header members, blob and structure payloads, body members, a typed
//! exception with a header member); `Publish` sends its other input members in a signed
//! `initial-request` message, then every kind of event, each signed over the one before.

use aws_smithy_types::event_stream::{HeaderValue as H, Message};
use sdk_tests::capture::{serve_bytes, BinaryReply};
use serde_json::{json, Value as Json};
use test_support::events::{frame, Value};

/// `value` as CBOR (the subset these tests use: maps, arrays, strings, integers).
fn to_cbor(value: &Json) -> Vec<u8> {
    fn write(e: &mut minicbor::Encoder<Vec<u8>>, value: &Json) {
        let _ = match value {
            Json::Object(map) => {
                let _ = e.map(map.len() as u64);
                for (k, v) in map {
                    let _ = e.str(k);
                    write(e, v);
                }
                return;
            }
            Json::Array(items) => {
                let _ = e.array(items.len() as u64);
                items.iter().for_each(|v| write(e, v));
                return;
            }
            Json::String(s) => e.str(s).map(|_| ()),
            Json::Number(n) => e.i64(n.as_i64().expect("an integer")).map(|_| ()),
            Json::Bool(b) => e.bool(*b).map(|_| ()),
            Json::Null => e.null().map(|_| ()),
        };
    }
    let mut e = minicbor::Encoder::new(Vec::new());
    write(&mut e, value);
    e.into_writer()
}

/// A CBOR document as JSON, to compare with what was expected.
fn from_cbor(bytes: &[u8]) -> Json {
    use minicbor::data::Type;
    fn read(d: &mut minicbor::Decoder<'_>) -> Json {
        match d.datatype().expect("a CBOR item") {
            Type::Map | Type::MapIndef => {
                let len = d.map().expect("a map");
                let mut map = serde_json::Map::new();
                let mut left = len;
                loop {
                    if left == Some(0) || (left.is_none() && d.datatype().ok() == Some(Type::Break)) {
                        break;
                    }
                    let key = d.str().expect("a key").to_owned();
                    map.insert(key, read(d));
                    left = left.map(|n| n - 1);
                }
                if len.is_none() {
                    d.skip().expect("the break");
                }
                Json::Object(map)
            }
            Type::Array | Type::ArrayIndef => {
                let len = d.array().expect("an array").expect("a definite array");
                Json::Array((0..len).map(|_| read(d)).collect())
            }
            Type::String => Json::String(d.str().expect("text").to_owned()),
            Type::Bool => Json::Bool(d.bool().expect("a boolean")),
            _ => json!(d.i64().expect("an integer")),
        }
    }
    read(&mut minicbor::Decoder::new(bytes))
}

/// A message's headers, by name.
type Headers = Vec<(String, H)>;

fn parts(message: &Message) -> (Headers, Vec<u8>) {
    let headers = message.headers().iter().map(|h| (h.name().as_str().to_owned(), h.value().clone())).collect();
    (headers, message.payload().to_vec())
}

/// The messages of a signed request body, each signature recomputed by aws-sigv4's own
/// event-stream signer over the one before, the first over the request's.
fn unwrap_signed(body: &[u8], authorization: &str, signing_name: &str) -> Vec<(Headers, Vec<u8>)> {
    let identity = aws_smithy_runtime_api::client::identity::Identity::from(aws_credential_types::Credentials::new(
        "AKID", "secret", None, None, "test",
    ));
    let mut previous = authorization.rsplit("Signature=").next().expect("a signature").to_owned();
    let mut rest = body;
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
            .name(signing_name)
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
    inner
}

fn string(text: &str) -> H {
    H::String(text.to_owned().into())
}

/// The same tests for each RPC protocol's kitchen sink.
macro_rules! rpc_event_tests {
    ($module:ident, $sdk:ident, $content_type:expr, $message_type:expr, $request_type:expr, $events_accept:expr, $signing_name:expr, $encode:expr, $decode:expr) => {
        mod $module {
            use super::*;
            use $sdk::primitives::event_stream::EventStreamSender;
            use $sdk::primitives::{Blob, DateTime};
            use $sdk::types::error::{EventsError, ThrottledEvent};
            use $sdk::types::{BlobEvent, Events, HeadersEvent, MembersEvent, MixedEvent, Nested, StructureEvent};

            fn client(endpoint: &str) -> $sdk::Client {
                use $sdk::config::{BehaviorVersion, Credentials, Region, RetryConfig};
                $sdk::Client::from_conf(
                    $sdk::Config::builder()
                        .region(Region::new("us-west-2"))
                        .endpoint_url(endpoint)
                        .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
                        .retry_config(RetryConfig::disabled())
                        .behavior_version(BehaviorVersion::latest())
                        .build(),
                )
            }

            fn encode(value: Json) -> Vec<u8> {
                ($encode)(&value)
            }

            fn message(kind: (&str, &str), content_type: Option<&str>, headers: &[(&str, Value<'_>)], payload: &[u8]) -> Vec<u8> {
                let type_header = if kind.0 == "event" { ":event-type" } else { ":exception-type" };
                let mut all = vec![(":message-type", Value::Str(kind.0)), (type_header, Value::Str(kind.1))];
                if let Some(content_type) = content_type {
                    all.push((":content-type", Value::Str(content_type)));
                }
                all.extend_from_slice(headers);
                frame(&all, payload)
            }

            #[tokio::test]
            async fn the_initial_response_and_events_of_every_binding_are_read() {
                let doc = |value: Json| encode(value);
                let mut body = message(("event", "initial-response"), Some($message_type), &[], &doc(json!({"watchId": "w-1"})));
                body.extend(message(
                    ("event", "headers"),
                    None,
                    &[
                        ("flag", Value::Bool(true)),
                        ("count", Value::Int(70_000)),
                        ("big", Value::Long(-9_000_000_000)),
                        ("bytes", Value::Bytes(&[0, 255])),
                        ("label", Value::Str("é label")),
                        ("at", Value::Time(1_700_000_000_000)),
                    ],
                    b"",
                ));
                body.extend(message(("event", "blob"), Some("application/octet-stream"), &[], &[0, 1, 255]));
                body.extend(message(("event", "structure"), Some($message_type), &[], &doc(json!({"name": "thing", "count": 3}))));
                body.extend(message(("event", "members"), Some($message_type), &[], &doc(json!({"name": "m", "sizes": ["a", "b"]}))));
                body.extend(message(
                    ("event", "mixed"),
                    Some($message_type),
                    &[("label", Value::Str("mixed"))],
                    &doc(json!({"name": "inner", "count": 1})),
                ));
                body.extend(message(
                    ("exception", "throttled"),
                    Some($message_type),
                    &[("retryAfter", Value::Int(5))],
                    &doc(json!({"message": "wait"})),
                ));
                let server = serve_bytes(move |_| BinaryReply {
                    status: 200,
                    headers: vec![("content-type".into(), "application/vnd.amazon.eventstream".into())],
                    body: body.clone(),
                })
                .await;
                let mut output = client(&server.endpoint).watch().name("all").send().await.expect("the stream starts");
                assert_eq!(output.watch_id(), Some("w-1"), "the initial-response gives the output's other members");
                let events = &mut output.events;
                match events.recv().await.expect("an event") {
                    Some(Events::Headers(h)) => {
                        assert_eq!((h.flag(), h.count(), h.big()), (Some(true), Some(70_000), Some(-9_000_000_000)));
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
                    Some(Events::Structure(s)) => {
                        let nested = s.payload().expect("a payload");
                        assert_eq!((nested.name(), nested.count()), (Some("thing"), 3));
                    }
                    other => panic!("expected a structure, got {other:?}"),
                }
                match events.recv().await.expect("an event") {
                    Some(Events::Members(m)) => assert_eq!((m.name(), m.sizes()), (Some("m"), &["a".to_owned(), "b".to_owned()][..])),
                    other => panic!("expected members, got {other:?}"),
                }
                match events.recv().await.expect("an event") {
                    Some(Events::Mixed(m)) => {
                        assert_eq!((m.label(), m.payload().and_then(|p| p.name())), (Some("mixed"), Some("inner")))
                    }
                    other => panic!("expected mixed, got {other:?}"),
                }
                match events.recv().await.expect_err("the error").into_service_error() {
                    EventsError::ThrottledEvent(e) => assert_eq!((e.message(), e.retry_after()), (Some("wait"), Some(5))),
                    other => panic!("expected Throttled, got {other:?}"),
                }
                assert!(events.recv().await.expect("the end").is_none());
                let request = server.requests.lock().expect("capture lock")[0].clone();
                assert_eq!(request.header("accept"), $events_accept, "the accept header of a request answered by events");
            }

            #[tokio::test]
            async fn the_other_input_members_go_first_in_a_signed_initial_request() {
                let server = serve_bytes(|_| BinaryReply {
                    status: 200,
                    headers: vec![("content-type".into(), $content_type.into())],
                    body: encode(json!({"received": 7})),
                })
                .await;
                let nested = |name: &str| Nested::builder().name(name).count(3).build().expect("a nested");
                let events: Vec<Result<Events, EventsError>> = vec![
                    Ok(Events::Headers(
                        HeadersEvent::builder()
                            .flag(true)
                            .count(70_000)
                            .big(-9_000_000_000)
                            .bytes(Blob::new(vec![0, 255]))
                            .label("é label")
                            .at(DateTime::from_secs(1_700_000_000))
                            .build(),
                    )),
                    Ok(Events::Blob(BlobEvent::builder().payload(Blob::new(vec![0, 1, 255])).build())),
                    Ok(Events::Structure(StructureEvent::builder().payload(nested("thing")).build())),
                    Ok(Events::Members(MembersEvent::builder().name("m").sizes("a").sizes("b").build())),
                    Ok(Events::Mixed(MixedEvent::builder().label("mixed").payload(nested("inner")).build())),
                    Err(EventsError::ThrottledEvent(ThrottledEvent::builder().message("wait").retry_after(5).build())),
                ];
                let output = client(&server.endpoint)
                    .publish()
                    .name("all")
                    .priority(3)
                    .events(EventStreamSender::from(crate::Iter(events.into_iter())))
                    .send()
                    .await
                    .expect("the stream is sent");
                assert_eq!(output.received(), Some(7));

                let request = server.requests.lock().expect("capture lock")[0].clone();
                assert_eq!(request.header("content-type"), Some($request_type));
                assert_eq!(request.header("content-length"), None, "the events are sent as they come, chunked");
                let authorization = request.header("authorization").expect("a signed request");
                let inner = unwrap_signed(&request.raw_body, authorization, $signing_name);
                let typed = |kind: &str, content_type: &str| {
                    vec![(":message-type".to_owned(), string("event")), (":event-type".to_owned(), string(kind)), (":content-type".to_owned(), string(content_type))]
                };
                let mut headers_event = vec![(":message-type".to_owned(), string("event")), (":event-type".to_owned(), string("headers"))];
                headers_event.extend([
                    ("flag".to_owned(), H::Bool(true)),
                    ("count".to_owned(), H::Int32(70_000)),
                    ("big".to_owned(), H::Int64(-9_000_000_000)),
                    ("bytes".to_owned(), H::ByteArray(vec![0u8, 255].into())),
                    ("label".to_owned(), string("é label")),
                    ("at".to_owned(), H::Timestamp(DateTime::from_secs(1_700_000_000))),
                ]);
                let mut mixed = typed("mixed", $message_type);
                mixed.push(("label".to_owned(), string("mixed")));
                let throttled = vec![
                    (":message-type".to_owned(), string("exception")),
                    (":exception-type".to_owned(), string("throttled")),
                    (":content-type".to_owned(), string($message_type)),
                    ("retryAfter".to_owned(), H::Int32(5)),
                ];
                // Documents are compared as values (member order is the writer's choice).
                let expected: Vec<(Headers, Option<Json>, &[u8])> = vec![
                    (typed("initial-request", $message_type), Some(json!({"name": "all", "priority": 3})), b""),
                    (headers_event, None, b""),
                    (typed("blob", "application/octet-stream"), None, &[0, 1, 255]),
                    (typed("structure", $message_type), Some(json!({"name": "thing", "count": 3, "defaulted": "fallback"})), b""),
                    (typed("members", $message_type), Some(json!({"name": "m", "sizes": ["a", "b"]})), b""),
                    (mixed, Some(json!({"name": "inner", "count": 3, "defaulted": "fallback"})), b""),
                    (throttled, Some(json!({"message": "wait"})), b""),
                ];
                assert_eq!(inner.len(), expected.len(), "the initial-request, then every event");
                for ((headers, payload), (expected_headers, document, raw)) in inner.iter().zip(&expected) {
                    assert_eq!(headers, expected_headers);
                    match document {
                        Some(document) => assert_eq!(&($decode)(payload), document, "{headers:?}"),
                        None => assert_eq!(payload.as_slice(), *raw, "{headers:?}"),
                    }
                }
            }
        }
    };
}

/// The caller's events as a stream, without a futures crate.
struct Iter<I>(I);
impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
    type Item = I::Item;
    fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

rpc_event_tests!(
    aws_json,
    sdk_json_kitchen_sink,
    "application/x-amz-json-1.0",
    "application/json",
    "application/x-amz-json-1.0",
    None,
    "jsonkitchen",
    |value: &Json| serde_json::to_vec(value).expect("JSON"),
    |payload: &[u8]| serde_json::from_slice::<Json>(payload).expect("a JSON payload")
);

rpc_event_tests!(
    rpcv2_cbor,
    sdk_cbor_kitchen_sink,
    "application/cbor",
    "application/cbor",
    "application/vnd.amazon.eventstream",
    Some("application/vnd.amazon.eventstream, application/cbor"),
    "cborkitchen",
    to_cbor,
    from_cbor
);
