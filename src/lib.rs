//! # cognito-headless
//!
//! A headless Amazon Cognito authenticator as a sans-IO state machine.
//!
//! The core never performs I/O, never reads a clock and never draws randomness: the host
//! (the JS package, a Node server, a test) feeds [`machine::Input`]s with the current time
//! and executes the [`machine::Effect`]s the machine emits:
//!
//! ```text
//! let mut m = AuthMachine::new(config)?;
//! m.handle(now, Input::Start);
//! loop {
//!     while let Some(effect) = m.poll_effect() {
//!         match effect {
//!             Effect::Http { id, request, retry } => /* send (again, if `retry`); later */ m.handle(now, Input::HttpResult { id, outcome }),
//!             Effect::Load { id, keys }     => /* read */ m.handle(now, Input::StorageLoaded { id, values }),
//!             Effect::Store { key, value }  => /* write */,
//!             Effect::Remove { key }        => /* delete */,
//!             Effect::Emit { event }        => /* notify listeners */,
//!             Effect::Complete { op, result } => /* resolve the caller's promise */,
//!         }
//!     }
//! }
//! ```
//!
//! Modules: [`srp`] (Cognito SRP-6a maths), [`cognito`] (wire protocol values),
//! [`session`] (tokens, storage layout), [`machine`] (the authenticator).

#![warn(missing_docs)]

// The derives (`cognito-headless-derive`) name this crate `::cognito_headless`, here too.
extern crate self as cognito_headless;

pub mod authenticator;
mod b64;
pub mod cognito;
mod hex;
/// JSON without serde. Private to the crate; public (doc-hidden) with the `testing`
/// feature for the integration tests and fuzz targets.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod json;
#[cfg(not(feature = "testing"))]
mod json;
pub mod machine;
/// The crate's small map and set. Private to the crate; public (doc-hidden) with the
/// `testing` feature.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod map;
#[cfg(not(feature = "testing"))]
mod map;
pub mod session;
pub mod srp;
mod url;

/// The wasm module's allocator: talc instead of std's dlmalloc, for a smaller module
/// (bench/levers.md, size lever 14). The module is single-threaded (no `atomics`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The wasm-bindgen boundary (wasm32 only): the `WasmAuth` class the npm package drives.
#[cfg(target_arch = "wasm32")]
pub mod wasm;
