//! `json::parse_f64` on wasm (the engine's `parseFloat` behind Rust's grammar) against
//! `str::parse::<f64>` on the same target, bit for bit (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]

use cognito_headless::json::parse_f64;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn parse_f64_is_rusts_parse() {
    let cases = [
        "0",
        "-0",
        "+0",
        "1",
        "1.5",
        "-1.5",
        ".5",
        "5.",
        "1e5",
        "1E+5",
        "1e-5",
        "1.e3",
        ".1e3",
        "007",
        "1.700000000123E9",
        "1700000000.123",
        "3.141592653589793",
        "0.1",
        "1e308",
        "1e309",
        "-1e400",
        "5e-324",
        "2e-324",
        "2.2250738585072011e-308",
        "9007199254740993",
        "18446744073709551616",
        "123456789012345678901234567890",
        "0.30000000000000004",
        "inf",
        "-Infinity",
        "NaN",
        "nan",
        "",
        ".",
        "e5",
        "1e",
        "1e+",
        "1.5.2",
        "1x",
        " 1",
        "1 ",
        "0x10",
        "+",
        "-",
        "1_0",
        "Infinity",
        "infinityx",
    ];
    for s in cases {
        let ours = parse_f64(s);
        let rust = s.parse::<f64>().ok();
        match (ours, rust) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (a, b) => assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "{s:?}"),
        }
    }
}
