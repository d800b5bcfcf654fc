//! The flow tests of `flows.rs`, compiled to wasm and run in headless Chromium (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

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
