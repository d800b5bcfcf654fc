//! Base64: standard encoding, and the lenient decoding the incumbents apply to `SECRET_BLOCK`.

use crate::b64::{decode, encode as encode_with, Alphabet};

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, Alphabet::Standard, true)
}

/// Decodes base64 the way Node's `Buffer.from(s, 'base64')` does, which is what
/// `amazon-cognito-identity-js` applies to `SECRET_BLOCK`: the string is read as UTF-16 code
/// units and each unit as its low byte (so `U+013D` reads as `=`, `U+5B57` as `W`), decoding
/// stops at the first `=`, both alphabets are accepted (`-`/`_` as `+`/`/`), every other
/// byte is skipped, a trailing group of 2 or 3 characters yields 1 or 2 bytes and a lone
/// trailing character yields nothing. Never fails. (For ASCII input, the only kind Cognito
/// and moto send, the npm `buffer` package used by browser bundles agrees.)
pub fn decode_lenient(input: &str) -> Vec<u8> {
    let mut cleaned = String::with_capacity(input.len());
    for unit in input.encode_utf16() {
        let [low, _] = unit.to_le_bytes();
        match low {
            b'=' => break,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => cleaned.push(char::from(low)),
            b'-' => cleaned.push('+'),
            b'_' => cleaned.push('/'),
            _ => {}
        }
    }
    if cleaned.len() % 4 == 1 {
        cleaned.pop();
    }
    decode(&cleaned, Alphabet::Standard, true).unwrap_or_default()
}
