//! Any text as a Smithy IDL file: parsing, resolving and normalizing must end in a model
//! or diagnostics with a position, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(model) = codegen::load::from_idl_str(text, "fuzz.smithy") {
        let _ = codegen::normalize::normalize(&model);
    }
});
