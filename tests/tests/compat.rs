//! The same program, written against aws-sdk-rds, compiles against the generated crate
//! with only the crate name changed; and the generated client runs it.

mod official {
    use aws_sdk_rds as rds;
    include!("../compat/export_program.rs");
}

mod generated {
    use sdk_rds as rds;
    include!("../compat/export_program.rs");
}

#[tokio::test]
async fn the_program_runs_on_the_generated_client() {
    let export = "<StartExportTaskResponse><StartExportTaskResult><ExportTaskIdentifier>nightly</ExportTaskIdentifier>\
        </StartExportTaskResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></StartExportTaskResponse>";
    let list = "<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><ExportTask>\
        <ExportTaskIdentifier>nightly</ExportTaskIdentifier><Status>COMPLETE</Status><PercentProgress>100</PercentProgress>\
        <SourceType>SNAPSHOT</SourceType></ExportTask></ExportTasks><Marker>m2</Marker></DescribeExportTasksResult>\
        </DescribeExportTasksResponse>";
    let cancel = "<ErrorResponse><Error><Code>InvalidExportTaskStateFault</Code><Message>done</Message></Error></ErrorResponse>";
    let last_page = "<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><ExportTask>\
        <ExportTaskIdentifier>older</ExportTaskIdentifier></ExportTask></ExportTasks></DescribeExportTasksResult>\
        </DescribeExportTasksResponse>";
    let responses = vec![(200, export.into()), (200, list.into()), (200, list.into()), (200, last_page.into()), (400, cancel.into())];
    let server = sdk_tests::capture::serve(responses.clone()).await;
    let client = generated::client_for(&server.endpoint);
    let log = generated::export_snapshot(&client, "arn:aws:rds:us-east-1:123456789012:snapshot:s").await.expect("runs");
    // The response header's request id wins over the body's, as in aws-sdk-rds.
    assert_eq!(log[0], "started nightly (Some(\"header-request-id\"))");
    assert_eq!(log[1], "nightly Some(\"COMPLETE\") Some(100)% [] None Some(\"SNAPSHOT\")");
    assert_eq!(log[2], "more after m2");
    assert_eq!(log[3], "2 tasks in all");
    assert!(log[4].starts_with("cancel failed: service error: InvalidExportTaskStateFault"), "{log:?}");
    assert_eq!(log[5], "already finished");

    // The same program on aws-sdk-rds, fed the same responses, logs the same lines
    // (the error's Display wording is each SDK's own).
    let server = sdk_tests::capture::serve(responses).await;
    let client = official::client_for(&server.endpoint);
    let reference = official::export_snapshot(&client, "arn:aws:rds:us-east-1:123456789012:snapshot:s").await.expect("runs");
    assert_eq!(reference.len(), log.len(), "{reference:?}");
    for (index, (ours, theirs)) in log.iter().zip(&reference).enumerate() {
        if index != 4 {
            assert_eq!(ours, theirs);
        } else {
            assert!(theirs.contains("InvalidExportTaskStateFault"), "{theirs}");
        }
    }
    let _ = generated::client_from(&aws_config::SdkConfig::builder().build());
    let _ = official::client_from(&aws_config::SdkConfig::builder().behavior_version(aws_config::BehaviorVersion::latest()).build());
}
