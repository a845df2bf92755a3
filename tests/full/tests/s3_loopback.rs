//! The S3 crate over a loopback server, for what moto does not do: errors S3 answers with
//! a 200 (CopyObject and others), retried when they are transient (`InternalError`), as
//! aws-sdk-s3 reads and retries them.

use full_sdk_tests::capture::{serve_replies, Reply};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn client(endpoint: &str) -> sdk_s3::Client {
    sdk_s3::Client::from_conf(
        sdk_s3::Config::builder()
            .region(sdk_s3::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(sdk_s3::config::Credentials::new("AKID", "secret", None, None, "test"))
            .behavior_version(sdk_s3::config::BehaviorVersion::latest())
            .force_path_style(true)
            .build(),
    )
}

fn error_document(code: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>it failed after all</Message></Error>")
}

const COPIED: &str = "<CopyObjectResult><ETag>\"abc\"</ETag><LastModified>2024-01-01T00:00:00Z</LastModified></CopyObjectResult>";

#[tokio::test]
async fn a_200_holding_an_error_document_is_that_error() {
    let server = serve_replies(|_| Reply::xml(200, error_document("AccessDenied"))).await;
    let error = client(&server.endpoint)
        .copy_object()
        .bucket("b")
        .key("copy")
        .copy_source("b/original")
        .send()
        .await
        .expect_err("the 200 is an error");
    use sdk_s3::error::ProvideErrorMetadata;
    assert_eq!(error.code(), Some("AccessDenied"));
    assert_eq!(error.message(), Some("it failed after all"));
    assert_eq!(server.captured().len(), 1, "AccessDenied is not retried");
}

#[tokio::test]
async fn an_internal_error_in_a_200_is_retried() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let seen = attempts.clone();
    let server = serve_replies(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::xml(200, error_document("InternalError"))
        } else {
            Reply::xml(200, COPIED.to_owned())
        }
    })
    .await;
    let copied = client(&server.endpoint).copy_object().bucket("b").key("copy").copy_source("b/original").send().await.expect("copied");
    assert_eq!(copied.copy_object_result().and_then(|r| r.e_tag()), Some("\"abc\""));
    assert_eq!(attempts.load(Ordering::SeqCst), 3, "two InternalErrors, then the copy");
}
