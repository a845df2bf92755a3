// One RDS call made by a program written against aws-sdk-rds, with retries and timeouts
// configured through aws_config. `tests/rds_resilience.rs` compiles it twice, with `rds`
// naming aws-sdk-rds and the generated crate, and runs both against the same faults.

use rds::config::retry::RetryConfig;
use rds::config::timeout::TimeoutConfig;
use rds::config::{BehaviorVersion, Credentials, Region};
use rds::error::{ProvideErrorMetadata, SdkError};
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
    let client = rds::Client::new(&sdk_config);
    match client.describe_export_tasks().send().await {
        Ok(output) => format!("ok with {} tasks", output.export_tasks().len()),
        Err(SdkError::ServiceError(context)) => format!("service error {:?}", context.err().code()),
        Err(SdkError::TimeoutError(_)) => "timeout".into(),
        Err(SdkError::DispatchFailure(failure)) => {
            format!("dispatch failure (io {}, timeout {})", failure.is_io(), failure.is_timeout())
        }
        Err(SdkError::ResponseError(_)) => "response error".into(),
        Err(SdkError::ConstructionFailure(_)) => "construction failure".into(),
        Err(other) => format!("other error {other:?}"),
    }
}
