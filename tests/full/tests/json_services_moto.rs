//! Crates generated from the official awsJson models against moto: one realistic flow per
//! service (SQS, KMS, CloudWatch Logs, Secrets Manager, SSM, Step Functions, Kinesis), and
//! CloudWatch Logs' StartLiveTail read as an event stream.

use std::time::Duration;

use full_sdk_tests::moto_client as client;

#[tokio::test]
async fn sqs_queues_messages_and_the_query_error_code() {
    use sdk_sqs::error::ProvideErrorMetadata;
    use sdk_sqs::types::MessageAttributeValue;
    let client = client!(sdk_sqs);
    let url = client.create_queue().queue_name("jobs").send().await.expect("created").queue_url().expect("a URL").to_owned();
    let attribute = MessageAttributeValue::builder().data_type("String").string_value("nightly").build().expect("attribute");
    let sent =
        client.send_message().queue_url(&url).message_body("export db-1").message_attributes("kind", attribute).send().await.expect("sent");
    assert!(sent.message_id().is_some());
    let received =
        client.receive_message().queue_url(&url).message_attribute_names("All").max_number_of_messages(1).send().await.expect("received");
    let message = &received.messages()[0];
    assert_eq!(message.body(), Some("export db-1"));
    assert_eq!(message.message_attributes().and_then(|a| a.get("kind")).and_then(|v| v.string_value()), Some("nightly"));
    client.delete_message().queue_url(&url).receipt_handle(message.receipt_handle().expect("a handle")).send().await.expect("deleted");
    let empty = client.receive_message().queue_url(&url).send().await.expect("received");
    assert!(empty.messages().is_empty());

    // The error keeps the code the SQS query API gave it, as aws-sdk-sqs reports it.
    let error = client.get_queue_url().queue_name("missing").send().await.expect_err("no such queue").into_service_error();
    assert!(error.is_queue_does_not_exist(), "{error:?}");
    assert_eq!(error.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
}

#[tokio::test]
async fn kms_keys_encryption_and_data_keys() {
    use sdk_kms::primitives::Blob;
    use sdk_kms::types::DataKeySpec;
    let client = client!(sdk_kms);
    let key = client.create_key().description("exports").send().await.expect("created");
    let key_id = key.key_metadata().expect("metadata").key_id().to_owned();
    let plaintext = Blob::new((0..=255u8).collect::<Vec<u8>>());
    let encrypted = client.encrypt().key_id(&key_id).plaintext(plaintext.clone()).send().await.expect("encrypted");
    let ciphertext = encrypted.ciphertext_blob().expect("ciphertext").clone();
    assert_ne!(ciphertext, plaintext);
    let decrypted = client.decrypt().ciphertext_blob(ciphertext).send().await.expect("decrypted");
    assert_eq!(decrypted.plaintext(), Some(&plaintext));
    let data_key = client.generate_data_key().key_id(&key_id).key_spec(DataKeySpec::Aes256).send().await.expect("data key");
    assert_eq!(data_key.plaintext().map(|p| p.as_ref().len()), Some(32));
    let error =
        client.describe_key().key_id("00000000-0000-0000-0000-000000000000").send().await.expect_err("missing").into_service_error();
    assert!(error.is_not_found_exception(), "{error:?}");
}

/// Creates the log group `group` with the stream `stream` holding `count` events, one
/// millisecond apart, whose messages are `{prefix} {i}`.
async fn log_group_with_events(client: &sdk_cloudwatch_logs::Client, group: &str, stream: &str, count: i64, prefix: &str) {
    use sdk_cloudwatch_logs::types::InputLogEvent;
    client.create_log_group().log_group_name(group).send().await.expect("group");
    client.create_log_stream().log_group_name(group).log_stream_name(stream).send().await.expect("stream");
    let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("now").as_millis() as i64;
    let events: Vec<InputLogEvent> = (0..count)
        .map(|i| InputLogEvent::builder().timestamp(start + i).message(format!("{prefix} {i}")).build().expect("event"))
        .collect();
    client.put_log_events().log_group_name(group).log_stream_name(stream).set_log_events(Some(events)).send().await.expect("put");
}

#[tokio::test]
async fn cloudwatch_logs_events_paged() {
    let client = client!(sdk_cloudwatch_logs);
    log_group_with_events(&client, "/app", "web", 25, "line").await;
    let pages = client.filter_log_events().log_group_name("/app").limit(10).into_paginator().send().try_collect().await.expect("pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.events().len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 25, "pages {sizes:?}");
    assert!(sizes.len() >= 3, "pages {sizes:?}");
    let first = pages[0].events()[0].message();
    assert_eq!(first, Some("line 0"));
}

/// Resolves every name to the loopback address.
#[derive(Debug, Clone)]
struct Loopback;

impl aws_smithy_runtime_api::client::dns::ResolveDns for Loopback {
    fn resolve_dns<'a>(&'a self, _: &'a str) -> aws_smithy_runtime_api::client::dns::DnsFuture<'a> {
        aws_smithy_runtime_api::client::dns::DnsFuture::ready(Ok(vec![std::net::Ipv4Addr::LOCALHOST.into()]))
    }
}

/// StartLiveTail answers with an event stream (awsJson1_1): the session's start, then an
/// update holding the log events of the group, read as typed events until the stream ends.
#[tokio::test]
async fn cloudwatch_logs_live_tail_read_as_events() {
    use sdk_cloudwatch_logs::types::StartLiveTailResponseStream;
    // A region of its own: moto 5.2.5 looks a live tail's group up by ARN but answers with
    // the group created last in the region, which another test's group could be.
    let client = client!(sdk_cloudwatch_logs, "eu-west-3");
    log_group_with_events(&client, "/tail", "api", 3, "tail").await;
    let arn = client
        .describe_log_groups()
        .log_group_name_prefix("/tail")
        .send()
        .await
        .expect("groups")
        .log_groups()
        .first()
        .and_then(|g| g.arn())
        .expect("the group's ARN")
        .trim_end_matches(":*")
        .to_owned();
    // The operation's endpoint has the host prefix `streaming-`, which a loopback address
    // cannot take: the call goes to `streaming-127.0.0.1`, resolved to the loopback address.
    let loopback = aws_smithy_http_client::Connector::builder()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(aws_smithy_http_client::tls::rustls_provider::CryptoMode::AwsLc))
        .build_with_resolver(Loopback);
    let mut output = client
        .start_live_tail()
        .log_group_identifiers(&arn)
        .config_override(sdk_cloudwatch_logs::Config::builder().http_connector(loopback))
        .send()
        .await
        .expect("the tail starts");
    let mut started = None;
    let mut messages = Vec::new();
    while let Some(event) = output.response_stream.recv().await.expect("an event, or the end") {
        match event {
            StartLiveTailResponseStream::SessionStart(s) => {
                assert_eq!(s.log_group_identifiers(), std::slice::from_ref(&arn));
                started = s.session_id().map(str::to_owned);
            }
            StartLiveTailResponseStream::SessionUpdate(u) => {
                assert_eq!(u.session_metadata().map(|m| m.sampled()), Some(false));
                messages
                    .extend(u.session_results().iter().map(|r| (r.log_stream_name().map(str::to_owned), r.message().map(str::to_owned))));
            }
            other => panic!("an event the tail does not send: {other:?}"),
        }
    }
    assert!(started.is_some_and(|id| !id.is_empty()), "the session's start comes first, with its id");
    let expected: Vec<_> = (0..3).map(|i| (Some("api".to_owned()), Some(format!("tail {i}")))).collect();
    assert_eq!(messages, expected);
}

#[tokio::test]
async fn secrets_manager_secret_lifecycle() {
    let client = client!(sdk_secrets_manager);
    client.create_secret().name("db/password").secret_string("hunter2").send().await.expect("created");
    let value = client.get_secret_value().secret_id("db/password").send().await.expect("read");
    assert_eq!(value.secret_string(), Some("hunter2"));
    client.put_secret_value().secret_id("db/password").secret_string("correct horse").send().await.expect("rotated");
    let value = client.get_secret_value().secret_id("db/password").send().await.expect("read");
    assert_eq!(value.secret_string(), Some("correct horse"));
    let listed = client.list_secrets().send().await.expect("listed");
    assert!(listed.secret_list().iter().any(|s| s.name() == Some("db/password")));
    client.delete_secret().secret_id("db/password").force_delete_without_recovery(true).send().await.expect("deleted");
    let error = client.get_secret_value().secret_id("db/password").send().await.expect_err("gone").into_service_error();
    assert!(error.is_resource_not_found_exception(), "{error:?}");
}

#[tokio::test]
async fn ssm_parameters_by_path_paged() {
    use sdk_ssm::types::ParameterType;
    let client = client!(sdk_ssm);
    for i in 0..12 {
        client
            .put_parameter()
            .name(format!("/app/setting-{i:02}"))
            .value(format!("value {i}"))
            .r#type(ParameterType::String)
            .send()
            .await
            .expect("put");
    }
    let pages = client.get_parameters_by_path().path("/app").max_results(5).into_paginator().send().try_collect().await.expect("pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.parameters().len()).collect();
    assert_eq!(sizes, [5, 5, 2]);
    let parameter = client.get_parameter().name("/app/setting-03").send().await.expect("read");
    assert_eq!(parameter.parameter().and_then(|p| p.value()), Some("value 3"));
    let error = client.get_parameter().name("/app/missing").send().await.expect_err("missing").into_service_error();
    assert!(error.is_parameter_not_found(), "{error:?}");
}

#[tokio::test]
async fn step_functions_state_machine_and_execution() {
    let client = client!(sdk_sfn);
    let definition = r#"{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}"#;
    let machine = client
        .create_state_machine()
        .name("export")
        .definition(definition)
        .role_arn("arn:aws:iam::123456789012:role/sfn")
        .send()
        .await
        .expect("created");
    let arn = machine.state_machine_arn().to_owned();
    let execution = client.start_execution().state_machine_arn(&arn).input(r#"{"db":"db-1"}"#).send().await.expect("started");
    let described = client.describe_execution().execution_arn(execution.execution_arn()).send().await.expect("described");
    assert_eq!(described.state_machine_arn(), arn);
    assert_eq!(described.input(), Some(r#"{"db":"db-1"}"#));
    let listed = client.list_executions().state_machine_arn(&arn).send().await.expect("listed");
    assert_eq!(listed.executions().len(), 1);
}

#[tokio::test]
async fn kinesis_stream_records() {
    use sdk_kinesis::client::Waiters;
    use sdk_kinesis::primitives::Blob;
    use sdk_kinesis::types::{PutRecordsRequestEntry, ShardIteratorType};
    let client = client!(sdk_kinesis);
    client.create_stream().stream_name("events").shard_count(1).send().await.expect("created");
    client.wait_until_stream_exists().stream_name("events").wait(Duration::from_secs(30)).await.expect("the stream exists");
    let entries: Vec<PutRecordsRequestEntry> = (0..3)
        .map(|i| PutRecordsRequestEntry::builder().data(Blob::new(format!("record {i}"))).partition_key("p").build().expect("entry"))
        .collect();
    let put = client.put_records().stream_name("events").set_records(Some(entries)).send().await.expect("put");
    assert_eq!(put.failed_record_count(), Some(0));
    let shards = client.list_shards().stream_name("events").send().await.expect("shards");
    let shard = shards.shards()[0].shard_id().to_owned();
    let iterator = client
        .get_shard_iterator()
        .stream_name("events")
        .shard_id(shard)
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .send()
        .await
        .expect("iterator");
    let records = client.get_records().shard_iterator(iterator.shard_iterator().expect("an iterator")).send().await.expect("records");
    let data: Vec<&[u8]> = records.records().iter().map(|r| r.data().as_ref()).collect();
    assert_eq!(data, [b"record 0".as_slice(), b"record 1", b"record 2"]);
}
