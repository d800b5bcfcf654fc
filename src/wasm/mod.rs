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
use crate::machine::{AuthError, Config, Input, COMMAND_ENTROPY_BYTES};

/// The longest input taken across the boundary, as JSON text in UTF-16 units: 8 Mi. The
/// largest legitimate input is an HTTP result whose body is at the 1 MiB cap
/// ([`crate::cognito::MAX_RESPONSE_BYTES`]), which `JSON.stringify` writes in at most six
/// units a byte. A longer input is refused with `InputTooLargeException` before it is copied
/// into the module or parsed.
pub const MAX_INPUT_UNITS: u32 = 8 << 20;

/// A JS value as JSON text, at most [`MAX_INPUT_UNITS`] long.
fn json_text(value: &JsValue) -> Result<String, JsValue> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| invalid_input("the value cannot be written as JSON".into()))?;
    if text.length() > MAX_INPUT_UNITS {
        return Err(to_js(
            &ObjectBuilder::new()
                .put("name", "InputTooLargeException")
                .put("message", "the input is longer than 8 MiB as JSON")
                .build(),
        ));
    }
    Ok(String::from(text))
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

/// Random bytes a form event may use (a submit that signs in), as the JS driver drew them.
const UI_ENTROPY_BYTES: usize = 1024;

/// `n` bytes from the platform's secure source (`crypto.getRandomValues`). Empty when it
/// fails: the command then fails with the machine's typed entropy error, never a panic.
fn draw(n: usize) -> Vec<u8> {
    let mut bytes = vec![0; n];
    match getrandom::fill(&mut bytes) {
        Ok(()) => bytes,
        Err(_) => Vec::new(),
    }
}

/// A parsed configuration, shared by every instance made from it (a server makes one
/// instance per request; parsing the configuration once saves most of `createAuth`).
#[wasm_bindgen(js_name = WasmConfig)]
pub struct WasmConfig {
    machine: Config,
    ui: UiConfig,
}

#[wasm_bindgen(js_class = WasmConfig)]
impl WasmConfig {
    /// Parses a configuration (the shape [`WasmAuth::new`] takes). Throws `{ name, message }`
    /// when it is not one; whether the pools are usable is checked per instance.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WasmConfig, JsValue> {
        let text = json_text(&config)?;
        let bad = |e: String| error_value(&AuthError::Config(e));
        Ok(WasmConfig {
            machine: parse(&text).map_err(bad)?,
            ui: parse(&text).map_err(bad)?,
        })
    }
}

/// The authenticator, as JS sees it. Created by `createAuth` in the package's JS.
#[wasm_bindgen(js_name = WasmAuth)]
pub struct WasmAuth {
    auth: Authenticator,
    /// Whether [`WasmAuth::handle`] publishes the view (see [`WasmAuth::publish_view`]).
    views: bool,
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
        Ok(WasmAuth { auth, views: true })
    }

    /// Creates the machine from a parsed configuration ([`WasmConfig`]), which stays usable.
    #[wasm_bindgen(js_name = fromConfig)]
    pub fn from_config(config: &WasmConfig) -> Result<WasmAuth, JsValue> {
        let auth = Authenticator::new(config.machine.clone(), config.ui.clone())
            .map_err(|e| error_value(&e))?;
        Ok(WasmAuth { auth, views: true })
    }

    /// Whether `handle` publishes the view for queries (on by default). A server request's
    /// machine turns it off: it answers from command results, so building, writing and
    /// parsing the view (both tokens, after every restore) would be work nobody reads.
    /// With it off, `getCurrentUser`/`fetchAuthSession` are sent as commands.
    #[wasm_bindgen(js_name = publishView)]
    pub fn publish_view(&mut self, on: bool) {
        self.views = on;
    }

    /// Feeds one input at Unix time `now` (ms) and returns the effects it produced, in order.
    /// When what queries read changed, the first effect is `{ type: 'view', view }` (see
    /// [`crate::machine::View`]): the host answers `getCurrentUser`/`fetchAuthSession` from
    /// it until it says "ask" or its `sessionUntil` has passed.
    /// Inputs are the machine's (`start`, `command`, `httpResult`, `storageLoaded`,
    /// `storageChanged`, `lockAcquired`, `lockHandedOver`, `webAuthnResult`, `timeout`) or
    /// `{ type: 'ui', event, random }`
    /// for the authenticator's forms. Throws `{ name: 'InvalidInputException' }` for an
    /// input of the wrong shape.
    pub fn handle(&mut self, now: f64, input: JsValue) -> Result<JsValue, JsValue> {
        let text = json_text(&input)?;
        let now = now as i64;
        // Parsed once; the tag read from the tree (no call back into JS for it).
        let tree = json::parse(&text).map_err(|e| invalid_input(e.to_string()))?;
        drop(text);
        if tree.get("type").and_then(json::Json::as_str) == Some("ui") {
            let mut ui = UiInput::from_json(tree).map_err(|e| invalid_input(e.to_string()))?;
            if ui.random.is_empty() {
                ui.random = draw(UI_ENTROPY_BYTES);
            }
            self.auth.handle_ui(now, ui.event, ui.random);
        } else {
            let mut input = Input::from_json(tree).map_err(|e| invalid_input(e.to_string()))?;
            if let Input::Command {
                command, random, ..
            } = &mut input
            {
                if random.is_empty() && command.needs_entropy() {
                    *random = draw(COMMAND_ENTROPY_BYTES);
                }
            }
            self.auth.handle(now, input);
        }
        let mut effects = Vec::new();
        let view = if self.views {
            self.auth.poll_view()
        } else {
            None
        };
        if let Some(view) = view {
            effects.push(
                ObjectBuilder::new()
                    .put("type", "view")
                    .put("view", &view)
                    .build(),
            );
        }
        while let Some(effect) = self.auth.poll_effect() {
            effects.push(effect.to_json());
        }
        Ok(to_js(&effects))
    }

    /// When the machine next wants `{ type: 'timeout' }` through [`WasmAuth::handle`]:
    /// Unix time in ms, or `undefined` when nothing is due. Read it after every `handle`
    /// and arm one timer for it.
    #[wasm_bindgen(js_name = pollTimeout)]
    pub fn poll_timeout(&self) -> Option<f64> {
        self.auth.poll_timeout().map(|t| t as f64)
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

/// The `otpauth://` URI an authenticator app scans for a TOTP `secret` (what Amplify's
/// `totpSetupDetails.getSetupUri(appName, accountName)` returns, as a string): built in
/// Rust only ([`crate::machine::totp_setup_uri`]).
#[wasm_bindgen(js_name = totpSetupUri)]
pub fn totp_setup_uri(secret: &str, app_name: &str, account_name: &str) -> String {
    crate::machine::totp_setup_uri(app_name, account_name, secret)
}
