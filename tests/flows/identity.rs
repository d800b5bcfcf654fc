//! Identity pool credentials: exact requests (the local Cognito ignores `Logins`, so these
//! tests are where it is checked), caching, single flight, guests, failures.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::bridge::from_value;
use crate::support::*;
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;
const POOL: &str = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const LOGINS_KEY: &str = "cognito-idp.us-east-1.amazonaws.com/us-east-1_P";

fn cfg(extra: Value) -> cognito_headless::machine::Config {
    let mut all = json!({"identityPoolId": POOL});
    if let (Some(a), Some(e)) = (all.as_object_mut(), extra.as_object()) {
        a.extend(e.clone());
    }
    config_with("us-east-1_P", all)
}

fn credentials(expiration_s: i64, key: &str) -> String {
    json!({"IdentityId": "us-east-1:id-1", "Credentials": {
        "AccessKeyId": key, "SecretKey": "secret-key", "SessionToken": "session-token",
        "Expiration": expiration_s}})
    .to_string()
}

fn id_token(host: &Host) -> String {
    host.storage[&user_key("alice", "idToken")].clone()
}

#[test]
fn signed_in_credentials_use_logins_keyed_by_issuer_and_are_cached() {
    let mut host = Host::started(cfg(json!({})), stored_session("alice", "sub-a", NOW_S - 60));
    let token = id_token(&host);
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, request) = host.next_request();
    assert_eq!(
        request.url,
        "https://cognito-identity.us-east-1.amazonaws.com/"
    );
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSCognitoIdentityService.GetId")
    );
    let body: Value = serde_json::from_str(request.body.expose()).expect("json");
    assert_eq!(
        body,
        json!({"IdentityPoolId": POOL, "Logins": {LOGINS_KEY: token}})
    );
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:id-1"}"#);
    let (id, body) = host.expect_identity_request("GetCredentialsForIdentity");
    assert_eq!(
        body,
        json!({"IdentityId": "us-east-1:id-1", "Logins": {LOGINS_KEY: token}})
    );
    host.respond(id, 200, &credentials(NOW_S + 3600, "AKIA1"));
    let out = host.result_json(op);
    assert_eq!(out["identityId"], "us-east-1:id-1");
    assert_eq!(
        out["credentials"],
        json!({"accessKeyId": "AKIA1", "secretAccessKey": "secret-key",
               "sessionToken": "session-token", "expiration": (NOW_S + 3600) * 1000})
    );
    assert_eq!(out["userSub"], "sub-a");
    // The authenticated identity id is kept in memory only, as Amplify does.
    assert!(host.storage.keys().all(|k| !k.contains("identityId")));
    // Cached: no request.
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(host.result_json(op)["credentials"]["accessKeyId"], "AKIA1");
    assert!(host.pending.is_empty());
    // Five minutes before expiry they are fetched again (the identity id is known).
    host.now = (NOW_S + 3600 - 299) * 1000;
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, body) = host.expect_identity_request("GetCredentialsForIdentity");
    assert_eq!(
        body,
        json!({"IdentityId": "us-east-1:id-1", "Logins": {LOGINS_KEY: token}})
    );
    host.respond(id, 200, &credentials(NOW_S + 7200, "AKIA2"));
    assert_eq!(host.result_json(op)["credentials"]["accessKeyId"], "AKIA2");
    // A refresh changes the id token: the cached credentials belong to the old login.
    host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(
        id,
        200,
        &auth_result("alice", "sub-a", NOW_S + 3300, false).to_string(),
    );
    let (_, body) = host.expect_identity_request("GetCredentialsForIdentity");
    assert_ne!(body["Logins"][LOGINS_KEY], json!(token));
    assert_eq!(body["Logins"][LOGINS_KEY], json!(id_token(&host)));
}

#[test]
fn logins_key_comes_from_the_id_token_issuer() {
    let mut stored = stored_session("alice", "sub-a", NOW_S);
    let iss_token = jwt(json!({"sub": "sub-a", "iat": NOW_S, "exp": NOW_S + 3600,
        "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"}));
    stored.insert(user_key("alice", "idToken"), iss_token.clone());
    let mut host = Host::started(cfg(json!({})), stored);
    host.command(json!({"type": "fetchAuthSession"}));
    let (_, body) = host.expect_identity_request("GetId");
    assert_eq!(
        body["Logins"],
        json!({"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other": iss_token})
    );
}

#[test]
fn guests_get_credentials_and_their_identity_id_is_persisted() {
    let guest_key = format!("com.amplify.Cognito.{POOL}.identityId");
    let mut host = Host::started(cfg(json!({"allowGuestAccess": true})), storage(&[]));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, body) = host.expect_identity_request("GetId");
    assert_eq!(body, json!({"IdentityPoolId": POOL}));
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:guest-9"}"#);
    assert_eq!(host.storage[&guest_key], "us-east-1:guest-9");
    let (id, body) = host.expect_identity_request("GetCredentialsForIdentity");
    assert_eq!(body, json!({"IdentityId": "us-east-1:guest-9"}));
    host.respond(id, 200, &credentials(NOW_S + 3600, "AKIAGUEST"));
    let out = host.result_json(op);
    assert!(out.get("tokens").is_none());
    assert_eq!(out["credentials"]["accessKeyId"], "AKIAGUEST");
    assert_eq!(out["identityId"], "us-east-1:guest-9");
    // A new instance over the same storage skips GetId.
    let mut again = Host::started(cfg(json!({"allowGuestAccess": true})), host.storage.clone());
    again.command(json!({"type": "fetchAuthSession"}));
    let (id, body) = again.expect_identity_request("GetCredentialsForIdentity");
    assert_eq!(body, json!({"IdentityId": "us-east-1:guest-9"}));
    // A guest id the pool no longer knows is forgotten, so the next call starts over.
    again.respond(
        id,
        400,
        r#"{"__type":"ResourceNotFoundException","message":"gone"}"#,
    );
    assert!(!again.storage.contains_key(&guest_key));
    again.command(json!({"type": "fetchAuthSession"}));
    again.expect_identity_request("GetId");
}

#[test]
fn no_guest_access_means_no_identity_calls_when_signed_out() {
    let mut host = Host::started(cfg(json!({})), storage(&[]));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    assert_eq!(host.result_json(op), json!({}));
    assert!(host.pending.is_empty());
}

#[test]
fn a_hundred_concurrent_fetches_make_one_refresh_and_one_credentials_fetch() {
    let mut host = Host::started(
        cfg(json!({})),
        stored_session("alice", "sub-a", NOW_S - 7200),
    );
    let ops: Vec<_> = (0..100)
        .map(|_| host.command(json!({"type": "fetchAuthSession"})))
        .collect();
    assert_eq!(host.pending.len(), 1);
    let (id, _) = host.expect_request("GetTokensFromRefreshToken");
    host.respond(
        id,
        200,
        &auth_result("alice", "sub-a", NOW_S, false).to_string(),
    );
    assert_eq!(host.pending.len(), 1);
    let (id, _) = host.expect_identity_request("GetId");
    // More callers arrive while credentials are in flight: they join.
    let late: Vec<_> = (0..5)
        .map(|_| host.command(json!({"type": "fetchAuthSession"})))
        .collect();
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:id-1"}"#);
    let (id, _) = host.expect_identity_request("GetCredentialsForIdentity");
    host.respond(id, 200, &credentials(NOW_S + 3600, "AKIA1"));
    assert!(host.pending.is_empty());
    let first = host.result_json(ops[0]);
    assert_eq!(first["credentials"]["accessKeyId"], "AKIA1");
    for op in ops.iter().chain(&late) {
        assert_eq!(host.result_json(*op), first);
    }
}

#[test]
fn identity_failures_are_typed_and_keep_the_session() {
    for (status, body, name) in [
        (500, "<html>oops</html>", "UnexpectedResponseException"),
        (
            400,
            r#"{"__type":"NotAuthorizedException","message":"Invalid login token."}"#,
            "NotAuthorizedException",
        ),
        (
            200,
            r#"{"Credentials":{"AccessKeyId":"A"}}"#,
            "MalformedResponseException",
        ),
    ] {
        let mut host = Host::started(cfg(json!({})), stored_session("alice", "sub-a", NOW_S));
        let before = host.storage.clone();
        let op = host.command(json!({"type": "fetchAuthSession"}));
        let (id, _) = host.expect_identity_request("GetId");
        host.respond(id, 200, r#"{"IdentityId":"us-east-1:id-1"}"#);
        let (id, _) = host.expect_identity_request("GetCredentialsForIdentity");
        host.respond(id, status, body);
        assert_eq!(host.error_name(op), name);
        assert_eq!(host.storage, before);
        assert_eq!(
            crate::support::bridge::to_value(host.machine.snapshot()).expect("s")["authStatus"],
            "authenticated"
        );
    }
}

#[test]
fn sign_out_during_a_credentials_fetch_resolves_it_empty() {
    let mut host = Host::started(cfg(json!({})), stored_session("alice", "sub-a", NOW_S));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = host.expect_identity_request("GetId");
    host.command(json!({"type": "signOut"}));
    assert_eq!(host.result_json(op), json!({}));
    // The late answer is ignored.
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:id-1"}"#);
    assert!(host.pending.iter().all(|(_, r)| !r
        .header("x-amz-target")
        .unwrap_or("")
        .starts_with("AWSCognitoIdentityService.")));
}

#[test]
fn credentials_and_snapshot_never_leak_secrets_in_debug() {
    let mut host = Host::started(cfg(json!({})), stored_session("alice", "sub-a", NOW_S));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, _) = host.expect_identity_request("GetId");
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:id-1"}"#);
    let (id, _) = host.expect_identity_request("GetCredentialsForIdentity");
    host.respond(id, 200, &credentials(NOW_S + 3600, "AKIA1"));
    let debug = format!(
        "{:?} {:?} {:?}",
        host.result(op),
        host.machine,
        host.machine.snapshot()
    );
    assert_redacted(
        &debug,
        &[
            "secret-key",
            "session-token",
            "refresh-token-value",
            &id_token(&host),
        ],
    );
}

#[test]
fn an_identity_pool_alone_gives_guest_credentials_and_refuses_user_pool_calls() {
    // Amplify's identity-pool-only configuration: no user pool (the JS layer passes empty ids).
    let config: cognito_headless::machine::Config = from_value(json!({
        "userPoolId": "", "userPoolClientId": "", "identityPoolId": POOL, "allowGuestAccess": true
    }))
    .expect("config");
    let mut host = Host::started(config, storage(&[]));
    let op = host.command(json!({"type": "fetchAuthSession"}));
    let (id, body) = host.expect_identity_request("GetId");
    assert_eq!(body, json!({"IdentityPoolId": POOL}));
    host.respond(id, 200, r#"{"IdentityId":"us-east-1:guest-1"}"#);
    let (id, _) = host.expect_identity_request("GetCredentialsForIdentity");
    host.respond(id, 200, &credentials(NOW_S + 3600, "AKIAGUEST"));
    let out = host.result_json(op);
    assert!(out.get("tokens").is_none());
    assert_eq!(out["credentials"]["accessKeyId"], "AKIAGUEST");
    // What needs the user pool fails as in Amplify, with no request.
    let op = host.command(json!({"type": "signIn", "username": "alice", "password": "pw"}));
    assert_eq!(host.error_name(op), "AuthUserPoolException");
    assert!(host.pending.is_empty());
    let op = host.command(json!({"type": "signOut"}));
    assert!(host.is_complete(op));
    // Without an identity pool an empty user pool id is still refused.
    let bad: cognito_headless::machine::Config =
        from_value(json!({"userPoolId": "", "userPoolClientId": ""})).expect("config");
    assert!(cognito_headless::machine::AuthMachine::new(bad).is_err());
}
