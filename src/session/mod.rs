//! Tokens, JWT claims, expiry with clock drift, and the storage key layout.

mod jwt;
mod keys;
mod secret;
mod tokens;

pub use jwt::{Jwt, JwtError};
pub use keys::{StorageKeys, AUTH_KEY_PREFIX, USER_DEVICE_KEYS, USER_TOKEN_KEYS};
pub use secret::Secret;
pub use tokens::{
    RestoreError, SignInDetails, StoredSession, Tokens, EXPIRY_TOLERANCE_MS, MAX_STORED_VALUE_BYTES,
};
