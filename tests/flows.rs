//! Whole flows driven through the sans-IO machine with a scripted host (native).
//! The same modules run on wasm in `wasm_flows_node.rs` and `wasm_flows_browser.rs`.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

#[path = "flows/mod.rs"]
mod flows;
