//! The byte-exact SRP vectors (`tests/fixtures/srp_vectors.json`, from
//! amazon-cognito-identity-js 6.3.21) checked in wasm32 in a browser:
//! `wasm-pack test --headless --chrome`. Same checks as `tests/srp_vectors.rs`, from
//! `tests/common/srp_vectors.rs`; the Node twin is `tests/wasm_srp_node.rs`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/srp_vectors.rs"]
mod vectors;

srp_vector_tests!(
    wasm_bindgen_test,
    vectors::run_chunk_timed,
    vectors::Selection::browser()
);
