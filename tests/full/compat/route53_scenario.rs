// A session of Route 53 calls written against aws-sdk-route53. `tests/rest_wire.rs`
// compiles it twice, with `route53` naming aws-sdk-route53 and the generated crate, and
// compares what each client sends and what each makes of the same responses.

use route53::config::retry::RetryConfig;
use route53::config::{BehaviorVersion, Credentials, Region};
use route53::error::{DisplayErrorContext, SdkError};
use route53::types::{
    Change, ChangeAction, ChangeBatch, HealthCheckConfig, HealthCheckType, HostedZoneConfig, ResourceRecord, ResourceRecordSet, RrType,
    Tag, TagResourceType,
};

pub fn client(endpoint: &str) -> route53::Client {
    route53::Client::from_conf(
        route53::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "compat"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

fn show<O, E>(result: Result<O, SdkError<E>>) -> String
where
    O: std::fmt::Debug,
    E: std::fmt::Debug + std::error::Error + route53::error::ProvideErrorMetadata + Send + Sync + 'static,
{
    match result {
        Ok(output) => format!("ok {output:?}"),
        Err(SdkError::ServiceError(context)) => {
            let err = context.err();
            format!("service error {err:?} (code {:?})", route53::error::ProvideErrorMetadata::code(err))
        }
        Err(other) => format!("failure {}", DisplayErrorContext(&other)),
    }
}

fn record(name: &str, ip: &str) -> ResourceRecordSet {
    ResourceRecordSet::builder()
        .name(name)
        .r#type(RrType::A)
        .ttl(300)
        .resource_records(ResourceRecord::builder().value(ip).build().unwrap())
        .build()
        .unwrap()
}

fn batch(action: ChangeAction, records: &[(&str, &str)]) -> ChangeBatch {
    let changes =
        records.iter().map(|(name, ip)| Change::builder().action(action.clone()).resource_record_set(record(name, ip)).build().unwrap());
    ChangeBatch::builder().comment("compat").set_changes(Some(changes.collect())).build().unwrap()
}

/// Runs the session; returns what the client made of each response.
pub async fn run(client: &route53::Client) -> Vec<String> {
    let mut log = Vec::new();
    let created = client
        .create_hosted_zone()
        .name("compat.example.com")
        .caller_reference("compat-zone")
        .hosted_zone_config(HostedZoneConfig::builder().comment("compat zone").private_zone(false).build())
        .send()
        .await;
    let zone = created.as_ref().ok().and_then(|z| z.hosted_zone()).map(|z| z.id().to_owned()).unwrap_or_else(|| "missing".into());
    log.push(show(created));
    log.push(show(client.get_hosted_zone().id(&zone).send().await));
    log.push(show(client.list_hosted_zones().send().await));
    log.push(show(client.list_hosted_zones_by_name().dns_name("compat.example.com").send().await));
    log.push(show(client.get_hosted_zone_count().send().await));
    let changed = client
        .change_resource_record_sets()
        .hosted_zone_id(&zone)
        .change_batch(batch(ChangeAction::Create, &[("a.compat.example.com", "10.0.0.1"), ("b.compat.example.com", "10.0.0.2")]))
        .send()
        .await;
    let change = changed.as_ref().ok().and_then(|c| c.change_info()).map(|c| c.id().to_owned()).unwrap_or_else(|| "missing".into());
    log.push(show(changed));
    log.push(show(client.get_change().id(&change).send().await));
    log.push(show(client.list_resource_record_sets().hosted_zone_id(&zone).send().await));
    log.push(show(
        client
            .change_resource_record_sets()
            .hosted_zone_id(&zone)
            .change_batch(batch(ChangeAction::Delete, &[("b.compat.example.com", "10.0.0.2")]))
            .send()
            .await,
    ));
    let bare = zone.trim_start_matches("/hostedzone/");
    log.push(show(
        client
            .change_tags_for_resource()
            .resource_type(TagResourceType::Hostedzone)
            .resource_id(bare)
            .add_tags(Tag::builder().key("team").value("data").build())
            .send()
            .await,
    ));
    log.push(show(client.list_tags_for_resource().resource_type(TagResourceType::Hostedzone).resource_id(bare).send().await));
    log.push(show(client.update_hosted_zone_comment().id(&zone).comment("renamed").send().await));
    let health = client
        .create_health_check()
        .caller_reference("compat-check")
        .health_check_config(
            HealthCheckConfig::builder()
                .r#type(HealthCheckType::Http)
                .ip_address("10.0.0.1")
                .port(80)
                .resource_path("/health")
                .request_interval(30)
                .failure_threshold(3)
                .build()
                .unwrap(),
        )
        .send()
        .await;
    let check = health.as_ref().ok().and_then(|h| h.health_check()).map(|h| h.id().to_owned()).unwrap_or_else(|| "missing".into());
    log.push(show(health));
    log.push(show(client.get_health_check().health_check_id(&check).send().await));
    log.push(show(client.list_health_checks().send().await));
    log.push(show(client.delete_health_check().health_check_id(&check).send().await));
    log.push(show(
        client
            .change_resource_record_sets()
            .hosted_zone_id(&zone)
            .change_batch(batch(ChangeAction::Delete, &[("a.compat.example.com", "10.0.0.1")]))
            .send()
            .await,
    ));
    log.push(show(client.delete_hosted_zone().id(&zone).send().await));
    log.push(show(client.get_hosted_zone().id(&zone).send().await));
    log
}
