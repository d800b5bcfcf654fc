//! The signed-in user: its password, its attributes, deleting it.

use crate::json::{Json, Map};
use crate::map::VecMap;
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::{access_token_request, attribute_list, Body, UserPoolRequest};

/// `ChangePassword`.
#[derive(Debug)]
pub struct ChangePassword<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `PreviousPassword`.
    pub previous_password: &'a Secret,
    /// `ProposedPassword`.
    pub proposed_password: &'a Secret,
}

impl UserPoolRequest for ChangePassword<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ChangePassword
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("PreviousPassword", self.previous_password.expose())
            .text("ProposedPassword", self.proposed_password.expose())
            .done()
    }
}

access_token_request! {
    /// `GetUser`: the user's attributes and MFA settings.
    GetUser => GetUser
}

access_token_request! {
    /// `DeleteUser`.
    DeleteUser => DeleteUser
}

/// `UpdateUserAttributes`.
#[derive(Debug)]
pub struct UpdateUserAttributes<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `UserAttributes`: names and values.
    pub user_attributes: &'a VecMap<String, String>,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for UpdateUserAttributes<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::UpdateUserAttributes
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .value("UserAttributes", attribute_list(self.user_attributes))
            .client_metadata(self.client_metadata)
            .done()
    }
}

/// `VerifyUserAttribute`: the code sent for an attribute.
#[derive(Debug)]
pub struct VerifyUserAttribute<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `AttributeName`.
    pub attribute_name: &'a str,
    /// `Code`.
    pub code: &'a str,
}

impl UserPoolRequest for VerifyUserAttribute<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::VerifyUserAttribute
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("AttributeName", self.attribute_name)
            .text("Code", self.code)
            .done()
    }
}

/// `GetUserAttributeVerificationCode`: (re)sends an attribute's code.
#[derive(Debug)]
pub struct GetUserAttributeVerificationCode<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `AttributeName`.
    pub attribute_name: &'a str,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for GetUserAttributeVerificationCode<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::GetUserAttributeVerificationCode
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("AttributeName", self.attribute_name)
            .client_metadata(self.client_metadata)
            .done()
    }
}

/// `DeleteUserAttributes`.
#[derive(Debug)]
pub struct DeleteUserAttributes<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `UserAttributeNames`.
    pub attribute_names: &'a [String],
}

impl UserPoolRequest for DeleteUserAttributes<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::DeleteUserAttributes
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        let mut names = Vec::with_capacity(self.attribute_names.len());
        for name in self.attribute_names {
            names.push(Json::String(name.clone()));
        }
        Body::new()
            .access_token(self.access_token)
            .value("UserAttributeNames", Json::Array(names))
            .done()
    }
}
