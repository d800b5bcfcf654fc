//! JSON Web Tokens as Cognito issues them: decoded without verification (the signature is
//! the server's business; the client only needs the claims for expiry and identity).

use crate::json::{Json, Map};
use std::fmt;

use super::Secret;

/// Why a string is not a usable JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// Not three dot-separated parts.
    #[error("token is not a JWT (expected three dot-separated parts)")]
    Shape,
    /// The payload is not base64url.
    #[error("token payload is not base64url")]
    Encoding,
    /// The payload is not a JSON object.
    #[error("token payload is not a JSON object")]
    Json,
}

/// A decoded JWT: the raw string (secret) and its payload claims.
#[derive(Clone, PartialEq)]
pub struct Jwt {
    raw: Secret,
    payload: Map,
}

impl fmt::Debug for Jwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwt")
            .field("raw", &"[redacted]")
            .field("exp", &self.exp())
            .finish()
    }
}

impl Jwt {
    /// Decodes a JWT's payload. Does not verify the signature.
    pub fn parse(raw: &str) -> Result<Jwt, JwtError> {
        let mut parts = raw.split('.');
        let (Some(_), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Shape);
        };
        let bytes = crate::b64::decode(payload, crate::b64::Alphabet::UrlSafe, false)
            .map_err(|_| JwtError::Encoding)?;
        match crate::json::parse_bytes(&bytes) {
            Ok(Json::Object(payload)) => Ok(Jwt {
                raw: Secret::new(raw),
                payload,
            }),
            _ => Err(JwtError::Json),
        }
    }

    /// The encoded token. Security: a bearer credential; never log it.
    pub fn raw(&self) -> &Secret {
        &self.raw
    }

    /// The decoded claims.
    pub fn payload(&self) -> &Map {
        &self.payload
    }

    fn number_claim(&self, name: &str) -> Option<i64> {
        self.payload
            .get(name)
            .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
    }

    fn string_claim(&self, name: &str) -> Option<&str> {
        self.payload.get(name).and_then(Json::as_str)
    }

    /// `exp` in seconds since the epoch.
    pub fn exp(&self) -> Option<i64> {
        self.number_claim("exp")
    }

    /// `iat` in seconds since the epoch.
    pub fn iat(&self) -> Option<i64> {
        self.number_claim("iat")
    }

    /// `sub`: the user's stable id.
    pub fn sub(&self) -> Option<&str> {
        self.string_claim("sub")
    }

    /// The user name: `username` (access token) or `cognito:username` (id token).
    pub fn username(&self) -> Option<&str> {
        self.string_claim("username")
            .or_else(|| self.string_claim("cognito:username"))
    }

    /// `origin_jti`, present when the token can be revoked with `RevokeToken`.
    pub fn origin_jti(&self) -> Option<&str> {
        self.string_claim("origin_jti")
    }

    /// True when the token expires within `tolerance_ms` of `now_ms + clock_drift_ms`
    /// (Amplify's rule: `now + drift + 5000 > exp * 1000`). A token without `exp` is expired.
    pub fn is_expired(&self, now_ms: i64, clock_drift_ms: i64, tolerance_ms: i64) -> bool {
        match self.exp() {
            Some(exp) => {
                now_ms
                    .saturating_add(clock_drift_ms)
                    .saturating_add(tolerance_ms)
                    > exp.saturating_mul(1000)
            }
            None => true,
        }
    }
}
