//! # cognito-headless
//!
//! A headless Amazon Cognito authenticator as a sans-IO state machine.
//!
//! The core never performs I/O, never reads a clock and never draws randomness: the host
//! (the JS package, a Node server, a test) feeds [`machine::Input`]s with the current time
//! and carries out the [`machine::Effect`]s the machine emits.
//!
//! # Driving the machine
//!
//! Four rules (the single-mutation rule of sans-IO state machines):
//!
//! 1. Feed one input with [`machine::AuthMachine::handle`], passing the host's clock.
//! 2. Drain [`machine::AuthMachine::poll_effect`] until it returns `None`, carrying out each
//!    effect in order (HTTP requests may run concurrently; storage writes in order).
//! 3. Answer `Http`, `Load`, `Lock` and `WebAuthn` effects later with the input that carries
//!    the same id; each command completes once, with `Effect::Complete` for its `op`.
//! 4. Ask [`machine::AuthMachine::poll_timeout`] and arm one timer for it; when it fires,
//!    feed [`machine::Input::Timeout`].
//!
//! Here a host with empty storage signs a user in with `USER_PASSWORD_AUTH`, Cognito asks
//! for an SMS code, and nobody answers: three minutes later the machine's timer drops the
//! step, with no other input. (A doc test, run natively: `ignore-wasm32` keeps it out of the
//! wasm test runs.)
//!
//! ```ignore-wasm32
//! use cognito_headless::cognito::{HttpResponse, UserPoolConfig};
//! use cognito_headless::machine::{
//!     AuthFlowType, AuthMachine, Command, Effect, HttpOutcome, Input, SignInInput,
//!     SignInOptions, SignInStep,
//! };
//! use cognito_headless::session::Secret;
//!
//! let config = UserPoolConfig {
//!     user_pool_id: "us-east-1_Example".into(),
//!     user_pool_client_id: "exampleclient".into(),
//!     user_pool_client_secret: None,
//!     endpoint: None,
//! };
//! let mut machine = AuthMachine::new(config)?;
//! let mut now = 1_772_528_707_000; // the host's clock, Unix ms
//!
//! /// Rule 2: carries out every effect (storage is empty; requests are kept to answer).
//! fn drain(machine: &mut AuthMachine, now: i64, requests: &mut Vec<u64>) -> Vec<Effect> {
//!     let mut done = Vec::new();
//!     while let Some(effect) = machine.poll_effect() {
//!         match effect {
//!             Effect::Load { id, keys } => {
//!                 let values = keys.into_iter().map(|key| (key, None)).collect();
//!                 machine.handle(now, Input::StorageLoaded { id, values });
//!             }
//!             Effect::Http { id, .. } => requests.push(id),
//!             other => done.push(other),
//!         }
//!     }
//!     done
//! }
//!
//! let mut requests = Vec::new();
//! machine.handle(now, Input::Start); // reads the stored session
//! drain(&mut machine, now, &mut requests);
//!
//! let sign_in = SignInInput {
//!     username: "alice".into(),
//!     password: Some(Secret::new("correct horse")),
//!     options: SignInOptions {
//!         auth_flow_type: Some(AuthFlowType::UserPasswordAuth),
//!         ..SignInOptions::default()
//!     },
//! };
//! let command = Command::SignIn(sign_in);
//! machine.handle(now, Input::Command { op: 1, command, random: Vec::new() });
//! drain(&mut machine, now, &mut requests);
//!
//! // The host sent `InitiateAuth`; Cognito answers with an SMS challenge.
//! let challenge = r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{}}"#;
//! let outcome = HttpOutcome::Response(HttpResponse::json(200, challenge));
//! machine.handle(now, Input::HttpResult { id: requests[0], outcome });
//! let done = drain(&mut machine, now, &mut requests);
//! assert!(done.iter().any(|e| matches!(e, Effect::Complete { op: 1, .. })));
//! let step = machine.snapshot().sign_in_step;
//! assert_eq!(step, Some(SignInStep::ConfirmSignInWithSmsCode));
//!
//! // Rule 4: the step waits three minutes for `confirmSignIn`.
//! let deadline = machine.poll_timeout().ok_or("a deadline")?;
//! assert_eq!(deadline, now + 3 * 60 * 1000);
//! now = deadline;
//! machine.handle(now, Input::Timeout);
//! drain(&mut machine, now, &mut requests);
//! assert_eq!(machine.snapshot().sign_in_step, None);
//! assert_eq!(machine.poll_timeout(), None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The wasm boundary (`wasm`, wasm32 only) is this loop behind one class: `handle(now,
//! input)` returns the effects as JSON, `pollTimeout()` the deadline; the npm package's
//! JS driver carries the effects out.
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
