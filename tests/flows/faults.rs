//! For every request of both sign-in flows and of the refresh: network error, timeout,
//! HTTP 5xx, an HTML body, malformed JSON, wrong types, missing fields and Cognito errors
//! each give a typed error, the machine stays usable, and storage is byte-identical.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::cognito::{HttpResponse, TransportError};
use cognito_headless::machine::RequestId;
use cognito_headless::session::Secret;
use serde_json::json;

/// A fault and the error name it must produce.
struct Fault {
    label: &'static str,
    expected: &'static str,
    inject: fn(&mut Host, RequestId),
}

fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: Secret::new(body),
    }
}

fn faults() -> Vec<Fault> {
    vec![
        Fault { label: "network", expected: "NetworkError", inject: |h, id| {
            h.fail(id, TransportError::Network { message: "connection reset".into() })
        }},
        Fault { label: "timeout", expected: "TimeoutError", inject: |h, id| {
            h.fail(id, TransportError::Timeout)
        }},
        Fault { label: "html 500", expected: "UnexpectedResponseException", inject: |h, id| {
            h.respond_with(id, raw(500, &[("content-type", "text/html")],
                "<!doctype html><title>500 Internal Server Error</title>"))
        }},
        Fault { label: "html 200", expected: "UnexpectedResponseException", inject: |h, id| {
            h.respond_with(id, raw(200, &[("content-type", "text/html")], "<html>proxy</html>"))
        }},
        Fault { label: "503 json", expected: "ServiceUnavailable", inject: |h, id| {
            h.respond(id, 503, r#"{"__type":"ServiceUnavailable","message":"try later"}"#)
        }},
        Fault { label: "truncated json", expected: "UnexpectedResponseException", inject: |h, id| {
            h.respond(id, 200, r#"{"AuthenticationResult":{"AccessTok"#)
        }},
        Fault { label: "wrong types", expected: "MalformedResponseException", inject: |h, id| {
            h.respond(id, 200, r#"{"AuthenticationResult":5}"#)
        }},
        Fault { label: "not a jwt", expected: "MalformedResponseException", inject: |h, id| {
            h.respond(id, 200, r#"{"AuthenticationResult":{"AccessToken":"abc"}}"#)
        }},
        Fault { label: "missing fields", expected: "MalformedResponseException", inject: |h, id| {
            h.respond(id, 200, "{}")
        }},
        Fault { label: "json array", expected: "MalformedResponseException", inject: |h, id| {
            h.respond(id, 200, "[]")
        }},
        Fault { label: "error header", expected: "NotAuthorizedException", inject: |h, id| {
            h.respond_with(id, raw(400, &[("x-amzn-errortype",
                "NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/")],
                r#"{"message":"Incorrect username or password."}"#))
        }},
        Fault { label: "__type", expected: "NotAuthorizedException", inject: |h, id| {
            h.respond(id, 400, r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"no"}"#)
        }},
        Fault { label: "code", expected: "LimitExceededException", inject: |h, id| {
            h.respond(id, 400, r#"{"code":"LimitExceededException","message":"slow down"}"#)
        }},
        Fault { label: "throttled", expected: "TooManyRequestsException", inject: |h, id| {
            h.respond(id, 429, r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#)
        }},
        Fault { label: "unknown error", expected: "SomethingNewException", inject: |h, id| {
            h.respond(id, 400, r#"{"__type":"SomethingNewException"}"#)
        }},
    ]
}

/// Device keys and an unrelated app key: none of it may change on a failed sign-in.
fn seeded_storage() -> std::collections::BTreeMap<String, String> {
    storage(&[
        (&user_key("alice", "deviceKey"), "us-east-1_dev"),
        (&user_key("alice", "deviceGroupKey"), "-grp"),
        ("app.theme", "dark"),
    ])
}

const CHALLENGE: &str = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1b2c3","SECRET_BLOCK":"c2VjcmV0","SRP_B":"1f2e3d4c5b6a","USERNAME":"alice","USER_ID_FOR_SRP":"alice"}}"#;

#[test]
fn every_sign_in_request_under_every_fault() {
    let mut cells = 0;
    // (flow, index of the failing request)
    for (flow, step) in [("USER_SRP_AUTH", 0), ("USER_SRP_AUTH", 1), ("USER_PASSWORD_AUTH", 0)] {
        for fault in faults() {
            let mut host = Host::started(config("us-east-1_P"), seeded_storage());
            let before = host.storage.clone();
            let op = host.command(json!({"type": "signIn", "username": "alice",
                "password": "pw", "options": {"authFlowType": flow}}));
            let (mut id, _) = host.next_request();
            if step == 1 {
                host.respond(id, 200, CHALLENGE);
                id = host.next_request().0;
            }
            (fault.inject)(&mut host, id);
            let cell = format!("{flow} request {step} / {}", fault.label);
            // A challenge where a token set was expected is a typed error too.
            let name = host.error_name(op);
            assert_eq!(name, fault.expected, "{cell}");
            assert_eq!(host.storage, before, "{cell}: storage changed");
            let snap = serde_json::to_value(host.machine.snapshot()).expect("snap");
            assert_eq!(snap["authStatus"], "unauthenticated", "{cell}");
            assert_eq!(snap["isPending"], false, "{cell}");
            assert!(host.pending.is_empty(), "{cell}");
            assert!(host.events.is_empty(), "{cell}");
            // The user can retry at once.
            let retry = host.command(json!({"type": "signIn", "username": "alice",
                "password": "pw", "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
            let (id, _) = host.expect_request("InitiateAuth");
            host.respond(id, 200, &auth_result("alice", "s", 1_772_528_707, true).to_string());
            assert_eq!(host.result_json(retry)["isSignedIn"], true, "{cell}");
            cells += 1;
        }
    }
    println!("sign-in fault cells: {cells}");
    assert_eq!(cells, 45);
}

#[test]
fn unexpected_challenges_are_typed_errors() {
    // An SRP flow answered with a challenge other than PASSWORD_VERIFIER, and a password
    // flow answered with one it cannot handle yet.
    for (flow, body) in [
        ("USER_SRP_AUTH", r#"{"ChallengeName":"WHO_KNOWS","ChallengeParameters":{},"Session":"s"}"#),
        ("USER_PASSWORD_AUTH", r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","ChallengeParameters":{}}"#),
        ("USER_PASSWORD_AUTH", r#"{"ChallengeName":"BRAND_NEW_CHALLENGE","Session":"s"}"#),
        ("USER_SRP_AUTH", r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab"}}"#),
        ("USER_SRP_AUTH", r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":"oops"}"#),
    ] {
        let mut host = Host::started(config("us-east-1_P"), seeded_storage());
        let before = host.storage.clone();
        let op = host.command(json!({"type": "signIn", "username": "alice", "password": "pw",
            "options": {"authFlowType": flow}}));
        let (id, _) = host.next_request();
        host.respond(id, 200, body);
        let name = host.error_name(op);
        assert!(
            ["UnexpectedChallengeException", "MalformedResponseException", "DeviceMetadataNotFoundException"].contains(&name.as_str()),
            "{body}: {name}"
        );
        assert_eq!(host.storage, before);
        assert!(host.pending.is_empty());
    }
}

#[test]
fn refresh_under_every_fault_keeps_or_ends_the_session_by_policy() {
    let mut cells = 0;
    for (flow, op) in [("initiateAuth", "InitiateAuth"), ("rotation", "GetTokensFromRefreshToken")] {
        for fault in faults() {
            let iat = 1_772_528_707 - 7200; // expired an hour ago
            let cfg = config_with("us-east-1_P", json!({"refreshFlow": flow}));
            let mut host = Host::started(cfg, stored_session("alice", "s-1", iat));
            let before = host.storage.clone();
            let call = host.command(json!({"type": "fetchAuthSession"}));
            let (id, _) = host.expect_request(op);
            (fault.inject)(&mut host, id);
            let cell = format!("{flow} / {}", fault.label);
            let ends_session = fault.expected == "NotAuthorizedException";
            let snap = serde_json::to_value(host.machine.snapshot()).expect("snap");
            let events = serde_json::to_value(&host.events).expect("events");
            assert_eq!(events[0]["name"], "tokenRefresh_failure", "{cell}");
            assert_eq!(events[0]["data"]["error"]["name"], fault.expected, "{cell}");
            assert!(host.pending.is_empty(), "{cell}: no retry storm");
            if ends_session {
                // Amplify's rule: a dead refresh token ends the session; the call resolves empty.
                assert_eq!(host.result_json(call), json!({}), "{cell}");
                assert_eq!(snap["authStatus"], "unauthenticated", "{cell}");
                assert_eq!(events[1]["name"], "signedOut", "{cell}");
                assert!(!host.storage.contains_key(&user_key("alice", "refreshToken")));
                assert!(!host.storage.contains_key(&last_user_key()));
            } else {
                // Offline, throttled, 5xx, unreadable: the session survives untouched.
                assert_eq!(host.error_name(call), fault.expected, "{cell}");
                assert_eq!(snap["authStatus"], "authenticated", "{cell}");
                assert_eq!(host.storage, before, "{cell}");
            }
            cells += 1;
        }
    }
    println!("refresh fault cells: {cells}");
    assert_eq!(cells, 30);
}

#[test]
fn every_session_ending_error_clears_and_nothing_else_does() {
    for name in [
        "NotAuthorizedException", "TokenRevokedException", "UserNotFoundException",
        "PasswordResetRequiredException", "UserNotConfirmedException", "RefreshTokenReuseException",
        "InternalErrorException", "TooManyRequestsException", "LimitExceededException",
        "ResourceNotFoundException", "InvalidParameterException",
    ] {
        let cfg = config_with("us-east-1_P", json!({"refreshFlow": "initiateAuth"}));
        let mut host = Host::started(cfg, stored_session("alice", "s-1", 1_772_528_707 - 7200));
        host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
        let (id, _) = host.expect_request("InitiateAuth");
        host.respond(id, 400, &json!({"__type": name, "message": "m"}).to_string());
        let ended = !host.storage.contains_key(&last_user_key());
        // The reference's list (section 1, Refresh): exactly the first six.
        let should_end = [
            "NotAuthorizedException", "TokenRevokedException", "UserNotFoundException",
            "PasswordResetRequiredException", "UserNotConfirmedException",
            "RefreshTokenReuseException",
        ]
        .contains(&name);
        assert_eq!(ended, should_end, "{name}");
    }
}

/// One step of a scripted flow: a command, or the next request (its `x-amz-target`
/// operation) and the successful answer to give it.
enum Step {
    Cmd(serde_json::Value),
    Reply(&'static str, serde_json::Value),
}

/// A whole flow as a script. Adding one here adds its cells to the matrix.
struct Flow {
    name: &'static str,
    config: serde_json::Value,
    storage: std::collections::BTreeMap<String, String>,
    steps: Vec<Step>,
    /// Error names after which the flow's policy is to end the session (refresh only).
    ends_session_on: &'static [&'static str],
}

const NOW_S: i64 = 1_772_528_707;
const ID_POOL: &str = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

fn flows() -> Vec<Flow> {
    use Step::{Cmd, Reply};
    let tokens = auth_result("alice", "sub-a", NOW_S, true);
    let sign_in = |flow: &str| json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": flow}});
    let confirm = |r: &str| json!({"type": "confirmSignIn", "challengeResponse": r});
    let device = storage(&[
        (&user_key("alice", "deviceKey"), "us-east-1_dk"),
        (&user_key("alice", "deviceGroupKey"), "grp"),
        (&user_key("alice", "randomPasswordKey"), "devpw"),
    ]);
    let expired = stored_session("alice", "sub-a", NOW_S - 7200);
    let valid = stored_session("alice", "sub-a", NOW_S - 60);
    vec![
        Flow { name: "srp", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_SRP_AUTH")),
            Reply("InitiateAuth", serde_json::from_str(CHALLENGE).unwrap_or_default()),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "password", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_PASSWORD_AUTH")),
            Reply("InitiateAuth", tokens.clone()),
        ]},
        Flow { name: "sms mfa", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_PASSWORD_AUTH")),
            Reply("InitiateAuth", json!({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}})),
            Cmd(confirm("123456")),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "totp setup", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_PASSWORD_AUTH")),
            Reply("InitiateAuth", json!({"ChallengeName": "MFA_SETUP", "Session": "s",
                "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}})),
            Reply("AssociateSoftwareToken", json!({"SecretCode": "ABC", "Session": "s2"})),
            Cmd(confirm("123456")),
            Reply("VerifySoftwareToken", json!({"Status": "SUCCESS", "Session": "s3"})),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "new password", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_SRP_AUTH")),
            Reply("InitiateAuth", serde_json::from_str(CHALLENGE).unwrap_or_default()),
            Reply("RespondToAuthChallenge", json!({"ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Session": "s", "ChallengeParameters": {"requiredAttributes": "[]"}})),
            Cmd(confirm("N3w-password!")),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "custom", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(json!({"type": "signIn", "username": "alice", "options": {"authFlowType": "CUSTOM_WITHOUT_SRP"}})),
            Reply("InitiateAuth", json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s", "ChallengeParameters": {"q": "?"}})),
            Cmd(confirm("42")),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "user auth", config: json!({}), storage: storage(&[]), ends_session_on: &[], steps: vec![
            Cmd(json!({"type": "signIn", "username": "alice", "options": {"authFlowType": "USER_AUTH"}})),
            Reply("InitiateAuth", json!({"ChallengeName": "SELECT_CHALLENGE", "Session": "s",
                "AvailableChallenges": ["EMAIL_OTP", "PASSWORD"]})),
            Cmd(confirm("EMAIL_OTP")),
            Reply("RespondToAuthChallenge", json!({"ChallengeName": "EMAIL_OTP", "Session": "s2", "ChallengeParameters": {}})),
            Cmd(confirm("777777")),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "device srp", config: json!({}), storage: device, ends_session_on: &[], steps: vec![
            Cmd(sign_in("USER_PASSWORD_AUTH")),
            Reply("InitiateAuth", json!({"ChallengeName": "DEVICE_SRP_AUTH", "Session": "d1", "ChallengeParameters": {}})),
            Reply("RespondToAuthChallenge", json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "d2",
                "ChallengeParameters": {"SALT": "a1b2", "SRP_B": "5f5e5d", "SECRET_BLOCK": "c2Vj", "USERNAME": "alice"}})),
            Reply("RespondToAuthChallenge", tokens.clone()),
        ]},
        Flow { name: "refresh (rotation)", config: json!({"refreshFlow": "rotation"}), storage: expired.clone(),
            ends_session_on: &["NotAuthorizedException"], steps: vec![
            Cmd(json!({"type": "fetchAuthSession"})),
            Reply("GetTokensFromRefreshToken", auth_result("alice", "sub-a", NOW_S, false)),
        ]},
        Flow { name: "refresh (initiateAuth)", config: json!({"refreshFlow": "initiateAuth"}), storage: expired,
            ends_session_on: &["NotAuthorizedException"], steps: vec![
            Cmd(json!({"type": "fetchAuthSession"})),
            Reply("InitiateAuth", auth_result("alice", "sub-a", NOW_S, false)),
        ]},
        Flow { name: "identity pool", config: json!({"identityPoolId": ID_POOL}), storage: valid,
            ends_session_on: &[], steps: vec![
            Cmd(json!({"type": "fetchAuthSession"})),
            Reply("GetId", json!({"IdentityId": "us-east-1:id"})),
            Reply("GetCredentialsForIdentity", json!({"Credentials": {"AccessKeyId": "A",
                "SecretKey": "S", "SessionToken": "T", "Expiration": NOW_S + 3600}})),
        ]},
    ]
}

/// Storage minus the saved sign-in step (which the flow itself writes while it waits).
fn session_storage(host: &Host) -> std::collections::BTreeMap<String, String> {
    let saved = format!("CognitoIdentityServiceProvider.{CLIENT_ID}.signInState");
    host.storage.iter().filter(|(k, _)| **k != saved).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Runs `flow`, failing its `fault_at`-th request with `fault`. Returns how many requests
/// the flow makes.
fn run_flow(flow: &Flow, fault_at: Option<(usize, &Fault)>) -> usize {
    let mut base = json!({"userPoolId": "us-east-1_P", "userPoolClientId": CLIENT_ID});
    if let (Some(b), Some(extra)) = (base.as_object_mut(), flow.config.as_object()) {
        b.extend(extra.clone());
    }
    let cfg: cognito_headless::machine::Config = serde_json::from_value(base).expect("config");
    let mut host = Host::started(cfg, flow.storage.clone());
    let mut last_op = 0;
    let mut index = 0;
    for step in &flow.steps {
        match step {
            Step::Cmd(command) => last_op = host.command(command.clone()),
            Step::Reply(op, body) => {
                let (id, request) = host.next_request();
                let target = request.header("x-amz-target").unwrap_or("").to_owned();
                assert!(target.ends_with(&format!(".{op}")), "{}: expected {op}, got {target}", flow.name);
                if let Some((at, fault)) = fault_at {
                    if at == index {
                        let cell = format!("{} / request {index} ({op}) / {}", flow.name, fault.label);
                        let before = session_storage(&host);
                        (fault.inject)(&mut host, id);
                        let ended = flow.ends_session_on.contains(&fault.expected);
                        match host.result(last_op) {
                            Err(e) => {
                                let allowed = [fault.expected, "UnexpectedChallengeException", "MalformedResponseException"];
                                let ok = e.name() == fault.expected
                                    || (fault.label == "unexpected challenge" && allowed.contains(&e.name()));
                                assert!(ok, "{cell}: got {}", e.name());
                                assert!(!ended, "{cell}: should have ended the session");
                                assert_eq!(session_storage(&host), before, "{cell}: storage changed");
                            }
                            Ok(out) => {
                                assert!(ended, "{cell}: succeeded: {out:?}");
                                assert!(!host.storage.contains_key(&last_user_key()), "{cell}");
                            }
                        }
                        let snap = serde_json::to_value(host.machine.snapshot()).expect("snap");
                        assert_eq!(snap["isPending"], false, "{cell}");
                        assert!(host.pending.is_empty(), "{cell}: requests left in flight");
                        return index + 1;
                    }
                }
                host.respond(id, 200, &body.to_string());
                index += 1;
            }
        }
    }
    // The unfaulted script must succeed.
    assert!(host.result(last_op).is_ok(), "{}: {:?}", flow.name, host.result(last_op));
    assert!(host.pending.iter().all(|(_, r)| r.header("x-amz-target").unwrap_or("").ends_with("ConfirmDevice")));
    index
}

#[test]
fn fault_matrix_every_request_of_every_flow() {
    let mut all = faults();
    all.push(Fault { label: "unexpected challenge", expected: "UnexpectedChallengeException", inject: |h, id| {
        h.respond(id, 200, r#"{"ChallengeName":"SURPRISE","Session":"x","ChallengeParameters":{}}"#)
    }});
    let mut cells = 0;
    for flow in flows() {
        let requests = run_flow(&flow, None);
        for at in 0..requests {
            for fault in &all {
                run_flow(&flow, Some((at, fault)));
                cells += 1;
            }
        }
    }
    println!("fault matrix cells: {cells}");
    assert!(cells >= 300, "{cells}");
}
