//! `js/wire.d.ts` is generated from the Rust types that cross the wasm boundary (their
//! `#[derive(FromJson, ToJson)]`): this test writes the declarations again and fails when
//! the committed file differs. To update it after changing a wire type:
//!
//! ```text
//! UPDATE_WIRE_DTS=1 cargo test --test ts_decls
//! ```
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use cognito_headless::authenticator::{Facade, UiConfig, UiInput};
use cognito_headless::cognito::ErrorName;
use cognito_headless::json::ts::TsDecls;
use cognito_headless::machine::{Config, Effect, Input, Snapshot, View};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/js/wire.d.ts");

/// Every type reachable from the boundary's entry points.
fn registry() -> TsDecls {
    let mut r = TsDecls::new();
    // In: `new WasmAuth(config)` (both configs read the same object), `handle(now, input)`.
    r.input::<Config>();
    r.input::<UiConfig>();
    r.input::<Input>();
    r.input::<UiInput>();
    // Out: `handle`'s effects, `snapshot()`, `facade()`, the view.
    r.output::<Effect>();
    r.output::<Snapshot>();
    r.output::<Facade>();
    // The published view (`{ type: 'view', … }` ahead of the effects).
    r.output::<View>();
    // The error names the machine knows (an `AuthError`'s `name` is one of these or another
    // string: Cognito's, or a validation or passkey error's own).
    r.output::<ErrorName>();
    r
}

/// The file's text.
fn generate() -> String {
    let r = registry();
    format!(
        "// The JSON shapes that cross the wasm boundary, generated from the Rust types\n\
         // (`#[derive(FromJson, ToJson)]`, derive/) by tests/ts_decls.rs. Do not edit: change the\n\
         // Rust type, then run `UPDATE_WIRE_DTS=1 cargo test --test ts_decls`.\n\
         // `?` marks a member that may be absent (a Rust `Option`, a defaulted or skipped member).\n\n\
         {}",
        r.text()
    )
}

#[test]
fn wire_declarations_are_up_to_date() {
    let text = generate();
    if std::env::var_os("UPDATE_WIRE_DTS").is_some() {
        std::fs::write(PATH, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    if committed != text {
        let first = committed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(text.lines().count()));
        let show = |s: &str| s.lines().skip(first).take(6).collect::<Vec<_>>().join("\n");
        panic!(
            "js/wire.d.ts is stale: a wire type changed. Regenerate it with\n\n    \
             UPDATE_WIRE_DTS=1 cargo test --test ts_decls\n\n\
             first difference at line {}:\n--- committed\n{}\n+++ generated\n{}\n",
            first + 1,
            show(&committed),
            show(&text)
        );
    }
}

/// No two Rust types share a TypeScript name (the second would be left out).
#[test]
fn every_name_is_declared_once() {
    let r = registry();
    assert_eq!(r.collisions(), &[] as &[String]);
}
