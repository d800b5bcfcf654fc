//! Cognito's SRP-6a client maths, as pure functions.
//!
//! Nothing here reads a clock or a random source: the private ephemeral `a`, the device
//! password and salt, and the time for `TIMESTAMP` all arrive as arguments. Private values
//! are held in [`Secret`]-like wrappers with redacted `Debug` and are dropped as soon as the
//! derived key exists.
//!
//! The flow for `USER_SRP_AUTH`:
//! 1. [`SrpClient::new`] from 32 random bytes → send [`SrpClient::public_a_hex`] as `SRP_A`.
//! 2. On `PASSWORD_VERIFIER`, [`SrpClient::password_key`] with `SALT`, `SRP_B`,
//!    `USER_ID_FOR_SRP` and the password → a 16-byte [`PasswordKey`].
//! 3. [`claim_signature`] over pool name, user id, the decoded `SECRET_BLOCK`
//!    ([`decode_secret_block`]) and [`timestamp`] → `PASSWORD_CLAIM_SIGNATURE`.

mod b64;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
#[doc(hidden)]
pub mod bench;
mod big;
mod error;
mod group;
mod mont;
mod time;

pub use b64::{decode_lenient as decode_secret_block, encode as base64_encode};
pub use big::Big;
pub use error::SrpError;
pub use group::{
    pad_hex, PasswordKey, SrpClient, SrpTrace, DEVICE_RANDOM_BYTES, SRP_A_RANDOM_BYTES,
};
pub use time::timestamp;

use hmac::{KeyInit, Mac};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for HMAC.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 32],
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// `PASSWORD_CLAIM_SIGNATURE` (and the device `PASSWORD_CLAIM_SIGNATURE`):
/// `base64(HMAC-SHA256(key, poolName | userIdForSrp | secretBlock | timestamp))`.
///
/// For device SRP, `pool_name` is the device group key and `user_id` the device key.
pub fn claim_signature(
    key: &PasswordKey,
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    let mac = hmac_sha256(
        key.expose(),
        &[
            pool_name.as_bytes(),
            user_id.as_bytes(),
            secret_block,
            timestamp.as_bytes(),
        ],
    );
    base64_encode(&mac)
}

/// `SECRET_HASH` for confidential app clients:
/// `base64(HMAC-SHA256(clientSecret, username | clientId))`.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mac = hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    );
    base64_encode(&mac)
}

/// The pool name used in SRP: `userPoolId.split('_')[1]` as both incumbents compute it,
/// i.e. the part between the first and second `_` (`us-east-1_AbC` → `AbC`; the id
/// `us-east-1_Ab_C`, which amazon-cognito-identity-js's pool id check accepts, → `Ab`).
/// A pool id without `_` is returned whole.
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id.split('_').nth(1).unwrap_or(user_pool_id)
}

pub use group::{device_verifier, DeviceVerifier};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod mont_tests;
