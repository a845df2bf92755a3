//! `cargo xtask bench`'s runtime benchmark: the generated RDS and DynamoDB crates against
//! aws-sdk-rds and aws-sdk-dynamodb, each built in release with a hidden `__bench` module
//! that calls its own serializer and parser directly (no network, no signing), measured in
//! the same process.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time per call over several samples, after a warm-up.
fn measure(mut f: impl FnMut()) -> Duration {
    for _ in 0..200 {
        f();
    }
    let mut samples = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(100) {
            f();
            n += 1;
        }
        samples.push(start.elapsed() / n);
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn describe_db_instances_body(instances: usize) -> String {
    let mut body = String::from(
        r#"<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><Marker>next-page</Marker><DBInstances>"#,
    );
    for i in 0..instances {
        body.push_str(&format!(
            "<DBInstance><DBInstanceIdentifier>db-{i}</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass>\
             <Engine>postgres</Engine><DBInstanceStatus>available</DBInstanceStatus><MasterUsername>admin</MasterUsername>\
             <DBName>app</DBName><Endpoint><Address>db-{i}.abc.us-east-1.rds.amazonaws.com</Address><Port>5432</Port>\
             <HostedZoneId>Z2R2ITUGPM61AM</HostedZoneId></Endpoint><AllocatedStorage>100</AllocatedStorage>\
             <InstanceCreateTime>2024-01-0{d}T10:00:00.123Z</InstanceCreateTime><PreferredBackupWindow>03:00-03:30</PreferredBackupWindow>\
             <BackupRetentionPeriod>7</BackupRetentionPeriod><DBSecurityGroups/><VpcSecurityGroups><VpcSecurityGroupMembership>\
             <VpcSecurityGroupId>sg-{i}</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups>\
             <DBParameterGroups><DBParameterGroup><DBParameterGroupName>default.postgres16</DBParameterGroupName>\
             <ParameterApplyStatus>in-sync</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>\
             <AvailabilityZone>us-east-1a</AvailabilityZone><MultiAZ>true</MultiAZ><EngineVersion>16.3</EngineVersion>\
             <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade><LicenseModel>postgresql-license</LicenseModel>\
             <PubliclyAccessible>false</PubliclyAccessible><StorageType>gp3</StorageType><Iops>3000</Iops>\
             <DbInstancePort>0</DbInstancePort><StorageEncrypted>true</StorageEncrypted>\
             <KmsKeyId>arn:aws:kms:us-east-1:123456789012:key/k-{i}</KmsKeyId><DbiResourceId>db-RES{i}</DbiResourceId>\
             <CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier><CopyTagsToSnapshot>true</CopyTagsToSnapshot>\
             <DBInstanceArn>arn:aws:rds:us-east-1:123456789012:db:db-{i}</DBInstanceArn>\
             <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>\
             <DeletionProtection>true</DeletionProtection><TagList><Tag><Key>team</Key><Value>data</Value></Tag>\
             <Tag><Key>env</Key><Value>prod</Value></Tag></TagList><MaxAllocatedStorage>1000</MaxAllocatedStorage>\
             <CustomerOwnedIpEnabled>false</CustomerOwnedIpEnabled><BackupTarget>region</BackupTarget>\
             <NetworkType>IPV4</NetworkType><StorageThroughput>125</StorageThroughput></DBInstance>",
            d = i % 9 + 1
        ));
    }
    body.push_str("</DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeDBInstancesResponse>");
    body
}

macro_rules! start_export_task_input {
    ($krate:ident) => {
        $krate::operation::start_export_task::StartExportTaskInput::builder()
            .export_task_identifier("nightly-export-2024-01-01")
            .source_arn("arn:aws:rds:us-east-1:123456789012:snapshot:rds:prod-db-2024-01-01-03-00")
            .s3_bucket_name("company-exports")
            .iam_role_arn("arn:aws:iam::123456789012:role/service-role/rds-s3-export")
            .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/abcd0000-7fca-4128-82f2-aabbccddeeff")
            .s3_prefix("rds/prod/2024-01-01")
            .export_only("app")
            .export_only("app.public.orders")
            .export_only("app.public.customers")
            .build()
            .expect("input")
    };
}

/// A DynamoDB Query response: `items` items of 10 attributes each, with nested maps and lists.
fn query_body(items: usize) -> String {
    let mut body = String::from(r#"{"Count":"#);
    body.push_str(&format!("{items},\"ScannedCount\":{items},\"Items\":["));
    for i in 0..items {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"pk":{{"S":"customer-{c}"}},"sk":{{"N":"{i}"}},"status":{{"S":"shipped"}},"total":{{"N":"{i}.95"}},"paid":{{"BOOL":true}},"tags":{{"SS":["gift","express"]}},"lines":{{"L":[{{"M":{{"sku":{{"S":"sku-{i}"}},"qty":{{"N":"2"}}}}}},{{"M":{{"sku":{{"S":"sku-x"}},"qty":{{"N":"1"}}}}}}]}},"address":{{"M":{{"city":{{"S":"Lisbon"}},"zip":{{"S":"1000-{i:03}"}},"geo":{{"L":[{{"N":"38.72"}},{{"N":"-9.14"}}]}}}}}},"note":{{"NULL":true}},"created":{{"S":"2024-01-01T10:00:{s:02}Z"}}}}"#,
            c = i % 7,
            s = i % 60
        ));
    }
    body.push_str(r#"],"LastEvaluatedKey":{"pk":{"S":"customer-1"},"sk":{"N":"99"}}}"#);
    body
}

/// A PutItem of 50 attributes of every kind, in either crate (`$k`).
macro_rules! put_item_input {
    ($k:ident) => {{
        use $k::types::AttributeValue as V;
        let mut builder = $k::operation::put_item::PutItemInput::builder().table_name("orders");
        for i in 0..50 {
            let value = match i % 5 {
                0 => V::S(format!("value {i} with some text")),
                1 => V::N(format!("{i}.5")),
                2 => V::Bool(i % 2 == 0),
                3 => V::L(vec![V::S("a".into()), V::N("1".into()), V::M([("k".to_owned(), V::S("v".into()))].into())]),
                _ => V::M([("inner".to_owned(), V::Ss(vec!["x".into(), "y".into()])), ("n".to_owned(), V::N("7".into()))].into()),
            };
            builder = builder.item(format!("attr{i:02}"), value);
        }
        builder.build().expect("input")
    }};
}

/// Whether a Query item holds the address the body gave item 3.
fn has_zip<V: std::fmt::Debug>(item: Option<&std::collections::HashMap<String, V>>) -> bool {
    item.and_then(|i| i.get("address")).is_some_and(|a| format!("{a:?}").contains("1000-003"))
}

/// The value of a future that is ready when first polled (endpoint resolvers answer at once).
fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => panic!("the resolver did not answer at once"),
    }
}

/// RDS endpoint parameters (a region, FIPS and dual-stack off) in either crate (`$k`).
macro_rules! rds_endpoint_params {
    ($k:ident, $region:expr) => {
        $k::config::endpoint::Params::builder().region($region).use_fips(false).use_dual_stack(false).build().expect("params")
    };
}

/// S3 endpoint parameters (a region and a bucket, the rest defaults) in either crate (`$k`).
macro_rules! s3_endpoint_params {
    ($k:ident, $bucket:expr) => {
        $k::config::endpoint::Params::builder().region("us-west-2").bucket($bucket).build().expect("params")
    };
}

fn main() {
    let body = describe_db_instances_body(100);
    let ours_input = start_export_task_input!(ours);
    let reference_input = start_export_task_input!(reference);

    // Both must agree before their speed means anything.
    let ours_parsed = ours::__bench::parse_describe_db_instances(&body);
    let reference_parsed = reference::__bench::parse_describe_db_instances(&body);
    assert_eq!(ours_parsed.db_instances().len(), 100);
    assert_eq!(reference_parsed.db_instances().len(), 100);
    assert_eq!(ours_parsed.marker(), reference_parsed.marker());

    let ser_ours = measure(|| {
        black_box(ours::__bench::serialize_start_export_task(black_box(&ours_input)));
    });
    let ser_reference = measure(|| {
        black_box(reference::__bench::serialize_start_export_task(black_box(&reference_input)));
    });
    let parse_ours = measure(|| {
        black_box(ours::__bench::parse_describe_db_instances(black_box(&body)));
    });
    let parse_reference = measure(|| {
        black_box(reference::__bench::parse_describe_db_instances(black_box(&body)));
    });
    let query = query_body(100);
    let ours_put = put_item_input!(ours_dynamodb);
    let reference_put = put_item_input!(reference_dynamodb);
    let ours_items = ours_dynamodb::__bench::parse_query(&query);
    let reference_items = reference_dynamodb::__bench::parse_query(&query);
    assert_eq!(ours_items.items().len(), 100);
    assert_eq!(reference_items.items().len(), 100);
    assert!(has_zip(ours_items.items().get(3)) && has_zip(reference_items.items().get(3)), "both parse the nested address");
    let ours_put_body = ours_dynamodb::__bench::serialize_put_item(&ours_put);
    let reference_put_body = reference_dynamodb::__bench::serialize_put_item(&reference_put);
    assert_eq!(ours_put_body.len(), reference_put_body.bytes().map_or(0, <[u8]>::len), "both PutItem bodies hold the same JSON");
    let put_ours = measure(|| {
        black_box(ours_dynamodb::__bench::serialize_put_item(black_box(&ours_put)));
    });
    let put_reference = measure(|| {
        black_box(reference_dynamodb::__bench::serialize_put_item(black_box(&reference_put)));
    });
    let query_ours = measure(|| {
        black_box(ours_dynamodb::__bench::parse_query(black_box(&query)));
    });
    let query_reference = measure(|| {
        black_box(reference_dynamodb::__bench::parse_query(black_box(&query)));
    });

    // Endpoint resolution through the public resolvers: the same parameters every call (both
    // crates keep the last answer), and two regions in turn, so that every call evaluates the
    // rules (a pair of calls measured, halved).
    use ours::config::endpoint::ResolveEndpoint as _;
    use reference::config::endpoint::ResolveEndpoint as _;
    let (ours_params, reference_params) = (rds_endpoint_params!(ours, "eu-west-1"), rds_endpoint_params!(reference, "eu-west-1"));
    let (ours_other, reference_other) = (rds_endpoint_params!(ours, "cn-north-1"), rds_endpoint_params!(reference, "cn-north-1"));
    let ours_resolver = ours::config::endpoint::DefaultResolver::new();
    let reference_resolver = reference::config::endpoint::DefaultResolver::new();
    let ours_url = ready(ours_resolver.resolve_endpoint(&ours_params)).expect("resolves").url().to_owned();
    let reference_url = ready(reference_resolver.resolve_endpoint(&reference_params)).expect("resolves").url().to_owned();
    assert_eq!(ours_url, reference_url, "both resolve the same endpoint");
    let ours_other_url = ready(ours_resolver.resolve_endpoint(&ours_other)).expect("resolves").url().to_owned();
    let reference_other_url = ready(reference_resolver.resolve_endpoint(&reference_other)).expect("resolves").url().to_owned();
    assert_eq!(ours_other_url, reference_other_url, "both resolve the same endpoint");
    let endpoint_ours = measure(|| {
        black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_params))).is_ok());
    });
    let endpoint_reference = measure(|| {
        black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_params))).is_ok());
    });
    let endpoint_ours_evaluated = measure(|| {
        black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_params))).is_ok());
        black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_other))).is_ok());
    }) / 2;
    let endpoint_reference_evaluated = measure(|| {
        black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_params))).is_ok());
        black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_other))).is_ok());
    }) / 2;

    // The same for S3's rule set (the largest): a virtual-hosted bucket, then two in turn.
    use ours_s3::config::endpoint::ResolveEndpoint as _;
    use reference_s3::config::endpoint::ResolveEndpoint as _;
    let (ours_s3_params, reference_s3_params) = (s3_endpoint_params!(ours_s3, "bucket-a"), s3_endpoint_params!(reference_s3, "bucket-a"));
    let (ours_s3_other, reference_s3_other) = (s3_endpoint_params!(ours_s3, "bucket-b"), s3_endpoint_params!(reference_s3, "bucket-b"));
    let ours_s3_resolver = ours_s3::config::endpoint::DefaultResolver::new();
    let reference_s3_resolver = reference_s3::config::endpoint::DefaultResolver::new();
    let ours_s3_endpoint = ready(ours_s3_resolver.resolve_endpoint(&ours_s3_params)).expect("resolves");
    let reference_s3_endpoint = ready(reference_s3_resolver.resolve_endpoint(&reference_s3_params)).expect("resolves");
    assert_eq!(ours_s3_endpoint, reference_s3_endpoint, "both resolve the same endpoint, properties included");
    let s3_url = ours_s3_endpoint.url().to_owned();
    let endpoint_s3_ours = measure(|| {
        black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_params))).is_ok());
    });
    let endpoint_s3_reference = measure(|| {
        black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_params))).is_ok());
    });
    let endpoint_s3_ours_evaluated = measure(|| {
        black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_params))).is_ok());
        black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_other))).is_ok());
    }) / 2;
    let endpoint_s3_reference_evaluated = measure(|| {
        black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_params))).is_ok());
        black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_other))).is_ok());
    }) / 2;

    let ratio = |r: Duration, o: Duration| r.as_secs_f64() / o.as_secs_f64();
    println!(
        "serialize StartExportTask: generated {ser_ours:?}, aws-sdk-rds {ser_reference:?}: {:.2}x faster",
        ratio(ser_reference, ser_ours)
    );
    println!(
        "parse DescribeDBInstances (100 instances, {} KB): generated {parse_ours:?}, aws-sdk-rds {parse_reference:?}: {:.2}x faster",
        body.len() / 1024,
        ratio(parse_reference, parse_ours)
    );
    println!(
        "serialize DynamoDB PutItem (50 attributes): generated {put_ours:?}, aws-sdk-dynamodb {put_reference:?}: {:.2}x faster",
        ratio(put_reference, put_ours)
    );
    println!(
        "parse DynamoDB Query (100 items of 10 attributes, {} KB): generated {query_ours:?}, aws-sdk-dynamodb {query_reference:?}: {:.2}x faster",
        query.len() / 1024,
        ratio(query_reference, query_ours)
    );
    println!(
        "resolve the RDS endpoint ({ours_url}), same parameters each call: generated {endpoint_ours:?}, aws-sdk-rds {endpoint_reference:?}: {:.2}x faster",
        ratio(endpoint_reference, endpoint_ours)
    );
    println!(
        "resolve the RDS endpoint, {ours_url} and {ours_other_url} in turn (the rules evaluated each call): generated {endpoint_ours_evaluated:?}, aws-sdk-rds {endpoint_reference_evaluated:?}: {:.2}x faster",
        ratio(endpoint_reference_evaluated, endpoint_ours_evaluated)
    );
    println!(
        "resolve the S3 endpoint ({s3_url}), same parameters each call: generated {endpoint_s3_ours:?}, aws-sdk-s3 {endpoint_s3_reference:?}: {:.2}x faster",
        ratio(endpoint_s3_reference, endpoint_s3_ours)
    );
    println!(
        "resolve the S3 endpoint, two buckets in turn (the rules evaluated each call): generated {endpoint_s3_ours_evaluated:?}, aws-sdk-s3 {endpoint_s3_reference_evaluated:?}: {:.2}x faster",
        ratio(endpoint_s3_reference_evaluated, endpoint_s3_ours_evaluated)
    );
}
