//! Any bytes as a successful response of the kitchen-sink `Everything` operation (every
//! member kind): the XML decoder must return an output or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{replay_client, Setup};
use std::sync::OnceLock;

fn setup() -> &'static Setup<sdk_kitchen_sink::Client> {
    static SETUP: OnceLock<Setup<sdk_kitchen_sink::Client>> = OnceLock::new();
    SETUP.get_or_init(|| Setup::new(|replay| replay_client!(sdk_kitchen_sink, replay)))
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    setup.replay.set(200, data);
    let result = setup.runtime.block_on(setup.client.everything().send());
    if let Ok(output) = result {
        let _ = format!("{output:?}");
    }
});
