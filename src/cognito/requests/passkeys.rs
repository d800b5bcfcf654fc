//! Passkeys of the signed-in user: registering one, listing, deleting.

use crate::json::{json, Json};
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::{access_token_request, Body, UserPoolRequest};

access_token_request! {
    /// `StartWebAuthnRegistration`: the options for `navigator.credentials.create`.
    StartWebAuthnRegistration => StartWebAuthnRegistration
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

/// `ListWebAuthnCredentials`: one page.
#[derive(Debug)]
pub struct ListWebAuthnCredentials<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `MaxResults`.
    pub max_results: Option<u32>,
    /// `NextToken`: where the page starts.
    pub next_token: Option<&'a str>,
}

impl UserPoolRequest for ListWebAuthnCredentials<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ListWebAuthnCredentials
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .value_opt("MaxResults", self.max_results.map(|n| json!(n)))
            .text_opt("NextToken", self.next_token)
            .done()
    }
}

/// `DeleteWebAuthnCredential`.
#[derive(Debug)]
pub struct DeleteWebAuthnCredential<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `CredentialId`.
    pub credential_id: &'a str,
}

impl UserPoolRequest for DeleteWebAuthnCredential<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::DeleteWebAuthnCredential
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("CredentialId", self.credential_id)
            .done()
    }
}
