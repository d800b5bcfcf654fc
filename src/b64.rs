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

    /// Every byte's 6-bit value in this alphabet ([`INVALID`] for a byte outside it).
    fn values(self) -> &'static [u8; 256] {
        match self {
            Alphabet::Standard => &STANDARD_VALUES,
            Alphabet::UrlSafe => &URL_SAFE_VALUES,
        }
    }

    /// The 6-bit value of one character of this alphabet.
    fn value(self, c: u8) -> Option<u8> {
        let v = self.values()[usize::from(c)];
        (v != INVALID).then_some(v)
    }
}

/// A byte outside the alphabet, in the value tables (its high bit set).
const INVALID: u8 = 0xff;

/// The value table of `table` (the inverse of the alphabet), built at compile time.
const fn values_of(table: &[u8; 64]) -> [u8; 256] {
    let mut out = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        out[table[i] as usize] = i as u8;
        i += 1;
    }
    out
}

const STANDARD_VALUES: [u8; 256] = values_of(STANDARD);
const URL_SAFE_VALUES: [u8; 256] = values_of(URL_SAFE);

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
    // Whole groups by table lookups, one validity test per group (a JWT is ~1 KB of them).
    let values = alphabet.values();
    let whole = data.chunks_exact(4);
    let tail = whole.remainder();
    for group in whole {
        let &[c0, c1, c2, c3] = group else { break };
        let v = [c0, c1, c2, c3].map(|c| values[usize::from(c)]);
        if (v[0] | v[1] | v[2] | v[3]) & 0x80 != 0 {
            return Err(DecodeError);
        }
        let n = (u32::from(v[0]) << 18)
            | (u32::from(v[1]) << 12)
            | (u32::from(v[2]) << 6)
            | u32::from(v[3]);
        let [_, b0, b1, b2] = n.to_be_bytes();
        out.extend_from_slice(&[b0, b1, b2]);
    }
    for chunk in tail.chunks(4) {
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

    /// Every byte at every place of a whole group: accepted exactly when the alphabet (RFC
    /// 4648's table, not the lookup table) has it, with its index as the value.
    #[test]
    fn whole_groups_take_exactly_the_alphabet() {
        for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
            let table = alphabet.table();
            for at in 0..4 {
                for b in 0..=255u8 {
                    let mut group = *b"QUJD";
                    group[at] = b;
                    let got = std::str::from_utf8(&group)
                        .ok()
                        .map(|text| decode(text, alphabet, false));
                    let Some(got) = got else { continue };
                    match table.iter().position(|&c| c == b) {
                        Some(v) => {
                            let mut n = [16u32, 20, 9, 3];
                            n[at] = v as u32;
                            let n = (n[0] << 18) | (n[1] << 12) | (n[2] << 6) | n[3];
                            let [_, b0, b1, b2] = n.to_be_bytes();
                            assert_eq!(got.as_deref(), Ok(&[b0, b1, b2][..]), "{b}");
                        }
                        None => assert_eq!(got, Err(DecodeError), "{b}"),
                    }
                }
            }
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
