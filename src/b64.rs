//! Base64 (RFC 4648): the standard and the URL-safe alphabet, padded and unpadded.
//!
//! A few dozen lines instead of the `base64` crate, whose engine generics cost far more
//! wasm than the handful of calls here need.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Which of the two alphabets (RFC 4648 §4 and §5).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Alphabet {
    /// `+` and `/`.
    Standard,
    /// `-` and `_`.
    UrlSafe,
}

impl Alphabet {
    fn table(self) -> &'static [u8; 64] {
        match self {
            Alphabet::Standard => STANDARD,
            Alphabet::UrlSafe => URL_SAFE,
        }
    }

    /// The 6-bit value of one character of this alphabet.
    fn value(self, c: u8) -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' if self == Alphabet::Standard => Some(62),
            b'/' if self == Alphabet::Standard => Some(63),
            b'-' if self == Alphabet::UrlSafe => Some(62),
            b'_' if self == Alphabet::UrlSafe => Some(63),
            _ => None,
        }
    }
}

/// Encodes `bytes`; `pad` adds `=` up to a multiple of four characters.
pub(crate) fn encode(bytes: &[u8], alphabet: Alphabet, pad: bool) -> String {
    let table = alphabet.table();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(char::from(table[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Why a string is not base64.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct DecodeError;

/// Decodes `input`. Padding is optional, but when present it must be canonical or shorter
/// (`QQ==`, `QQ=` and `QQ` all decode), and only at the end. A final group of a single
/// character is an error. Unless `allow_trailing_bits`, the unused low bits of the last
/// character must be zero (the canonical encoding).
pub(crate) fn decode(
    input: &str,
    alphabet: Alphabet,
    allow_trailing_bits: bool,
) -> Result<Vec<u8>, DecodeError> {
    let bytes = input.as_bytes();
    let data_len = bytes.iter().position(|&c| c == b'=').unwrap_or(bytes.len());
    let (data, padding) = bytes.split_at(data_len);
    let rem = data.len() % 4;
    if rem == 1
        || padding.iter().any(|&c| c != b'=')
        || (!padding.is_empty() && (rem == 0 || padding.len() > 4 - rem))
    {
        return Err(DecodeError);
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for chunk in data.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = alphabet.value(c).ok_or(DecodeError)?;
            n |= u32::from(v) << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        let produced = chunk.len() - 1;
        if !allow_trailing_bits && produced < 3 {
            // The last character's unused low bits land in the first byte not produced.
            if [b1, b2][produced - 1] != 0 {
                return Err(DecodeError);
            }
        }
        out.extend_from_slice(&[b0, b1, b2][..produced]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes(), Alphabet::Standard, true), encoded);
            assert_eq!(
                encode(plain.as_bytes(), Alphabet::UrlSafe, false),
                encoded.trim_end_matches('=')
            );
            for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
                for strict in [false, true] {
                    assert_eq!(
                        decode(encoded, alphabet, !strict).as_deref(),
                        Ok(plain.as_bytes())
                    );
                    let unpadded = encoded.trim_end_matches('=');
                    assert_eq!(
                        decode(unpadded, alphabet, !strict).as_deref(),
                        Ok(plain.as_bytes())
                    );
                }
            }
        }
    }

    #[test]
    fn alphabets_differ_in_two_characters() {
        let bytes = [0xfb, 0xff, 0xbf];
        assert_eq!(encode(&bytes, Alphabet::Standard, true), "+/+/");
        assert_eq!(encode(&bytes, Alphabet::UrlSafe, true), "-_-_");
        assert_eq!(
            decode("-_-_", Alphabet::UrlSafe, false).as_deref(),
            Ok(&bytes[..])
        );
        assert_eq!(decode("+/+/", Alphabet::UrlSafe, false), Err(DecodeError));
        assert_eq!(decode("-_-_", Alphabet::Standard, false), Err(DecodeError));
    }

    #[test]
    fn padding_rules() {
        assert_eq!(
            decode("Zg=", Alphabet::Standard, false).as_deref(),
            Ok(&b"f"[..])
        );
        for bad in [
            "Zg===", "Z", "Zm9vY", "Zg==Zg==", "=", "Zm9v=", "Zg=a", "Z m9v",
        ] {
            assert_eq!(
                decode(bad, Alphabet::Standard, true),
                Err(DecodeError),
                "{bad}"
            );
        }
    }

    #[test]
    fn trailing_bits() {
        // "Zh" carries 4 unused bits = 0b0001.
        assert_eq!(decode("Zh", Alphabet::Standard, false), Err(DecodeError));
        assert_eq!(
            decode("Zh", Alphabet::Standard, true).as_deref(),
            Ok(&b"f"[..])
        );
        assert_eq!(decode("Zm9", Alphabet::Standard, false), Err(DecodeError));
        assert_eq!(
            decode("Zm8", Alphabet::Standard, false).as_deref(),
            Ok(&b"fo"[..])
        );
    }

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
                for pad in [false, true] {
                    let text = encode(&data[..n], alphabet, pad);
                    assert_eq!(decode(&text, alphabet, false).as_deref(), Ok(&data[..n]));
                }
            }
        }
    }
}
