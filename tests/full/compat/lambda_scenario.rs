// A session of Lambda calls written against aws-sdk-lambda. `tests/rest_wire.rs` compiles
// it twice, with `lambda` naming aws-sdk-lambda and the generated crate, and compares what
// each client sends and what each makes of the same responses.

use lambda::config::retry::RetryConfig;
use lambda::config::{BehaviorVersion, Credentials, Region};
use lambda::error::{DisplayErrorContext, SdkError};
use lambda::primitives::Blob;
use lambda::types::{Environment, FunctionCode, InvocationType, LogType, Runtime};

pub fn client(endpoint: &str) -> lambda::Client {
    lambda::Client::from_conf(
        lambda::Config::builder()
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
    E: std::fmt::Debug + std::error::Error + lambda::error::ProvideErrorMetadata + Send + Sync + 'static,
{
    match result {
        Ok(output) => format!("ok {output:?}"),
        Err(SdkError::ServiceError(context)) => {
            let err = context.err();
            format!("service error {err:?} (code {:?})", lambda::error::ProvideErrorMetadata::code(err))
        }
        Err(other) => format!("failure {}", DisplayErrorContext(&other)),
    }
}

/// Runs the session with a function of `role` deployed from `package`; returns what the
/// client made of each response.
pub async fn run(client: &lambda::Client, role: &str, package: &[u8]) -> Vec<String> {
    let mut log = Vec::new();
    let name = "compat-exporter";
    let created = client
        .create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(role)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(package)).build())
        .description("exports snapshots")
        .timeout(30)
        .memory_size(256)
        .environment(Environment::builder().variables("STAGE", "test").build())
        .tags("team", "data")
        .publish(false)
        .send()
        .await;
    let arn = created.as_ref().ok().and_then(|f| f.function_arn()).unwrap_or("missing").to_owned();
    log.push(show(created));
    log.push(show(client.get_function().function_name(name).send().await));
    log.push(show(client.get_function_configuration().function_name(name).send().await));
    log.push(show(client.list_functions().max_items(10).send().await));
    log.push(show(client.update_function_configuration().function_name(name).memory_size(512).description("exports v2").send().await));
    log.push(show(client.publish_version().function_name(name).description("first").send().await));
    log.push(show(client.list_versions_by_function().function_name(name).send().await));
    log.push(show(client.create_alias().function_name(name).name("live").function_version("1").description("live").send().await));
    log.push(show(client.get_alias().function_name(name).name("live").send().await));
    log.push(show(client.update_alias().function_name(name).name("live").description("still live").send().await));
    log.push(show(client.list_aliases().function_name(name).send().await));
    log.push(show(client.tag_resource().resource(&arn).tags("tier", "cold").send().await));
    log.push(show(client.list_tags().resource(&arn).send().await));
    log.push(show(client.untag_resource().resource(&arn).tag_keys("tier").send().await));
    log.push(show(client.put_function_concurrency().function_name(name).reserved_concurrent_executions(5).send().await));
    log.push(show(client.get_function_concurrency().function_name(name).send().await));
    log.push(show(client.delete_function_concurrency().function_name(name).send().await));
    log.push(show(
        client
            .add_permission()
            .function_name(name)
            .statement_id("s3-invoke")
            .action("lambda:InvokeFunction")
            .principal("s3.amazonaws.com")
            .send()
            .await,
    ));
    log.push(show(client.get_policy().function_name(name).send().await));
    log.push(show(client.remove_permission().function_name(name).statement_id("s3-invoke").send().await));
    log.push(show(
        client
            .invoke()
            .function_name(name)
            .invocation_type(InvocationType::RequestResponse)
            .log_type(LogType::None)
            .payload(Blob::new(r#"{"snapshot":"db-1"}"#))
            .send()
            .await,
    ));
    log.push(show(client.get_account_settings().send().await));
    log.push(show(client.delete_alias().function_name(name).name("live").send().await));
    // Newer models give DeleteFunction's output the status code; the call is compared,
    // its output is not.
    log.push(format!("deleted: {}", client.delete_function().function_name(name).send().await.is_ok()));
    log.push(show(client.get_function().function_name(name).send().await));
    log
}
