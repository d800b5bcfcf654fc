//! A string whose value is secret: redacted in `Debug`, only readable through `expose`,
//! and wiped from memory when dropped.

use crate::json::{FromJson, ToJson};
use std::fmt;
use zeroize::Zeroize;

/// A secret string (password, token). `Debug` prints `Secret([redacted])`.
///
/// Dropping it overwrites its buffer with zeros (the whole allocation, spare capacity
/// included). Copies made elsewhere are not covered: a `clone()` is another `Secret` and
/// wipes itself, but the `&str` handed out by [`Secret::expose`] may be copied into plain
/// `String`s (request bodies are built with `serde_json`, for one), and a JS string that
/// crossed the wasm boundary can never be wiped. See `SECURITY.md`.
/// Written and read as a plain JSON string.
#[derive(Clone, PartialEq, Eq, Default, FromJson, ToJson)]
#[json(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself. Security: never log or display it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Zeroize for Secret {
    /// Overwrites the value with zeros and leaves an empty secret (the allocation is kept).
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}
