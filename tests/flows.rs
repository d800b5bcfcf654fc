//! Whole flows driven through the sans-IO machine with a scripted host (native).
//! The same modules run on wasm in `wasm_flows_node.rs` and `wasm_flows_browser.rs`.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

#[path = "flows/account.rs"]
mod account;
#[path = "flows/authenticator.rs"]
mod authenticator;
#[path = "flows/challenges.rs"]
mod challenges;
#[path = "flows/faults.rs"]
mod faults;
#[path = "flows/hygiene.rs"]
mod hygiene;
#[path = "flows/identity.rs"]
mod identity;
#[path = "flows/oauth.rs"]
mod oauth;
#[path = "flows/passkeys.rs"]
mod passkeys;
#[path = "flows/safety.rs"]
mod safety;
#[path = "flows/session.rs"]
mod session;
#[path = "flows/sign_in.rs"]
mod sign_in;
