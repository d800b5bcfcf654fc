//! A deterministic host for the machine: in-memory storage, a scripted Cognito (the test
//! answers each request by hand), a fixed clock and fixed random bytes. Shared by the
//! native flow tests and their wasm twins.

#![allow(dead_code)]

pub mod b64url;

use cognito_headless::cognito::{HttpRequest, HttpResponse, TransportError, UserPoolConfig};
use cognito_headless::machine::{
    AuthError, AuthEvent, AuthMachine, Command, Config, Effect, HttpOutcome, Input, OpId, Output,
    RequestId,
};
use cognito_headless::session::Secret;
use serde_json::{json, Value};

#[allow(dead_code)]
pub mod bridge;
use bridge::{from_value, to_value};
use std::collections::{BTreeMap, VecDeque};

pub const CLIENT_ID: &str = "client123";

/// A configuration for pool `us-east-1_<pool>` (or a full id) and [`CLIENT_ID`].
pub fn config(pool_id: &str) -> UserPoolConfig {
    from_value(json!({
        "userPoolId": pool_id,
        "userPoolClientId": CLIENT_ID,
    }))
    .expect("config")
}

/// A configuration with extra settings merged in (`identityPoolId`, `refreshFlow`, …).
pub fn config_with(pool_id: &str, extra: Value) -> Config {
    let mut base = json!({ "userPoolId": pool_id, "userPoolClientId": CLIENT_ID });
    if let (Some(obj), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        obj.extend(extra.clone());
    }
    from_value(base).expect("config")
}

/// `CognitoIdentityServiceProvider.client123.<user>.<name>` (the reference's layout).
pub fn user_key(user: &str, name: &str) -> String {
    format!("CognitoIdentityServiceProvider.{CLIENT_ID}.{user}.{name}")
}

/// `CognitoIdentityServiceProvider.client123.LastAuthUser`.
pub fn last_user_key() -> String {
    format!("CognitoIdentityServiceProvider.{CLIENT_ID}.LastAuthUser")
}
/// An unsigned JWT with these claims (the client never verifies signatures).
pub fn jwt(claims: Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64url::encode(br#"{"alg":"RS256","kid":"test"}"#),
        b64url::encode(claims.to_string().as_bytes())
    )
}

/// An access/id/refresh token set as Cognito returns it, issued at `iat` (seconds).
pub fn auth_result(username: &str, sub: &str, iat: i64, with_refresh: bool) -> Value {
    let access = jwt(json!({
        "sub": sub, "username": username, "iat": iat, "exp": iat + 3600,
        "token_use": "access", "client_id": CLIENT_ID, "origin_jti": "jti-1",
    }));
    let id = jwt(json!({
        "sub": sub, "cognito:username": username, "iat": iat, "exp": iat + 3600,
        "token_use": "id", "aud": CLIENT_ID, "email": "alice@example.com",
    }));
    let mut result = json!({
        "AccessToken": access, "IdToken": id, "ExpiresIn": 3600, "TokenType": "Bearer",
    });
    if with_refresh {
        result["RefreshToken"] = json!("refresh-token-value");
    }
    json!({ "AuthenticationResult": result, "ChallengeParameters": {} })
}

/// The machine plus a host made of plain data.
pub struct Host {
    pub machine: AuthMachine,
    pub now: i64,
    pub random: Vec<u8>,
    pub storage: BTreeMap<String, String>,
    pub pending: VecDeque<(RequestId, HttpRequest)>,
    pub completed: Vec<(OpId, Result<Output, AuthError>)>,
    pub events: Vec<AuthEvent>,
    pub effect_log: Vec<String>,
    pub navigations: Vec<(String, bool)>,
    pub ceremonies: Vec<(RequestId, String, Value)>,
    pub locks: Vec<(RequestId, String)>,
    pub unlocked: Vec<RequestId>,
    /// Ceremonies the machine told the host to abort.
    pub aborted: Vec<RequestId>,
    next_op: OpId,
}

impl Host {
    /// A host over `storage`, not yet started.
    pub fn new(config: impl Into<Config>, storage: BTreeMap<String, String>) -> Host {
        Host {
            machine: AuthMachine::new(config).expect("machine"),
            now: 1_772_528_707_000,
            random: vec![7; 256],
            storage,
            pending: VecDeque::new(),
            completed: Vec::new(),
            events: Vec::new(),
            effect_log: Vec::new(),
            navigations: Vec::new(),
            ceremonies: Vec::new(),
            locks: Vec::new(),
            unlocked: Vec::new(),
            aborted: Vec::new(),
            next_op: 1,
        }
    }

    /// A started host (restore done against `storage`).
    pub fn started(config: impl Into<Config>, storage: BTreeMap<String, String>) -> Host {
        let mut host = Host::new(config, storage);
        host.input(Input::Start);
        host
    }

    /// Feeds an input and carries out every effect (loads are answered at once).
    pub fn input(&mut self, input: Input) {
        self.machine.handle(self.now, input);
        while let Some(effect) = self.machine.poll_effect() {
            self.effect_log.push(effect_name(&effect).to_owned());
            match effect {
                Effect::Http { id, request, .. } => self.pending.push_back((id, request)),
                Effect::Load { id, keys } => {
                    let values = keys
                        .into_iter()
                        .map(|k| {
                            let v = self.storage.get(&k).cloned();
                            (k, v)
                        })
                        .collect();
                    self.machine
                        .handle(self.now, Input::StorageLoaded { id, values });
                }
                Effect::Store { key, value } => {
                    self.storage.insert(key, value.expose().to_owned());
                }
                Effect::Remove { key } => {
                    self.storage.remove(&key);
                }
                Effect::Emit { event, .. } => self.events.push(event),
                Effect::Complete { op, result } => self.completed.push((op, result)),
                Effect::Navigate { url, replace } => self.navigations.push((url, replace)),
                Effect::Lock { id, name } => self.locks.push((id, name)),
                Effect::Unlock { id } => self.unlocked.push(id),
                Effect::AbortWebAuthn { id } => self.aborted.push(id),
                Effect::WebAuthn {
                    id,
                    ceremony,
                    options,
                } => self
                    .ceremonies
                    .push((id, format!("{ceremony:?}"), bridge::theirs(&options))),
                _ => {}
            }
        }
    }

    /// Issues a command; returns its op id.
    pub fn command(&mut self, command: Value) -> OpId {
        let command: Command = from_value(command).expect("command shape");
        let op = self.next_op;
        self.next_op += 1;
        let random = self.random.clone();
        self.input(Input::Command {
            op,
            command,
            random,
        });
        op
    }

    /// The oldest unanswered request.
    pub fn next_request(&mut self) -> (RequestId, HttpRequest) {
        self.pending.pop_front().expect("a pending request")
    }

    /// The next request's operation (from `x-amz-target`) and parsed JSON body.
    pub fn expect_request(&mut self, op: &str) -> (RequestId, Value) {
        self.expect_target(&format!("AWSCognitoIdentityProviderService.{op}"))
    }

    /// The next identity pool request (`AWSCognitoIdentityService.<op>`) and its body.
    pub fn expect_identity_request(&mut self, op: &str) -> (RequestId, Value) {
        self.expect_target(&format!("AWSCognitoIdentityService.{op}"))
    }

    fn expect_target(&mut self, target: &str) -> (RequestId, Value) {
        let (id, request) = self.next_request();
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("x-amz-target"), Some(target));
        assert_eq!(
            request.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
        let body = serde_json::from_str(request.body.expose()).expect("JSON body");
        (id, body)
    }

    /// Answers request `id` with a status and a body.
    pub fn respond(&mut self, id: RequestId, status: u16, body: &str) {
        self.respond_with(id, HttpResponse::json(status, body));
    }

    /// Answers request `id` with a full response.
    pub fn respond_with(&mut self, id: RequestId, response: HttpResponse) {
        self.input(Input::HttpResult {
            id,
            outcome: HttpOutcome::Response(response),
        });
    }

    /// Fails request `id` at the transport level.
    pub fn fail(&mut self, id: RequestId, error: TransportError) {
        self.input(Input::HttpResult {
            id,
            outcome: HttpOutcome::Failure(error),
        });
    }

    /// The result of `op`, which must have completed exactly once.
    pub fn result(&self, op: OpId) -> &Result<Output, AuthError> {
        let results: Vec<_> = self.completed.iter().filter(|(o, _)| *o == op).collect();
        assert_eq!(
            results.len(),
            1,
            "op {op} completed {} times",
            results.len()
        );
        &results[0].1
    }

    /// The result of `op` as JSON (what JS sees).
    pub fn result_json(&self, op: OpId) -> Value {
        match self.result(op) {
            Ok(out) => to_value(out).expect("serialize"),
            Err(e) => json!({ "error": to_value(e).expect("serialize") }),
        }
    }

    /// The error name `op` failed with.
    pub fn error_name(&self, op: OpId) -> String {
        match self.result(op) {
            Err(e) => e.name().to_owned(),
            Ok(out) => panic!("op {op} succeeded: {out:?}"),
        }
    }

    /// Whether `op` has completed.
    pub fn is_complete(&self, op: OpId) -> bool {
        self.completed.iter().any(|(o, _)| *o == op)
    }
}

pub fn effect_name(effect: &Effect) -> &'static str {
    match effect {
        Effect::Http { .. } => "Http",
        Effect::Load { .. } => "Load",
        Effect::Store { .. } => "Store",
        Effect::Remove { .. } => "Remove",
        Effect::Emit { .. } => "Emit",
        Effect::Complete { .. } => "Complete",
        Effect::Navigate { .. } => "Navigate",
        Effect::WebAuthn { .. } => "WebAuthn",
        Effect::AbortWebAuthn { .. } => "AbortWebAuthn",
        Effect::Lock { .. } => "Lock",
        Effect::Unlock { .. } => "Unlock",
        _ => "Other",
    }
}

/// A storage map from pairs.
pub fn storage(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A stored Amplify v6 session for `user` issued at `iat` (seconds).
pub fn stored_session(user: &str, sub: &str, iat: i64) -> BTreeMap<String, String> {
    let result = auth_result(user, sub, iat, true);
    let r = &result["AuthenticationResult"];
    let mut s = BTreeMap::new();
    s.insert(last_user_key(), user.to_owned());
    s.insert(
        user_key(user, "accessToken"),
        r["AccessToken"].as_str().unwrap_or("").to_owned(),
    );
    s.insert(
        user_key(user, "idToken"),
        r["IdToken"].as_str().unwrap_or("").to_owned(),
    );
    s.insert(
        user_key(user, "refreshToken"),
        "refresh-token-value".to_owned(),
    );
    s.insert(user_key(user, "clockDrift"), "0".to_owned());
    s.insert(
        user_key(user, "signInDetails"),
        format!(r#"{{"loginId":"{user}","authFlowType":"USER_SRP_AUTH"}}"#),
    );
    s
}

/// Unused-secret guard: a `Secret` must never print its value.
pub fn assert_redacted(debug: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!debug.contains(s), "secret {s:?} leaked into {debug}");
    }
    let _ = Secret::new("x");
}

/// The 32 random bytes the machine draws for SRP's `a`, from a fixture's `aHex` (their 128
/// bytes, the first 96 zero in the short-`a` cases).
pub fn drawn_a(a_hex: &str) -> Vec<u8> {
    let bytes: Vec<u8> = (0..a_hex.len() / 2)
        .map(|i| u8::from_str_radix(&a_hex[2 * i..2 * i + 2], 16).expect("aHex"))
        .collect();
    assert_eq!(bytes.len(), 128, "aHex is their 128 bytes");
    assert!(
        bytes[..96].iter().all(|&b| b == 0),
        "not a short-a case: a >= 2^256"
    );
    bytes[96..].to_vec()
}
