//! `srpBenchStart` / `srpBenchFinish`: one SRP sign-in's maths in two calls, for
//! `bench/run.mjs` only (hidden; not part of the package's API). Timing lives in the bench.
//!
//! The split follows the protocol: `srpBenchStart` is what happens before `InitiateAuth`
//! (A = g^a and `SRP_A`), `srpBenchFinish` the critical path from receiving
//! `PASSWORD_VERIFIER` to sending the response (u, x, g^x, S, HKDF, `TIMESTAMP`, signature).

use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

use super::{claim_signature, decode_secret_block, pool_name, timestamp, SrpClient};
use crate::hex;

thread_local! {
    static CLIENT: RefCell<Option<SrpClient>> = const { RefCell::new(None) };
}

/// A = g^a from the 128 bytes `a_hex`; keeps the ephemeral for [`srp_bench_finish`] and
/// returns `SRP_A` (or `error: …`).
#[doc(hidden)]
#[wasm_bindgen(js_name = srpBenchStart)]
pub fn srp_bench_start(a_hex: &str) -> String {
    let Some(a) = hex::decode(a_hex) else {
        return "error: a is not hex".into();
    };
    match SrpClient::new(&a) {
        Ok(client) => {
            let srp_a = client.public_a_hex();
            CLIENT.with(|c| *c.borrow_mut() = Some(client));
            srp_a
        }
        Err(e) => format!("error: {e}"),
    }
}

/// The `PASSWORD_VERIFIER` step with the ephemeral from [`srp_bench_start`]: returns
/// `PASSWORD_CLAIM_SIGNATURE` for `now_ms` (or `error: …`).
#[doc(hidden)]
#[wasm_bindgen(js_name = srpBenchFinish)]
#[allow(clippy::too_many_arguments)]
pub fn srp_bench_finish(
    user_pool_id: &str,
    user_id: &str,
    password: &str,
    salt_hex: &str,
    b_hex: &str,
    secret_block_b64: &str,
    now_ms: f64,
) -> String {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else {
        return "error: srpBenchStart first".into();
    };
    let pool = pool_name(user_pool_id);
    match client.password_key(pool, user_id, password, salt_hex, b_hex) {
        Ok(key) => claim_signature(
            &key,
            pool,
            user_id,
            &decode_secret_block(secret_block_b64),
            &timestamp(now_ms as i64),
        ),
        Err(e) => format!("error: {e}"),
    }
}
