//! User pool API requests (`AWSCognitoIdentityProviderService.<Op>`) and their responses.

use crate::json::{Json, Map};
use crate::map::VecMap;

use super::{HttpRequest, ResponseError};
use crate::session::{Jwt, Secret};

/// The `x-amz-user-agent` this library sends.
pub const USER_AGENT: &str = concat!("cognito-headless/", env!("CARGO_PKG_VERSION"));

/// The user pool operations this crate calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserPoolOp {
    /// Starts a sign-in or refreshes tokens.
    InitiateAuth,
    /// Answers a challenge.
    RespondToAuthChallenge,
    /// Revokes a refresh token.
    RevokeToken,
    /// Signs out everywhere.
    GlobalSignOut,
    /// Refreshes tokens with refresh-token rotation.
    GetTokensFromRefreshToken,
    /// Starts TOTP setup.
    AssociateSoftwareToken,
    /// Checks the first TOTP code.
    VerifySoftwareToken,
    /// Registers a new device's verifier.
    ConfirmDevice,
    /// `StartWebAuthnRegistration`.
    StartWebAuthnRegistration,
    /// `CompleteWebAuthnRegistration`.
    CompleteWebAuthnRegistration,
    /// `ListWebAuthnCredentials`.
    ListWebAuthnCredentials,
    /// `DeleteWebAuthnCredential`.
    DeleteWebAuthnCredential,

    /// `SignUp`.
    SignUp,
    /// `ConfirmSignUp`.
    ConfirmSignUp,
    /// `ResendConfirmationCode`.
    ResendConfirmationCode,
    /// `ForgotPassword`.
    ForgotPassword,
    /// `ConfirmForgotPassword`.
    ConfirmForgotPassword,
    /// `ChangePassword`.
    ChangePassword,
    /// `SetUserMFAPreference`.
    SetUserMfaPreference,
    /// `GetUser`.
    GetUser,
    /// `UpdateUserAttributes`.
    UpdateUserAttributes,
    /// `VerifyUserAttribute`.
    VerifyUserAttribute,
    /// `GetUserAttributeVerificationCode`.
    GetUserAttributeVerificationCode,
    /// `DeleteUserAttributes`.
    DeleteUserAttributes,
    /// `ListDevices`.
    ListDevices,
    /// `UpdateDeviceStatus`.
    UpdateDeviceStatus,
    /// `ForgetDevice`.
    ForgetDevice,
    /// `DeleteUser`.
    DeleteUser,
}

impl UserPoolOp {
    /// The operation name used in `x-amz-target`.
    pub fn name(self) -> &'static str {
        match self {
            UserPoolOp::InitiateAuth => "InitiateAuth",
            UserPoolOp::RespondToAuthChallenge => "RespondToAuthChallenge",
            UserPoolOp::RevokeToken => "RevokeToken",
            UserPoolOp::GlobalSignOut => "GlobalSignOut",
            UserPoolOp::GetTokensFromRefreshToken => "GetTokensFromRefreshToken",
            UserPoolOp::AssociateSoftwareToken => "AssociateSoftwareToken",
            UserPoolOp::VerifySoftwareToken => "VerifySoftwareToken",
            UserPoolOp::ConfirmDevice => "ConfirmDevice",
            UserPoolOp::StartWebAuthnRegistration => "StartWebAuthnRegistration",
            UserPoolOp::CompleteWebAuthnRegistration => "CompleteWebAuthnRegistration",
            UserPoolOp::ListWebAuthnCredentials => "ListWebAuthnCredentials",
            UserPoolOp::DeleteWebAuthnCredential => "DeleteWebAuthnCredential",
            UserPoolOp::SignUp => "SignUp",
            UserPoolOp::ConfirmSignUp => "ConfirmSignUp",
            UserPoolOp::ResendConfirmationCode => "ResendConfirmationCode",
            UserPoolOp::ForgotPassword => "ForgotPassword",
            UserPoolOp::ConfirmForgotPassword => "ConfirmForgotPassword",
            UserPoolOp::ChangePassword => "ChangePassword",
            UserPoolOp::SetUserMfaPreference => "SetUserMFAPreference",
            UserPoolOp::GetUser => "GetUser",
            UserPoolOp::UpdateUserAttributes => "UpdateUserAttributes",
            UserPoolOp::VerifyUserAttribute => "VerifyUserAttribute",
            UserPoolOp::GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode",
            UserPoolOp::DeleteUserAttributes => "DeleteUserAttributes",
            UserPoolOp::ListDevices => "ListDevices",
            UserPoolOp::UpdateDeviceStatus => "UpdateDeviceStatus",
            UserPoolOp::ForgetDevice => "ForgetDevice",
            UserPoolOp::DeleteUser => "DeleteUser",
        }
    }
}

impl UserPoolOp {
    /// Whether repeating the call after a lost answer is harmless (reads, idempotent
    /// writes, and `InitiateAuth`, which only starts a flow).
    pub fn is_retry_safe(self) -> bool {
        matches!(
            self,
            UserPoolOp::InitiateAuth
                | UserPoolOp::RevokeToken
                | UserPoolOp::GlobalSignOut
                | UserPoolOp::GetUser
                | UserPoolOp::ListDevices
                | UserPoolOp::UpdateDeviceStatus
                | UserPoolOp::ForgetDevice
                | UserPoolOp::SetUserMfaPreference
                | UserPoolOp::UpdateUserAttributes
                | UserPoolOp::DeleteUserAttributes
                | UserPoolOp::ForgotPassword
                | UserPoolOp::ResendConfirmationCode
                | UserPoolOp::GetUserAttributeVerificationCode
                | UserPoolOp::ListWebAuthnCredentials
                | UserPoolOp::DeleteWebAuthnCredential
        )
    }
}

/// Builds the unsigned `POST /` every user pool call is.
pub fn request(url: &str, op: UserPoolOp, body: &Json) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: url.to_owned(),
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            (
                "x-amz-target".into(),
                format!("AWSCognitoIdentityProviderService.{}", op.name()),
            ),
            ("x-amz-user-agent".into(), USER_AGENT.into()),
            ("cache-control".into(), "no-store".into()),
        ],
        body: Secret::new(body.to_string()),
    }
}

/// A challenge Cognito asks the client to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    /// `ChallengeName`.
    pub name: super::ChallengeName,
    /// `ChallengeParameters`, values as strings (non-string values are kept as JSON text).
    pub parameters: VecMap<String, String>,
    /// `Session`, to send back with the answer. Secret-ish: redacted in `Debug`.
    pub session: Option<Secret>,
    /// `AvailableChallenges` (choice-based sign-in's first factors).
    pub available_challenges: Vec<super::AuthFactor>,
}

impl Challenge {
    /// A list parameter (`MFAS_CAN_SETUP`, `MFAS_CAN_CHOOSE`, `requiredAttributes`): a
    /// JSON-encoded array (the service) or a JSON array (the local Cognito, which this
    /// crate's parser turns into its JSON text), or a comma-separated string.
    pub fn list_parameter(&self, name: &str) -> Vec<String> {
        let Some(raw) = self.parameters.get(name) else {
            return Vec::new();
        };
        match crate::json::parse(raw) {
            Ok(list @ Json::Array(_)) => list.string_items(),
            // Not JSON: `A,B`, or the local Cognito's Python text `['A', 'B']`.
            _ => raw
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    /// A parameter holding JSON text (`CREDENTIAL_REQUEST_OPTIONS`), parsed; `None` when
    /// absent or not JSON.
    pub fn json_parameter(&self, name: &str) -> Option<Json> {
        self.parameters
            .get(name)
            .and_then(|text| crate::json::parse(text).ok())
    }
}

/// `NewDeviceMetadata` from an authentication result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeviceMetadata {
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
}

/// `AuthenticationResult`: the tokens of a completed sign-in or refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthenticationResult {
    /// The access token.
    pub access: Jwt,
    /// The id token.
    pub id: Option<Jwt>,
    /// The refresh token (absent on refresh without rotation).
    pub refresh: Option<Secret>,
    /// A new device to confirm.
    pub new_device: Option<NewDeviceMetadata>,
}

/// What `InitiateAuth` / `RespondToAuthChallenge` answered.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthResponse {
    /// Signed in.
    Authenticated(AuthenticationResult),
    /// Another step is needed.
    Challenge(Challenge),
}

fn str_field<'a>(obj: &'a Map, name: &str) -> Option<&'a str> {
    obj.get(name)
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
}

/// Parses the body of `InitiateAuth` / `RespondToAuthChallenge`.
pub fn parse_auth_response(
    operation: &'static str,
    body: &Map,
) -> Result<AuthResponse, ResponseError> {
    let malformed = |detail| ResponseError::Malformed { operation, detail };
    if let Some(result) = body.get("AuthenticationResult").filter(|v| !v.is_null()) {
        let result = result
            .as_object()
            .ok_or(malformed("AuthenticationResult is not an object"))?;
        let access = str_field(result, "AccessToken").ok_or(malformed("AccessToken missing"))?;
        let access = Jwt::parse(access).map_err(|_| malformed("AccessToken is not a JWT"))?;
        let id = match str_field(result, "IdToken") {
            Some(id) => Some(Jwt::parse(id).map_err(|_| malformed("IdToken is not a JWT"))?),
            None => None,
        };
        let refresh = str_field(result, "RefreshToken").map(Secret::new);
        let new_device = result
            .get("NewDeviceMetadata")
            .and_then(Json::as_object)
            .and_then(|m| {
                Some(NewDeviceMetadata {
                    device_key: str_field(m, "DeviceKey")?.to_owned(),
                    device_group_key: str_field(m, "DeviceGroupKey")?.to_owned(),
                })
            });
        return Ok(AuthResponse::Authenticated(AuthenticationResult {
            access,
            id,
            refresh,
            new_device,
        }));
    }
    let name = str_field(body, "ChallengeName")
        .ok_or(malformed("neither AuthenticationResult nor ChallengeName"))?;
    let parameters = match body.get("ChallengeParameters") {
        None | Some(Json::Null) => VecMap::new(),
        Some(Json::Object(params)) => {
            // A plain loop and `to_text` (not `to_string` through `Display`): less code
            // in the wasm module, the same text.
            let mut texts = VecMap::new();
            for (k, v) in params.iter() {
                let v = match v {
                    Json::String(s) => s.clone(),
                    other => other.to_text(),
                };
                texts.insert(k.clone(), v);
            }
            texts
        }
        Some(_) => return Err(malformed("ChallengeParameters is not an object")),
    };
    let available_challenges = body
        .get("AvailableChallenges")
        .and_then(Json::as_array)
        .map(|a| {
            let mut factors = Vec::new();
            for item in a {
                if let Some(factor) = item.as_str().and_then(|f| f.parse().ok()) {
                    factors.push(factor);
                }
            }
            factors
        })
        .unwrap_or_default();
    Ok(AuthResponse::Challenge(Challenge {
        name: name
            .parse()
            .map_err(|_| malformed("ChallengeName is not a word"))?,
        parameters,
        session: str_field(body, "Session").map(Secret::new),
        available_challenges,
    }))
}
