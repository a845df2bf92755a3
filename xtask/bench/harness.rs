//! `cargo xtask bench`'s runtime benchmark: generated crates (RDS, DynamoDB, Lambda, Bedrock
//! Runtime, CloudWatch over rpcv2Cbor, S3's endpoint resolver) against the official ones,
//! each built in release with a hidden `__bench` module that calls its own serializer and
//! parser directly (no network, no signing), measured in the same process.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time per call of each of two functions (ours, then the official crate's), after a
/// warm-up of both. Their samples are taken in turn, each round starting with the other one,
/// so that a change in the machine's speed over the run (seen up to 1.5x between runs of an
/// hour apart) falls on both sides alike instead of on whichever was measured later.
fn measure_pair(mut ours: impl FnMut(), mut reference: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..200 {
        ours();
        reference();
    }
    fn sample(f: &mut dyn FnMut()) -> Duration {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(100) {
            f();
            n += 1;
        }
        start.elapsed() / n
    }
    let (mut ours_samples, mut reference_samples) = (Vec::new(), Vec::new());
    for round in 0..15 {
        if round % 2 == 0 {
            ours_samples.push(sample(&mut ours));
            reference_samples.push(sample(&mut reference));
        } else {
            reference_samples.push(sample(&mut reference));
            ours_samples.push(sample(&mut ours));
        }
    }
    ours_samples.sort();
    reference_samples.sort();
    (ours_samples[ours_samples.len() / 2], reference_samples[reference_samples.len() / 2])
}

/// Times of a pair of calls measured together, per call.
fn halved((ours, reference): (Duration, Duration)) -> (Duration, Duration) {
    (ours / 2, reference / 2)
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
/// A PutFunctionEventInvokeConfig input (a function, a qualifier, retry settings and both
/// destinations) in either crate (`$k`).
macro_rules! event_invoke_config_input {
    ($k:ident) => {
        $k::operation::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput::builder()
            .function_name("arn:aws:lambda:us-east-1:123456789012:function:order-processor")
            .qualifier("live")
            .maximum_retry_attempts(2)
            .maximum_event_age_in_seconds(3600)
            .destination_config(
                $k::types::DestinationConfig::builder()
                    .on_success($k::types::OnSuccess::builder().destination("arn:aws:sqs:us-east-1:123456789012:done").build())
                    .on_failure($k::types::OnFailure::builder().destination("arn:aws:sns:us-east-1:123456789012:failed").build())
                    .build(),
            )
            .build()
            .expect("input")
    };
}

/// An Invoke input (a function label, a qualifier in the query, the invocation type, log
/// type and client context in headers, a JSON payload) in either crate (`$k`).
macro_rules! invoke_input {
    ($k:ident) => {
        $k::operation::invoke::InvokeInput::builder()
            .function_name("order-processor")
            .qualifier("live")
            .invocation_type($k::types::InvocationType::RequestResponse)
            .log_type($k::types::LogType::Tail)
            .client_context("eyJjdXN0b20iOnsiYXBwIjoib3JkZXJzIn19")
            .payload($k::primitives::Blob::new(
                br#"{"order":{"id":"o-1234","items":[{"sku":"a-1","quantity":2},{"sku":"b-7","quantity":1}],"express":true}}"#.to_vec(),
            ))
            .build()
            .expect("input")
    };
}

/// The head of a CBOR item: its major type and its length or value.
fn cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend([major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend((n as u16).to_be_bytes());
        }
        _ => {
            out.push(major | 26);
            out.extend((n as u32).to_be_bytes());
        }
    }
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    cbor_head(out, 3, text.len() as u64);
    out.extend(text.as_bytes());
}

fn cbor_double(out: &mut Vec<u8>, value: f64) {
    out.push(0xfb);
    out.extend(value.to_be_bytes());
}

/// A GetMetricData response over rpcv2Cbor, as CloudWatch answers: `n` results of ten
/// points each (timestamps as tag 1 epoch seconds, values as doubles).
fn get_metric_data_body(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    cbor_head(&mut out, 5, 2);
    cbor_text(&mut out, "MetricDataResults");
    cbor_head(&mut out, 4, n as u64);
    for i in 0..n {
        cbor_head(&mut out, 5, 5);
        cbor_text(&mut out, "Id");
        cbor_text(&mut out, &format!("m{i}"));
        cbor_text(&mut out, "Label");
        cbor_text(&mut out, &format!("CPUUtilization i-{i:08x}"));
        cbor_text(&mut out, "Timestamps");
        cbor_head(&mut out, 4, 10);
        for p in 0..10 {
            out.push(0xc1);
            cbor_double(&mut out, 1_700_000_000.0 + (p * 60) as f64);
        }
        cbor_text(&mut out, "Values");
        cbor_head(&mut out, 4, 10);
        for p in 0..10 {
            cbor_double(&mut out, (i * 10 + p) as f64 * 0.25);
        }
        cbor_text(&mut out, "StatusCode");
        cbor_text(&mut out, "Complete");
    }
    cbor_text(&mut out, "NextToken");
    cbor_text(&mut out, "next-page");
    out
}

/// A ListFunctions response of `n` functions, as Lambda answers.
fn list_functions_body(n: usize) -> String {
    let functions: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"FunctionName":"function-{i}","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:function-{i}","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/lambda-role","Handler":"app.handler","CodeSize":{size},"Description":"Function number {i}","Timeout":30,"MemorySize":256,"LastModified":"2024-05-01T12:00:00.000+0000","CodeSha256":"dGVzdC1jb2RlLXNoYTI1Ni1mb3ItZnVuY3Rpb24={i}","Version":"$LATEST","Environment":{{"Variables":{{"STAGE":"prod","INDEX":"{i}"}}}},"TracingConfig":{{"Mode":"PassThrough"}},"RevisionId":"rev-{i}","PackageType":"Zip","Architectures":["arm64"],"EphemeralStorage":{{"Size":512}},"LoggingConfig":{{"LogFormat":"Text","LogGroup":"/aws/lambda/function-{i}"}}}}"#,
                size = 1000 + i
            )
        })
        .collect();
    format!(r#"{{"Functions":[{}],"NextMarker":"next-page-marker"}}"#, functions.join(","))
}

/// `n` ConverseStream text deltas, each an event stream message as Bedrock sends it.
fn converse_stream_body(n: usize) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..n {
        let payload = format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"token {i} of the reply, "}},"p":"abcdefghijklmnop"}}"#);
        let headers: Vec<u8> = [(":event-type", "contentBlockDelta"), (":content-type", "application/json"), (":message-type", "event")]
            .iter()
            .flat_map(|(name, value)| {
                let mut h = vec![name.len() as u8];
                h.extend_from_slice(name.as_bytes());
                h.push(7);
                h.extend_from_slice(&(value.len() as u16).to_be_bytes());
                h.extend_from_slice(value.as_bytes());
                h
            })
            .collect();
        let total = 12 + headers.len() + payload.len() + 4;
        let start = body.len();
        body.extend_from_slice(&(total as u32).to_be_bytes());
        body.extend_from_slice(&(headers.len() as u32).to_be_bytes());
        let prelude_crc = crc32(&body[start..]);
        body.extend_from_slice(&prelude_crc.to_be_bytes());
        body.extend_from_slice(&headers);
        body.extend_from_slice(payload.as_bytes());
        let message_crc = crc32(&body[start..]);
        body.extend_from_slice(&message_crc.to_be_bytes());
    }
    body
}

/// CRC-32 (IEEE), bit by bit.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn has_zip<V: std::fmt::Debug>(item: Option<&std::collections::HashMap<String, V>>) -> bool {
    item.and_then(|i| i.get("address")).is_some_and(|a| format!("{a:?}").contains("1000-003"))
}

/// The value of a future that is ready when first polled (endpoint resolvers answer at once,
/// and receivers over a body held in memory).
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
    // Bodies are decoded from memory as the pipeline holds them once received (no copy per
    // call, for either crate).
    let body: &'static str = Box::leak(describe_db_instances_body(100).into_boxed_str());
    let ours_input = start_export_task_input!(ours);
    let reference_input = start_export_task_input!(reference);

    // Both must agree before their speed means anything.
    let ours_parsed = ours::__bench::parse_describe_db_instances(body);
    let reference_parsed = reference::__bench::parse_describe_db_instances(body);
    assert_eq!(ours_parsed.db_instances().len(), 100);
    assert_eq!(reference_parsed.db_instances().len(), 100);
    assert_eq!(ours_parsed.marker(), reference_parsed.marker());

    let (ser_ours, ser_reference) = measure_pair(
        || {
            black_box(ours::__bench::serialize_start_export_task(black_box(&ours_input)));
        },
        || {
            black_box(reference::__bench::serialize_start_export_task(black_box(&reference_input)));
        },
    );
    let (parse_ours, parse_reference) = measure_pair(
        || {
            black_box(ours::__bench::parse_describe_db_instances(black_box(body)));
        },
        || {
            black_box(reference::__bench::parse_describe_db_instances(black_box(body)));
        },
    );
    let query: &'static str = Box::leak(query_body(100).into_boxed_str());
    let ours_put = put_item_input!(ours_dynamodb);
    let reference_put = put_item_input!(reference_dynamodb);
    let ours_items = ours_dynamodb::__bench::parse_query(query);
    let reference_items = reference_dynamodb::__bench::parse_query(query);
    assert_eq!(ours_items.items().len(), 100);
    assert_eq!(reference_items.items().len(), 100);
    assert!(has_zip(ours_items.items().get(3)) && has_zip(reference_items.items().get(3)), "both parse the nested address");
    let ours_put_body = ours_dynamodb::__bench::serialize_put_item(&ours_put);
    let reference_put_body = reference_dynamodb::__bench::serialize_put_item(&reference_put);
    assert_eq!(ours_put_body.len(), reference_put_body.bytes().map_or(0, <[u8]>::len), "both PutItem bodies hold the same JSON");
    let (put_ours, put_reference) = measure_pair(
        || {
            black_box(ours_dynamodb::__bench::serialize_put_item(black_box(&ours_put)));
        },
        || {
            black_box(reference_dynamodb::__bench::serialize_put_item(black_box(&reference_put)));
        },
    );
    let (query_ours, query_reference) = measure_pair(
        || {
            black_box(ours_dynamodb::__bench::parse_query(black_box(query)));
        },
        || {
            black_box(reference_dynamodb::__bench::parse_query(black_box(query)));
        },
    );

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
    let (endpoint_ours, endpoint_reference) = measure_pair(
        || {
            black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_params))).is_ok());
        },
        || {
            black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_params))).is_ok());
        },
    );
    let (endpoint_ours_evaluated, endpoint_reference_evaluated) = halved(measure_pair(
        || {
            black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_params))).is_ok());
            black_box(ready(ours_resolver.resolve_endpoint(black_box(&ours_other))).is_ok());
        },
        || {
            black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_params))).is_ok());
            black_box(ready(reference_resolver.resolve_endpoint(black_box(&reference_other))).is_ok());
        },
    ));

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
    let (endpoint_s3_ours, endpoint_s3_reference) = measure_pair(
        || {
            black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_params))).is_ok());
        },
        || {
            black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_params))).is_ok());
        },
    );
    let (endpoint_s3_ours_evaluated, endpoint_s3_reference_evaluated) = halved(measure_pair(
        || {
            black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_params))).is_ok());
            black_box(ready(ours_s3_resolver.resolve_endpoint(black_box(&ours_s3_other))).is_ok());
        },
        || {
            black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_params))).is_ok());
            black_box(ready(reference_s3_resolver.resolve_endpoint(black_box(&reference_s3_other))).is_ok());
        },
    ));

    // Lambda (restJson1): a request with a label, a query parameter and a JSON body of
    // nested structures, and a 100-function ListFunctions response.
    let ours_config = event_invoke_config_input!(ours_lambda);
    let reference_config = event_invoke_config_input!(reference_lambda);
    let (ours_uri, _, ours_body) = ours_lambda::__bench::serialize_put_function_event_invoke_config(&ours_config);
    let reference_request = reference_lambda::__bench::serialize_put_function_event_invoke_config(&reference_config);
    assert!(reference_request.uri().ends_with(&ours_uri), "the same path and query: {ours_uri} in {}", reference_request.uri());
    let same_json = |a: &[u8], b: &[u8]| serde_json::from_slice::<serde_json::Value>(a).ok() == serde_json::from_slice(b).ok();
    assert!(same_json(&ours_body, reference_request.body().bytes().unwrap_or_default()), "the same JSON body");
    let ours_invoke = invoke_input!(ours_lambda);
    let reference_invoke = invoke_input!(reference_lambda);
    let (ours_invoke_uri, ours_invoke_headers, ours_invoke_body) = ours_lambda::__bench::serialize_invoke(&ours_invoke);
    let reference_invoke_request = reference_lambda::__bench::serialize_invoke(&reference_invoke);
    assert!(reference_invoke_request.uri().ends_with(&ours_invoke_uri), "the same path and query: {ours_invoke_uri}");
    for (name, value) in &ours_invoke_headers {
        assert_eq!(reference_invoke_request.headers().get(name.as_ref()), Some(value.as_str()), "the header {name}");
    }
    for bound in ["x-amz-invocation-type", "x-amz-log-type", "x-amz-client-context"] {
        assert!(ours_invoke_headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(bound)), "the bound header {bound}");
    }
    assert!(same_json(&ours_invoke_body, reference_invoke_request.body().bytes().unwrap_or_default()), "the same JSON payload");
    let (invoke_ours, invoke_reference) = measure_pair(
        || {
            black_box(ours_lambda::__bench::serialize_invoke(black_box(&ours_invoke)));
        },
        || {
            black_box(reference_lambda::__bench::serialize_invoke(black_box(&reference_invoke)));
        },
    );
    let functions: &'static str = Box::leak(list_functions_body(100).into_boxed_str());
    let ours_functions = ours_lambda::__bench::parse_list_functions(functions);
    let reference_functions = reference_lambda::__bench::parse_list_functions(functions);
    assert_eq!(ours_functions.functions().len(), 100);
    assert_eq!(reference_functions.functions().len(), 100);
    assert_eq!(ours_functions.next_marker(), reference_functions.next_marker());
    let (lambda_ser_ours, lambda_ser_reference) = measure_pair(
        || {
            black_box(ours_lambda::__bench::serialize_put_function_event_invoke_config(black_box(&ours_config)));
        },
        || {
            black_box(reference_lambda::__bench::serialize_put_function_event_invoke_config(black_box(&reference_config)));
        },
    );
    let (lambda_parse_ours, lambda_parse_reference) = measure_pair(
        || {
            black_box(ours_lambda::__bench::parse_list_functions(black_box(functions)));
        },
        || {
            black_box(reference_lambda::__bench::parse_list_functions(black_box(functions)));
        },
    );

    // CloudWatch over rpcv2Cbor, as its current release speaks it.
    let metrics: &'static [u8] = Box::leak(get_metric_data_body(100).into_boxed_slice());
    let ours_metrics = ours_cloudwatch::__bench::parse_get_metric_data(metrics);
    let reference_metrics = reference_cloudwatch::__bench::parse_get_metric_data(metrics);
    assert_eq!(ours_metrics.metric_data_results().len(), 100);
    assert_eq!(reference_metrics.metric_data_results().len(), 100);
    let (ours_last, reference_last) = (&ours_metrics.metric_data_results()[99], &reference_metrics.metric_data_results()[99]);
    assert_eq!(ours_last.values(), reference_last.values(), "both read the same values");
    assert_eq!(ours_last.timestamps().len(), reference_last.timestamps().len());
    assert_eq!(ours_last.timestamps()[9].secs(), reference_last.timestamps()[9].secs(), "both read the same timestamps");
    assert_eq!(ours_metrics.next_token(), reference_metrics.next_token());
    let (cbor_ours, cbor_reference) = measure_pair(
        || {
            black_box(ours_cloudwatch::__bench::parse_get_metric_data(black_box(metrics)));
        },
        || {
            black_box(reference_cloudwatch::__bench::parse_get_metric_data(black_box(metrics)));
        },
    );

    // An event stream held in memory, read to its end through each crate's receiver: 10,000
    // ConverseStream text deltas as Bedrock frames them. The body is shared, not copied per
    // call (as an HTTP client hands over the chunks it received): a 2 MB copy per call was
    // a third of the time, the same on both sides.
    let events: &'static [u8] = converse_stream_body(10_000).leak();
    assert_eq!(ready(ours_bedrock::__bench::read_events(events)), 10_000);
    assert_eq!(ready(reference_bedrock::__bench::read_events(events)), 10_000);
    let (events_ours, events_reference) = measure_pair(
        || {
            black_box(ready(ours_bedrock::__bench::read_events(black_box(events))));
        },
        || {
            black_box(ready(reference_bedrock::__bench::read_events(black_box(events))));
        },
    );

    let ratio = |r: Duration, o: Duration| r.as_secs_f64() / o.as_secs_f64();
    println!(
        "serialize Lambda PutFunctionEventInvokeConfig (label, query, JSON body; the whole request): generated {lambda_ser_ours:?}, aws-sdk-lambda {lambda_ser_reference:?}: {:.2}x faster",
        ratio(lambda_ser_reference, lambda_ser_ours)
    );
    println!(
        "serialize Lambda Invoke (label, query, three headers, a JSON payload; the whole request): generated {invoke_ours:?}, aws-sdk-lambda {invoke_reference:?}: {:.2}x faster",
        ratio(invoke_reference, invoke_ours)
    );
    println!(
        "parse Lambda ListFunctions (100 functions, {} KB): generated {lambda_parse_ours:?}, aws-sdk-lambda {lambda_parse_reference:?}: {:.2}x faster",
        functions.len() / 1024,
        ratio(lambda_parse_reference, lambda_parse_ours)
    );
    println!(
        "parse CloudWatch GetMetricData over rpcv2Cbor (100 results of ten points, {} KB): generated {cbor_ours:?}, aws-sdk-cloudwatch {cbor_reference:?}: {:.2}x faster",
        metrics.len() / 1024,
        ratio(cbor_reference, cbor_ours)
    );
    println!(
        "read 10,000 ConverseStream events ({} KB of frames): generated {events_ours:?}, aws-sdk-bedrockruntime {events_reference:?}: {:.2}x faster",
        events.len() / 1024,
        ratio(events_reference, events_ours)
    );
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
