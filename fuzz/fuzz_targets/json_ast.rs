//! Any text as a Smithy JSON AST file: loading and normalizing must end in a model or
//! diagnostics, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(model) = codegen::load::from_json_str(text, "fuzz.json") {
        let _ = codegen::normalize::normalize(&model);
    }
});
