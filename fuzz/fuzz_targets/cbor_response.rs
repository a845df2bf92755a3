//! Any bytes as a response of the CBOR kitchen sink's `Everything` operation (every member
//! kind, unions, big numbers, sparse collections): with a success status (first byte even)
//! the CBOR decoder must return an output or an error; with an error status the error
//! envelope and the modeled fault decoder must return an error. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_cbor_kitchen_sink::error::DisplayErrorContext;
use sdk_fuzz::{replay_client, Setup};
use std::sync::OnceLock;

fn setup() -> &'static Setup<sdk_cbor_kitchen_sink::Client> {
    static SETUP: OnceLock<Setup<sdk_cbor_kitchen_sink::Client>> = OnceLock::new();
    SETUP.get_or_init(|| Setup::new(|replay| replay_client!(sdk_cbor_kitchen_sink, replay)))
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    let status = if first % 2 == 0 { 200 } else { 400 + u16::from(first) % 200 };
    let setup = setup();
    setup.replay.set(status, body);
    let result = setup.runtime.block_on(setup.client.everything().required_text("x").send());
    match result {
        Ok(output) => {
            assert_eq!(status, 200, "an error status parsed as an output");
            let _ = format!("{output:?}");
        }
        Err(error) => {
            let text = format!("{error:?} {}", DisplayErrorContext(&error));
            assert!(!text.is_empty());
        }
    }
});
