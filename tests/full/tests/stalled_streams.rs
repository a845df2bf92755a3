//! Stalled-stream protection beside aws-sdk-s3's: a download whose server stops sending
//! and an upload whose server stops reading both fail soon after the grace period, instead
//! of hanging; with the protection disabled, the download waits.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod official {
    use aws_sdk_s3 as s3;
    include!("../compat/stall_scenario.rs");
}

mod generated {
    use sdk_s3 as s3;
    include!("../compat/stall_scenario.rs");
}

/// A server that reads each request's head, then either answers 200 with a 100-byte body
/// of which it sends 10 bytes (`download`), or stops reading (`upload`); either way it
/// holds the connection open for a minute.
async fn stalling_server(download: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.is_ok_and(|n| n == 1) {
                    head.push(byte[0]);
                }
                if download {
                    let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789").await;
                }
                tokio::time::sleep(Duration::from_secs(60)).await;
            });
        }
    });
    endpoint
}

#[tokio::test]
async fn a_stalled_download_fails_after_the_grace_period_as_in_aws_sdk_s3() {
    let endpoint = stalling_server(true).await;
    for (who, outcome) in [
        (
            "aws-sdk-s3",
            Box::pin(async { official::download(&official::client(&endpoint, official::quick())).await })
                as std::pin::Pin<Box<dyn std::future::Future<Output = String>>>,
        ),
        ("generated", Box::pin(async { generated::download(&generated::client(&endpoint, generated::quick())).await })),
    ] {
        let started = Instant::now();
        let outcome = tokio::time::timeout(Duration::from_secs(20), outcome).await.expect("no hang");
        assert!(outcome.starts_with("the body failed"), "{who}: {outcome}");
        assert!(started.elapsed() < Duration::from_secs(10), "{who}: {:?}", started.elapsed());
        if who == "generated" {
            assert!(outcome.contains("stalled") && outcome.contains("1s"), "{outcome}");
        }
    }
    // Disabled: the read waits for data that does not come.
    let disabled = generated::client(&endpoint, sdk_s3::config::StalledStreamProtectionConfig::disabled());
    let waited = tokio::time::timeout(Duration::from_secs(3), generated::download(&disabled)).await;
    assert!(waited.is_err(), "without protection the read waits: {waited:?}");
}

#[tokio::test]
async fn a_stalled_upload_fails_after_the_grace_period_as_in_aws_sdk_s3() {
    // Larger than what the sockets' buffers take while nobody reads.
    let path = std::env::temp_dir().join(format!("stalled-upload-{}", std::process::id()));
    std::fs::write(&path, vec![7u8; 64 << 20]).expect("a file");
    let endpoint = stalling_server(false).await;
    for (who, outcome) in [
        (
            "aws-sdk-s3",
            Box::pin(async { official::upload(&official::client(&endpoint, official::quick()), &path).await })
                as std::pin::Pin<Box<dyn std::future::Future<Output = String>>>,
        ),
        ("generated", Box::pin(async { generated::upload(&generated::client(&endpoint, generated::quick()), &path).await })),
    ] {
        let started = Instant::now();
        let outcome = tokio::time::timeout(Duration::from_secs(30), outcome).await.expect("no hang");
        assert!(outcome.starts_with("the call failed"), "{who}: {outcome}");
        assert!(started.elapsed() < Duration::from_secs(15), "{who}: {:?}", started.elapsed());
        if who == "generated" {
            assert!(outcome.contains("request body stalled"), "{outcome}");
        }
    }
    let _ = std::fs::remove_file(&path);
}
