//! Passwords, MFA and TOTP, user attributes: requests and answers.

use super::calls::{delivery, Request, RequestContext};
use crate::cognito::{
    self, AssociateSoftwareTokenResponse, CodeDeliveryDetails, GetUserResponse, MfaSetting,
    TotpSetupFor,
};
use crate::json::{json, Json, Map};
use crate::machine::MfaPreference;
use crate::machine::{AuthError, Command, Output};
use crate::map::VecMap;

/// The request for `call`, if it is one of this group's (passwords first).
pub(super) fn build(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    Some(match call {
        Command::ResetPassword { username, options } => c.request(&cognito::ForgotPassword {
            username,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::ConfirmResetPassword {
            username,
            new_password,
            confirmation_code,
            options,
        } => c.request(&cognito::ConfirmForgotPassword {
            username,
            confirmation_code: confirmation_code.trim(),
            password: new_password,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::UpdatePassword {
            old_password,
            new_password,
        } => c.request(&cognito::ChangePassword {
            access_token: c.token,
            previous_password: old_password,
            proposed_password: new_password,
        }),
        _ => return attributes_or_mfa(c, call),
    })
}

/// The requests of `setUpTOTP`, `verifyTOTPSetup`, MFA preferences and user attributes.
fn attributes_or_mfa(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    let access_token = c.token;
    Some(match call {
        Command::SetUpTotp => c.request(&cognito::AssociateSoftwareToken {
            owner: TotpSetupFor::User(access_token),
        }),
        Command::VerifyTotpSetup { code, options } => c.request(&cognito::VerifySoftwareToken {
            owner: TotpSetupFor::User(access_token),
            user_code: code.trim(),
            friendly_device_name: options.friendly_device_name.as_deref(),
        }),
        Command::UpdateMfaPreference { sms, totp, email } => {
            c.request(&cognito::SetUserMfaPreference {
                access_token,
                sms: sms.map(mfa_setting),
                totp: totp.map(mfa_setting),
                email: email.map(mfa_setting),
            })
        }
        Command::FetchMfaPreference | Command::FetchUserAttributes => {
            c.request(&cognito::GetUser { access_token })
        }
        Command::UpdateUserAttributes {
            user_attributes,
            options,
        } => c.request(&cognito::UpdateUserAttributes {
            access_token,
            user_attributes,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::ConfirmUserAttribute {
            user_attribute_key,
            confirmation_code,
        } => c.request(&cognito::VerifyUserAttribute {
            access_token,
            attribute_name: user_attribute_key,
            code: confirmation_code.trim(),
        }),
        Command::SendUserAttributeVerificationCode {
            user_attribute_key,
            options,
        } => c.request(&cognito::GetUserAttributeVerificationCode {
            access_token,
            attribute_name: user_attribute_key,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::DeleteUserAttributes {
            user_attribute_keys,
        } => c.request(&cognito::DeleteUserAttributes {
            access_token,
            attribute_names: user_attribute_keys,
        }),
        _ => return None,
    })
}

/// Amplify's MFA preference as Cognito's setting.
fn mfa_setting(p: MfaPreference) -> MfaSetting {
    let (enabled, preferred) = match p {
        MfaPreference::Enabled => (true, None),
        MfaPreference::Disabled => (false, None),
        MfaPreference::Preferred => (true, Some(true)),
        MfaPreference::NotPreferred => (true, Some(false)),
    };
    MfaSetting { enabled, preferred }
}

fn mfa_name(cognito: &str) -> Option<&'static str> {
    crate::cognito::MfaType::from_cognito(cognito).map(|m| m.as_str())
}

/// `GetUser` → `fetchMFAPreference`'s `{ enabled, preferred }`.
fn mfa_preference(user: &GetUserResponse) -> Json {
    let mut enabled: Vec<&str> = Vec::new();
    for name in user.mfa_settings.iter().filter_map(|m| mfa_name(m)) {
        enabled.push(name);
    }
    let mut out = Map::new();
    if !enabled.is_empty() {
        out.insert("enabled".into(), json!(enabled));
    }
    if let Some(p) = user.preferred_mfa.as_deref().and_then(mfa_name) {
        out.insert("preferred".into(), json!(p));
    }
    Json::Object(out)
}

/// `GetUser` → `fetchUserAttributes`'s `{ name: value }`.
fn user_attributes(user: &GetUserResponse) -> Result<Json, AuthError> {
    let mut out = Map::new();
    for (name, value) in user.attributes()? {
        out.insert(name.clone(), Json::String(value.clone()));
    }
    Ok(Json::Object(out))
}

/// `UpdateUserAttributes` → per attribute `{ isUpdated, nextStep }`.
fn update_attributes(names: &VecMap<String, String>, body: &Map) -> Json {
    let pending = cognito::pending_attribute_codes(body);
    let mut out = Map::new();
    for name in names.keys() {
        // The last entry for an attribute counts.
        let mut details: Option<&CodeDeliveryDetails> = None;
        for d in &pending {
            if d.attribute_name.as_ref() == Some(name) {
                details = Some(d);
            }
        }
        let v = match details {
            Some(details) => json!({"isUpdated": false, "nextStep": {
                "updateAttributeStep": "CONFIRM_ATTRIBUTE_WITH_CODE",
                "codeDeliveryDetails": delivery(details)}}),
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
            value(delivery(&CodeDeliveryDetails::of(body)))
        }
        Command::ResetPassword { .. } => value(json!({"isPasswordReset": false, "nextStep": {
            "resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE",
            "codeDeliveryDetails": delivery(&CodeDeliveryDetails::of(body))}})),
        Command::SetUpTotp => {
            let answer = AssociateSoftwareTokenResponse::parse(body)?;
            value(json!({"sharedSecret": answer.secret_code}))
        }
        Command::FetchMfaPreference => value(mfa_preference(&GetUserResponse::parse(body))),
        Command::FetchUserAttributes => {
            user_attributes(&GetUserResponse::parse(body)).map(Output::Value)
        }
        Command::UpdateUserAttributes {
            user_attributes, ..
        } => value(update_attributes(user_attributes, body)),
        _ => Ok(Output::Done),
    }
}
