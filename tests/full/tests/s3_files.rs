//! S3 uploads and downloads of files: a multipart upload read from disk part by part,
//! where a part that fails is sent again on its own (its body rewound from the file), not
//! the whole upload; and bad input that must end in errors naming what was wrong, never
//! in short data: a bucket name that cannot be a host, a download cut short, error bodies
//! that are not XML.

use full_sdk_tests::capture::{serve_replies, Captured, Reply};
use sdk_s3::primitives::{ByteStream, Length};
use sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use std::sync::{Arc, Mutex};

fn client(endpoint: &str) -> sdk_s3::Client {
    full_sdk_tests::s3_path_style(endpoint)
}

/// The data of an `aws-chunked` body (chunks of `size;…\r\ndata\r\n`, a zero chunk, trailers).
fn unchunked(body: &[u8]) -> Vec<u8> {
    let mut data = Vec::new();
    let mut at = 0;
    loop {
        let line_end = at + body[at..].windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let line = std::str::from_utf8(&body[at..line_end]).expect("a UTF-8 size line");
        let size = usize::from_str_radix(line.split(';').next().unwrap_or_default(), 16).expect("a hex size");
        if size == 0 {
            return data;
        }
        data.extend_from_slice(&body[line_end + 2..line_end + 2 + size]);
        at = line_end + 2 + size + 2;
    }
}

/// A part as the server received it: its number and its data.
type ReceivedPart = (u32, Vec<u8>);

fn part_number(request: &Captured) -> Option<u32> {
    let query = request.head.lines().next()?.split(' ').nth(1)?.split_once('?')?.1.to_owned();
    query.split('&').find_map(|p| p.strip_prefix("partNumber=")).and_then(|n| n.parse().ok())
}

#[tokio::test]
async fn a_file_goes_up_in_parts_and_a_failed_part_is_retried_alone() {
    const PART: usize = 5 * 1024 * 1024;
    let data: Vec<u8> = (0..(2 * PART + 1234)).map(|i| (i % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("s3-multipart-{}", std::process::id()));
    std::fs::write(&path, &data).expect("a temporary file");

    // Part 2 fails once with a 500; every request is kept.
    let parts: Arc<Mutex<Vec<ReceivedPart>>> = Arc::default();
    let seen = parts.clone();
    let server = serve_replies(move |request| {
        if request.head.starts_with("POST") && request.head.contains("?uploads") {
            return Reply::xml(200, "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>big.bin</Key><UploadId>UP1</UploadId></InitiateMultipartUploadResult>".into());
        }
        if request.head.starts_with("POST") {
            return Reply::xml(200, "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>big.bin</Key><ETag>\"whole\"</ETag></CompleteMultipartUploadResult>".into());
        }
        let number = part_number(request).expect("an UploadPart");
        let mut seen = seen.lock().unwrap();
        seen.push((number, unchunked(&request.raw_body)));
        if number == 2 && seen.iter().filter(|(n, _)| *n == 2).count() == 1 {
            return Reply::xml(500, "<Error><Code>InternalError</Code><Message>try again</Message></Error>".into());
        }
        let mut reply = Reply::xml(200, String::new());
        reply.headers.push(("ETag".into(), format!("\"etag-{number}\"")));
        reply
    })
    .await;

    let client = client(&server.endpoint);
    let upload = client.create_multipart_upload().bucket("b").key("big.bin").send().await.expect("an upload");
    let upload_id = upload.upload_id().expect("an upload id").to_owned();
    let mut completed = Vec::new();
    for (index, offset) in (0..data.len()).step_by(PART).enumerate() {
        let length = PART.min(data.len() - offset) as u64;
        let body = ByteStream::read_from()
            .path(&path)
            .offset(offset as u64)
            .length(Length::Exact(length))
            .build()
            .await
            .expect("a part of the file");
        let number = index as i32 + 1;
        let part = client
            .upload_part()
            .bucket("b")
            .key("big.bin")
            .upload_id(&upload_id)
            .part_number(number)
            .body(body)
            .send()
            .await
            .expect("the part goes up");
        completed.push(CompletedPart::builder().part_number(number).set_e_tag(part.e_tag().map(str::to_owned)).build());
    }
    let whole = CompletedMultipartUpload::builder().set_parts(Some(completed)).build();
    let done = client
        .complete_multipart_upload()
        .bucket("b")
        .key("big.bin")
        .upload_id(&upload_id)
        .multipart_upload(whole)
        .send()
        .await
        .expect("completed");
    assert_eq!(done.e_tag(), Some("\"whole\""));
    let _ = std::fs::remove_file(&path);

    let parts = parts.lock().unwrap().clone();
    let numbers: Vec<u32> = parts.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, [1, 2, 2, 3], "only the failed part is sent again");
    for (number, body) in &parts {
        let start = (*number as usize - 1) * PART;
        let end = (start + PART).min(data.len());
        assert!(body.as_slice() == &data[start..end], "part {number} holds its slice of the file ({} bytes)", body.len());
    }
}

#[tokio::test]
async fn a_bucket_name_that_cannot_be_a_host_goes_in_the_path_or_fails_before_anything_is_sent() {
    let server = serve_replies(|_| Reply::xml(200, String::new())).await;
    let config = |accelerate: bool| {
        sdk_s3::Config::builder()
            .region(sdk_s3::config::Region::new("us-east-1"))
            .endpoint_url(&server.endpoint)
            .credentials_provider(sdk_s3::config::Credentials::new("AKID", "secret", None, None, "test"))
            .behavior_version(sdk_s3::config::BehaviorVersion::latest())
            .accelerate(accelerate)
            .build()
    };
    // Not a host label: path style, as the rules (and aws-sdk-s3) address it.
    let virtual_hosted = sdk_s3::Client::from_conf(config(false));
    virtual_hosted.get_object().bucket("My_Bucket").key("k").send().await.expect("sent in path style");
    let sent = server.captured();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].head.starts_with("GET /My_Bucket/k?"), "{}", sent[0].head);
    // No bucket, or a bucket acceleration cannot address: errors that say so, nothing sent.
    let error = virtual_hosted.get_object().bucket("").key("k").send().await.expect_err("no bucket");
    let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("Bucket"), "the error names the bucket: {text}");
    let accelerated = sdk_s3::Client::from_conf(config(true));
    let error = accelerated.get_object().bucket("My_Bucket").key("k").send().await.expect_err("not addressable");
    let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("ccelerat"), "the rules' error: {text}");
    assert_eq!(server.captured().len(), 1, "nothing more is sent");
}

#[tokio::test]
async fn a_download_cut_short_is_an_error_not_short_data() {
    // A raw server that promises 1,000 bytes and closes after 10.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n\r\n0123456789")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let output = client(&endpoint).get_object().bucket("b").key("k").send().await.expect("the head arrives");
    let error = output.body.collect().await.expect_err("the body is short");
    let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
    assert!(!text.is_empty(), "the error says why: {text}");
}

#[tokio::test]
async fn error_bodies_that_are_not_xml_are_errors_with_the_status() {
    use sdk_s3::error::ProvideErrorMetadata;
    for (status, body) in [(503u16, "<html><body>Service Unavailable</body></html>"), (400, "not xml at all"), (403, "")] {
        let server =
            serve_replies(move |_| Reply { status, headers: vec![("content-type".into(), "text/html".into())], body: body.to_owned() })
                .await;
        let retries = sdk_s3::config::RetryConfig::disabled();
        let client = sdk_s3::Client::from_conf(client(&server.endpoint).config().to_builder().retry_config(retries).build());
        let error = client.get_object().bucket("b").key("k").send().await.expect_err("an error status");
        let raw_status = error.raw_response().map(|r| r.status().as_u16());
        assert_eq!(raw_status, Some(status), "the response is kept: {error:?}");
        let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
        if !body.is_empty() {
            let expected = format!("HTTP status {status} with an unreadable error body");
            assert!(text.contains(&expected), "the error says what was wrong: {text}");
        }
        let service_error = error.into_service_error();
        assert_eq!(service_error.code(), None, "no code from a body without one: {service_error:?}");
    }
}
