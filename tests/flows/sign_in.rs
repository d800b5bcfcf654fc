//! Sign-in transcripts: exact requests (bodies are literals from the reference; SRP_A, TIMESTAMP
//! and PASSWORD_CLAIM_SIGNATURE come from amazon-cognito-identity-js via the fixture), effects,
//! storage and results.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use serde_json::{json, Value};

fn fixture() -> Value {
    serde_json::from_str(include_str!("../fixtures/srp_vectors.json")).expect("fixture")
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    v.pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{path} missing"))
}

/// One SRP sign-in against a scripted Cognito, checked request by request.
fn srp_transcript(case: &Value) {
    let pool = s(case, "/inputs/userPoolId");
    let login = s(case, "/inputs/username");
    let user_id = s(case, "/inputs/userIdForSrp");
    let password = s(case, "/inputs/password");
    let mut host = Host::started(config(pool), storage(&[]));
    host.now = case["inputs"]["nowMillis"].as_i64().expect("now");
    // The 32 bytes the machine draws for `a` (the case's a is below 2^256).
    let mut random = drawn_a(s(case, "/inputs/aHex"));
    random.resize(256, 0xEE);
    host.random = random;

    let op = host.command(json!({"type": "signIn", "username": login, "password": password}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({
            "AuthFlow": "USER_SRP_AUTH",
            "AuthParameters": { "USERNAME": login, "SRP_A": s(case, "/expected/srpA") },
            "ClientId": CLIENT_ID,
        }),
        "{}",
        s(case, "/id")
    );
    host.respond(
        id,
        200,
        &json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": s(case, "/inputs/saltHex"),
                "SECRET_BLOCK": s(case, "/inputs/secretBlock"),
                "SRP_B": s(case, "/inputs/bHex"),
                "USERNAME": user_id,
                "USER_ID_FOR_SRP": user_id,
            },
        })
        .to_string(),
    );
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body,
        json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": {
                "USERNAME": user_id,
                "PASSWORD_CLAIM_SECRET_BLOCK": s(case, "/inputs/secretBlock"),
                "TIMESTAMP": s(case, "/expected/timestamp"),
                "PASSWORD_CLAIM_SIGNATURE": s(case, "/expected/signature"),
            },
            "ClientId": CLIENT_ID,
        }),
        "{}",
        s(case, "/id")
    );
    let iat = host.now / 1000 + 42;
    let result = auth_result(user_id, "sub-1", iat, true);
    host.respond(id, 200, &result.to_string());

    assert_eq!(
        host.result_json(op),
        json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
    );
    let r = &result["AuthenticationResult"];
    let expected_storage = storage(&[
        (&last_user_key(), user_id),
        (
            &user_key(user_id, "accessToken"),
            r["AccessToken"].as_str().unwrap_or(""),
        ),
        (
            &user_key(user_id, "idToken"),
            r["IdToken"].as_str().unwrap_or(""),
        ),
        (&user_key(user_id, "refreshToken"), "refresh-token-value"),
        (
            &user_key(user_id, "clockDrift"),
            &(iat * 1000 - host.now).to_string(),
        ),
        (
            &user_key(user_id, "signInDetails"),
            &format!(
                r#"{{"loginId":{},"authFlowType":"USER_SRP_AUTH"}}"#,
                json!(login)
            ),
        ),
    ]);
    assert_eq!(host.storage, expected_storage);
    assert_eq!(
        host.effect_log,
        [
            "Load", "Load", "Http", "Http", "Store", "Store", "Store", "Store", "Store", "Store",
            "Emit", "Complete"
        ]
    );
    let events = crate::support::bridge::to_value(&host.events).expect("events");
    assert_eq!(
        events,
        json!([{"name": "signedIn", "data": {
            "username": user_id, "userId": "sub-1",
            "signInDetails": {"loginId": login, "authFlowType": "USER_SRP_AUTH"}}}])
    );
    assert!(host.pending.is_empty());
}

#[test]
fn srp_sign_in_matches_reference_requests() {
    let fixture = fixture();
    // The cases with a 256-bit `a` (what the machine draws), every 3rd: a spread of pools,
    // aliases, passwords and padHex shapes.
    let cases = fixture["shortACases"].as_array().expect("cases");
    let mut ran = 0;
    // (Amplify refuses an empty password before any request: EmptySignInPassword.)
    for case in cases
        .iter()
        .filter(|c| !s(c, "/inputs/password").is_empty())
        .step_by(3)
    {
        srp_transcript(case);
        ran += 1;
    }
    assert!(ran >= 8);
}

#[test]
fn password_sign_in_sends_reference_request() {
    let mut host = Host::started(config("us-east-1_Pool1"), storage(&[]));
    let op = host.command(json!({
        "type": "signIn", "username": "alice", "password": "Corr3ct horse!",
        "options": {"authFlowType": "USER_PASSWORD_AUTH", "clientMetadata": {"app": "web"}},
    }));
    let (id, request) = host.next_request();
    assert_eq!(request.url, "https://cognito-idp.us-east-1.amazonaws.com/");
    assert_eq!(request.header("cache-control"), Some("no-store"));
    assert!(request
        .header("x-amz-user-agent")
        .is_some_and(|ua| ua.starts_with("cognito-headless/")));
    let body: Value = serde_json::from_str(request.body.expose()).expect("json");
    assert_eq!(
        body,
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Corr3ct horse!"},
            "ClientMetadata": {"app": "web"},
            "ClientId": CLIENT_ID,
        })
    );
    // The request's Debug never shows the password.
    assert_redacted(&format!("{request:?}"), &["Corr3ct horse!"]);
    let now_s = host.now / 1000;
    host.respond(
        id,
        200,
        &auth_result("alice", "sub-a", now_s - 3, true).to_string(),
    );
    assert_eq!(
        host.result_json(op),
        json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
    );
    assert_eq!(host.storage[&user_key("alice", "clockDrift")], "-3000");
    assert_eq!(
        host.storage[&user_key("alice", "signInDetails")],
        r#"{"loginId":"alice","authFlowType":"USER_PASSWORD_AUTH"}"#
    );
    let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snapshot");
    assert_eq!(snap["authStatus"], "authenticated");
    assert_eq!(snap["user"]["userId"], "sub-a");
}

#[test]
fn endpoint_comes_from_region_or_config() {
    let mut host = Host::started(config("cn-north-1_X"), storage(&[]));
    host.command(json!({"type": "signIn", "username": "u", "password": "p",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
    assert_eq!(
        host.next_request().1.url,
        "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
    );
    let mut cfg = config("eu-west-1_X");
    cfg.endpoint = Some("http://127.0.0.1:5000/".into());
    let mut host = Host::started(cfg, storage(&[]));
    host.command(json!({"type": "signIn", "username": "u", "password": "p"}));
    assert_eq!(host.next_request().1.url, "http://127.0.0.1:5000/");
}

#[test]
fn bad_configuration_is_a_typed_error() {
    let cfg = config("nounderscore");
    let err = cognito_headless::machine::AuthMachine::new(cfg).expect_err("must fail");
    assert_eq!(err.name(), "AuthUserPoolException");
}

#[test]
fn sign_in_while_signed_in_is_refused_without_a_request() {
    let now_s = 1_772_528_707;
    let mut host = Host::started(config("us-east-1_P"), stored_session("bob", "sub-b", now_s));
    let before = host.storage.clone();
    let op = host.command(json!({"type": "signIn", "username": "bob", "password": "x"}));
    assert_eq!(host.error_name(op), "UserAlreadyAuthenticatedException");
    assert!(host.pending.is_empty());
    assert_eq!(host.storage, before);
}

#[test]
fn empty_username_or_password_is_a_validation_error() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "  ", "password": "x"}));
    assert_eq!(host.error_name(op), "EmptySignInUsername");
    let op = host.command(json!({"type": "signIn", "username": "bob"}));
    assert_eq!(host.error_name(op), "EmptySignInPassword");
    assert!(host.pending.is_empty());
    assert_eq!(
        crate::support::bridge::to_value(host.machine.snapshot()).expect("snap")["authStatus"],
        "unauthenticated"
    );
}

#[test]
fn unconfirmed_user_and_reset_required_are_steps_not_errors() {
    for (error, step) in [
        ("UserNotConfirmedException", "CONFIRM_SIGN_UP"),
        ("PasswordResetRequiredException", "RESET_PASSWORD"),
    ] {
        let mut host = Host::started(config("us-east-1_P"), storage(&[]));
        let op = host.command(json!({"type": "signIn", "username": "bob", "password": "x"}));
        let (id, _) = host.next_request();
        host.respond(
            id,
            400,
            &json!({"__type": error, "message": "m"}).to_string(),
        );
        assert_eq!(
            host.result_json(op),
            json!({"isSignedIn": false, "nextStep": {"signInStep": step}})
        );
        assert!(host.storage.is_empty());
    }
}

#[test]
fn zero_srp_b_is_refused_before_any_proof_is_sent() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "bob", "password": "x"}));
    let (id, _) = host.next_request();
    let n_hex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
    host.respond(
        id,
        200,
        &json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
            "SALT": "ab", "SECRET_BLOCK": "c2Vj", "SRP_B": n_hex,
            "USERNAME": "bob", "USER_ID_FOR_SRP": "bob"}})
        .to_string(),
    );
    assert_eq!(host.error_name(op), "SrpException");
    assert!(host.pending.is_empty());
}

#[test]
fn a_new_sign_in_interrupts_the_one_in_flight() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let first = host.command(json!({"type": "signIn", "username": "bob", "password": "x"}));
    let (stale, _) = host.next_request();
    let second = host.command(json!({"type": "signIn", "username": "bob", "password": "y",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
    assert_eq!(
        host.error_name(first),
        "UnexpectedSignInInterruptionException"
    );
    // The stale answer is ignored; the new flow completes from its own request.
    host.respond(
        stale,
        200,
        &auth_result("bob", "s", 1_772_528_707, true).to_string(),
    );
    assert!(!host.is_complete(second));
    assert!(host.storage.is_empty());
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(
        id,
        200,
        &auth_result("bob", "s", 1_772_528_707, true).to_string(),
    );
    assert_eq!(host.result_json(second)["isSignedIn"], true);
}
