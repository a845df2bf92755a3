//! The same program against aws-sdk-bedrockruntime and the generated crate (only the crate
//! name changed, `compat/bedrock_scenario.rs`) reads the same recorded ConverseStream
//! response, events and the exception that ends it, and prints the same lines.

use full_sdk_tests::{json_event, json_exception};
use test_support::capture::{serve_bytes, BinaryReply};

mod official {
    use aws_sdk_bedrockruntime as bedrock;
    include!("../compat/bedrock_scenario.rs");
}

mod generated {
    use sdk_bedrock_runtime as bedrock;
    include!("../compat/bedrock_scenario.rs");
}

/// A ConverseStream response as Bedrock sends it: a message of three text chunks, its
/// stop and metadata; then, for the second stream, a throttling exception mid-message.
fn recorded(with_exception: bool) -> Vec<u8> {
    let mut body = json_event("messageStart", r#"{"p":"abcd","role":"assistant"}"#);
    for (i, text) in ["Once", " upon", " a time"].iter().enumerate() {
        body.extend(json_event("contentBlockDelta", &format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"{text}"}},"p":"{i}"}}"#)));
    }
    if with_exception {
        body.extend(json_exception("throttlingException", r#"{"message":"Too many requests, please wait before trying again."}"#));
        return body;
    }
    body.extend(json_event("contentBlockStop", r#"{"contentBlockIndex":0,"p":"abc"}"#));
    body.extend(json_event("messageStop", r#"{"p":"ab","stopReason":"end_turn"}"#));
    body.extend(json_event(
        "metadata",
        r#"{"metrics":{"latencyMs":412},"p":"a","usage":{"inputTokens":12,"outputTokens":5,"totalTokens":17}}"#,
    ));
    body
}

#[tokio::test]
async fn both_crates_print_the_same_events() {
    for with_exception in [false, true] {
        let body = recorded(with_exception);
        let server = serve_bytes(move |_| BinaryReply {
            status: 200,
            headers: vec![("content-type".into(), "application/vnd.amazon.eventstream".into())],
            body: body.clone(),
        })
        .await;
        let official = official::run(&official::client(&server.endpoint)).await;
        let generated = generated::run(&generated::client(&server.endpoint)).await;
        assert_eq!(official, generated, "with_exception: {with_exception}");
        assert!(official.len() >= 4, "{official:?}");
        let requests = server.captured();
        let route = |i: usize| requests[i].head.lines().next().unwrap_or_default().to_owned();
        assert_eq!(route(0), route(1), "the same request line");
        let body = |i: usize| serde_json::from_slice::<serde_json::Value>(&requests[i].raw_body).expect("a JSON body");
        assert_eq!(body(0), body(1), "the same request body");
    }
}
