//! The wasm-bindgen boundary: one exported class, JSON-shaped values in and out.
//!
//! JS calls `handle(now, input)` and gets back the effects that input produced, already
//! drained, so no Rust borrow outlives the call and JS listeners may call back in freely.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::machine::{AuthError, AuthMachine, Config, Input};

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

fn error_value(error: &AuthError) -> JsValue {
    to_js(error)
}

fn invalid_input(message: String) -> JsValue {
    #[derive(Serialize)]
    struct InvalidInput {
        name: &'static str,
        message: String,
    }
    to_js(&InvalidInput {
        name: "InvalidInputException",
        message,
    })
}

/// The authenticator, as JS sees it. Created by `createAuth` in the package's JS.
#[wasm_bindgen(js_name = WasmAuth)]
pub struct WasmAuth {
    machine: AuthMachine,
}

#[wasm_bindgen(js_class = WasmAuth)]
impl WasmAuth {
    /// Creates the machine from `{ userPoolId, userPoolClientId, endpoint?, identityPoolId?,
    /// allowGuestAccess?, refreshFlow?, identityPoolEndpoint?, userPoolClientSecret? }`.
    /// Throws `{ name, message }` for an unusable configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WasmAuth, JsValue> {
        let config: Config = serde_wasm_bindgen::from_value(config)
            .map_err(|e| error_value(&AuthError::Config(e.to_string())))?;
        let machine = AuthMachine::new(config).map_err(|e| error_value(&e))?;
        Ok(WasmAuth { machine })
    }

    /// Feeds one input at Unix time `now` (ms) and returns the effects it produced, in order.
    /// Throws `{ name: 'InvalidInputException' }` for an input of the wrong shape.
    pub fn handle(&mut self, now: f64, input: JsValue) -> Result<js_sys::Array, JsValue> {
        let input: Input =
            serde_wasm_bindgen::from_value(input).map_err(|e| invalid_input(e.to_string()))?;
        self.machine.handle(now as i64, input);
        let effects = js_sys::Array::new();
        while let Some(effect) = self.machine.poll_effect() {
            effects.push(&to_js(&effect));
        }
        Ok(effects)
    }

    /// The current snapshot: `{ revision, authStatus, user?, isPending }`. Holds no token.
    pub fn snapshot(&self) -> JsValue {
        to_js(&self.machine.snapshot())
    }
}
