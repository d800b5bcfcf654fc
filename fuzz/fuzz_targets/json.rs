//! libFuzzer entry point for the `json` target (body in `src/targets.rs`).
#![no_main]

#[path = "../src/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::json_text(data));
