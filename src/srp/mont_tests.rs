//! Property tests of the Montgomery exponentiations against num-bigint's `modpow`, an
//! independent implementation: many pseudo-random inputs (fixed seed) and edge cases.
//! Expected values never come from `mont` itself.

use super::big::Big;
use super::mont::{self, N_HEX};

fn ours(x: &BigUint) -> Big {
    Big::from_hex(&x.to_str_radix(16)).expect("hex")
}

fn theirs(x: &Big) -> BigUint {
    BigUint::parse_bytes(x.to_hex().as_bytes(), 16).expect("hex")
}
use num_bigint::BigUint;
use num_traits::{One, Zero};

/// SplitMix64: a deterministic, seedable generator for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number of exactly `bits` bits (top bit set), or 0 for `bits == 0`.
    fn exact_bits(&mut self, bits: u64) -> BigUint {
        if bits == 0 {
            return BigUint::zero();
        }
        let words = bits.div_ceil(64);
        let digits: Vec<u64> = (0..words).map(|_| self.next()).collect();
        let mut x = BigUint::from_slice(
            &digits
                .iter()
                .flat_map(|d| [*d as u32, (*d >> 32) as u32])
                .collect::<Vec<_>>(),
        );
        x &= (BigUint::one() << bits) - 1u32;
        x | (BigUint::one() << (bits - 1))
    }

    /// Up to `max_bits` bits, sometimes with long runs of zero or one bits.
    fn shaped(&mut self, max_bits: u64) -> BigUint {
        let bits = 1 + self.next() % max_bits;
        let x = self.exact_bits(bits);
        match self.next() % 4 {
            // Sparse: clear most bits so the windows see long zero runs.
            0 => x & self.exact_bits(bits) & self.exact_bits(bits),
            // Dense: long runs of ones.
            1 => x | self.exact_bits(bits) | self.exact_bits(bits),
            _ => x,
        }
    }
}

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N_HEX")
}

fn check_pow2(e: &BigUint) {
    let n = n();
    assert_eq!(
        theirs(&mont::pow2(&ours(e))),
        BigUint::from(2u32).modpow(e, &n),
        "2^e mod N for e = {e:x}"
    );
}

fn check_modpow(base: &BigUint, e: &BigUint) {
    let n = n();
    assert_eq!(
        theirs(&mont::modpow(&ours(base), &ours(e))),
        base.modpow(e, &n),
        "b^e mod N for b = {base:x}, e = {e:x}"
    );
}

#[test]
fn n_limbs_match_hex() {
    // mont parses N at compile time; num-bigint parses the same constant independently.
    assert_eq!(theirs(&mont::n()), n());
    assert_eq!(n().bits(), 3072);
}

#[test]
fn comb_constants_are_powers_of_two() {
    let n = n();
    for (k, value) in mont::comb_constants() {
        let e = BigUint::one() << k;
        assert_eq!(
            theirs(&value),
            BigUint::from(2u32).modpow(&e, &n),
            "2^(2^{k}) mod N"
        );
    }
}

#[test]
fn pow2_matches_num_bigint_on_random_exponents() {
    let mut rng = Rng(0x5EED_0001);
    // The size the comb table covers (≤ 256 bits), its boundaries, and longer exponents
    // (Amplify's 1024-bit `a` among them) that take the ladder.
    for bits in [
        1, 2, 31, 32, 33, 63, 64, 65, 255, 256, 257, 511, 512, 767, 768, 1023, 1024, 1025, 2048,
        3071, 3072, 3073,
    ] {
        check_pow2(&rng.exact_bits(bits));
    }
    for _ in 0..40 {
        check_pow2(&rng.shaped(256));
    }
    for _ in 0..40 {
        check_pow2(&rng.shaped(1024));
    }
    for _ in 0..6 {
        check_pow2(&rng.shaped(4000));
    }
}

#[test]
fn pow2_edge_cases() {
    let n = n();
    check_pow2(&BigUint::zero());
    check_pow2(&BigUint::one());
    for bits in [256u64, 1024, 3072] {
        // All ones: every column of the comb is full.
        check_pow2(&((BigUint::one() << bits) - 1u32));
        // A single bit at each comb tooth.
        check_pow2(&(BigUint::one() << (bits - 1)));
    }
    // e = N − 1 (Fermat: 2^(N−1) = 1) and e = N.
    check_pow2(&(&n - 1u32));
    check_pow2(&n);
    assert_eq!(theirs(&mont::pow2(&ours(&(&n - 1u32)))), BigUint::one());
}

#[test]
fn modpow_matches_num_bigint_on_random_inputs() {
    let mut rng = Rng(0x5EED_0002);
    let n = n();
    for i in 0..60 {
        // Bases below N, and some above it (reduced first) like B.
        let r = rng.next();
        let base = if i % 10 == 9 {
            rng.exact_bits(3072 + r % 64)
        } else {
            rng.exact_bits(1 + r % 3072) % &n
        };
        // Exponents like a + u·x (~1025 bits) and other lengths.
        let r = rng.next();
        let e = if i % 2 == 0 {
            rng.exact_bits(1020 + r % 8)
        } else {
            rng.shaped(1100)
        };
        check_modpow(&base, &e);
    }
}

#[test]
fn modpow_edge_cases() {
    let mut rng = Rng(0x5EED_0003);
    let n = n();
    let one = BigUint::one();
    let zero = BigUint::zero();
    let r1024 = rng.exact_bits(1024);
    let all_ones_1024 = (&one << 1024u32) - 1u32;
    let all_ones_3072 = (&one << 3072u32) - 1u32;
    let e3072 = rng.exact_bits(3072);
    let bases = [
        zero.clone(),
        one.clone(),
        BigUint::from(2u32),
        &n - 1u32,
        n.clone(),
        &n + 1u32,
        all_ones_3072.clone(),
        rng.exact_bits(3071),
    ];
    let exps = [
        zero.clone(),
        one.clone(),
        BigUint::from(2u32),
        BigUint::from(31u32),
        BigUint::from(32u32),
        r1024,
        all_ones_1024,
        all_ones_3072,
        e3072,
        &n - 1u32,
    ];
    for b in &bases {
        for e in &exps {
            check_modpow(b, e);
        }
    }
    // Sanity of the expectations themselves.
    assert_eq!(theirs(&mont::modpow(&ours(&zero), &ours(&zero))), one);
    assert_eq!(
        theirs(&mont::modpow(
            &ours(&(&n - 1u32)),
            &ours(&BigUint::from(2u32))
        )),
        one
    );
}
