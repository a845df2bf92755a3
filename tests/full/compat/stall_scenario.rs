// Stalled transfers, written against aws-sdk-s3: `tests/stalled_streams.rs` compiles it
// twice, with `s3` naming aws-sdk-s3 and the generated crate, against a loopback server
// that stops sending a download, or stops taking an upload, halfway.

use s3::config::{BehaviorVersion, Credentials, Region, StalledStreamProtectionConfig};
use std::time::Duration;

pub fn client(endpoint: &str, protection: StalledStreamProtectionConfig) -> s3::Client {
    s3::Client::from_conf(
        s3::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "stall"))
            .behavior_version(BehaviorVersion::latest())
            .force_path_style(true)
            .retry_config(s3::config::retry::RetryConfig::disabled())
            .stalled_stream_protection(protection)
            .build(),
    )
}

/// One second of grace, for the test to be quick.
pub fn quick() -> StalledStreamProtectionConfig {
    StalledStreamProtectionConfig::enabled().grace_period(Duration::from_secs(1)).build()
}

/// Reads an object whose download stops: what the read of its body ends with.
pub async fn download(client: &s3::Client) -> String {
    let output = match client.get_object().bucket("bucket").key("key").send().await {
        Ok(output) => output,
        Err(e) => return format!("the call failed: {}", s3::error::DisplayErrorContext(&e)),
    };
    match output.body.collect().await {
        Ok(bytes) => format!("read {} bytes", bytes.into_bytes().len()),
        Err(e) => format!("the body failed: {}", s3::error::DisplayErrorContext(&e)),
    }
}

/// Uploads a file the server stops taking: what the call ends with.
pub async fn upload(client: &s3::Client, path: &std::path::Path) -> String {
    let body = s3::primitives::ByteStream::from_path(path).await.expect("the file");
    match client.put_object().bucket("bucket").key("key").body(body).send().await {
        Ok(_) => "uploaded".to_owned(),
        Err(e) => format!("the call failed: {}", s3::error::DisplayErrorContext(&e)),
    }
}
