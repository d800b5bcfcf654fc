//! The identity pool's `GetId` and `GetCredentialsForIdentity`.

use crate::json::{Json, Map};
use crate::session::Secret;

use super::super::IdentityOp;

/// An identity pool request (`GetId`, `GetCredentialsForIdentity`), with the signed-in
/// user's `Logins` (`cognito-idp.<region>.amazonaws.com/<pool>` → id token) when there is
/// one.
#[derive(Debug)]
pub enum IdentityRequest<'a> {
    /// `GetId` for the pool.
    GetId {
        /// `IdentityPoolId`.
        pool: &'a str,
        /// The provider name and token.
        logins: Option<(&'a str, &'a Secret)>,
    },
    /// `GetCredentialsForIdentity` for an identity id.
    GetCredentials {
        /// `IdentityId`.
        identity_id: &'a str,
        /// The provider name and token.
        logins: Option<(&'a str, &'a Secret)>,
    },
}

impl IdentityRequest<'_> {
    /// The operation.
    pub fn op(&self) -> IdentityOp {
        match self {
            IdentityRequest::GetId { .. } => IdentityOp::GetId,
            IdentityRequest::GetCredentials { .. } => IdentityOp::GetCredentialsForIdentity,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Json {
        let (key, value, logins) = match self {
            IdentityRequest::GetId { pool, logins } => ("IdentityPoolId", pool, logins),
            IdentityRequest::GetCredentials {
                identity_id,
                logins,
            } => ("IdentityId", identity_id, logins),
        };
        let mut body = Map::new();
        body.insert(key.into(), Json::String((*value).to_owned()));
        if let Some((provider, token)) = logins {
            let mut map = Map::new();
            map.insert(
                (*provider).to_owned(),
                Json::String(token.expose().to_owned()),
            );
            body.insert("Logins".into(), Json::Object(map));
        }
        Json::Object(body)
    }
}
