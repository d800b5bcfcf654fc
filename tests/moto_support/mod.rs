//! A real host for the machine, against a local moto server (native only).
//!
//! - [`Moto`] starts `.venv/bin/moto_server` on a free loopback port (with
//!   `MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true`), seeds pools and users through moto's
//!   JSON API, and kills the server when dropped (also when a test panics).
//! - [`Driver`] drives [`AuthMachine`] by carrying out its effects for real: `Http` with
//!   ureq against moto (anything but moto's loopback URL is refused), storage in a
//!   `BTreeMap`, `now` from the system clock (plus an offset a test may set to age the
//!   tokens), random bytes from a seeded PRNG (moto accepts any SRP proof).
//! - [`totp_now`]: RFC 6238 codes (SHA-1, 6 digits, 30 s).
//!
//! A missing moto is a failure, never a skip.

#![allow(dead_code)]

#[path = "../support/b64url.rs"]
mod b64url;

use cognito_headless::cognito::{HttpRequest, HttpResponse, TransportError};
use cognito_headless::machine::{
    AuthError, AuthEvent, AuthMachine, AuthStatus, Command, Config, Effect, HttpOutcome, Input,
    OpId, Output, COMMAND_ENTROPY_BYTES,
};
use cognito_headless::session::Secret;
use serde_json::{json, Map, Value};

#[allow(dead_code)]
#[path = "../support/bridge.rs"]
pub mod bridge;
use std::collections::{BTreeMap, VecDeque};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const REGION: &str = "us-east-1";
/// Satisfies moto's default password policy (upper, lower, digit, symbol).
pub const PASSWORD: &str = "Str0ng-Passw0rd!";
pub const TEMP_PASSWORD: &str = "Temp-Passw0rd!";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Loopback only: never through a proxy from the environment.
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

// ------------------------------------------------------------------------------- server

/// A moto server of this test. Killed on drop.
pub struct Moto {
    child: Child,
    pub port: u16,
    /// `http://127.0.0.1:<port>/`
    pub endpoint: String,
    log: PathBuf,
    agent: ureq::Agent,
}

pub fn moto_server_path() -> PathBuf {
    match std::env::var_os("MOTO_SERVER") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server"),
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

impl Moto {
    /// Starts a server and waits until it answers. Panics (fails the test) when moto is
    /// missing or does not come up.
    pub fn start() -> Moto {
        let server = moto_server_path();
        assert!(
            server.exists(),
            "{} is missing: these tests need moto. Run scripts/setup.sh, or \
             `python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.5'`.",
            server.display()
        );
        let mut last_error = String::new();
        for _attempt in 0..3 {
            match Self::try_start(&server) {
                Ok(moto) => return moto,
                Err(e) => last_error = e,
            }
        }
        panic!("moto_server did not start: {last_error}");
    }

    fn try_start(server: &Path) -> Result<Moto, String> {
        let port = free_port();
        let log = std::env::temp_dir().join(format!(
            "cognito-headless-moto-{}-{port}.log",
            std::process::id()
        ));
        let out = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let err = out.try_clone().map_err(|e| format!("log file: {e}"))?;
        let child = Process::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("spawn {}: {e}", server.display()))?;
        let mut moto = Moto {
            child,
            port,
            endpoint: format!("http://127.0.0.1:{port}/"),
            log,
            agent: agent(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = moto.child.try_wait() {
                return Err(format!(
                    "moto_server exited ({status}):\n{}",
                    moto.log_tail()
                ));
            }
            if let Ok((200, _)) = moto.try_call(
                "AWSCognitoIdentityProviderService",
                "ListUserPools",
                &json!({"MaxResults": 1}),
            ) {
                return Ok(moto);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "no answer on port {port} within 60 s:\n{}",
            moto.log_tail()
        ))
    }

    /// The end of the server's log (for failure messages).
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(3000);
        text.get(start..).unwrap_or("").to_owned()
    }

    /// One JSON call: `(status, body text)`.
    pub fn try_call(&self, service: &str, op: &str, body: &Value) -> Result<(u16, String), String> {
        let mut response = self
            .agent
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", &format!("{service}.{op}"))
            .send(body.to_string())
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        Ok((status, text))
    }

    /// A user pool admin call that must succeed.
    pub fn idp(&self, op: &str, body: Value) -> Value {
        self.call_ok("AWSCognitoIdentityProviderService", op, &body)
    }

    /// An identity pool call that must succeed.
    pub fn identity(&self, op: &str, body: Value) -> Value {
        self.call_ok("AWSCognitoIdentityService", op, &body)
    }

    fn call_ok(&self, service: &str, op: &str, body: &Value) -> Value {
        let (status, text) = self
            .try_call(service, op, body)
            .unwrap_or_else(|e| panic!("{op}: {e}\n{}", self.log_tail()));
        assert_eq!(
            status,
            200,
            "{op} -> HTTP {status}: {}",
            &text[..text.len().min(400)]
        );
        if text.is_empty() {
            json!({})
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{op}: not JSON ({e}): {text}"))
        }
    }

    /// A user pool (`MfaConfiguration` `OFF`, `ON` or `OPTIONAL`) and a public app client
    /// allowing SRP, password, refresh and custom auth.
    pub fn pool(&self, name: &str, mfa: &str) -> Pool {
        self.pool_with(name, mfa, json!({}))
    }

    /// [`Moto::pool`] with more `CreateUserPool` fields (`AutoVerifiedAttributes`,
    /// `AccountRecoverySetting`, …) merged into the request.
    pub fn pool_with(&self, name: &str, mfa: &str, extra: Value) -> Pool {
        let mut request = json!({ "PoolName": name, "MfaConfiguration": mfa });
        if let (Some(obj), Some(extra)) = (request.as_object_mut(), extra.as_object()) {
            obj.extend(extra.clone());
        }
        let pool = self.idp("CreateUserPool", request);
        let pool_id = pool["UserPool"]["Id"].as_str().expect("pool id").to_owned();
        assert!(pool_id.starts_with(&format!("{REGION}_")), "{pool_id}");
        let client = self.idp(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": pool_id,
                "ClientName": "web",
                "GenerateSecret": false,
                "ExplicitAuthFlows": [
                    "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH",
                ],
            }),
        );
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("client id")
            .to_owned();
        Pool { pool_id, client_id }
    }

    /// `AdminCreateUser` with a temporary password (status `FORCE_CHANGE_PASSWORD`). Returns
    /// the `sub`.
    pub fn create_user(&self, pool: &Pool, username: &str, attributes: &[(&str, &str)]) -> String {
        let attrs: Vec<Value> = attributes
            .iter()
            .map(|(n, v)| json!({ "Name": n, "Value": v }))
            .collect();
        let user = self.idp(
            "AdminCreateUser",
            json!({
                "UserPoolId": pool.pool_id,
                "Username": username,
                "TemporaryPassword": TEMP_PASSWORD,
                "MessageAction": "SUPPRESS",
                "UserAttributes": attrs,
            }),
        );
        user["User"]["Attributes"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Name"] == "sub"))
            .and_then(|x| x["Value"].as_str())
            .expect("sub")
            .to_owned()
    }

    /// A confirmed user with [`PASSWORD`] (AdminCreateUser + AdminSetUserPassword permanent).
    pub fn confirmed_user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> String {
        let sub = self.create_user(pool, username, attributes);
        self.idp(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": pool.pool_id, "Username": username,
                "Password": PASSWORD, "Permanent": true,
            }),
        );
        sub
    }

    /// `AdminGetUser`.
    pub fn get_user(&self, pool: &Pool, username: &str) -> Value {
        self.idp(
            "AdminGetUser",
            json!({ "UserPoolId": pool.pool_id, "Username": username }),
        )
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// A user pool and its app client.
#[derive(Debug, Clone)]
pub struct Pool {
    pub pool_id: String,
    pub client_id: String,
}

impl Pool {
    /// `CognitoIdentityServiceProvider.<client>.<user>.<name>`.
    pub fn key(&self, user: &str, name: &str) -> String {
        format!(
            "CognitoIdentityServiceProvider.{}.{user}.{name}",
            self.client_id
        )
    }

    /// `CognitoIdentityServiceProvider.<client>.LastAuthUser`.
    pub fn last_user_key(&self) -> String {
        format!(
            "CognitoIdentityServiceProvider.{}.LastAuthUser",
            self.client_id
        )
    }

    /// The machine configuration for this pool on `moto`, with `extra` merged in.
    pub fn config(&self, moto: &Moto, extra: Value) -> Config {
        let mut base = json!({
            "userPoolId": self.pool_id,
            "userPoolClientId": self.client_id,
            "endpoint": moto.endpoint,
        });
        if let (Some(obj), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
            obj.extend(extra.clone());
        }
        bridge::from_value(base).expect("config")
    }
}

// ------------------------------------------------------------------------------- driver

/// One HTTP exchange the driver carried out.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// `AWSCognitoIdentityProviderService.InitiateAuth`, …
    pub target: String,
    /// The request body.
    pub body: Value,
    pub status: u16,
    /// The response body as received from moto (before any quirk rewrite).
    pub response: String,
    /// The response headers (lower-case names; empty when no response came).
    pub headers: Vec<(String, String)>,
}

impl Exchange {
    /// The `SecretCode` of an `AssociateSoftwareToken` answer, as moto sent it.
    pub fn secret_code(&self) -> String {
        let body: Value = serde_json::from_str(&self.response).unwrap_or(Value::Null);
        body["SecretCode"].as_str().unwrap_or_default().to_owned()
    }

    /// The operation name (after the dot of the target).
    pub fn op(&self) -> &str {
        self.target.rsplit('.').next().unwrap_or("")
    }

    /// A response header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// moto's answer for an operation it does not implement: HTTP 500 with an HTML page.
    pub fn is_html_500(&self) -> bool {
        self.status == 500
            && self
                .response
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("<!doctype html>")
    }
}

/// A splitmix64 stream: deterministic "random" bytes (moto accepts any SRP proof).
struct Prng(u64);

impl Prng {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            out.extend_from_slice(&z.to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

/// The machine plus a real host: moto over HTTP, a map for storage, the system clock.
pub struct Driver {
    pub machine: AuthMachine,
    pub storage: BTreeMap<String, String>,
    /// Every HTTP exchange, in order.
    pub log: Vec<Exchange>,
    pub events: Vec<AuthEvent>,
    completed: BTreeMap<OpId, Vec<Result<Output, AuthError>>>,
    /// HTTP requests emitted but not yet sent (see [`Driver::submit`]).
    deferred: VecDeque<(u64, HttpRequest)>,
    inputs: VecDeque<Input>,
    endpoint: String,
    agent: ureq::Agent,
    rng: Prng,
    next_op: OpId,
    /// Added to the system clock (to age tokens).
    pub clock_offset_ms: i64,
    /// Rewrite moto's Python-repr list parameters (`"['SOFTWARE_TOKEN_MFA']"`) into the
    /// JSON-encoded strings Cognito sends (`"[\"SOFTWARE_TOKEN_MFA\"]"`). On by default.
    pub fix_moto_lists: bool,
    /// How many challenge parameters that rewrite touched.
    pub moto_list_rewrites: usize,
}

pub fn system_now_ms() -> i64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(d.as_millis()).expect("ms fit i64")
}

impl Driver {
    /// A started driver over `storage` (the stored session, if any, is restored).
    pub fn start(moto: &Moto, config: Config, storage: BTreeMap<String, String>) -> Driver {
        let mut driver = Driver {
            machine: AuthMachine::new(config).expect("machine config"),
            storage,
            log: Vec::new(),
            events: Vec::new(),
            completed: BTreeMap::new(),
            deferred: VecDeque::new(),
            inputs: VecDeque::new(),
            endpoint: moto.endpoint.clone(),
            agent: agent(),
            rng: Prng(0x5eed_0000_0000_0001 ^ u64::from(moto.port)),
            next_op: 1,
            clock_offset_ms: 0,
            fix_moto_lists: false,
            moto_list_rewrites: 0,
        };
        driver.inputs.push_back(Input::Start);
        driver.settle();
        driver
    }

    pub fn now(&self) -> i64 {
        system_now_ms() + self.clock_offset_ms
    }

    /// Feeds a command and carries out every effect except HTTP, which waits in a queue
    /// until [`Driver::settle`]: commands submitted together are in flight together.
    pub fn submit(&mut self, command: Value) -> OpId {
        let command: Command = bridge::from_value(command).expect("command shape");
        let op = self.next_op;
        self.next_op += 1;
        let random = self.rng.bytes(COMMAND_ENTROPY_BYTES);
        self.inputs.push_back(Input::Command {
            op,
            command,
            random,
        });
        self.pump();
        op
    }

    /// Sends the queued HTTP requests (and those their answers lead to) until none is left.
    pub fn settle(&mut self) {
        loop {
            self.pump();
            let Some((id, request)) = self.deferred.pop_front() else {
                break;
            };
            let outcome = self.execute(&request);
            self.inputs.push_back(Input::HttpResult { id, outcome });
        }
    }

    /// Runs one command to completion; its result as JSON (what JS sees) or its error.
    pub fn run(&mut self, command: Value) -> Result<Value, AuthError> {
        let op = self.submit(command);
        self.settle();
        self.result(op)
    }

    /// The single result of `op`.
    pub fn result(&self, op: OpId) -> Result<Value, AuthError> {
        let results = self.completed.get(&op).map(Vec::as_slice).unwrap_or(&[]);
        assert_eq!(
            results.len(),
            1,
            "op {op} completed {} times",
            results.len()
        );
        results[0]
            .clone()
            .map(|o| bridge::to_value(&o).expect("serialize output"))
    }

    /// Runs a command that must succeed.
    pub fn ok(&mut self, command: Value) -> Value {
        self.run(command.clone())
            .unwrap_or_else(|e| panic!("{command} failed: {} ({e})", e.name()))
    }

    /// Runs a command that must fail; returns the error.
    pub fn err(&mut self, command: Value) -> AuthError {
        match self.run(command.clone()) {
            Err(e) => e,
            Ok(v) => panic!("{command} succeeded: {v}"),
        }
    }

    /// The operations of the exchanges since `from` (`log[from..]`).
    pub fn ops_since(&self, from: usize) -> Vec<String> {
        self.log[from..].iter().map(|e| e.op().to_owned()).collect()
    }

    /// The machine's current sign-in step (snapshot).
    pub fn step(&self) -> Option<&'static str> {
        self.machine.snapshot().sign_in_step.map(|s| s.as_str())
    }

    fn pump(&mut self) {
        while let Some(input) = self.inputs.pop_front() {
            let now = self.now();
            self.machine.handle(now, input);
            while let Some(effect) = self.machine.poll_effect() {
                match effect {
                    Effect::Http { id, request, .. } => self.deferred.push_back((id, request)),
                    Effect::Load { id, keys } => {
                        let values = keys
                            .into_iter()
                            .map(|k| {
                                let v = self.storage.get(&k).cloned();
                                (k, v)
                            })
                            .collect();
                        self.inputs.push_back(Input::StorageLoaded { id, values });
                    }
                    Effect::Store { key, value } => {
                        self.storage.insert(key, value.expose().to_owned());
                    }
                    Effect::Remove { key } => {
                        self.storage.remove(&key);
                    }
                    Effect::Emit { event, .. } => self.events.push(event),
                    Effect::Complete { op, result } => {
                        self.completed.entry(op).or_default().push(result);
                    }
                    other => panic!("unknown effect {other:?}"),
                }
            }
        }
    }

    fn execute(&mut self, request: &HttpRequest) -> HttpOutcome {
        assert!(
            request.url == self.endpoint,
            "the machine asked for {} (only moto at {} may be reached)",
            request.url,
            self.endpoint
        );
        assert_eq!(request.method, "POST");
        let target = request.header("x-amz-target").unwrap_or("").to_owned();
        let body: Value = serde_json::from_str(request.body.expose()).unwrap_or(Value::Null);
        let mut builder = self.agent.post(&request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let mut response = match builder.send(request.body.expose()) {
            Ok(r) => r,
            Err(e) => {
                let message = e.to_string();
                self.log.push(Exchange {
                    target,
                    body,
                    status: 0,
                    response: message.clone(),
                    headers: Vec::new(),
                });
                return HttpOutcome::Failure(TransportError::Network { message });
            }
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let text = match response.body_mut().read_to_string() {
            Ok(t) => t,
            Err(e) => {
                let message = e.to_string();
                self.log.push(Exchange {
                    target,
                    body,
                    status,
                    response: message.clone(),
                    headers,
                });
                return HttpOutcome::Failure(TransportError::Network { message });
            }
        };
        let delivered = if self.fix_moto_lists {
            self.rewrite_python_lists(&text)
        } else {
            text.clone()
        };
        self.log.push(Exchange {
            target,
            body,
            status,
            response: text,
            headers: headers.clone(),
        });
        HttpOutcome::Response(HttpResponse {
            status,
            headers,
            body: Secret::new(delivered),
        })
    }

    /// moto 5.2.5 serializes list-valued `ChallengeParameters` with Python's `str()`:
    /// `"MFAS_CAN_SETUP": "['SOFTWARE_TOKEN_MFA']"`. Cognito sends a JSON-encoded string,
    /// `"[\"SOFTWARE_TOKEN_MFA\"]"`. Rewrites the former into the latter.
    fn rewrite_python_lists(&mut self, text: &str) -> String {
        let Ok(Value::Object(mut body)) = serde_json::from_str::<Value>(text) else {
            return text.to_owned();
        };
        let Some(Value::Object(params)) = body.get_mut("ChallengeParameters") else {
            return text.to_owned();
        };
        let mut changed = false;
        for value in params.values_mut() {
            if let Some(items) = value.as_str().and_then(python_str_list) {
                *value = Value::String(Value::from(items).to_string());
                changed = true;
                self.moto_list_rewrites += 1;
            }
        }
        if changed {
            Value::Object(std::mem::take(&mut body)).to_string()
        } else {
            text.to_owned()
        }
    }
}

/// `['A', 'B']` → `["A", "B"]`; `None` for anything else.
pub fn python_str_list(s: &str) -> Option<Vec<String>> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim();
            item.strip_prefix('\'')
                .and_then(|i| i.strip_suffix('\''))
                .map(str::to_owned)
        })
        .collect()
}

// ------------------------------------------------------------------------------- JWT, TOTP

/// The payload of a JWT (no signature check).
pub fn jwt_payload(jwt: &str) -> Map<String, Value> {
    let part = jwt.split('.').nth(1).expect("JWT payload part");
    let bytes = b64url::decode(part);
    match serde_json::from_slice(&bytes).expect("JWT payload JSON") {
        Value::Object(m) => m,
        other => panic!("JWT payload is not an object: {other}"),
    }
}
/// RFC 4648 base32 (case-insensitive, padding optional).
pub fn base32_decode(s: &str) -> Vec<u8> {
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let v = match c.to_ascii_uppercase() {
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'2'..=b'7' => c - b'2' + 26,
            other => panic!("not base32: {:?}", other as char),
        };
        bits = (bits << 5) | u64::from(v);
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

/// RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps, at Unix time `secs`.
pub fn totp_at(secret_b32: &str, secs: u64) -> String {
    use hmac::{KeyInit, Mac};
    let key = base32_decode(secret_b32);
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(&key).expect("HMAC takes any key");
    mac.update(&(secs / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let code = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]) % 1_000_000;
    format!("{code:06}")
}

/// The current code, waiting for the next 30-second window when fewer than 5 s remain
/// (moto checks the current window only).
pub fn totp_now(secret_b32: &str) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
    let into_window = now.as_millis() % 30_000;
    if 30_000 - into_window < 5_000 {
        std::thread::sleep(Duration::from_millis((30_000 - into_window + 200) as u64));
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    totp_at(secret_b32, secs)
}

/// A 6-digit code that is not valid now (nor in the neighbouring windows).
pub fn wrong_totp(secret_b32: &str) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let valid: Vec<String> = [secs.saturating_sub(30), secs, secs + 30]
        .iter()
        .map(|s| totp_at(secret_b32, *s))
        .collect();
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !valid.iter().any(|v| v == c))
        .expect("a wrong code")
        .to_owned()
}

// ------------------------------------------------------------------ shared by the moto suites

/// The five keys Amplify stores for a signed-in user.
pub const TOKEN_KEYS: [&str; 5] = [
    "accessToken",
    "idToken",
    "refreshToken",
    "clockDrift",
    "signInDetails",
];

/// A `signIn` command with an explicit `authFlowType`.
pub fn sign_in(username: &str, password: &str, flow: &str) -> Value {
    json!({
        "type": "signIn", "username": username, "password": password,
        "options": { "authFlowType": flow },
    })
}

/// The result of a sign-in that ended signed in.
pub fn done() -> Value {
    json!({ "isSignedIn": true, "nextStep": { "signInStep": "DONE" } })
}

/// The stored session of `user` is complete, holds moto's tokens for that user (checked
/// with moto's `GetUser`), and the machine says signed in with no step open.
pub fn assert_signed_in(moto: &Moto, pool: &Pool, d: &Driver, user: &str, sub: &str, flow: &str) {
    assert_eq!(
        d.storage.get(&pool.last_user_key()).map(String::as_str),
        Some(user)
    );
    for name in TOKEN_KEYS {
        assert!(
            d.storage.contains_key(&pool.key(user, name)),
            "{name} not stored"
        );
    }
    let access = &d.storage[&pool.key(user, "accessToken")];
    let claims = jwt_payload(access);
    assert_eq!(claims["username"], user);
    assert_eq!(claims["sub"], sub);
    assert_eq!(claims["token_use"], "access");
    let id_claims = jwt_payload(&d.storage[&pool.key(user, "idToken")]);
    assert_eq!(id_claims["cognito:username"], user);
    let details: Value =
        serde_json::from_str(&d.storage[&pool.key(user, "signInDetails")]).unwrap();
    assert_eq!(details, json!({ "loginId": user, "authFlowType": flow }));
    let me = moto.idp("GetUser", json!({ "AccessToken": access }));
    assert_eq!(me["Username"], user);
    assert_eq!(d.machine.snapshot().auth_status, AuthStatus::Authenticated);
    assert_eq!(d.machine.snapshot().sign_in_step, None);
}

/// Nothing of `user`'s session is stored.
pub fn no_tokens(pool: &Pool, d: &Driver, user: &str) {
    assert!(!d.storage.contains_key(&pool.last_user_key()));
    for name in TOKEN_KEYS {
        assert!(
            !d.storage.contains_key(&pool.key(user, name)),
            "{name} stored"
        );
    }
}

/// How many `signedIn` events the host saw.
pub fn signed_in_events(d: &Driver) -> usize {
    d.events
        .iter()
        .filter(|e| matches!(e, AuthEvent::SignedIn(_)))
        .count()
}

impl Moto {
    /// A pool with software-token (TOTP) MFA enabled at `mfa` (`ON` or `OPTIONAL`).
    pub fn totp_pool(&self, name: &str, mfa: &str) -> Pool {
        let pool = self.pool(name, mfa);
        self.idp(
            "SetUserPoolMfaConfig",
            json!({
                "UserPoolId": pool.pool_id, "MfaConfiguration": mfa,
                "SoftwareTokenMfaConfiguration": { "Enabled": true },
            }),
        );
        pool
    }
}
