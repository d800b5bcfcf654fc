//! Time the machine owns: each deadline fires through `Input::Timeout` with no other
//! input, on a fake clock moved to `poll_timeout()`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::cognito::TransportError;
use cognito_headless::machine::{Config, Input};
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;
const MINUTE: i64 = 60_000;

/// Moves the clock to the machine's deadline and fires it; returns the deadline.
fn fire(host: &mut Host) -> i64 {
    let deadline = host.machine.poll_timeout().expect("a deadline");
    host.now = host.now.max(deadline);
    host.input(Input::Timeout);
    deadline
}

fn snapshot(host: &Host) -> Value {
    crate::support::bridge::to_value(host.machine.snapshot()).expect("snapshot")
}

#[test]
fn nothing_is_due_when_nothing_waits() {
    let host = Host::started(config("us-east-1_P"), storage(&[]));
    assert_eq!(host.machine.poll_timeout(), None);
    // A fresh session without refreshAhead: no timer either.
    let host = Host::started(config("us-east-1_P"), stored_session("alice", "s", NOW_S));
    assert_eq!(host.machine.poll_timeout(), None);
}

#[test]
fn the_auto_sign_in_password_is_wiped_after_3_minutes_with_no_other_input() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let start = host.now;
    host.command(
        json!({"type": "signUp", "username": "carl", "password": "pw",
        "options": {"autoSignIn": true}}),
    );
    let (id, _) = host.expect_request("SignUp");
    host.respond(id, 200, r#"{"UserConfirmed":true,"UserSub":"s"}"#);
    // The README's "3 minutes at most", measured from the sign-up.
    assert_eq!(host.machine.poll_timeout(), Some(start + 3 * MINUTE));
    // Early: nothing happens, the deadline stays.
    host.now = start + MINUTE;
    host.input(Input::Timeout);
    assert_eq!(host.machine.poll_timeout(), Some(start + 3 * MINUTE));
    assert_eq!(fire(&mut host), start + 3 * MINUTE);
    assert_eq!(host.machine.poll_timeout(), None, "the password is gone");
    let op = host.command(json!({"type": "autoSignIn"}));
    assert_eq!(host.error_name(op), "AutoSignInException");
}

#[test]
fn a_sign_in_step_lapses_after_3_minutes_and_its_saved_copy_goes() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let start = host.now;
    host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(
        id,
        200,
        r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{}}"#,
    );
    let saved = format!("CognitoIdentityServiceProvider.{CLIENT_ID}.signInState");
    assert!(host.storage.contains_key(&saved));
    assert_eq!(
        snapshot(&host)["signInStep"],
        "CONFIRM_SIGN_IN_WITH_SMS_CODE"
    );
    assert_eq!(host.machine.poll_timeout(), Some(start + 3 * MINUTE));
    fire(&mut host);
    let snap = snapshot(&host);
    assert_eq!(snap["authStatus"], "unauthenticated");
    assert!(snap["signInStep"].is_null(), "{snap}");
    assert!(
        !host.storage.contains_key(&saved),
        "the saved step is removed"
    );
    assert_eq!(host.machine.poll_timeout(), None);
    assert!(host.pending.is_empty(), "no request");
    let op = host.command(json!({"type": "confirmSignIn", "challengeResponse": "123456"}));
    assert_eq!(host.error_name(op), "SignInException");
}

fn oauth_config() -> Config {
    config_with(
        "us-east-1_P",
        json!({"oauth": {"domain": "auth.example.com", "scopes": ["openid"],
        "redirectSignIn": ["https://app.example.com/"], "redirectSignOut": "https://app.example.com/"}}),
    )
}

#[test]
fn a_hosted_ui_callback_that_does_not_finish_in_time_fails_and_frees_the_session_reads() {
    let mut host = Host::started(oauth_config(), storage(&[]));
    host.random = (0..512u32).map(|i| (i * 37 % 256) as u8).collect();
    host.command(json!({"type": "signInWithRedirect", "provider": "Google",
        "origin": "https://app.example.com"}));
    let state =
        host.storage[&format!("CognitoIdentityServiceProvider.{CLIENT_ID}.oauthState")].clone();
    let mut back = Host::started(oauth_config(), host.storage.clone());
    back.now = host.now + 30_000;
    let start = back.now;
    let op = back.command(json!({"type": "handleOAuthCallback",
        "url": format!("https://app.example.com/?code=c0de&state={state}")}));
    let fetch = back.command(json!({"type": "fetchAuthSession"}));
    let (id, request) = back.next_request();
    assert_eq!(request.url, "https://auth.example.com/oauth2/token");
    assert_eq!(back.machine.poll_timeout(), Some(start + MINUTE));
    fire(&mut back);
    assert_eq!(back.error_name(op), "OAuthSignInException");
    assert!(back.is_complete(fetch), "the waiting session read answers");
    assert!(back.result_json(fetch)["tokens"].is_null());
    assert!(back
        .events
        .iter()
        .any(|e| format!("{e:?}").starts_with("SignInWithRedirectFailure")));
    // A late answer changes nothing.
    back.respond(id, 200, r#"{"access_token":"x"}"#);
    assert_eq!(snapshot(&back)["authStatus"], "unauthenticated");
    assert_eq!(back.machine.poll_timeout(), None);
}

fn locked() -> Config {
    config_with("us-east-1_P", json!({"refreshLock": true}))
}

#[test]
fn a_refresh_that_waits_too_long_for_the_lock_goes_on_without_it() {
    let mut host = Host::started(locked(), stored_session("alice", "s", NOW_S - 7200));
    let start = host.now;
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = host.locks.pop().expect("asks for the lock");
    assert!(host.pending.is_empty());
    assert_eq!(host.machine.poll_timeout(), Some(start + MINUTE));
    fire(&mut host);
    assert_eq!(
        host.unlocked,
        [lock],
        "the request for the lock is withdrawn"
    );
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert_eq!(
        host.result_json(op)["tokens"]["accessToken"]["payload"]["iat"],
        NOW_S
    );
    // The lock granted late is given back at once.
    host.input(Input::LockAcquired { id: lock });
    assert_eq!(host.unlocked, [lock, lock]);
    assert_eq!(host.machine.poll_timeout(), None);
}

#[test]
fn a_lock_held_too_long_is_released_and_the_refresh_still_lands() {
    let mut host = Host::started(locked(), stored_session("alice", "s", NOW_S - 7200));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = host.locks.pop().expect("asks for the lock");
    host.now += 1_000;
    let granted = host.now;
    host.input(Input::LockAcquired { id: lock });
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    assert_eq!(host.machine.poll_timeout(), Some(granted + 90_000));
    fire(&mut host);
    assert_eq!(host.unlocked, [lock], "released: other tabs may refresh");
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert!(host.is_complete(op));
    assert_eq!(host.unlocked, [lock], "released once");
    assert_eq!(host.machine.poll_timeout(), None);
}

/// The JWT `exp` of the stored tokens, read from the token itself (not from the machine).
fn stored_exp_ms(host: &Host) -> i64 {
    let token = &host.storage[&user_key("alice", "accessToken")];
    let payload = token.split('.').nth(1).expect("payload");
    let claims: Value = serde_json::from_slice(&b64url::decode(payload)).expect("claims");
    claims["exp"].as_i64().expect("exp") * 1000
}

#[test]
fn refresh_ahead_refreshes_a_minute_before_expiry_through_the_lock() {
    let cfg = config_with(
        "us-east-1_P",
        json!({"refreshAhead": true, "refreshLock": true}),
    );
    let mut host = Host::started(cfg, stored_session("alice", "s", NOW_S - 600));
    // `exp` less Amplify's 5 s tolerance (clock drift 0), less a minute.
    let due = stored_exp_ms(&host) - 5_000 - MINUTE;
    assert_eq!(host.machine.poll_timeout(), Some(due));
    fire(&mut host);
    let (lock, _) = host.locks.pop().expect("through the cross-tab lock");
    host.input(Input::LockAcquired { id: lock });
    let (id, body) = host.expect_request("GetTokensFromRefreshToken");
    assert_eq!(body["RefreshToken"], "refresh-token-value");
    let fresh = (host.now / 1000) - 1;
    host.respond(id, 200, &auth_result("alice", "s", fresh, true).to_string());
    assert!(host
        .events
        .iter()
        .any(|e| format!("{e:?}") == "TokenRefresh"));
    assert_eq!(host.unlocked, [lock]);
    // The next one is due a minute before the new tokens expire.
    assert_eq!(stored_exp_ms(&host), (fresh + 3600) * 1000);
    let next = host.machine.poll_timeout().expect("armed again");
    assert!(next > host.now && next <= (fresh + 3600) * 1000 - MINUTE);
}

#[test]
fn refresh_ahead_that_fails_is_not_retried_in_a_loop() {
    let cfg = config_with("us-east-1_P", json!({"refreshAhead": true}));
    let mut host = Host::started(cfg, stored_session("alice", "s", NOW_S - 600));
    fire(&mut host);
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.fail(
        id,
        TransportError::Network {
            message: "offline".into(),
        },
    );
    assert_eq!(host.machine.poll_timeout(), None, "once per set of tokens");
    assert_eq!(
        snapshot(&host)["authStatus"],
        "authenticated",
        "the session stays"
    );
}

#[test]
fn a_lock_handed_over_by_another_tab_is_read_under_only_after_its_writes_settle() {
    let mut host = Host::started(locked(), stored_session("alice", "s", NOW_S - 7200));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = host.locks.pop().expect("asks for the lock");
    host.now += 1_000;
    let granted = host.now;
    // Granted after another tab held it: nothing is read or sent yet.
    host.input(Input::LockHandedOver { id: lock });
    assert!(
        host.pending.is_empty(),
        "no refresh before the writes settle"
    );
    assert!(!host.is_complete(op));
    assert_eq!(host.machine.poll_timeout(), Some(granted + 50));
    // The tab that held the lock refreshed (with rotation); its writes land meanwhile.
    let fresh = (host.now / 1000) - 1;
    let theirs = stored_session("alice", "s", fresh);
    host.storage.extend(theirs.clone());
    assert_eq!(fire(&mut host), granted + 50);
    // Their tokens are taken: no second refresh, and the lock goes back.
    assert!(host.pending.is_empty(), "no refresh with the old token");
    assert_eq!(
        host.result_json(op)["tokens"]["accessToken"]["payload"]["iat"],
        fresh
    );
    assert_eq!(host.unlocked, [lock]);
    assert_eq!(host.machine.poll_timeout(), None);
}

#[test]
fn a_lock_granted_at_once_is_read_under_at_once() {
    let mut host = Host::started(locked(), stored_session("alice", "s", NOW_S - 7200));
    host.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = host.locks.pop().expect("asks for the lock");
    host.input(Input::LockAcquired { id: lock });
    host.expect_request("GetTokensFromRefreshToken");
}
