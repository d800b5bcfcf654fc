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

/// A deterministic shuffle of `0..n` (a full-period linear congruential walk).
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (state >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

#[test]
fn a_100k_member_object_reads_as_serde_json_reads_it() {
    // Keys in shuffled order, every 97th member repeating an earlier key with a new value:
    // serde_json keeps the last value of a repeated key, in a map sorted by key.
    let order = shuffled(100_000);
    let mut text = String::from("{");
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"k{i}\":[{n},\"v{i}\"]"));
        if n % 97 == 96 {
            let again = order[n / 2];
            text.push_str(&format!(",\"k{again}\":{{\"again\":{n}}}"));
        }
    }
    text.push('}');
    let theirs: serde_json::Value = serde_json::from_str(&text).expect("serde_json reads it");
    let ours = json::parse(&text).expect("ours reads it");
    assert_eq!(theirs.as_object().map(|m| m.len()), Some(100_000));
    assert!(same(&ours, &theirs));
    // And the whole differential check (written back, read by both).
    check(&text);
}

#[test]
fn object_builder_never_writes_a_key_twice() {
    use cognito_headless::json::ObjectBuilder;
    let built = ObjectBuilder::new()
        .put("b", 1u32)
        .put("a", 2u32)
        .json("b", Json::from(3u32))
        .opt("a", Some(4u32))
        .put("c", 5u32)
        .build();
    let text = built.to_text();
    // What serde_json makes of the same members, one insert each: the last value wins.
    let mut theirs = serde_json::Map::new();
    for (k, v) in [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5)] {
        theirs.insert(k.to_owned(), v.into());
    }
    let members = built.as_object().expect("an object");
    assert_eq!(members.len(), theirs.len(), "{text}");
    for (k, v) in &theirs {
        assert!(same(members.get(k).expect("member"), v), "{k} in {text}");
    }
    // Declaration order of each key's first appearance (a struct's fields, as serde writes
    // them), with the last value.
    assert_eq!(text, r#"{"b":3,"a":4,"c":5}"#);
}

/// One change to a map: `push` (what `ObjectBuilder::put` does), `insert`, or an assignment
/// through `IndexMut` (`Map::slot`).
#[derive(Debug, Clone)]
enum MapOp {
    Push(u8, i64),
    Insert(u8, i64),
    Assign(u8, i64),
}

fn map_op() -> impl Strategy<Value = MapOp> {
    let key = 0u8..6;
    prop_oneof![
        (key.clone(), any::<i64>()).prop_map(|(k, v)| MapOp::Push(k, v)),
        (key.clone(), any::<i64>()).prop_map(|(k, v)| MapOp::Insert(k, v)),
        (key, any::<i64>()).prop_map(|(k, v)| MapOp::Assign(k, v)),
    ]
}

proptest! {
    #[test]
    fn push_insert_and_assign_mixed_never_hold_a_key_twice(
        ops in prop::collection::vec(map_op(), 0..24),
    ) {
        let key = |k: u8| ["f", "b", "e", "a", "d", "c"][usize::from(k)].to_owned();
        let mut ours = Json::Object(Map::new());
        let mut theirs = serde_json::Map::new();
        for op in &ops {
            let (k, v) = match *op {
                MapOp::Push(k, v) | MapOp::Insert(k, v) | MapOp::Assign(k, v) => (key(k), v),
            };
            match op {
                MapOp::Push(..) => ours.as_object_mut().expect("object").push(k.clone(), Json::from(v)),
                MapOp::Insert(..) => {
                    ours.as_object_mut().expect("object").insert(k.clone(), Json::from(v));
                }
                MapOp::Assign(..) => ours[k.as_str()] = Json::from(v),
            }
            theirs.insert(k, v.into());
        }
        let members = ours.as_object().expect("object");
        let mut keys: Vec<&String> = members.keys().collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), members.len(), "a key twice: {}", ours.to_text());
        prop_assert_eq!(members.len(), theirs.len());
        for (k, v) in &theirs {
            prop_assert!(members.get(k).is_some_and(|m| same(m, v)), "{} in {}", k, ours.to_text());
        }
    }
}
