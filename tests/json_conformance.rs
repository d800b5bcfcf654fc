//! The crate's own JSON (`cognito_headless::json`) against serde_json: the same texts are
//! accepted and refused, they read as the same values, and what we write reads back (in
//! both parsers) as what was written. Native only (proptest).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use cognito_headless::json::{self, Json, Map};
use proptest::prelude::*;

#[path = "../fuzz/src/targets.rs"]
mod targets;

use targets::same;

/// One text through the `json` fuzz target's differential check against serde_json.
fn check(text: &str) {
    targets::json_text(text.as_bytes());
}

#[test]
fn agrees_with_serde_json_on_hand_picked_texts() {
    let texts = [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "12345678901234567",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551616",
        "1.5",
        "-1.5e-3",
        "1E10",
        "1e+2",
        "0.1",
        "3.141592653589793",
        "1e308",
        "5e-324",
        "1e400",
        "-1e400",
        "01",
        "-",
        "+1",
        ".5",
        "1.",
        "1.e3",
        "0x10",
        "NaN",
        "Infinity",
        "\"\"",
        "\"a\"",
        r#""\"\\\/\b\f\n\r\t""#,
        r#""\u0041\u00e9\u4e2d\ud83d\ude00""#,
        r#""\ud800""#,
        r#""\udc00\ud800""#,
        r#""\u12""#,
        r#""\x41""#,
        "\"tab\there\"",
        "\"é中😀\"",
        "[]",
        "{}",
        "[1,2,3]",
        "[1,]",
        "[,1]",
        "[1 2]",
        r#"{"a":1}"#,
        r#"{"a":1,}"#,
        r#"{"a" 1}"#,
        r#"{a:1}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"b":1,"a":{"d":[],"c":null}}"#,
        " \t\n\r[ 1 , { } ] ",
        "[1] x",
        "1 2",
        "",
        " ",
        "[",
        "{",
        "\"abc",
        "tru",
        "nul",
        "falsey",
        "[[[[[]]]]]",
        "\u{feff}1",
        "/* c */ 1",
    ];
    for text in texts {
        check(text);
    }
}

#[test]
fn nesting_limit_matches_serde_json() {
    for depth in [127, 128, 129, 1000] {
        check(&("[".repeat(depth) + &"]".repeat(depth)));
        check(&("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)));
    }
}

#[test]
fn escapes_like_serde_json() {
    for c in (0u32..0x80).chain([0xe9, 0x2028, 0x2029, 0xfeff, 0x1f600]) {
        let s: String = char::from_u32(c).into_iter().collect();
        assert_eq!(
            Json::String(s.clone()).to_text(),
            serde_json::to_string(&s).expect("string"),
            "U+{c:04X}"
        );
    }
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Json::from),
        any::<String>().prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Json::Object(members.into_iter().collect::<Map>())),
        ]
    })
}

proptest! {
    #[test]
    fn round_trips_through_both_parsers(value in json_value()) {
        let text = value.to_text();
        prop_assert_eq!(json::parse(&text), Ok(value.clone()));
        let theirs: serde_json::Value = serde_json::from_str(&text).expect("serde reads ours");
        prop_assert!(same(&value, &theirs), "{:?}", text);
        // serde_json's text (sorted keys, its float format) reads as the same value in ours.
        let back = json::parse(&theirs.to_string()).expect("ours reads serde's");
        prop_assert!(same(&back, &theirs));
    }

    #[test]
    fn arbitrary_text_is_judged_like_serde_json(text in "[\\[\\]{}\",:0-9.eE+\\-a-z\\\\ ]{0,24}") {
        check(&text);
    }

    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = json::parse_bytes(&bytes);
    }
}
