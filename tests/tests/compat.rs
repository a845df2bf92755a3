//! The same program, written against aws-sdk-rds, compiles against the generated crate
//! with only the crate name changed; and the generated client runs it.

#[allow(dead_code)]
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
    let server = sdk_tests::capture::serve(responses).await;
    let client = generated::client_for(&server.endpoint);
    let log = generated::export_snapshot(&client, "arn:aws:rds:us-east-1:123456789012:snapshot:s").await.expect("runs");
    assert_eq!(log[0], "started nightly (Some(\"r1\"))");
    assert_eq!(log[1], "nightly Some(\"COMPLETE\") Some(100)% [] None Some(\"SNAPSHOT\")");
    assert_eq!(log[2], "more after m2");
    assert_eq!(log[3], "2 tasks in all");
    assert!(log[4].starts_with("cancel failed: service error: InvalidExportTaskStateFault"), "{log:?}");
    assert_eq!(log[5], "already finished");
    let _ = generated::client_from(&aws_config::SdkConfig::builder().build());
}
