//! The crate generated from the official RDS model against moto: pagination, snapshots,
//! exports, a waiter, deletion and a typed fault.

use sdk_rds::client::Waiters;
use sdk_rds::config::{BehaviorVersion, Credentials, Region};
use sdk_rds::error::ProvideErrorMetadata;
use std::time::Duration;

fn client() -> sdk_rds::Client {
    let moto = full_sdk_tests::moto::server();
    sdk_rds::Client::from_conf(
        sdk_rds::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(&moto.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

#[tokio::test]
async fn instances_pages_snapshots_exports_waiters_and_faults() {
    let client = client();
    for i in 1..=5 {
        client
            .create_db_instance()
            .db_instance_identifier(format!("paged-{i}"))
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("admin")
            .master_user_password("password123")
            .allocated_storage(20)
            .send()
            .await
            .unwrap_or_else(|e| panic!("instance {i}: {e:?}"));
    }

    // Three pages of at most two, through the paginator.
    let pages = client.describe_db_instances().into_paginator().page_size(2).send().try_collect().await.expect("pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.db_instances().len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    let items = client.describe_db_instances().into_paginator().page_size(2).items().send().try_collect().await.expect("items");
    let mut ids: Vec<&str> = items.iter().filter_map(|i| i.db_instance_identifier()).collect();
    ids.sort();
    assert_eq!(ids, ["paged-1", "paged-2", "paged-3", "paged-4", "paged-5"]);

    // The waiter sees the instance available.
    let poll = client
        .wait_until_db_instance_available()
        .db_instance_identifier("paged-1")
        .wait(Duration::from_secs(60))
        .await
        .expect("the instance becomes available");
    let output = poll.as_result().expect("a successful poll");
    assert_eq!(output.db_instances()[0].db_instance_status(), Some("available"));

    // Snapshot, then start, describe and cancel an export of it.
    let snapshot = client
        .create_db_snapshot()
        .db_snapshot_identifier("paged-1-snap")
        .db_instance_identifier("paged-1")
        .send()
        .await
        .expect("snapshot");
    let snapshot_arn = snapshot.db_snapshot().and_then(|s| s.db_snapshot_arn()).expect("an ARN").to_owned();
    let started = client
        .start_export_task()
        .export_task_identifier("full-export")
        .source_arn(&snapshot_arn)
        .s3_bucket_name("bucket")
        .iam_role_arn("arn:aws:iam::123456789012:role/export")
        .kms_key_id("key")
        .send()
        .await
        .expect("export starts");
    assert_eq!(started.source_arn(), Some(snapshot_arn.as_str()));
    let described = client.describe_export_tasks().export_task_identifier("full-export").send().await.expect("describe");
    assert_eq!(described.export_tasks().len(), 1);
    client.cancel_export_task().export_task_identifier("full-export").send().await.expect("cancel");

    // Delete an instance; describing it is then the typed DBInstanceNotFound fault.
    client.delete_db_instance().db_instance_identifier("paged-5").skip_final_snapshot(true).send().await.expect("delete");
    let err = client.describe_db_instances().db_instance_identifier("paged-5").send().await.expect_err("deleted").into_service_error();
    assert!(err.is_db_instance_not_found_fault(), "{err:?}");
    assert_eq!(err.code(), Some("DBInstanceNotFound"));

    // The deleted-waiter accepts that fault as success.
    client
        .wait_until_db_instance_deleted()
        .db_instance_identifier("paged-5")
        .wait(Duration::from_secs(60))
        .await
        .expect("the deleted waiter accepts DBInstanceNotFound");
}
