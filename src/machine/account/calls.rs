//! Each account call's request (operation and body, exactly as Amplify sends it) and how
//! its answer becomes Amplify's result shape.

use crate::json::{json, Json, Map};
use crate::map::VecMap;

use crate::cognito::{UserPoolConfig, UserPoolOp};
use crate::machine::{AuthError, Command};

/// What one account call sends.
pub(super) struct Request {
    pub(super) op: UserPoolOp,
    pub(super) body: Json,
}

pub(super) fn attribute_list(attrs: &VecMap<String, String>) -> Json {
    Json::Array(
        attrs
            .iter()
            .map(|(k, v)| json!({"Name": k, "Value": v}))
            .collect(),
    )
}

pub(super) fn insert_opt(body: &mut Json, key: &str, value: Option<Json>) {
    if let (Some(obj), Some(value)) = (body.as_object_mut(), value) {
        obj.insert(key.to_owned(), value);
    }
}

pub(super) fn secret_hash(config: &UserPoolConfig, username: &str) -> Option<Json> {
    config.user_pool_client_secret.as_ref().map(|secret| {
        Json::String(crate::srp::secret_hash(
            secret.expose(),
            username,
            &config.user_pool_client_id,
        ))
    })
}

pub(super) fn meta(m: &Option<Map>) -> Option<Json> {
    m.clone().map(Json::Object)
}

/// True for the calls that need a signed-in user's access token.
pub(super) fn needs_token(call: &Command) -> bool {
    !matches!(
        call,
        Command::SignUp { .. }
            | Command::ConfirmSignUp { .. }
            | Command::ResendSignUpCode { .. }
            | Command::ResetPassword { .. }
            | Command::ConfirmResetPassword { .. }
    )
}

fn empty(name: &'static str, message: &'static str) -> AuthError {
    AuthError::Validation { name, message }
}

/// Checks the input before any request, with Amplify's validation error names.
pub(super) fn validate(call: &Command) -> Result<(), AuthError> {
    let blank = |s: &str| s.trim().is_empty();
    match call {
        Command::SignUp { username, .. } if blank(username) => Err(empty(
            "EmptySignUpUsername",
            "username is required to signUp",
        )),
        Command::ConfirmSignUp { username, .. } if blank(username) => Err(empty(
            "EmptyConfirmSignUpUsername",
            "username is required to confirmSignUp",
        )),
        Command::ConfirmSignUp {
            confirmation_code, ..
        } if blank(confirmation_code) => Err(empty(
            "EmptyConfirmSignUpCode",
            "code is required to confirmSignUp",
        )),
        Command::ResendSignUpCode { username, .. } if blank(username) => Err(empty(
            "EmptySignUpUsername",
            "username is required to resendSignUpCode",
        )),
        Command::ResetPassword { username, .. } if blank(username) => Err(empty(
            "EmptyResetPasswordUsername",
            "username is required to resetPassword",
        )),
        Command::ConfirmResetPassword { username, .. } if blank(username) => Err(empty(
            "EmptyConfirmResetPasswordUsername",
            "username is required to confirmResetPassword",
        )),
        Command::ConfirmResetPassword { new_password, .. } if new_password.is_empty() => {
            Err(empty(
                "EmptyConfirmResetPasswordNewPassword",
                "newPassword is required to confirmResetPassword",
            ))
        }
        Command::ConfirmResetPassword {
            confirmation_code, ..
        } if blank(confirmation_code) => Err(empty(
            "EmptyConfirmResetPasswordConfirmationCode",
            "confirmationCode is required to confirmResetPassword",
        )),
        Command::UpdatePassword { new_password, .. } if new_password.is_empty() => Err(empty(
            "EmptyUpdatePassword",
            "newPassword is required to updatePassword",
        )),
        Command::VerifyTotpSetup { code, .. } if blank(code) => Err(empty(
            "EmptyVerifyTOTPSetupCode",
            "code is required to verifyTOTPSetup",
        )),
        Command::ConfirmUserAttribute {
            confirmation_code, ..
        } if blank(confirmation_code) => Err(empty(
            "EmptyConfirmUserAttributeCode",
            "confirmationCode is required to confirmUserAttribute",
        )),
        Command::ConfirmUserAttribute {
            user_attribute_key, ..
        }
        | Command::SendUserAttributeVerificationCode {
            user_attribute_key, ..
        } if blank(user_attribute_key) => Err(empty(
            "EmptyUserAttributeKey",
            "userAttributeKey is required",
        )),
        _ => Ok(()),
    }
}

/// What a call's request is built from.
pub(super) struct RequestContext<'a> {
    pub(super) config: &'a UserPoolConfig,
    /// The access token (empty for the calls that need none).
    pub(super) token: String,
    /// This device's key (for `rememberDevice` / `forgetDevice()`).
    pub(super) device_key: Option<&'a str>,
    /// The next page's token, when following pages.
    pub(super) page_token: Option<&'a str>,
}

impl RequestContext<'_> {
    pub(super) fn client_id(&self) -> &str {
        &self.config.user_pool_client_id
    }
}

/// A request for `op` with `body`.
pub(super) fn request(op: UserPoolOp, body: Json) -> Result<Request, AuthError> {
    Ok(Request { op, body })
}

/// The request for `call` (each group of calls builds its own, next to its answers).
pub(super) fn request_for(c: &RequestContext, call: &Command) -> Result<Request, AuthError> {
    super::sign_up::build(c, call)
        .or_else(|| super::profile::build(c, call))
        .or_else(|| super::lists::build(c, call))
        .unwrap_or(Err(AuthError::Validation {
            name: "InvalidCommand",
            message: "not an account call",
        }))
}

/// Amplify's `codeDeliveryDetails` from Cognito's `CodeDeliveryDetails`.
pub(super) fn delivery(details: Option<&Json>) -> Json {
    let d = details.cloned().unwrap_or(Json::Null);
    let mut out = Map::new();
    for (from, to) in [
        ("Destination", "destination"),
        ("DeliveryMedium", "deliveryMedium"),
        ("AttributeName", "attributeName"),
    ] {
        if let Some(v) = d.get(from).filter(|v| !v.is_null()) {
            out.insert(to.into(), v.clone());
        }
    }
    Json::Object(out)
}
