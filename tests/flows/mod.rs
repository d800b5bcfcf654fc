//! Every flow-test module, shared by `flows.rs` (native), `wasm_flows_node.rs` and
//! `wasm_flows_browser.rs` (the same tests on wasm).

mod account;
mod authenticator;
mod challenges;
mod error_metadata;
mod faults;
mod hygiene;
mod identity;
mod integrity;
mod limits;
mod oauth;
mod passkeys;
mod safety;
mod session;
mod sign_in;
mod tabs_model;
mod timers;
