//! The fuzz target bodies. Each takes arbitrary bytes and panics only on a broken
//! invariant. The libFuzzer binaries in `fuzz_targets/` and the stable replay test
//! (`tests/fuzz_replay.rs`, which feeds every file of `corpus/` and `artifacts/` through
//! them) include this file with `#[path]`, so both run exactly the same code.

#![allow(dead_code, clippy::panic, clippy::unwrap_used, clippy::expect_used)]

#[path = "world.rs"]
pub mod world;

use cognito_headless::cognito::{self, HttpResponse};
use cognito_headless::json::{self, Json, Map};
use cognito_headless::machine::AuthError;
use cognito_headless::session::{Jwt, StorageKeys, StoredSession, Tokens, EXPIRY_TOLERANCE_MS};
use cognito_headless::srp::{self, SrpClient};

/// A target's body.
pub type Target = fn(&[u8]);

/// The targets by name (the directories under `corpus/` and `artifacts/`).
pub const TARGETS: [(&str, Target); 6] = [
    ("json", json_text),
    ("response", response),
    ("jwt", jwt),
    ("stored_session", stored_session),
    ("srp", srp_inputs),
    ("machine", machine),
];

/// Same value: numbers by value (serde_json's float parsing may differ in the last bits
/// from Rust's correctly rounded one, subnormals by more, and it keeps integers above `i64::MAX` as `u64`).
pub fn same(ours: &Json, theirs: &serde_json::Value) -> bool {
    use cognito_headless::json::Number;
    use serde_json::Value as V;
    match (ours, theirs) {
        (Json::Null, V::Null) => true,
        (Json::Bool(a), V::Bool(b)) => a == b,
        (Json::Number(Number::Int(a)), V::Number(b)) if b.is_i64() || b.is_u64() => {
            b.as_i64() == Some(*a)
        }
        (Json::Number(a), V::Number(b)) => {
            let (a, b) = (a.as_f64(), b.as_f64().unwrap_or(f64::NAN));
            // Subnormals: serde_json's reading may be off by more than a relative 1e-15.
            let diff = (a - b).abs();
            a == b || diff <= 1e-15 * a.abs().max(b.abs()) || diff < f64::MIN_POSITIVE
        }
        (Json::String(a), V::String(b)) => a == b,
        (Json::Array(a), V::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(a), V::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => false,
    }
}

/// The crate's JSON parser and writer against serde_json, the reference: the same bytes
/// are accepted and refused, they read as the same value, and what we write reads back
/// (in both parsers) as what was written.
pub fn json_text(data: &[u8]) {
    let ours = json::parse_bytes(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(o), Ok(t)) => {
            assert!(same(o, t), "{:?}: ours {o:?}, serde_json {t:?}", text(data));
            let written = o.to_text();
            assert_eq!(
                json::parse(&written).as_ref(),
                Ok(o),
                "{:?} -> {written:?}",
                text(data)
            );
            let reread: serde_json::Value =
                serde_json::from_str(&written).expect("serde reads ours");
            assert!(same(o, &reread), "{:?} -> {written:?}", text(data));
        }
        (Err(_), Err(_)) => {}
        _ => panic!("{:?}: ours {ours:?}, serde_json {theirs:?}", text(data)),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn b64url(bytes: &[u8]) -> String {
    srp::base64_encode(bytes)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

/// `secret` must not show in `debug`, unless it shows in `control` too (the same value
/// rendered without the secret: then the fuzzer made another field equal to it).
fn assert_hidden(debug: &str, secret: &str, control: &str, what: &str) {
    if secret.len() >= 8 && !control.contains(secret) {
        assert!(!debug.contains(secret), "{what} in Debug");
    }
}

/// Fields separated by `0x00`.
fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|b| *b == 0).collect()
}

/// Everything that reads a Cognito answer: `parse_response` (status, error header, body),
/// then the sign-in/refresh parser and the identity pool parsers on what it accepts, and
/// the error as JS would see it. Bytes: 2 for the status, then `header \0 body`.
pub fn response(data: &[u8]) {
    let status = u16::from_be_bytes([
        data.first().copied().unwrap_or(0),
        data.get(1).copied().unwrap_or(0),
    ]);
    let rest = data.get(2..).unwrap_or(&[]);
    let (header, body) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (Some(text(&rest[..i])), text(&rest[i + 1..])),
        None => (None, text(rest)),
    };
    let response = HttpResponse {
        status,
        headers: header
            .into_iter()
            .map(|h| ("x-amzn-errortype".to_owned(), h))
            .collect(),
        body: body.clone().into(),
    };
    match cognito::parse_response(&response) {
        Ok(map) => {
            assert!(
                (200..300).contains(&status),
                "HTTP {status} accepted as a success"
            );
            parse_all(&map);
        }
        Err(e) => {
            let e = AuthError::from(e);
            let _ = (
                e.name(),
                e.to_string(),
                e.recovery_suggestion(),
                e.ends_session(),
            );
            let _ = json::to_string(&e);
        }
    }
    // The parsers on their own, on any JSON object (whatever the status).
    if let Ok(Json::Object(map)) = json::parse(&body) {
        parse_all(&map);
    }
}

fn parse_all(map: &Map) {
    for op in ["InitiateAuth", "RespondToAuthChallenge"] {
        match cognito::parse_auth_response(op, map) {
            Ok(cognito::AuthResponse::Authenticated(r)) => {
                let _ = (r.access.exp(), r.access.sub(), r.access.username());
                let debug = format!("{r:?}");
                let control = format!("{:?}", r.new_device);
                assert_hidden(&debug, r.access.raw().expose(), &control, "an access token");
                if let Some(refresh) = &r.refresh {
                    assert_hidden(&debug, refresh.expose(), &control, "a refresh token");
                }
            }
            Ok(cognito::AuthResponse::Challenge(c)) => {
                assert!(!c.name.as_str().is_empty());
                let _ = format!("{c:?}");
            }
            Err(e) => {
                let _ = AuthError::from(e).to_string();
            }
        }
    }
    let _ = cognito::parse_get_id(map);
    if let Ok(creds) = cognito::parse_credentials(map) {
        let debug = format!("{creds:?}");
        let control = format!("{} {:?}", creds.access_key_id, creds.expiration_ms);
        assert_hidden(
            &debug,
            creds.secret_access_key.expose(),
            &control,
            "a secret key",
        );
        assert_hidden(
            &debug,
            creds.session_token.expose(),
            &control,
            "a session token",
        );
    }
}

/// `Jwt::parse` and every claim accessor, expiry at extreme times and drifts. The first
/// byte picks the mode: odd = the rest is a JSON payload wrapped into a JWT (so the
/// fuzzer reaches the claims), even = the rest is the token text.
pub fn jwt(data: &[u8]) {
    let raw = match data.first() {
        Some(b) if b % 2 == 1 => format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", b64url(&data[1..])),
        _ => text(data.get(1..).unwrap_or(&[])),
    };
    let Ok(token) = Jwt::parse(&raw) else {
        return;
    };
    let _ = (
        token.exp(),
        token.iat(),
        token.sub(),
        token.username(),
        token.origin_jti(),
    );
    for now in [0, 1_772_528_707_000, -1, i64::MIN, i64::MAX] {
        for drift in [0, i64::MIN, i64::MAX, -3_600_000] {
            let _ = token.is_expired(now, drift, EXPIRY_TOLERANCE_MS);
        }
        let _ = Tokens::drift_from(&token, now);
    }
    let debug = format!("{token:?}");
    assert_hidden(&debug, &raw, &format!("{:?}", token.exp()), "a token");
    let out: cognito_headless::machine::JwtOut = (&token).into();
    let _ = json::to_string(&out);
}

/// `StoredSession::from_storage` on arbitrary stored values. Fields (`\0`-separated): the
/// user name, then accessToken, idToken, refreshToken, clockDrift, signInDetails,
/// oauthMetadata; a field `\x01` is absent; a token field starting with `{` is wrapped
/// into a JWT. A session that loads must survive a write and a reload unchanged.
pub fn stored_session(data: &[u8]) {
    let f = fields(data);
    let username = text(f.first().copied().unwrap_or(b"alice"));
    let keys = StorageKeys::new("client");
    let mut values = cognito_headless::map::VecMap::new();
    for (i, name) in [
        "accessToken",
        "idToken",
        "refreshToken",
        "clockDrift",
        "signInDetails",
        "oauthMetadata",
    ]
    .iter()
    .enumerate()
    {
        let value = match f.get(i + 1) {
            None | Some([1]) => None,
            Some(v) if i < 2 && v.first() == Some(&b'{') => {
                Some(format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", b64url(v)))
            }
            Some(v) => Some(text(v)),
        };
        values.insert(keys.user(&username, name), value);
    }
    let Ok(session) = StoredSession::from_storage(&username, &values, &keys) else {
        return;
    };
    for now in [0, 1_772_528_707_000, i64::MIN, i64::MAX] {
        let _ = session.tokens.is_expired(now);
    }
    let _ = StoredSession::clear_keys(&username, &keys);
    // Write it back and read it again: what a reload sees.
    let written: cognito_headless::map::VecMap<String, Option<String>> =
        session.storage_entries(&keys).into_iter().collect();
    let again =
        StoredSession::from_storage(&username, &written, &keys).expect("a written session reloads");
    assert_eq!(again.username, session.username);
    assert_eq!(again.tokens.access, session.tokens.access);
    assert_eq!(again.tokens.id, session.tokens.id);
    assert_eq!(again.tokens.refresh, session.tokens.refresh);
    if session.sign_in_details.is_some() {
        // Amplify v6's layout (drift in ms, server minus local) round-trips exactly.
        // Without signInDetails the reload reads identity-js's layout: see SECURITY.md's
        // note and the ignored test `drift_of_a_restored_identity_js_session_survives_a_reload`.
        assert_eq!(again.tokens.clock_drift_ms, session.tokens.clock_drift_ms);
        assert_eq!(again.sign_in_details, session.sign_in_details);
    }
    let debug = format!("{session:?}");
    let control = format!(
        "{:?} {:?} {:?} {:?} {}",
        session.username,
        session.sign_in_details,
        session.tokens.access.exp(),
        session.tokens.id.as_ref().map(Jwt::exp),
        session.tokens.clock_drift_ms
    );
    if let Some(refresh) = &session.tokens.refresh {
        assert_hidden(&debug, refresh.expose(), &control, "a refresh token");
    }
    assert_hidden(
        &debug,
        session.tokens.access.raw().expose(),
        &control,
        "an access token",
    );
}

/// The SRP inputs Cognito controls: `SALT`, `SRP_B` and `SECRET_BLOCK` (`\0`-separated),
/// through `password_key` and the claim signature, plus a device verifier.
pub fn srp_inputs(data: &[u8]) {
    let f = fields(data);
    let salt = text(f.first().copied().unwrap_or(b""));
    let b = text(f.get(1).copied().unwrap_or(b""));
    let block = text(f.get(2).copied().unwrap_or(b""));
    let decoded = srp::decode_secret_block(&block);
    assert!(decoded.len() <= block.len(), "base64 decoding grew");
    let random = [0x5au8; 128];
    let Ok(client) = SrpClient::new(&random) else {
        panic!("128 random bytes are enough");
    };
    match client.password_key("Pool", "alice", "password", &salt, &b) {
        Ok(key) => {
            let signature = srp::claim_signature(
                &key,
                "Pool",
                "alice",
                &decoded,
                "Tue Mar 3 09:05:07 UTC 2026",
            );
            assert_eq!(signature.len(), 44);
            assert_hidden(
                &format!("{key:?}"),
                &format!("{:?}", key.expose()),
                "",
                "the password key",
            );
        }
        Err(e) => {
            let _ = AuthError::from(e).to_string();
        }
    }
    if let Ok(v) = srp::device_verifier(&salt, &b, data) {
        let control = format!("{} {}", v.salt_b64, v.verifier_b64);
        assert_hidden(
            &format!("{v:?}"),
            &v.random_password,
            &control,
            "the device password",
        );
    }
}

/// The whole machine under a sequence of actions decoded from the bytes: commands,
/// answers in any order (faulty, raw, stale), ceremonies, late storage loads, another tab,
/// clock jumps, reloads. See `world.rs` for the invariants.
pub fn machine(data: &[u8]) {
    let (start, actions) = world::decode(data);
    world::run(start, &actions);
}
