//! Any bytes as an error response (status from the first byte) of RDS `StartExportTask`,
//! which has many modeled faults: the error envelope and fault parsers must return an
//! error that says something, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{replay_client, Setup};
use sdk_rds::error::DisplayErrorContext;
use std::sync::OnceLock;

fn setup() -> &'static Setup<sdk_rds::Client> {
    static SETUP: OnceLock<Setup<sdk_rds::Client>> = OnceLock::new();
    SETUP.get_or_init(|| Setup::new(|replay| replay_client!(sdk_rds, replay)))
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
