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
    use sdk_rest_json_kitchen_sink::config::{BehaviorVersion, Credentials, Region, RetryConfig};
    sdk_rest_json_kitchen_sink::Client::from_conf(
        sdk_rest_json_kitchen_sink::Config::builder()
            .region(Region::new("us-west-2"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
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
