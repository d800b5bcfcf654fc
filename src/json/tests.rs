use super::*;

#[test]
fn parses_every_kind_of_value() {
    let v = parse(
        r#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}} "#,
    )
    .unwrap();
    assert_eq!(v["a"][0], Json::Number(Number::Int(1)));
    assert_eq!(v["a"][1], Json::Number(Number::Int(-2)));
    assert_eq!(v["a"][2], Json::Number(Number::Text("3.5".into())));
    assert_eq!(v["a"][3].as_f64(), Some(1000.0));
    assert_eq!(v["a"][4], true);
    assert!(v["a"][6].is_null());
    assert_eq!(v["b"]["c"], "d\n\u{e9}\u{1f600}");
    assert_eq!(v.pointer("/b/c"), v.get("b").and_then(|b| b.get("c")));
    assert!(v["missing"]["deeper"].is_null());
}

#[test]
fn refuses_what_rfc_8259_refuses() {
    for (text, kind) in [
        ("", ParseErrorKind::Eof),
        ("[1,]", ParseErrorKind::Unexpected),
        ("{\"a\":1,}", ParseErrorKind::Unexpected),
        ("01", ParseErrorKind::Number),
        ("-", ParseErrorKind::Number),
        ("1.", ParseErrorKind::Number),
        ("1e", ParseErrorKind::Number),
        ("1e400", ParseErrorKind::Number),
        ("\"\\x\"", ParseErrorKind::Escape),
        ("\"\\u12\"", ParseErrorKind::Escape),
        ("\"\\ud800\"", ParseErrorKind::Surrogate),
        ("\"\\udc00\"", ParseErrorKind::Surrogate),
        ("\"\\ud800\\u0041\"", ParseErrorKind::Surrogate),
        ("\"a\tb\"", ParseErrorKind::ControlCharacter),
        ("\"abc", ParseErrorKind::Eof),
        ("tru", ParseErrorKind::Eof),
        ("nul!", ParseErrorKind::Unexpected),
        ("1 2", ParseErrorKind::Trailing),
        ("{'a':1}", ParseErrorKind::Unexpected),
        ("// c\n1", ParseErrorKind::Unexpected),
        ("NaN", ParseErrorKind::Unexpected),
    ] {
        assert_eq!(parse(text).map_err(|e| e.kind), Err(kind), "{text:?}");
    }
    assert_eq!(
        parse_bytes(b"\"\xff\"").map_err(|e| e.kind),
        Err(ParseErrorKind::Utf8)
    );
}

#[test]
fn depth_is_limited() {
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(
        parse(&deep).map_err(|e| e.kind),
        Err(ParseErrorKind::TooDeep)
    );
    let hostile = "{\"a\":".repeat(100_000);
    assert_eq!(
        parse(&hostile).map_err(|e| e.kind),
        Err(ParseErrorKind::TooDeep)
    );
}

#[test]
fn repeated_keys_keep_the_last_value() {
    let v = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
    assert_eq!(v.to_text(), r#"{"a":3,"b":2}"#);
}

#[test]
fn writes_escapes_and_numbers() {
    let v = Json::Array(vec![
        Json::from("q\"b\\s/\u{1}\u{1f}\u{7f}é\n\r\t\u{8}\u{c}"),
        Json::from(1.0),
        Json::from(-0.5),
        Json::from(f64::NAN),
        Json::from(i64::MIN),
        Json::from(u64::MAX),
    ]);
    assert_eq!(
        v.to_text(),
        "[\"q\\\"b\\\\s/\\u0001\\u001f\u{7f}é\\n\\r\\t\\b\\f\",1.0,-0.5,null,-9223372036854775808,18446744073709551615]"
    );
}

#[test]
fn option_and_default_fields() {
    let mut f = Fields::of(parse(r#"{"a":null,"b":"x","n":5}"#).unwrap(), "T").unwrap();
    assert_eq!(f.field::<Option<String>>("a"), Ok(None));
    assert_eq!(f.field::<Option<String>>("zz"), Ok(None));
    assert_eq!(f.field::<String>("b"), Ok("x".to_owned()));
    assert!(f.field::<String>("missing").is_err());
    assert_eq!(f.or_default::<bool>("flag"), Ok(false));
    assert!(f.field::<u8>("n").is_ok());
    let mut f = Fields::of(parse(r#"{"flag":null,"n":300,"m":1.5}"#).unwrap(), "T").unwrap();
    assert!(f.or_default::<bool>("flag").is_err());
    assert!(f.field::<u8>("n").is_err());
    assert!(f.field::<u64>("m").is_err());
}

#[test]
fn bytes_from_arrays_and_indexed_objects() {
    assert_eq!(bytes(parse("[1,2,300,-1,\"x\",3]").unwrap()), [1, 2, 3]);
    assert_eq!(bytes(parse(r#"{"1":20,"0":10,"x":1}"#).unwrap()), [10, 20]);
    // Index order, not key order ("10" sorts before "2"); an index past the count is skipped.
    let twelve: Vec<String> = (0..12).map(|i| format!(r#""{i}":{}"#, 11 - i)).collect();
    let twelve = format!("{{{}}}", twelve.join(","));
    assert_eq!(
        bytes(parse(&twelve).unwrap()),
        [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    );
    assert_eq!(bytes(parse(r#"{"0":1,"2":3,"9":9}"#).unwrap()), [1, 3]);
    assert_eq!(bytes(Json::Null), [0u8; 0]);
}

#[test]
fn json_macro_builds_sorted_objects() {
    let name = String::from("n");
    let n: u32 = 7;
    let v = json!({"b": name, "a": [1, null, {"z": true, "y": "s"}], "c": {}, "d": n, "e": null,
                   "f": name.as_str().trim(), "g": []});
    assert_eq!(
        v.to_text(),
        r#"{"a":[1,null,{"y":"s","z":true}],"b":"n","c":{},"d":7,"e":null,"f":"n","g":[]}"#
    );
    let mut out = json!({"x": 1});
    out["w"] = json!("v");
    out["x"]["deep"] = json!(2);
    assert_eq!(out.to_text(), r#"{"w":"v","x":{"deep":2}}"#);
}
