// A DynamoDB client configured as programs that bring their own transport, clock and timer
// configure aws-sdk-dynamodb: through the config builder, and through an `SdkConfig` as
// aws-config would hand it over. `tests/config_compat.rs` compiles it twice, with `ddb`
// naming aws-sdk-dynamodb and the generated crate, and compares what each client did.

use ddb::config::retry::RetryConfig;
use ddb::config::timeout::TimeoutConfig;
use ddb::config::{AppName, BehaviorVersion, Credentials, Region, SharedAsyncSleep, SharedHttpClient};
use std::time::Duration;

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder().connect_timeout(Duration::from_secs(7)).read_timeout(Duration::from_secs(9)).build()
}

/// A client whose config builder names the transport, the clock, the timer and the app.
pub fn from_builder(transport: &crate::Transport) -> ddb::Client {
    let mut builder = ddb::Config::builder()
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "compat"))
        .http_client(transport.clone())
        .time_source(crate::clock())
        .sleep_impl(transport.clone())
        .app_name(AppName::new("compat-app").expect("a valid name"))
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(timeouts())
        .behavior_version(BehaviorVersion::latest());
    // The setters that take the shared forms, as code that copies settings around uses them.
    builder.set_http_client(Some(SharedHttpClient::new(transport.clone())));
    builder.set_sleep_impl(Some(SharedAsyncSleep::new(transport.clone())));
    ddb::Client::from_conf(builder.build())
}

/// A client made from an `SdkConfig` that holds the same settings.
pub fn from_sdk_config(transport: &crate::Transport) -> ddb::Client {
    let shared = aws_types::SdkConfig::builder()
        .region(Region::new("eu-west-1"))
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "compat",
        )))
        .http_client(transport.clone())
        .time_source(crate::clock())
        .sleep_impl(SharedAsyncSleep::new(transport.clone()))
        .app_name(AppName::new("compat-app").expect("a valid name"))
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(timeouts())
        .behavior_version(BehaviorVersion::latest())
        .build();
    let config = ddb::Config::new(&shared);
    assert!(config.http_client().is_some(), "the SdkConfig's HTTP client is taken over");
    assert!(config.sleep_impl().is_some() && config.time_source().is_some(), "the SdkConfig's timer and clock are taken over");
    assert_eq!(config.app_name().map(|name| name.to_string()).as_deref(), Some("compat-app"));
    ddb::Client::from_conf(config)
}

/// Lists the tables (the transport fails the first attempt with a 500, so it is retried
/// after a backoff) and describes one that does not exist.
pub async fn run(client: &ddb::Client) -> Vec<String> {
    let mut log = Vec::new();
    match client.list_tables().limit(5).send().await {
        Ok(output) => log.push(format!("tables {:?}", output.table_names())),
        Err(e) => log.push(format!("list failed: {}", ddb::error::DisplayErrorContext(&e))),
    }
    match client.describe_table().table_name("missing").send().await {
        Ok(_) => log.push("described a missing table".to_owned()),
        Err(e) => log.push(format!("describe: {:?}", e.into_service_error().is_resource_not_found_exception())),
    }
    log
}

/// A client like `from_builder`'s in the adaptive retry mode, with four attempts.
pub fn adaptive(transport: &crate::Transport) -> ddb::Client {
    let config = from_builder(transport).config().to_builder().retry_config(RetryConfig::adaptive().with_max_attempts(4)).build();
    ddb::Client::from_conf(config)
}

/// Gets an item the service throttles three times.
pub async fn throttled(client: &ddb::Client) -> String {
    match client.get_item().table_name("orders").key("pk", ddb::types::AttributeValue::S("a".into())).send().await {
        Ok(output) => format!("item: {:?}", output.item()),
        Err(e) => format!("failed: {}", ddb::error::DisplayErrorContext(&e)),
    }
}

/// A client that sets no timeouts, through the program's transport and timer.
pub fn without_timeouts(transport: &crate::Transport) -> ddb::Client {
    let config = ddb::Config::builder()
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "compat"))
        .http_client(transport.clone())
        .sleep_impl(transport.clone())
        .behavior_version(BehaviorVersion::latest())
        .build();
    ddb::Client::from_conf(config)
}
