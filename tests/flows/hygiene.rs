//! Secret hygiene: the `Debug` of every type that holds a password, a token, a client
//! secret or an SRP value is redacted, including the machine itself at every stage of a
//! sign-in, and every effect it emits on the way.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::cognito::{self, HttpResponse};
use cognito_headless::machine::{AuthMachine, Effect, Input};
use cognito_headless::session::{Secret, StorageKeys, StoredSession};
use cognito_headless::srp::{self, SrpClient};
use serde_json::json;
use std::collections::BTreeMap;

const NOW_S: i64 = 1_772_528_707;
const PASSWORD: &str = "Pa55word-of-the-hygiene-test";
const CLIENT_SECRET: &str = "client-secret-of-the-hygiene-test";
const SESSION: &str = "challenge-session-of-the-hygiene-test";

fn random() -> Vec<u8> {
    (0..512u32).map(|i| (i * 89 % 251) as u8).collect()
}

/// Renderings of the SRP entropy that must never show: the bytes as `Debug` prints a
/// slice, and `a` in hex (its first 16 bytes are enough to tell).
fn entropy_renderings(bytes: &[u8]) -> Vec<String> {
    let list = format!("{:?}", &bytes[..8]);
    let hex: String = bytes[..16].iter().map(|b| format!("{b:02x}")).collect();
    vec![list.trim_end_matches(']').to_owned(), hex]
}

fn tokens() -> (String, String, String) {
    let t = auth_result("alice", "sub-a", NOW_S, true);
    let r = &t["AuthenticationResult"];
    (
        r["AccessToken"].as_str().unwrap_or("").to_owned(),
        r["IdToken"].as_str().unwrap_or("").to_owned(),
        "refresh-token-value".to_owned(),
    )
}

fn secrets() -> Vec<String> {
    let (access, id, refresh) = tokens();
    let mut out = vec![
        PASSWORD.to_owned(),
        CLIENT_SECRET.to_owned(),
        SESSION.to_owned(),
        access,
        id,
        refresh,
        "aws-secret-of-the-hygiene-test".into(),
        "aws-session-of-the-hygiene-test".into(),
    ];
    out.extend(entropy_renderings(&random()));
    out
}

#[track_caller]
fn assert_clean(what: &str, debug: &str) {
    for s in secrets() {
        assert!(!debug.contains(&s), "{what} shows {s:?}: {debug}");
    }
}

#[test]
fn http_values_and_wire_types_are_redacted() {
    let (access, id, refresh) = tokens();
    let body = json!({"AuthenticationResult": {"AccessToken": access, "IdToken": id, "RefreshToken": refresh}});
    let response = HttpResponse::json(200, body.to_string());
    assert_clean("HttpResponse", &format!("{response:?}"));
    let request = cognito::request(
        "https://example.com/",
        cognito::UserPoolOp::InitiateAuth,
        &crate::support::bridge::ours(
            &json!({"AuthParameters": {"PASSWORD": PASSWORD, "SECRET_HASH": CLIENT_SECRET}}),
        ),
    );
    assert_clean("HttpRequest", &format!("{request:?}"));
    let map = cognito::parse_response(&response).expect("json");
    let parsed = cognito::parse_auth_response("InitiateAuth", &map).expect("tokens");
    assert_clean("AuthResponse (tokens)", &format!("{parsed:?}"));
    let challenge = cognito::parse_auth_response(
        "InitiateAuth",
        &crate::support::bridge::from_value(json!({
        "ChallengeName": "SMS_MFA", "Session": SESSION, "ChallengeParameters": {}}))
        .expect("map"),
    )
    .expect("challenge");
    assert_clean("Challenge with Session", &format!("{challenge:?}"));
    let creds = cognito::parse_credentials(
        &crate::support::bridge::from_value(json!({"Credentials": {
        "AccessKeyId": "AKIA", "SecretKey": "aws-secret-of-the-hygiene-test",
        "SessionToken": "aws-session-of-the-hygiene-test", "Expiration": 1.7e9}}))
        .expect("map"),
    )
    .expect("creds");
    assert_clean("AwsCredentials", &format!("{creds:?}"));
    assert_clean("Secret", &format!("{:?}", Secret::new(PASSWORD)));
    let config = config_with(
        "us-east-1_P",
        json!({"userPoolClientSecret": CLIENT_SECRET}),
    );
    assert_clean("Config", &format!("{config:?}"));
}

#[test]
fn session_types_are_redacted() {
    let stored = stored_session("alice", "sub-a", NOW_S);
    let values: cognito_headless::map::VecMap<String, Option<String>> =
        stored.into_iter().map(|(k, v)| (k, Some(v))).collect();
    let session = StoredSession::from_storage("alice", &values, &StorageKeys::new(CLIENT_ID))
        .expect("session");
    assert_clean("StoredSession", &format!("{session:?}"));
    assert_clean("Tokens", &format!("{:?}", session.tokens));
    assert_clean("Jwt", &format!("{:?}", session.tokens.access));
    let out: cognito_headless::machine::JwtOut = (&session.tokens.access).into();
    assert_clean("JwtOut", &format!("{out:?}"));
}

#[test]
fn srp_values_are_redacted() {
    let random = random();
    let client = SrpClient::new(&random).expect("client");
    assert_clean("SrpClient", &format!("{client:?}"));
    let key = client
        .password_key("P", "alice", PASSWORD, "a1b2c3", "1f2e3d4c5b6a")
        .expect("key");
    let debug = format!("{key:?}");
    assert_clean("PasswordKey", &debug);
    assert!(
        !debug.contains(&format!("{:?}", key.expose())),
        "PasswordKey shows its bytes"
    );
    let verifier = srp::device_verifier("grp", "us-east-1_dk", &random).expect("verifier");
    let debug = format!("{verifier:?}");
    assert_clean("DeviceVerifier", &debug);
    assert!(
        !debug.contains(&verifier.random_password),
        "DeviceVerifier shows the device password"
    );
}

/// A bare machine (no `Host`): every effect and the machine itself are rendered after
/// every input.
struct Rig {
    m: AuthMachine,
    storage: BTreeMap<String, String>,
    pending: Vec<u64>,
    outputs: Vec<Result<cognito_headless::machine::Output, cognito_headless::machine::AuthError>>,
}

impl Rig {
    fn step(&mut self, input: Input, label: &str) {
        let now = NOW_S * 1000;
        assert_clean(
            &format!("the machine before {label}"),
            &format!("{:?}", self.m),
        );
        self.m.handle(now, input);
        assert_clean(
            &format!("the machine after {label}"),
            &format!("{:?}", self.m),
        );
        while let Some(effect) = self.m.poll_effect() {
            assert_clean(&format!("an effect of {label}"), &format!("{effect:?}"));
            match effect {
                Effect::Load { id, keys } => {
                    let values = keys
                        .into_iter()
                        .map(|k| {
                            let v = self.storage.get(&k).cloned();
                            (k, v)
                        })
                        .collect();
                    self.m.handle(now, Input::StorageLoaded { id, values });
                }
                Effect::Store { key, value } => {
                    self.storage.insert(key, value.expose().to_owned());
                }
                Effect::Http { id, .. } => self.pending.push(id),
                Effect::Complete { result, .. } => self.outputs.push(result),
                _ => {}
            }
        }
    }

    fn answer(&mut self, body: serde_json::Value, label: &str) {
        let id = self.pending.remove(0);
        self.step(
            Input::HttpResult {
                id,
                outcome: cognito_headless::machine::HttpOutcome::Response(HttpResponse::json(
                    200,
                    body.to_string(),
                )),
            },
            label,
        );
    }

    fn command(&mut self, op: u64, c: serde_json::Value, label: &str) {
        let command = crate::support::bridge::from_value(c).expect("command");
        self.step(
            Input::Command {
                op,
                command,
                random: random(),
            },
            label,
        );
    }
}

/// An SRP sign-in with an MFA step, the identity pool, a refresh, a sign-out.
#[test]
fn the_machine_and_its_effects_are_redacted_at_every_stage() {
    const ID_POOL: &str = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    let cfg = config_with(
        "us-east-1_P",
        json!({"userPoolClientSecret": CLIENT_SECRET, "identityPoolId": ID_POOL}),
    );
    let mut rig = Rig {
        m: AuthMachine::new(cfg).expect("machine"),
        storage: BTreeMap::new(),
        pending: Vec::new(),
        outputs: Vec::new(),
    };
    // A command that arrives before the restore waits with its entropy.
    rig.m.handle(
        NOW_S * 1000,
        Input::Command {
            op: 1,
            command: crate::support::bridge::from_value(json!({"type": "signIn",
        "username": "alice", "password": PASSWORD}))
            .expect("command"),
            random: random(),
        },
    );
    assert_clean("the machine with a queued command", &format!("{:?}", rig.m));
    rig.step(Input::Start, "start");
    rig.answer(
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
        "SALT": "a1b2c3", "SRP_B": "1f2e3d4c5b6a", "SECRET_BLOCK": "c2VjcmV0", "USERNAME": "alice",
        "USER_ID_FOR_SRP": "alice"}}),
        "PASSWORD_VERIFIER",
    );
    rig.answer(
        json!({"ChallengeName": "SMS_MFA", "Session": SESSION, "ChallengeParameters": {}}),
        "SMS_MFA",
    );
    rig.command(2, json!({"type": "exportSignInState"}), "exportSignInState");
    rig.command(
        3,
        json!({"type": "confirmSignIn", "challengeResponse": "123456"}),
        "confirmSignIn",
    );
    let (access, idt, refresh) = tokens();
    rig.answer(json!({"AuthenticationResult": {"AccessToken": access, "IdToken": idt, "RefreshToken": refresh}}), "tokens");
    rig.command(4, json!({"type": "fetchAuthSession"}), "fetchAuthSession");
    rig.answer(json!({"IdentityId": "us-east-1:id"}), "GetId");
    rig.answer(
        json!({"Credentials": {"AccessKeyId": "AKIA", "SecretKey": "aws-secret-of-the-hygiene-test",
        "SessionToken": "aws-session-of-the-hygiene-test", "Expiration": NOW_S + 3600}}),
        "credentials",
    );
    rig.command(
        5,
        json!({"type": "fetchAuthSession", "forceRefresh": true}),
        "forced refresh",
    );
    rig.command(
        6,
        json!({"type": "updatePassword", "oldPassword": PASSWORD, "newPassword": PASSWORD}),
        "updatePassword",
    );
    rig.command(7, json!({"type": "signOut", "global": true}), "signOut");
    // The outputs hold tokens by design (`fetchAuthSession` returns them, the exported
    // state holds the challenge session), but their `Debug` does not show them.
    assert!(rig.outputs.len() >= 4, "{}", rig.outputs.len());
    for result in &rig.outputs {
        assert_clean("an operation's result", &format!("{result:?}"));
    }
}

/// `Input`'s `Debug` must not print a command's random bytes, which seed SRP's private `a`
/// (with `a` and a transcript, a password guess can be checked offline).
#[test]
fn input_debug_hides_the_entropy() {
    let input = Input::Command {
        op: 1,
        command: crate::support::bridge::from_value(json!({"type": "signIn",
        "username": "alice", "password": PASSWORD}))
        .expect("command"),
        random: random(),
    };
    assert_clean("Input::Command", &format!("{input:?}"));
}

/// The TOTP shared secret of a `MFA_SETUP` step is shown to the user (by design) but must
/// stay out of the machine's `Debug` while the step waits.
#[test]
fn machine_debug_hides_the_totp_setup_secret() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(
        json!({"type": "signIn", "username": "alice", "password": PASSWORD,
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(id, 200, r#"{"ChallengeName":"MFA_SETUP","Session":"s","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"}}"#);
    let (id, _) = host.expect_request("AssociateSoftwareToken");
    host.respond(
        id,
        200,
        r#"{"SecretCode":"TOTPSEEDOFTHEHYGIENETEST","Session":"s2"}"#,
    );
    assert!(!format!("{:?}", host.machine).contains("TOTPSEEDOFTHEHYGIENETEST"));
}
