//! Base64: standard encoding, and the lenient decoding the incumbents apply to `SECRET_BLOCK`.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes base64 the way Node's `Buffer.from(s, 'base64')` does, which is what
/// `amazon-cognito-identity-js` applies to `SECRET_BLOCK`: decoding stops at the first `=`,
/// both alphabets are accepted (`-`/`_` as `+`/`/`), every other character is skipped, a
/// trailing group of 2 or 3 characters yields 1 or 2 bytes and a lone trailing character
/// yields nothing. Never fails.
pub fn decode_lenient(input: &str) -> Vec<u8> {
    let body = input.split('=').next().unwrap_or("");
    let mut cleaned: String = body
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => Some(c),
            '-' => Some('+'),
            '_' => Some('/'),
            _ => None,
        })
        .collect();
    if cleaned.len() % 4 == 1 {
        cleaned.pop();
    }
    LENIENT.decode(cleaned.as_bytes()).unwrap_or_default()
}
