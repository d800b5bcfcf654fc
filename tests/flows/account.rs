//! Account calls: exact requests (Amplify v6's bodies), result shapes, validation, the
//! access-token refresh before a call, auto sign-in, device pagination, delete user.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

fn signed_in() -> (Host, String) {
    let stored = stored_session("alice", "sub-a", NOW_S - 60);
    let access = stored[&user_key("alice", "accessToken")].clone();
    (Host::started(config("us-east-1_P"), stored), access)
}

/// (command, operation, expected body with "$AT" for the access token, answer, result)
fn cases() -> Vec<(Value, &'static str, Value, Value, Value)> {
    vec![
        (
            json!({"type": "updatePassword", "oldPassword": "old", "newPassword": "new"}),
            "ChangePassword",
            json!({"AccessToken": "$AT", "PreviousPassword": "old", "ProposedPassword": "new"}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "setUpTOTP"}),
            "AssociateSoftwareToken",
            json!({"AccessToken": "$AT"}),
            json!({"SecretCode": "JBSWY3DP"}),
            json!({"sharedSecret": "JBSWY3DP"}),
        ),
        (
            json!({"type": "verifyTOTPSetup", "code": " 123456 ", "options": {"friendlyDeviceName": "phone"}}),
            "VerifySoftwareToken",
            json!({"AccessToken": "$AT", "UserCode": "123456", "FriendlyDeviceName": "phone"}),
            json!({"Status": "SUCCESS"}),
            Value::Null,
        ),
        (
            json!({"type": "updateMFAPreference", "sms": "DISABLED", "totp": "PREFERRED", "email": "NOT_PREFERRED"}),
            "SetUserMFAPreference",
            json!({"AccessToken": "$AT", "SMSMfaSettings": {"Enabled": false},
            "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
            "EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "updateMFAPreference", "totp": "ENABLED"}),
            "SetUserMFAPreference",
            json!({"AccessToken": "$AT", "SoftwareTokenMfaSettings": {"Enabled": true}}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "fetchMFAPreference"}),
            "GetUser",
            json!({"AccessToken": "$AT"}),
            json!({"Username": "alice", "UserAttributes": [], "UserMFASettingList": ["SMS_MFA", "SOFTWARE_TOKEN_MFA"],
                "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"}),
            json!({"enabled": ["SMS", "TOTP"], "preferred": "TOTP"}),
        ),
        (
            json!({"type": "fetchUserAttributes"}),
            "GetUser",
            json!({"AccessToken": "$AT"}),
            json!({"Username": "alice", "UserAttributes": [{"Name": "sub", "Value": "sub-a"},
                {"Name": "email", "Value": "a@example.com"}]}),
            json!({"sub": "sub-a", "email": "a@example.com"}),
        ),
        (
            json!({"type": "updateUserAttributes", "userAttributes": {"email": "b@example.com", "name": "Bee"},
                "options": {"clientMetadata": {"k": "v"}}}),
            "UpdateUserAttributes",
            json!({"AccessToken": "$AT", "UserAttributes": [
            {"Name": "email", "Value": "b@example.com"}, {"Name": "name", "Value": "Bee"}], "ClientMetadata": {"k": "v"}}),
            json!({"CodeDeliveryDetailsList": [{"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "b***@e***"}]}),
            json!({"email": {"isUpdated": false, "nextStep": {"updateAttributeStep": "CONFIRM_ATTRIBUTE_WITH_CODE",
                 "codeDeliveryDetails": {"attributeName": "email", "deliveryMedium": "EMAIL", "destination": "b***@e***"}}},
                "name": {"isUpdated": true, "nextStep": {"updateAttributeStep": "DONE"}}}),
        ),
        (
            json!({"type": "confirmUserAttribute", "userAttributeKey": "email", "confirmationCode": "111"}),
            "VerifyUserAttribute",
            json!({"AccessToken": "$AT", "AttributeName": "email", "Code": "111"}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "sendUserAttributeVerificationCode", "userAttributeKey": "phone_number"}),
            "GetUserAttributeVerificationCode",
            json!({"AccessToken": "$AT", "AttributeName": "phone_number"}),
            json!({"CodeDeliveryDetails": {"AttributeName": "phone_number", "DeliveryMedium": "SMS", "Destination": "+***9"}}),
            json!({"attributeName": "phone_number", "deliveryMedium": "SMS", "destination": "+***9"}),
        ),
        (
            json!({"type": "deleteUserAttributes", "userAttributeKeys": ["nickname", "locale"]}),
            "DeleteUserAttributes",
            json!({"AccessToken": "$AT", "UserAttributeNames": ["nickname", "locale"]}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "forgetDevice", "device": {"id": "us-east-1_other"}}),
            "ForgetDevice",
            json!({"AccessToken": "$AT", "DeviceKey": "us-east-1_other"}),
            json!({}),
            Value::Null,
        ),
        (
            json!({"type": "fetchDevices", "limit": 2}),
            "ListDevices",
            json!({"AccessToken": "$AT", "Limit": 2}),
            json!({"Devices": [{"DeviceKey": "k1", "DeviceAttributes": [{"Name": "device_name", "Value": "Firefox"}],
                "DeviceCreateDate": 1.7e9, "DeviceLastModifiedDate": 1.7e9, "DeviceLastAuthenticatedDate": 1.7e9}],
                "PaginationToken": "p2"}),
            json!({"devices": [{"id": "k1", "name": "Firefox", "attributes": {"device_name": "Firefox"},
                "createDate": 1_700_000_000_000i64, "lastModifiedDate": 1_700_000_000_000i64,
                "lastAuthenticatedDate": 1_700_000_000_000i64}], "nextToken": "p2"}),
        ),
    ]
}

#[test]
fn signed_in_calls_send_amplifys_requests_and_return_its_shapes() {
    for (command, op, mut expected, answer, result) in cases() {
        let (mut host, access) = signed_in();
        if let Some(obj) = expected.as_object_mut() {
            obj.insert("AccessToken".into(), json!(access));
        }
        let id_op = host.command(command.clone());
        let (id, body) = host.expect_request(op);
        assert_eq!(body, expected, "{command}");
        host.respond(id, 200, &answer.to_string());
        assert_eq!(host.result_json(id_op), result, "{command}");
        // The same call fails typed, and the session survives.
        let id_op = host.command(command.clone());
        let (id, _) = host.expect_request(op);
        host.respond(
            id,
            400,
            r#"{"__type":"LimitExceededException","message":"slow"}"#,
        );
        assert_eq!(
            host.error_name(id_op),
            "LimitExceededException",
            "{command}"
        );
        assert!(host.storage.contains_key(&last_user_key()));
    }
}

#[test]
fn signed_out_calls_fail_before_any_request() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    for (command, ..) in cases() {
        let op = host.command(command.clone());
        assert_eq!(
            host.error_name(op),
            "UserUnAuthenticatedException",
            "{command}"
        );
    }
    assert!(host.pending.is_empty());
}

#[test]
fn a_stale_access_token_is_refreshed_before_the_call() {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    let op = host.command(json!({"type": "fetchUserAttributes"}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    let fresh = auth_result("alice", "s", NOW_S, false);
    host.respond(id, 200, &fresh.to_string());
    let (id, body) = host.expect_request("GetUser");
    assert_eq!(
        body["AccessToken"],
        fresh["AuthenticationResult"]["AccessToken"]
    );
    host.respond(
        id,
        200,
        r#"{"UserAttributes":[{"Name":"sub","Value":"s"}]}"#,
    );
    assert_eq!(host.result_json(op), json!({"sub": "s"}));
    // A dead refresh token: the call fails unauthenticated and the session ends.
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    let op = host.command(json!({"type": "setUpTOTP"}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(
        id,
        400,
        r#"{"__type":"NotAuthorizedException","message":"Refresh Token has expired"}"#,
    );
    assert_eq!(host.error_name(op), "UserUnAuthenticatedException");
    assert!(!host.storage.contains_key(&last_user_key()));
}

#[test]
fn sign_up_confirm_and_auto_sign_in() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(
        json!({"type": "signUp", "username": "alice", "password": "Pa55word!",
        "options": {"userAttributes": {"email": "a@example.com"}, "validationData": {"v": "1"},
                    "autoSignIn": true}}),
    );
    let (id, body) = host.expect_request("SignUp");
    assert_eq!(
        body,
        json!({"Username": "alice", "Password": "Pa55word!", "ClientId": CLIENT_ID,
        "UserAttributes": [{"Name": "email", "Value": "a@example.com"}],
        "ValidationData": [{"Name": "v", "Value": "1"}]})
    );
    host.respond(id, 200, r#"{"UserConfirmed":false,"UserSub":"sub-new","CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"a***@e***"}}"#);
    assert_eq!(
        host.result_json(op),
        json!({"isSignUpComplete": false, "userId": "sub-new",
        "nextStep": {"signUpStep": "CONFIRM_SIGN_UP", "codeDeliveryDetails": {
            "attributeName": "email", "deliveryMedium": "EMAIL", "destination": "a***@e***"}}})
    );
    // The password is never stored.
    assert!(host.storage.values().all(|v| !v.contains("Pa55word!")));
    assert!(!format!("{:?}", host.machine).contains("Pa55word!"));
    let op = host.command(json!({"type": "autoSignIn"}));
    assert_eq!(host.error_name(op), "AutoSignInException");
    let op = host.command(json!({"type": "resendSignUpCode", "username": "alice"}));
    let (id, body) = host.expect_request("ResendConfirmationCode");
    assert_eq!(body, json!({"Username": "alice", "ClientId": CLIENT_ID}));
    host.respond(
        id,
        200,
        r#"{"CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***"}}"#,
    );
    assert_eq!(
        host.result_json(op),
        json!({"deliveryMedium": "EMAIL", "destination": "a***"})
    );
    let op = host.command(
        json!({"type": "confirmSignUp", "username": "alice", "confirmationCode": " 123456 "}),
    );
    let (id, body) = host.expect_request("ConfirmSignUp");
    assert_eq!(
        body,
        json!({"Username": "alice", "ConfirmationCode": "123456", "ClientId": CLIENT_ID})
    );
    host.respond(id, 200, r#"{"Session":"after-confirm"}"#);
    assert_eq!(
        host.result_json(op),
        json!({"isSignUpComplete": true,
        "nextStep": {"signUpStep": "COMPLETE_AUTO_SIGN_IN"}})
    );
    let op = host.command(json!({"type": "autoSignIn"}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(body["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(body["AuthParameters"]["USERNAME"], "alice");
    host.respond(id, 200, CHALLENGE_ALICE);
    let (id, _) = host.expect_request("RespondToAuthChallenge");
    host.respond(
        id,
        200,
        &auth_result("alice", "sub-new", NOW_S, true).to_string(),
    );
    assert_eq!(host.result_json(op)["isSignedIn"], true);
    // Used once: the password is gone.
    host.command(json!({"type": "signOut"}));
    let op = host.command(json!({"type": "autoSignIn"}));
    assert_eq!(host.error_name(op), "AutoSignInException");
}

const CHALLENGE_ALICE: &str = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1b2c3","SECRET_BLOCK":"c2VjcmV0","SRP_B":"1f2e3d4c5b6a","USERNAME":"alice","USER_ID_FOR_SRP":"alice"}}"#;

#[test]
fn auto_sign_in_uses_the_sign_up_session_for_user_auth_and_expires_after_3_minutes() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(json!({"type": "signUp", "username": "bob",
        "options": {"autoSignIn": {"authFlowType": "USER_AUTH"}}}));
    let (id, _) = host.expect_request("SignUp");
    host.respond(id, 200, r#"{"UserConfirmed":false,"UserSub":"s"}"#);
    host.command(json!({"type": "confirmSignUp", "username": "bob", "confirmationCode": "1"}));
    let (id, _) = host.expect_request("ConfirmSignUp");
    host.respond(id, 200, r#"{"Session":"sign-up-session"}"#);
    let op = host.command(json!({"type": "autoSignIn"}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({"AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "bob"},
        "Session": "sign-up-session", "ClientId": CLIENT_ID})
    );
    host.respond(id, 200, &auth_result("bob", "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);

    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(json!({"type": "signUp", "username": "carl", "password": "pw", "options": {"autoSignIn": true}}));
    let (id, _) = host.expect_request("SignUp");
    host.respond(id, 200, r#"{"UserConfirmed":true,"UserSub":"s"}"#);
    host.now += 3 * 60 * 1000 + 1;
    let op = host.command(json!({"type": "autoSignIn"}));
    assert_eq!(host.error_name(op), "AutoSignInException");
}

#[test]
fn password_reset_requests_and_steps() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "resetPassword", "username": "alice"}));
    let (id, body) = host.expect_request("ForgotPassword");
    assert_eq!(body, json!({"Username": "alice", "ClientId": CLIENT_ID}));
    host.respond(id, 200, r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"a***"}}"#);
    assert_eq!(
        host.result_json(op),
        json!({"isPasswordReset": false, "nextStep": {
        "resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE", "codeDeliveryDetails": {
            "attributeName": "email", "deliveryMedium": "EMAIL", "destination": "a***"}}})
    );
    let op = host.command(json!({"type": "confirmResetPassword", "username": "alice",
        "newPassword": "N3w!", "confirmationCode": "999"}));
    let (id, body) = host.expect_request("ConfirmForgotPassword");
    assert_eq!(
        body,
        json!({"Username": "alice", "ConfirmationCode": "999", "Password": "N3w!",
        "ClientId": CLIENT_ID})
    );
    host.respond(
        id,
        400,
        r#"{"__type":"CodeMismatchException","message":"Invalid verification code provided"}"#,
    );
    assert_eq!(host.error_name(op), "CodeMismatchException");
}

#[test]
fn validation_errors_come_before_any_request() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    for (command, name) in [
        (
            json!({"type": "signUp", "username": " "}),
            "EmptySignUpUsername",
        ),
        (
            json!({"type": "confirmSignUp", "username": "a", "confirmationCode": ""}),
            "EmptyConfirmSignUpCode",
        ),
        (
            json!({"type": "confirmSignUp", "username": "", "confirmationCode": "1"}),
            "EmptyConfirmSignUpUsername",
        ),
        (
            json!({"type": "resetPassword", "username": ""}),
            "EmptyResetPasswordUsername",
        ),
        (
            json!({"type": "confirmResetPassword", "username": "a", "newPassword": "", "confirmationCode": "1"}),
            "EmptyConfirmResetPasswordNewPassword",
        ),
        (
            json!({"type": "confirmResetPassword", "username": "a", "newPassword": "x", "confirmationCode": " "}),
            "EmptyConfirmResetPasswordConfirmationCode",
        ),
        (
            json!({"type": "verifyTOTPSetup", "code": ""}),
            "EmptyVerifyTOTPSetupCode",
        ),
    ] {
        let op = host.command(command.clone());
        assert_eq!(host.error_name(op), name, "{command}");
    }
    assert!(host.pending.is_empty());
}

#[test]
fn fetch_devices_follows_every_page_and_device_calls_use_this_device() {
    let (mut host, _) = signed_in();
    let op = host.command(json!({"type": "fetchDevices"}));
    let (id, body) = host.expect_request("ListDevices");
    assert_eq!(body["Limit"], 60);
    assert!(body.get("PaginationToken").is_none());
    host.respond(
        id,
        200,
        r#"{"Devices":[{"DeviceKey":"k1"}],"PaginationToken":"t2"}"#,
    );
    let (id, body) = host.expect_request("ListDevices");
    assert_eq!(body["PaginationToken"], "t2");
    host.respond(id, 200, r#"{"Devices":[{"DeviceKey":"k2"}]}"#);
    let out = host.result_json(op);
    assert_eq!(out.as_array().map(Vec::len), Some(2));
    assert_eq!(out[1]["id"], "k2");
    // No remembered device: remembering this one is a typed error.
    let op = host.command(json!({"type": "rememberDevice"}));
    assert_eq!(host.error_name(op), "DeviceMetadataNotFoundException");

    let mut stored = stored_session("alice", "sub-a", NOW_S);
    for (k, v) in [
        ("deviceKey", "dk"),
        ("deviceGroupKey", "g"),
        ("randomPasswordKey", "p"),
    ] {
        stored.insert(user_key("alice", k), v.into());
    }
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "rememberDevice"}));
    let (id, body) = host.expect_request("UpdateDeviceStatus");
    assert_eq!(body["DeviceKey"], "dk");
    assert_eq!(body["DeviceRememberedStatus"], "remembered");
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    let op = host.command(json!({"type": "forgetDevice"}));
    let (id, body) = host.expect_request("ForgetDevice");
    assert_eq!(body["DeviceKey"], "dk");
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    assert!(!host.storage.contains_key(&user_key("alice", "deviceKey")));
}

#[test]
fn delete_user_deletes_clears_device_and_signs_out() {
    let mut stored = stored_session("alice", "sub-a", NOW_S);
    for (k, v) in [
        ("deviceKey", "dk"),
        ("deviceGroupKey", "g"),
        ("randomPasswordKey", "p"),
    ] {
        stored.insert(user_key("alice", k), v.into());
    }
    stored.insert("app.other".into(), "kept".into());
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "deleteUser"}));
    let (id, _) = host.expect_request("DeleteUser");
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    assert_eq!(host.storage, storage(&[("app.other", "kept")]));
    let events = crate::support::bridge::to_value(&host.events).expect("events");
    assert_eq!(events, json!([{"name": "signedOut"}]));
    // A failed delete keeps everything.
    let (mut host, _) = signed_in();
    let before = host.storage.clone();
    let op = host.command(json!({"type": "deleteUser"}));
    let (id, _) = host.expect_request("DeleteUser");
    host.respond(id, 500, "<html>oops</html>");
    assert_eq!(host.error_name(op), "UnexpectedResponseException");
    assert_eq!(host.storage, before);
}
