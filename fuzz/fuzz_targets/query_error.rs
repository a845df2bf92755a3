//! Any bytes as an error response (status from the first byte) of RDS `StartExportTask`,
//! which has many modeled faults: the error envelope and fault parsers must return an
//! error that says something, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{runtime, Replay};
use sdk_rds::config::{BehaviorVersion, Credentials, Region, RetryConfig};
use sdk_rds::error::DisplayErrorContext;
use std::sync::OnceLock;

struct Setup {
    runtime: tokio::runtime::Runtime,
    replay: Replay,
    client: sdk_rds::Client,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let replay = Replay::default();
        let config = sdk_rds::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("https://example.com")
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "fuzz"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .http_connector(replay.clone())
            .build();
        Setup { runtime: runtime(), client: sdk_rds::Client::from_conf(config), replay }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    // 400-599, where error parsing happens.
    let status = 400 + u16::from(first) % 200;
    let setup = setup();
    setup.replay.set(status, body);
    let call = setup
        .client
        .start_export_task()
        .export_task_identifier("t")
        .source_arn("arn")
        .s3_bucket_name("b")
        .iam_role_arn("r")
        .kms_key_id("k")
        .send();
    match setup.runtime.block_on(call) {
        Ok(output) => panic!("an error status parsed as an output: {output:?}"),
        Err(error) => {
            let text = format!("{error:?} {}", DisplayErrorContext(&error));
            assert!(!text.is_empty());
        }
    }
});
