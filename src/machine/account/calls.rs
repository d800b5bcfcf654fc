//! Each account call's request (operation and body, exactly as Amplify sends it) and how
//! its answer becomes Amplify's result shape.

use crate::json::{json, Json, Map};
use crate::map::VecMap;

use crate::cognito::{UserPoolConfig, UserPoolOp};
use crate::machine::{AuthError, Command, MfaPreference};
use crate::session::Secret;

/// What one account call sends.
pub(super) struct Request {
    pub(super) op: UserPoolOp,
    pub(super) body: Json,
}

fn attribute_list(attrs: &VecMap<String, String>) -> Json {
    Json::Array(
        attrs
            .iter()
            .map(|(k, v)| json!({"Name": k, "Value": v}))
            .collect(),
    )
}

fn insert_opt(body: &mut Json, key: &str, value: Option<Json>) {
    if let (Some(obj), Some(value)) = (body.as_object_mut(), value) {
        obj.insert(key.to_owned(), value);
    }
}

fn secret_hash(config: &UserPoolConfig, username: &str) -> Option<Json> {
    config.user_pool_client_secret.as_ref().map(|secret| {
        Json::String(crate::srp::secret_hash(
            secret.expose(),
            username,
            &config.user_pool_client_id,
        ))
    })
}

fn meta(m: &Option<Map>) -> Option<Json> {
    m.clone().map(Json::Object)
}

fn mfa_settings(p: Option<MfaPreference>) -> Option<Json> {
    p.map(|p| match p {
        MfaPreference::Enabled => json!({"Enabled": true}),
        MfaPreference::Disabled => json!({"Enabled": false}),
        MfaPreference::Preferred => json!({"Enabled": true, "PreferredMfa": true}),
        MfaPreference::NotPreferred => json!({"Enabled": true, "PreferredMfa": false}),
    })
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

/// The request for `call`; `access` is the access token for the calls that need one,
/// `device_key` this device's key (for `rememberDevice` / `forgetDevice()`).
pub(super) fn request(
    config: &UserPoolConfig,
    call: &Command,
    access: Option<&Secret>,
    device_key: Option<&str>,
    page_token: Option<&str>,
) -> Result<Request, AuthError> {
    let client_id = config.user_pool_client_id.as_str();
    let token = access.map(|t| t.expose().to_owned()).unwrap_or_default();
    let r = |op, body| Ok(Request { op, body });
    match call {
        Command::SignUp {
            username,
            password,
            options,
        } => {
            let mut body = json!({"Username": username, "ClientId": client_id});
            insert_opt(
                &mut body,
                "Password",
                password
                    .as_ref()
                    .map(|p| Json::String(p.expose().to_owned())),
            );
            if !options.user_attributes.is_empty() {
                insert_opt(
                    &mut body,
                    "UserAttributes",
                    Some(attribute_list(&options.user_attributes)),
                );
            }
            if !options.validation_data.is_empty() {
                insert_opt(
                    &mut body,
                    "ValidationData",
                    Some(attribute_list(&options.validation_data)),
                );
            }
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(config, username));
            r(UserPoolOp::SignUp, body)
        }
        Command::ConfirmSignUp {
            username,
            confirmation_code,
            options,
        } => {
            let mut body = json!({"Username": username, "ConfirmationCode": confirmation_code.trim(),
                "ClientId": client_id});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(
                &mut body,
                "ForceAliasCreation",
                options.force_alias_creation.map(Json::Bool),
            );
            insert_opt(&mut body, "SecretHash", secret_hash(config, username));
            r(UserPoolOp::ConfirmSignUp, body)
        }
        Command::ResendSignUpCode { username, options } => {
            let mut body = json!({"Username": username, "ClientId": client_id});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(config, username));
            r(UserPoolOp::ResendConfirmationCode, body)
        }
        Command::ResetPassword { username, options } => {
            let mut body = json!({"Username": username, "ClientId": client_id});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(config, username));
            r(UserPoolOp::ForgotPassword, body)
        }
        Command::ConfirmResetPassword {
            username,
            new_password,
            confirmation_code,
            options,
        } => {
            let mut body = json!({"Username": username, "ConfirmationCode": confirmation_code.trim(),
                "Password": new_password.expose(), "ClientId": client_id});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(config, username));
            r(UserPoolOp::ConfirmForgotPassword, body)
        }
        Command::UpdatePassword {
            old_password,
            new_password,
        } => r(
            UserPoolOp::ChangePassword,
            json!({"AccessToken": token, "PreviousPassword": old_password.expose(),
                   "ProposedPassword": new_password.expose()}),
        ),
        Command::SetUpTotp => r(
            UserPoolOp::AssociateSoftwareToken,
            json!({"AccessToken": token}),
        ),
        Command::VerifyTotpSetup { code, options } => {
            let mut body = json!({"AccessToken": token, "UserCode": code.trim()});
            insert_opt(
                &mut body,
                "FriendlyDeviceName",
                options.friendly_device_name.clone().map(Json::String),
            );
            r(UserPoolOp::VerifySoftwareToken, body)
        }
        Command::UpdateMfaPreference { sms, totp, email } => {
            let mut body = json!({"AccessToken": token});
            insert_opt(&mut body, "SMSMfaSettings", mfa_settings(*sms));
            insert_opt(&mut body, "SoftwareTokenMfaSettings", mfa_settings(*totp));
            insert_opt(&mut body, "EmailMfaSettings", mfa_settings(*email));
            r(UserPoolOp::SetUserMfaPreference, body)
        }
        Command::FetchMfaPreference | Command::FetchUserAttributes => {
            r(UserPoolOp::GetUser, json!({"AccessToken": token}))
        }
        Command::UpdateUserAttributes {
            user_attributes,
            options,
        } => {
            let mut body = json!({"AccessToken": token,
                "UserAttributes": attribute_list(user_attributes)});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            r(UserPoolOp::UpdateUserAttributes, body)
        }
        Command::ConfirmUserAttribute {
            user_attribute_key,
            confirmation_code,
        } => r(
            UserPoolOp::VerifyUserAttribute,
            json!({"AccessToken": token, "AttributeName": user_attribute_key,
                   "Code": confirmation_code.trim()}),
        ),
        Command::SendUserAttributeVerificationCode {
            user_attribute_key,
            options,
        } => {
            let mut body = json!({"AccessToken": token, "AttributeName": user_attribute_key});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            r(UserPoolOp::GetUserAttributeVerificationCode, body)
        }
        Command::DeleteUserAttributes {
            user_attribute_keys,
        } => r(
            UserPoolOp::DeleteUserAttributes,
            json!({"AccessToken": token, "UserAttributeNames": user_attribute_keys}),
        ),
        Command::FetchDevices { limit, next_token } => {
            let mut body = json!({"AccessToken": token, "Limit": limit.unwrap_or(60)});
            insert_opt(
                &mut body,
                "PaginationToken",
                page_token
                    .or(next_token.as_deref())
                    .map(|t| Json::String(t.to_owned())),
            );
            r(UserPoolOp::ListDevices, body)
        }
        Command::RememberDevice => {
            let key = device_key.ok_or(AuthError::DeviceMetadataNotFound)?;
            r(
                UserPoolOp::UpdateDeviceStatus,
                json!({"AccessToken": token, "DeviceKey": key,
                       "DeviceRememberedStatus": "remembered"}),
            )
        }
        Command::ForgetDevice { device } => {
            let key = match device {
                Some(d) => d.id.as_str(),
                None => device_key.ok_or(AuthError::DeviceMetadataNotFound)?,
            };
            r(
                UserPoolOp::ForgetDevice,
                json!({"AccessToken": token, "DeviceKey": key}),
            )
        }
        Command::DeleteUser => r(UserPoolOp::DeleteUser, json!({"AccessToken": token})),
        Command::AssociateWebAuthnCredential => r(
            UserPoolOp::StartWebAuthnRegistration,
            json!({"AccessToken": token}),
        ),
        Command::ListWebAuthnCredentials {
            page_size,
            next_token,
        } => {
            let mut body = json!({"AccessToken": token});
            insert_opt(&mut body, "MaxResults", page_size.map(|n| json!(n)));
            insert_opt(
                &mut body,
                "NextToken",
                page_token
                    .or(next_token.as_deref())
                    .map(|t| Json::String(t.to_owned())),
            );
            r(UserPoolOp::ListWebAuthnCredentials, body)
        }
        Command::DeleteWebAuthnCredential { credential_id } => r(
            UserPoolOp::DeleteWebAuthnCredential,
            json!({"AccessToken": token, "CredentialId": credential_id}),
        ),
        _ => Err(AuthError::Validation {
            name: "InvalidCommand",
            message: "not an account call",
        }),
    }
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

fn mfa_name(cognito: &str) -> Option<&'static str> {
    crate::cognito::MfaType::from_cognito(cognito).map(|m| m.as_str())
}

/// `GetUser` → `fetchMFAPreference`'s `{ enabled, preferred }`.
pub(super) fn mfa_preference(body: &Map) -> Json {
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
pub(super) fn user_attributes(body: &Map) -> Result<Json, AuthError> {
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
pub(super) fn update_attributes(names: &VecMap<String, String>, body: &Map) -> Json {
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

/// One `ListWebAuthnCredentials` credential in Amplify's shape (`createdAt` in Unix ms).
pub(super) fn passkey(c: &Json) -> Json {
    let mut out = Map::new();
    for (from, to) in [
        ("CredentialId", "credentialId"),
        ("FriendlyCredentialName", "friendlyCredentialName"),
        ("RelyingPartyId", "relyingPartyId"),
        ("AuthenticatorAttachment", "authenticatorAttachment"),
        ("AuthenticatorTransports", "authenticatorTransports"),
    ] {
        if let Some(v) = c.get(from).filter(|v| !v.is_null()) {
            out.insert(to.into(), v.clone());
        }
    }
    if let Some(s) = c.get("CreatedAt").and_then(Json::as_f64) {
        out.insert("createdAt".into(), json!((s * 1000.0) as i64));
    }
    Json::Object(out)
}

/// One `ListDevices` device in Amplify's shape (dates as Unix ms; JS makes `Date`s).
pub(super) fn device(d: &Json) -> Json {
    let attributes: Map = d
        .get("DeviceAttributes")
        .and_then(Json::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|a| {
                    Some((a.get("Name")?.as_str()?.to_owned(), a.get("Value")?.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let ms = |k: &str| {
        d.get(k)
            .and_then(Json::as_f64)
            .map(|s| json!((s * 1000.0) as i64))
    };
    let mut out = Map::new();
    out.insert(
        "id".into(),
        d.get("DeviceKey").cloned().unwrap_or(Json::Null),
    );
    if let Some(name) = attributes.get("device_name").cloned() {
        out.insert("name".into(), name);
    }
    out.insert("attributes".into(), Json::Object(attributes));
    for (from, to) in [
        ("DeviceCreateDate", "createDate"),
        ("DeviceLastModifiedDate", "lastModifiedDate"),
        ("DeviceLastAuthenticatedDate", "lastAuthenticatedDate"),
    ] {
        if let Some(v) = ms(from) {
            out.insert(to.into(), v);
        }
    }
    Json::Object(out)
}
