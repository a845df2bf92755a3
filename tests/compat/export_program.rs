// A program written against aws-sdk-rds's export-task API. `tests/compat.rs` compiles it
// twice, once with `rds` naming aws-sdk-rds and once naming the generated crate: only the
// crate name differs.

use rds::config::{BehaviorVersion, Credentials, Region};
use rds::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use rds::operation::start_export_task::StartExportTaskError;
use rds::operation::RequestId;
use rds::types::{ExportSourceType, ExportTask, Filter};

fn describe(task: &ExportTask) -> String {
    format!(
        "{} {:?} {:?}% {:?} {:?} {:?}",
        task.export_task_identifier().unwrap_or_default(),
        task.status(),
        task.percent_progress(),
        task.export_only(),
        task.snapshot_time().map(|t| t.secs()),
        task.source_type().map(|t| t.as_str()),
    )
}

pub fn client_for(endpoint: &str) -> rds::Client {
    let config = rds::Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "example"))
        .behavior_version(BehaviorVersion::latest())
        .build();
    rds::Client::from_conf(config)
}

pub fn client_from(config: &aws_config::SdkConfig) -> rds::Client {
    rds::Client::new(config)
}

/// Starts, lists and cancels an export, handling the faults a caller cares about.
pub async fn export_snapshot(client: &rds::Client, snapshot_arn: &str) -> Result<Vec<String>, rds::Error> {
    let mut log = Vec::new();
    let started = client
        .start_export_task()
        .export_task_identifier("nightly")
        .source_arn(snapshot_arn)
        .s3_bucket_name("exports")
        .iam_role_arn("arn:aws:iam::123456789012:role/export")
        .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/k")
        .s3_prefix("rds/")
        .export_only("db.t1")
        .send()
        .await;
    match started {
        Ok(output) => log.push(format!(
            "started {} ({:?})",
            output.export_task_identifier().unwrap_or_default(),
            output.request_id()
        )),
        Err(SdkError::ServiceError(context)) if context.err().is_export_task_already_exists_fault() => {
            log.push("already running".to_owned())
        }
        Err(err) => match err.into_service_error() {
            StartExportTaskError::DbSnapshotNotFoundFault(fault) => {
                log.push(format!("no snapshot: {}", fault.message().unwrap_or_default()))
            }
            StartExportTaskError::KmsKeyNotAccessibleFault(_) => log.push("bad key".to_owned()),
            other => {
                log.push(format!("{:?} {:?} {:?}", other.code(), other.message(), other.request_id()));
                return Err(other.into());
            }
        },
    }
    let page = client
        .describe_export_tasks()
        .filters(Filter::builder().name("status").values("COMPLETE").values("FAILED").build())
        .source_type(ExportSourceType::Snapshot)
        .max_records(20)
        .send()
        .await?;
    for task in page.export_tasks() {
        log.push(describe(task));
    }
    if let Some(marker) = page.marker() {
        log.push(format!("more after {marker}"));
    }
    let every_task: Vec<ExportTask> = client.describe_export_tasks().into_paginator().page_size(20).items().send().try_collect().await?;
    log.push(format!("{} tasks in all", every_task.len()));
    match client.cancel_export_task().export_task_identifier("nightly").send().await {
        Ok(task) => log.push(format!("cancelled: {:?}", task.status())),
        Err(err) => {
            log.push(format!("cancel failed: {}", DisplayErrorContext(&err)));
            if let Some(service_error) = err.as_service_error() {
                if service_error.is_invalid_export_task_state_fault() {
                    log.push("already finished".to_owned());
                }
            }
        }
    }
    Ok(log)
}
