//! Typed answers of the user pool operations the machine reads more than a status from:
//! each parser takes the response's JSON object and keeps what the operation documents,
//! leniently (a member of the wrong type reads as absent) unless the answer is unusable
//! without it.

mod lists;

use crate::json::{Json, Map};
use crate::session::Secret;

use super::ResponseError;

pub use lists::{Device, DevicesPage, WebAuthnCredential, WebAuthnCredentialsPage};

/// The string member `key`.
fn text(obj: &Map, key: &str) -> Option<String> {
    obj.get(key).and_then(Json::as_str).map(str::to_owned)
}

/// The string member `key`, when not empty.
fn non_empty(obj: &Map, key: &str) -> Option<String> {
    text(obj, key).filter(|s| !s.is_empty())
}

// Plain loops below, not iterator chains: each chain is its own copy of the adapters in
// the wasm module, and these parsers are many.

/// The items of the array member `key` (none when it is not an array).
fn items<'a>(obj: &'a Map, key: &str) -> &'a [Json] {
    match obj.get(key) {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

/// The string items of the array member `key`.
fn strings(obj: &Map, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in items(obj, key) {
        if let Some(s) = item.as_str() {
            out.push(s.to_owned());
        }
    }
    out
}

/// `[{ Name, Value }]` (`AttributeType`) as pairs; items without both are skipped.
fn name_values(obj: &Map, key: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in items(obj, key) {
        if let Some(pair) = item
            .as_object()
            .and_then(|a| Some((text(a, "Name")?, text(a, "Value")?)))
        {
            out.push(pair);
        }
    }
    out
}

/// Each object item of the array member `key`, parsed.
fn parse_objects<T>(obj: &Map, key: &str, parse: fn(&Map) -> T) -> Vec<T> {
    let mut out = Vec::new();
    for item in items(obj, key) {
        if let Some(o) = item.as_object() {
            out.push(parse(o));
        }
    }
    out
}

/// `CodeDeliveryDetailsType`: where a code was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeDeliveryDetails {
    /// `Destination` (masked).
    pub destination: Option<String>,
    /// `DeliveryMedium`: `SMS` or `EMAIL`.
    pub delivery_medium: Option<String>,
    /// `AttributeName`.
    pub attribute_name: Option<String>,
}

impl CodeDeliveryDetails {
    /// Reads a `CodeDeliveryDetailsType` object (anything else reads as empty).
    pub fn parse(value: Option<&Json>) -> Self {
        value
            .and_then(Json::as_object)
            .map(Self::from_object)
            .unwrap_or_default()
    }

    fn from_object(obj: &Map) -> Self {
        CodeDeliveryDetails {
            destination: text(obj, "Destination"),
            delivery_medium: text(obj, "DeliveryMedium"),
            attribute_name: text(obj, "AttributeName"),
        }
    }

    /// The body's `CodeDeliveryDetails` (`ResendConfirmationCode`, `ForgotPassword`,
    /// `GetUserAttributeVerificationCode`).
    pub fn of(body: &Map) -> Self {
        Self::parse(body.get("CodeDeliveryDetails"))
    }
}

/// `SignUp`'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SignUpResponse {
    /// `UserConfirmed`.
    pub user_confirmed: bool,
    /// `UserSub`.
    pub user_sub: Option<String>,
    /// `Session`, for signing in after confirmation without the password.
    pub session: Option<Secret>,
    /// `CodeDeliveryDetails`.
    pub code_delivery: CodeDeliveryDetails,
}

impl SignUpResponse {
    /// Parses the body.
    pub fn parse(body: &Map) -> Self {
        SignUpResponse {
            user_confirmed: body
                .get("UserConfirmed")
                .and_then(Json::as_bool)
                .unwrap_or(false),
            user_sub: text(body, "UserSub"),
            session: text(body, "Session").map(Secret::new),
            code_delivery: CodeDeliveryDetails::of(body),
        }
    }
}

/// `ConfirmSignUp`'s `Session` (for the sign-in that follows).
pub fn confirm_sign_up_session(body: &Map) -> Option<Secret> {
    text(body, "Session").map(Secret::new)
}

/// `AssociateSoftwareToken`'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AssociateSoftwareTokenResponse {
    /// `SecretCode`: the base32 secret the user adds to the authenticator app.
    pub secret_code: String,
    /// `Session` (within a sign-in).
    pub session: Option<Secret>,
}

impl AssociateSoftwareTokenResponse {
    /// Parses the body; `SecretCode` is required.
    pub fn parse(body: &Map) -> Result<Self, ResponseError> {
        let secret_code = non_empty(body, "SecretCode").ok_or(ResponseError::Malformed {
            operation: "AssociateSoftwareToken",
            detail: "SecretCode missing",
        })?;
        Ok(AssociateSoftwareTokenResponse {
            secret_code,
            session: non_empty(body, "Session").map(Secret::new),
        })
    }
}

/// `VerifySoftwareToken`'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifySoftwareTokenResponse {
    /// `Status` is `SUCCESS`.
    pub succeeded: bool,
    /// `Session` (within a sign-in).
    pub session: Option<Secret>,
}

impl VerifySoftwareTokenResponse {
    /// Parses the body; `Status` is required.
    pub fn parse(body: &Map) -> Result<Self, ResponseError> {
        let status = text(body, "Status").ok_or(ResponseError::Malformed {
            operation: "VerifySoftwareToken",
            detail: "Status missing",
        })?;
        Ok(VerifySoftwareTokenResponse {
            succeeded: status == "SUCCESS",
            session: non_empty(body, "Session").map(Secret::new),
        })
    }
}

/// `GetUser`'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct GetUserResponse {
    /// `UserAttributes` as name and value (`None` when the member is missing).
    pub user_attributes: Option<Vec<(String, String)>>,
    /// `UserMFASettingList`: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
    pub mfa_settings: Vec<String>,
    /// `PreferredMfaSetting`.
    pub preferred_mfa: Option<String>,
}

impl GetUserResponse {
    /// Parses the body.
    pub fn parse(body: &Map) -> Self {
        let user_attributes = body
            .get("UserAttributes")
            .and_then(Json::as_array)
            .map(|list| {
                let mut pairs = Vec::new();
                for item in list {
                    let Some(a) = item.as_object() else { continue };
                    if let (Some(name), Some(value)) = (text(a, "Name"), text(a, "Value")) {
                        pairs.push((name, value));
                    }
                }
                pairs
            });
        let mfa_settings = body
            .get("UserMFASettingList")
            .map(Json::string_items)
            .unwrap_or_default();
        GetUserResponse {
            user_attributes,
            mfa_settings,
            preferred_mfa: text(body, "PreferredMfaSetting"),
        }
    }

    /// The attributes, which `fetchUserAttributes` needs.
    pub fn attributes(&self) -> Result<&[(String, String)], ResponseError> {
        self.user_attributes
            .as_deref()
            .ok_or(ResponseError::Malformed {
                operation: "GetUser",
                detail: "UserAttributes missing",
            })
    }
}

/// `UpdateUserAttributes`' `CodeDeliveryDetailsList`: the attributes that wait for a code.
pub fn pending_attribute_codes(body: &Map) -> Vec<CodeDeliveryDetails> {
    parse_objects(
        body,
        "CodeDeliveryDetailsList",
        CodeDeliveryDetails::from_object,
    )
}

/// `StartWebAuthnRegistration`'s `CredentialCreationOptions`, for
/// `navigator.credentials.create` (required).
pub fn credential_creation_options(body: &Map) -> Result<Json, ResponseError> {
    body.get("CredentialCreationOptions")
        .filter(|o| o.is_object())
        .cloned()
        .ok_or(ResponseError::Malformed {
            operation: "StartWebAuthnRegistration",
            detail: "CredentialCreationOptions missing",
        })
}

#[cfg(test)]
mod tests;
