//! Any bytes as a response of the REST kitchen sinks (restJson1 and restXml): headers (the
//! `name: value` lines before the first empty line) and a body. The first byte picks the
//! operation and whether the status is a success: the HTTP bindings, the JSON or XML body
//! decoders and the error envelopes must return an output or an error. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdk_fuzz::{headers_and_body, replay_client, Setup};
use std::sync::OnceLock;

struct Clients {
    json: sdk_rest_json_kitchen_sink::Client,
    xml: sdk_rest_xml_kitchen_sink::Client,
}

fn setup() -> &'static Setup<Clients> {
    static SETUP: OnceLock<Setup<Clients>> = OnceLock::new();
    SETUP.get_or_init(|| {
        Setup::new(|replay| Clients {
            json: replay_client!(sdk_rest_json_kitchen_sink, replay.clone()),
            xml: replay_client!(sdk_rest_xml_kitchen_sink, replay),
        })
    })
}

/// What a call gave: its output's or error's text.
fn text<O: std::fmt::Debug, E: std::error::Error + 'static>(result: Result<O, E>, status: u16) -> String {
    match result {
        Ok(output) => {
            assert!((200..300).contains(&status), "status {status} parsed as an output");
            format!("{output:?}")
        }
        Err(error) => format!("{error:?} {}", sdk_rest_json_kitchen_sink::error::DisplayErrorContext(&error)),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let status = if first & 1 == 0 { 200 } else { 400 + u16::from(first) % 200 };
    let (headers, body) = headers_and_body(rest);
    let setup = setup();
    setup.replay.set_with_headers(status, headers, body);
    let clients = &setup.client;
    let described = setup.runtime.block_on(async {
        match (first >> 1) % 4 {
            0 => text(clients.json.put_thing().bucket("b").key("k").send().await, status),
            1 => text(clients.json.describe_thing().id("x").send().await, status),
            2 => text(clients.xml.put_config().name("n").send().await, status),
            _ => text(clients.xml.list_entries().send().await, status),
        }
    });
    assert!(!described.is_empty());
});
