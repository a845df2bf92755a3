//! Event streams in responses, over a loopback server that sends recorded-style streams:
//! Bedrock Runtime's ConverseStream (restJson1), CloudWatch Logs' StartLiveTail (awsJson1_1,
//! with its `initial-response`) and Lambda's InvokeWithResponseStream (an `@eventPayload`
//! blob beside HTTP-bound output members). Events arrive in order, modeled errors in the
//! stream are typed, and a corrupted or cut stream is an error, never a hang.

use full_sdk_tests::{event_frame, json_event, json_exception};
use std::time::Duration;
use test_support::capture::{serve_bytes, BinaryReply};

fn stream_reply(body: Vec<u8>, headers: &[(&str, &str)]) -> BinaryReply {
    let mut all = vec![("content-type".to_owned(), "application/vnd.amazon.eventstream".to_owned())];
    all.extend(headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    BinaryReply { status: 200, headers: all, body }
}

fn bedrock(endpoint: &str) -> sdk_bedrock_runtime::Client {
    use sdk_bedrock_runtime::config::{BehaviorVersion, Credentials, Region, RetryConfig};
    sdk_bedrock_runtime::Client::from_conf(
        sdk_bedrock_runtime::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

/// Reads every event of a ConverseStream until the end or an error, within ten seconds.
async fn read_all(
    output: &mut sdk_bedrock_runtime::operation::converse_stream::ConverseStreamOutput,
) -> (Vec<sdk_bedrock_runtime::types::ConverseStreamOutput>, Option<String>) {
    let mut events = Vec::new();
    let read = async {
        loop {
            match output.stream.recv().await {
                Ok(Some(event)) => events.push(event),
                Ok(None) => return None,
                Err(e) => return Some(sdk_bedrock_runtime::error::DisplayErrorContext(&e).to_string()),
            }
        }
    };
    let error = tokio::time::timeout(Duration::from_secs(10), read).await.expect("the stream ends or fails, never hangs");
    (events, error)
}

#[tokio::test]
async fn a_thousand_chunks_arrive_in_order_and_an_exception_mid_stream_is_typed() {
    use sdk_bedrock_runtime::types::error::ConverseStreamOutputError;
    use sdk_bedrock_runtime::types::{ContentBlockDelta, ConverseStreamOutput};
    let mut body = json_event("messageStart", r#"{"role":"assistant"}"#);
    for i in 0..1000 {
        body.extend(json_event("contentBlockDelta", &format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"chunk {i};"}}}}"#)));
    }
    body.extend(json_event("someFutureEvent", r#"{"x":1}"#));
    body.extend(json_exception("throttlingException", r#"{"message":"slow down"}"#));
    let server = serve_bytes(move |_| stream_reply(body.clone(), &[])).await;
    let mut output = bedrock(&server.endpoint).converse_stream().model_id("model-1").send().await.expect("the stream starts");
    let request = &server.captured()[0];
    assert!(request.head.starts_with("POST /model/model-1/converse-stream "), "{}", request.head);

    let mut texts = Vec::new();
    let mut unknown = 0;
    let error = loop {
        match output.stream.recv().await {
            Ok(Some(ConverseStreamOutput::MessageStart(start))) => assert_eq!(start.role().as_str(), "assistant"),
            Ok(Some(ConverseStreamOutput::ContentBlockDelta(delta))) => match delta.delta() {
                Some(ContentBlockDelta::Text(text)) => texts.push(text.clone()),
                other => panic!("expected text, got {other:?}"),
            },
            Ok(Some(other)) if other.is_unknown() => unknown += 1,
            Ok(Some(other)) => panic!("unexpected event {other:?}"),
            Ok(None) => panic!("the stream ended before its exception"),
            Err(e) => break e,
        }
    };
    assert_eq!(texts.len(), 1000);
    assert!(texts.iter().enumerate().all(|(i, t)| *t == format!("chunk {i};")), "in order");
    assert_eq!(unknown, 1, "an event type the crate does not know is Unknown");
    match error.into_service_error() {
        ConverseStreamOutputError::ThrottlingException(e) => assert_eq!(e.message(), Some("slow down")),
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unmodeled_error_message_keeps_its_code_and_message() {
    let mut body = json_event("messageStart", r#"{"role":"assistant"}"#);
    body.extend(event_frame(&[(":message-type", "error"), (":error-code", "InternalFailure"), (":error-message", "it broke")], b""));
    let server = serve_bytes(move |_| stream_reply(body.clone(), &[])).await;
    let mut output = bedrock(&server.endpoint).converse_stream().model_id("m").send().await.expect("the stream starts");
    assert!(output.stream.recv().await.expect("an event").is_some());
    let error = output.stream.recv().await.expect_err("the error message").into_service_error();
    use sdk_bedrock_runtime::error::ProvideErrorMetadata;
    assert_eq!((error.code(), error.message()), (Some("InternalFailure"), Some("it broke")));
}

#[tokio::test]
async fn a_corrupted_or_cut_stream_is_an_error_not_a_hang() {
    let good = json_event("messageStart", r#"{"role":"assistant"}"#);
    let next = json_event("contentBlockStop", r#"{"contentBlockIndex":0}"#);
    let mut corrupted_payload = next.clone();
    corrupted_payload[next.len() - 8] ^= 1;
    let mut corrupted_prelude = next.clone();
    corrupted_prelude[2] ^= 1;
    let cut = next[..next.len() / 2].to_vec();
    for (tail, says) in
        [(corrupted_payload, "message's CRC32"), (corrupted_prelude, "prelude's CRC32"), (cut, "ends"), (vec![0; 11], "ends 11 bytes")]
    {
        let body = [good.clone(), tail].concat();
        let server = serve_bytes(move |_| stream_reply(body.clone(), &[])).await;
        let mut output = bedrock(&server.endpoint).converse_stream().model_id("m").send().await.expect("the stream starts");
        let (events, error) = read_all(&mut output).await;
        assert_eq!(events.len(), 1, "the good message is read");
        let error = error.expect("then an error");
        assert!(error.contains(says), "{says}: {error}");
        assert!(output.stream.recv().await.expect("a failed stream is over").is_none());
    }
}

#[tokio::test]
async fn live_tail_reads_its_initial_response_then_its_events() {
    use sdk_cloudwatch_logs::config::{BehaviorVersion, Credentials, Region};
    use sdk_cloudwatch_logs::types::StartLiveTailResponseStream;
    let mut body = json_event("initial-response", "{}");
    body.extend(json_event(
        "sessionStart",
        r#"{"requestId":"r-1","sessionId":"s-1","logGroupIdentifiers":["arn:aws:logs:us-east-1:123456789012:log-group:app"]}"#,
    ));
    body.extend(json_event(
        "sessionUpdate",
        r#"{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","message":"hello","timestamp":1700000000000}]}"#,
    ));
    let server = serve_bytes(move |_| stream_reply(body.clone(), &[])).await;
    let client = sdk_cloudwatch_logs::Client::from_conf(
        sdk_cloudwatch_logs::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(&server.endpoint)
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
    .start_live_tail()
    .log_group_identifiers("arn:aws:logs:us-east-1:123456789012:log-group:app")
    .customize()
    // The operation's host prefix (`streaming-`) names no loopback host: the test takes it
    // off after checking it is there.
    .mutate_request(|request| {
        let uri = request.uri().to_owned();
        assert!(uri.starts_with("http://streaming-127.0.0.1:"), "{uri}");
        request.set_uri(uri.replacen("streaming-", "", 1)).expect("a valid URI");
    })
    .send();
    let mut output = client.await.expect("the stream starts");
    assert_eq!(server.captured()[0].header("x-amz-target"), Some("Logs_20140328.StartLiveTail"));
    match output.response_stream.recv().await.expect("an event") {
        Some(StartLiveTailResponseStream::SessionStart(start)) => assert_eq!(start.session_id(), Some("s-1")),
        other => panic!("expected the session start, got {other:?}"),
    }
    match output.response_stream.recv().await.expect("an event") {
        Some(StartLiveTailResponseStream::SessionUpdate(update)) => {
            assert_eq!(update.session_results()[0].message(), Some("hello"));
            assert_eq!(update.session_metadata().map(|m| m.sampled()), Some(false));
        }
        other => panic!("expected a session update, got {other:?}"),
    }
    assert!(output.response_stream.recv().await.expect("the end").is_none());
}

#[tokio::test]
async fn lambda_payload_chunks_are_the_raw_bytes_beside_bound_output_members() {
    use sdk_lambda::config::{BehaviorVersion, Credentials, Region};
    use sdk_lambda::types::InvokeWithResponseStreamResponseEvent;
    let chunk = |bytes: &[u8]| {
        event_frame(&[(":message-type", "event"), (":event-type", "PayloadChunk"), (":content-type", "application/octet-stream")], bytes)
    };
    let mut body = chunk(b"{\"partial\":");
    body.extend(chunk(&[0xff, 0x00, b'1', b'}']));
    body.extend(json_event("InvokeComplete", r#"{"LogResult":"bG9n"}"#));
    let server = serve_bytes(move |_| stream_reply(body.clone(), &[("x-amz-executed-version", "7")])).await;
    let client = sdk_lambda::Client::from_conf(
        sdk_lambda::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(&server.endpoint)
            .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
            .behavior_version(BehaviorVersion::latest())
            .build(),
    );
    let mut output = client.invoke_with_response_stream().function_name("f").send().await.expect("the stream starts");
    assert_eq!(output.executed_version(), Some("7"));
    assert_eq!(output.status_code(), 200);
    let mut bytes = Vec::new();
    let mut completed = None;
    while let Some(event) = output.event_stream.recv().await.expect("events") {
        match event {
            InvokeWithResponseStreamResponseEvent::PayloadChunk(chunk) => {
                bytes.extend_from_slice(chunk.payload().map(|p| p.as_ref()).unwrap_or_default())
            }
            InvokeWithResponseStreamResponseEvent::InvokeComplete(done) => completed = done.log_result().map(str::to_owned),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(bytes, b"{\"partial\":\xff\x001}");
    assert_eq!(completed.as_deref(), Some("bG9n"));
}
