//! The flow tests of `flows.rs`, compiled to wasm and run in Node (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

#[path = "flows/mod.rs"]
mod flows;
