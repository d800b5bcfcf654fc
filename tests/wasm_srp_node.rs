//! The byte-exact SRP vectors (`tests/fixtures/srp_vectors.json`, from
//! amazon-cognito-identity-js 6.3.21) checked in wasm32 under Node:
//! `wasm-pack test --node`. Same checks as `tests/srp_vectors.rs`, from
//! `tests/common/srp_vectors.rs`; the browser twin is `tests/wasm_srp_browser.rs`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[path = "common/srp_vectors.rs"]
mod vectors;

srp_vector_tests!(
    wasm_bindgen_test,
    vectors::run_chunk_timed,
    vectors::Selection::All
);
