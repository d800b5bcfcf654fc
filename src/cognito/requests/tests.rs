//! Request bodies against the request syntax in Cognito's API reference (members named and
//! nested as documented); `SecretHash` against node:crypto's
//! `createHmac('sha256', secret).update(username + clientId).digest('base64')`.

use super::*;
use crate::cognito::ChallengeName;
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

/// `SecretHash` of `bob` for `client-1` with `s3cr3t` (node:crypto).
const BOB_HASH: &str = "cdxITyJib2Sr6I7Ax/wKqzTUNloTKzfY2XCa45f4cFY=";

#[test]
fn initiate_auth_user_srp_with_device_and_secret_hash() {
    let request = InitiateAuth {
        username: "bob",
        start: AuthStart::UserSrp { srp_a: "abc123" },
        device_key: Some("us-east-1_dev"),
        session: None,
        client_metadata: None,
    };
    assert_eq!(request.op(), UserPoolOp::InitiateAuth);
    assert_eq!(
        body_of(&request, &config(Some("s3cr3t"))),
        serde_json::json!({
            "AuthFlow": "USER_SRP_AUTH",
            "AuthParameters": {
                "DEVICE_KEY": "us-east-1_dev",
                "SECRET_HASH": BOB_HASH,
                "SRP_A": "abc123",
                "USERNAME": "bob",
            },
            "ClientId": "client-1",
        })
    );
}

#[test]
fn initiate_auth_user_auth_with_a_preferred_password_and_a_session() {
    let password = Secret::new("Pw-1");
    let session = Secret::new("sign-up-session");
    let request = InitiateAuth {
        username: "bob",
        start: AuthStart::UserAuth {
            preferred: Some(FirstFactor::Password {
                password: &password,
            }),
        },
        device_key: None,
        session: Some(&session),
        client_metadata: None,
    };
    assert_eq!(
        body_of(&request, &config(None)),
        serde_json::json!({
            "AuthFlow": "USER_AUTH",
            "AuthParameters": {"PASSWORD": "Pw-1", "PREFERRED_CHALLENGE": "PASSWORD", "USERNAME": "bob"},
            "ClientId": "client-1",
            "Session": "sign-up-session",
        })
    );
    let custom = InitiateAuth {
        username: "bob",
        start: AuthStart::CustomWithSrp { srp_a: "a1" },
        device_key: None,
        session: None,
        client_metadata: None,
    };
    assert_eq!(
        body_of(&custom, &config(None))["AuthParameters"],
        serde_json::json!({"CHALLENGE_NAME": "SRP_A", "SRP_A": "a1", "USERNAME": "bob"})
    );
}

fn respond(answer: ChallengeAnswer, name: &ChallengeName) -> serde_json::Value {
    let session = Secret::new("s1");
    let request = RespondToAuthChallenge {
        challenge_name: name,
        username: "bob",
        answer,
        device_key: Some("us-east-1_dev"),
        session: Some(&session),
        client_metadata: None,
    };
    assert_eq!(request.op(), UserPoolOp::RespondToAuthChallenge);
    body_of(&request, &config(Some("s3cr3t")))
}

#[test]
fn password_verifier_answer() {
    let answer = ChallengeAnswer::PasswordClaim {
        secret_block: "c2VjcmV0".into(),
        timestamp: "Sat Dec 5 19:00:00 UTC 2026".into(),
        signature: "c2lnbmF0dXJl".into(),
    };
    assert_eq!(
        respond(answer, &ChallengeName::PasswordVerifier),
        serde_json::json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": {
                "DEVICE_KEY": "us-east-1_dev",
                "PASSWORD_CLAIM_SECRET_BLOCK": "c2VjcmV0",
                "PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl",
                "SECRET_HASH": BOB_HASH,
                "TIMESTAMP": "Sat Dec 5 19:00:00 UTC 2026",
                "USERNAME": "bob",
            },
            "ClientId": "client-1",
            "Session": "s1",
        })
    );
}

#[test]
fn new_password_and_select_challenge_answers() {
    let attrs: VecMap<String, String> = [("name".to_owned(), "Bob".to_owned())]
        .into_iter()
        .collect();
    let body = respond(
        ChallengeAnswer::NewPassword {
            password: Secret::new("New-Pw-1"),
            user_attributes: attrs,
        },
        &ChallengeName::NewPasswordRequired,
    );
    assert_eq!(body["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(body["ChallengeResponses"]["NEW_PASSWORD"], "New-Pw-1");
    assert_eq!(body["ChallengeResponses"]["userAttributes.name"], "Bob");
    let body = respond(
        ChallengeAnswer::PasswordSrp { srp_a: "a1".into() },
        &ChallengeName::SelectChallenge,
    );
    assert_eq!(body["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(body["ChallengeResponses"]["ANSWER"], "PASSWORD_SRP");
    assert_eq!(body["ChallengeResponses"]["SRP_A"], "a1");
    let body = respond(
        ChallengeAnswer::Code {
            response_key: "SOFTWARE_TOKEN_MFA_CODE".into(),
            code: "123456".into(),
        },
        &ChallengeName::SoftwareTokenMfa,
    );
    assert_eq!(
        body["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"],
        "123456"
    );
    assert!(!format!("{:?}", ChallengeAnswer::Password(Secret::new("Pw-9"))).contains("Pw-9"));
}
