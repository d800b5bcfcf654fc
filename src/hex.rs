//! Lower-case hex encoding and a strict decoder: the crate's one (SRP values, the OAuth
//! state's custom part).

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of `bytes`.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Decodes an even-length hex string; `None` on any other input.
pub(crate) fn decode(hex: &str) -> Option<Vec<u8>> {
    let bytes = hex.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(*pair.get(1)?)?))
        .collect()
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn rfc4648_base16_vectors() {
        // RFC 4648 section 10, lower-cased.
        for (plain, hex) in [
            ("", ""),
            ("f", "66"),
            ("fo", "666f"),
            ("foobar", "666f6f626172"),
        ] {
            assert_eq!(encode(plain.as_bytes()), hex);
            assert_eq!(decode(hex).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(decode("666F6F").as_deref(), Some(&b"foo"[..]));
        assert_eq!(decode("6"), None);
        assert_eq!(decode("zz"), None);
    }
}
