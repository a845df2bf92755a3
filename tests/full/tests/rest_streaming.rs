//! Streaming bodies of restJson1 crates against loopback servers: uploads go out without
//! being read whole (files with their length, other bodies chunked), only rewindable ones
//! are retried, downloads are read chunk by chunk, and Lambda's function errors arrive in
//! the output's header member.

use full_sdk_tests::capture::{serve_replies, Reply};
use full_sdk_tests::faults::{serve_faults, Fault};
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

macro_rules! client {
    ($krate:ident, $endpoint:expr) => {{
        $krate::Client::from_conf(
            $krate::Config::builder()
                .region($krate::config::Region::new("us-east-1"))
                .endpoint_url($endpoint)
                .credentials_provider($krate::config::Credentials::new("AKID", "SECRET", None, None, "test"))
                .behavior_version($krate::config::BehaviorVersion::latest())
                .retry_config($krate::config::retry::RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(1)))
                .build(),
        )
    }};
}

/// A body of unknown length: its chunks, handed out one poll at a time.
struct Chunks(VecDeque<bytes::Bytes>);

impl http_body::Body for Chunks {
    type Data = bytes::Bytes;
    type Error = std::io::Error;
    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        Poll::Ready(self.0.pop_front().map(|chunk| Ok(http_body::Frame::data(chunk))))
    }
}

/// Bytes that are not all the same, so that a reordered or cut body shows.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::write(&path, contents).expect("write the temporary file");
    path
}

#[tokio::test]
#[allow(deprecated)] // InvokeAsync is deprecated in the model, and is Lambda's streaming upload.
async fn a_file_upload_has_its_length_and_is_retried_whole() {
    use sdk_lambda::primitives::ByteStream;
    let contents = pattern(3 * 1024 * 1024 + 17);
    let path = temp_file("upload", &contents);
    let server = serve_faults(vec![
        Fault::Raw(500, "application/json", br#"{"message":"busy"}"#.to_vec()),
        Fault::Raw(202, "application/json", b"{}".to_vec()),
    ])
    .await;
    let client = client!(sdk_lambda, &server.endpoint);
    let body = ByteStream::from_path(&path).await.expect("the file opens");
    let output = client.invoke_async().function_name("exporter").invoke_args(body).send().await.expect("accepted on the second attempt");
    assert_eq!(output.status(), 202);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the 500 is retried with the file sent again");
    for request in &requests {
        assert!(request.head.starts_with("POST /2014-11-13/functions/exporter/invoke-async "), "{}", request.head);
        assert_eq!(request.header("content-length"), Some(contents.len().to_string().as_str()));
        assert_eq!(request.header("transfer-encoding"), None);
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert!(request.header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 ")));
        assert!(request.raw_body == contents, "the whole file, in order ({} bytes arrived)", request.raw_body.len());
    }
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
#[allow(deprecated)]
async fn a_body_of_unknown_length_goes_chunked_and_is_not_retried() {
    use sdk_lambda::primitives::ByteStream;
    let chunks: VecDeque<bytes::Bytes> = (0..40).map(|i| bytes::Bytes::from(vec![i as u8; 1000 + i])).collect();
    let expected: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
    let server = serve_faults(vec![Fault::Raw(500, "application/json", br#"{"message":"busy"}"#.to_vec())]).await;
    let client = client!(sdk_lambda, &server.endpoint);
    let body = ByteStream::from_body_1_x(Chunks(chunks));
    let error = client.invoke_async().function_name("exporter").invoke_args(body).send().await.expect_err("the server fails");
    assert!(error.raw_response().is_some_and(|r| r.status().as_u16() == 500), "{error:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a body that cannot be rewound is sent once");
    assert_eq!(requests[0].header("transfer-encoding"), Some("chunked"));
    assert_eq!(requests[0].header("content-length"), None);
    assert!(requests[0].raw_body == expected, "every chunk, in order ({} bytes arrived)", requests[0].raw_body.len());
}

#[tokio::test]
async fn a_download_is_read_chunk_by_chunk() {
    let audio = pattern(4 * 1024 * 1024);
    let served = audio.clone();
    let server = serve_replies(move |_| Reply {
        status: 200,
        headers: vec![("content-type".into(), "audio/mpeg".into()), ("x-amzn-requestcharacters".into(), "5".into())],
        // The capture server sends text; these bytes are all below 0x80, so they stay as they are.
        body: served.iter().map(|b| (b % 128) as char).collect(),
    })
    .await;
    let client = client!(sdk_polly, &server.endpoint);
    let mut output = client
        .synthesize_speech()
        .output_format(sdk_polly::types::OutputFormat::Mp3)
        .text("hello")
        .voice_id(sdk_polly::types::VoiceId::Joanna)
        .send()
        .await
        .expect("synthesized");
    assert_eq!(output.content_type(), Some("audio/mpeg"));
    assert_eq!(output.request_characters(), 5);
    let (mut chunks, mut received) = (0, Vec::new());
    while let Some(chunk) = output.audio_stream.next().await {
        let chunk = chunk.expect("a chunk");
        chunks += 1;
        received.extend_from_slice(&chunk);
    }
    let expected: Vec<u8> = audio.iter().map(|b| b % 128).collect();
    assert!(received == expected, "the whole stream ({} bytes)", received.len());
    assert!(chunks > 1, "the body arrives in several chunks, not whole ({chunks})");
}

#[tokio::test]
async fn lambda_function_errors_arrive_in_the_output() {
    let server = serve_replies(|_| Reply {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-amz-function-error".into(), "Unhandled".into()),
            ("x-amz-executed-version".into(), "$LATEST".into()),
        ],
        body: r#"{"errorMessage":"boom","errorType":"Exception"}"#.into(),
    })
    .await;
    let client = client!(sdk_lambda, &server.endpoint);
    let payload = sdk_lambda::primitives::Blob::new(&br#"{"order":42}"#[..]);
    let output = client.invoke().function_name("exporter").payload(payload).send().await.expect("invoked");
    assert_eq!(output.status_code(), 200);
    assert_eq!(output.function_error(), Some("Unhandled"));
    assert_eq!(output.executed_version(), Some("$LATEST"));
    assert_eq!(output.payload().map(|p| p.as_ref()), Some(&br#"{"errorMessage":"boom","errorType":"Exception"}"#[..]));
    let request = &server.captured()[0];
    assert!(request.head.starts_with("POST /2015-03-31/functions/exporter/invocations "), "{}", request.head);
    assert_eq!(request.body, r#"{"order":42}"#);
}
