//! The generated RDS client against moto, a real AWS-compatible server; boto3 seeds the
//! resources and confirms what the client did.

use sdk_rds::config::{BehaviorVersion, Credentials};
use sdk_rds::error::ProvideErrorMetadata;
use sdk_rds::operation::RequestId;
use sdk_rds::Client;
use sdk_tests::moto;

async fn client() -> Client {
    let server = moto::server();
    // Through aws_config, as users load their configuration.
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region("us-east-1")
        .endpoint_url(&server.endpoint)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .load()
        .await;
    Client::new(&config)
}

#[tokio::test]
async fn export_a_real_snapshot_then_describe_and_cancel_it() {
    let server = moto::server();
    let snapshot_arn = server.boto3(&["seed-snapshot", "export-db", "export-snap"]);
    let client = client().await;

    let started = client
        .start_export_task()
        .export_task_identifier("export-1")
        .source_arn(&snapshot_arn)
        .s3_bucket_name("export-bucket")
        .iam_role_arn("arn:aws:iam::123456789012:role/export")
        .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/k")
        .s3_prefix("exports/")
        .export_only("db.t1")
        .send()
        .await
        .expect("the export starts");
    assert_eq!(started.export_task_identifier(), Some("export-1"));
    assert_eq!(started.source_arn(), Some(snapshot_arn.as_str()));
    assert_eq!(started.export_only(), ["db.t1"]);
    assert_eq!(started.s3_bucket(), Some("export-bucket"));
    assert!(started.request_id().is_some_and(|id| !id.is_empty()));

    // boto3 sees the task the generated client created.
    assert_ne!(server.boto3(&["export-status", "export-1"]), "MISSING");

    let described = client.describe_export_tasks().export_task_identifier("export-1").send().await.expect("describe");
    assert_eq!(described.export_tasks().len(), 1);
    assert_eq!(described.export_tasks()[0].s3_prefix(), Some("exports/"));

    let cancelled = client.cancel_export_task().export_task_identifier("export-1").send().await.expect("cancel");
    assert_eq!(cancelled.export_task_identifier(), Some("export-1"));
    let status = server.boto3(&["export-status", "export-1"]);
    assert_eq!(cancelled.status().map(str::to_ascii_lowercase), Some(status.to_ascii_lowercase()));
}

#[tokio::test]
async fn faults_come_back_as_their_typed_variants() {
    let server = moto::server();
    let snapshot_arn = server.boto3(&["seed-snapshot", "fault-db", "fault-snap"]);
    let client = client().await;
    let start = |id: &'static str, arn: String| {
        client
            .start_export_task()
            .export_task_identifier(id)
            .source_arn(arn)
            .s3_bucket_name("b")
            .iam_role_arn("arn:aws:iam::123456789012:role/r")
            .kms_key_id("k")
            .send()
    };

    let err = start("missing-snap", "arn:aws:rds:us-east-1:123456789012:snapshot:nope".into())
        .await
        .expect_err("no such snapshot")
        .into_service_error();
    assert!(err.is_db_snapshot_not_found_fault(), "{err:?}");
    assert_eq!(err.code(), Some("DBSnapshotNotFound"));
    assert!(err.message().is_some_and(|m| m.contains("nope")), "{err:?}");
    assert!(err.request_id().is_some_and(|id| !id.is_empty()));

    let err = start("missing-cluster-snap", "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:nope".into())
        .await
        .expect_err("no such cluster snapshot")
        .into_service_error();
    assert!(err.is_db_cluster_snapshot_not_found_fault(), "{err:?}");
    assert!(err.message().is_some() && err.request_id().is_some());

    start("twice", snapshot_arn.clone()).await.expect("first export starts");
    let err = start("twice", snapshot_arn).await.expect_err("same identifier").into_service_error();
    assert!(err.is_export_task_already_exists_fault(), "{err:?}");
    assert!(err.message().is_some() && err.request_id().is_some());

    let err =
        client.cancel_export_task().export_task_identifier("never-started").send().await.expect_err("no such export").into_service_error();
    assert!(err.is_export_task_not_found_fault(), "{err:?}");
    assert!(err.message().is_some() && err.request_id().is_some());
}
