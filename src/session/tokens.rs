//! The signed-in user's tokens and how they map to storage entries.

use crate::json::{FromJson, ToJson};
use crate::map::VecMap;

use super::{Jwt, JwtError, Secret, StorageKeys};

/// Amplify's tolerance: a token within 5 s of expiry counts as expired.
pub const EXPIRY_TOLERANCE_MS: i64 = 5_000;

/// What Amplify stores as `signInDetails`: the name typed at sign-in and the flow used.
/// `{ loginId?, authFlowType? }`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "camelCase")]
pub struct SignInDetails {
    /// The login id as the user typed it (user name, email or phone alias).
    pub login_id: Option<String>,
    /// The `authFlowType` of the sign-in.
    pub auth_flow_type: Option<String>,
}

/// A user pool token set.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokens {
    /// The access token (always present in a session).
    pub access: Jwt,
    /// The id token.
    pub id: Option<Jwt>,
    /// The refresh token.
    pub refresh: Option<Secret>,
    /// Server time minus local time, in milliseconds (Amplify v6's sign).
    pub clock_drift_ms: i64,
}

impl Tokens {
    /// True when the access or id token is expired at `now_ms` (drift and tolerance applied).
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.access
            .is_expired(now_ms, self.clock_drift_ms, EXPIRY_TOLERANCE_MS)
            || self
                .id
                .as_ref()
                .is_some_and(|id| id.is_expired(now_ms, self.clock_drift_ms, EXPIRY_TOLERANCE_MS))
    }

    /// The last local time (Unix ms) at which the tokens are not expired: `is_expired(t)`
    /// is false for `t <= valid_until()` and true after (saturating at the i64 range).
    /// `None`: a token without `exp`, expired at any time.
    pub fn valid_until(&self) -> Option<i64> {
        let until = |jwt: &Jwt| {
            jwt.exp().map(|exp| {
                exp.saturating_mul(1000)
                    .saturating_sub(self.clock_drift_ms)
                    .saturating_sub(EXPIRY_TOLERANCE_MS)
            })
        };
        let access = until(&self.access)?;
        match &self.id {
            Some(id) => until(id).map(|i| i.min(access)),
            None => Some(access),
        }
    }

    /// Clock drift as Amplify measures it: `iat * 1000 - now`, 0 without `iat`.
    pub fn drift_from(access: &Jwt, now_ms: i64) -> i64 {
        access
            .iat()
            .map(|iat| iat.saturating_mul(1000).saturating_sub(now_ms))
            .unwrap_or(0)
    }
}

/// A signed-in session as it is persisted: whose it is, the tokens, how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    /// The name the keys are stored under (`LastAuthUser`).
    pub username: String,
    /// The tokens.
    pub tokens: Tokens,
    /// How the user signed in.
    pub sign_in_details: Option<SignInDetails>,
    /// The session was written by amazon-cognito-identity-js (no Amplify v6 marker): its
    /// `clockDrift` is in seconds, local minus server, and is written back that way, so
    /// the next reader (us or identity-js) reads the drift it meant.
    pub identity_js_drift: bool,
}

/// Why stored values do not form a session (they are then cleaned up, never a crash).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RestoreError {
    /// No access token is stored for the user.
    #[error("no stored access token")]
    Missing,
    /// A stored token is not a JWT.
    #[error("stored {which} is corrupt: {error}")]
    Corrupt {
        /// Which key.
        which: &'static str,
        /// What is wrong with it.
        error: JwtError,
    },
    /// The access and id tokens belong to different users (their `sub`s differ): a
    /// tampered or half-overwritten entry, never a session to restore.
    #[error("stored access and id tokens belong to different users")]
    Mixed,
    /// A stored value is longer than [`MAX_STORED_VALUE_BYTES`]: not read.
    #[error("stored {which} is longer than {MAX_STORED_VALUE_BYTES} bytes")]
    TooLarge {
        /// Which key.
        which: &'static str,
    },
}

/// The longest stored session value read, in UTF-8 bytes: 1 MiB. Cognito's tokens are a
/// few kilobytes; a longer value was not written by a sign-in, and is not parsed.
pub const MAX_STORED_VALUE_BYTES: usize = 1 << 20;

/// The session keys [`StoredSession::from_storage`] reads.
const SESSION_VALUES: [&str; 6] = [
    "accessToken",
    "idToken",
    "refreshToken",
    "clockDrift",
    "signInDetails",
    "oauthMetadata",
];

impl StoredSession {
    /// The storage writes for this session: `(key, Some(value))` to store,
    /// `(key, None)` to remove. `LastAuthUser` comes last, so a half-written session is
    /// never the current one.
    pub fn storage_entries(&self, keys: &StorageKeys) -> Vec<(String, Option<String>)> {
        let user = |name: &str| keys.user(&self.username, name);
        let t = &self.tokens;
        vec![
            (
                user("accessToken"),
                Some(t.access.raw().expose().to_owned()),
            ),
            (
                user("idToken"),
                t.id.as_ref().map(|id| id.raw().expose().to_owned()),
            ),
            (
                user("refreshToken"),
                t.refresh.as_ref().map(|r| r.expose().to_owned()),
            ),
            (user("clockDrift"), Some(self.stored_drift())),
            (
                user("signInDetails"),
                self.sign_in_details.as_ref().map(crate::json::to_string),
            ),
            (keys.last_auth_user(), Some(self.username.clone())),
        ]
    }

    /// `clockDrift` as stored: Amplify v6's ms (server minus local), or identity-js's
    /// seconds (local minus server) for a session that came from identity-js.
    fn stored_drift(&self) -> String {
        let ms = self.tokens.clock_drift_ms;
        if self.identity_js_drift {
            (ms / 1000).saturating_neg().to_string()
        } else {
            ms.to_string()
        }
    }

    /// The keys to remove on sign-out: tokens and `LastAuthUser`, not the device keys.
    pub fn clear_keys(username: &str, keys: &StorageKeys) -> Vec<String> {
        let mut out: Vec<String> = super::USER_TOKEN_KEYS
            .iter()
            .map(|name| keys.user(username, name))
            .collect();
        out.push(keys.last_auth_user());
        out
    }

    /// Rebuilds a session from loaded values (keys absent from `values` count as missing).
    pub fn from_storage(
        username: &str,
        values: &VecMap<String, Option<String>>,
        keys: &StorageKeys,
    ) -> Result<StoredSession, RestoreError> {
        // Each key written out once (not once per look-up).
        let found = SESSION_VALUES.map(|which| {
            values
                .get(&keys.user(username, which))
                .and_then(Option::as_deref)
        });
        for (which, value) in SESSION_VALUES.iter().zip(found) {
            if value.is_some_and(|v| v.len() > MAX_STORED_VALUE_BYTES) {
                return Err(RestoreError::TooLarge { which });
            }
        }
        let get = |name: &str| {
            SESSION_VALUES
                .iter()
                .position(|&which| which == name)
                .and_then(|at| found.get(at).copied().flatten())
                .filter(|v| !v.is_empty())
        };
        let access = get("accessToken").ok_or(RestoreError::Missing)?;
        let access = Jwt::parse(access).map_err(|error| RestoreError::Corrupt {
            which: "accessToken",
            error,
        })?;
        let id = get("idToken")
            .map(Jwt::parse)
            .transpose()
            .map_err(|error| RestoreError::Corrupt {
                which: "idToken",
                error,
            })?;
        if let (Some(a), Some(i)) = (access.sub(), id.as_ref().and_then(Jwt::sub)) {
            if a != i {
                return Err(RestoreError::Mixed);
            }
        }
        let refresh = get("refreshToken").map(Secret::new);
        let stored_drift = get("clockDrift")
            .and_then(|d| crate::json::parse_f64(d.trim()))
            .filter(|d| d.is_finite())
            .unwrap_or(0.0);
        // Amplify v6 writes `signInDetails` (or `oauthMetadata`) and a drift in ms,
        // server minus local. amazon-cognito-identity-js writes neither, and its drift is
        // in seconds, local minus server.
        let written_by_v6 = get("signInDetails").is_some() || get("oauthMetadata").is_some();
        let clock_drift_ms = if written_by_v6 {
            stored_drift as i64
        } else {
            (-stored_drift * 1000.0) as i64
        };
        let sign_in_details = get("signInDetails").and_then(|d| crate::json::from_str(d).ok());
        Ok(StoredSession {
            username: username.to_owned(),
            tokens: Tokens {
                access,
                id,
                refresh,
                clock_drift_ms,
            },
            sign_in_details,
            identity_js_drift: !written_by_v6,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b64::{encode, Alphabet};

    fn jwt(payload: &str) -> Jwt {
        let body = encode(payload.as_bytes(), Alphabet::UrlSafe, false);
        Jwt::parse(&format!("e30.{body}.sig")).expect("test token")
    }

    /// `valid_until` is the boundary of `is_expired`, for drifts of both signs, with and
    /// without an id token that expires first.
    #[test]
    fn valid_until_is_the_last_unexpired_millisecond() {
        for drift in [0, 1, -1, 12_345, -12_345, 3_600_000, -3_600_000] {
            for id in [None, Some(1_700_000_100), Some(1_699_999_000)] {
                let tokens = Tokens {
                    access: jwt(r#"{"exp":1700000000}"#),
                    id: id.map(|exp| jwt(&format!(r#"{{"exp":{exp}}}"#))),
                    refresh: None,
                    clock_drift_ms: drift,
                };
                let until = tokens.valid_until().expect("has exp");
                assert!(!tokens.is_expired(until), "drift {drift} id {id:?}");
                assert!(tokens.is_expired(until + 1), "drift {drift} id {id:?}");
            }
        }
        let no_exp = Tokens {
            access: jwt(r#"{"sub":"s"}"#),
            id: None,
            refresh: None,
            clock_drift_ms: 0,
        };
        assert_eq!(no_exp.valid_until(), None);
        assert!(no_exp.is_expired(0));
    }
}
