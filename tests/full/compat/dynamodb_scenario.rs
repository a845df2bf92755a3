// A session of DynamoDB calls written against aws-sdk-dynamodb. `tests/json_wire.rs` compiles
// it twice, with `ddb` naming aws-sdk-dynamodb and the generated crate, and compares what
// each client sends and what each makes of the same responses.

use ddb::config::retry::RetryConfig;
use ddb::config::{BehaviorVersion, Credentials, Region};
use ddb::error::{DisplayErrorContext, SdkError};
use ddb::primitives::Blob;
use ddb::types::{
    AttributeDefinition, AttributeValue, BillingMode, Get, KeySchemaElement, KeyType, KeysAndAttributes, Put, PutRequest, ReturnValue,
    ReturnValuesOnConditionCheckFailure, ScalarAttributeType, Tag, TimeToLiveSpecification, TransactGetItem, TransactWriteItem, Update,
    WriteRequest,
};
use std::collections::HashMap;

pub fn client(endpoint: &str) -> ddb::Client {
    ddb::Client::from_conf(
        ddb::Config::builder()
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

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn key(pk: &str, sk: i64) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), n(sk))])
}

/// Runs the session; returns what the client made of each response.
pub async fn run(client: &ddb::Client) -> Vec<String> {
    let table = "orders";
    let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    let mut log = Vec::new();
    log.push(show(
        client
            .create_table()
            .table_name(table)
            .attribute_definitions(
                AttributeDefinition::builder().attribute_name("pk").attribute_type(ScalarAttributeType::S).build().unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder().attribute_name("sk").attribute_type(ScalarAttributeType::N).build().unwrap(),
            )
            .key_schema(KeySchemaElement::builder().attribute_name("pk").key_type(KeyType::Hash).build().unwrap())
            .key_schema(KeySchemaElement::builder().attribute_name("sk").key_type(KeyType::Range).build().unwrap())
            .billing_mode(BillingMode::PayPerRequest)
            .tags(Tag::builder().key("team").value("data").build().unwrap())
            .send()
            .await,
    ));
    log.push(show(client.describe_table().table_name(table).send().await));
    log.push(show(client.list_tables().limit(10).send().await));
    for i in 0..3 {
        log.push(show(
            client
                .put_item()
                .table_name(table)
                .set_item(Some(key("customer-1", i)))
                .item("total", AttributeValue::N(format!("{}.25", i * 10)))
                .item("paid", AttributeValue::Bool(i % 2 == 0))
                .item("lines", AttributeValue::L(vec![s("book"), n(i)]))
                .item(
                    "meta",
                    AttributeValue::M(HashMap::from([("source".to_owned(), s("web")), ("gift".to_owned(), AttributeValue::Null(true))])),
                )
                .item("tags", AttributeValue::Ss(vec!["a".into(), "b".into()]))
                .item("blob", AttributeValue::B(Blob::new(vec![i as u8, 0xff])))
                .return_values(ReturnValue::AllOld)
                .send()
                .await,
        ));
    }
    log.push(show(client.get_item().table_name(table).set_key(Some(key("customer-1", 1))).consistent_read(true).send().await));
    log.push(show(
        client
            .update_item()
            .table_name(table)
            .set_key(Some(key("customer-1", 2)))
            .update_expression("SET #t = :t ADD visits :one")
            .expression_attribute_names("#t", "total")
            .expression_attribute_values(":t", n(99))
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::AllNew)
            .send()
            .await,
    ));
    log.push(show(
        client
            .query()
            .table_name(table)
            .key_condition_expression("pk = :pk AND sk >= :from")
            .expression_attribute_values(":pk", s("customer-1"))
            .expression_attribute_values(":from", n(1))
            .scan_index_forward(false)
            .limit(2)
            .send()
            .await,
    ));
    log.push(show(
        client
            .scan()
            .table_name(table)
            .filter_expression("paid = :p")
            .expression_attribute_values(":p", AttributeValue::Bool(true))
            .send()
            .await,
    ));
    log.push(show(
        client
            .put_item()
            .table_name(table)
            .set_item(Some(key("customer-1", 1)))
            .condition_expression("attribute_not_exists(pk)")
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await,
    ));
    log.push(show(
        client.delete_item().table_name(table).set_key(Some(key("customer-1", 0))).return_values(ReturnValue::AllOld).send().await,
    ));
    let writes = (10..13)
        .map(|i| {
            let mut item = key("customer-2", i);
            item.insert("total".into(), n(i));
            WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(item)).build().unwrap()).build()
        })
        .collect();
    log.push(show(client.batch_write_item().request_items(table, writes).send().await));
    let keys = KeysAndAttributes::builder()
        .keys(key("customer-2", 10))
        .keys(key("customer-2", 11))
        .projection_expression("pk, sk, #t")
        .expression_attribute_names("#t", "total")
        .build()
        .unwrap();
    log.push(show(client.batch_get_item().request_items(table, keys).send().await));
    log.push(show(
        client
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .put(Put::builder().table_name(table).set_item(Some(key("customer-3", 1))).build().unwrap())
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .update(
                        Update::builder()
                            .table_name(table)
                            .set_key(Some(key("customer-2", 10)))
                            .update_expression("SET #t = :t")
                            .expression_attribute_names("#t", "total")
                            .expression_attribute_values(":t", n(1))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .client_request_token("compat-token-1")
            .send()
            .await,
    ));
    log.push(show(
        client
            .transact_get_items()
            .transact_items(
                TransactGetItem::builder()
                    .get(Get::builder().table_name(table).set_key(Some(key("customer-3", 1))).build().unwrap())
                    .build(),
            )
            .send()
            .await,
    ));
    log.push(show(
        client
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(table)
                            .set_item(Some(key("customer-3", 1)))
                            .condition_expression("attribute_not_exists(pk)")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .client_request_token("compat-token-2")
            .send()
            .await,
    ));
    log.push(show(client.tag_resource().resource_arn(arn).tags(Tag::builder().key("env").value("test").build().unwrap()).send().await));
    log.push(show(client.list_tags_of_resource().resource_arn(arn).send().await));
    log.push(show(client.untag_resource().resource_arn(arn).tag_keys("env").send().await));
    log.push(show(
        client
            .update_time_to_live()
            .table_name(table)
            .time_to_live_specification(TimeToLiveSpecification::builder().enabled(true).attribute_name("expires").build().unwrap())
            .send()
            .await,
    ));
    log.push(show(client.describe_time_to_live().table_name(table).send().await));
    log.push(show(client.describe_continuous_backups().table_name(table).send().await));
    log.push(show(client.create_backup().table_name(table).backup_name("nightly").send().await));
    log.push(show(client.list_backups().table_name(table).send().await));
    log.push(show(client.get_item().table_name("missing").set_key(Some(key("x", 1))).send().await));
    log.push(show(client.delete_table().table_name(table).send().await));
    log
}
