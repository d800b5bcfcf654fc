//! Size caps (issue #19, case 4: "a hostile or broken endpoint can freeze the page"): a
//! response body over 1 MiB (Cognito's answers are a few KB) is refused unread with a typed
//! error, whatever it says, and the signed-in session is left exactly as it was; a host
//! transport that refused such a body itself reports `{ kind: 'tooLarge' }`, with the same
//! error; a stored session value over the cap is not read as a session.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::bridge::{from_value, to_value};
use crate::support::*;
use cognito_headless::machine::Input;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

/// The cap: 1 MiB.
const CAP: usize = 1 << 20;

fn status(host: &Host) -> Value {
    to_value(host.machine.snapshot()).expect("snapshot")["authStatus"].clone()
}

/// `value` (a JSON object) with a `padding` string member making its text `len` bytes.
fn padded(mut value: Value, len: usize) -> String {
    value["padding"] = json!("");
    let bare = value.to_string().len();
    value["padding"] = json!("x".repeat(len - bare));
    let text = value.to_string();
    assert_eq!(text.len(), len);
    text
}

/// `value` padded to one byte over the cap.
fn padded_over_cap(value: Value) -> String {
    padded(value, CAP + 1)
}

/// A signed-in host with a forced refresh waiting for its answer.
fn refreshing() -> (Host, cognito_headless::machine::OpId, u64) {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "sub-a", NOW_S),
    );
    assert_eq!(status(&host), "authenticated");
    let op = host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    (host, op, id)
}

/// The session is the one stored before, and still usable.
fn session_untouched(host: &mut Host, before: &std::collections::BTreeMap<String, String>) {
    assert_eq!(&host.storage, before, "storage changed");
    assert_eq!(status(host), "authenticated");
    assert!(
        !host.effect_log.iter().any(|e| e == "Remove"),
        "{:?}",
        host.effect_log
    );
    let again = host.command(json!({"type": "fetchAuthSession"}));
    assert!(host.result_json(again)["tokens"].is_object());
}

#[test]
fn an_over_cap_refresh_answer_is_refused_and_the_session_is_kept() {
    let (mut host, op, id) = refreshing();
    let before = host.storage.clone();
    // A well-formed refresh answer, with fresh tokens, but over the cap: not read.
    let mut fresh = auth_result("alice", "sub-a", NOW_S + 60, false);
    fresh["AuthenticationResult"]["RefreshToken"] = json!("rotated");
    host.respond(id, 200, &padded_over_cap(fresh));
    assert_eq!(host.error_name(op), "ResponseTooLargeException");
    session_untouched(&mut host, &before);
}

#[test]
fn an_over_cap_answer_naming_a_session_ending_error_does_not_end_the_session() {
    let (mut host, op, id) = refreshing();
    let before = host.storage.clone();
    let body = padded_over_cap(json!({
        "__type": "NotAuthorizedException",
        "message": "Refresh Token has been revoked",
    }));
    host.respond(id, 400, &body);
    assert_eq!(host.error_name(op), "ResponseTooLargeException");
    session_untouched(&mut host, &before);
}

#[test]
fn a_body_at_the_cap_is_still_read() {
    let (mut host, op, id) = refreshing();
    let mut fresh = auth_result("alice", "sub-a", NOW_S + 60, false);
    fresh["AuthenticationResult"]["RefreshToken"] = json!("rotated");
    host.respond(id, 200, &padded(fresh, CAP));
    assert!(host.result_json(op)["tokens"].is_object());
    assert_eq!(host.storage[&user_key("alice", "refreshToken")], "rotated");
}

#[test]
fn a_transport_that_refused_an_over_cap_body_gives_the_same_error() {
    let (mut host, op, id) = refreshing();
    let before = host.storage.clone();
    // As the JS transport reports it (the machine's input as JSON).
    let input: Input = from_value(json!({
        "type": "httpResult",
        "id": id,
        "outcome": {"failure": {"kind": "tooLarge"}},
    }))
    .expect("a tooLarge transport failure is an input");
    host.input(input);
    assert_eq!(host.error_name(op), "ResponseTooLargeException");
    session_untouched(&mut host, &before);
}

#[test]
fn an_over_cap_sign_in_answer_is_refused() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "Pa55word-limits",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(
        id,
        200,
        &padded_over_cap(auth_result("alice", "sub-a", NOW_S, true)),
    );
    assert_eq!(host.error_name(op), "ResponseTooLargeException");
    assert_eq!(status(&host), "unauthenticated");
    assert!(host.storage.is_empty());
}

#[test]
fn a_stored_token_over_the_cap_is_not_restored() {
    let mut stored = stored_session("alice", "sub-a", NOW_S);
    // A well-formed access token whose claims make it larger than the cap.
    let big = jwt(json!({
        "sub": "sub-a", "username": "alice", "token_use": "access",
        "iat": NOW_S, "exp": NOW_S + 3600, "padding": "x".repeat(CAP),
    }));
    assert!(big.len() > CAP);
    stored.insert(user_key("alice", "accessToken"), big);
    let host = Host::started(config("us-east-1_P"), stored);
    assert_eq!(status(&host), "unauthenticated");
    assert!(!host.storage.contains_key(&user_key("alice", "accessToken")));
}
