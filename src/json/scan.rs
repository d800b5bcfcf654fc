//! The byte scan shared by the parser and the writer: how far a string's text runs before a
//! byte that JSON escapes (`"`, `\`, or a control character below U+0020). Eight bytes at a
//! time (a `u64` per step, which wasm has natively), then byte by byte for the tail.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that is below `n` (`n` ≤ 128). Bytes above the
/// lowest flagged one may be flagged wrongly (a borrow), never the lowest itself.
#[inline]
fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The high bit of each byte of `word` equal to `b` (the lowest flag exact, as [`below`]).
#[inline]
fn equal(word: u64, b: u8) -> u64 {
    below(word ^ (ONES * u64::from(b)), 1)
}

/// True for a byte a JSON string cannot hold as it is.
#[inline]
fn special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The number of bytes at the start of `bytes` before the first `"`, `\` or control
/// character (all of them when there is none). Each test's lowest flag is exact and its
/// wrong flags lie above a right one, so the lowest flag of the three is the first hit.
#[inline]
pub fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let hits = equal(word, b'"') | equal(word, b'\\') | below(word, 0x20);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if special(b) {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the byte-by-byte definition, for every special byte at every offset of a
    /// 19-byte run of plain bytes (ASCII and UTF-8 continuation bytes), and for bytes next
    /// to the thresholds.
    #[test]
    fn finds_the_first_special_byte() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| special(b))
                .unwrap_or(bytes.len())
        };
        let fillers: [u8; 6] = [b'a', 0x20, 0x21, 0x5b, 0x5d, 0xff];
        let specials: [u8; 5] = [b'"', b'\\', 0x00, 0x1f, 0x0a];
        for &fill in &fillers {
            for len in 0..20 {
                let mut bytes = vec![fill; len];
                assert_eq!(plain_run(&bytes), slow(&bytes));
                for at in 0..len {
                    for &s in &specials {
                        bytes[at] = s;
                        assert_eq!(plain_run(&bytes), slow(&bytes), "{bytes:?}");
                        // A second special byte later never moves the answer.
                        if at + 3 < len {
                            bytes[at + 3] = b'\\';
                            assert_eq!(plain_run(&bytes), at);
                            bytes[at + 3] = fill;
                        }
                        bytes[at] = fill;
                    }
                }
            }
        }
        for b in 0..=255u8 {
            let bytes = [b'x', b'x', b'x', b, b'x', b'x', b'x', b'x', b'x'];
            assert_eq!(plain_run(&bytes), slow(&bytes), "byte {b:#x}");
        }
    }
}
