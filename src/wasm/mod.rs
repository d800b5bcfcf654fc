//! The wasm-bindgen boundary: one exported class, JSON-shaped values in and out.
//!
//! JS calls `handle(now, input)` and gets back the effects that input produced, already
//! drained, so no Rust borrow outlives the call and JS listeners may call back in freely.
//! Values cross as JSON text (`JSON.stringify` / `JSON.parse` on the JS side of the
//! boundary, [`crate::json`] here): one parser and one writer for everything keep the module
//! small.

use crate::json::{self, FromJson, ObjectBuilder, ToJson};
use wasm_bindgen::prelude::*;

use crate::authenticator::{Authenticator, UiConfig, UiInput};
use crate::machine::{AuthError, Config, Input};

/// A JS value as JSON text.
fn json_text(value: &JsValue) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .map_err(|_| invalid_input("the value cannot be written as JSON".into()))
}

fn parse<T: FromJson>(text: &str) -> Result<T, String> {
    json::from_str(text).map_err(|e| e.to_string())
}

fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    js_sys::JSON::parse(&json::to_string(value)).unwrap_or(JsValue::UNDEFINED)
}

fn error_value(error: &AuthError) -> JsValue {
    to_js(error)
}

fn invalid_input(message: String) -> JsValue {
    to_js(
        &ObjectBuilder::new()
            .put("name", "InvalidInputException")
            .put("message", message)
            .build(),
    )
}

/// The authenticator, as JS sees it. Created by `createAuth` in the package's JS.
#[wasm_bindgen(js_name = WasmAuth)]
pub struct WasmAuth {
    auth: Authenticator,
}

#[wasm_bindgen(js_class = WasmAuth)]
impl WasmAuth {
    /// Creates the machine from `{ userPoolId, userPoolClientId, endpoint?, identityPoolId?,
    /// allowGuestAccess?, refreshFlow?, identityPoolEndpoint?, userPoolClientSecret?,
    /// deviceName?, oauth?, origin?, refreshLock?, loginMechanisms?, signUpAttributes?,
    /// passwordPolicy?, initialState?, totpIssuer? }`. Throws `{ name, message }` for an
    /// unusable configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WasmAuth, JsValue> {
        let text = json_text(&config)?;
        let bad = |e: String| error_value(&AuthError::Config(e));
        let machine: Config = parse(&text).map_err(bad)?;
        let ui: UiConfig = parse(&text).map_err(bad)?;
        let auth = Authenticator::new(machine, ui).map_err(|e| error_value(&e))?;
        Ok(WasmAuth { auth })
    }

    /// Feeds one input at Unix time `now` (ms) and returns the effects it produced, in order.
    /// Inputs are the machine's (`start`, `command`, `httpResult`, `storageLoaded`,
    /// `storageChanged`, `lockAcquired`, `webAuthnResult`) or `{ type: 'ui', event, random }`
    /// for the authenticator's forms. Throws `{ name: 'InvalidInputException' }` for an
    /// input of the wrong shape.
    pub fn handle(&mut self, now: f64, input: JsValue) -> Result<JsValue, JsValue> {
        let kind = js_sys::Reflect::get(&input, &JsValue::from_str("type"))
            .ok()
            .and_then(|t| t.as_string());
        let text = json_text(&input)?;
        let now = now as i64;
        if kind.as_deref() == Some("ui") {
            let ui: UiInput = parse(&text).map_err(invalid_input)?;
            self.auth.handle_ui(now, ui.event, ui.random);
        } else {
            let input: Input = parse(&text).map_err(invalid_input)?;
            self.auth.handle(now, input);
        }
        let mut effects = Vec::new();
        while let Some(effect) = self.auth.poll_effect() {
            effects.push(effect);
        }
        Ok(to_js(&effects))
    }

    /// The machine's snapshot: `{ revision, authStatus, user?, isPending, signInStep? }`.
    /// Holds no token.
    pub fn snapshot(&self) -> JsValue {
        to_js(&self.auth.machine().snapshot())
    }

    /// The authenticator facade (Amplify UI's `useAuthenticator` data): route, fields,
    /// form values, validation errors, step details. Holds no token.
    pub fn facade(&self) -> JsValue {
        to_js(&self.auth.facade())
    }
}
