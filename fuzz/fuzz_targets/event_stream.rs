//! Any bytes as the event stream of the REST JSON kitchen sink's `Watch` operation (header
//! members of every type, blob, string and structure payloads, body members, modeled errors):
//! the receiver must give events, errors and then the end, never a panic, and never more
//! events than the bytes can hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{replay_client, Setup};
use sdk_rest_json_kitchen_sink::error::DisplayErrorContext;
use std::sync::OnceLock;

fn setup() -> &'static Setup<sdk_rest_json_kitchen_sink::Client> {
    static SETUP: OnceLock<Setup<sdk_rest_json_kitchen_sink::Client>> = OnceLock::new();
    SETUP.get_or_init(|| Setup::new(|replay| replay_client!(sdk_rest_json_kitchen_sink, replay)))
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    setup.replay.set(200, data);
    setup.runtime.block_on(async {
        let Ok(mut output) = setup.client.watch().name("w").send().await else { return };
        // A message takes at least 16 bytes.
        let most = data.len() / 16 + 1;
        for _ in 0..=most {
            match output.events.recv().await {
                Ok(Some(event)) => {
                    let _ = format!("{event:?}");
                }
                Ok(None) => return,
                Err(error) => {
                    assert!(!DisplayErrorContext(&error).to_string().is_empty());
                }
            }
        }
        panic!("more events than {} bytes can hold", data.len());
    });
});
