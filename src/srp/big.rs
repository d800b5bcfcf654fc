//! Just enough arbitrary-precision arithmetic for SRP outside the Montgomery core: hex and
//! bytes in and out, `a + u·x`, and the bits of an exponent. Replaces num-bigint, whose
//! generic multiplication (Karatsuba/Toom), division and radix code were ~23 KB of the wasm
//! module; the modular work lives in [`super::mont`].

/// A non-negative integer: 32-bit digits, least significant first, no leading zero digits.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Big(Vec<u32>);

impl Big {
    /// From digits, least significant first (any leading zeros are dropped).
    pub fn from_digits(mut digits: Vec<u32>) -> Big {
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Big(digits)
    }

    /// From big-endian bytes.
    pub fn from_bytes_be(bytes: &[u8]) -> Big {
        let digits = bytes
            .rchunks(4)
            .map(|chunk| chunk.iter().fold(0u32, |d, &b| (d << 8) | u32::from(b)))
            .collect();
        Big::from_digits(digits)
    }

    /// From hex digits (either case); `None` when empty or not all hex digits.
    pub fn from_hex(hex: &str) -> Option<Big> {
        if hex.is_empty() {
            return None;
        }
        let mut digits = Vec::with_capacity(hex.len() / 8 + 1);
        for chunk in hex.as_bytes().rchunks(8) {
            let mut d = 0u32;
            for &c in chunk {
                d = (d << 4) | char::from(c).to_digit(16)?;
            }
            digits.push(d);
        }
        Some(Big::from_digits(digits))
    }

    /// Lower-case hex without leading zeros (`0` for zero), like `toString(16)`.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(self.0.len() * 8);
        for d in self.0.iter().rev() {
            for shift in (0..8).rev() {
                let nibble = (d >> (4 * shift)) & 15;
                if out.is_empty() && nibble == 0 {
                    continue;
                }
                out.push(char::from(HEX[nibble as usize]));
            }
        }
        if out.is_empty() {
            out.push('0');
        }
        out
    }

    /// The digits, least significant first.
    pub fn digits(&self) -> &[u32] {
        &self.0
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of significant bits.
    pub fn bits(&self) -> usize {
        match self.0.last() {
            Some(top) => 32 * self.0.len() - top.leading_zeros() as usize,
            None => 0,
        }
    }

    /// `self + other`.
    pub fn add(&self, other: &Big) -> Big {
        let (long, short) = if self.0.len() >= other.0.len() {
            (&self.0, &other.0)
        } else {
            (&other.0, &self.0)
        };
        let mut out = Vec::with_capacity(long.len() + 1);
        let mut carry = 0u64;
        for (i, &d) in long.iter().enumerate() {
            let sum = u64::from(d) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
            out.push(sum as u32);
            carry = sum >> 32;
        }
        out.push(carry as u32);
        Big::from_digits(out)
    }

    /// `self · other` (schoolbook: the operands here are a few hundred bits).
    pub fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                if let Some(slot) = out.get_mut(i + j) {
                    let t = u64::from(*slot) + u64::from(a) * u64::from(b) + carry;
                    *slot = t as u32;
                    carry = t >> 32;
                }
            }
            if let Some(slot) = out.get_mut(i + other.0.len()) {
                *slot = carry as u32;
            }
        }
        Big::from_digits(out)
    }
}

impl std::fmt::Debug for Big {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Big(0x")?;
        f.write_str(&self.to_hex())?;
        f.write_str(")")
    }
}

impl From<u32> for Big {
    fn from(d: u32) -> Big {
        Big::from_digits(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_bytes() {
        assert_eq!(Big::from_hex("0").map(|b| b.to_hex()), Some("0".into()));
        assert_eq!(
            Big::from_hex("00ABCdef0123456789").map(|b| b.to_hex()),
            Some("abcdef0123456789".into())
        );
        assert_eq!(Big::from_hex(""), None);
        assert_eq!(Big::from_hex("12g"), None);
        assert_eq!(
            Big::from_bytes_be(&[0, 0, 1, 2, 3, 4, 5]).to_hex(),
            "102030405"
        );
        assert_eq!(Big::from_bytes_be(&[]).to_hex(), "0");
        assert_eq!(Big::from(0x80u32).bits(), 8);
        assert_eq!(Big::default().bits(), 0);
    }

    #[test]
    fn add_and_mul() {
        let a = Big::from_hex("ffffffffffffffffffffffff").unwrap_or_default();
        assert_eq!(a.add(&Big::from(1)).to_hex(), "1000000000000000000000000");
        assert_eq!(
            a.mul(&a).to_hex(),
            "fffffffffffffffffffffffe000000000000000000000001"
        );
        assert!(a.mul(&Big::default()).is_zero());
    }
}
