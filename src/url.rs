//! URL text: the crate's one percent-encoder (RFC 3986 unreserved characters kept) and
//! query reader, for the hosted UI's URLs and forms and the `otpauth://` URI.

use crate::map::VecMap;

/// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`),
/// upper-case hex: a query value, a form value, a path segment.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
                out.push(char::from(HEX_UPPER[usize::from(b & 15)]));
            }
        }
    }
    out
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes a form value: `%XX` escapes and `+` as a space; a broken escape stays as it is,
/// and bytes that are not UTF-8 become U+FFFD.
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match bytes
                .get(i + 1..i + 3)
                .and_then(|h| crate::hex::decode(&String::from_utf8_lossy(h)))
            {
                Some(b) => {
                    out.extend(b);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters of a URL (and of its fragment, where some IdPs put errors); the
/// first of a repeated name wins.
pub fn query_params(url: &str) -> VecMap<String, String> {
    let mut out = VecMap::new();
    let after = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let (query, fragment) = after.split_once('#').unwrap_or((after, ""));
    let fragment = url.split_once('#').map(|(_, f)| f).unwrap_or(fragment);
    for part in query.split('&').chain(fragment.split('&')) {
        if let Some((k, v)) = part.split_once('=') {
            let k = decode(k);
            if !out.contains_key(&k) {
                out.insert(k, decode(v));
            }
        }
    }
    out
}

/// The `otpauth://` URI an authenticator app scans to add a TOTP secret (Google
/// Authenticator's key URI format): `otpauth://totp/<issuer>:<account>?secret=…&issuer=…`.
pub fn totp_setup_uri(issuer: &str, account: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}",
        encode(issuer),
        encode(account),
        encode(secret),
        encode(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::{decode, encode, query_params, totp_setup_uri};

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("!*'()"), "%21%2A%27%28%29");
    }

    #[test]
    fn decodes_forms_and_keeps_broken_escapes() {
        assert_eq!(decode("a+b%20c%2f"), "a b c/");
        assert_eq!(decode("%C3%A9"), "é");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        for s in ["", "plain", "a b/c?d=e&f", "é€😀", "%+"] {
            assert_eq!(decode(&encode(s)), s);
        }
    }

    #[test]
    fn query_and_fragment() {
        let p = query_params("https://x/cb?code=c%2B1&state=s#error=access_denied&code=no");
        assert_eq!(p.get("code").map(String::as_str), Some("c+1"));
        assert_eq!(p.get("state").map(String::as_str), Some("s"));
        assert_eq!(p.get("error").map(String::as_str), Some("access_denied"));
    }

    #[test]
    fn totp_uri() {
        assert_eq!(
            totp_setup_uri("My App", "a@b.c", "JBSWY3DP"),
            "otpauth://totp/My%20App:a%40b.c?secret=JBSWY3DP&issuer=My%20App"
        );
    }
}
