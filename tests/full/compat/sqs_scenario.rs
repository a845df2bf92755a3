// A session of SQS calls written against aws-sdk-sqs. `tests/json_wire.rs` compiles it
// twice, with `sqs` naming aws-sdk-sqs and the generated crate, and compares what each
// client sends and what each makes of the same responses.

use sqs::config::retry::RetryConfig;
use sqs::config::{BehaviorVersion, Credentials, Region};
use sqs::error::{DisplayErrorContext, SdkError};
use sqs::types::{
    ChangeMessageVisibilityBatchRequestEntry, DeleteMessageBatchRequestEntry, MessageAttributeValue, QueueAttributeName,
    SendMessageBatchRequestEntry,
};

pub fn client(endpoint: &str) -> sqs::Client {
    sqs::Client::from_conf(
        sqs::Config::builder()
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
    E: std::fmt::Debug + std::error::Error + sqs::error::ProvideErrorMetadata + Send + Sync + 'static,
{
    match result {
        Ok(output) => format!("ok {output:?}"),
        Err(SdkError::ServiceError(context)) => {
            let err = context.err();
            format!("service error {err:?} (code {:?})", sqs::error::ProvideErrorMetadata::code(err))
        }
        Err(other) => format!("failure {}", DisplayErrorContext(&other)),
    }
}

/// Runs the session; returns what the client made of each response.
pub async fn run(client: &sqs::Client) -> Vec<String> {
    let mut log = Vec::new();
    let created = client
        .create_queue()
        .queue_name("compat-jobs")
        .attributes(QueueAttributeName::VisibilityTimeout, "30")
        .tags("team", "data")
        .send()
        .await;
    let url = created.as_ref().ok().and_then(|c| c.queue_url()).unwrap_or("missing").to_owned();
    log.push(show(created));
    log.push(show(client.get_queue_url().queue_name("compat-jobs").send().await));
    log.push(show(client.list_queues().queue_name_prefix("compat").send().await));
    log.push(show(client.set_queue_attributes().queue_url(&url).attributes(QueueAttributeName::DelaySeconds, "0").send().await));
    log.push(show(client.get_queue_attributes().queue_url(&url).attribute_names(QueueAttributeName::VisibilityTimeout).send().await));
    let attribute = MessageAttributeValue::builder().data_type("Number").string_value("3").build().unwrap();
    log.push(show(client.send_message().queue_url(&url).message_body("first").message_attributes("attempt", attribute).send().await));
    let batch =
        (0..3).map(|i| SendMessageBatchRequestEntry::builder().id(format!("m{i}")).message_body(format!("batch {i}")).build().unwrap());
    log.push(show(client.send_message_batch().queue_url(&url).set_entries(Some(batch.collect())).send().await));
    let received = client.receive_message().queue_url(&url).max_number_of_messages(10).message_attribute_names("All").send().await;
    let handles: Vec<String> =
        received.as_ref().map(|r| r.messages().iter().filter_map(|m| m.receipt_handle().map(str::to_owned)).collect()).unwrap_or_default();
    log.push(show(received));
    if let Some(first) = handles.first() {
        log.push(show(client.change_message_visibility().queue_url(&url).receipt_handle(first).visibility_timeout(0).send().await));
        log.push(show(client.delete_message().queue_url(&url).receipt_handle(first).send().await));
    }
    let changes = handles.iter().skip(1).enumerate().map(|(i, h)| {
        ChangeMessageVisibilityBatchRequestEntry::builder().id(format!("c{i}")).receipt_handle(h).visibility_timeout(5).build().unwrap()
    });
    log.push(show(client.change_message_visibility_batch().queue_url(&url).set_entries(Some(changes.collect())).send().await));
    let deletes = handles
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, h)| DeleteMessageBatchRequestEntry::builder().id(format!("d{i}")).receipt_handle(h).build().unwrap());
    log.push(show(client.delete_message_batch().queue_url(&url).set_entries(Some(deletes.collect())).send().await));
    log.push(show(client.tag_queue().queue_url(&url).tags("env", "test").send().await));
    log.push(show(client.list_queue_tags().queue_url(&url).send().await));
    log.push(show(client.untag_queue().queue_url(&url).tag_keys("env").send().await));
    log.push(show(client.purge_queue().queue_url(&url).send().await));
    log.push(show(client.get_queue_url().queue_name("compat-missing").send().await));
    log.push(show(client.delete_queue().queue_url(&url).send().await));
    log
}
