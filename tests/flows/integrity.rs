//! Session integrity: work started for one session never writes for another (another
//! tab's sign-out or sign-in, a late answer, a user change in this tab).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::machine::Input;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

fn snapshot(host: &Host) -> Value {
    crate::support::bridge::to_value(host.machine.snapshot()).expect("snap")
}

fn changed(host: &mut Host, key: &str) {
    host.input(Input::StorageChanged {
        key: key.to_owned(),
    });
}

fn locked_config() -> cognito_headless::machine::Config {
    config_with("us-east-1_P", json!({"refreshLock": true}))
}

/// Answers every request still pending with `200 {}` (sign-out's `RevokeToken`, …).
fn answer_all(host: &mut Host) {
    while let Some((id, _)) = host.pending.pop_front() {
        host.respond(id, 200, "{}");
    }
}

/// Requests still unanswered, by operation name.
fn pending_ops(host: &Host) -> Vec<String> {
    host.pending
        .iter()
        .filter_map(|(_, r)| r.header("x-amz-target").map(str::to_owned))
        .collect()
}

#[test]
fn a_refresh_waiting_for_the_lock_does_not_undo_another_tabs_sign_out() {
    let mut tab1 = Host::started(locked_config(), stored_session("alice", "s", NOW_S - 7200));
    let op = tab1.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = tab1.locks.pop().expect("waits for the lock");
    // Tab 2 signs out: the shared storage is cleared and the event arrives.
    tab1.storage.clear();
    changed(&mut tab1, &last_user_key());
    tab1.input(Input::LockAcquired { id: lock });
    assert_eq!(pending_ops(&tab1), Vec::<String>::new(), "no refresh sent");
    assert!(
        tab1.storage.is_empty(),
        "nothing written back: {:?}",
        tab1.storage
    );
    assert_eq!(snapshot(&tab1)["authStatus"], "unauthenticated");
    assert!(tab1.result_json(op)["tokens"].is_null(), "an empty session");
    assert_eq!(tab1.unlocked, [lock], "the lock is released");
}

#[test]
fn a_refresh_waiting_for_the_lock_does_not_undo_a_sign_out_it_has_not_heard_of() {
    // The storage event is late (or lost): what is stored under the lock decides.
    let mut tab1 = Host::started(locked_config(), stored_session("alice", "s", NOW_S - 7200));
    let op = tab1.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = tab1.locks.pop().expect("waits for the lock");
    tab1.storage.clear();
    tab1.input(Input::LockAcquired { id: lock });
    assert_eq!(pending_ops(&tab1), Vec::<String>::new(), "no refresh sent");
    assert!(
        tab1.storage.is_empty(),
        "nothing written back: {:?}",
        tab1.storage
    );
    assert!(tab1.result_json(op)["tokens"].is_null());
    assert_eq!(snapshot(&tab1)["authStatus"], "unauthenticated");
}

#[test]
fn a_refresh_waiting_for_the_lock_never_writes_its_user_over_another() {
    let mut tab1 = Host::started(
        locked_config(),
        stored_session("alice", "s-a", NOW_S - 7200),
    );
    let op = tab1.command(json!({"type": "fetchAuthSession"}));
    let (lock, _) = tab1.locks.pop().expect("waits for the lock");
    // Tab 2 signs out and signs Bob in.
    let bob = stored_session("bob", "s-b", NOW_S - 60);
    tab1.storage = bob.clone();
    changed(&mut tab1, &last_user_key());
    tab1.input(Input::LockAcquired { id: lock });
    assert_eq!(pending_ops(&tab1), Vec::<String>::new(), "no refresh sent");
    assert_eq!(tab1.storage, bob, "Bob's session is left as it is");
    let snap = snapshot(&tab1);
    assert_eq!(snap["authStatus"], "authenticated");
    assert_eq!(snap["user"]["username"], "bob", "this tab follows storage");
    // The waiting call is answered for the session that is current now.
    assert_eq!(
        tab1.result_json(op)["tokens"]["accessToken"]["jwt"],
        json!(bob[&user_key("bob", "accessToken")])
    );
}

#[test]
fn a_refresh_answer_that_lands_after_another_tabs_sign_out_writes_nothing() {
    // Without the lock (a server, or a browser without Web Locks) and with the storage
    // event still on its way: the answer must not bring the session back.
    for locked in [false, true] {
        let cfg = if locked {
            locked_config()
        } else {
            config_with("us-east-1_P", json!({}))
        };
        let mut tab1 = Host::started(cfg, stored_session("alice", "s", NOW_S - 7200));
        let op = tab1.command(json!({"type": "fetchAuthSession"}));
        if let Some((lock, _)) = tab1.locks.pop() {
            tab1.input(Input::LockAcquired { id: lock });
        }
        let (id, _) = tab1.expect_request("GetTokensFromRefreshToken");
        tab1.storage.clear();
        tab1.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
        assert!(
            tab1.storage.is_empty(),
            "locked={locked}: written back: {:?}",
            tab1.storage.keys().collect::<Vec<_>>()
        );
        assert!(tab1.result_json(op)["tokens"].is_null(), "locked={locked}");
        assert_eq!(snapshot(&tab1)["authStatus"], "unauthenticated");
    }
}

#[test]
fn a_failed_refresh_never_signs_out_another_user() {
    // Alice's refresh token is rejected after Bob signed in elsewhere: Bob stays.
    let mut tab1 = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s-a", NOW_S - 7200),
    );
    tab1.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = tab1.expect_request("GetTokensFromRefreshToken");
    let bob = stored_session("bob", "s-b", NOW_S - 60);
    tab1.storage = bob.clone();
    tab1.respond(
        id,
        400,
        r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#,
    );
    assert_eq!(tab1.storage, bob);
    assert_eq!(snapshot(&tab1)["user"]["username"], "bob");
}

#[test]
fn signing_out_here_never_removes_another_users_last_auth_user() {
    // Bob signed in elsewhere; the event has not arrived; Alice signs out here.
    let mut tab1 = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s-a", NOW_S - 60),
    );
    let bob = stored_session("bob", "s-b", NOW_S - 60);
    tab1.storage = bob.clone();
    tab1.storage.extend(
        stored_session("alice", "s-a", NOW_S - 60)
            .into_iter()
            .filter(|(k, _)| k != &last_user_key()),
    );
    let op = tab1.command(json!({"type": "signOut"}));
    answer_all(&mut tab1);
    assert!(tab1.is_complete(op));
    assert_eq!(tab1.storage, bob, "Alice's keys gone, Bob's untouched");
}

#[test]
fn a_late_confirm_device_answer_never_gives_alices_device_to_bob() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    let mut result = auth_result("alice", "sub-a", NOW_S, true);
    result["AuthenticationResult"]["NewDeviceMetadata"] =
        json!({"DeviceKey": "us-east-1_alice-device", "DeviceGroupKey": "-alice-group"});
    host.respond(id, 200, &result.to_string());
    let (confirm, _) = host.expect_request("ConfirmDevice");
    // Alice signs out before the answer; Bob signs in.
    let out = host.command(json!({"type": "signOut"}));
    answer_all(&mut host);
    assert!(host.is_complete(out));
    host.command(
        json!({"type": "signIn", "username": "bob", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(
        id,
        200,
        &auth_result("bob", "sub-b", NOW_S, true).to_string(),
    );
    // Alice's late answer.
    host.respond(confirm, 200, r#"{"UserConfirmationNecessary":false}"#);
    for name in ["deviceKey", "deviceGroupKey", "randomPasswordKey"] {
        assert!(
            !host.storage.contains_key(&user_key("bob", name)),
            "Bob got Alice's {name}"
        );
    }
    // Bob's next sign-in carries no device key.
    host.command(json!({"type": "signOut"}));
    answer_all(&mut host);
    host.command(
        json!({"type": "signIn", "username": "bob", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (_, body) = host.expect_request("InitiateAuth");
    assert!(
        body["AuthParameters"].get("DEVICE_KEY").is_none(),
        "Bob's sign-in carries {body}"
    );
}

#[test]
fn a_late_account_answer_of_a_previous_session_of_the_same_user_changes_nothing() {
    // Alice forgets her device, signs out and back in before the answer: the new
    // session's device stays remembered.
    let mut stored = stored_session("alice", "s-a", NOW_S - 60);
    stored.insert(user_key("alice", "deviceKey"), "us-east-1_dev".into());
    stored.insert(user_key("alice", "deviceGroupKey"), "grp".into());
    stored.insert(user_key("alice", "randomPasswordKey"), "rnd".into());
    let mut host = Host::started(config("us-east-1_P"), stored);
    host.command(json!({"type": "forgetDevice"}));
    let (forget, _) = host.expect_request("ForgetDevice");
    host.command(json!({"type": "signOut"}));
    answer_all(&mut host);
    host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.expect_request("InitiateAuth");
    let mut fresh = auth_result("alice", "s-a", NOW_S, true);
    fresh["AuthenticationResult"]["AccessToken"] = json!(jwt(json!({
        "sub": "s-a", "username": "alice", "iat": NOW_S, "exp": NOW_S + 3600,
        "token_use": "access", "client_id": CLIENT_ID, "origin_jti": "jti-2",
    })));
    host.respond(id, 200, &fresh.to_string());
    host.respond(forget, 200, "{}");
    assert_eq!(
        host.storage[&user_key("alice", "deviceKey")],
        "us-east-1_dev"
    );
}
