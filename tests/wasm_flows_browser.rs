//! The flow tests of `flows.rs`, compiled to wasm and run in headless Chromium (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

#[path = "flows/mod.rs"]
mod flows;
