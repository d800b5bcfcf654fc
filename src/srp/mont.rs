//! Fixed-width Montgomery arithmetic modulo RFC 5054's 3072-bit prime `N`: the hot path of
//! every SRP sign-in (`g^a`, `g^x` and `(B − k·g^x)^(a + u·x)`).
//!
//! Why hand-written: in wasm32, num-bigint's `modpow` spends ~23 µs per 3072-bit modular
//! multiplication (generic digit loops on heap vectors) with a 4-bit fixed window for all
//! three powers. Here: a 96 × 32-bit CIOS Montgomery product on stack arrays, shaped for
//! wasm's 64-bit multiply of two zero-extended 32-bit limbs, about twice as fast; `2^e`
//! without multiplying by the base (doublings) through fixed-base combs over constant powers
//! of 2; a sliding window for `S`. Together ~3× faster per sign-in than num-bigint; each
//! lever's measured effect is in `BENCHMARKS.md` ("levers"). What is not hot (hex, `u·x`,
//! `a + u·x`) is [`super::big::Big`]; `B mod N`, `k·v mod N` and `B − k·v` are here.
//!
//! **Variable time.** The exponentiations skip zero bits and zero windows, and the comb's
//! and the sliding window's branches follow the exponent's bits; the final conditional
//! subtraction depends on the values. This is the same exposure as the JavaScript
//! incumbents (jsbn-based, variable-time) and is only observable by code timing this
//! process; a constant-time ladder would cost a few percent.
//!
//! No `unsafe`. All arrays are fixed-size and indexed only over constant ranges (or through
//! `get`), so no index can go out of bounds and nothing here can panic.

use super::big::Big;
use std::sync::OnceLock;

/// 32-bit limbs in a 3072-bit number.
const LIMBS: usize = 96;
/// A number below `N`, least-significant limb first. In Montgomery form unless said otherwise.
type Limbs = [u32; LIMBS];

/// RFC 5054's 3072-bit prime, the `N` every Cognito client uses (big-endian hex).
pub(super) const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// `N` as limbs, parsed at compile time.
const N: Limbs = parse_limbs(N_HEX);
/// `−N⁻¹ mod 2³²` (it is 1, as `N ≡ −1 mod 2⁶⁴`; computed rather than assumed).
const N0_INV: u32 = neg_inverse(N[0]);

const fn parse_limbs(hex: &str) -> Limbs {
    let bytes = hex.as_bytes();
    let mut out = [0u32; LIMBS];
    let mut i = 0;
    // `N_HEX` is a checked constant (unit test `n_limbs_match_hex`); a non-hex byte would read as 0.
    while i < LIMBS * 8 {
        let c = bytes[bytes.len() - 1 - i];
        let nibble = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        };
        out[i / 8] |= (nibble as u32) << (4 * (i % 8));
        i += 1;
    }
    out
}

const fn neg_inverse(n0: u32) -> u32 {
    // Newton's iteration doubles the correct low bits each step: 1 → 2 → … → 32 (n0 is odd).
    let mut inv: u32 = 1;
    let mut i = 0;
    while i < 5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg()
}

/// `t − N` in place when `carry:t ≥ N`.
#[inline(always)]
fn reduce_once(t: &mut Limbs, carry: u32) {
    if carry == 0 && less_than_n(t) {
        return;
    }
    let mut borrow = 0u64;
    for (ti, &ni) in t.iter_mut().zip(N.iter()) {
        let d = u64::from(*ti)
            .wrapping_sub(u64::from(ni))
            .wrapping_sub(borrow);
        *ti = d as u32;
        borrow = (d >> 63) & 1;
    }
}

#[inline(always)]
fn less_than_n(t: &Limbs) -> bool {
    for (&ti, &ni) in t.iter().rev().zip(N.iter().rev()) {
        if ti != ni {
            return ti < ni;
        }
    }
    false
}

/// Montgomery product `a·b·R⁻¹ mod N` (R = 2³⁰⁷²), CIOS with the multiplication and the
/// reduction merged into one pass and two carry chains. Inputs and output are below `N`.
fn mul(a: &Limbs, b: &Limbs) -> Limbs {
    // t holds 97 limbs: t[0..96] plus the top word `t_hi` (at most 1 between rounds).
    let mut t = [0u32; LIMBS];
    let mut t_hi = 0u32;
    for &ai in a.iter() {
        let ai = u64::from(ai);
        let [b0, b_rest @ ..] = b;
        let [n0, n_rest @ ..] = &N;
        let x = u64::from(t[0]) + ai * u64::from(*b0);
        let m = (x as u32).wrapping_mul(N0_INV);
        let mut c1 = x >> 32;
        let mut c2 = (u64::from(x as u32) + u64::from(m) * u64::from(*n0)) >> 32;
        let m = u64::from(m);
        for j in 0..LIMBS - 1 {
            // x ≤ (2³²−1) + (2³²−1)² + (2³²−1) < 2⁶⁴, and the same bound holds for y.
            let x = u64::from(t[j + 1]) + ai * u64::from(b_rest[j]) + c1;
            c1 = x >> 32;
            let y = u64::from(x as u32) + m * u64::from(n_rest[j]) + c2;
            c2 = y >> 32;
            t[j] = y as u32;
        }
        let top = u64::from(t_hi) + c1 + c2;
        t[LIMBS - 1] = top as u32;
        t_hi = (top >> 32) as u32;
    }
    reduce_once(&mut t, t_hi);
    t
}

#[inline(always)]
fn sqr(a: &Limbs) -> Limbs {
    // A dedicated (SOS) squaring measured slower than this in the full module: see BENCHMARKS.md.
    mul(a, a)
}

/// `2·a mod N` in place (a doubling in Montgomery form is a plain modular doubling).
fn double(a: &mut Limbs) {
    let mut carry = 0u32;
    for limb in a.iter_mut() {
        let next = *limb >> 31;
        *limb = (*limb << 1) | carry;
        carry = next;
    }
    reduce_once(a, carry);
}

fn from_limbs(x: &Limbs) -> Big {
    Big::from_digits(x.to_vec())
}

/// `x mod N` (plain form), for any `x`.
fn reduce(x: &Big) -> Limbs {
    let digits = x.digits();
    let mut r = [0u32; LIMBS];
    if digits.len() <= LIMBS {
        // x < 2³⁰⁷² < 2N: one conditional subtraction.
        for (o, &d) in r.iter_mut().zip(digits) {
            *o = d;
        }
        reduce_once(&mut r, 0);
        return r;
    }
    // Longer (never from Cognito): bit by bit from the top, r ← 2r + bit mod N.
    for i in (0..x.bits()).rev() {
        double(&mut r);
        if bit(digits, i) == 1 {
            let mut carry = 1u64;
            for limb in r.iter_mut() {
                let s = u64::from(*limb) + carry;
                *limb = s as u32;
                carry = s >> 32;
            }
            reduce_once(&mut r, carry as u32);
        }
    }
    r
}

/// `R² mod N`: `R mod N` doubled 3072 times. Built once per process.
fn r2() -> &'static Limbs {
    static R2: OnceLock<Limbs> = OnceLock::new();
    R2.get_or_init(|| {
        let mut r = mont_one();
        for _ in 0..32 * LIMBS {
            double(&mut r);
        }
        r
    })
}

/// Montgomery form of `x` (any size): `x·R mod N`.
fn to_mont(x: &Big) -> Limbs {
    mul(&reduce(x), r2())
}

/// `a·b mod N` (plain in, plain out).
pub(super) fn mul_mod(a: &Big, b: &Big) -> Big {
    from_limbs(&mul(&to_mont(a), &reduce(b)))
}

/// `(a − b) mod N` (plain in, plain out).
pub(super) fn sub_mod(a: &Big, b: &Big) -> Big {
    let (mut a, b) = (reduce(a), reduce(b));
    let mut borrow = 0u64;
    for (ai, &bi) in a.iter_mut().zip(b.iter()) {
        let d = u64::from(*ai)
            .wrapping_sub(u64::from(bi))
            .wrapping_sub(borrow);
        *ai = d as u32;
        borrow = (d >> 63) & 1;
    }
    if borrow == 1 {
        // Wrapped below zero: add N back (the sum wraps past 2³⁰⁷² to the right value).
        let mut carry = 0u64;
        for (ai, &ni) in a.iter_mut().zip(N.iter()) {
            let s = u64::from(*ai) + u64::from(ni) + carry;
            *ai = s as u32;
            carry = s >> 32;
        }
    }
    from_limbs(&a)
}

/// `x mod N`.
pub(super) fn rem_n(x: &Big) -> Big {
    from_limbs(&reduce(x))
}

/// Back from Montgomery form: `x·R⁻¹ mod N`, a value below `N`.
fn from_mont(x: &Limbs) -> Big {
    let mut one = [0u32; LIMBS];
    one[0] = 1;
    from_limbs(&mul(x, &one))
}

/// `R mod N`, the Montgomery form of 1 (`2³⁰⁷² − N`, as `N > 2³⁰⁷¹`).
fn mont_one() -> Limbs {
    let mut out = [0u32; LIMBS];
    let mut borrow = 0u64;
    for (o, &ni) in out.iter_mut().zip(N.iter()) {
        let d = 0u64.wrapping_sub(u64::from(ni)).wrapping_sub(borrow);
        *o = d as u32;
        borrow = (d >> 63) & 1;
    }
    out
}

/// Bit `i` of an exponent given as little-endian 32-bit digits.
#[inline(always)]
fn bit(digits: &[u32], i: usize) -> u32 {
    digits.get(i / 32).map_or(0, |d| (d >> (i % 32)) & 1)
}

/// `2^e mod N`.
///
/// Nothing here multiplies by the base: a set bit of tooth 0 is a modular doubling. Exponents
/// of up to 256 bits (our `a`, and `x`) use a 4-tooth comb of spacing 64 over constant powers
/// of 2; longer ones (Amplify's 1024-bit `a`, which only the benchmark draws) the base-2
/// ladder. The 8-tooth comb that 1024-bit exponents had (bench/levers.md, speed lever 6)
/// went once `a` became 256 bits: its six extra 384-byte constants were 2.5 KB of gzip
/// (size lever 12).
pub(super) fn pow2(e: &Big) -> Big {
    let bits = e.bits();
    let digits = e.digits();
    let r = if bits <= 4 * 64 {
        comb(digits, 64, 4, comb_table_64())
    } else {
        ladder2(digits, bits)
    };
    from_mont(&r)
}

/// Left-to-right binary ladder for base 2: square, and double for a set bit.
fn ladder2(digits: &[u32], bits: usize) -> Limbs {
    let mut r = mont_one();
    for i in (0..bits).rev() {
        r = sqr(&r);
        if bit(digits, i) == 1 {
            double(&mut r);
        }
    }
    r
}

/// Fixed-base comb for `2^e`, `e < 2^(teeth·d)`: `d` squarings and at most `d`
/// multiplications. Column `j` holds bits `j + t·d` (tooth t); tooth 0 is a doubling, teeth
/// 1.. select `table[c]`, where bit `t − 1` of `c` is tooth t.
fn comb(digits: &[u32], d: usize, teeth: usize, table: &[Limbs]) -> Limbs {
    let mut r = mont_one();
    let mut started = false;
    for j in (0..d).rev() {
        if started {
            r = sqr(&r);
        }
        let mut c = 0usize;
        for t in (1..teeth).rev() {
            c = (c << 1) | bit(digits, j + t * d) as usize;
        }
        if let Some(entry) = table.get(c).filter(|_| c != 0) {
            r = if started { mul(&r, entry) } else { *entry };
            started = true;
        }
        if bit(digits, j) == 1 {
            double(&mut r);
            started = true;
        }
    }
    r
}

/// A comb table from its generators `G_t = 2^(2^(t·d)) mod N`, t = 1..teeth−1 (plain
/// form): entry `c` is `Π G_t^(bit t−1 of c)` in Montgomery form. One product per entry
/// beyond the generators: 4 for 4 teeth, 120 for 8; built once per process.
fn comb_table(generators: &[&Limbs]) -> Vec<Limbs> {
    let g: Vec<Limbs> = generators.iter().map(|v| mul(v, r2())).collect();
    let size = 1usize << g.len();
    let mut table: Vec<Limbs> = Vec::with_capacity(size);
    table.push(mont_one());
    for c in 1..size {
        let rest = c & (c - 1);
        let low = c.trailing_zeros() as usize;
        let entry = match (g.get(low), table.get(rest)) {
            (Some(gen), _) if rest == 0 => *gen,
            (Some(gen), Some(prev)) => mul(prev, gen),
            _ => mont_one(),
        };
        table.push(entry);
    }
    table
}

/// 4 teeth, spacing 64 (8 entries): for `x`, a 256-bit hash.
fn comb_table_64() -> &'static [Limbs] {
    static T: OnceLock<Vec<Limbs>> = OnceLock::new();
    T.get_or_init(|| comb_table(&[&P64, &P128, &P192]))
}

// The comb generators `2^(2^k) mod N` (plain form, big-endian hex), checked against
// num-bigint by the unit tests. 3 × 384 bytes.
/// `2^(2^64) mod N`.
const P64: Limbs = parse_limbs(concat!(
    "24D45FEC935A7CE5568C844B7D4936784543C5F9CA8982EB5BE6EB39785C8E40",
    "C88E31BB110275C52DD3ED7C5C929B311BDEDEF320E0B85102AD61381F696D39",
    "48C0CCC8D608F8C3C554F6C6F8C052BB7EBC95580D2E04319EB5B451F21D355D",
    "53081FADE5618342188218466C716093DA85981318A58CD6EDDEBE7F6B0185B3",
    "7876CF3571EAD6A3DF1A6811A3F8D64A622572B02BDD8CCB9E429F11FF01C082",
    "B10AD0BD8BB1B5845BDADF46C1B5E4558253A55DD88962ACADD5A47DF89AFB1B",
    "EE4C2511812C74FECAF661A58A61319ED5682F217FE1498770D05B4C26B46F21",
    "F9C86457BD2FFF95DCF52BCA566EDC412EEB3973B81891B9C18E3EB8120762AD",
    "04496DE506D3E66005D67BB6AA80900BADE29104716194B3BBAE44FB9EB51EFF",
    "BE409B305AF4F431FA154AE3EBFBADE7D36BCC0D6657C34226C6303F6C10314E",
    "8DEC9A8C1257F1C144922160EB4B87F0F737F2F43276187A243DC69C828CDECC",
    "961ACEB0167D22F7B86635D97393327259C016AF1EC7CDECB13060CE5BF63DCA",
));
/// `2^(2^128) mod N`.
const P128: Limbs = parse_limbs(concat!(
    "8C91AF84249658896165E3E190488D84241D642B509D63551E46EB58C5D315BC",
    "3C8886C34FCDBD10882DD3D7DFDA5D407CC80CF6C9FC8FB6CB36C9E366B3C2AE",
    "3704EE863A08D0D82B5BCE7D2E6EFE1667DD7A68CB5328855C156D8E35984DED",
    "8EC26C97CF92ADBA6C1C5718CD07CBBB7D099337E9304777E11F37A36C2851EE",
    "B66A3F6BD44D67B93A3A6937EC493EA1731C25C7132CBB3BF82217C356D51E09",
    "20C7429D710876DE0DABC1BCD4C0B12136379DF592B6AADD3488DD384AAE221E",
    "49D4DDE76DB6C02A24F6E636FE6C53F2AE84E252731DEC6F2716D511F1FC49F9",
    "37FD3B99326B123667D61A3F215B70C8A1A0B46128E58C0B0BB171831FA77290",
    "1BBA3874FAF37F31BA5887F8FACB8BD3CE99C20CF52160C226DFA867B942473B",
    "52D884922940A49CA0E2ED2E09A786F73F2DC7D6163D3E2AE0B94EBC038F0327",
    "705377C48CFC21817950C9847526707A7D737601B2195E10DB219BD9C0E3771F",
    "2FD832038C8F9245E855EFAF433C487A1F2EEA103873D7684F9088E07806734A",
));
/// `2^(2^192) mod N`.
const P192: Limbs = parse_limbs(concat!(
    "91938495281E0DB3FCB28CE10A65827FC0D6E2379DF6C34A6A25601D08FD69CA",
    "7017933E0AC3B54D9CD5B75095D04DE5DA1F2F678ECA1642C61F31DA766EF3E2",
    "B99377D87C51B97CA97AD9CCA0EBD08DFABBC71AC9A52EF3851FB52D8C9C7653",
    "C0F58BF941808DA25F196008EE855E3E23EE2A717CB2941B4601F0214DC56088",
    "47F6A234712686A331203B9797C8F22A3199937CE1FA94B0BF6A4B29FFBF52D6",
    "31FDDF5996D75EC1C07A6A598CF31A24484DE28E4FF4B604A7259610387276A2",
    "B6CA8E398EF31C79951591946F7896D73426D729B565923A29AC8474A9679220",
    "BF2FCA4B391EFB930E48E5561D38D49956A30C2C9E80BB081D1AC85ADE60A8ED",
    "DBA0AF98A67C857087DA66A5A22D912E1EB52ED1494C88AE7CA68F14C2F1B351",
    "B44D0057BD13AB52D4E481C69C7640B5EC9EE8BCF7CF89F5184E3E79410EAC49",
    "BE975EAB18FCDFF23F45015A5EDC3AB489F2E54E4D3B20094828380E8CFB9FDE",
    "C68D2D82BD475FF05D2F0643785C31CDB980E56EB35B524BE1841DF24F6AD99F",
));

/// Sliding-window width for [`modpow`]: 16 odd powers, ~1/6 of the bits cost a multiply.
const WINDOW: usize = 5;

/// `base^e mod N` (any `base`, reduced first), left-to-right sliding window of width 5.
pub(super) fn modpow(base: &Big, e: &Big) -> Big {
    if e.is_zero() {
        return Big::from(1);
    }
    let b = to_mont(base);
    // odd[k] = b^(2k+1)
    let mut odd = [b; 1 << (WINDOW - 1)];
    let b2 = sqr(&b);
    for k in 1..odd.len() {
        odd[k] = mul(&odd[k - 1], &b2);
    }
    let digits = e.digits();
    let bits = e.bits();
    let mut r = mont_one();
    let mut started = false;
    let mut i = bits;
    while i > 0 {
        let top = i - 1;
        if bit(digits, top) == 0 {
            if started {
                r = sqr(&r);
            }
            i = top;
            continue;
        }
        // The window is bits [low, top], ending in a set bit.
        let mut low = top.saturating_sub(WINDOW - 1);
        while bit(digits, low) == 0 {
            low += 1;
        }
        let mut value = 0usize;
        for k in (low..=top).rev() {
            value = (value << 1) | bit(digits, k) as usize;
        }
        let entry = &odd[(value >> 1) & ((1 << (WINDOW - 1)) - 1)];
        if started {
            for _ in low..=top {
                r = sqr(&r);
            }
            r = mul(&r, entry);
        } else {
            r = *entry;
            started = true;
        }
        i = low;
    }
    from_mont(&r)
}

/// `N`.
pub(super) fn n() -> Big {
    from_limbs(&N)
}

/// The comb constants as (t·d, value): each must be `2^(2^(t·d)) mod N`.
#[cfg(test)]
pub(super) fn comb_constants() -> Vec<(u32, Big)> {
    [(64, &P64), (128, &P128), (192, &P192)]
        .into_iter()
        .map(|(k, v)| (k, from_limbs(v)))
        .collect()
}
