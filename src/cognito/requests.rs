//! Requests as typed values: each knows its operation and builds its body, so the machine
//! does not assemble these JSON bodies. So far: the session's token operations (refresh by
//! rotation or `REFRESH_TOKEN_AUTH`, revocation, global sign-out), `ConfirmDevice`,
//! `CompleteWebAuthnRegistration`, and the identity pool's `GetId` and
//! `GetCredentialsForIdentity`. (Sign-in and the account calls still build theirs in the
//! machine: `src/machine/sign_in`, `src/machine/account`.)

use crate::json::{json, Json, Map};
use crate::session::Secret;

use super::{add_secret_hash, initiate_auth_body, IdentityOp, UserPoolConfig, UserPoolOp};

/// A user pool request: its operation and body.
pub trait UserPoolRequest {
    /// The operation (`x-amz-target`).
    fn op(&self) -> UserPoolOp;
    /// The JSON body, for the app client in `config`.
    fn body(&self, config: &UserPoolConfig) -> Json;
}

/// A refresh of the session's tokens with its refresh token.
#[derive(Debug)]
pub enum RefreshTokens<'a> {
    /// `GetTokensFromRefreshToken` (refresh-token rotation).
    Rotation {
        /// The refresh token.
        refresh_token: &'a Secret,
        /// `ClientMetadata` (Amplify's `fetchAuthSession({ clientMetadata })`).
        client_metadata: Option<&'a Map>,
    },
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`; `SECRET_HASH` (confidential clients) is
    /// over `username` (the access token's `username`).
    InitiateAuth {
        /// The refresh token.
        refresh_token: &'a Secret,
        /// The user name the secret hash is computed over.
        username: &'a str,
        /// `ClientMetadata`.
        client_metadata: Option<&'a Map>,
    },
}

impl UserPoolRequest for RefreshTokens<'_> {
    fn op(&self) -> UserPoolOp {
        match self {
            RefreshTokens::Rotation { .. } => UserPoolOp::GetTokensFromRefreshToken,
            RefreshTokens::InitiateAuth { .. } => UserPoolOp::InitiateAuth,
        }
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        match self {
            RefreshTokens::Rotation {
                refresh_token,
                client_metadata,
            } => {
                let mut body = with_client_secret(config, "RefreshToken", refresh_token);
                if let (Some(meta), Some(obj)) = (client_metadata, body.as_object_mut()) {
                    obj.insert("ClientMetadata".into(), Json::Object((*meta).clone()));
                }
                body
            }
            RefreshTokens::InitiateAuth {
                refresh_token,
                username,
                client_metadata,
            } => {
                let mut params = Map::new();
                params.insert(
                    "REFRESH_TOKEN".into(),
                    Json::String(refresh_token.expose().to_owned()),
                );
                add_secret_hash(config, username, &mut params);
                initiate_auth_body(config, "REFRESH_TOKEN_AUTH", params, *client_metadata)
            }
        }
    }
}

/// `RevokeToken`: ends the refresh token (and the tokens it issued) at sign-out.
#[derive(Debug)]
pub struct RevokeToken<'a> {
    /// The refresh token.
    pub refresh_token: &'a Secret,
}

impl UserPoolRequest for RevokeToken<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::RevokeToken
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        with_client_secret(config, "Token", self.refresh_token)
    }
}

/// `GlobalSignOut`: ends every session of the user.
#[derive(Debug)]
pub struct GlobalSignOut<'a> {
    /// The access token.
    pub access_token: &'a Secret,
}

impl UserPoolRequest for GlobalSignOut<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::GlobalSignOut
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        json!({ "AccessToken": self.access_token.expose() })
    }
}

/// `{ <token_key>: token, ClientId, ClientSecret? }`, the shape of the token operations
/// outside `InitiateAuth`.
fn with_client_secret(config: &UserPoolConfig, token_key: &str, token: &Secret) -> Json {
    let mut body = Map::new();
    body.insert(token_key.into(), Json::String(token.expose().to_owned()));
    body.insert(
        "ClientId".into(),
        Json::String(config.user_pool_client_id.clone()),
    );
    if let Some(secret) = &config.user_pool_client_secret {
        body.insert(
            "ClientSecret".into(),
            Json::String(secret.expose().to_owned()),
        );
    }
    Json::Object(body)
}

/// `ConfirmDevice`: remembers a new device with its SRP verifier.
#[derive(Debug)]
pub struct ConfirmDevice<'a> {
    /// The access token of the sign-in that produced the device.
    pub access_token: &'a Secret,
    /// `DeviceKey`.
    pub device_key: &'a str,
    /// `DeviceName` (Amplify sends the user agent).
    pub device_name: &'a str,
    /// The verifier's salt, base64.
    pub salt_b64: &'a str,
    /// The password verifier, base64.
    pub verifier_b64: &'a str,
}

impl UserPoolRequest for ConfirmDevice<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ConfirmDevice
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        json!({
            "AccessToken": self.access_token.expose(),
            "DeviceKey": self.device_key,
            "DeviceName": self.device_name,
            "DeviceSecretVerifierConfig": {
                "Salt": self.salt_b64,
                "PasswordVerifier": self.verifier_b64,
            },
        })
    }
}

/// `CompleteWebAuthnRegistration`: hands the browser's new credential to Cognito.
#[derive(Debug)]
pub struct CompleteWebAuthnRegistration<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `PublicKeyCredential.toJSON()`.
    pub credential: &'a Json,
}

impl UserPoolRequest for CompleteWebAuthnRegistration<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::CompleteWebAuthnRegistration
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        json!({
            "AccessToken": self.access_token.expose(),
            "Credential": self.credential.clone(),
        })
    }
}

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
