//! The session's token operations: refresh (rotation or `REFRESH_TOKEN_AUTH`), revocation,
//! global sign-out.

use crate::json::{json, Json, Map};
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::sign_in::initiate_auth_body;
use super::{Body, UserPoolRequest};

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
                let params = Body::new()
                    .text("REFRESH_TOKEN", refresh_token.expose())
                    .secret_hash_param(config, username);
                initiate_auth_body(config, "REFRESH_TOKEN_AUTH", params, *client_metadata).done()
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
