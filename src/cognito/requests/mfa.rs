//! Authenticator-app (TOTP) setup and MFA preferences. TOTP setup runs either for the
//! signed-in user (its access token) or inside a sign-in's `MFA_SETUP` challenge (the
//! challenge's `Session`).

use crate::json::{Json, Map};
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::{Body, UserPoolRequest};

/// Who sets up the authenticator app.
#[derive(Debug, Clone, Copy)]
pub enum TotpSetupFor<'a> {
    /// The signed-in user: `AccessToken`.
    User(&'a Secret),
    /// A sign-in's `MFA_SETUP` challenge: its `Session`, when it has one.
    SignIn(Option<&'a Secret>),
}

impl TotpSetupFor<'_> {
    fn add_to(self, body: Body) -> Body {
        match self {
            TotpSetupFor::User(token) => body.access_token(token),
            TotpSetupFor::SignIn(session) => body.text_opt("Session", session.map(Secret::expose)),
        }
    }
}

/// `AssociateSoftwareToken`: the secret for the authenticator app.
#[derive(Debug)]
pub struct AssociateSoftwareToken<'a> {
    /// The user or the sign-in.
    pub owner: TotpSetupFor<'a>,
}

impl UserPoolRequest for AssociateSoftwareToken<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::AssociateSoftwareToken
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        self.owner.add_to(Body::new()).done()
    }
}

/// `VerifySoftwareToken`: the app's first code.
#[derive(Debug)]
pub struct VerifySoftwareToken<'a> {
    /// The user or the sign-in.
    pub owner: TotpSetupFor<'a>,
    /// `UserCode`.
    pub user_code: &'a str,
    /// `FriendlyDeviceName`.
    pub friendly_device_name: Option<&'a str>,
}

impl UserPoolRequest for VerifySoftwareToken<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::VerifySoftwareToken
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        self.owner
            .add_to(Body::new())
            .text("UserCode", self.user_code)
            .text_opt("FriendlyDeviceName", self.friendly_device_name)
            .done()
    }
}

/// One factor's `MFAOptionType`-style setting: `{ Enabled, PreferredMfa? }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MfaSetting {
    /// `Enabled`.
    pub enabled: bool,
    /// `PreferredMfa`, when it is set either way.
    pub preferred: Option<bool>,
}

impl MfaSetting {
    fn to_json(self) -> Json {
        let mut map = Map::new();
        map.insert("Enabled".into(), Json::Bool(self.enabled));
        if let Some(preferred) = self.preferred {
            map.insert("PreferredMfa".into(), Json::Bool(preferred));
        }
        Json::Object(map)
    }
}

/// `SetUserMFAPreference`: each factor's setting, the ones not given left as they are.
#[derive(Debug)]
pub struct SetUserMfaPreference<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `SMSMfaSettings`.
    pub sms: Option<MfaSetting>,
    /// `SoftwareTokenMfaSettings`.
    pub totp: Option<MfaSetting>,
    /// `EmailMfaSettings`.
    pub email: Option<MfaSetting>,
}

impl UserPoolRequest for SetUserMfaPreference<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::SetUserMfaPreference
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .value_opt("SMSMfaSettings", self.sms.map(MfaSetting::to_json))
            .value_opt(
                "SoftwareTokenMfaSettings",
                self.totp.map(MfaSetting::to_json),
            )
            .value_opt("EmailMfaSettings", self.email.map(MfaSetting::to_json))
            .done()
    }
}
