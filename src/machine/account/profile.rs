//! Passwords, MFA and TOTP, user attributes: requests and answers.

use super::calls::{
    attribute_list, delivery, insert_opt, meta, request, secret_hash, Request, RequestContext,
};
use crate::cognito::UserPoolOp;
use crate::json::{json, Json, Map};
use crate::machine::MfaPreference;
use crate::machine::{AuthError, Command, Output};
use crate::map::VecMap;

/// The request for `call`, if it is one of this group's (passwords first).
pub(super) fn build(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    Some(match call {
        Command::ResetPassword { username, options } => {
            let mut body = json!({"Username": username, "ClientId": c.client_id()});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(c.config, username));
            request(UserPoolOp::ForgotPassword, body)
        }
        Command::ConfirmResetPassword {
            username,
            new_password,
            confirmation_code,
            options,
        } => {
            let mut body = json!({"Username": username, "ConfirmationCode": confirmation_code.trim(),
                "Password": new_password.expose(), "ClientId": c.client_id()});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(c.config, username));
            request(UserPoolOp::ConfirmForgotPassword, body)
        }
        Command::UpdatePassword {
            old_password,
            new_password,
        } => request(
            UserPoolOp::ChangePassword,
            json!({"AccessToken": c.token, "PreviousPassword": old_password.expose(),
                   "ProposedPassword": new_password.expose()}),
        ),
        _ => return attributes_or_mfa(c, call),
    })
}

/// The requests of `setUpTOTP`, `verifyTOTPSetup`, MFA preferences and user attributes.
fn attributes_or_mfa(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    Some(match call {
        Command::SetUpTotp => request(
            UserPoolOp::AssociateSoftwareToken,
            json!({"AccessToken": c.token}),
        ),
        Command::VerifyTotpSetup { code, options } => {
            let mut body = json!({"AccessToken": c.token, "UserCode": code.trim()});
            insert_opt(
                &mut body,
                "FriendlyDeviceName",
                options.friendly_device_name.clone().map(Json::String),
            );
            request(UserPoolOp::VerifySoftwareToken, body)
        }
        Command::UpdateMfaPreference { sms, totp, email } => {
            let mut body = json!({"AccessToken": c.token});
            insert_opt(&mut body, "SMSMfaSettings", mfa_settings(*sms));
            insert_opt(&mut body, "SoftwareTokenMfaSettings", mfa_settings(*totp));
            insert_opt(&mut body, "EmailMfaSettings", mfa_settings(*email));
            request(UserPoolOp::SetUserMfaPreference, body)
        }
        Command::FetchMfaPreference | Command::FetchUserAttributes => {
            request(UserPoolOp::GetUser, json!({"AccessToken": c.token}))
        }
        Command::UpdateUserAttributes {
            user_attributes,
            options,
        } => {
            let mut body = json!({"AccessToken": c.token,
                "UserAttributes": attribute_list(user_attributes)});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            request(UserPoolOp::UpdateUserAttributes, body)
        }
        Command::ConfirmUserAttribute {
            user_attribute_key,
            confirmation_code,
        } => request(
            UserPoolOp::VerifyUserAttribute,
            json!({"AccessToken": c.token, "AttributeName": user_attribute_key,
                   "Code": confirmation_code.trim()}),
        ),
        Command::SendUserAttributeVerificationCode {
            user_attribute_key,
            options,
        } => {
            let mut body = json!({"AccessToken": c.token, "AttributeName": user_attribute_key});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            request(UserPoolOp::GetUserAttributeVerificationCode, body)
        }
        Command::DeleteUserAttributes {
            user_attribute_keys,
        } => request(
            UserPoolOp::DeleteUserAttributes,
            json!({"AccessToken": c.token, "UserAttributeNames": user_attribute_keys}),
        ),
        _ => return None,
    })
}

fn mfa_settings(p: Option<MfaPreference>) -> Option<Json> {
    p.map(|p| match p {
        MfaPreference::Enabled => json!({"Enabled": true}),
        MfaPreference::Disabled => json!({"Enabled": false}),
        MfaPreference::Preferred => json!({"Enabled": true, "PreferredMfa": true}),
        MfaPreference::NotPreferred => json!({"Enabled": true, "PreferredMfa": false}),
    })
}

fn mfa_name(cognito: &str) -> Option<&'static str> {
    crate::cognito::MfaType::from_cognito(cognito).map(|m| m.as_str())
}

/// `GetUser` → `fetchMFAPreference`'s `{ enabled, preferred }`.
fn mfa_preference(body: &Map) -> Json {
    let enabled: Vec<&str> = body
        .get("UserMFASettingList")
        .and_then(Json::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Json::as_str)
                .filter_map(mfa_name)
                .collect()
        })
        .unwrap_or_default();
    let mut out = Map::new();
    if !enabled.is_empty() {
        out.insert("enabled".into(), json!(enabled));
    }
    if let Some(p) = body
        .get("PreferredMfaSetting")
        .and_then(Json::as_str)
        .and_then(mfa_name)
    {
        out.insert("preferred".into(), json!(p));
    }
    Json::Object(out)
}

/// `GetUser` → `fetchUserAttributes`'s `{ name: value }`.
fn user_attributes(body: &Map) -> Result<Json, AuthError> {
    let list = body.get("UserAttributes").and_then(Json::as_array).ok_or(
        AuthError::MalformedResponse {
            operation: "GetUser",
            detail: "UserAttributes missing",
        },
    )?;
    let mut out = Map::new();
    for attr in list {
        if let (Some(name), Some(value)) = (
            attr.get("Name").and_then(Json::as_str),
            attr.get("Value").and_then(Json::as_str),
        ) {
            out.insert(name.to_owned(), Json::String(value.to_owned()));
        }
    }
    Ok(Json::Object(out))
}

/// `UpdateUserAttributes` → per attribute `{ isUpdated, nextStep }`.
fn update_attributes(names: &VecMap<String, String>, body: &Map) -> Json {
    let pending: VecMap<String, &Json> = body
        .get("CodeDeliveryDetailsList")
        .and_then(Json::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|d| Some((d.get("AttributeName")?.as_str()?.to_owned(), d)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Map::new();
    for name in names.keys() {
        let v = match pending.get(name) {
            Some(details) => json!({"isUpdated": false, "nextStep": {
                "updateAttributeStep": "CONFIRM_ATTRIBUTE_WITH_CODE",
                "codeDeliveryDetails": delivery(Some(details))}}),
            None => json!({"isUpdated": true, "nextStep": {"updateAttributeStep": "DONE"}}),
        };
        out.insert(name.clone(), v);
    }
    Json::Object(out)
}

/// The answer to a call of this group (and of any call whose answer is only "done").
pub(super) fn answer(call: &Command, body: &Map) -> Result<Output, AuthError> {
    let value = |v: Json| Ok(Output::Value(v));
    match call {
        Command::ResendSignUpCode { .. } | Command::SendUserAttributeVerificationCode { .. } => {
            value(delivery(body.get("CodeDeliveryDetails")))
        }
        Command::ResetPassword { .. } => value(json!({"isPasswordReset": false, "nextStep": {
            "resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE",
            "codeDeliveryDetails": delivery(body.get("CodeDeliveryDetails"))}})),
        Command::SetUpTotp => match body.get("SecretCode").and_then(Json::as_str) {
            Some(secret) if !secret.is_empty() => value(json!({"sharedSecret": secret})),
            _ => Err(AuthError::MalformedResponse {
                operation: "AssociateSoftwareToken",
                detail: "SecretCode missing",
            }),
        },
        Command::FetchMfaPreference => value(mfa_preference(body)),
        Command::FetchUserAttributes => user_attributes(body).map(Output::Value),
        Command::UpdateUserAttributes {
            user_attributes, ..
        } => value(update_attributes(user_attributes, body)),
        _ => Ok(Output::Done),
    }
}
