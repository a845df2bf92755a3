//! What the generated RDS client puts on the wire and how it reads responses, checked
//! against a loopback capture server.

use sdk_rds::config::{BehaviorVersion, Credentials, Region};
use sdk_rds::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use sdk_rds::operation::RequestId;
use sdk_rds::types::{ExportSourceType, Filter};
use sdk_rds::{Client, Config};
use sdk_tests::capture::{serve, CaptureServer};

fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(sdk_rds::config::RetryConfig::disabled())
        .behavior_version(BehaviorVersion::latest())
        .build();
    Client::from_conf(config)
}

const EXPORT_TASK_XML: &str = r#"<StartExportTaskResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
  <StartExportTaskResult>
    <ExportTaskIdentifier>my-export</ExportTaskIdentifier>
    <SourceArn>arn:aws:rds:us-east-1:123456789012:snapshot:snap</SourceArn>
    <ExportOnly><member>db.t1</member><member>db.t2</member></ExportOnly>
    <SnapshotTime>2020-03-27T20:48:42.023Z</SnapshotTime>
    <S3Bucket>bucket</S3Bucket>
    <S3Prefix/>
    <Status>STARTING</Status>
    <PercentProgress>42</PercentProgress>
    <TotalExtractedDataInGB>7</TotalExtractedDataInGB>
    <FailureCause>a &amp; b &lt;c&gt; &#233;</FailureCause>
    <SourceType>SNAPSHOT</SourceType>
    <SomethingNewerThanThisClient><Nested>ignored</Nested></SomethingNewerThanThisClient>
  </StartExportTaskResult>
  <ResponseMetadata><RequestId>body-request-id</RequestId></ResponseMetadata>
</StartExportTaskResponse>"#;

async fn start_export(
    server: &CaptureServer,
) -> Result<
    sdk_rds::operation::start_export_task::StartExportTaskOutput,
    SdkError<sdk_rds::operation::start_export_task::StartExportTaskError>,
> {
    client(&server.endpoint)
        .start_export_task()
        .export_task_identifier("my-export")
        .source_arn("arn:aws:rds:us-east-1:123456789012:snapshot:snap")
        .s3_bucket_name("bucket")
        .iam_role_arn("arn:aws:iam::123456789012:role/export")
        .kms_key_id("key/1 2+3")
        .export_only("db.t1")
        .export_only("db.t2")
        .send()
        .await
}

#[tokio::test]
async fn start_export_task_request_is_the_exact_query_body_signed_for_rds() {
    let server = serve(vec![(200, EXPORT_TASK_XML.into())]).await;
    start_export(&server).await.expect("the call succeeds");
    let captured = server.captured();
    assert_eq!(captured.len(), 1);
    let request = &captured[0];
    assert_eq!(
        request.body,
        "Action=StartExportTask&Version=2014-10-31&ExportTaskIdentifier=my-export\
         &SourceArn=arn%3Aaws%3Ards%3Aus-east-1%3A123456789012%3Asnapshot%3Asnap&S3BucketName=bucket\
         &IamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fexport&KmsKeyId=key%2F1%202%2B3\
         &ExportOnly.member.1=db.t1&ExportOnly.member.2=db.t2"
    );
    assert!(request.head.starts_with("POST / HTTP/1.1"), "{}", request.head);
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let auth = request.header("authorization").expect("signed");
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{auth}");
    assert!(auth.contains("/us-east-1/rds/aws4_request"), "{auth}");
    assert!(request.header("x-amz-date").is_some());
}

#[tokio::test]
async fn export_task_output_parses_every_member() {
    let server = serve(vec![(200, EXPORT_TASK_XML.into())]).await;
    let out = start_export(&server).await.expect("the call succeeds");
    assert_eq!(out.export_task_identifier(), Some("my-export"));
    assert_eq!(out.source_arn(), Some("arn:aws:rds:us-east-1:123456789012:snapshot:snap"));
    assert_eq!(out.export_only(), ["db.t1", "db.t2"]);
    let time = out.snapshot_time().expect("snapshot time");
    assert_eq!((time.secs(), time.subsec_nanos()), (1_585_342_122, 23_000_000));
    assert_eq!(out.s3_bucket(), Some("bucket"));
    assert_eq!(out.s3_prefix(), Some(""));
    assert_eq!(out.status(), Some("STARTING"));
    assert_eq!(out.percent_progress(), Some(42));
    assert_eq!(out.total_extracted_data_in_gb(), Some(7));
    assert_eq!(out.failure_cause(), Some("a & b <c> \u{e9}"));
    assert_eq!(out.source_type(), Some(&ExportSourceType::Snapshot));
    assert_eq!(out.task_end_time(), None);
    assert_eq!(out.iam_role_arn(), None);
    // The header's request id wins over the body's, as in aws-sdk-rds.
    assert_eq!(out.request_id(), Some("header-request-id"));
}

#[tokio::test]
async fn describe_export_tasks_serializes_structure_lists_enums_and_integers() {
    let body = r#"<DescribeExportTasksResponse><DescribeExportTasksResult>
        <Marker>next</Marker>
        <ExportTasks>
          <ExportTask><ExportTaskIdentifier>a</ExportTaskIdentifier><SourceType>CLUSTER</SourceType></ExportTask>
          <ExportTask><ExportTaskIdentifier>b</ExportTaskIdentifier><SourceType>FUTURE_KIND</SourceType></ExportTask>
        </ExportTasks>
      </DescribeExportTasksResult></DescribeExportTasksResponse>"#;
    let server = serve(vec![(200, body.into())]).await;
    let out = client(&server.endpoint)
        .describe_export_tasks()
        .filters(Filter::builder().name("status").values("COMPLETE").values("FAILED").build())
        .filters(Filter::builder().name("s3-bucket").values("b").build())
        .max_records(20)
        .source_type(ExportSourceType::Cluster)
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(
        server.captured()[0].body,
        "Action=DescribeExportTasks&Version=2014-10-31\
         &Filters.Filter.1.Name=status&Filters.Filter.1.Values.Value.1=COMPLETE&Filters.Filter.1.Values.Value.2=FAILED\
         &Filters.Filter.2.Name=s3-bucket&Filters.Filter.2.Values.Value.1=b&MaxRecords=20&SourceType=CLUSTER"
    );
    assert_eq!(out.marker(), Some("next"));
    let tasks = out.export_tasks();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].source_type(), Some(&ExportSourceType::Cluster));
    // A value this client does not know is kept, not lost.
    assert_eq!(tasks[1].source_type().map(|t| t.as_str()), Some("FUTURE_KIND"));
    assert_eq!(out.request_id(), Some("header-request-id"));
}

#[tokio::test]
async fn an_empty_list_is_sent_as_an_empty_value() {
    let server = serve(vec![(200, "<DescribeExportTasksResponse/>".into())]).await;
    let out = client(&server.endpoint).describe_export_tasks().set_filters(Some(vec![])).send().await.expect("ok");
    assert_eq!(server.captured()[0].body, "Action=DescribeExportTasks&Version=2014-10-31&Filters=");
    assert!(out.export_tasks().is_empty());
}

#[tokio::test]
async fn modeled_errors_become_their_variant_with_message_and_request_id() {
    let body = r#"<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>
        <Code>DBSnapshotNotFound</Code><Message>DBSnapshot snap not found.</Message></Error>
        <RequestId>err-request-id</RequestId></ErrorResponse>"#;
    let server = serve(vec![(404, body.into())]).await;
    let err = start_export(&server).await.expect_err("the service said no");
    let service_error = err.into_service_error();
    assert!(service_error.is_db_snapshot_not_found_fault(), "{service_error:?}");
    assert_eq!(service_error.code(), Some("DBSnapshotNotFound"));
    assert_eq!(service_error.message(), Some("DBSnapshot snap not found."));
    assert_eq!(service_error.request_id(), Some("header-request-id"));
    match &service_error {
        sdk_rds::operation::start_export_task::StartExportTaskError::DbSnapshotNotFoundFault(fault) => {
            assert_eq!(fault.message(), Some("DBSnapshot snap not found."));
            assert_eq!(fault.to_string(), "DbSnapshotNotFoundFault [DBSnapshotNotFoundFault]: DBSnapshot snap not found.");
        }
        other => panic!("wrong variant: {other:?}"),
    }
    // The service-wide error keeps the variant.
    let any: sdk_rds::Error = service_error.into();
    assert!(matches!(any, sdk_rds::Error::DbSnapshotNotFoundFault(_)));
}

#[tokio::test]
async fn unmodeled_errors_keep_code_message_and_request_id() {
    let body = "<ErrorResponse><Error><Code>SomethingElse</Code><Message>nope</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
    let server = serve(vec![(400, body.into())]).await;
    let err = start_export(&server).await.expect_err("error").into_service_error();
    assert_eq!(err.code(), Some("SomethingElse"));
    assert_eq!(err.message(), Some("nope"));
    assert_eq!(err.request_id(), Some("header-request-id"));
    assert_eq!(err.to_string(), "unhandled error (SomethingElse)");
}

#[tokio::test]
async fn a_missing_required_member_is_named_and_nothing_is_sent() {
    let server = serve(vec![(200, EXPORT_TASK_XML.into())]).await;
    let err = client(&server.endpoint)
        .start_export_task()
        .export_task_identifier("x")
        .source_arn("arn")
        .s3_bucket_name("b")
        .kms_key_id("k")
        .send()
        .await
        .expect_err("IamRoleArn is required");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("IamRoleArn"), "{text}");
    assert!(server.captured().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn an_input_builder_sends_with_a_client_and_says_so_without_one() {
    use sdk_rds::operation::start_export_task::StartExportTaskInput;
    let server = serve(vec![(200, EXPORT_TASK_XML.into())]).await;
    let input = StartExportTaskInput::builder()
        .export_task_identifier("x")
        .source_arn("arn")
        .s3_bucket_name("b")
        .iam_role_arn("role")
        .kms_key_id("k");
    let err = input.clone().send().await.expect_err("no client to send with");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("StartExportTask builder was not made by a client") && text.contains("send_with"), "{text}");
    assert!(server.captured().is_empty(), "nothing may be sent");
    let output = input.send_with(&client(&server.endpoint)).await.expect("sent with the client");
    assert_eq!(output.export_task_identifier(), Some("my-export"));
    assert_eq!(server.captured().len(), 1);
}

async fn response_error(body: &str) -> String {
    let server = serve(vec![(200, body.into())]).await;
    let err = start_export(&server).await.expect_err("the response is unusable");
    // As in aws-sdk-rds: an unreadable response is a service error of the unhandled kind.
    let SdkError::ServiceError(context) = &err else { panic!("expected a service error, got {err:?}") };
    assert_eq!(context.err().code(), None);
    DisplayErrorContext(&err).to_string()
}

#[tokio::test]
async fn malformed_responses_are_response_errors_that_say_what_was_wrong() {
    let truncated = &EXPORT_TASK_XML[..EXPORT_TASK_XML.len() / 2];
    let text = response_error(truncated).await;
    assert!(text.contains("ends early"), "{text}");

    let text = response_error("<StartExportTaskResponse><StartExportTaskResult></Wrong></StartExportTaskResponse>").await;
    assert!(text.contains("malformed XML"), "{text}");

    let text = response_error("this is not XML").await;
    assert!(text.contains("not XML"), "{text}");

    let text = response_error("<OtherResponse/>").await;
    assert!(text.contains("expected a <StartExportTaskResponse> document"), "{text}");

    let text = response_error(
        "<StartExportTaskResponse><StartExportTaskResult><PercentProgress>lots</PercentProgress></StartExportTaskResult></StartExportTaskResponse>",
    )
    .await;
    assert!(text.contains("PercentProgress") && text.contains("expected an integer"), "{text}");

    let text = response_error(
        "<StartExportTaskResponse><StartExportTaskResult><SnapshotTime>yesterday</SnapshotTime></StartExportTaskResult></StartExportTaskResponse>",
    )
    .await;
    assert!(text.contains("SnapshotTime") && text.contains("expected a timestamp"), "{text}");
}

#[tokio::test]
async fn an_unreadable_error_body_is_an_unhandled_service_error_that_says_why() {
    let server = serve(vec![(500, "<html>gateway</html>".into())]).await;
    let err = start_export(&server).await.expect_err("error");
    let text = DisplayErrorContext(&err).to_string();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert!(text.contains("HTTP status 500 with an unreadable error body"), "{text}");
    assert_eq!(err.into_service_error().code(), None);
}

#[tokio::test]
async fn no_region_and_no_credentials_are_construction_failures() {
    let no_region = Client::from_conf(
        Config::builder().endpoint_url("http://127.0.0.1:9").credentials_provider(Credentials::new("a", "b", None, None, "t")).build(),
    );
    let err = no_region.cancel_export_task().export_task_identifier("x").send().await.expect_err("no region");
    assert!(DisplayErrorContext(&err).to_string().contains("no region"), "{}", DisplayErrorContext(&err));
    let no_credentials = Client::from_conf(Config::builder().region(Region::new("us-east-1")).endpoint_url("http://127.0.0.1:9").build());
    let err = no_credentials.cancel_export_task().export_task_identifier("x").send().await.expect_err("no credentials");
    assert!(DisplayErrorContext(&err).to_string().contains("no credentials provider"), "{}", DisplayErrorContext(&err));
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let err = client(&endpoint).cancel_export_task().export_task_identifier("x").send().await.expect_err("refused");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
}

fn page(marker: Option<&str>, ids: &[&str]) -> (u16, String) {
    let marker = marker.map(|m| format!("<Marker>{m}</Marker>")).unwrap_or_default();
    let tasks: String =
        ids.iter().map(|id| format!("<ExportTask><ExportTaskIdentifier>{id}</ExportTaskIdentifier></ExportTask>")).collect();
    (200, format!("<DescribeExportTasksResponse><DescribeExportTasksResult>{marker}<ExportTasks>{tasks}</ExportTasks></DescribeExportTasksResult></DescribeExportTasksResponse>"))
}

#[tokio::test]
async fn the_paginator_follows_markers_and_items_flatten_the_pages() {
    let server = serve(vec![page(Some("m1"), &["a"]), page(Some("m2"), &["b", "c"]), page(None, &["d"])]).await;
    let items = client(&server.endpoint)
        .describe_export_tasks()
        .source_type(ExportSourceType::Snapshot)
        .into_paginator()
        .page_size(20)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page arrives");
    let ids: Vec<&str> = items.iter().filter_map(|t| t.export_task_identifier()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let bodies: Vec<String> = server.captured().into_iter().map(|c| c.body).collect();
    let base = "Action=DescribeExportTasks&Version=2014-10-31";
    assert_eq!(
        bodies,
        [
            format!("{base}&MaxRecords=20&SourceType=SNAPSHOT"),
            format!("{base}&Marker=m1&MaxRecords=20&SourceType=SNAPSHOT"),
            format!("{base}&Marker=m2&MaxRecords=20&SourceType=SNAPSHOT"),
        ]
    );
}

#[tokio::test]
async fn the_paginator_stops_on_a_repeated_token_and_on_errors() {
    let server = serve(vec![page(Some("same"), &["a"])]).await;
    let mut pages = client(&server.endpoint).describe_export_tasks().into_paginator().send();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.expect("page");
        count += 1;
    }
    assert_eq!(count, 2, "the second page repeats the token it was sent, which ends the stream");

    let error = (400, "<ErrorResponse><Error><Code>ExportTaskNotFound</Code></Error></ErrorResponse>".to_owned());
    let server = serve(vec![page(Some("m1"), &["a"]), error]).await;
    let results: Vec<_> = client(&server.endpoint).describe_export_tasks().into_paginator().items().send().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().expect_err("the second page failed");
    assert!(err.as_service_error().is_some_and(|e| e.is_export_task_not_found_fault()), "{err:?}");
}

#[test]
fn calls_and_paginators_can_be_spawned() {
    fn assert_send<T: Send + 'static>(_: T) {}
    let client = client("http://127.0.0.1:9");
    assert_send(client.cancel_export_task().export_task_identifier("x").send());
    assert_send(client.describe_export_tasks().into_paginator().items().send());
}
