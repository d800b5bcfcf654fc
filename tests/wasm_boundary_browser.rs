//! The wasm-bindgen boundary itself, in headless Chromium: the class the npm package
//! drives, with JS values in and out (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cognito_headless::wasm::WasmAuth;
use js_sys::{Array, Reflect, Uint8Array, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/b64url.rs"]
mod b64url;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: f64 = 1_772_528_707_000.0;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("json")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// The effects, without the published view (`{ type: 'view' }`, first when present).
fn effects(v: JsValue) -> Vec<JsValue> {
    let all: Vec<JsValue> = Array::from(&v).iter().collect();
    let views = all.iter().filter(|e| text(e, "type") == "view").count();
    assert!(
        views == 0 || (views == 1 && text(&all[0], "type") == "view"),
        "a view is published at most once per input, before the other effects"
    );
    all.into_iter()
        .filter(|e| text(e, "type") != "view")
        .collect()
}
fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.c2ln",
        b64url::encode(br#"{"alg":"RS256"}"#),
        b64url::encode(claims.as_bytes())
    )
}

fn machine() -> WasmAuth {
    WasmAuth::new(js(
        r#"{"userPoolId":"us-east-1_P","userPoolClientId":"client123"}"#,
    ))
    .expect("config")
}

#[wasm_bindgen_test]
fn bad_config_throws_a_named_error() {
    let err = WasmAuth::new(js(
        r#"{"userPoolId":"nounderscore","userPoolClientId":"c"}"#,
    ))
    .err()
    .expect("must throw");
    assert_eq!(text(&err, "name"), "AuthUserPoolException");
    let err = WasmAuth::new(js(r#"{"userPoolClientId":"c"}"#))
        .err()
        .expect("must throw");
    assert_eq!(text(&err, "name"), "AuthUserPoolException");
}

#[wasm_bindgen_test]
fn invalid_input_throws_a_named_error_and_the_machine_goes_on() {
    let mut w = machine();
    let err = w
        .handle(NOW, js(r#"{"type":"nope"}"#))
        .err()
        .expect("must throw");
    assert_eq!(text(&err, "name"), "InvalidInputException");
    let all: Vec<JsValue> = Array::from(&w.handle(NOW, js(r#"{"type":"start"}"#)).expect("start"))
        .iter()
        .collect();
    // Restoring: the first view says "ask the machine" for both queries.
    assert_eq!(text(&all[0], "type"), "view");
    let view = get(&all[0], "view");
    assert!(get(&view, "user").is_undefined() && get(&view, "session").is_undefined());
    assert_eq!(text(&all[1], "type"), "load");
}

#[wasm_bindgen_test]
fn a_password_sign_in_through_js_values() {
    let mut w = machine();
    let out = effects(w.handle(NOW, js(r#"{"type":"start"}"#)).expect("start"));
    let load = get(&out[0], "id").as_f64().expect("id");
    w.handle(
        NOW,
        js(&format!(
            r#"{{"type":"storageLoaded","id":{load},"values":{{}}}}"#
        )),
    )
    .expect("loaded");
    assert_eq!(text(&w.snapshot(), "authStatus"), "unauthenticated");
    assert_eq!(text(&w.facade(), "route"), "signIn");

    // Random bytes as a Uint8Array, as crypto.getRandomValues gives them.
    let command = js(
        r#"{"type":"command","op":1,"command":{"type":"signIn","username":"alice","password":"pw","options":{"authFlowType":"USER_PASSWORD_AUTH"}}}"#,
    );
    Reflect::set(
        &command,
        &JsValue::from_str("random"),
        &Uint8Array::new_with_length(512),
    )
    .expect("set");
    let out = effects(w.handle(NOW, command).expect("command"));
    let devices = out
        .iter()
        .find(|e| text(e, "type") == "load")
        .expect("device keys read");
    let id = get(devices, "id").as_f64().expect("id");
    let out = effects(
        w.handle(
            NOW,
            js(&format!(
                r#"{{"type":"storageLoaded","id":{id},"values":{{}}}}"#
            )),
        )
        .expect("loaded"),
    );
    let http = out
        .iter()
        .find(|e| text(e, "type") == "http")
        .expect("request");
    assert_eq!(get(http, "retry").as_bool(), Some(true));
    let request = get(http, "request");
    let body: JsValue = JSON::parse(&text(&request, "body")).expect("body");
    assert_eq!(text(&body, "AuthFlow"), "USER_PASSWORD_AUTH");
    let id = get(http, "id").as_f64().expect("id");

    let access = jwt(r#"{"sub":"s-1","username":"alice","iat":1772528707,"exp":1772532307}"#);
    let answer = js(
        r#"{"type":"httpResult","outcome":{"response":{"status":200,"headers":[["content-type","application/x-amz-json-1.1"]],"body":""}}}"#,
    );
    Reflect::set(&answer, &JsValue::from_str("id"), &JsValue::from_f64(id)).expect("id");
    let response = get(&get(&answer, "outcome"), "response");
    let body =
        format!(r#"{{"AuthenticationResult":{{"AccessToken":"{access}","RefreshToken":"r"}}}}"#);
    Reflect::set(
        &response,
        &JsValue::from_str("body"),
        &JsValue::from_str(&body),
    )
    .expect("body");
    let out = effects(w.handle(NOW, answer).expect("answer"));
    let kinds: Vec<String> = out.iter().map(|e| text(e, "type")).collect();
    assert!(
        kinds.iter().filter(|k| *k == "store").count() >= 4,
        "{kinds:?}"
    );
    let emit = out
        .iter()
        .find(|e| text(e, "type") == "emit")
        .expect("event");
    assert_eq!(text(&get(emit, "event"), "name"), "signedIn");
    let done = out
        .iter()
        .find(|e| text(e, "type") == "complete")
        .expect("complete");
    let ok = get(&get(done, "result"), "ok");
    assert_eq!(get(&ok, "isSignedIn").as_bool(), Some(true));
    assert_eq!(text(&get(&ok, "nextStep"), "signInStep"), "DONE");
    let snapshot = w.snapshot();
    assert_eq!(text(&snapshot, "authStatus"), "authenticated");
    // The snapshot and facade hold no token.
    let seen = format!(
        "{}{}",
        String::from(JSON::stringify(&snapshot).expect("s")),
        String::from(JSON::stringify(&w.facade()).expect("f"))
    );
    assert!(!seen.contains(&access));
}

#[wasm_bindgen_test]
fn a_form_event_through_js_values() {
    let mut w = machine();
    let out = effects(w.handle(NOW, js(r#"{"type":"start"}"#)).expect("start"));
    let load = get(&out[0], "id").as_f64().expect("id");
    w.handle(
        NOW,
        js(&format!(
            r#"{{"type":"storageLoaded","id":{load},"values":{{}}}}"#
        )),
    )
    .expect("loaded");
    w.handle(NOW, js(r#"{"type":"ui","event":{"type":"SUBMIT"}}"#))
        .expect("submit");
    let errors = get(&w.facade(), "validationErrorCodes");
    assert_eq!(
        Array::from(&get(&errors, "username"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("REQUIRED")
    );
}
