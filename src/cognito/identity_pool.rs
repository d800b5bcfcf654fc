//! Identity pool API requests (`AWSCognitoIdentityService.<Op>`) and their responses.

use crate::json::{Json, Map};
use std::fmt;

use super::{ConfigError, HttpRequest, ResponseError, USER_AGENT};
use crate::session::Secret;

/// The identity pool operations this crate calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdentityOp {
    /// Finds or creates the identity id.
    GetId,
    /// Exchanges the identity (and logins) for AWS credentials.
    GetCredentialsForIdentity,
}

impl IdentityOp {
    /// The operation name used in `x-amz-target`.
    pub fn name(self) -> &'static str {
        match self {
            IdentityOp::GetId => "GetId",
            IdentityOp::GetCredentialsForIdentity => "GetCredentialsForIdentity",
        }
    }
}

/// The identity pool API URL: `endpoint` when given, else
/// `https://cognito-identity.<region>.amazonaws.com/` with the region from `<region>:<uuid>`.
pub fn identity_url(identity_pool_id: &str, endpoint: Option<&str>) -> Result<String, ConfigError> {
    if let Some(endpoint) = endpoint.filter(|e| !e.is_empty()) {
        return Ok(endpoint.to_owned());
    }
    match identity_pool_id.split_once(':') {
        Some((region, id)) if !region.is_empty() && !id.is_empty() => {
            let suffix = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            Ok(format!("https://cognito-identity.{region}.{suffix}/"))
        }
        _ => Err(ConfigError::BadIdentityPoolId(identity_pool_id.to_owned())),
    }
}

/// Builds the unsigned `POST /` every identity pool call is.
pub fn identity_request(url: &str, op: IdentityOp, body: &Json) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: url.to_owned(),
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            (
                "x-amz-target".into(),
                format!("AWSCognitoIdentityService.{}", op.name()),
            ),
            ("x-amz-user-agent".into(), USER_AGENT.into()),
            ("cache-control".into(), "no-store".into()),
        ],
        body: Secret::new(body.to_string()),
    }
}

/// Temporary AWS credentials. Redacted `Debug`.
#[derive(Clone, PartialEq)]
pub struct AwsCredentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretKey`. Secret.
    pub secret_access_key: Secret,
    /// `SessionToken`. Secret.
    pub session_token: Secret,
    /// `Expiration` in Unix milliseconds, when the service said.
    pub expiration_ms: Option<i64>,
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration_ms", &self.expiration_ms)
            .finish_non_exhaustive()
    }
}

/// `GetId`'s `IdentityId`.
pub fn parse_get_id(body: &Map) -> Result<String, ResponseError> {
    body.get("IdentityId")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or(ResponseError::Malformed {
            operation: "GetId",
            detail: "IdentityId missing",
        })
}

/// `GetCredentialsForIdentity`'s credentials.
pub fn parse_credentials(body: &Map) -> Result<AwsCredentials, ResponseError> {
    let malformed = |detail| ResponseError::Malformed {
        operation: "GetCredentialsForIdentity",
        detail,
    };
    let creds = body
        .get("Credentials")
        .and_then(Json::as_object)
        .ok_or(malformed("Credentials missing"))?;
    let field = |name: &str| {
        creds
            .get(name)
            .and_then(Json::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let expiration_ms = match creds.get("Expiration") {
        Some(Json::Number(n)) => Some((n.as_f64() * 1000.0) as i64),
        Some(Json::String(s)) => crate::json::parse_f64(s.trim()).map(|s| (s * 1000.0) as i64),
        _ => None,
    };
    Ok(AwsCredentials {
        access_key_id: field("AccessKeyId").ok_or(malformed("AccessKeyId missing"))?,
        secret_access_key: Secret::new(field("SecretKey").ok_or(malformed("SecretKey missing"))?),
        session_token: Secret::new(field("SessionToken").ok_or(malformed("SessionToken missing"))?),
        expiration_ms,
    })
}
