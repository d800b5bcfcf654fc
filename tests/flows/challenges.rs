//! Every challenge as a transcript: the step the user sees (Amplify's names) and the exact
//! requests (key names from the reference's challenge mapping; SRP values from
//! amazon-cognito-identity-js through the fixture).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

fn tokens() -> String {
    auth_result("alice", "sub-a", NOW_S, true).to_string()
}

/// Starts a USER_PASSWORD_AUTH sign-in for alice and answers it with `challenge`.
fn challenged(host: &mut Host, challenge: Value) -> Value {
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(id, 200, &challenge.to_string());
    host.result_json(op)
}

fn confirm(host: &mut Host, response: &str) -> u64 {
    host.command(json!({"type": "confirmSignIn", "challengeResponse": response}))
}

fn respond_body(name: &str, responses: Value, session: &str) -> Value {
    json!({"ChallengeName": name, "ChallengeResponses": responses, "Session": session,
           "ClientId": CLIENT_ID})
}

#[test]
fn code_challenges_map_to_amplify_steps_and_response_keys() {
    for (challenge, step, key, delivery) in [
        (
            "SMS_MFA",
            "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            "SMS_MFA_CODE",
            true,
        ),
        (
            "SMS_OTP",
            "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            "SMS_OTP_CODE",
            true,
        ),
        (
            "SOFTWARE_TOKEN_MFA",
            "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
            "SOFTWARE_TOKEN_MFA_CODE",
            false,
        ),
        (
            "EMAIL_OTP",
            "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
            "EMAIL_OTP_CODE",
            true,
        ),
    ] {
        let mut host = Host::started(config("us-east-1_P"), storage(&[]));
        let out = challenged(
            &mut host,
            json!({"ChallengeName": challenge, "Session": "s1",
            "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                                    "CODE_DELIVERY_DESTINATION": "+*******1234", "USERNAME": "alice"}}),
        );
        let mut expected = json!({"isSignedIn": false, "nextStep": {"signInStep": step}});
        if delivery {
            expected["nextStep"]["codeDeliveryDetails"] =
                json!({"deliveryMedium": "SMS", "destination": "+*******1234"});
        }
        assert_eq!(out, expected, "{challenge}");
        let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
        assert_eq!(snap["signInStep"], step);
        // A wrong code: a typed error, and the step stays open.
        let op = confirm(&mut host, "000000");
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(
            body,
            respond_body(challenge, json!({"USERNAME": "alice", key: "000000"}), "s1")
        );
        host.respond(
            id,
            400,
            r#"{"__type":"CodeMismatchException","message":"Invalid code"}"#,
        );
        assert_eq!(host.error_name(op), "CodeMismatchException");
        let op = confirm(&mut host, " 123456 ");
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(body["ChallengeResponses"][key], "123456");
        host.respond(id, 200, &tokens());
        assert_eq!(
            host.result_json(op),
            json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
        );
        assert_eq!(host.storage[&last_user_key()], "alice");
    }
}

#[test]
fn select_mfa_type_accepts_json_string_and_array_lists() {
    for list in [
        json!("[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"),
        json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]),
    ] {
        let mut host = Host::started(config("us-east-1_P"), storage(&[]));
        let out = challenged(
            &mut host,
            json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s1",
            "ChallengeParameters": {"MFAS_CAN_CHOOSE": list}}),
        );
        assert_eq!(
            out["nextStep"],
            json!({"signInStep": "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
            "allowedMFATypes": ["SMS", "TOTP"]})
        );
        let op = confirm(&mut host, "EMAIL");
        assert_eq!(host.error_name(op), "IncorrectMFAMethod");
        assert!(host.pending.is_empty());
        confirm(&mut host, "TOTP");
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(
            body,
            respond_body(
                "SELECT_MFA_TYPE",
                json!({"USERNAME": "alice", "ANSWER": "SOFTWARE_TOKEN_MFA"}),
                "s1"
            )
        );
        host.respond(
            id,
            200,
            r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s2","ChallengeParameters":{}}"#,
        );
        let op = confirm(&mut host, "654321");
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(body["Session"], "s2");
        host.respond(id, 200, &tokens());
        assert_eq!(host.result_json(op)["isSignedIn"], true);
    }
}

#[test]
fn new_password_required_sends_attributes_with_their_prefix() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let out = challenged(
        &mut host,
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s1",
        "ChallengeParameters": {"requiredAttributes": "[\"userAttributes.email\",\"userAttributes.name\"]",
                                "userAttributes": "{\"email_verified\":\"true\"}"}}),
    );
    assert_eq!(
        out["nextStep"],
        json!({"signInStep": "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
        "missingAttributes": ["email", "name"]})
    );
    let op = host.command(
        json!({"type": "confirmSignIn", "challengeResponse": " N3w pass! ",
        "options": {"userAttributes": {"email": "a@example.com", "name": "Alice"}}}),
    );
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body(
            "NEW_PASSWORD_REQUIRED",
            json!({"USERNAME": "alice",
        "NEW_PASSWORD": " N3w pass! ", "userAttributes.email": "a@example.com",
        "userAttributes.name": "Alice"}),
            "s1"
        )
    );
    host.respond(id, 200, &tokens());
    assert_eq!(host.result_json(op)["nextStep"]["signInStep"], "DONE");
}

#[test]
fn totp_setup_associates_verifies_then_answers_mfa_setup() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    // The local Cognito sends MFAS_CAN_SETUP as an array.
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(
        id,
        200,
        &json!({"ChallengeName": "MFA_SETUP", "Session": "s1",
        "ChallengeParameters": {"MFAS_CAN_SETUP": ["SOFTWARE_TOKEN_MFA"]}})
        .to_string(),
    );
    assert!(!host.is_complete(op));
    let (id, body) = host.expect_request("AssociateSoftwareToken");
    assert_eq!(body, json!({"Session": "s1"}));
    host.respond(
        id,
        200,
        r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Session":"s2"}"#,
    );
    assert_eq!(
        host.result_json(op),
        json!({"isSignedIn": false, "nextStep": {
        "signInStep": "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
        "totpSetupDetails": {"sharedSecret": "JBSWY3DPEHPK3PXP"}}})
    );
    // A wrong code keeps the setup step open.
    let op = host.command(
        json!({"type": "confirmSignIn", "challengeResponse": "111111",
        "options": {"friendlyDeviceName": "phone"}}),
    );
    let (id, body) = host.expect_request("VerifySoftwareToken");
    assert_eq!(
        body,
        json!({"UserCode": "111111", "Session": "s2", "FriendlyDeviceName": "phone"})
    );
    host.respond(
        id,
        400,
        r#"{"__type":"CodeMismatchException","message":"bad"}"#,
    );
    assert_eq!(host.error_name(op), "CodeMismatchException");
    let op = confirm(&mut host, "123456");
    let (id, _) = host.expect_request("VerifySoftwareToken");
    host.respond(id, 200, r#"{"Status":"SUCCESS","Session":"s3"}"#);
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body("MFA_SETUP", json!({"USERNAME": "alice"}), "s3")
    );
    host.respond(id, 200, &tokens());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
}

#[test]
fn mfa_setup_selection_and_email_setup() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let out = challenged(
        &mut host,
        json!({"ChallengeName": "MFA_SETUP", "Session": "s1",
        "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}}),
    );
    // In MFAS_CAN_SETUP's order, as Amplify (signInHelpers.mjs getAllowedMfaSetupTypes).
    assert_eq!(
        out["nextStep"],
        json!({"signInStep": "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
        "allowedMFATypes": ["TOTP", "EMAIL"]})
    );
    let op = confirm(&mut host, "EMAIL");
    assert_eq!(
        host.result_json(op)["nextStep"]["signInStep"],
        "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"
    );
    assert!(host.pending.is_empty());
    confirm(&mut host, "alice@example.com");
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body(
            "MFA_SETUP",
            json!({"USERNAME": "alice", "EMAIL": "alice@example.com"}),
            "s1"
        )
    );
    host.respond(id, 200, r#"{"ChallengeName":"EMAIL_OTP","Session":"s2","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"a***@e***"}}"#);
    let op = confirm(&mut host, "777777");
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(body["ChallengeResponses"]["EMAIL_OTP_CODE"], "777777");
    host.respond(id, 200, &tokens());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
}

#[test]
fn custom_auth_with_and_without_srp() {
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/srp_vectors.json")).expect("fixture");
    let case = &fixture["shortACases"][3];
    let s = |p: &str| {
        case.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut host = Host::started(config(&s("/inputs/userPoolId")), storage(&[]));
    host.now = case["inputs"]["nowMillis"].as_i64().unwrap_or_default();
    host.random = [drawn_a(&s("/inputs/aHex")), vec![0; 480]].concat();
    let user = s("/inputs/userIdForSrp");
    host.command(
        json!({"type": "signIn", "username": user, "password": s("/inputs/password"),
        "options": {"authFlowType": "CUSTOM_WITH_SRP"}}),
    );
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({"AuthFlow": "CUSTOM_AUTH", "AuthParameters": {
        "USERNAME": user, "SRP_A": s("/expected/srpA"), "CHALLENGE_NAME": "SRP_A"}, "ClientId": CLIENT_ID})
    );
    host.respond(
        id,
        200,
        &json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": "c1",
        "ChallengeParameters": {"SALT": s("/inputs/saltHex"), "SRP_B": s("/inputs/bHex"),
            "SECRET_BLOCK": s("/inputs/secretBlock"), "USERNAME": user, "USER_ID_FOR_SRP": user}})
        .to_string(),
    );
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body["ChallengeResponses"]["PASSWORD_CLAIM_SIGNATURE"],
        s("/expected/signature").as_str()
    );
    assert_eq!(body["Session"], "c1");
    host.respond(id, 200, r#"{"ChallengeName":"CUSTOM_CHALLENGE","Session":"c2","ChallengeParameters":{"question":"2+2?"}}"#);
    // (The sign-in op completed with the custom step.)
    let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
    assert_eq!(snap["signInStep"], "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    let op = confirm(&mut host, "4");
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body(
            "CUSTOM_CHALLENGE",
            json!({"USERNAME": user, "ANSWER": "4"}),
            "c2"
        )
    );
    host.respond(id, 200, &auth_result(&user, "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);

    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "CUSTOM_WITHOUT_SRP"}}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({"AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "alice"},
        "ClientId": CLIENT_ID})
    );
    host.respond(
        id,
        200,
        r#"{"ChallengeName":"CUSTOM_CHALLENGE","Session":"c","ChallengeParameters":{"hint":"h"}}"#,
    );
    assert_eq!(
        host.result_json(op)["nextStep"],
        json!({
        "signInStep": "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE", "additionalInfo": {"hint": "h"}})
    );
}

#[test]
fn user_auth_preferred_and_selected_first_factors() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "EMAIL_OTP"}}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({"AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "alice",
        "PREFERRED_CHALLENGE": "EMAIL_OTP"}, "ClientId": CLIENT_ID})
    );
    host.respond(
        id,
        200,
        r#"{"ChallengeName":"EMAIL_OTP","Session":"u1","ChallengeParameters":{}}"#,
    );
    assert_eq!(
        host.result_json(op)["nextStep"]["signInStep"],
        "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
    );

    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "PASSWORD"}}));
    assert_eq!(host.error_name(op), "EmptySignInPassword");
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "MAGIC"}}));
    assert_eq!(host.error_name(op), "InvalidPreferredChallenge");

    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH"}}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(body["AuthParameters"], json!({"USERNAME": "alice"}));
    host.respond(id, 200, r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"u1","ChallengeParameters":{},"AvailableChallenges":["PASSWORD","PASSWORD_SRP","EMAIL_OTP"]}"#);
    assert_eq!(
        host.result_json(op)["nextStep"],
        json!({
        "signInStep": "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
        "availableChallenges": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]})
    );
    let op = confirm(&mut host, "SMS_OTP");
    assert_eq!(host.error_name(op), "InvalidPreferredChallenge");
    let op = confirm(&mut host, "PASSWORD");
    assert_eq!(
        host.result_json(op)["nextStep"]["signInStep"],
        "CONFIRM_SIGN_IN_WITH_PASSWORD"
    );
    let op = confirm(&mut host, "pw!");
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body(
            "SELECT_CHALLENGE",
            json!({"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": "pw!"}),
            "u1"
        )
    );
    host.respond(id, 200, &tokens());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
    assert_eq!(
        host.storage[&user_key("alice", "signInDetails")],
        r#"{"loginId":"alice","authFlowType":"USER_AUTH"}"#
    );
}

fn fixture() -> Value {
    serde_json::from_str(include_str!("../fixtures/srp_vectors.json")).expect("fixture")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect()
}

#[test]
fn remembered_device_answers_device_srp_like_the_reference() {
    let f = fixture();
    for case in f["shortADevicePasswordVerifierCases"]
        .as_array()
        .expect("cases")
        .iter()
        .take(6)
    {
        let s = |p: &str| {
            case.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let stored = storage(&[
            (&user_key("alice", "deviceKey"), &s("/inputs/deviceKey")),
            (
                &user_key("alice", "deviceGroupKey"),
                &s("/inputs/deviceGroupKey"),
            ),
            (
                &user_key("alice", "randomPasswordKey"),
                &s("/inputs/randomPassword"),
            ),
        ]);
        let mut host = Host::started(config("us-east-1_P"), stored);
        host.now = case["inputs"]["nowMillis"].as_i64().unwrap_or_default();
        host.random = [drawn_a(&s("/inputs/aHex")), vec![0; 480]].concat();
        let op = host.command(
            json!({"type": "signIn", "username": "alice", "password": "pw",
            "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
        );
        let (id, body) = host.expect_request("InitiateAuth");
        assert_eq!(
            body["AuthParameters"]["DEVICE_KEY"],
            s("/inputs/deviceKey").as_str()
        );
        host.respond(id, 200, r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"d1","ChallengeParameters":{"USERNAME":"alice"}}"#);
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(
            body,
            respond_body(
                "DEVICE_SRP_AUTH",
                json!({"USERNAME": "alice",
            "DEVICE_KEY": s("/inputs/deviceKey"), "SRP_A": s("/expected/srpA")}),
                "d1"
            )
        );
        host.respond(
            id,
            200,
            &json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "d2",
            "ChallengeParameters": {"SALT": s("/inputs/saltHex"), "SRP_B": s("/inputs/bHex"),
                "SECRET_BLOCK": s("/inputs/secretBlock"), "USERNAME": "alice"}})
            .to_string(),
        );
        let (id, body) = host.expect_request("RespondToAuthChallenge");
        assert_eq!(
            body,
            respond_body(
                "DEVICE_PASSWORD_VERIFIER",
                json!({"USERNAME": "alice",
            "DEVICE_KEY": s("/inputs/deviceKey"),
            "PASSWORD_CLAIM_SECRET_BLOCK": s("/inputs/secretBlock"),
            "TIMESTAMP": s("/expected/timestamp"),
            "PASSWORD_CLAIM_SIGNATURE": s("/expected/signature")}),
                "d2"
            ),
            "{}",
            s("/id")
        );
        host.respond(id, 200, &tokens());
        assert_eq!(host.result_json(op)["isSignedIn"], true);
        // Sign-out keeps the device.
        host.command(json!({"type": "signOut"}));
        assert!(host
            .storage
            .contains_key(&user_key("alice", "randomPasswordKey")));
    }
}

#[test]
fn new_device_is_confirmed_with_the_reference_verifier_and_stored_on_success() {
    let f = fixture();
    for (i, case) in f["deviceVectors"]
        .as_array()
        .expect("cases")
        .iter()
        .take(4)
        .enumerate()
    {
        let s = |p: &str| {
            case.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let mut host = Host::started(config("us-east-1_P"), storage(&[]));
        host.random = [hex(&s("/inputs/randomHex")), vec![0; 456]].concat();
        let op = host.command(
            json!({"type": "signIn", "username": "alice", "password": "pw",
            "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
        );
        let (id, _) = host.expect_request("InitiateAuth");
        let mut result = auth_result("alice", "sub-a", NOW_S, true);
        result["AuthenticationResult"]["NewDeviceMetadata"] = json!({
            "DeviceKey": s("/inputs/deviceKey"), "DeviceGroupKey": s("/inputs/deviceGroupKey")});
        host.respond(id, 200, &result.to_string());
        // The sign-in is done at once; the device is confirmed beside it.
        assert_eq!(host.result_json(op)["isSignedIn"], true);
        let (id, body) = host.expect_request("ConfirmDevice");
        assert_eq!(
            body,
            json!({
            "AccessToken": result["AuthenticationResult"]["AccessToken"],
            "DeviceKey": s("/inputs/deviceKey"), "DeviceName": "cognito-headless",
            "DeviceSecretVerifierConfig": {"Salt": s("/expected/saltB64"),
                                           "PasswordVerifier": s("/expected/verifierB64")}})
        );
        assert!(!host.storage.contains_key(&user_key("alice", "deviceKey")));
        if i % 2 == 0 {
            host.respond(id, 200, r#"{"UserConfirmationNecessary":false}"#);
            assert_eq!(
                host.storage[&user_key("alice", "deviceKey")],
                s("/inputs/deviceKey")
            );
            assert_eq!(
                host.storage[&user_key("alice", "deviceGroupKey")],
                s("/inputs/deviceGroupKey")
            );
            assert_eq!(
                host.storage[&user_key("alice", "randomPasswordKey")],
                s("/expected/randomPassword")
            );
        } else {
            // A failed confirmation leaves no half-remembered device.
            host.respond(id, 500, "<html>no</html>");
            assert!(!host.storage.contains_key(&user_key("alice", "deviceKey")));
            assert_eq!(
                crate::support::bridge::to_value(host.machine.snapshot()).expect("s")["authStatus"],
                "authenticated"
            );
        }
    }
}

#[test]
fn secret_hash_goes_on_every_call_when_a_client_secret_is_configured() {
    let f = fixture();
    let case = &f["secretHashes"][0];
    let s = |p: &str| {
        case.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let cfg: cognito_headless::machine::Config = crate::support::bridge::from_value(json!({
        "userPoolId": "us-east-1_P", "userPoolClientId": s("/inputs/clientId"),
        "userPoolClientSecret": s("/inputs/clientSecret")}))
    .expect("cfg");
    let user = s("/inputs/username");
    let mut host = Host::started(cfg, storage(&[]));
    host.command(json!({"type": "signIn", "username": user, "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
    let (id, body) = host.expect_request("InitiateAuth");
    // Expected from Node's crypto HMAC (the fixture), not from this crate.
    assert_eq!(
        body["AuthParameters"]["SECRET_HASH"],
        s("/expected").as_str()
    );
    host.respond(
        id,
        200,
        &json!({"ChallengeName": "SMS_MFA", "Session": "s",
        "ChallengeParameters": {"USERNAME": user}})
        .to_string(),
    );
    confirm(&mut host, "123456");
    let (_, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body["ChallengeResponses"]["SECRET_HASH"],
        s("/expected").as_str()
    );
}

#[test]
fn confirm_sign_in_without_a_waiting_step_or_after_three_minutes() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = confirm(&mut host, "123456");
    assert_eq!(host.error_name(op), "SignInException");
    challenged(
        &mut host,
        json!({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}}),
    );
    let op = confirm(&mut host, "");
    assert_eq!(host.error_name(op), "EmptyChallengeResponse");
    host.now += 3 * 60 * 1000 + 1;
    let op = confirm(&mut host, "123456");
    assert_eq!(host.error_name(op), "SignInException");
    assert!(host.pending.is_empty());
    // signOut abandons a waiting step.
    challenged(
        &mut host,
        json!({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}}),
    );
    host.command(json!({"type": "signOut"}));
    let op = confirm(&mut host, "123456");
    assert_eq!(host.error_name(op), "SignInException");
}

fn saved_key() -> String {
    format!("CognitoIdentityServiceProvider.{CLIENT_ID}.signInState")
}

#[test]
fn a_waiting_step_survives_a_reload_and_is_cleaned_up_after() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    challenged(
        &mut host,
        json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s1",
        "ChallengeParameters": {"USERNAME": "alice"}}),
    );
    let saved = host.storage[&saved_key()].clone();
    assert_redacted(&saved, &["\"pw\""]);
    // Reload: a new machine over the same storage resumes the step.
    let mut reloaded = Host::started(config("us-east-1_P"), host.storage.clone());
    reloaded.now = host.now + 60_000;
    let snap = crate::support::bridge::to_value(reloaded.machine.snapshot()).expect("snap");
    assert_eq!(snap["signInStep"], "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    let op = confirm(&mut reloaded, "123456");
    let (id, body) = reloaded.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        respond_body(
            "SOFTWARE_TOKEN_MFA",
            json!({"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": "123456"}),
            "s1"
        )
    );
    reloaded.respond(id, 200, &tokens());
    assert_eq!(reloaded.result_json(op)["isSignedIn"], true);
    assert!(!reloaded.storage.contains_key(&saved_key()));
    // An expired step is removed on start.
    let mut late = Host::new(config("us-east-1_P"), host.storage.clone());
    late.now = host.now + 3 * 60 * 1000 + 1;
    late.input(cognito_headless::machine::Input::Start);
    assert!(!late.storage.contains_key(&saved_key()));
    let op = confirm(&mut late, "123456");
    assert_eq!(late.error_name(op), "SignInException");
    // Corrupt values are removed too.
    let corrupt = storage(&[(&saved_key(), "{not json")]);
    let host = Host::started(config("us-east-1_P"), corrupt);
    assert!(host.storage.is_empty());
}

#[test]
fn a_waiting_step_can_be_exported_and_resumed_elsewhere() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    challenged(
        &mut host,
        json!({"ChallengeName": "EMAIL_OTP", "Session": "s9",
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL"}}),
    );
    let op = host.command(json!({"type": "exportSignInState"}));
    let exported = host.result_json(op);
    let text = exported.as_str().expect("a string").to_owned();
    assert_redacted(&text, &["\"pw\""]);
    // Another tab (its own storage) imports it and sees the same step.
    let mut other = Host::started(config("us-east-1_P"), storage(&[]));
    let op = other.command(json!({"type": "importSignInState", "state": text}));
    assert_eq!(
        other.result_json(op),
        json!({"isSignedIn": false, "nextStep": {
        "signInStep": "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
        "codeDeliveryDetails": {"deliveryMedium": "EMAIL"}}})
    );
    let op = confirm(&mut other, "424242");
    let (id, body) = other.expect_request("RespondToAuthChallenge");
    assert_eq!(body["Session"], "s9");
    assert_eq!(body["ChallengeResponses"]["EMAIL_OTP_CODE"], "424242");
    other.respond(id, 200, &tokens());
    assert_eq!(other.result_json(op)["isSignedIn"], true);
    // Garbage, or nothing waiting, is a typed error.
    let op = other.command(json!({"type": "importSignInState", "state": "garbage"}));
    assert_eq!(other.error_name(op), "UserAlreadyAuthenticatedException");
    let mut fresh = Host::started(config("us-east-1_P"), storage(&[]));
    let op = fresh.command(json!({"type": "importSignInState", "state": "garbage"}));
    assert_eq!(fresh.error_name(op), "SignInException");
    let op = fresh.command(json!({"type": "exportSignInState"}));
    assert_eq!(fresh.error_name(op), "SignInException");
}
