//! The crate generated from the official DynamoDB model (awsJson1_0) against moto: a table
//! created and waited for, every attribute value kind round-tripped, a paginated query,
//! typed conditional and transaction failures, batch writes, deletion.

use sdk_dynamodb::client::Waiters;
use sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use sdk_dynamodb::error::ProvideErrorMetadata;
use sdk_dynamodb::primitives::Blob;
use sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, Put, PutRequest, ReturnValuesOnConditionCheckFailure,
    ScalarAttributeType, TransactWriteItem, WriteRequest,
};
use std::collections::HashMap;
use std::time::Duration;

fn client() -> sdk_dynamodb::Client {
    let moto = full_sdk_tests::moto::server();
    sdk_dynamodb::Client::from_conf(
        sdk_dynamodb::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(&moto.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

async fn create_table(client: &sdk_dynamodb::Client, name: &str) {
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(
            AttributeDefinition::builder().attribute_name("pk").attribute_type(ScalarAttributeType::S).build().expect("pk"),
        )
        .attribute_definitions(
            AttributeDefinition::builder().attribute_name("sk").attribute_type(ScalarAttributeType::N).build().expect("sk"),
        )
        .key_schema(KeySchemaElement::builder().attribute_name("pk").key_type(KeyType::Hash).build().expect("hash"))
        .key_schema(KeySchemaElement::builder().attribute_name("sk").key_type(KeyType::Range).build().expect("range"))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("the table is created");
    client.wait_until_table_exists().table_name(name).wait(Duration::from_secs(30)).await.expect("the table exists");
}

#[tokio::test]
async fn tables_items_queries_and_typed_failures() {
    let client = client();
    create_table(&client, "things").await;

    // Every kind of attribute value, written and read back.
    let item = HashMap::from([
        ("pk".to_owned(), s("kinds")),
        ("sk".to_owned(), n(1)),
        ("text".to_owned(), s("héllo \"quoted\" \\ \n")),
        ("number".to_owned(), AttributeValue::N("-12.5e3".to_owned())),
        ("bytes".to_owned(), AttributeValue::B(Blob::new(vec![0, 1, 2, 255]))),
        ("flag".to_owned(), AttributeValue::Bool(true)),
        ("nothing".to_owned(), AttributeValue::Null(true)),
        ("list".to_owned(), AttributeValue::L(vec![s("a"), n(2), AttributeValue::L(vec![AttributeValue::Bool(false)])])),
        (
            "map".to_owned(),
            AttributeValue::M(HashMap::from([("inner".to_owned(), AttributeValue::M(HashMap::from([("deep".to_owned(), n(3))])))])),
        ),
        ("strings".to_owned(), AttributeValue::Ss(vec!["x".to_owned(), "y".to_owned()])),
        ("numbers".to_owned(), AttributeValue::Ns(vec!["1".to_owned(), "2.5".to_owned()])),
        ("blobs".to_owned(), AttributeValue::Bs(vec![Blob::new(b"one".to_vec()), Blob::new(b"two".to_vec())])),
    ]);
    client.put_item().table_name("things").set_item(Some(item.clone())).send().await.expect("put");
    let got = client.get_item().table_name("things").key("pk", s("kinds")).key("sk", n(1)).send().await.expect("get");
    let mut read = got.item().expect("the item").clone();
    // Sets come back in the service's order.
    for set in ["strings", "numbers"] {
        if let Some(AttributeValue::Ss(v) | AttributeValue::Ns(v)) = read.get_mut(set) {
            v.sort();
        }
    }
    if let Some(AttributeValue::Bs(v)) = read.get_mut("blobs") {
        v.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
    }
    assert_eq!(read, item);

    // 25 items, queried 10 at a time through the paginator: three pages.
    for i in 0..25 {
        client
            .put_item()
            .table_name("things")
            .item("pk", s("paged"))
            .item("sk", n(i))
            .item("payload", s(&format!("item {i}")))
            .send()
            .await
            .expect("put");
    }
    let query = || {
        client
            .query()
            .table_name("things")
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", s("paged"))
            .limit(10)
            .into_paginator()
    };
    let pages = query().send().try_collect().await.expect("pages");
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(sizes, [10, 10, 5], "three pages");
    let items = query().items().send().try_collect().await.expect("items");
    let keys: Vec<&str> = items.iter().filter_map(|i| i.get("sk")?.as_n().ok().map(String::as_str)).collect();
    assert_eq!(keys.len(), 25);
    assert_eq!(keys.first(), Some(&"0"));

    // A failed condition is the typed error, with the item when asked for it.
    let error = client
        .put_item()
        .table_name("things")
        .item("pk", s("paged"))
        .item("sk", n(3))
        .condition_expression("attribute_not_exists(pk)")
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await
        .expect_err("the item exists")
        .into_service_error();
    assert!(error.is_conditional_check_failed_exception(), "{error:?}");
    assert_eq!(error.code(), Some("ConditionalCheckFailedException"));
    let sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(failed) = error else { unreachable!() };
    assert_eq!(failed.item().and_then(|i| i.get("payload")), Some(&s("item 3")));

    // A cancelled transaction says why, item by item.
    let put = |sk: i64, condition: Option<&str>| {
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name("things")
                    .item("pk", s("tx"))
                    .item("sk", n(sk))
                    .set_condition_expression(condition.map(str::to_owned))
                    .build()
                    .expect("put"),
            )
            .build()
    };
    client.transact_write_items().transact_items(put(1, None)).send().await.expect("the first transaction");
    let error = client
        .transact_write_items()
        .transact_items(put(2, None))
        .transact_items(put(1, Some("attribute_not_exists(pk)")))
        .send()
        .await
        .expect_err("the condition fails")
        .into_service_error();
    let sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(cancelled) = error else {
        panic!("expected TransactionCanceledException, got {error:?}");
    };
    let codes: Vec<Option<&str>> = cancelled.cancellation_reasons().iter().map(|r| r.code()).collect();
    assert_eq!(codes, [Some("None"), Some("ConditionalCheckFailed")]);

    // Batch writes.
    let writes: Vec<WriteRequest> = (100..105)
        .map(|i| {
            WriteRequest::builder().put_request(PutRequest::builder().item("pk", s("batch")).item("sk", n(i)).build().expect("put")).build()
        })
        .collect();
    let output = client.batch_write_item().request_items("things", writes).send().await.expect("batch");
    assert!(output.unprocessed_items().is_none_or(|u| u.is_empty()));
    let count = client
        .query()
        .table_name("things")
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", s("batch"))
        .send()
        .await
        .expect("query")
        .count();
    assert_eq!(count, 5);

    // Deletion, then a typed error for the table that is gone.
    client.delete_table().table_name("things").send().await.expect("deleted");
    let error = client.describe_table().table_name("things").send().await.expect_err("gone").into_service_error();
    assert!(error.is_resource_not_found_exception(), "{error:?}");
}
