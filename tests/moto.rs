//! The machine against a real (local) Cognito: moto 5.x on 127.0.0.1, driven through the
//! sans-IO loop with real HTTP (see `tests/moto_support`). Every test starts its own
//! moto_server and kills it at the end. A missing moto fails these tests.
//!
//! What moto checks: the message flow, passwords (USER_PASSWORD_AUTH and new passwords),
//! TOTP codes (with `MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true`), refresh tokens,
//! sessions. What it does not: SRP proofs (any signature is accepted) and SMS codes.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod moto_support;

use cognito_headless::machine::{AuthEvent, AuthStatus};
use moto_support::{
    assert_signed_in, done, jwt_payload, no_tokens, python_str_list, sign_in, signed_in_events,
    system_now_ms, totp_at, totp_now, wrong_totp, Driver, Moto, Pool, PASSWORD, TEMP_PASSWORD,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn confirm(response: &str) -> Value {
    json!({ "type": "confirmSignIn", "challengeResponse": response })
}

fn fetch_session(force: bool) -> Value {
    json!({ "type": "fetchAuthSession", "forceRefresh": force })
}

/// (a) A user made with AdminCreateUser must choose a password: NEW_PASSWORD_REQUIRED.
#[test]
fn new_password_required_then_confirm_sign_in() {
    let moto = Moto::start();
    let pool = moto.pool("new-password", "OFF");
    let sub = moto.create_user(&pool, "alice", &[("email", "alice@example.com")]);
    assert_eq!(
        moto.get_user(&pool, "alice")["UserStatus"],
        "FORCE_CHANGE_PASSWORD"
    );
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), BTreeMap::new());

    let out = d.ok(sign_in("alice", TEMP_PASSWORD, "USER_SRP_AUTH"));
    assert_eq!(
        out,
        json!({
            "isSignedIn": false,
            "nextStep": { "signInStep": "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", "missingAttributes": [] },
        })
    );
    assert_eq!(d.ops_since(0), ["InitiateAuth", "RespondToAuthChallenge"]);
    assert_eq!(d.log[0].body["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(d.log[1].body["ChallengeName"], "PASSWORD_VERIFIER");
    assert_eq!(d.step(), Some("CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"));
    no_tokens(&pool, &d, "alice");

    // A password moto's policy refuses: a typed error, the step stays open.
    let before = d.log.len();
    let e = d.err(confirm("short"));
    assert_eq!(e.name(), "InvalidPasswordException", "{e}");
    assert_eq!(d.step(), Some("CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"));
    no_tokens(&pool, &d, "alice");

    // The new password (with an attribute, sent as userAttributes.<name>).
    let new_password = "N3w-Passw0rd!";
    let out = d.ok(json!({
        "type": "confirmSignIn", "challengeResponse": new_password,
        "options": { "userAttributes": { "name": "Alice" } },
    }));
    assert_eq!(out, done());
    let answers = &d.log[before..];
    assert_eq!(answers.len(), 2, "{:?}", d.ops_since(before));
    for a in answers {
        assert_eq!(a.op(), "RespondToAuthChallenge");
        assert_eq!(a.body["ChallengeName"], "NEW_PASSWORD_REQUIRED");
        assert_eq!(a.body["ChallengeResponses"]["USERNAME"], "alice");
    }
    assert_eq!(
        answers[1].body["ChallengeResponses"]["NEW_PASSWORD"],
        new_password
    );
    assert_eq!(
        answers[1].body["ChallengeResponses"]["userAttributes.name"],
        "Alice"
    );
    assert_signed_in(&moto, &pool, &d, "alice", &sub, "USER_SRP_AUTH");
    assert_eq!(signed_in_events(&d), 1);
    assert_eq!(moto.get_user(&pool, "alice")["UserStatus"], "CONFIRMED");

    // moto took the new password: USER_PASSWORD_AUTH with it signs in directly.
    d.ok(json!({ "type": "signOut" }));
    no_tokens(&pool, &d, "alice");
    assert_eq!(
        d.ok(sign_in("alice", new_password, "USER_PASSWORD_AUTH")),
        done()
    );
    assert_signed_in(&moto, &pool, &d, "alice", &sub, "USER_PASSWORD_AUTH");
}

/// (b) TOTP: MFA_SETUP on a pool with MfaConfiguration ON, then SOFTWARE_TOKEN_MFA later.
#[test]
fn totp_setup_then_totp_sign_in() {
    let moto = Moto::start();
    let pool = moto.totp_pool("totp", "ON");
    let sub = moto.confirmed_user(&pool, "tom", &[]);
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), BTreeMap::new());

    // Sign-in → MFA_SETUP (only TOTP) → AssociateSoftwareToken → the setup step.
    let out = d.ok(sign_in("tom", PASSWORD, "USER_SRP_AUTH"));
    assert_eq!(
        d.ops_since(0),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "AssociateSoftwareToken"
        ]
    );
    assert!(
        d.log[1]
            .response
            .contains(r#""ChallengeName": "MFA_SETUP""#),
        "{}",
        d.log[1].response
    );
    // moto's quirk: MFAS_CAN_SETUP is Python's str() of a list; the machine reads it as is.
    assert!(
        d.log[1]
            .response
            .contains(r#""MFAS_CAN_SETUP": "['SOFTWARE_TOKEN_MFA']""#),
        "{}",
        d.log[1].response
    );
    assert_eq!(d.moto_list_rewrites, 0);
    assert_eq!(
        d.log[2].body["Session"].as_str().map(str::is_empty),
        Some(false)
    );
    assert_eq!(out["isSignedIn"], false);
    assert_eq!(
        out["nextStep"]["signInStep"],
        "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
    );
    let secret = out["nextStep"]["totpSetupDetails"]["sharedSecret"]
        .as_str()
        .expect("sharedSecret")
        .to_owned();
    assert!(!secret.is_empty());
    assert_eq!(
        secret,
        d.log[2].secret_code(),
        "the secret moto sent, unchanged"
    );
    no_tokens(&pool, &d, "tom");

    // A wrong code: CodeMismatchException from VerifySoftwareToken, the step stays open.
    let before = d.log.len();
    let e = d.err(confirm(&wrong_totp(&secret)));
    assert_eq!(e.name(), "CodeMismatchException", "{e}");
    assert_eq!(d.ops_since(before), ["VerifySoftwareToken"]);
    assert_eq!(d.step(), Some("CONTINUE_SIGN_IN_WITH_TOTP_SETUP"));
    no_tokens(&pool, &d, "tom");

    // The right code: VerifySoftwareToken → RespondToAuthChallenge MFA_SETUP → tokens.
    let before = d.log.len();
    let out = d.ok(json!({
        "type": "confirmSignIn", "challengeResponse": totp_now(&secret),
        "options": { "friendlyDeviceName": "phone" },
    }));
    assert_eq!(out, done());
    assert_eq!(
        d.ops_since(before),
        ["VerifySoftwareToken", "RespondToAuthChallenge"]
    );
    assert_eq!(d.log[before].body["FriendlyDeviceName"], "phone");
    let verified_session =
        serde_json::from_str::<Value>(&d.log[before].response).unwrap()["Session"].clone();
    assert_eq!(d.log[before + 1].body["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        d.log[before + 1].body["Session"],
        verified_session,
        "the session VerifySoftwareToken returned"
    );
    assert_signed_in(&moto, &pool, &d, "tom", &sub, "USER_SRP_AUTH");

    // A later sign-in asks for the TOTP code.
    d.ok(json!({ "type": "signOut" }));
    let before = d.log.len();
    let out = d.ok(sign_in("tom", PASSWORD, "USER_SRP_AUTH"));
    assert_eq!(
        out,
        json!({ "isSignedIn": false, "nextStep": { "signInStep": "CONFIRM_SIGN_IN_WITH_TOTP_CODE" } })
    );
    assert_eq!(
        d.ops_since(before),
        ["InitiateAuth", "RespondToAuthChallenge"]
    );
    no_tokens(&pool, &d, "tom");

    let e = d.err(confirm(&wrong_totp(&secret)));
    assert_eq!(e.name(), "CodeMismatchException", "{e}");
    assert_eq!(d.step(), Some("CONFIRM_SIGN_IN_WITH_TOTP_CODE"));
    no_tokens(&pool, &d, "tom");

    let before = d.log.len();
    assert_eq!(d.ok(confirm(&totp_now(&secret))), done());
    assert_eq!(d.ops_since(before), ["RespondToAuthChallenge"]);
    assert_eq!(d.log[before].body["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(d.log[before].body["ChallengeResponses"]["USERNAME"], "tom");
    assert_signed_in(&moto, &pool, &d, "tom", &sub, "USER_SRP_AUTH");
    assert_eq!(signed_in_events(&d), 2);
}

/// moto's MFAS_CAN_SETUP, as moto sends it (`"['SOFTWARE_TOKEN_MFA']"`), given to the
/// machine unchanged.
#[test]
fn mfa_setup_with_moto_raw_list_parameter() {
    let moto = Moto::start();
    let pool = moto.totp_pool("totp-raw", "ON");
    moto.confirmed_user(&pool, "tim", &[]);
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), BTreeMap::new());
    d.fix_moto_lists = false;
    let result = d.run(sign_in("tim", PASSWORD, "USER_SRP_AUTH"));
    assert!(d.log[1]
        .response
        .contains(r#""MFAS_CAN_SETUP": "['SOFTWARE_TOKEN_MFA']""#));
    match result {
        Ok(out) => {
            // The machine reads moto's Python-repr list.
            assert_eq!(
                out["nextStep"]["signInStep"], "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
                "{out}"
            );
            assert_eq!(
                d.ops_since(0).last().map(String::as_str),
                Some("AssociateSoftwareToken")
            );
        }
        Err(e) => panic!(
            "KNOWN MACHINE BUG: MFAS_CAN_SETUP = \"['SOFTWARE_TOKEN_MFA']\" (moto's format) is \
             not understood; the sign-in failed with {}: {e}",
            e.name()
        ),
    }
}

/// (c) SMS MFA: CONFIRM_SIGN_IN_WITH_SMS_CODE (moto accepts any code).
#[test]
fn sms_mfa_step() {
    let moto = Moto::start();
    let pool = moto.pool("sms", "OPTIONAL");
    moto.idp(
        "SetUserPoolMfaConfig",
        json!({
            "UserPoolId": pool.pool_id, "MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": {
                "SmsAuthenticationMessage": "Your code is {####}",
                "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::123456789012:role/sns" },
            },
        }),
    );
    let sub = moto.confirmed_user(
        &pool,
        "sam",
        &[
            ("phone_number", "+15555550123"),
            ("phone_number_verified", "true"),
        ],
    );
    moto.idp(
        "AdminSetUserMFAPreference",
        json!({
            "UserPoolId": pool.pool_id, "Username": "sam",
            "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true },
        }),
    );
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), BTreeMap::new());

    for flow in ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] {
        let out = d.ok(sign_in("sam", PASSWORD, flow));
        // moto's SMS_MFA carries no CODE_DELIVERY_* parameters: the details are empty.
        assert_eq!(
            out,
            json!({
                "isSignedIn": false,
                "nextStep": { "signInStep": "CONFIRM_SIGN_IN_WITH_SMS_CODE", "codeDeliveryDetails": {} },
            }),
            "{flow}"
        );
        assert_eq!(d.step(), Some("CONFIRM_SIGN_IN_WITH_SMS_CODE"));
        let last = d.log.last().unwrap();
        assert!(
            last.response.contains(r#""ChallengeName": "SMS_MFA""#),
            "{}",
            last.response
        );
        no_tokens(&pool, &d, "sam");

        let before = d.log.len();
        assert_eq!(d.ok(confirm("123456")), done(), "{flow}");
        assert_eq!(d.ops_since(before), ["RespondToAuthChallenge"]);
        let answer = &d.log[before].body;
        assert_eq!(answer["ChallengeName"], "SMS_MFA");
        assert_eq!(answer["ChallengeResponses"]["SMS_MFA_CODE"], "123456");
        assert_eq!(answer["ChallengeResponses"]["USERNAME"], "sam");
        assert_signed_in(&moto, &pool, &d, "sam", &sub, flow);
        d.ok(json!({ "type": "signOut" }));
    }
}

/// (d) An unconfirmed user gets CONFIRM_SIGN_UP; (e) a wrong password is
/// NotAuthorizedException and touches nothing.
#[test]
fn unconfirmed_user_and_wrong_password() {
    let moto = Moto::start();
    let pool = moto.pool("errors", "OFF");
    let signed_up = moto.idp(
        "SignUp",
        json!({
            "ClientId": pool.client_id, "Username": "bob", "Password": PASSWORD,
            "UserAttributes": [{ "Name": "email", "Value": "bob@example.com" }],
        }),
    );
    assert_eq!(signed_up["UserConfirmed"], false);
    moto.confirmed_user(&pool, "carol", &[]);

    let mut storage = BTreeMap::new();
    storage.insert("unrelated".to_owned(), "kept".to_owned());
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), storage.clone());

    // (d)
    for flow in ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] {
        let before = d.log.len();
        let out = d.ok(sign_in("bob", PASSWORD, flow));
        assert_eq!(
            out,
            json!({ "isSignedIn": false, "nextStep": { "signInStep": "CONFIRM_SIGN_UP" } }),
            "{flow}"
        );
        assert_eq!(d.ops_since(before), ["InitiateAuth"]);
        assert_eq!(d.log[before].status, 400);
        assert!(d.log[before].response.contains("UserNotConfirmedException"));
        assert_eq!(d.storage, storage);
        assert_eq!(
            d.machine.snapshot().auth_status,
            AuthStatus::Unauthenticated
        );
        assert_eq!(d.step(), None);
    }

    // (e)
    let before = d.log.len();
    let e = d.err(sign_in("carol", "Wr0ng-Passw0rd!", "USER_PASSWORD_AUTH"));
    assert_eq!(e.name(), "NotAuthorizedException");
    assert_eq!(e.to_string(), "Incorrect username or password.");
    assert_eq!(d.ops_since(before), ["InitiateAuth"]);
    assert_eq!(
        d.log[before].body["AuthParameters"]["PASSWORD"],
        "Wr0ng-Passw0rd!"
    );
    assert_eq!(d.storage, storage, "storage unchanged");
    assert!(d.events.is_empty(), "{:?}", d.events);
    assert_eq!(
        d.machine.snapshot().auth_status,
        AuthStatus::Unauthenticated
    );
    // An unknown user, too.
    let e = d.err(sign_in("nobody", PASSWORD, "USER_PASSWORD_AUTH"));
    assert_eq!(e.name(), "UserNotFoundException");
    assert_eq!(d.storage, storage);
    // And the right password works afterwards.
    assert_eq!(
        d.ok(sign_in("carol", PASSWORD, "USER_PASSWORD_AUTH")),
        done()
    );
    assert_eq!(d.storage.get("unrelated").map(String::as_str), Some("kept"));
}

fn access_token(pool: &Pool, d: &Driver, user: &str) -> String {
    d.storage[&pool.key(user, "accessToken")].clone()
}

fn refresh_events(d: &Driver) -> usize {
    d.events
        .iter()
        .filter(|e| matches!(e, AuthEvent::TokenRefresh))
        .count()
}

/// (f) `refreshFlow: 'initiateAuth'`: InitiateAuth REFRESH_TOKEN_AUTH, new tokens stored.
#[test]
fn refresh_with_initiate_auth() {
    let moto = Moto::start();
    let pool = moto.pool("refresh", "OFF");
    let sub = moto.confirmed_user(&pool, "rita", &[]);
    let config = pool.config(&moto, json!({ "refreshFlow": "initiateAuth" }));
    let mut d = Driver::start(&moto, config, BTreeMap::new());
    d.ok(sign_in("rita", PASSWORD, "USER_SRP_AUTH"));
    let refresh_token = d.storage[&pool.key("rita", "refreshToken")].clone();

    // Valid tokens: no request.
    let before = d.log.len();
    let s = d.ok(fetch_session(false));
    assert!(d.ops_since(before).is_empty());
    assert_eq!(
        s["tokens"]["accessToken"]["jwt"].as_str(),
        Some(access_token(&pool, &d, "rita").as_str())
    );

    for round in 1..=2 {
        let old = access_token(&pool, &d, "rita");
        let before = d.log.len();
        let s = d.ok(fetch_session(true));
        assert_eq!(d.ops_since(before), ["InitiateAuth"], "round {round}");
        let req = &d.log[before].body;
        assert_eq!(req["AuthFlow"], "REFRESH_TOKEN_AUTH");
        assert_eq!(
            req["AuthParameters"]["REFRESH_TOKEN"],
            refresh_token.as_str()
        );
        let new = access_token(&pool, &d, "rita");
        assert_ne!(new, old, "round {round}: new tokens");
        assert_eq!(
            s["tokens"]["accessToken"]["jwt"].as_str(),
            Some(new.as_str())
        );
        assert_eq!(s["userSub"], sub.as_str());
        // moto does not rotate: the refresh token is kept.
        assert_eq!(d.storage[&pool.key("rita", "refreshToken")], refresh_token);
        assert_eq!(refresh_events(&d), round);
        assert_signed_in(&moto, &pool, &d, "rita", &sub, "USER_SRP_AUTH");
    }
}

/// (f) The default `auto`: moto answers GetTokensFromRefreshToken with an HTML 500, so the
/// machine falls back to InitiateAuth once and then goes there directly. Also: a lazy
/// refresh of expired tokens, shared by every caller (one request).
#[test]
fn refresh_auto_falls_back_once() {
    let moto = Moto::start();
    let pool = moto.pool("refresh-auto", "OFF");
    let sub = moto.confirmed_user(&pool, "rudy", &[]);
    let mut d = Driver::start(&moto, pool.config(&moto, json!({})), BTreeMap::new());
    d.ok(sign_in("rudy", PASSWORD, "USER_PASSWORD_AUTH"));
    let refresh_token = d.storage[&pool.key("rudy", "refreshToken")].clone();

    let old = access_token(&pool, &d, "rudy");
    let before = d.log.len();
    d.ok(fetch_session(true));
    assert_eq!(
        d.ops_since(before),
        ["GetTokensFromRefreshToken", "InitiateAuth"]
    );
    let rotation = &d.log[before];
    assert_eq!(rotation.status, 500);
    assert!(
        rotation
            .response
            .trim_start()
            .starts_with("<!doctype html>"),
        "{}",
        rotation.response
    );
    assert_eq!(rotation.body["RefreshToken"], refresh_token.as_str());
    assert_eq!(d.log[before + 1].body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_ne!(access_token(&pool, &d, "rudy"), old);
    assert_eq!(refresh_events(&d), 1);
    assert!(
        !d.events
            .iter()
            .any(|e| matches!(e, AuthEvent::TokenRefreshFailure { .. })),
        "the fallback is not a failure: {:?}",
        d.events
    );

    // Later refreshes go straight to InitiateAuth.
    let old = access_token(&pool, &d, "rudy");
    let before = d.log.len();
    d.ok(fetch_session(true));
    assert_eq!(d.ops_since(before), ["InitiateAuth"]);
    assert_ne!(access_token(&pool, &d, "rudy"), old);

    // Expired tokens (the clock moved 2 h): 10 concurrent calls, one refresh.
    d.clock_offset_ms = 2 * 3600 * 1000;
    let old = access_token(&pool, &d, "rudy");
    let before = d.log.len();
    let ops: Vec<_> = (0..10).map(|_| d.submit(fetch_session(false))).collect();
    d.settle();
    assert_eq!(
        d.ops_since(before),
        ["InitiateAuth"],
        "one refresh for all callers"
    );
    let results: Vec<Value> = ops
        .iter()
        .map(|op| d.result(*op).expect("session"))
        .collect();
    let new = access_token(&pool, &d, "rudy");
    assert_ne!(new, old);
    for r in &results {
        assert_eq!(r, &results[0]);
        assert_eq!(
            r["tokens"]["accessToken"]["jwt"].as_str(),
            Some(new.as_str())
        );
    }
    assert_eq!(refresh_events(&d), 3);
    // The new tokens count as fresh on the moved clock (clock drift), so no new request.
    let before = d.log.len();
    d.ok(fetch_session(false));
    assert!(d.ops_since(before).is_empty());
    assert_signed_in(&moto, &pool, &d, "rudy", &sub, "USER_PASSWORD_AUTH");

    // A restored session refreshes too (a new machine over the same storage).
    let storage = d.storage.clone();
    let mut d2 = Driver::start(&moto, pool.config(&moto, json!({})), storage);
    let before = d2.log.len();
    d2.ok(fetch_session(true));
    assert_eq!(
        d2.ops_since(before),
        ["GetTokensFromRefreshToken", "InitiateAuth"],
        "a new instance learns again"
    );
}

/// (g) Identity pool credentials, signed in and as a guest.
#[test]
fn identity_pool_credentials() {
    let moto = Moto::start();
    let pool = moto.pool("identity", "OFF");
    let sub = moto.confirmed_user(&pool, "ida", &[]);
    let provider = format!("cognito-idp.us-east-1.amazonaws.com/{}", pool.pool_id);
    let ip = moto.identity(
        "CreateIdentityPool",
        json!({
            "IdentityPoolName": "app",
            "AllowUnauthenticatedIdentities": true,
            "CognitoIdentityProviders": [{ "ProviderName": provider, "ClientId": pool.client_id }],
        }),
    );
    let ip_id = ip["IdentityPoolId"]
        .as_str()
        .expect("identity pool id")
        .to_owned();
    assert!(ip_id.starts_with("us-east-1:"), "{ip_id}");
    let guest_key = format!("com.amplify.Cognito.{ip_id}.identityId");
    let config = || {
        pool.config(
            &moto,
            json!({ "identityPoolId": ip_id, "allowGuestAccess": true }),
        )
    };

    // Guest: GetId without logins, credentials, the id persisted under Amplify's key.
    let mut d = Driver::start(&moto, config(), BTreeMap::new());
    let t0 = system_now_ms();
    let s = d.ok(fetch_session(false));
    assert_eq!(d.ops_since(0), ["GetId", "GetCredentialsForIdentity"]);
    assert!(d.log[0].target.starts_with("AWSCognitoIdentityService."));
    assert_eq!(d.log[0].body, json!({ "IdentityPoolId": ip_id }));
    assert!(s.get("tokens").is_none(), "{s}");
    let guest_id = s["identityId"]
        .as_str()
        .expect("guest identityId")
        .to_owned();
    assert!(guest_id.starts_with("us-east-1:"), "{guest_id}");
    assert_eq!(d.storage.get(&guest_key), Some(&guest_id));
    assert_eq!(d.log[1].body, json!({ "IdentityId": guest_id }));
    let creds = &s["credentials"];
    assert_eq!(creds["accessKeyId"], "TESTACCESSKEY12345");
    assert_eq!(creds["secretAccessKey"], "ABCSECRETKEY");
    assert_eq!(creds["sessionToken"], "ABC12345");
    // moto's credentials last 90 s; `expiration` is Unix ms.
    let exp = creds["expiration"].as_i64().expect("expiration ms");
    assert!(
        exp > t0 + 60_000 && exp < t0 + 120_000,
        "expiration {exp} vs now {t0}"
    );

    // A new instance over the same storage reuses the persisted guest id (no GetId).
    let storage = d.storage.clone();
    let mut d = Driver::start(&moto, config(), storage);
    let s = d.ok(fetch_session(false));
    assert_eq!(d.ops_since(0), ["GetCredentialsForIdentity"]);
    assert_eq!(s["identityId"], guest_id.as_str());

    // Signed in: GetId with Logins {<issuer without scheme>: idToken}, then credentials.
    d.ok(sign_in("ida", PASSWORD, "USER_SRP_AUTH"));
    let id_token = d.storage[&pool.key("ida", "idToken")].clone();
    assert_eq!(
        jwt_payload(&id_token)["iss"],
        format!(
            "https://cognito-idp.us-east-1.amazonaws.com/{}",
            pool.pool_id
        )
    );
    let before = d.log.len();
    let s = d.ok(fetch_session(false));
    assert_eq!(d.ops_since(before), ["GetId", "GetCredentialsForIdentity"]);
    let logins = json!({ provider.clone(): id_token });
    assert_eq!(
        d.log[before].body,
        json!({ "IdentityPoolId": ip_id, "Logins": logins })
    );
    let user_id = s["identityId"].as_str().expect("identityId").to_owned();
    assert_ne!(user_id, guest_id);
    assert_eq!(
        d.log[before + 1].body,
        json!({ "IdentityId": user_id, "Logins": logins })
    );
    assert_eq!(s["credentials"]["accessKeyId"], "TESTACCESSKEY12345");
    assert!(s["credentials"]["expiration"].as_i64().is_some());
    assert_eq!(s["userSub"], sub.as_str());
    assert!(s["tokens"]["idToken"]["jwt"].as_str() == Some(id_token.as_str()));
    // Only the guest id is persisted.
    assert_eq!(d.storage.get(&guest_key), Some(&guest_id));
    assert!(!d.storage.values().any(|v| v == &user_id));

    // Signed out again: the guest id comes back.
    d.ok(json!({ "type": "signOut" }));
    let s = d.ok(fetch_session(false));
    assert_eq!(s["identityId"], guest_id.as_str());
    assert!(s["credentials"]["accessKeyId"].is_string());
}

/// The TOTP helper matches RFC 6238's SHA-1 vectors (8 digits there; the last 6 here).
#[test]
fn totp_matches_rfc6238() {
    // Secret "12345678901234567890" in base32.
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    for (t, code) in [
        (59, "287082"),
        (1_111_111_109, "081804"),
        (1_234_567_890, "005924"),
        (2_000_000_000, "279037"),
    ] {
        assert_eq!(totp_at(secret, t), code, "t={t}");
    }
    assert_eq!(
        python_str_list("['SOFTWARE_TOKEN_MFA', 'SMS_MFA']"),
        Some(vec!["SOFTWARE_TOKEN_MFA".into(), "SMS_MFA".into()])
    );
    assert_eq!(python_str_list("[\"X\"]"), None);
    let _ = totp_now;
}
