//! The S3 crate over a loopback server, for what moto does not do: errors S3 answers with
//! a 200 (CopyObject and others), retried when they are transient (`InternalError`), as
//! aws-sdk-s3 reads and retries them.

use full_sdk_tests::capture::{serve_replies, Reply};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn client(endpoint: &str) -> sdk_s3::Client {
    full_sdk_tests::s3_path_style(endpoint)
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

#[tokio::test]
async fn the_extended_request_id_is_on_outputs_and_errors() {
    use sdk_s3::operation::{RequestId, RequestIdExt};
    let server = serve_replies(|request| {
        let ids = vec![("x-amz-request-id".to_owned(), "REQ1".to_owned()), ("x-amz-id-2".to_owned(), "EXT/id+2=".to_owned())];
        if request.head.starts_with("HEAD") {
            Reply { status: 404, headers: ids, body: String::new() }
        } else {
            let mut reply = Reply::xml(200, COPIED.to_owned());
            reply.headers.extend(ids);
            reply
        }
    })
    .await;
    let client = client(&server.endpoint);
    let copied = client.copy_object().bucket("b").key("copy").copy_source("b/original").send().await.expect("copied");
    assert_eq!((copied.request_id(), copied.extended_request_id()), (Some("REQ1"), Some("EXT/id+2=")));
    let result = client.head_object().bucket("b").key("missing").send().await;
    assert_eq!(result.extended_request_id(), Some("EXT/id+2="), "on the SdkError, from the response");
    let error = result.expect_err("missing");
    let service_error = error.into_service_error();
    assert!(service_error.is_not_found());
    assert_eq!(service_error.extended_request_id(), Some("EXT/id+2="), "on the operation error, from its metadata");
    assert_eq!(service_error.request_id(), Some("REQ1"));
    let error = sdk_s3::Error::from(service_error);
    assert_eq!(error.extended_request_id(), Some("EXT/id+2="), "on the service's Error");
}

#[tokio::test]
#[allow(deprecated)]
async fn expires_is_kept_as_sent_and_parsed_only_when_it_is_a_date() {
    for (sent, parsed) in [("Thu, 01 Dec 1994 16:00:00 GMT", Some(786297600)), ("in a week or so", None)] {
        let server =
            serve_replies(move |_| Reply { status: 200, headers: vec![("Expires".to_owned(), sent.to_owned())], body: String::new() })
                .await;
        let head = client(&server.endpoint).head_object().bucket("b").key("k").send().await.expect("an unparsable Expires is no error");
        assert_eq!(head.expires_string(), Some(sent));
        assert_eq!(head.expires().map(|t| t.secs()), parsed);
    }
}

#[tokio::test]
async fn list_parts_pages_end_where_is_truncated_says_so() {
    let server = serve_replies(|request| {
        let last = request.head.contains("part-number-marker=2");
        let (truncated, next, part) = if last { ("false", 3, 3) } else { ("true", 2, 1) };
        Reply::xml(
            200,
            format!(
                "<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>U</UploadId><IsTruncated>{truncated}</IsTruncated>\
                 <NextPartNumberMarker>{next}</NextPartNumberMarker><Part><PartNumber>{part}</PartNumber><ETag>\"e\"</ETag></Part></ListPartsResult>"
            ),
        )
    })
    .await;
    let pages: Vec<_> =
        client(&server.endpoint).list_parts().bucket("b").key("k").upload_id("U").into_paginator().send().collect::<Vec<_>>().await;
    assert_eq!(pages.len(), 2, "the page with IsTruncated false is the last, marker or not");
    assert!(pages.iter().all(Result::is_ok));
    assert_eq!(server.captured().len(), 2);
}

#[tokio::test]
async fn a_download_whose_checksum_does_not_match_fails_naming_both_sums() {
    let server = serve_replies(|_| Reply {
        status: 200,
        headers: vec![("x-amz-checksum-crc32".to_owned(), "AAAAAA==".to_owned())],
        body: "hello".to_owned(),
    })
    .await;
    let object = client(&server.endpoint).get_object().bucket("b").key("k").send().await.expect("the head arrives");
    let error = object.body.collect().await.expect_err("the body does not match its checksum");
    let text = sdk_s3::error::DisplayErrorContext(&error).to_string();
    // CRC32 of "hello" is NhCmhg==.
    assert!(text.contains("AAAAAA==") && text.contains("NhCmhg=="), "both sums: {text}");
}
