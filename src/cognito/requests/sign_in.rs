//! `InitiateAuth`: how a sign-in starts, with `AuthParameters` as Amplify sends them
//! (`USERNAME`, `SRP_A` or `PASSWORD`, `DEVICE_KEY` for a remembered device, `SECRET_HASH`
//! for a confidential client).

use crate::json::{Json, Map};
use crate::session::Secret;

use super::super::{AuthFactor, UserPoolConfig, UserPoolOp};
use super::{Body, UserPoolRequest};

/// The flow a sign-in starts, with what its first request carries.
#[derive(Debug)]
pub enum AuthStart<'a> {
    /// `USER_SRP_AUTH`: the client's SRP public value `A` (hex).
    UserSrp {
        /// `SRP_A`.
        srp_a: &'a str,
    },
    /// `USER_PASSWORD_AUTH`: the password itself (over TLS).
    UserPassword {
        /// `PASSWORD`.
        password: &'a Secret,
    },
    /// `CUSTOM_AUTH` opening with SRP (`CHALLENGE_NAME: SRP_A`).
    CustomWithSrp {
        /// `SRP_A`.
        srp_a: &'a str,
    },
    /// `CUSTOM_AUTH` without a password.
    Custom,
    /// `USER_AUTH` (choice-based), with the preferred first factor if the caller named one.
    UserAuth {
        /// `PREFERRED_CHALLENGE` and what it needs.
        preferred: Option<FirstFactor<'a>>,
    },
}

/// A preferred first factor of `USER_AUTH`.
#[derive(Debug)]
pub enum FirstFactor<'a> {
    /// `PASSWORD_SRP`, with `SRP_A`.
    PasswordSrp {
        /// `SRP_A`.
        srp_a: &'a str,
    },
    /// `PASSWORD`, with the password.
    Password {
        /// `PASSWORD`.
        password: &'a Secret,
    },
    /// Any other factor (a code, a passkey): only its name.
    Other(&'a AuthFactor),
}

impl AuthStart<'_> {
    /// `AuthFlow`, and the flow's own `AuthParameters` added to `params`.
    fn parameters(&self, params: Body) -> (&'static str, Body) {
        match self {
            AuthStart::UserSrp { srp_a } => ("USER_SRP_AUTH", params.text("SRP_A", srp_a)),
            AuthStart::UserPassword { password } => (
                "USER_PASSWORD_AUTH",
                params.text("PASSWORD", password.expose()),
            ),
            AuthStart::CustomWithSrp { srp_a } => (
                "CUSTOM_AUTH",
                params.text("SRP_A", srp_a).text("CHALLENGE_NAME", "SRP_A"),
            ),
            AuthStart::Custom => ("CUSTOM_AUTH", params),
            AuthStart::UserAuth { preferred } => (
                "USER_AUTH",
                match preferred {
                    None => params,
                    Some(FirstFactor::PasswordSrp { srp_a }) => params
                        .text("PREFERRED_CHALLENGE", AuthFactor::PasswordSrp.as_str())
                        .text("SRP_A", srp_a),
                    Some(FirstFactor::Password { password }) => params
                        .text("PREFERRED_CHALLENGE", AuthFactor::Password.as_str())
                        .text("PASSWORD", password.expose()),
                    Some(FirstFactor::Other(factor)) => {
                        params.text("PREFERRED_CHALLENGE", factor.as_str())
                    }
                },
            ),
        }
    }
}

/// `InitiateAuth` starting a sign-in.
#[derive(Debug)]
pub struct InitiateAuth<'a> {
    /// `USERNAME` (also what `SECRET_HASH` is computed over).
    pub username: &'a str,
    /// The flow and its parameters.
    pub start: AuthStart<'a>,
    /// `DEVICE_KEY` of the remembered device.
    pub device_key: Option<&'a str>,
    /// `Session`: sign-in after sign-up without the password.
    pub session: Option<&'a Secret>,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for InitiateAuth<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::InitiateAuth
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        let params = Body::new().text("USERNAME", self.username);
        let (flow, params) = self.start.parameters(params);
        let params = params
            .text_opt("DEVICE_KEY", self.device_key)
            .secret_hash_param(config, self.username);
        initiate_auth_body(config, flow, params, self.client_metadata)
            .text_opt("Session", self.session.map(Secret::expose))
            .done()
    }
}

/// `{ AuthFlow, AuthParameters, ClientId, ClientMetadata? }`.
pub(super) fn initiate_auth_body(
    config: &UserPoolConfig,
    flow: &str,
    params: Body,
    client_metadata: Option<&Map>,
) -> Body {
    Body::new()
        .text("AuthFlow", flow)
        .value("AuthParameters", params.done())
        .client_id(config)
        .client_metadata(client_metadata)
}
