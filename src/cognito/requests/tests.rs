//! Request bodies against the request syntax in Cognito's API reference (members named and
//! nested as documented); `SecretHash` against node:crypto's
//! `createHmac('sha256', secret).update(username + clientId).digest('base64')`.

use super::*;
use crate::json::Map;
use crate::map::VecMap;
use crate::session::Secret;

fn config(secret: Option<&str>) -> UserPoolConfig {
    UserPoolConfig {
        user_pool_id: "us-east-1_pool".into(),
        user_pool_client_id: "client-1".into(),
        user_pool_client_secret: secret.map(Secret::new),
        endpoint: None,
    }
}

/// The body as `serde_json`, compared with a document written from the reference.
fn body_of(request: &impl UserPoolRequest, config: &UserPoolConfig) -> serde_json::Value {
    serde_json::from_str(&request.body(config).to_string()).unwrap_or_default()
}

#[test]
fn sign_up_with_a_secret_hash_leaves_out_empty_lists() {
    let attrs: VecMap<String, String> = [("email".to_owned(), "a@example.com".to_owned())]
        .into_iter()
        .collect();
    let password = Secret::new("Pw-12345678");
    let request = SignUp {
        username: "alice",
        password: Some(&password),
        user_attributes: &attrs,
        validation_data: &VecMap::new(),
        client_metadata: None,
    };
    assert_eq!(request.op(), UserPoolOp::SignUp);
    assert_eq!(
        body_of(&request, &config(Some("s3cr3t"))),
        serde_json::json!({
            "ClientId": "client-1",
            "Password": "Pw-12345678",
            "SecretHash": "StOPOzvJOvhNGK8k21eT0BuouuKO8uiz8BXaHdKV744=",
            "UserAttributes": [{"Name": "email", "Value": "a@example.com"}],
            "Username": "alice",
        })
    );
}

#[test]
fn confirm_sign_up_carries_force_alias_creation_and_client_metadata() {
    let mut meta = Map::new();
    meta.insert("k".into(), crate::json::Json::String("v".into()));
    let request = ConfirmSignUp {
        username: "alice",
        confirmation_code: "123456",
        force_alias_creation: Some(true),
        client_metadata: Some(&meta),
    };
    assert_eq!(
        body_of(&request, &config(None)),
        serde_json::json!({
            "ClientId": "client-1",
            "ClientMetadata": {"k": "v"},
            "ConfirmationCode": "123456",
            "ForceAliasCreation": true,
            "Username": "alice",
        })
    );
}

#[test]
fn mfa_preference_sets_only_the_factors_given() {
    let token = Secret::new("access");
    let request = SetUserMfaPreference {
        access_token: &token,
        sms: Some(MfaSetting {
            enabled: false,
            preferred: None,
        }),
        totp: Some(MfaSetting {
            enabled: true,
            preferred: Some(true),
        }),
        email: None,
    };
    assert_eq!(request.op().name(), "SetUserMFAPreference");
    assert_eq!(
        body_of(&request, &config(None)),
        serde_json::json!({
            "AccessToken": "access",
            "SMSMfaSettings": {"Enabled": false},
            "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
        })
    );
}

#[test]
fn totp_setup_uses_the_access_token_or_the_sign_in_session() {
    let token = Secret::new("access");
    let session = Secret::new("session-1");
    let user = AssociateSoftwareToken {
        owner: TotpSetupFor::User(&token),
    };
    assert_eq!(
        body_of(&user, &config(None)),
        serde_json::json!({"AccessToken": "access"})
    );
    let verify = VerifySoftwareToken {
        owner: TotpSetupFor::SignIn(Some(&session)),
        user_code: "654321",
        friendly_device_name: Some("phone"),
    };
    assert_eq!(
        body_of(&verify, &config(None)),
        serde_json::json!({"FriendlyDeviceName": "phone", "Session": "session-1", "UserCode": "654321"})
    );
    let no_session = AssociateSoftwareToken {
        owner: TotpSetupFor::SignIn(None),
    };
    assert_eq!(body_of(&no_session, &config(None)), serde_json::json!({}));
}

#[test]
fn list_devices_and_delete_attributes_follow_the_reference() {
    let token = Secret::new("access");
    let list = ListDevices {
        access_token: &token,
        limit: 60,
        pagination_token: Some("next"),
    };
    assert_eq!(
        body_of(&list, &config(None)),
        serde_json::json!({"AccessToken": "access", "Limit": 60, "PaginationToken": "next"})
    );
    let names = vec!["nickname".to_owned(), "locale".to_owned()];
    let delete = DeleteUserAttributes {
        access_token: &token,
        attribute_names: &names,
    };
    assert_eq!(
        body_of(&delete, &config(None)),
        serde_json::json!({"AccessToken": "access", "UserAttributeNames": ["nickname", "locale"]})
    );
}

#[test]
fn secrets_stay_out_of_debug() {
    let password = Secret::new("Pw-12345678");
    let token = Secret::new("access-token-value");
    let request = ChangePassword {
        access_token: &token,
        previous_password: &password,
        proposed_password: &password,
    };
    let debug = format!("{request:?}");
    assert!(!debug.contains("Pw-12345678") && !debug.contains("access-token-value"));
}
