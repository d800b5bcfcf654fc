//! Unit tests with expected values from the reference, not from this code.
//! The byte-exact vectors against amazon-cognito-identity-js live in `tests/srp_vectors.rs`.

use super::Big;
use super::*;

#[test]
fn group_prime_is_3072_bits() {
    assert_eq!(group::n_bits(), 3072);
}

#[test]
fn pad_hex_follows_java_biginteger() {
    assert_eq!(pad_hex(&Big::from(0u32)), "00");
    assert_eq!(pad_hex(&Big::from(0xfu32)), "0f");
    assert_eq!(pad_hex(&Big::from(0x7fu32)), "7f");
    assert_eq!(pad_hex(&Big::from(0x80u32)), "0080");
    assert_eq!(pad_hex(&Big::from(0x123u32)), "0123");
}

#[test]
fn timestamp_matches_reference_format() {
    // 2026-03-03T09:05:07Z, the reference's example: day unpadded, time padded.
    assert_eq!(timestamp(1_772_528_707_000), "Tue Mar 3 09:05:07 UTC 2026");
    assert_eq!(timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
    // 2024-02-29T23:59:59Z (leap day).
    assert_eq!(timestamp(1_709_251_199_999), "Thu Feb 29 23:59:59 UTC 2024");
}

#[test]
fn pool_name_is_after_underscore() {
    assert_eq!(pool_name("us-east-1_AbC123"), "AbC123");
    assert_eq!(pool_name("nounderscore"), "nounderscore");
    // `userPoolId.split('_')[1]`: a second `_` ends the name.
    assert_eq!(pool_name("us-east-1_Ab_C"), "Ab");
}

#[test]
fn secret_hash_matches_rfc4231_style_hmac() {
    // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog"), a well-known
    // vector: f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8.
    let got = secret_hash("key", "The quick brown fox ", "jumps over the lazy dog");
    assert_eq!(got, "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
}

#[test]
fn lenient_base64_like_node_buffer() {
    assert_eq!(decode_secret_block("QUJD"), b"ABC");
    assert_eq!(decode_secret_block("QU JD\n"), b"ABC");
    assert_eq!(decode_secret_block("QQ=="), b"A");
    assert_eq!(decode_secret_block("QQ"), b"A");
    assert_eq!(decode_secret_block("QUJDRA=xyz"), b"ABCD");
    assert_eq!(decode_secret_block("-_-_"), [0xfb, 0xff, 0xbf]);
    assert_eq!(decode_secret_block("+/+/"), [0xfb, 0xff, 0xbf]);
    assert_eq!(decode_secret_block("QUJDR"), b"ABC");
    assert_eq!(decode_secret_block(""), b"");
}

#[test]
fn rejects_zero_b_and_bad_hex() {
    let random = [7u8; 128];
    let c = SrpClient::new(&random).expect("client");
    assert_eq!(
        c.password_key("p", "u", "pw", "ab", "0").unwrap_err(),
        SrpError::BIsZero
    );
    let c = SrpClient::new(&random).expect("client");
    assert_eq!(
        c.password_key("p", "u", "pw", "zz", "02").unwrap_err(),
        SrpError::BadHex("SALT")
    );
    assert_eq!(
        SrpClient::new(&[1u8; 10]).unwrap_err(),
        SrpError::NotEnoughRandom { needed: 32 }
    );
}

#[test]
fn secrets_are_redacted_in_debug() {
    let c = SrpClient::new(&[9u8; 128]).expect("client");
    assert!(format!("{c:?}").contains("[redacted]"));
    let v = device_verifier("g", "d", &[3u8; 56]).expect("verifier");
    assert!(!format!("{v:?}").contains(&v.random_password));
}
