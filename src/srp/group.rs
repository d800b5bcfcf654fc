//! The 3072-bit group, `padHex`, the client ephemeral, the password key and device verifiers.

use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::OnceLock;

use super::big::Big;
use super::mont;
use super::{b64, hmac_sha256, SrpError};
use crate::hex;

/// Bytes of randomness drawn for the private ephemeral `a`: 256 bits, twice the 128-bit
/// strength of the 3072-bit group (NIST SP 800-56A; RFC 5054 §2.5.4 asks for at least
/// 256). Amplify draws 1024; the shorter exponent halves the work of `S` (see SECURITY.md).
pub const SRP_A_RANDOM_BYTES: usize = 32;
/// Bytes of randomness [`device_verifier`] needs: 40 for the device password, 16 for the salt.
pub const DEVICE_RANDOM_BYTES: usize = 56;

/// The multiplier `k = H(padHex(N) | padHex(g))`. The group is [`mont`]'s `N` with the
/// generator g = 2, which the exponentiations there build in (`mont::pow2`).
fn k() -> &'static Big {
    static K: OnceLock<Big> = OnceLock::new();
    K.get_or_init(|| {
        let n = mont::n();
        let g = Big::from(2);
        Big::from_bytes_be(&hex_hash(&format!("{}{}", pad_hex(&n), pad_hex(&g))))
    })
}

/// Java `BigInteger` two's-complement hex of a non-negative number, as the incumbents send
/// and hash it: lower-case, a `0` prepended to odd-length strings, `00` prepended when the
/// first digit is 8-f (so the value would otherwise read as negative).
pub fn pad_hex(n: &Big) -> String {
    let hex = n.to_hex();
    if hex.len() % 2 == 1 {
        format!("0{hex}")
    } else if hex
        .as_bytes()
        .first()
        .is_some_and(|c| b"89abcdef".contains(c))
    {
        format!("00{hex}")
    } else {
        hex
    }
}

/// SHA-256 of the bytes a (padded, even-length) hex string stands for.
fn hex_hash(hex_str: &str) -> [u8; 32] {
    Sha256::digest(hex::decode(hex_str).unwrap_or_default()).into()
}

fn parse_hex(value: &str, name: &'static str) -> Result<Big, SrpError> {
    // Hex digits only, at least one.
    Big::from_hex(value).ok_or(SrpError::BadHex(name))
}

/// x = H(padHex(salt) | H(poolName | user | ":" | password)).
fn private_x(salt: &Big, pool_name: &str, user: &str, password: &str) -> Big {
    let inner = Sha256::new()
        .chain_update(pool_name.as_bytes())
        .chain_update(user.as_bytes())
        .chain_update(b":")
        .chain_update(password.as_bytes())
        .finalize();
    let mut hex_in = pad_hex(salt);
    hex_in.push_str(&hex::encode(&inner));
    Big::from_bytes_be(&hex_hash(&hex_in))
}

/// The client's SRP ephemeral: the private `a` and the public `A = g^a mod N`.
///
/// `a` never leaves this value; [`SrpClient::password_key`] consumes it.
pub struct SrpClient {
    a: Big,
    big_a: Big,
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &"[redacted]")
            .field("A", &self.public_a_hex())
            .finish()
    }
}

/// The 16-byte key derived from the SRP session (HKDF "Caldera Derived Key"). Redacted `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordKey([u8; 16]);

impl PasswordKey {
    /// The raw key bytes. Security: this is the proof of the password; never log it.
    pub fn expose(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Debug for PasswordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordKey([redacted])")
    }
}

/// Intermediate values of [`SrpClient::password_key_traced`], for byte-exact tests.
#[doc(hidden)]
pub struct SrpTrace {
    /// `padHex(u)`.
    pub u_hex: String,
    /// `padHex(S)`.
    pub s_hex: String,
    /// The derived key.
    pub key: PasswordKey,
}

impl SrpClient {
    /// Creates the ephemeral with `a` = `random` read big-endian: [`SRP_A_RANDOM_BYTES`]
    /// fresh random bytes (longer values work too: the interop vectors pass Amplify's
    /// 1024-bit `a`).
    ///
    /// `A mod N = 0` cannot happen for g = 2 and a prime N; should it, `a` is incremented
    /// until it does not, as the incumbents regenerate.
    pub fn new(random: &[u8]) -> Result<Self, SrpError> {
        if random.len() < SRP_A_RANDOM_BYTES {
            return Err(SrpError::NotEnoughRandom {
                needed: SRP_A_RANDOM_BYTES,
            });
        }
        let mut a = Big::from_bytes_be(random);
        loop {
            // g = 2: `mont::pow2` is g^a mod N.
            let big_a = mont::pow2(&a);
            if !big_a.is_zero() {
                return Ok(SrpClient { a, big_a });
            }
            a = a.add(&Big::from(1));
        }
    }

    /// `SRP_A` as sent to Cognito: `A` in lower-case hex without padding.
    pub fn public_a_hex(&self) -> String {
        self.big_a.to_hex()
    }

    /// Derives the password key from the `PASSWORD_VERIFIER` challenge (or, for devices, the
    /// `DEVICE_PASSWORD_VERIFIER` challenge with the device group key as `pool_name`, the
    /// device key as `user` and the device password). Consumes the ephemeral.
    pub fn password_key(
        self,
        pool_name: &str,
        user: &str,
        password: &str,
        salt_hex: &str,
        b_hex: &str,
    ) -> Result<PasswordKey, SrpError> {
        self.password_key_traced(pool_name, user, password, salt_hex, b_hex)
            .map(|t| t.key)
    }

    /// [`SrpClient::password_key`] that also returns `u` and `S`, for byte-exact tests.
    #[doc(hidden)]
    pub fn password_key_traced(
        self,
        pool_name: &str,
        user: &str,
        password: &str,
        salt_hex: &str,
        b_hex: &str,
    ) -> Result<SrpTrace, SrpError> {
        let b = parse_hex(b_hex, "SRP_B")?;
        let salt = parse_hex(salt_hex, "SALT")?;
        // B ≥ N is reduced modulo N, as the incumbents do (the interop vectors cover it);
        // only B ≡ 0 is refused. Absurdly long values never get here (the machine caps
        // challenge parameters).
        let b_mod = mont::rem_n(&b);
        if b_mod.is_zero() {
            return Err(SrpError::BIsZero);
        }
        let u_bytes = hex_hash(&format!("{}{}", pad_hex(&self.big_a), pad_hex(&b)));
        let u = Big::from_bytes_be(&u_bytes);
        if u.is_zero() {
            return Err(SrpError::UIsZero);
        }
        let x = private_x(&salt, pool_name, user, password);
        // S = (B - k·g^x)^(a + u·x) mod N, with the base brought into [0, N).
        let kv = mont::mul_mod(k(), &mont::pow2(&x));
        let base = mont::sub_mod(&b_mod, &kv);
        let exponent = self.a.add(&u.mul(&x));
        drop(self);
        let s = mont::modpow(&base, &exponent);
        let u_hex = pad_hex(&u);
        let s_hex = pad_hex(&s);
        let prk = hmac_sha256(
            &hex::decode(&u_hex).unwrap_or_default(),
            &[&hex::decode(&s_hex).unwrap_or_default()],
        );
        let okm = hmac_sha256(&prk, &[b"Caldera Derived Key", &[1]]);
        let mut key = [0u8; 16];
        key.copy_from_slice(&okm[..16]);
        Ok(SrpTrace {
            u_hex,
            s_hex,
            key: PasswordKey(key),
        })
    }
}

/// What `ConfirmDevice` sends, plus the device password to keep (stored as
/// `randomPasswordKey`). Redacted `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// `DeviceSecretVerifierConfig.Salt`: base64 of the padded salt bytes.
    pub salt_b64: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of padHex(g^x mod N).
    pub verifier_b64: String,
    /// The device password: base64 of 40 random bytes. Secret.
    pub random_password: String,
}

impl fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceVerifier")
            .field("salt_b64", &self.salt_b64)
            .field("verifier_b64", &self.verifier_b64)
            .field("random_password", &"[redacted]")
            .finish()
    }
}

/// The device verifier for `ConfirmDevice`, from at least 56 random bytes (40 for the
/// device password, then 16 for the salt).
pub fn device_verifier(
    device_group_key: &str,
    device_key: &str,
    random: &[u8],
) -> Result<DeviceVerifier, SrpError> {
    let (pw_bytes, salt_bytes) = match (random.get(..40), random.get(40..DEVICE_RANDOM_BYTES)) {
        (Some(p), Some(s)) => (p, s),
        _ => {
            return Err(SrpError::NotEnoughRandom {
                needed: DEVICE_RANDOM_BYTES,
            })
        }
    };
    let random_password = b64::encode(pw_bytes);
    let salt = Big::from_bytes_be(salt_bytes);
    let salt_hex = pad_hex(&salt);
    let x = private_x(&salt, device_group_key, device_key, &random_password);
    let verifier = pad_hex(&mont::pow2(&x));
    Ok(DeviceVerifier {
        salt_b64: b64::encode(&hex::decode(&salt_hex).unwrap_or_default()),
        verifier_b64: b64::encode(&hex::decode(&verifier).unwrap_or_default()),
        random_password,
    })
}

#[cfg(test)]
pub(crate) fn n_bits() -> usize {
    mont::n().bits()
}
