// A session of RDS calls written against aws-sdk-rds. `tests/rds_wire.rs` compiles it twice,
// with `rds` naming aws-sdk-rds and the generated crate, and compares what each client
// sends and what each makes of the same responses.

use rds::config::retry::RetryConfig;
use rds::config::{BehaviorVersion, Credentials, Region};
use rds::error::{DisplayErrorContext, SdkError};
use rds::primitives::DateTime;
use rds::types::{Filter, Parameter, ServerlessV2ScalingConfiguration, Tag};

pub fn client(endpoint: &str) -> rds::Client {
    rds::Client::from_conf(
        rds::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "compat"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

fn show<O: std::fmt::Debug, E: std::fmt::Debug + std::error::Error + Send + Sync + 'static>(result: Result<O, SdkError<E>>) -> String {
    match result {
        Ok(output) => format!("ok {output:?}"),
        Err(SdkError::ServiceError(context)) => format!("service error {:?}", context.err()),
        Err(other) => format!("failure {}", DisplayErrorContext(&other)),
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

/// Runs the session; returns what the client made of each response.
pub async fn run(client: &rds::Client) -> Vec<String> {
    let arn = "arn:aws:rds:us-east-1:123456789012";
    let mut log = Vec::new();
    log.push(show(
        client
            .create_db_parameter_group()
            .db_parameter_group_name("compat-params")
            .db_parameter_group_family("postgres16")
            .description("parameters & more")
            .tags(tag("team", "data"))
            .tags(tag("env", "test"))
            .send()
            .await,
    ));
    log.push(show(
        client
            .modify_db_parameter_group()
            .db_parameter_group_name("compat-params")
            .parameters(
                Parameter::builder()
                    .parameter_name("max_connections")
                    .parameter_value("150")
                    .apply_method(rds::types::ApplyMethod::PendingReboot)
                    .build(),
            )
            .send()
            .await,
    ));
    log.push(show(
        client
            .describe_db_parameter_groups()
            .filters(Filter::builder().name("db-parameter-group-family").values("postgres16").build())
            .max_records(20)
            .send()
            .await,
    ));
    log.push(show(client.describe_db_parameters().db_parameter_group_name("compat-params").source("user").send().await));
    log.push(show(
        client
            .create_db_instance()
            .db_instance_identifier("compat-db")
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("admin")
            .master_user_password("password123")
            .allocated_storage(20)
            .multi_az(false)
            .publicly_accessible(true)
            .backup_retention_period(3)
            .vpc_security_group_ids("sg-1")
            .vpc_security_group_ids("sg-2")
            .db_parameter_group_name("compat-params")
            .tags(tag("owner", "compat"))
            .send()
            .await,
    ));
    log.push(show(client.describe_db_instances().db_instance_identifier("compat-db").send().await));
    log.push(show(
        client
            .modify_db_instance()
            .db_instance_identifier("compat-db")
            .apply_immediately(true)
            .backup_retention_period(5)
            .allocated_storage(30)
            .deletion_protection(false)
            .send()
            .await,
    ));
    log.push(show(client.describe_db_instances().filters(Filter::builder().name("engine").values("postgres").build()).send().await));
    log.push(show(
        client
            .create_db_snapshot()
            .db_snapshot_identifier("compat-snap")
            .db_instance_identifier("compat-db")
            .tags(tag("k", "v"))
            .send()
            .await,
    ));
    log.push(show(
        client.describe_db_snapshots().db_instance_identifier("compat-db").include_shared(true).include_public(false).send().await,
    ));
    log.push(show(
        client
            .copy_db_snapshot()
            .source_db_snapshot_identifier("compat-snap")
            .target_db_snapshot_identifier("compat-snap-copy")
            .copy_tags(true)
            .send()
            .await,
    ));
    log.push(show(
        client.add_tags_to_resource().resource_name(format!("{arn}:db:compat-db")).tags(tag("a", "1")).tags(tag("b", "2")).send().await,
    ));
    log.push(show(client.list_tags_for_resource().resource_name(format!("{arn}:db:compat-db")).send().await));
    log.push(show(client.remove_tags_from_resource().resource_name(format!("{arn}:db:compat-db")).tag_keys("a").send().await));
    log.push(show(
        client
            .create_db_cluster()
            .db_cluster_identifier("compat-cluster")
            .engine("aurora-postgresql")
            .master_username("admin")
            .master_user_password("password123")
            .availability_zones("us-east-1a")
            .availability_zones("us-east-1b")
            .backup_retention_period(2)
            .storage_encrypted(true)
            .serverless_v2_scaling_configuration(ServerlessV2ScalingConfiguration::builder().min_capacity(0.5).max_capacity(4.25).build())
            .send()
            .await,
    ));
    log.push(show(client.describe_db_clusters().db_cluster_identifier("compat-cluster").send().await));
    log.push(show(
        client.modify_db_cluster().db_cluster_identifier("compat-cluster").apply_immediately(true).backup_retention_period(4).send().await,
    ));
    log.push(show(
        client
            .create_db_cluster_snapshot()
            .db_cluster_snapshot_identifier("compat-cluster-snap")
            .db_cluster_identifier("compat-cluster")
            .send()
            .await,
    ));
    log.push(show(client.describe_db_cluster_snapshots().db_cluster_identifier("compat-cluster").send().await));
    log.push(show(
        client
            .create_db_cluster_parameter_group()
            .db_cluster_parameter_group_name("compat-cluster-params")
            .db_parameter_group_family("aurora-postgresql16")
            .description("cluster parameters")
            .send()
            .await,
    ));
    log.push(show(client.describe_db_cluster_parameter_groups().db_cluster_parameter_group_name("compat-cluster-params").send().await));
    log.push(show(
        client
            .create_option_group()
            .option_group_name("compat-options")
            .engine_name("mysql")
            .major_engine_version("8.0")
            .option_group_description("options")
            .send()
            .await,
    ));
    log.push(show(client.describe_option_groups().engine_name("mysql").max_records(20).send().await));
    log.push(show(
        client
            .create_event_subscription()
            .subscription_name("compat-events")
            .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:topic")
            .source_type("db-instance")
            .event_categories("backup")
            .event_categories("failure")
            .source_ids("compat-db")
            .enabled(true)
            .send()
            .await,
    ));
    log.push(show(client.describe_event_subscriptions().subscription_name("compat-events").send().await));
    log.push(show(
        client
            .describe_events()
            .source_identifier("compat-db")
            .source_type(rds::types::SourceType::DbInstance)
            .start_time(DateTime::from_secs(1_700_000_000))
            .end_time(DateTime::from_millis(1_700_003_600_250))
            .duration(60)
            .event_categories("backup")
            .send()
            .await,
    ));
    log.push(show(
        client
            .start_export_task()
            .export_task_identifier("compat-export")
            .source_arn(format!("{arn}:snapshot:compat-snap"))
            .s3_bucket_name("bucket")
            .iam_role_arn("arn:aws:iam::123456789012:role/export")
            .kms_key_id("key")
            .export_only("db.t1")
            .send()
            .await,
    ));
    log.push(show(client.describe_export_tasks().export_task_identifier("compat-export").send().await));
    log.push(show(client.cancel_export_task().export_task_identifier("compat-export").send().await));
    log.push(show(
        client
            .create_integration()
            .source_arn(format!("{arn}:cluster:compat-cluster"))
            .target_arn("arn:aws:redshift-serverless:us-east-1:123456789012:namespace/n")
            .integration_name("compat-integration")
            .additional_encryption_context("purpose", "compat")
            .send()
            .await,
    ));
    log.push(show(client.reboot_db_instance().db_instance_identifier("compat-db").force_failover(false).send().await));
    log.push(show(
        client
            .delete_db_instance()
            .db_instance_identifier("compat-db")
            .skip_final_snapshot(true)
            .delete_automated_backups(true)
            .send()
            .await,
    ));
    log.push(show(client.describe_db_instances().db_instance_identifier("compat-db").send().await));
    log
}
