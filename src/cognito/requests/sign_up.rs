//! Sign-up, its confirmation code, and the forgotten-password reset: the calls made without
//! a session, identified by user name (with `SecretHash` for a confidential client).

use crate::json::{Json, Map};
use crate::map::VecMap;
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::{attribute_list, Body, UserPoolRequest};

/// `SignUp`.
#[derive(Debug)]
pub struct SignUp<'a> {
    /// `Username`.
    pub username: &'a str,
    /// `Password` (absent for passwordless sign-up).
    pub password: Option<&'a Secret>,
    /// `UserAttributes` (left out when empty).
    pub user_attributes: &'a VecMap<String, String>,
    /// `ValidationData` (left out when empty).
    pub validation_data: &'a VecMap<String, String>,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for SignUp<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::SignUp
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        let listed =
            |attrs: &VecMap<String, String>| (!attrs.is_empty()).then(|| attribute_list(attrs));
        Body::new()
            .text("Username", self.username)
            .client_id(config)
            .text_opt("Password", self.password.map(Secret::expose))
            .value_opt("UserAttributes", listed(self.user_attributes))
            .value_opt("ValidationData", listed(self.validation_data))
            .client_metadata(self.client_metadata)
            .secret_hash(config, self.username)
            .done()
    }
}

/// `ConfirmSignUp`.
#[derive(Debug)]
pub struct ConfirmSignUp<'a> {
    /// `Username`.
    pub username: &'a str,
    /// `ConfirmationCode`.
    pub confirmation_code: &'a str,
    /// `ForceAliasCreation`.
    pub force_alias_creation: Option<bool>,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for ConfirmSignUp<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ConfirmSignUp
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        Body::new()
            .text("Username", self.username)
            .text("ConfirmationCode", self.confirmation_code)
            .client_id(config)
            .value_opt(
                "ForceAliasCreation",
                self.force_alias_creation.map(Json::Bool),
            )
            .client_metadata(self.client_metadata)
            .secret_hash(config, self.username)
            .done()
    }
}

/// `ResendConfirmationCode`.
#[derive(Debug)]
pub struct ResendConfirmationCode<'a> {
    /// `Username`.
    pub username: &'a str,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for ResendConfirmationCode<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ResendConfirmationCode
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        by_username(config, self.username, self.client_metadata)
    }
}

/// `ForgotPassword`.
#[derive(Debug)]
pub struct ForgotPassword<'a> {
    /// `Username`.
    pub username: &'a str,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for ForgotPassword<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ForgotPassword
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        by_username(config, self.username, self.client_metadata)
    }
}

/// `{ Username, ClientId, ClientMetadata?, SecretHash? }`.
fn by_username(config: &UserPoolConfig, username: &str, meta: Option<&Map>) -> Json {
    Body::new()
        .text("Username", username)
        .client_id(config)
        .client_metadata(meta)
        .secret_hash(config, username)
        .done()
}

/// `ConfirmForgotPassword`.
#[derive(Debug)]
pub struct ConfirmForgotPassword<'a> {
    /// `Username`.
    pub username: &'a str,
    /// `ConfirmationCode`.
    pub confirmation_code: &'a str,
    /// `Password`: the new one.
    pub password: &'a Secret,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for ConfirmForgotPassword<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ConfirmForgotPassword
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        Body::new()
            .text("Username", self.username)
            .text("ConfirmationCode", self.confirmation_code)
            .text("Password", self.password.expose())
            .client_id(config)
            .client_metadata(self.client_metadata)
            .secret_hash(config, self.username)
            .done()
    }
}
