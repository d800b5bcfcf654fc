//! Each account call's request (operation and body, exactly as Amplify sends it) and how
//! its answer becomes Amplify's result shape.

use crate::json::{Json, Map};

use crate::cognito::{CodeDeliveryDetails, UserPoolConfig, UserPoolOp, UserPoolRequest};
use crate::machine::{AuthError, Command};
use crate::session::Secret;

/// What one account call sends.
pub(super) struct Request {
    pub(super) op: UserPoolOp,
    pub(super) body: Json,
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
    pub(super) token: &'a Secret,
    /// This device's key (for `rememberDevice` / `forgetDevice()`).
    pub(super) device_key: Option<&'a str>,
    /// The next page's token, when following pages.
    pub(super) page_token: Option<&'a str>,
}

impl RequestContext<'_> {
    /// The operation and body of a typed request.
    pub(super) fn request(&self, typed: &impl UserPoolRequest) -> Result<Request, AuthError> {
        Ok(Request {
            op: typed.op(),
            body: typed.body(self.config),
        })
    }

    /// Where the page starts: the page being followed, else the caller's `nextToken`.
    pub(super) fn page_start<'b>(&'b self, next_token: &'b Option<String>) -> Option<&'b str> {
        self.page_token.or(next_token.as_deref())
    }
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
pub(super) fn delivery(details: &CodeDeliveryDetails) -> Json {
    let mut out = Map::new();
    for (value, to) in [
        (&details.destination, "destination"),
        (&details.delivery_medium, "deliveryMedium"),
        (&details.attribute_name, "attributeName"),
    ] {
        if let Some(v) = value {
            out.insert(to.into(), Json::String(v.clone()));
        }
    }
    Json::Object(out)
}
