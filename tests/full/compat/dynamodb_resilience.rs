// One DynamoDB call made by a program written against aws-sdk-dynamodb, with retries and
// timeouts configured through aws_config. `tests/json_resilience.rs` compiles it twice, with
// `ddb` naming aws-sdk-dynamodb and the generated crate, and runs both against the same faults.

use ddb::config::retry::RetryConfig;
use ddb::config::timeout::TimeoutConfig;
use ddb::config::{BehaviorVersion, Credentials, Region};
use ddb::error::{ProvideErrorMetadata, SdkError};
use std::time::Duration;

/// How the call ended, in words that do not depend on the client.
pub async fn call(endpoint: &str, max_attempts: u32, timeouts: TimeoutConfig) -> String {
    let sdk_config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "resilience"))
        .retry_config(RetryConfig::standard().with_max_attempts(max_attempts).with_initial_backoff(Duration::from_millis(20)))
        .timeout_config(timeouts)
        .load()
        .await;
    let client = ddb::Client::new(&sdk_config);
    match client.get_item().table_name("orders").key("pk", ddb::types::AttributeValue::S("a".into())).send().await {
        Ok(output) => format!("ok with item {:?}", output.item().and_then(|i| i.get("pk"))),
        Err(SdkError::ServiceError(context)) => format!("service error {:?}", context.err().code()),
        Err(SdkError::TimeoutError(_)) => "timeout".into(),
        Err(SdkError::DispatchFailure(failure)) => format!("dispatch failure (io {}, timeout {})", failure.is_io(), failure.is_timeout()),
        Err(SdkError::ResponseError(_)) => "response error".into(),
        Err(SdkError::ConstructionFailure(_)) => "construction failure".into(),
        Err(other) => format!("other error {other:?}"),
    }
}
