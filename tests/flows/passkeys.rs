//! Passkeys: `WEB_AUTHN` sign-in through a host ceremony effect, and credential management.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::machine::{Input, OpId, RequestId};
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;
const OPTIONS: &str = r#"{"challenge":"Y2hhbGxlbmdl","rpId":"example.com","allowCredentials":[{"type":"public-key","id":"Y3JlZA"}],"userVerification":"required"}"#;

fn credential() -> Value {
    json!({"id": "Y3JlZA", "rawId": "Y3JlZA", "type": "public-key", "response": {
        "clientDataJSON": "e30", "authenticatorData": "YXV0aA", "signature": "c2ln", "userHandle": "dQ"},
        "clientExtensionResults": {}, "authenticatorAttachment": "platform"})
}

fn passkey_challenge() -> String {
    json!({"ChallengeName": "WEB_AUTHN", "Session": "w1",
        "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": OPTIONS, "USERNAME": "alice"}})
    .to_string()
}

#[test]
fn preferred_passkey_sign_in_runs_the_ceremony_and_sends_the_credential() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN"}}));
    let (id, body) = host.expect_request("InitiateAuth");
    assert_eq!(
        body["AuthParameters"],
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    );
    host.respond(id, 200, &passkey_challenge());
    let (cid, ceremony, options) = host.ceremonies.pop().expect("ceremony");
    assert_eq!(ceremony, "Get");
    assert_eq!(
        options,
        serde_json::from_str::<Value>(OPTIONS).expect("json")
    );
    assert!(!host.is_complete(op));
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(&credential())),
        error: None,
    });
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(body["ChallengeName"], "WEB_AUTHN");
    assert_eq!(body["Session"], "w1");
    assert_eq!(body["ChallengeResponses"]["USERNAME"], "alice");
    let sent: Value = serde_json::from_str(
        body["ChallengeResponses"]["CREDENTIAL"]
            .as_str()
            .expect("string"),
    )
    .expect("json");
    assert_eq!(sent, credential());
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
    // The ceremony answered: nothing to abort.
    assert!(host.aborted.is_empty());
}

fn passkey_sign_in(host: &mut Host) -> (OpId, RequestId) {
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN"}}));
    let (id, _) = host.expect_request("InitiateAuth");
    host.respond(id, 200, &passkey_challenge());
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    (op, cid)
}

#[test]
fn a_replaced_passkey_sign_in_aborts_its_ceremony() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let (_, first) = passkey_sign_in(&mut host);
    assert!(host.aborted.is_empty());
    // A new sign-in (here with a password) while the passkey dialog is open.
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "pw",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    assert_eq!(host.aborted, [first]);
    // The aborted ceremony's late answer changes nothing.
    host.input(Input::WebAuthnResult {
        id: first,
        credential: Some(crate::support::bridge::ours(&credential())),
        error: None,
    });
    let (id, _) = host.expect_request("InitiateAuth");
    assert!(host.pending.is_empty());
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
    assert_eq!(host.aborted, [first]);

    // A passkey sign-in replaced by another passkey sign-in: the first ceremony stops,
    // the second one runs.
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let (_, first) = passkey_sign_in(&mut host);
    let (op, second) = passkey_sign_in(&mut host);
    assert_eq!(host.aborted, [first]);
    host.input(Input::WebAuthnResult {
        id: second,
        credential: Some(crate::support::bridge::ours(&credential())),
        error: None,
    });
    let (id, _) = host.expect_request("RespondToAuthChallenge");
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
    assert_eq!(host.aborted, [first]);
}

#[test]
fn a_cancelled_ceremony_is_amplifys_passkey_error() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN"}}));
    let (id, _) = host.next_request();
    host.respond(id, 200, &passkey_challenge());
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    host.input(Input::WebAuthnResult { id: cid, credential: None, error: Some(crate::support::bridge::from_value(
        json!({"name": "PasskeyAuthenticationCanceled", "message": "The operation was cancelled"})).expect("e")) });
    assert_eq!(host.error_name(op), "PasskeyAuthenticationCanceled");
    assert!(host.pending.is_empty());
    assert!(host.storage.is_empty());
    // Options that are not JSON: a typed error, no ceremony.
    let op = host.command(json!({"type": "signIn", "username": "alice",
        "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN"}}));
    let (id, _) = host.next_request();
    host.respond(id, 200, r#"{"ChallengeName":"WEB_AUTHN","Session":"w","ChallengeParameters":{"CREDENTIAL_REQUEST_OPTIONS":"{oops"}}"#);
    assert_eq!(host.error_name(op), "MalformedResponseException");
    assert!(host.ceremonies.is_empty());
}

#[test]
fn first_factor_selection_can_choose_a_passkey() {
    let mut host = Host::started(config("us-east-1_P"), storage(&[]));
    host.command(
        json!({"type": "signIn", "username": "alice", "options": {"authFlowType": "USER_AUTH"}}),
    );
    let (id, _) = host.next_request();
    host.respond(id, 200, r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"u","AvailableChallenges":["WEB_AUTHN","PASSWORD"]}"#);
    let op = host.command(json!({"type": "confirmSignIn", "challengeResponse": "WEB_AUTHN"}));
    let (id, body) = host.expect_request("RespondToAuthChallenge");
    assert_eq!(
        body["ChallengeResponses"],
        json!({"USERNAME": "alice", "ANSWER": "WEB_AUTHN"})
    );
    host.respond(id, 200, &passkey_challenge());
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(&credential())),
        error: None,
    });
    let (id, _) = host.expect_request("RespondToAuthChallenge");
    host.respond(id, 200, &auth_result("alice", "s", NOW_S, true).to_string());
    assert_eq!(host.result_json(op)["isSignedIn"], true);
}

#[test]
fn associate_list_and_delete_credentials() {
    let stored = stored_session("alice", "s", NOW_S - 60);
    let access = stored[&user_key("alice", "accessToken")].clone();
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "associateWebAuthnCredential"}));
    let (id, body) = host.expect_request("StartWebAuthnRegistration");
    assert_eq!(body, json!({"AccessToken": access}));
    host.respond(id, 200, r#"{"CredentialCreationOptions":{"challenge":"Yw","rp":{"id":"example.com","name":"Ex"},"user":{"id":"dQ","name":"alice","displayName":"alice"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}}"#);
    let (cid, ceremony, options) = host.ceremonies.pop().expect("ceremony");
    assert_eq!(ceremony, "Create");
    assert_eq!(options["rp"]["id"], "example.com");
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(
            &json!({"id": "bmV3", "type": "public-key"}),
        )),
        error: None,
    });
    let (id, body) = host.expect_request("CompleteWebAuthnRegistration");
    assert_eq!(
        body,
        json!({"AccessToken": access, "Credential": {"id": "bmV3", "type": "public-key"}})
    );
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    // Already registered on this authenticator: Amplify's error name from the host.
    let op = host.command(json!({"type": "associateWebAuthnCredential"}));
    let (id, _) = host.next_request();
    host.respond(
        id,
        200,
        r#"{"CredentialCreationOptions":{"challenge":"Yw"}}"#,
    );
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: None,
        error: Some(
            crate::support::bridge::from_value(
                json!({"name": "PasskeyAlreadyExists", "message": "exists"}),
            )
            .expect("e"),
        ),
    });
    assert_eq!(host.error_name(op), "PasskeyAlreadyExists");

    let op = host.command(json!({"type": "listWebAuthnCredentials"}));
    let (id, body) = host.expect_request("ListWebAuthnCredentials");
    assert_eq!(body, json!({"AccessToken": access}));
    host.respond(id, 200, r#"{"Credentials":[{"CredentialId":"c1","FriendlyCredentialName":"Mac","RelyingPartyId":"example.com","AuthenticatorTransports":["internal"],"CreatedAt":1700000000}],"NextToken":"n2"}"#);
    let (id, body) = host.expect_request("ListWebAuthnCredentials");
    assert_eq!(body["NextToken"], "n2");
    host.respond(id, 200, r#"{"Credentials":[{"CredentialId":"c2"}]}"#);
    assert_eq!(
        host.result_json(op),
        json!({"credentials": [
        {"credentialId": "c1", "friendlyCredentialName": "Mac", "relyingPartyId": "example.com",
         "authenticatorTransports": ["internal"], "createdAt": 1_700_000_000_000i64},
        {"credentialId": "c2"}]})
    );
    let op = host.command(json!({"type": "listWebAuthnCredentials", "pageSize": 1}));
    let (id, body) = host.expect_request("ListWebAuthnCredentials");
    assert_eq!(body["MaxResults"], 1);
    host.respond(
        id,
        200,
        r#"{"Credentials":[{"CredentialId":"c1"}],"NextToken":"n2"}"#,
    );
    assert_eq!(
        host.result_json(op),
        json!({"credentials": [{"credentialId": "c1"}], "nextToken": "n2"})
    );
    let op = host.command(json!({"type": "deleteWebAuthnCredential", "credentialId": "c1"}));
    let (id, body) = host.expect_request("DeleteWebAuthnCredential");
    assert_eq!(body, json!({"AccessToken": access, "CredentialId": "c1"}));
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
}

const CREATION: &str = r#"{"CredentialCreationOptions":{"challenge":"Yw","rp":{"id":"example.com","name":"Ex"},"user":{"id":"dQ","name":"alice","displayName":"alice"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}}"#;

#[test]
fn signing_out_aborts_a_pending_registration() {
    let mut host = Host::started(
        config("us-east-1_P"),
        stored_session("alice", "s", NOW_S - 60),
    );
    let op = host.command(json!({"type": "associateWebAuthnCredential"}));
    let (id, _) = host.expect_request("StartWebAuthnRegistration");
    host.respond(id, 200, CREATION);
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    let out = host.command(json!({"type": "signOut"}));
    while let Some((id, _)) = host.pending.pop_front() {
        host.respond(id, 200, "{}");
    }
    assert!(host.is_complete(out));
    assert_eq!(host.aborted, [cid]);
    assert_eq!(host.error_name(op), "PasskeyOperationAborted");
    // The credential the dialog still made is not sent for anyone.
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(
            &json!({"id": "bmV3", "type": "public-key"}),
        )),
        error: None,
    });
    assert!(host.pending.is_empty());
}

#[test]
fn another_tabs_refresh_keeps_a_pending_registration() {
    let stored = stored_session("alice", "s", NOW_S - 60);
    let access_key = user_key("alice", "accessToken");
    let mut host = Host::started(config("us-east-1_P"), stored);
    let op = host.command(json!({"type": "associateWebAuthnCredential"}));
    let (id, _) = host.expect_request("StartWebAuthnRegistration");
    host.respond(id, 200, CREATION);
    let (cid, ..) = host.ceremonies.pop().expect("ceremony");
    // Another tab wrote fresh tokens for the same user: this tab reads the session again.
    let fresh = stored_session("alice", "s2", NOW_S);
    for (k, v) in &fresh {
        host.storage.insert(k.clone(), v.clone());
    }
    host.input(Input::StorageChanged {
        key: access_key.clone(),
    });
    assert!(host.aborted.is_empty());
    host.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(
            &json!({"id": "bmV3", "type": "public-key"}),
        )),
        error: None,
    });
    let (id, body) = host.expect_request("CompleteWebAuthnRegistration");
    assert_eq!(body["AccessToken"], json!(fresh[&access_key]));
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    assert!(host.aborted.is_empty());
}
