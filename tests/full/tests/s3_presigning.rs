//! Presigned S3 requests: the same method, URI and headers as aws-sdk-s3 presigns for the
//! same inputs, credentials and time, for each operation it lets callers presign; and a
//! presigned GET fetched from moto by a plain HTTP client without credentials.

use std::time::{Duration, SystemTime};

/// 2024-05-01T12:00:00Z.
fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_564_800)
}

fn official(path_style: bool) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    let mut config = aws_sdk_s3::Config::builder()
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test"))
        .behavior_version(BehaviorVersion::latest());
    if path_style {
        config = config.endpoint_url("http://127.0.0.1:5000").force_path_style(true);
    }
    aws_sdk_s3::Client::from_conf(config.build())
}

fn generated(path_style: bool) -> sdk_s3::Client {
    use sdk_s3::config::{BehaviorVersion, Credentials, Region};
    let mut config = sdk_s3::Config::builder()
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test"))
        .behavior_version(BehaviorVersion::latest());
    if path_style {
        config = config.endpoint_url("http://127.0.0.1:5000").force_path_style(true);
    }
    sdk_s3::Client::from_conf(config.build())
}

/// A presigned request as method, URI and sorted headers.
type Presigned = (String, String, Vec<(String, String)>);

fn parts<'a>(method: &str, uri: &str, headers: impl Iterator<Item = (&'a str, &'a str)>) -> Presigned {
    let mut headers: Vec<(String, String)> = headers.map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    headers.sort();
    (method.to_owned(), uri.to_owned(), headers)
}

macro_rules! presign_both {
    ($path_style:expr, |$client:ident| $call:expr) => {{
        let theirs = {
            let $client = official($path_style);
            let config = aws_sdk_s3::presigning::PresigningConfig::builder()
                .start_time(start())
                .expires_in(Duration::from_secs(900))
                .build()
                .expect("a presigning config");
            let presigned = $call.presigned(config).await.expect("aws-sdk-s3 presigns");
            parts(presigned.method(), presigned.uri(), presigned.headers())
        };
        let ours = {
            let $client = generated($path_style);
            let config = sdk_s3::presigning::PresigningConfig::builder()
                .start_time(start())
                .expires_in(Duration::from_secs(900))
                .build()
                .expect("a presigning config");
            let presigned = $call.presigned(config).await.expect("the generated client presigns");
            parts(presigned.method(), presigned.uri(), presigned.headers())
        };
        (theirs, ours)
    }};
}

#[tokio::test]
async fn presigned_requests_are_the_ones_aws_sdk_s3_presigns() {
    for path_style in [false, true] {
        let cases = [
            presign_both!(path_style, |c| c.get_object().bucket("photos").key("2024/cat picture.jpg")),
            presign_both!(path_style, |c| c.get_object().bucket("photos").key("a/b").response_content_type("image/png").version_id("v1")),
            presign_both!(path_style, |c| c.put_object().bucket("photos").key("upload.bin")),
            presign_both!(path_style, |c| c
                .put_object()
                .bucket("photos")
                .key("typed.txt")
                .content_type("text/plain")
                .metadata("owner", "me")),
            presign_both!(path_style, |c| c.head_object().bucket("photos").key("cat.jpg")),
            presign_both!(path_style, |c| c.upload_part().bucket("photos").key("big.bin").upload_id("UPLOAD").part_number(3)),
            presign_both!(path_style, |c| c.delete_object().bucket("photos").key("old.jpg")),
        ];
        for (theirs, ours) in cases {
            assert!(ours.1.contains("X-Amz-Signature="), "signed in the query: {}", ours.1);
            assert_eq!(ours, theirs, "path style: {path_style}");
        }
    }
}

#[test]
fn a_presigning_config_is_at_most_a_week_long() {
    use sdk_s3::presigning::PresigningConfig;
    assert!(PresigningConfig::expires_in(Duration::from_secs(7 * 24 * 3600)).is_ok());
    let error = PresigningConfig::expires_in(Duration::from_secs(7 * 24 * 3600 + 1)).expect_err("too long");
    assert_eq!(error.to_string(), "`expires_in` must be no longer than one week");
    let error = PresigningConfig::builder().build().expect_err("no expiry");
    assert_eq!(error.to_string(), "`expires_in` is required");
}

/// GETs `uri` (`http://host:port/…`) with a bare HTTP/1.1 request; returns status and body.
fn plain_get(uri: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = uri.strip_prefix("http://").expect("an http URI");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut stream = std::net::TcpStream::connect(host).expect("the server answers");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("sent");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let mut body = response[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        // One chunk is all moto sends for a small object.
        let text = String::from_utf8_lossy(&body).into_owned();
        let (size, rest) = text.split_once("\r\n").expect("a chunk");
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        body = rest.as_bytes()[..size].to_vec();
    }
    (status, body)
}

#[tokio::test]
async fn a_presigned_get_is_fetched_without_credentials() {
    use sdk_s3::config::{BehaviorVersion, Credentials, Region};
    let moto = full_sdk_tests::moto::server();
    let client = sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(&moto.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .behavior_version(BehaviorVersion::latest())
            .force_path_style(true)
            .build(),
    );
    client.create_bucket().bucket("presigned-objects").send().await.expect("bucket created");
    let body = sdk_s3::primitives::ByteStream::from_static(b"shared with a link");
    client.put_object().bucket("presigned-objects").key("note.txt").body(body).send().await.expect("put");
    let config = sdk_s3::presigning::PresigningConfig::expires_in(Duration::from_secs(300)).expect("a config");
    let presigned = client.get_object().bucket("presigned-objects").key("note.txt").presigned(config).await.expect("presigned");
    assert_eq!(presigned.method(), "GET");
    let uri = presigned.uri().to_owned();
    let (status, fetched) = tokio::task::spawn_blocking(move || plain_get(&uri)).await.expect("fetched");
    assert_eq!((status, fetched.as_slice()), (200, &b"shared with a link"[..]));
}
