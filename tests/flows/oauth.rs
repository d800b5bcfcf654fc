//! Hosted-UI sign-in: the authorize URL with PKCE S256, the callback's checks and code
//! exchange, events, the sign-out redirect.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::machine::{pkce_challenge, query_params, Config};
use serde_json::{json, Value};

const NOW_S: i64 = 1_772_528_707;

fn cfg() -> Config {
    config_with(
        "us-east-1_P",
        json!({"oauth": {
        "domain": "auth.example.com", "scopes": ["openid", "email"],
        "redirectSignIn": ["http://localhost:3000/", "https://app.example.com/"],
        "redirectSignOut": "https://app.example.com/bye"}}),
    )
}

fn key(name: &str) -> String {
    format!("CognitoIdentityServiceProvider.{CLIENT_ID}.{name}")
}

#[test]
fn pkce_challenge_matches_rfc7636() {
    // RFC 7636 Appendix B.
    assert_eq!(
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

/// Starts a redirect and returns the host (storage holds the PKCE keys) and the URL.
fn start_redirect(custom_state: Option<&str>) -> (Host, String) {
    let mut host = Host::started(cfg(), storage(&[]));
    host.random = (0..512u32).map(|i| (i * 37 % 256) as u8).collect();
    let op = host.command(json!({"type": "signInWithRedirect", "provider": "Google",
        "customState": custom_state, "origin": "https://app.example.com",
        "options": {"loginHint": "a@b.c", "prompt": "login"}}));
    assert_eq!(host.result_json(op), Value::Null);
    let (url, replace) = host.navigations.pop().expect("navigation");
    assert!(!replace);
    (host, url)
}

#[test]
fn redirect_builds_amplifys_authorize_url_and_stores_pkce() {
    let (host, url) = start_redirect(Some("/back/to?page=2"));
    let verifier = host.storage[&key("oauthPKCE")].clone();
    let state = host.storage[&key("oauthState")].clone();
    assert_eq!(verifier.len(), 128);
    assert!(verifier.chars().all(|c| c.is_ascii_alphanumeric()));
    let (random_part, custom) = state.split_once('-').expect("custom state appended");
    assert_eq!(random_part.len(), 32);
    // The custom state as hex of its bytes (URL-safe, like Amplify's urlSafeEncode).
    assert_eq!(custom, "2f6261636b2f746f3f706167653d32");
    assert_eq!(host.storage[&key("inflightOAuth")], "true");
    assert_eq!(
        url,
        format!(
            "https://auth.example.com/oauth2/authorize?redirect_uri=https%3A%2F%2Fapp.example.com%2F\
             &response_type=code&client_id={CLIENT_ID}&identity_provider=Google&scope=openid%20email\
             &state={state}&code_challenge={}&code_challenge_method=S256&login_hint=a%40b.c&prompt=login",
            pkce_challenge(&verifier)
        )
    );
    let params = query_params(&url);
    assert_eq!(
        params.get("redirect_uri").map(String::as_str),
        Some("https://app.example.com/")
    );
}

/// Amplify's `prompt` values ('LOGIN', …) go out lower case; a silent `NONE` without a
/// provider names none (Amplify's signInWithRedirect.mjs), so a federated session resumes.
#[test]
fn redirect_prompt_in_amplifys_words() {
    for (input, provider, prompt, idp) in [
        ("LOGIN", json!("Google"), "login", Some("Google")),
        (
            "SELECT_ACCOUNT",
            Value::Null,
            "select_account",
            Some("COGNITO"),
        ),
        ("NONE", Value::Null, "none", None),
    ] {
        let mut host = Host::started(cfg(), storage(&[]));
        host.random = (0..512u32).map(|i| (i * 37 % 256) as u8).collect();
        let op = host.command(json!({"type": "signInWithRedirect", "provider": provider,
            "origin": "https://app.example.com", "options": {"prompt": input}}));
        assert_eq!(host.result_json(op), Value::Null);
        let (url, _) = host.navigations.pop().expect("navigation");
        let params = query_params(&url);
        assert_eq!(
            params.get("prompt").map(String::as_str),
            Some(prompt),
            "{input}"
        );
        assert_eq!(
            params.get("identity_provider").map(String::as_str),
            idp,
            "{input}"
        );
    }
}

/// Signed in: a redirect without `prompt` is refused; with one (switch account) it goes, as
/// in Amplify's signInWithRedirect.mjs.
#[test]
fn a_signed_in_user_may_redirect_only_with_a_prompt() {
    let mut host = Host::started(cfg(), stored_session("alice", "sub-a", NOW_S - 60));
    host.random = (0..512u32).map(|i| (i * 37 % 256) as u8).collect();
    let refused =
        host.command(json!({"type": "signInWithRedirect", "origin": "https://app.example.com"}));
    assert_eq!(
        host.error_name(refused),
        "UserAlreadyAuthenticatedException"
    );
    assert!(host.navigations.is_empty());
    let op = host.command(
        json!({"type": "signInWithRedirect", "origin": "https://app.example.com",
        "options": {"prompt": "SELECT_ACCOUNT"}}),
    );
    assert_eq!(host.result_json(op), Value::Null);
    let (url, _) = host.navigations.pop().expect("navigation");
    assert_eq!(
        query_params(&url).get("prompt").map(String::as_str),
        Some("select_account")
    );
}

fn callback_host(host: &Host) -> Host {
    // The browser came back: a new instance over the same storage.
    let mut back = Host::started(cfg(), host.storage.clone());
    back.now = host.now + 30_000;
    back
}

#[test]
fn callback_exchanges_the_code_with_the_verifier_and_signs_in() {
    let (host, _) = start_redirect(Some("/back"));
    let verifier = host.storage[&key("oauthPKCE")].clone();
    let state = host.storage[&key("oauthState")].clone();
    let mut back = callback_host(&host);
    let op = back.command(json!({"type": "handleOAuthCallback",
        "url": format!("https://app.example.com/?code=c0de&state={state}")}));
    // Session reads wait for the exchange instead of answering "signed out".
    let fetch = back.command(json!({"type": "fetchAuthSession"}));
    assert!(!back.is_complete(fetch));
    let (id, request) = back.next_request();
    assert_eq!(request.url, "https://auth.example.com/oauth2/token");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body.expose(),
        format!(
            "grant_type=authorization_code&code=c0de&client_id={CLIENT_ID}\
                 &redirect_uri=https%3A%2F%2Fapp.example.com%2F&code_verifier={verifier}"
        )
    );
    let t = auth_result("gina", "sub-g", NOW_S, true);
    let r = &t["AuthenticationResult"];
    back.respond(
        id,
        200,
        &json!({"access_token": r["AccessToken"], "id_token": r["IdToken"],
        "refresh_token": "rt", "token_type": "Bearer", "expires_in": 3600})
        .to_string(),
    );
    assert_eq!(
        back.result_json(op),
        json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
    );
    assert_eq!(
        back.result_json(fetch)["tokens"]["accessToken"]["payload"]["username"],
        "gina"
    );
    let names: Vec<String> = back.events.iter().map(|e| format!("{e:?}")).collect();
    // Amplify's order (completeOAuthFlow.mjs `completeFlow`).
    assert_eq!(names[0], "CustomOAuthState(\"/back\")");
    assert_eq!(names[1], "SignInWithRedirect");
    assert!(names[2].starts_with("SignedIn"));
    for k in [
        "oauthPKCE",
        "oauthState",
        "inflightOAuth",
        "inflightOAuthDeadline",
    ] {
        assert!(!back.storage.contains_key(&key(k)), "{k} left behind");
    }
    assert_eq!(back.storage[&last_user_key()], "gina");
    assert_eq!(
        back.navigations,
        [("https://app.example.com/".to_owned(), true)]
    );
}

/// Callbacks whose `state` is the one stored by `signInWithRedirect` but which fail
/// (a wrong state changes nothing: `a_forged_callback_changes_nothing`).
#[test]
fn callback_failures_are_typed_and_clean_up() {
    type Tamper = Box<dyn Fn(&mut Host, &str)>;
    let cases: Vec<(&str, Tamper)> = vec![
        (
            "error in url",
            Box::new(|h: &mut Host, s: &str| {
                h.command(json!({"type": "handleOAuthCallback",
                "url": format!("https://app.example.com/?error=access_denied&error_description=User+cancelled&state={s}")}));
            }),
        ),
        (
            "token endpoint error",
            Box::new(|h: &mut Host, s: &str| {
                h.command(json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c&state={s}")}));
                let (id, _) = h.next_request();
                h.respond(id, 400, r#"{"error":"invalid_grant"}"#);
            }),
        ),
        (
            "token endpoint html",
            Box::new(|h: &mut Host, s: &str| {
                h.command(json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c&state={s}")}));
                let (id, _) = h.next_request();
                h.respond_with(
                    id,
                    cognito_headless::cognito::HttpResponse {
                        status: 502,
                        headers: vec![],
                        body: "<html>".into(),
                    },
                );
            }),
        ),
        (
            "tokens in an error answer",
            Box::new(|h: &mut Host, s: &str| {
                h.command(json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c&state={s}")}));
                let (id, _) = h.next_request();
                let t = auth_result("gina", "sub-g", NOW_S, true);
                h.respond(
                    id,
                    500,
                    &json!({"access_token": t["AuthenticationResult"]["AccessToken"]}).to_string(),
                );
            }),
        ),
        (
            "expired",
            Box::new(|h: &mut Host, s: &str| {
                h.now += 6 * 60 * 1000;
                h.command(json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c&state={s}")}));
            }),
        ),
        (
            "missing verifier",
            Box::new(|h: &mut Host, s: &str| {
                h.storage.remove(&key("oauthPKCE"));
                h.command(json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c&state={s}")}));
            }),
        ),
    ];
    for (label, run) in cases {
        let (host, _) = start_redirect(None);
        let state = host.storage[&key("oauthState")].clone();
        let mut back = callback_host(&host);
        run(&mut back, &state);
        let (_, result) = back.completed.last().expect("completed").clone();
        let name = result.expect_err(label).name().to_owned();
        let expected = if label == "token endpoint html" || label == "tokens in an error answer" {
            "UnexpectedResponseException"
        } else {
            "OAuthSignInException"
        };
        assert_eq!(name, expected, "{label}");
        assert!(
            back.events
                .iter()
                .any(|e| format!("{e:?}").starts_with("SignInWithRedirectFailure")),
            "{label}"
        );
        assert!(!back.storage.contains_key(&key("oauthPKCE")), "{label}");
        assert!(!back.storage.contains_key(&last_user_key()), "{label}");
        assert_eq!(
            back.navigations.last().map(|n| n.1),
            Some(true),
            "{label}: URL cleaned"
        );
        assert!(back.pending.is_empty(), "{label}");
    }
}

/// Forged (or stale) callbacks: an attacker can send the user to the redirect URL with any
/// `error`, `error_description` and `state`, while a real sign-in waits at the hosted UI.
const FORGED: [&str; 6] = [
    "https://app.example.com/?error=access_denied&error_description=Your+account+is+locked.+Call+555-0100&state=forged",
    "https://app.example.com/?error=server_error&error_description=Call+555-0100",
    "https://app.example.com/#error=access_denied&error_description=Call+555-0100&state=",
    "https://app.example.com/?code=attackers-code&state=forged",
    "https://app.example.com/?code=attackers-code",
    "http://localhost:3000/?error=Call+555-0100&state=forged",
];

#[test]
fn a_forged_callback_changes_nothing() {
    let (host, _) = start_redirect(Some("/back"));
    let state = host.storage[&key("oauthState")].clone();
    let verifier = host.storage[&key("oauthPKCE")].clone();
    let mut back = callback_host(&host);
    let stored = back.storage.clone();
    let events = back.events.len();
    for url in FORGED {
        let log = back.effect_log.len();
        let op = back.command(json!({"type": "handleOAuthCallback", "url": url}));
        let error = back.result(op).clone().expect_err(url);
        assert_eq!(error.name(), "OAuthSignInException", "{url}");
        // Our own fixed text: nothing of the URL reaches the message.
        assert_eq!(
            error.to_string(),
            "the callback's OAuth state does not match a sign-in started here (a forged or stale callback); nothing was changed",
            "{url}"
        );
        let shown = serde_json::to_string(&back.result_json(op)).expect("json");
        assert!(!shown.contains("555-0100"), "{url}: {shown}");
        // Nothing deleted, stored, emitted, requested or navigated: only the read of the
        // keys and the completion.
        assert_eq!(back.effect_log[log..], ["Load", "Complete"], "{url}");
        assert_eq!(back.storage, stored, "{url}");
        assert_eq!(back.events.len(), events, "{url}");
        assert!(
            back.pending.is_empty() && back.navigations.is_empty(),
            "{url}"
        );
    }
    // The real sign-in, back from the hosted UI afterwards, still completes.
    let op = back.command(json!({"type": "handleOAuthCallback",
        "url": format!("https://app.example.com/?code=c0de&state={state}")}));
    let (id, request) = back.next_request();
    assert!(request
        .body
        .expose()
        .ends_with(&format!("&code_verifier={verifier}")));
    let t = auth_result("gina", "sub-g", NOW_S, true);
    let r = &t["AuthenticationResult"];
    back.respond(
        id,
        200,
        &json!({"access_token": r["AccessToken"], "id_token": r["IdToken"],
        "refresh_token": "rt", "token_type": "Bearer", "expires_in": 3600})
        .to_string(),
    );
    assert_eq!(
        back.result_json(op),
        json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
    );
    assert_eq!(back.storage[&last_user_key()], "gina");
}

#[test]
fn the_identity_providers_error_is_data_not_our_message() {
    let (host, _) = start_redirect(None);
    let state = host.storage[&key("oauthState")].clone();
    let mut back = callback_host(&host);
    let op = back.command(json!({"type": "handleOAuthCallback",
        "url": format!("https://app.example.com/?error=access_denied&error_description=User+cancelled+the+login&state={state}")}));
    // A genuine answer to our sign-in: it ends that sign-in (keys removed, failure event).
    let expected = json!({
        "name": "OAuthSignInException",
        "message": "the hosted UI returned an error instead of an authorization code (see underlyingError)",
        "underlyingError": {"error": "access_denied", "error_description": "User cancelled the login"},
    });
    assert_eq!(back.result_json(op), json!({ "error": expected }));
    let failure = back
        .events
        .iter()
        .find(|e| format!("{e:?}").starts_with("SignInWithRedirectFailure"))
        .expect("failure event");
    let cognito_headless::machine::AuthEvent::SignInWithRedirectFailure { error } = failure else {
        panic!("not a failure event: {failure:?}")
    };
    assert_eq!(
        crate::support::bridge::to_value(error).expect("json"),
        expected
    );
    assert!(!back.storage.contains_key(&key("oauthPKCE")));
    assert!(!back.storage.contains_key(&key("oauthState")));
    // Without error_description: the `error` alone, still as data.
    let (host, _) = start_redirect(None);
    let state = host.storage[&key("oauthState")].clone();
    let mut back = callback_host(&host);
    let op = back.command(json!({"type": "handleOAuthCallback",
        "url": format!("https://app.example.com/?error=temporarily_unavailable&state={state}")}));
    assert_eq!(
        back.result_json(op)["error"]["underlyingError"],
        json!({"error": "temporarily_unavailable"})
    );
}

#[test]
fn pages_without_a_callback_and_unconfigured_oauth() {
    let mut host = Host::started(cfg(), storage(&[]));
    let op = host
        .command(json!({"type": "handleOAuthCallback", "url": "https://app.example.com/home?x=1"}));
    assert_eq!(host.result_json(op), Value::Null);
    assert!(host.pending.is_empty() && host.navigations.is_empty());
    let mut plain = Host::started(config("us-east-1_P"), storage(&[]));
    let op = plain.command(json!({"type": "signInWithRedirect"}));
    assert_eq!(plain.error_name(op), "OAuthNotConfigureException");
}

#[test]
fn sign_out_with_oauth_navigates_to_logout_after_revoking() {
    let mut host = Host::started(cfg(), stored_session("alice", "s", NOW_S));
    let op = host.command(json!({"type": "signOut"}));
    assert!(
        host.navigations.is_empty(),
        "revoke first, then leave the page"
    );
    let (id, _) = host.expect_request("RevokeToken");
    host.respond(id, 200, "{}");
    assert_eq!(host.result_json(op), Value::Null);
    assert_eq!(host.navigations, [(format!(
        "https://auth.example.com/logout?client_id={CLIENT_ID}&logout_uri=https%3A%2F%2Fapp.example.com%2Fbye"), false)]);
}
