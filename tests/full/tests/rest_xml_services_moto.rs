//! Crates generated from the official restXml models against moto: Route 53 and CloudFront.

use full_sdk_tests::moto_client as client;

#[tokio::test]
async fn route53_zones_and_record_sets() {
    use sdk_route_53::types::{Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType};
    let client = client!(sdk_route_53);
    let created = client.create_hosted_zone().name("exports.example.com").caller_reference("zone-1").send().await.expect("created");
    let zone = created.hosted_zone().expect("a zone");
    // As the service gives it, with its `/hostedzone/` prefix: calls take it as it is.
    let zone_id = zone.id().to_owned();
    assert!(zone_id.starts_with("/hostedzone/"), "{zone_id}");
    assert_eq!(zone.name(), "exports.example.com.");
    assert!(created.location().contains("hostedzone"), "{}", created.location());

    let record = |name: &str, ip: &str| {
        ResourceRecordSet::builder()
            .name(name)
            .r#type(RrType::A)
            .ttl(300)
            .resource_records(ResourceRecord::builder().value(ip).build().expect("record"))
            .build()
            .expect("record set")
    };
    let changes = ChangeBatch::builder()
        .comment("two hosts")
        .changes(
            Change::builder()
                .action(ChangeAction::Create)
                .resource_record_set(record("a.exports.example.com", "10.0.0.1"))
                .build()
                .expect("change"),
        )
        .changes(
            Change::builder()
                .action(ChangeAction::Create)
                .resource_record_set(record("b.exports.example.com", "10.0.0.2"))
                .build()
                .expect("change"),
        )
        .build()
        .expect("batch");
    let changed = client.change_resource_record_sets().hosted_zone_id(&zone_id).change_batch(changes).send().await.expect("changed");
    assert!(changed.change_info().is_some_and(|c| !c.id().is_empty()));

    let listed = client.list_resource_record_sets().hosted_zone_id(&zone_id).send().await.expect("listed");
    let a_records: Vec<(&str, &str)> = listed
        .resource_record_sets()
        .iter()
        .filter(|r| r.r#type() == &RrType::A)
        .flat_map(|r| r.resource_records().iter().map(move |v| (r.name(), v.value())))
        .collect();
    assert_eq!(a_records, [("a.exports.example.com.", "10.0.0.1"), ("b.exports.example.com.", "10.0.0.2")]);

    // The id without its prefix names the same zone.
    let bare = zone_id.trim_start_matches("/hostedzone/");
    let read = client.get_hosted_zone().id(bare).send().await.expect("read back");
    assert_eq!(read.hosted_zone().map(|z| z.id()), Some(zone_id.as_str()));

    let error = client.get_hosted_zone().id("/hostedzone/ZMISSING").send().await.expect_err("no such zone").into_service_error();
    assert!(error.is_no_such_hosted_zone(), "{error:?}");
}

#[tokio::test]
async fn cloudfront_distribution_created_and_read_back() {
    use sdk_cloudfront::types::{DefaultCacheBehavior, DistributionConfig, Origin, Origins, S3OriginConfig, ViewerProtocolPolicy};
    let client = client!(sdk_cloudfront);
    let origin = Origin::builder()
        .id("exports-bucket")
        .domain_name("exports.s3.amazonaws.com")
        .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build().expect("s3 origin"))
        .build()
        .expect("origin");
    let config = DistributionConfig::builder()
        .caller_reference("dist-1")
        .comment("exports")
        .enabled(true)
        .origins(Origins::builder().quantity(1).items(origin).build().expect("origins"))
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("exports-bucket")
                .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                .build()
                .expect("behavior"),
        )
        .build()
        .expect("config");
    let created = client.create_distribution().distribution_config(config).send().await.expect("created");
    let distribution = created.distribution().expect("a distribution");
    let id = distribution.id().to_owned();
    assert!(created.e_tag().is_some(), "the ETag header is read");
    assert!(created.location().is_some_and(|l| l.ends_with(&id)), "{:?}", created.location());

    let read = client.get_distribution().id(&id).send().await.expect("read back");
    let config = read.distribution().and_then(|d| d.distribution_config()).expect("its config");
    assert_eq!(config.comment(), "exports");
    assert_eq!(config.caller_reference(), "dist-1");
    assert!(config.enabled());
    let origins = config.origins().expect("origins");
    assert_eq!(origins.quantity(), 1);
    assert_eq!(origins.items()[0].domain_name(), "exports.s3.amazonaws.com");
    assert_eq!(config.default_cache_behavior().map(|b| b.viewer_protocol_policy()), Some(&ViewerProtocolPolicy::RedirectToHttps));

    let error = client.get_distribution().id("EMISSING").send().await.expect_err("no such distribution").into_service_error();
    assert!(error.is_no_such_distribution(), "{error:?}");
}
