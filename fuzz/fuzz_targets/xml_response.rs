//! Any bytes as a successful response of the kitchen-sink `Everything` operation (every
//! member kind): the XML decoder must return an output or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{runtime, Replay};
use sdk_kitchen_sink::config::{BehaviorVersion, Credentials, Region, RetryConfig};
use std::sync::OnceLock;

struct Setup {
    runtime: tokio::runtime::Runtime,
    replay: Replay,
    client: sdk_kitchen_sink::Client,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let replay = Replay::default();
        let config = sdk_kitchen_sink::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url("https://example.com")
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "fuzz"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .http_connector(replay.clone())
            .build();
        Setup { runtime: runtime(), client: sdk_kitchen_sink::Client::from_conf(config), replay }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    setup.replay.set(200, data);
    let result = setup.runtime.block_on(setup.client.everything().send());
    if let Ok(output) = result {
        let _ = format!("{output:?}");
    }
});
