//! Decimal text to `f64`, as `str::parse::<f64>()` gives it.
//!
//! On wasm the digits go to the engine's `parseFloat` (correctly rounded in V8 and
//! SpiderMonkey), so core's `dec2flt` and its 11 KB power-of-five table are not linked.
//! `parseFloat` accepts more than Rust does (a valid prefix, `Infinity`, leading blanks),
//! so the text is first checked against Rust's grammar: `[+-]` digits `[.digits]`
//! `[(e|E)[+-]digits]`, at least one digit before or after the point, or `inf`,
//! `infinity`, `nan` in any case. Native builds call `str::parse` directly.

/// `s.parse::<f64>().ok()`.
pub fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.parse().ok()
    }
    #[cfg(target_arch = "wasm32")]
    {
        let (negative, body) = match s.as_bytes().first() {
            Some(b'-') => (true, s.get(1..)?),
            Some(b'+') => (false, s.get(1..)?),
            _ => (false, s),
        };
        let special = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
            Some(f64::INFINITY)
        } else if body.eq_ignore_ascii_case("nan") {
            Some(f64::NAN)
        } else {
            None
        };
        if let Some(v) = special {
            return Some(if negative { -v } else { v });
        }
        if !is_decimal(body.as_bytes()) {
            return None;
        }
        Some(js_sys::Number::parse_float(s))
    }
}

/// Rust's float grammar without the sign and the special values.
#[cfg(any(target_arch = "wasm32", test))]
fn is_decimal(b: &[u8]) -> bool {
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = 0;
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_is_rusts() {
        for s in [
            "0",
            "1",
            "1.5",
            ".5",
            "5.",
            "1e5",
            "1E+5",
            "1e-5",
            "1.e3",
            ".1e3",
            "007",
            "1.700000000123E9",
        ] {
            assert!(is_decimal(s.as_bytes()), "{s}");
            assert!(s.parse::<f64>().is_ok(), "{s}");
        }
        for s in [
            "", ".", "e5", ".e5", "1e", "1e+", "1.5.2", "1x", " 1", "1 ", "0x10", "+", "1_0",
        ] {
            assert!(!is_decimal(s.as_bytes()), "{s}");
        }
        assert_eq!(parse_f64("1.5"), Some(1.5));
        assert_eq!(parse_f64("x"), None);
    }
}
