//! Requests as typed values, one per Cognito operation: each knows its operation and builds
//! its body (with `SECRET_HASH`, `ClientMetadata` and the rest as Amplify sends them), so
//! the machine never assembles a JSON body. Grouped by area: the session's tokens, sign-up
//! and passwords, the user and its attributes, MFA, devices, passkeys, the identity pool.

mod challenge;
mod devices;
mod identity;
mod mfa;
mod passkeys;
mod session;
mod sign_in;
mod sign_up;
mod user;

use crate::json::{Json, Map};
use crate::map::VecMap;
use crate::session::Secret;

use super::{UserPoolConfig, UserPoolOp};

pub use challenge::{ChallengeAnswer, RespondToAuthChallenge};
pub use devices::{ConfirmDevice, ForgetDevice, ListDevices, UpdateDeviceStatus};
pub use identity::IdentityRequest;
pub use mfa::{
    AssociateSoftwareToken, MfaSetting, SetUserMfaPreference, TotpSetupFor, VerifySoftwareToken,
};
pub use passkeys::{
    CompleteWebAuthnRegistration, DeleteWebAuthnCredential, ListWebAuthnCredentials,
    StartWebAuthnRegistration,
};
pub use session::{GlobalSignOut, RefreshTokens, RevokeToken};
pub use sign_in::{AuthStart, FirstFactor, InitiateAuth};
pub use sign_up::{
    ConfirmForgotPassword, ConfirmSignUp, ForgotPassword, ResendConfirmationCode, SignUp,
};
pub use user::{
    ChangePassword, DeleteUser, DeleteUserAttributes, GetUser, GetUserAttributeVerificationCode,
    UpdateUserAttributes, VerifyUserAttribute,
};

/// A user pool request: its operation and body.
pub trait UserPoolRequest {
    /// The operation (`x-amz-target`).
    fn op(&self) -> UserPoolOp;
    /// The JSON body, for the app client in `config`.
    fn body(&self, config: &UserPoolConfig) -> Json;
}

/// The body being built: members are kept sorted by key, so the order they are added in
/// does not change the bytes.
struct Body(Map);

impl Body {
    fn new() -> Self {
        Body(Map::new())
    }

    /// Adds a string member.
    fn text(mut self, key: &str, value: &str) -> Self {
        self.0
            .insert(key.to_owned(), Json::String(value.to_owned()));
        self
    }

    /// Adds a member.
    fn value(mut self, key: &str, value: Json) -> Self {
        self.0.insert(key.to_owned(), value);
        self
    }

    /// Adds a string member when there is one.
    fn text_opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.text(key, v),
            None => self,
        }
    }

    /// Adds a member when there is one.
    fn value_opt(self, key: &str, value: Option<Json>) -> Self {
        match value {
            Some(v) => self.value(key, v),
            None => self,
        }
    }

    /// `AccessToken`.
    fn access_token(self, token: &Secret) -> Self {
        self.text("AccessToken", token.expose())
    }

    /// `ClientId`.
    fn client_id(self, config: &UserPoolConfig) -> Self {
        self.text("ClientId", &config.user_pool_client_id)
    }

    /// `ClientMetadata`, when given.
    fn client_metadata(self, meta: Option<&Map>) -> Self {
        self.value_opt("ClientMetadata", meta.map(|m| Json::Object(m.clone())))
    }

    /// `SecretHash` over `username`, for a confidential client.
    fn secret_hash(self, config: &UserPoolConfig, username: &str) -> Self {
        self.text_opt("SecretHash", secret_hash(config, username).as_deref())
    }

    /// `SECRET_HASH` over `username` (in `AuthParameters` / `ChallengeResponses`), for a
    /// confidential client.
    fn secret_hash_param(self, config: &UserPoolConfig, username: &str) -> Self {
        self.text_opt("SECRET_HASH", secret_hash(config, username).as_deref())
    }

    fn done(self) -> Json {
        Json::Object(self.0)
    }
}

/// Base64 HMAC-SHA256 of `username ‖ client id` with the client secret, when there is one.
fn secret_hash(config: &UserPoolConfig, username: &str) -> Option<String> {
    config.user_pool_client_secret.as_ref().map(|secret| {
        crate::srp::secret_hash(secret.expose(), username, &config.user_pool_client_id)
    })
}

/// `[{ Name, Value }]`, Cognito's `AttributeType` list.
fn attribute_list(attrs: &VecMap<String, String>) -> Json {
    let mut list = Vec::with_capacity(attrs.len());
    for (name, value) in attrs.iter() {
        list.push(Body::new().text("Name", name).text("Value", value).done());
    }
    Json::Array(list)
}

/// A request whose body is only the access token.
macro_rules! access_token_request {
    ($(#[$doc:meta])* $name:ident => $op:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a> {
            /// The access token.
            pub access_token: &'a crate::session::Secret,
        }

        impl super::UserPoolRequest for $name<'_> {
            fn op(&self) -> super::super::UserPoolOp {
                super::super::UserPoolOp::$op
            }

            fn body(&self, _config: &super::super::UserPoolConfig) -> crate::json::Json {
                super::Body::new().access_token(self.access_token).done()
            }
        }
    };
}
use access_token_request;

#[cfg(test)]
mod tests;
