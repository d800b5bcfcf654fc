//! Restore, fetchAuthSession with single-flight refresh, getCurrentUser, signOut.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::machine::Input;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

fn status(host: &Host) -> Value {
    crate::support::bridge::to_value(host.machine.snapshot()).expect("snap")["authStatus"].clone()
}

#[test]
fn restores_an_amplify_session_without_a_network_call() {
    let host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "sub-a", NOW_S - 60),
    );
    assert_eq!(status(&host), "authenticated");
    assert!(host.pending.is_empty());
    // LastAuthUser is read first, then the user's keys.
    assert_eq!(host.effect_log, ["Load", "Load"]);
}

#[test]
fn commands_before_restore_wait_for_it() {
    let mut host = Host::new(
        config("us-east-1_P"),
        stored_session("alice", "sub-a", NOW_S),
    );
    let op = host.command(json!({"type": "getCurrentUser"}));
    assert!(!host.is_complete(op));
    host.input(Input::Start);
    assert_eq!(
        host.result_json(op),
        json!({"username": "alice", "userId": "sub-a",
            "signInDetails": {"loginId": "alice", "authFlowType": "USER_SRP_AUTH"}})
    );
}

#[test]
fn corrupt_or_partial_storage_is_signed_out_and_cleaned() {
    type Corrupt = Box<dyn Fn(&mut std::collections::BTreeMap<String, String>)>;
    let cases: Vec<(&str, Corrupt)> = vec![
        (
            "access not a jwt",
            Box::new(|s| {
                s.insert(user_key("alice", "accessToken"), "garbage".into());
            }),
        ),
        (
            "access missing",
            Box::new(|s| {
                s.remove(&user_key("alice", "accessToken"));
            }),
        ),
        (
            "id token corrupt",
            Box::new(|s| {
                s.insert(user_key("alice", "idToken"), "a.b.c".into());
            }),
        ),
        (
            "payload not json",
            Box::new(|s| {
                s.insert(
                    user_key("alice", "accessToken"),
                    "eyJ4IjoxfQ.bm90IGpzb24.sig".into(),
                );
            }),
        ),
    ];
    for (label, corrupt) in cases {
        let mut stored = stored_session("alice", "sub-a", NOW_S);
        stored.insert(user_key("alice", "deviceKey"), "dk".into());
        corrupt(&mut stored);
        let mut host = Host::started(config("us-east-1_P"), stored);
        assert_eq!(status(&host), "unauthenticated", "{label}");
        assert!(!host.storage.contains_key(&last_user_key()), "{label}");
        assert!(
            !host
                .storage
                .contains_key(&user_key("alice", "refreshToken")),
            "{label}"
        );
        // A remembered device survives.
        assert_eq!(
            host.storage
                .get(&user_key("alice", "deviceKey"))
                .map(String::as_str),
            Some("dk")
        );
        let op = host.command(json!({"type": "fetchAuthSession"}));
        assert_eq!(host.result_json(op), json!({}), "{label}");
    }
    // Odd values that are not a session at all.
    let mut host = Host::started(config("us-east-1_P"), storage(&[(&last_user_key(), "   ")]));
    assert_eq!(status(&host), "unauthenticated");
    let op = host.command(json!({"type": "getCurrentUser"}));
    assert_eq!(host.error_name(op), "UserUnAuthenticatedException");
}

#[test]
fn fetch_auth_session_returns_tokens_without_a_request_while_valid() {
    let stored = stored_session("alice", "sub-a", NOW_S - 60);
    let access = stored[&user_key("alice", "accessToken")].clone();
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let out = host.result_json(op);
    assert_eq!(out["tokens"]["accessToken"]["jwt"], access.as_str());
    assert_eq!(out["tokens"]["accessToken"]["payload"]["username"], "alice");
    assert_eq!(
        out["tokens"]["idToken"]["payload"]["email"],
        "alice@example.com"
    );
    assert_eq!(out["userSub"], "sub-a");
    assert!(host.pending.is_empty());
    // The snapshot never carries a token.
    let snap = cognito_headless::json::to_string(&host.machine.snapshot());
    assert_redacted(&snap, &[&access, "refresh-token-value"]);
    assert_redacted(
        &format!("{:?}", host.machine),
        &[&access, "refresh-token-value"],
    );
}

#[test]
fn ten_concurrent_fetches_share_one_refresh() {
    // Expires within the 5 s tolerance: must refresh.
    let iat = NOW_S - 3600 + 4;
    let mut host = Host::started(config("us-east-1_P"), stored_session("alice", "sub-a", iat));
    let ops: Vec<_> = (0..10)
        .map(|_| host.command(json!({"type": "fetchAuthSession"})))
        .collect();
    assert_eq!(host.pending.len(), 1);
    // The default refresh is rotation (Amplify >= 6.15.4's GetTokensFromRefreshToken).
    let (id, body) = host.expect_request("GetTokensFromRefreshToken");
    assert_eq!(
        body,
        json!({"RefreshToken": "refresh-token-value", "ClientId": CLIENT_ID})
    );
    let fresh = auth_result("alice", "sub-a", NOW_S + 2, false);
    host.respond(id, 200, &fresh.to_string());
    for op in ops {
        let out = host.result_json(op);
        assert_eq!(
            out["tokens"]["accessToken"]["jwt"],
            fresh["AuthenticationResult"]["AccessToken"]
        );
    }
    // Not rotated: the old refresh token is kept; drift re-measured from the new iat.
    assert_eq!(
        host.storage[&user_key("alice", "refreshToken")],
        "refresh-token-value"
    );
    assert_eq!(host.storage[&user_key("alice", "clockDrift")], "2000");
    let events = crate::support::bridge::to_value(&host.events).expect("events");
    assert_eq!(events, json!([{"name": "tokenRefresh"}]));
}

#[test]
fn force_refresh_refreshes_valid_tokens_and_stores_a_rotated_refresh_token() {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "sub-a", NOW_S),
    );
    let op = host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    let mut fresh = auth_result("alice", "sub-a", NOW_S, false);
    fresh["AuthenticationResult"]["RefreshToken"] = json!("rotated");
    host.respond(id, 200, &fresh.to_string());
    assert!(host.result_json(op)["tokens"].is_object());
    assert_eq!(host.storage[&user_key("alice", "refreshToken")], "rotated");
}

/// Amplify's `fetchAuthSession({ clientMetadata })` (TokenOrchestrator): the metadata goes
/// with the refresh, by either refresh operation; a call that joins adds nothing.
#[test]
fn client_metadata_goes_with_the_refresh() {
    for flow in ["rotation", "initiateAuth"] {
        let cfg = config_with("us-east-1_P", json!({"refreshFlow": flow}));
        let mut host = Host::started(cfg, stored_session("alice", "sub-a", NOW_S - 7200));
        let op = host.command(json!({"type": "fetchAuthSession",
            "clientMetadata": {"reason": "checkout"}}));
        let joined = host.command(json!({"type": "fetchAuthSession"}));
        let target = if flow == "rotation" {
            "GetTokensFromRefreshToken"
        } else {
            "InitiateAuth"
        };
        let (id, body) = host.expect_request(target);
        assert_eq!(
            body["ClientMetadata"],
            json!({"reason": "checkout"}),
            "{flow}"
        );
        host.respond(
            id,
            200,
            &auth_result("alice", "sub-a", NOW_S, false).to_string(),
        );
        assert!(host.result_json(op)["tokens"].is_object());
        assert!(host.result_json(joined)["tokens"].is_object());
        // Without it: no ClientMetadata member.
        host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
        let (_, body) = host.expect_request(target);
        assert!(body.get("ClientMetadata").is_none(), "{flow}");
    }
}

#[test]
fn clock_drift_decides_expiry() {
    // Tokens issued "now" by a server whose clock is 2 h ahead: exp is in the future for
    // the server; the stored drift says so, so no refresh.
    let mut stored = stored_session("alice", "sub-a", NOW_S + 7200);
    stored.insert(user_key("alice", "clockDrift"), "7200000".into());
    let mut host = Host::started(config("us-east-1_P"), stored.clone());
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert!(host.result_json(op)["tokens"].is_object());
    assert!(host.pending.is_empty());
    // The same tokens with the local clock 2 h behind and no drift recorded would look
    // valid too; with a drift of +2 h and an hour-old token they are expired.
    let mut stored = stored_session("alice", "sub-a", NOW_S - 1800);
    stored.insert(user_key("alice", "clockDrift"), "3600000".into());
    let mut host = Host::started(config("us-east-1_P"), stored);
    host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(host.pending.len(), 1);
}

#[test]
fn sign_out_clears_tokens_keeps_device_and_revokes() {
    let mut stored = stored_session("alice", "sub-a", NOW_S);
    stored.insert(user_key("alice", "deviceKey"), "dk".into());
    stored.insert(
        user_key("alice", "signInDetails"),
        r#"{"loginId":"alice"}"#.into(),
    );
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "signOut"}));
    // Local state is cleared before the network call returns.
    assert_eq!(status(&host), "unauthenticated");
    assert_eq!(
        host.storage,
        storage(&[(&user_key("alice", "deviceKey"), "dk")])
    );
    let (id, body) = host.expect_request("RevokeToken");
    assert_eq!(
        body,
        json!({"Token": "refresh-token-value", "ClientId": CLIENT_ID})
    );
    assert!(!host.is_complete(op));
    // The local Cognito lacks RevokeToken: its HTML 500 is swallowed.
    host.respond(id, 500, "<html>500</html>");
    assert_eq!(host.result_json(op), Value::Null);
    let events = crate::support::bridge::to_value(&host.events).expect("events");
    assert_eq!(events, json!([{"name": "signedOut"}]));
    // Signing out again is harmless.
    let again = host.command(json!({"type": "signOut"}));
    assert_eq!(host.result_json(again), Value::Null);
    assert!(host.pending.is_empty());
}

#[test]
fn global_sign_out_calls_global_sign_out() {
    let stored = stored_session("alice", "sub-a", NOW_S);
    let access = stored[&user_key("alice", "accessToken")].clone();
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "signOut", "global": true}));
    let (id, body) = host.expect_request("GlobalSignOut");
    assert_eq!(body, json!({"AccessToken": access}));
    host.fail(id, cognito_headless::cognito::TransportError::Timeout);
    assert_eq!(host.result_json(op), Value::Null);
    assert!(host.storage.is_empty());
}

#[test]
fn sign_out_during_refresh_resolves_waiters_empty() {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    let fetch = host.command(json!({"type": "fetchAuthSession"}));
    let (refresh_id, _) = host.next_request();
    let out = host.command(json!({"type": "signOut"}));
    assert_eq!(host.result_json(fetch), json!({}));
    // The late refresh answer must not resurrect the session.
    host.respond(
        refresh_id,
        200,
        &auth_result("alice", "s", NOW_S, true).to_string(),
    );
    assert_eq!(status(&host), "unauthenticated");
    assert!(!host.storage.contains_key(&last_user_key()));
    let (id, _) = host.expect_request("RevokeToken");
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(out), Value::Null);
}

#[test]
fn expired_session_without_refresh_token_ends() {
    let mut stored = stored_session("alice", "s", NOW_S - 7200);
    stored.remove(&user_key("alice", "refreshToken"));
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(host.result_json(op), json!({}));
    assert_eq!(status(&host), "unauthenticated");
    assert!(host.pending.is_empty());
}

#[test]
fn initiate_auth_refresh_sends_the_reference_body() {
    let cfg = config_with("us-east-1_P", json!({"refreshFlow": "initiateAuth"}));
    let mut host = Host::started(cfg, stored_session("alice", "s", NOW_S - 7200));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body,
        json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {"REFRESH_TOKEN": "refresh-token-value"},
            "ClientId": CLIENT_ID,
        })
    );
    host.respond(
        id,
        200,
        &auth_result("alice", "s", NOW_S, false).to_string(),
    );
    assert!(host.result_json(op)["tokens"].is_object());
}

#[test]
fn auto_refresh_falls_back_once_and_remembers() {
    for (label, status, body) in [
        (
            "html 500",
            500,
            "<!DOCTYPE html><html>Internal Server Error</html>",
        ),
        (
            "unknown op",
            400,
            r#"{"__type":"UnknownOperationException"}"#,
        ),
    ] {
        let mut host = Host::started(
            config("us-east-1_P"),
            stored_session("alice", "s", NOW_S - 7200),
        );
        let op = host.command(json!({"type": "fetchAuthSession"}));
        let (id, _) = host.expect_request("GetTokensFromRefreshToken");
        host.respond(id, status, body);
        assert!(!host.is_complete(op), "{label}");
        let (id, body) = host.expect_request("InitiateAuth");
        assert_eq!(body["AuthFlow"], "REFRESH_TOKEN_AUTH");
        host.respond(
            id,
            200,
            &auth_result("alice", "s", NOW_S, false).to_string(),
        );
        assert!(host.result_json(op)["tokens"].is_object(), "{label}");
        assert!(
            host.events
                .iter()
                .all(|e| !format!("{e:?}").contains("Failure")),
            "{label}"
        );
        // Remembered: the next refresh goes straight to InitiateAuth.
        host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
        host.expect_request("InitiateAuth");
    }
    // A real error on rotation does not fall back.
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(id, 400, r#"{"__type":"InternalErrorException"}"#);
    assert_eq!(host.error_name(op), "InternalErrorException");
    assert!(host.pending.is_empty());
    // Explicit rotation never falls back.
    let cfg = config_with("us-east-1_P", json!({"refreshFlow": "rotation"}));
    let mut host = Host::started(cfg, stored_session("alice", "s", NOW_S - 7200));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(id, 500, "<html></html>");
    assert_eq!(host.error_name(op), "UnexpectedResponseException");
    assert!(host.pending.is_empty());
}

#[test]
fn restores_an_amazon_cognito_identity_js_session() {
    // identity-js writes the same token keys, no signInDetails, and clockDrift in seconds
    // as local minus server. Local clock 1 h ahead of the server: drift "3600".
    let server_now = NOW_S - 3600;
    let mut stored = stored_session("carol", "sub-c", server_now - 60);
    stored.remove(&user_key("carol", "signInDetails"));
    stored.insert(user_key("carol", "clockDrift"), "3600".into());
    let mut host = Host::started(config("us-east-1_P"), stored);
    assert_eq!(status(&host), "authenticated");
    // Valid in server time: no refresh, although the local clock says it expired.
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(
        host.result_json(op)["tokens"]["accessToken"]["payload"]["username"],
        "carol"
    );
    assert!(host.pending.is_empty());
    // The same values read as Amplify v6 (ms, server minus local) would need a refresh.
    let mut stored = stored_session("carol", "sub-c", server_now - 60);
    stored.insert(user_key("carol", "clockDrift"), "3600".into());
    let mut host = Host::started(config("us-east-1_P"), stored);
    host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(host.pending.len(), 1);
}

#[test]
fn clock_drift_of_plus_and_minus_one_hour() {
    for drift_s in [3600i64, -3600] {
        // Server clock = local + drift. A token issued by the server 30 min ago (server time).
        let iat = NOW_S + drift_s - 1800;
        let mut stored = stored_session("alice", "s", iat);
        stored.insert(
            user_key("alice", "clockDrift"),
            (drift_s * 1000).to_string(),
        );
        let mut host = Host::started(config("us-east-1_P"), stored);
        let op = host.command(json!({"type": "fetchAuthSession"}));
        assert!(
            host.result_json(op)["tokens"].is_object(),
            "drift {drift_s}"
        );
        assert!(
            host.pending.is_empty(),
            "drift {drift_s}: still valid in server time"
        );
        // 31 minutes later (local) it is within 5 s of expiry in server time: refresh.
        host.now += 1_800_000 - 4_000;
        host.command(json!({"type": "fetchAuthSession"}));
        assert_eq!(host.pending.len(), 1, "drift {drift_s}");
    }
    // A fresh sign-in measures the drift from iat: server 1 h behind.
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(json!({"type": "signIn", "username": "a", "password": "p",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
    let (id, _) = host.next_request();
    host.respond(
        id,
        200,
        &auth_result("a", "s", NOW_S - 3600, true).to_string(),
    );
    assert_eq!(host.storage[&user_key("a", "clockDrift")], "-3600000");
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert!(host.result_json(op)["tokens"].is_object());
    assert!(host.pending.is_empty());
}

fn changed(host: &mut Host, key: &str) {
    host.input(Input::StorageChanged {
        key: key.to_owned(),
    });
}

#[test]
fn another_tab_signing_in_refreshing_and_signing_out_is_followed() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    // Another tab signs in: its writes land in the shared storage, then events arrive.
    host.storage = stored_session("alice", "sub-a", NOW_S - 60);
    changed(&mut host, &user_key("alice", "accessToken"));
    assert_eq!(status(&host), "authenticated");
    let events = crate::support::bridge::to_value(&host.events).expect("events");
    assert_eq!(events[0]["name"], "signedIn");
    assert_eq!(events[0]["data"]["username"], "alice");
    // Another tab refreshes: new tokens, same user.
    let fresh = auth_result("alice", "sub-a", NOW_S, true);
    host.storage.insert(
        user_key("alice", "accessToken"),
        fresh["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
    );
    let before = host.storage.clone();
    changed(&mut host, &user_key("alice", "accessToken"));
    assert_eq!(
        host.events.last().map(|e| format!("{e:?}")),
        Some("TokenRefresh".into())
    );
    assert_eq!(host.storage, before, "following another tab never writes");
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(
        host.result_json(op)["tokens"]["accessToken"]["jwt"],
        fresh["AuthenticationResult"]["AccessToken"]
    );
    assert!(host.pending.is_empty());
    // Another tab signs out.
    host.storage.clear();
    changed(&mut host, &user_key("alice", "refreshToken"));
    assert_eq!(status(&host), "unauthenticated");
    assert_eq!(
        host.events.last().map(|e| format!("{e:?}")),
        Some("SignedOut".into())
    );
    assert!(host.pending.is_empty());
}

#[test]
fn unrelated_keys_and_busy_states_are_left_alone() {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    let effects = host.effect_log.len();
    changed(&mut host, "app.theme");
    changed(
        &mut host,
        "CognitoIdentityServiceProvider.otherclient.alice.accessToken",
    );
    assert_eq!(host.effect_log.len(), effects);
    // A refresh in flight here: our answer decides, not a storage event.
    host.command(json!({"type": "fetchAuthSession"}));
    let effects = host.effect_log.len();
    changed(&mut host, &user_key("alice", "accessToken"));
    assert_eq!(host.effect_log.len(), effects);
    // Another tab half-way through writing a sign-in: no user yet, nothing removed.
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.storage
        .insert(user_key("bob", "accessToken"), "partial".into());
    changed(&mut host, &user_key("bob", "accessToken"));
    assert_eq!(status(&host), "unauthenticated");
    assert!(host.storage.contains_key(&user_key("bob", "accessToken")));
    assert!(host.events.is_empty());
}

#[test]
fn with_the_refresh_lock_one_tab_refreshes_and_the_other_adopts_its_tokens() {
    let cfg = config_with("us-east-1_P", json!({"refreshLock": true}));
    let expired = stored_session("alice", "s", NOW_S - 7200);
    // Tab A takes the lock first and refreshes.
    let mut a = Host::started(cfg.clone(), expired.clone());
    let op_a = a.command(json!({"type": "fetchAuthSession"}));
    assert!(a.pending.is_empty(), "no request before the lock");
    let (lock_a, name) = a.locks.pop().expect("lock");
    assert_eq!(name, format!("cognito-headless.refresh.{CLIENT_ID}"));
    a.input(Input::LockAcquired { id: lock_a });
    let (id, _) = a.expect_request("GetTokensFromRefreshToken");
    let mut fresh = auth_result("alice", "s", NOW_S, false);
    fresh["AuthenticationResult"]["RefreshToken"] = json!("rotated-by-a");
    a.respond(id, 200, &fresh.to_string());
    assert!(a.result_json(op_a)["tokens"].is_object());
    assert_eq!(a.unlocked, [lock_a]);
    // Tab B waited for the lock; under it, it finds A's tokens and takes them: no request,
    // so the rotated refresh token is never replayed.
    let mut b = Host::started(cfg.clone(), expired);
    let op_b = b.command(json!({"type": "fetchAuthSession"}));
    let (lock_b, _) = b.locks.pop().expect("lock");
    b.storage = a.storage.clone();
    b.input(Input::LockAcquired { id: lock_b });
    assert!(b.pending.is_empty());
    assert_eq!(
        b.result_json(op_b)["tokens"]["accessToken"]["jwt"],
        fresh["AuthenticationResult"]["AccessToken"]
    );
    assert_eq!(b.unlocked, [lock_b]);
    // Alone, with nothing newer stored, a tab refreshes with the newest stored refresh token.
    let mut c = Host::started(cfg, a.storage.clone());
    c.now += 2 * 3600 * 1000;
    c.command(json!({"type": "fetchAuthSession"}));
    let (lock_c, _) = c.locks.pop().expect("lock");
    c.input(Input::LockAcquired { id: lock_c });
    let (id, body) = c.expect_request("GetTokensFromRefreshToken");
    assert_eq!(body["RefreshToken"], "rotated-by-a");
    c.respond(id, 503, "{}");
    assert_eq!(c.unlocked, [lock_c], "released on failure too");
}

#[test]
fn following_another_tab_keeps_the_status_and_catches_up_after_a_flow() {
    // Mid re-read (the storage has not answered yet) the status stays what it was.
    let host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 60),
    );
    let mut machine = host.machine;
    machine.handle(
        host.now,
        Input::StorageChanged {
            key: user_key("alice", "accessToken"),
        },
    );
    let mut loads = 0;
    while let Some(effect) = machine.poll_effect() {
        loads += usize::from(support_effect_is_load(&effect));
    }
    assert_eq!(loads, 1);
    let snap = crate::support::bridge::to_value(machine.snapshot()).expect("snap");
    assert_eq!(snap["authStatus"], "authenticated");
    assert_eq!(snap["isPending"], false);
    assert_eq!(snap["user"]["username"], "alice");
    // A change that lands during a refresh is followed once the refresh settles.
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 7200),
    );
    host.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    changed(&mut host, &user_key("alice", "refreshToken"));
    let loads_before = host.effect_log.iter().filter(|e| *e == "Load").count();
    host.respond(
        id,
        200,
        &auth_result("alice", "s", NOW_S, false).to_string(),
    );
    let loads_after = host.effect_log.iter().filter(|e| *e == "Load").count();
    // LastAuthUser, then the user's keys; the waiting call then refreshes again, which
    // reads the stored session first.
    assert_eq!(loads_after, loads_before + 3, "the deferred re-read ran");
}

fn support_effect_is_load(effect: &cognito_headless::machine::Effect) -> bool {
    matches!(effect, cognito_headless::machine::Effect::Load { .. })
}
