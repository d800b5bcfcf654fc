//! A whole host around the machine, driven by a list of [`Action`]s: user commands, answers
//! (in any order, faulty, repeated, for ids never issued), WebAuthn ceremonies, storage
//! loads answered late, another tab writing the shared storage, clock jumps and reloads.
//! After every action [`World::check`] holds the invariants; [`World::finish`] answers
//! everything and checks that every operation completed exactly once.
//!
//! Shared by the `machine` fuzz target and `tests/props.rs` (`#[path]`), so it uses only
//! the crate's public API, `serde_json` and `std`.

#![allow(dead_code, clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use cognito_headless::cognito::{HttpRequest, HttpResponse, TransportError};
use cognito_headless::machine::{
    AuthMachine, Command, Config, Effect, HttpOutcome, Input, OpId, RequestId,
};
use cognito_headless::session::{StorageKeys, StoredSession};
use serde_json::{json, Value};

/// serde_json values to and from the crate's own JSON.
#[allow(dead_code)]
mod bridge {
    include!("../../tests/support/bridge.rs");
}
use std::collections::BTreeMap;

/// The app client the world's machine uses.
pub const CLIENT_ID: &str = "fuzzclient";
/// A confidential client: the secret must never show.
pub const CLIENT_SECRET: &str = "client-secret-of-the-world";
/// The users (index by `u8 % 3`).
pub const USERS: [&str; 3] = ["alice", "bob", "carol"];
/// Their passwords.
pub const PASSWORDS: [&str; 3] = [
    "alice-Pa55word-world",
    "bob-Pa55word-world",
    "carol-Pa55word-world",
];
/// A new password (`confirmResetPassword`, `updatePassword`, `NEW_PASSWORD_REQUIRED`).
pub const NEW_PASSWORD: &str = "N3w-Pa55word-of-the-world";
/// The identity pool's secret key and session token.
pub const AWS_SECRET: &str = "aws-secret-key-of-the-world";
const ID_POOL: &str = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const START_MS: i64 = 1_772_528_707_000;

/// A user command.
#[derive(Debug, Clone, Copy)]
pub enum Cmd {
    SignInSrp(u8),
    SignInPassword(u8),
    SignInCustom(u8),
    SignInUserAuth(u8),
    SignInPasskey(u8),
    /// `confirmSignIn` with one of a few answers (codes, selections, a new password).
    Confirm(u8),
    Fetch,
    ForceFetch,
    SignOut,
    GlobalSignOut,
    GetCurrentUser,
    FetchUserAttributes,
    UpdatePassword,
    SetUpTotp,
    FetchDevices,
    DeleteUser,
    UpdateAttributes,
    RememberDevice,
    ForgetDevice,
    SignUp(u8),
    ConfirmSignUp(u8),
    AutoSignIn,
    ResetPassword(u8),
    ConfirmResetPassword(u8),
    Export,
    /// `importSignInState` with the last exported state (or garbage).
    Import,
    Redirect,
    /// `handleOAuthCallback` with the stored state (true) or a forged one.
    Callback(bool),
}

/// An answer to a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A well-formed success; the number picks among the plausible ones.
    Ok(u8),
    /// One of [`FAULTS`].
    Fault(u8),
    /// Anything.
    Raw(u16, String),
}

/// What another tab does to the shared storage (then the change event arrives).
#[derive(Debug, Clone, Copy)]
pub enum Tab {
    /// Signs in as this user.
    SignIn(u8),
    /// Refreshes the current user's tokens.
    Refresh,
    /// Signs out.
    SignOut,
    /// Tampers with the current user's access token (garbage, truncated, empty, another
    /// user's, bad base64).
    TamperAccess(u8),
    /// Tampers with the id token (the same ways).
    TamperId(u8),
    /// Deletes the refresh token.
    DropRefresh,
    /// Writes a session for another app client.
    OtherClient,
    /// Half-way through writing a sign-in: an access token, no `LastAuthUser` yet.
    Partial(u8),
    /// `LastAuthUser` names a user without tokens.
    Nobody,
    /// A clock drift that is not a number, or absurd.
    Drift(u8),
}

/// One step.
#[derive(Debug, Clone)]
pub enum Action {
    Cmd(Cmd),
    /// Answers the pending request picked (modulo their number).
    Answer(u8, Reply),
    /// Answers a request that was already answered, or (when none was) one never issued.
    Stale(u8, Reply),
    /// Finishes the WebAuthn ceremony picked: the credential, or the user cancels.
    Ceremony(u8, bool),
    /// Answers the delayed storage load picked.
    Load(u8),
    /// Storage loads wait for `Load` (true) or are answered at once (false).
    DelayLoads(bool),
    Tab(Tab),
    /// The clock moves by this many milliseconds (backwards too).
    Time(i64),
    /// The page reloads: a new machine over the same storage; what was in flight is lost.
    Reload,
}

/// Faulty answers: `(status, headers, body)`, or a transport failure (status 0).
pub const FAULTS: [(u16, &str, &str); 20] = [
    (0, "", "network"),
    (0, "", "timeout"),
    (500, "", "<!doctype html><title>500</title>"),
    (
        503,
        "",
        r#"{"__type":"ServiceUnavailable","message":"later"}"#,
    ),
    (
        429,
        "",
        r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
    ),
    (
        400,
        "",
        r#"{"__type":"NotAuthorizedException","message":"Refresh Token has expired"}"#,
    ),
    (
        400,
        "",
        r#"{"__type":"UserNotConfirmedException","message":"not confirmed"}"#,
    ),
    (
        400,
        "",
        r#"{"__type":"CodeMismatchException","message":"wrong code"}"#,
    ),
    (
        400,
        "",
        r#"{"__type":"ExpiredCodeException","message":"expired"}"#,
    ),
    (
        400,
        "",
        r#"{"__type":"ResourceNotFoundException","message":"gone"}"#,
    ),
    (400, "", r#"{"__type":"UnknownOperationException"}"#),
    (400, "", r#"{"__type":"RefreshTokenReuseException"}"#),
    (400, "x-amzn-errortype", "PasswordResetRequiredException:"),
    (200, "", "{}"),
    (200, "", r#"{"AuthenticationResult":5}"#),
    (200, "", r#"{"AuthenticationResult":{"AccessTok"#),
    (200, "", r#"{"ChallengeName":"SURPRISE","Session":"x"}"#),
    (200, "", ""),
    (200, "", "[]"),
    (
        200,
        "",
        r#"{"AuthenticationResult":{"AccessToken":"a.!!.c"},"IdentityId":5,"access_token":"x.e30"}"#,
    ),
];

/// Clock jumps for decoders: small steps, an hour, backwards, far away.
pub const JUMPS: [i64; 10] = [
    1_000,
    30_000,
    4 * 60_000,
    3_600_000,
    2 * 3_600_000,
    -60_000,
    -2 * 3_600_000,
    100 * 365 * 86_400_000,
    -100 * 365 * 86_400_000,
    8_640_000_000_000_000,
];

fn b64url(bytes: &[u8]) -> String {
    cognito_headless::srp::base64_encode(bytes)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

fn jwt(claims: Value) -> String {
    format!(
        "{}.{}.c2ln",
        b64url(br#"{"alg":"RS256"}"#),
        b64url(claims.to_string().as_bytes())
    )
}

/// The host, its storage and network, and what was observed.
pub struct World {
    pub machine: AuthMachine,
    pub now: i64,
    pub storage: BTreeMap<String, String>,
    pub pending: Vec<(RequestId, HttpRequest)>,
    pub answered: Vec<RequestId>,
    pub ceremonies: Vec<RequestId>,
    pub loads: Vec<(RequestId, Vec<String>)>,
    pub delay_loads: bool,
    /// Operations of the current page and how often each completed.
    pub ops: BTreeMap<OpId, u32>,
    /// Everything that must never appear in a snapshot, `Debug`, an error or an event.
    pub secrets: Vec<String>,
    /// Another tab changed the session while this machine was busy and it has not
    /// re-read it since (it follows only from a settled state, by design).
    pub foreign: bool,
    /// The last `exportSignInState` output.
    pub exported: Option<String>,
    keys: StorageKeys,
    next_op: OpId,
    serial: u64,
    /// Errors and events seen, for the secret scan (rendered).
    log: String,
    checks: u64,
    /// The cross-tab refresh lock (Web Locks): the id holding it and those waiting.
    pub lock_held: Option<RequestId>,
    pub lock_waiting: Vec<RequestId>,
    locks_requested: Vec<RequestId>,
    refresh_lock: bool,
    /// How much of `log` the secret scan has read (later secrets cannot be in earlier text).
    log_scanned: usize,
    loads_seen: u64,
    /// What happened, by kind (requests by operation, events, outcomes): shows that a
    /// generator reaches the interesting states.
    pub stats: BTreeMap<String, u64>,
}

fn config(refresh_lock: bool) -> Config {
    bridge::from_value(json!({
        "refreshLock": refresh_lock,
        "userPoolId": "us-east-1_World",
        "userPoolClientId": CLIENT_ID,
        "userPoolClientSecret": CLIENT_SECRET,
        "identityPoolId": ID_POOL,
        "allowGuestAccess": true,
        "oauth": {"domain": "auth.example.com", "scopes": ["openid"],
            "redirectSignIn": "https://app.example.com/", "redirectSignOut": "https://app.example.com/"},
    }))
    .expect("config")
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

impl World {
    /// A started machine over empty storage.
    pub fn new() -> World {
        World::starting(None)
    }

    /// A started machine over a storage holding `user`'s session (another page signed in
    /// earlier), or empty.
    pub fn starting(user: Option<u8>) -> World {
        World::with(user, false)
    }

    /// Like [`World::starting`], with the cross-tab refresh lock on or off.
    pub fn with(user: Option<u8>, refresh_lock: bool) -> World {
        let mut secrets: Vec<String> = PASSWORDS.iter().map(|s| (*s).to_owned()).collect();
        secrets.extend([NEW_PASSWORD, CLIENT_SECRET, AWS_SECRET].map(str::to_owned));
        let mut world = World {
            machine: AuthMachine::new(config(refresh_lock)).expect("machine"),
            now: START_MS,
            storage: BTreeMap::new(),
            pending: Vec::new(),
            answered: Vec::new(),
            ceremonies: Vec::new(),
            loads: Vec::new(),
            delay_loads: false,
            ops: BTreeMap::new(),
            secrets,
            foreign: false,
            exported: None,
            keys: StorageKeys::new(CLIENT_ID),
            next_op: 1,
            serial: 0,
            log: String::new(),
            checks: 0,
            log_scanned: 0,
            lock_held: None,
            lock_waiting: Vec::new(),
            locks_requested: Vec::new(),
            refresh_lock,
            loads_seen: 0,
            stats: BTreeMap::new(),
        };
        if let Some(n) = user {
            // Written the way another tab would, then this page loads.
            world.delay_loads = true;
            world.tab(Tab::SignIn(n));
            world.loads.clear();
            world.delay_loads = false;
            world.reload();
        } else {
            world.input(Input::Start);
        }
        world
    }

    /// Feeds one input and carries out what the machine asks.
    pub fn input(&mut self, input: Input) {
        self.machine.handle(self.now, input);
        self.drain_effects();
    }

    fn drain_effects(&mut self) {
        while let Some(effect) = self.machine.poll_effect() {
            match effect {
                Effect::Http { id, request, .. } => {
                    let target = request.header("x-amz-target").unwrap_or("oauth2/token");
                    let mut name = format!("request {}", target.rsplit('.').next().unwrap_or(""));
                    if request.body.expose().contains("\"PASSWORD_VERIFIER\"") {
                        name.push_str(" PASSWORD_VERIFIER");
                    }
                    self.stat(name);
                    self.pending.push((id, request));
                }
                Effect::Load { id, keys } => {
                    self.loads_seen += 1;
                    if self.delay_loads {
                        self.loads.push((id, keys));
                    } else {
                        self.answer_load(id, keys);
                    }
                }
                Effect::Store { key, value } => {
                    if key == self.keys.last_auth_user() {
                        self.foreign = false;
                    }
                    self.storage.insert(key, value.expose().to_owned());
                }
                Effect::Remove { key } => {
                    if key == self.keys.last_auth_user() {
                        self.foreign = false;
                    }
                    self.storage.remove(&key);
                }
                Effect::Emit { event, .. } => {
                    let name = format!("{event:?}");
                    self.stat(format!(
                        "event {}",
                        name.split(['(', ' ', '{']).next().unwrap_or("")
                    ));
                    self.log.push_str(&format!(
                        "{event:?}\n{}\n",
                        cognito_headless::json::to_string(&event)
                    ));
                }
                Effect::Complete { op, result } => {
                    let count = self.ops.entry(op).or_insert(0);
                    *count += 1;
                    assert!(*count == 1, "operation {op} completed {} times", *count);
                    self.stat(if result.is_ok() {
                        "completed ok".into()
                    } else {
                        "completed with an error".into()
                    });
                    match &result {
                        Ok(cognito_headless::machine::Output::SignInState(state)) => {
                            self.exported = Some(state.expose().to_owned());
                        }
                        Ok(_) => {}
                        Err(e) => self.log.push_str(&format!(
                            "{e}\n{e:?}\n{}\n",
                            cognito_headless::json::to_string(e)
                        )),
                    }
                }
                Effect::WebAuthn { id, .. } => self.ceremonies.push(id),
                Effect::AbortWebAuthn { id } => {
                    // Only ever a ceremony it asked for; the host may still answer it (a
                    // real one does, with `PasskeyOperationAborted`), and that is ignored.
                    assert!(
                        self.ceremonies.contains(&id),
                        "abort of ceremony {id}, never requested"
                    );
                    self.stat("ceremony aborted".into());
                }
                Effect::Lock { id, .. } => {
                    self.stat("lock requested".into());
                    self.locks_requested.push(id);
                    self.lock_waiting.push(id);
                    self.grant_lock();
                }
                Effect::Unlock { id } => {
                    if self.lock_held == Some(id) {
                        self.lock_held = None;
                        self.grant_lock();
                    } else {
                        // Released before it was granted (the request is withdrawn), or
                        // released again (a no-op for the host); never an unknown id.
                        self.lock_waiting.retain(|w| *w != id);
                        assert!(
                            self.locks_requested.contains(&id),
                            "unlock of lock {id}, never requested"
                        );
                    }
                }
                _ => {}
            }
        }
    }

    /// Hands the free lock to the oldest request.
    fn grant_lock(&mut self) {
        if self.lock_held.is_none() && !self.lock_waiting.is_empty() {
            let id = self.lock_waiting.remove(0);
            self.lock_held = Some(id);
            self.machine.handle(self.now, Input::LockAcquired { id });
        }
    }

    fn stat(&mut self, name: String) {
        *self.stats.entry(name).or_insert(0) += 1;
    }

    fn answer_load(&mut self, id: RequestId, keys: Vec<String>) {
        if keys.contains(&self.keys.last_auth_user()) {
            // A restore or resync read: the machine sees the storage as it is now.
            self.foreign = false;
        }
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

    fn random(op: OpId) -> Vec<u8> {
        (0..512u64)
            .map(|i| (op.wrapping_mul(131).wrapping_add(i.wrapping_mul(29)) % 251) as u8)
            .collect()
    }

    fn command(&mut self, command: Value) {
        let command: Command = bridge::from_value(command).expect("command shape");
        let op = self.next_op;
        self.next_op += 1;
        self.ops.insert(op, 0);
        let random = World::random(op);
        // The SRP private ephemeral comes from these bytes: they must never be printed.
        self.secrets.push(
            format!("{:?}", &random[..8])
                .trim_end_matches(']')
                .to_owned(),
        );
        self.input(Input::Command {
            op,
            command,
            random,
        });
    }

    fn user(n: u8) -> (&'static str, &'static str) {
        let i = usize::from(n) % USERS.len();
        (USERS[i], PASSWORDS[i])
    }

    fn run_cmd(&mut self, cmd: Cmd) {
        let sign_in = |n: u8, flow: &str, with_password: bool| {
            let (user, pw) = World::user(n);
            let mut c =
                json!({"type": "signIn", "username": user, "options": {"authFlowType": flow}});
            if with_password {
                c["password"] = json!(pw);
            }
            c
        };
        let command = match cmd {
            Cmd::SignInSrp(n) => sign_in(n, "USER_SRP_AUTH", true),
            Cmd::SignInPassword(n) => sign_in(n, "USER_PASSWORD_AUTH", true),
            Cmd::SignInCustom(n) => sign_in(n, "CUSTOM_WITHOUT_SRP", false),
            Cmd::SignInUserAuth(n) => sign_in(n, "USER_AUTH", false),
            Cmd::SignInPasskey(n) => {
                let mut c = sign_in(n, "USER_AUTH", false);
                c["options"]["preferredChallenge"] = json!("WEB_AUTHN");
                c
            }
            Cmd::Confirm(n) => {
                // Even: the answer the waiting step asks for (so flows get somewhere); odd:
                // any answer, right or wrong.
                let step = self
                    .machine
                    .snapshot()
                    .sign_in_step
                    .map_or("", |s| s.as_str());
                let fitting: &[&str] = match step {
                    "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION" => {
                        &["EMAIL_OTP", "PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
                    }
                    "CONTINUE_SIGN_IN_WITH_MFA_SELECTION" => &["TOTP", "SMS"],
                    "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION" => {
                        &["TOTP", "EMAIL", "a@example.com"]
                    }
                    "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" => &["a@example.com"],
                    "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED" => &[NEW_PASSWORD],
                    "CONFIRM_SIGN_IN_WITH_PASSWORD" => &[PASSWORDS[0]],
                    "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE" => &["42"],
                    _ => &["123456"],
                };
                let any = [
                    "123456",
                    "EMAIL_OTP",
                    "PASSWORD",
                    "PASSWORD_SRP",
                    "TOTP",
                    "SMS",
                    NEW_PASSWORD,
                    PASSWORDS[0],
                    "a@example.com",
                    "WEB_AUTHN",
                    "",
                ];
                let k = usize::from(n / 2);
                let answer = if n % 2 == 0 {
                    fitting[k % fitting.len()]
                } else {
                    any[k % any.len()]
                };
                json!({"type": "confirmSignIn", "challengeResponse": answer})
            }
            Cmd::Fetch => json!({"type": "fetchAuthSession"}),
            Cmd::ForceFetch => json!({"type": "fetchAuthSession", "forceRefresh": true}),
            Cmd::SignOut => json!({"type": "signOut"}),
            Cmd::GlobalSignOut => json!({"type": "signOut", "global": true}),
            Cmd::GetCurrentUser => json!({"type": "getCurrentUser"}),
            Cmd::FetchUserAttributes => json!({"type": "fetchUserAttributes"}),
            Cmd::UpdatePassword => {
                json!({"type": "updatePassword", "oldPassword": PASSWORDS[0], "newPassword": NEW_PASSWORD})
            }
            Cmd::SetUpTotp => json!({"type": "setUpTOTP"}),
            Cmd::FetchDevices => json!({"type": "fetchDevices"}),
            Cmd::DeleteUser => json!({"type": "deleteUser"}),
            Cmd::UpdateAttributes => {
                json!({"type": "updateUserAttributes", "userAttributes": {"email": "b@example.com"}})
            }
            Cmd::RememberDevice => json!({"type": "rememberDevice"}),
            Cmd::ForgetDevice => json!({"type": "forgetDevice"}),
            Cmd::SignUp(n) => {
                let (user, pw) = World::user(n);
                json!({"type": "signUp", "username": user, "password": pw, "options": {"autoSignIn": n % 2 == 0}})
            }
            Cmd::ConfirmSignUp(n) => {
                json!({"type": "confirmSignUp", "username": World::user(n).0, "confirmationCode": "123456"})
            }
            Cmd::AutoSignIn => json!({"type": "autoSignIn"}),
            Cmd::ResetPassword(n) => json!({"type": "resetPassword", "username": World::user(n).0}),
            Cmd::ConfirmResetPassword(n) => {
                json!({"type": "confirmResetPassword", "username": World::user(n).0,
                "newPassword": NEW_PASSWORD, "confirmationCode": "123456"})
            }
            Cmd::Export => json!({"type": "exportSignInState"}),
            Cmd::Import => json!({"type": "importSignInState",
                "state": self.exported.clone().unwrap_or_else(|| "{\"version\":1}".into())}),
            Cmd::Redirect => json!({"type": "signInWithRedirect", "provider": "Google"}),
            Cmd::Callback(valid) => {
                let state = if valid {
                    self.storage
                        .get(&self.keys.client("oauthState"))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    "forged".to_owned()
                };
                json!({"type": "handleOAuthCallback", "url": format!("https://app.example.com/?code=c0de&state={state}")})
            }
        };
        self.command(command);
    }

    fn serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    /// A fresh token set for `user` issued `age_s` seconds ago: `(access, id, refresh)`.
    fn tokens(&mut self, user: &str, age_s: i64) -> (String, String, String) {
        let n = self.serial();
        let iat = self.now.div_euclid(1000) - age_s;
        let sub = format!("sub-{user}");
        let access = jwt(
            json!({"sub": sub, "username": user, "iat": iat, "exp": iat + 3600,
            "token_use": "access", "client_id": CLIENT_ID, "origin_jti": format!("jti-{n}"), "jti": n}),
        );
        let id = jwt(
            json!({"sub": sub, "cognito:username": user, "iat": iat, "exp": iat + 3600,
            "token_use": "id", "aud": CLIENT_ID, "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_World",
            "jti": n}),
        );
        let refresh = format!("rt-{user}-{n}-of-the-world");
        self.secrets
            .extend([access.clone(), id.clone(), refresh.clone()]);
        (access, id, refresh)
    }

    fn auth_result(&mut self, user: &str, variant: u8, with_refresh: bool, device: bool) -> Value {
        let age = [0, 3000, 7200][usize::from(variant) % 3];
        let (access, id, refresh) = self.tokens(user, age);
        let mut result =
            json!({"AccessToken": access, "IdToken": id, "ExpiresIn": 3600, "TokenType": "Bearer"});
        if with_refresh {
            result["RefreshToken"] = json!(refresh);
        }
        if device {
            result["NewDeviceMetadata"] = json!({"DeviceKey": format!("us-east-1_dev{}", self.serial),
                "DeviceGroupKey": "-grp"});
        }
        json!({"AuthenticationResult": result, "ChallengeParameters": {}})
    }

    fn session(&mut self) -> String {
        let s = format!("challenge-session-{}-of-the-world", self.serial());
        self.secrets.push(s.clone());
        s
    }

    fn challenge(&mut self, name: &str, params: Value) -> Value {
        json!({"ChallengeName": name, "Session": self.session(), "ChallengeParameters": params})
    }

    fn user_of_refresh(token: &str) -> String {
        token
            .strip_prefix("rt-")
            .and_then(|r| r.split('-').next())
            .unwrap_or("alice")
            .to_owned()
    }

    /// A plausible successful answer to `request`.
    fn success(&mut self, request: &HttpRequest, v: u8) -> String {
        let op = request
            .header("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("oauth2/token")
            .to_owned();
        let body: Value = serde_json::from_str(request.body.expose()).unwrap_or(Value::Null);
        let params = &body["AuthParameters"];
        let answers = &body["ChallengeResponses"];
        let user = params["USERNAME"]
            .as_str()
            .or(answers["USERNAME"].as_str())
            .unwrap_or("alice")
            .to_owned();
        let verifier = |w: &mut World, user: &str| {
            let session = w.session();
            json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": session, "ChallengeParameters": {
                "SALT": "a1b2c3d4", "SRP_B": "1f2e3d4c5b6a79881f2e3d4c5b6a7988", "SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
                "USERNAME": user, "USER_ID_FOR_SRP": user}})
        };
        let out = match op.as_str() {
            "InitiateAuth" => match body["AuthFlow"].as_str().unwrap_or("") {
                "REFRESH_TOKEN_AUTH" => {
                    let user = World::user_of_refresh(params["REFRESH_TOKEN"].as_str().unwrap_or(""));
                    self.auth_result(&user, v, false, false)
                }
                _ if body.get("Session").is_some() => self.auth_result(&user, v, true, false),
                "USER_SRP_AUTH" | "CUSTOM_AUTH" if params.get("SRP_A").is_some() => match v % 4 {
                    0 | 3 => verifier(self, &user),
                    1 => self.auth_result(&user, v, true, false),
                    _ => self.challenge("SMS_MFA", json!({"CODE_DELIVERY_DESTINATION": "+***9"})),
                },
                "USER_PASSWORD_AUTH" => match v % 8 {
                    0 => self.auth_result(&user, v, true, false),
                    1 => self.challenge("SMS_MFA", json!({})),
                    2 => self.challenge("SOFTWARE_TOKEN_MFA", json!({})),
                    3 => self.challenge("NEW_PASSWORD_REQUIRED", json!({"requiredAttributes": "[]"})),
                    4 => self.challenge("SELECT_MFA_TYPE", json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"})),
                    5 => self.challenge("MFA_SETUP", json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"})),
                    6 => self.auth_result(&user, v, true, true),
                    _ => self.challenge("DEVICE_SRP_AUTH", json!({})),
                },
                "CUSTOM_AUTH" => match v % 2 {
                    0 => self.auth_result(&user, v, true, false),
                    _ => self.challenge("CUSTOM_CHALLENGE", json!({"question": "?"})),
                },
                "USER_AUTH" => match (params["PREFERRED_CHALLENGE"].as_str(), v % 4) {
                    (Some("WEB_AUTHN"), _) | (None, 3) => self.challenge("WEB_AUTHN", json!({
                        "CREDENTIAL_REQUEST_OPTIONS": r#"{"challenge":"Y2g","rpId":"example.com"}"#})),
                    (_, 0) => {
                        let session = self.session();
                        json!({"ChallengeName": "SELECT_CHALLENGE", "Session": session,
                            "AvailableChallenges": ["EMAIL_OTP", "PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]})
                    }
                    (_, 1) => self.challenge("EMAIL_OTP", json!({})),
                    _ => self.auth_result(&user, v, true, false),
                },
                _ => self.auth_result(&user, v, true, false),
            },
            "RespondToAuthChallenge" => match (body["ChallengeName"].as_str().unwrap_or(""), answers["ANSWER"].as_str()) {
                ("SELECT_CHALLENGE", Some("PASSWORD_SRP")) => verifier(self, &user),
                ("SELECT_CHALLENGE", Some("EMAIL_OTP")) => self.challenge("EMAIL_OTP", json!({})),
                ("SELECT_CHALLENGE", Some("WEB_AUTHN")) => self.challenge("WEB_AUTHN", json!({
                    "CREDENTIAL_REQUEST_OPTIONS": r#"{"challenge":"Y2g"}"#})),
                ("DEVICE_SRP_AUTH", _) => self.challenge("DEVICE_PASSWORD_VERIFIER", json!({
                    "SALT": "a1b2", "SRP_B": "5f5e5d", "SECRET_BLOCK": "c2Vj", "USERNAME": user})),
                _ => match v % 4 {
                    3 => self.challenge("SMS_MFA", json!({})),
                    _ => self.auth_result(&user, v, true, v % 4 == 2),
                },
            },
            "GetTokensFromRefreshToken" => {
                let user = World::user_of_refresh(body["RefreshToken"].as_str().unwrap_or(""));
                self.auth_result(&user, v, v % 2 == 0, false)
            }
            "SignUp" => json!({"UserConfirmed": v % 2 == 1, "UserSub": "sub-new", "Session": self.session(),
                "CodeDeliveryDetails": {"DeliveryMedium": "EMAIL", "Destination": "a***@e***"}}),
            "ConfirmSignUp" => json!({"Session": self.session()}),
            "ForgotPassword" | "ResendConfirmationCode" | "GetUserAttributeVerificationCode" =>
                json!({"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL", "Destination": "a***@e***"}}),
            "AssociateSoftwareToken" => json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": self.session()}),
            "VerifySoftwareToken" => json!({"Status": "SUCCESS", "Session": self.session()}),
            "GetUser" => json!({"Username": user, "UserAttributes": [{"Name": "sub", "Value": "s"}],
                "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"], "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"}),
            "ListDevices" => {
                let mut page = json!({"Devices": [{"DeviceKey": "k", "DeviceAttributes": [{"Name": "device_name", "Value": "x"}]}]});
                if v % 2 == 1 {
                    page["PaginationToken"] = json!(format!("p{}", self.serial()));
                }
                page
            }
            "StartWebAuthnRegistration" => json!({"CredentialCreationOptions": {"challenge": "Yw", "rp": {"id": "example.com"}}}),
            "ListWebAuthnCredentials" => json!({"Credentials": [{"CredentialId": "c"}]}),
            "GetId" => json!({"IdentityId": format!("us-east-1:id-{}", self.serial())}),
            "GetCredentialsForIdentity" => json!({"IdentityId": "x", "Credentials": {"AccessKeyId": "AKIA",
                "SecretKey": AWS_SECRET, "SessionToken": AWS_SECRET, "Expiration": self.now / 1000 + 3600}}),
            "oauth2/token" => {
                let (access, id, refresh) = self.tokens("alice", 0);
                json!({"access_token": access, "id_token": id, "refresh_token": refresh, "token_type": "Bearer", "expires_in": 3600})
            }
            _ => json!({}),
        };
        out.to_string()
    }

    fn answer(&mut self, id: RequestId, request: Option<&HttpRequest>, reply: &Reply) {
        let response = |status: u16, headers: Vec<(String, String)>, body: String| {
            HttpOutcome::Response(HttpResponse {
                status,
                headers,
                body: body.into(),
            })
        };
        let outcome = match reply {
            Reply::Ok(v) => match request {
                Some(r) => response(200, vec![], self.success(r, *v)),
                None => response(200, vec![], "{}".into()),
            },
            Reply::Fault(i) => {
                let (status, header, body) = FAULTS[usize::from(*i) % FAULTS.len()];
                match (status, body) {
                    (0, "network") => HttpOutcome::Failure(TransportError::Network {
                        message: "offline".into(),
                    }),
                    (0, _) => HttpOutcome::Failure(TransportError::Timeout),
                    (_, _) if !header.is_empty() => {
                        response(status, vec![(header.into(), body.into())], String::new())
                    }
                    _ => response(status, vec![], body.into()),
                }
            }
            Reply::Raw(status, body) => response(*status, vec![], body.clone()),
        };
        self.answered.push(id);
        self.input(Input::HttpResult { id, outcome });
    }

    fn session_keys(&self, user: &str) -> Vec<String> {
        [
            "accessToken",
            "idToken",
            "refreshToken",
            "clockDrift",
            "signInDetails",
        ]
        .iter()
        .map(|k| self.keys.user(user, k))
        .collect()
    }

    fn current_user(&self) -> Option<String> {
        self.storage.get(&self.keys.last_auth_user()).cloned()
    }

    /// Another tab writes, then the change event arrives.
    fn tab(&mut self, tab: Tab) {
        let key = match tab {
            Tab::SignIn(n) => {
                let user = World::user(n).0;
                let (access, id, refresh) = self.tokens(user, 0);
                for (k, v) in [
                    ("accessToken", access),
                    ("idToken", id),
                    ("refreshToken", refresh),
                    ("clockDrift", "0".to_owned()),
                    (
                        "signInDetails",
                        format!(r#"{{"loginId":"{user}","authFlowType":"USER_SRP_AUTH"}}"#),
                    ),
                ] {
                    self.storage.insert(self.keys.user(user, k), v);
                }
                self.storage
                    .insert(self.keys.last_auth_user(), user.to_owned());
                self.keys.last_auth_user()
            }
            Tab::Refresh => {
                let Some(user) = self.current_user() else {
                    return;
                };
                let (access, id, _) = self.tokens(&user, 0);
                self.storage
                    .insert(self.keys.user(&user, "accessToken"), access);
                self.storage.insert(self.keys.user(&user, "idToken"), id);
                self.keys.user(&user, "accessToken")
            }
            Tab::SignOut => {
                let Some(user) = self.current_user() else {
                    return;
                };
                for k in self.session_keys(&user) {
                    self.storage.remove(&k);
                }
                self.storage.remove(&self.keys.last_auth_user());
                self.keys.user(&user, "refreshToken")
            }
            Tab::TamperAccess(k) | Tab::TamperId(k) => {
                let Some(user) = self.current_user() else {
                    return;
                };
                let name = if matches!(tab, Tab::TamperAccess(_)) {
                    "accessToken"
                } else {
                    "idToken"
                };
                let key = self.keys.user(&user, name);
                let old = self.storage.get(&key).cloned().unwrap_or_default();
                let value = match k % 5 {
                    0 => "not a jwt".to_owned(),
                    1 => old.chars().take(old.len() / 2).collect(),
                    2 => String::new(),
                    3 => {
                        // Another user's token under this user's key: a mixed set.
                        let other = if user == "bob" { "carol" } else { "bob" };
                        let (access, id, _) = self.tokens(other, 0);
                        if name == "accessToken" {
                            access
                        } else {
                            id
                        }
                    }
                    _ => "eyJ.!!!.x".to_owned(),
                };
                self.storage.insert(key.clone(), value);
                key
            }
            Tab::DropRefresh => {
                let Some(user) = self.current_user() else {
                    return;
                };
                let key = self.keys.user(&user, "refreshToken");
                self.storage.remove(&key);
                key
            }
            Tab::OtherClient => {
                let (access, ..) = self.tokens("eve", 0);
                let key = "CognitoIdentityServiceProvider.otherclient.eve.accessToken".to_owned();
                self.storage.insert(key.clone(), access);
                self.storage.insert(
                    "CognitoIdentityServiceProvider.otherclient.LastAuthUser".into(),
                    "eve".into(),
                );
                key
            }
            Tab::Partial(n) => {
                let user = World::user(n).0;
                let (access, ..) = self.tokens(user, 0);
                let key = self.keys.user(user, "accessToken");
                self.storage.insert(key.clone(), access);
                key
            }
            Tab::Nobody => {
                self.storage
                    .insert(self.keys.last_auth_user(), "nobody".into());
                self.keys.last_auth_user()
            }
            Tab::Drift(k) => {
                let Some(user) = self.current_user() else {
                    return;
                };
                let key = self.keys.user(&user, "clockDrift");
                let value = ["NaN", "1e300", "-1e300", "", "12abc", "-3600000"][usize::from(k) % 6];
                self.storage.insert(key.clone(), value.into());
                key
            }
        };
        let loads_before = self.loads_seen;
        self.input(Input::StorageChanged { key: key.clone() });
        let followed = self.loads_seen > loads_before;
        let ours = key.starts_with(&self.keys.client(""))
            && ["LastAuthUser", ".accessToken", ".idToken", ".refreshToken"]
                .iter()
                .any(|s| key.ends_with(s));
        if ours && !followed {
            self.foreign = true;
        }
        self.stat(if followed {
            "another tab: followed".into()
        } else {
            "another tab: not (yet) followed".into()
        });
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: &Action) {
        match action {
            Action::Cmd(cmd) => self.run_cmd(*cmd),
            Action::Answer(pick, reply) => {
                if self.pending.is_empty() {
                    return;
                }
                let (id, request) = self.pending.remove(usize::from(*pick) % self.pending.len());
                self.answer(id, Some(&request), reply);
            }
            Action::Stale(pick, reply) => {
                let id = match self.answered.len() {
                    0 => 1_000_000 + u64::from(*pick),
                    n => self.answered[usize::from(*pick) % n],
                };
                self.answer(id, None, reply);
            }
            Action::Ceremony(pick, ok) => {
                if self.ceremonies.is_empty() {
                    return;
                }
                let id = self
                    .ceremonies
                    .remove(usize::from(*pick) % self.ceremonies.len());
                self.ceremony(id, *ok);
            }
            Action::Load(pick) => {
                if self.loads.is_empty() {
                    return;
                }
                let (id, keys) = self.loads.remove(usize::from(*pick) % self.loads.len());
                self.answer_load(id, keys);
                self.drain_effects();
            }
            Action::DelayLoads(on) => {
                self.delay_loads = *on;
                if !on {
                    while !self.loads.is_empty() {
                        let (id, keys) = self.loads.remove(0);
                        self.answer_load(id, keys);
                        self.drain_effects();
                    }
                }
            }
            Action::Tab(tab) => self.tab(*tab),
            Action::Time(delta) => self.now = self.now.saturating_add(*delta),
            Action::Reload => self.reload(),
        }
    }

    fn ceremony(&mut self, id: RequestId, ok: bool) {
        let input = if ok {
            Input::WebAuthnResult {
                id,
                credential: Some(bridge::ours(&json!({"id": "Y3JlZA", "type": "public-key",
                "response": {"clientDataJSON": "e30", "signature": "c2ln"}}))),
                error: None,
            }
        } else {
            Input::WebAuthnResult {
                id,
                credential: None,
                error: bridge::from_value(json!({
                "name": "PasskeyAuthenticationCanceled", "message": "cancelled"}))
                .ok(),
            }
        };
        self.input(input);
    }

    fn reload(&mut self) {
        self.machine = AuthMachine::new(config(self.refresh_lock)).expect("machine");
        // The old page's lock goes with it.
        self.lock_held = None;
        self.lock_waiting.clear();
        self.locks_requested.clear();
        self.pending.clear();
        // The old page's answers cannot reach the new one (its ids start again at 1).
        self.answered.clear();
        self.ceremonies.clear();
        self.loads.clear();
        self.ops.clear();
        self.foreign = false;
        self.input(Input::Start);
    }

    /// The session a reload would restore from the storage right now, if any.
    pub fn restorable(&self) -> Option<StoredSession> {
        let user = self.current_user()?;
        let user = user.trim();
        if user.is_empty() {
            return None;
        }
        let values = self
            .session_keys(user)
            .into_iter()
            .map(|k| {
                let v = self.storage.get(&k).cloned();
                (k, v)
            })
            .collect();
        StoredSession::from_storage(user, &values, &self.keys).ok()
    }

    /// Refresh requests in flight, by refresh token.
    fn refreshes(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (_, request) in &self.pending {
            let target = request.header("x-amz-target").unwrap_or("");
            let body: Value = serde_json::from_str(request.body.expose()).unwrap_or(Value::Null);
            let token = if target.ends_with(".GetTokensFromRefreshToken") {
                body["RefreshToken"].as_str()
            } else if target.ends_with(".InitiateAuth") && body["AuthFlow"] == "REFRESH_TOKEN_AUTH"
            {
                body["AuthParameters"]["REFRESH_TOKEN"].as_str()
            } else {
                None
            };
            if let Some(token) = token {
                *out.entry(token.to_owned()).or_insert(0) += 1;
            }
        }
        out
    }

    /// The invariants that hold after every action.
    pub fn check(&mut self) {
        self.checks += 1;
        let snap = self.machine.snapshot();
        let snap_json = bridge::to_value(&snap).expect("snapshot");
        // At most one refresh per refresh token in flight.
        for (token, n) in self.refreshes() {
            assert!(
                n <= 1,
                "{n} refresh requests in flight for one refresh token ({})",
                token.len()
            );
        }
        // Signed in implies a complete stored session for that user (a reload restores
        // it), unless another tab changed it while this machine was busy.
        let status = snap_json["authStatus"].as_str().unwrap_or("");
        // While a storage read is outstanding the machine has not seen the storage yet.
        let settled_view = !self.foreign && self.loads.is_empty();
        self.stat(format!("checked while {status}"));
        if status == "authenticated" && settled_view {
            let user = snap_json["user"]["username"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            let session = self.restorable().unwrap_or_else(|| {
                panic!("authenticated as {user} but the stored session does not restore")
            });
            // The user shown is the stored session's: its tokens' name (`cognito:username`,
            // else `username`, as Amplify's getCurrentUser), else the name it is stored under.
            let t = &session.tokens;
            let shown =
                t.id.as_ref()
                    .and_then(|i| i.username())
                    .or_else(|| t.access.username())
                    .unwrap_or(session.username.as_str());
            assert_eq!(
                shown,
                user.as_str(),
                "authenticated as {user} but LastAuthUser is {:?}",
                self.current_user()
            );
            // Never a session mixed from two users.
            let t = &session.tokens;
            if let (Some(a), Some(i)) = (t.access.sub(), t.id.as_ref().and_then(|i| i.sub())) {
                assert_eq!(a, i, "the stored session of {user} mixes two users");
            }
        }
        // Settled and signed out with a good stored session (that this machine has seen):
        // a session was lost.
        if status == "unauthenticated"
            && !snap.is_pending
            && snap.sign_in_step.is_none()
            && settled_view
        {
            if let Some(session) = self.restorable() {
                let t = &session.tokens;
                let mixed = matches!((t.access.sub(), t.id.as_ref().and_then(|i| i.sub())), (Some(a), Some(i)) if a != i);
                assert!(
                    mixed,
                    "signed out although storage holds {}'s session",
                    session.username
                );
            }
        }
        // No secret in the snapshot, the machine's Debug, errors or events.
        let debug = format!("{:?}", self.machine);
        let snap_text = snap_json.to_string();
        let new_log = self.log.get(self.log_scanned..).unwrap_or("");
        for secret in &self.secrets {
            assert!(
                !snap_text.contains(secret.as_str()),
                "a secret in the snapshot"
            );
            assert!(
                !debug.contains(secret.as_str()),
                "a secret in the machine's Debug: {secret}"
            );
            assert!(
                !new_log.contains(secret.as_str()),
                "a secret in an error or event: {secret}"
            );
        }
        self.log_scanned = self.log.len();
    }

    /// Answers everything (successfully) until nothing is in flight, then checks that
    /// every operation of this page completed exactly once.
    pub fn finish(&mut self) {
        self.apply(&Action::DelayLoads(false));
        for round in 0.. {
            assert!(
                round < 100,
                "the machine never settles: {} requests in flight",
                self.pending.len()
            );
            if !self.ceremonies.is_empty() {
                let id = self.ceremonies.remove(0);
                self.ceremony(id, true);
            } else if !self.pending.is_empty() {
                let (id, request) = self.pending.remove(0);
                // Variant 4: tokens or a step that completes the operation, no further page.
                self.answer(id, Some(&request), &Reply::Ok(4));
            } else {
                break;
            }
            self.check();
        }
        for (op, n) in &self.ops {
            assert_eq!(*n, 1, "operation {op} completed {n} times");
        }
        assert_eq!(
            self.lock_held, None,
            "the refresh lock is still held with nothing in flight"
        );
        assert!(
            self.lock_waiting.is_empty(),
            "lock requests left waiting: {:?}",
            self.lock_waiting
        );
    }
}

/// Reads actions from bytes (the fuzz target's input): a small stack language.
pub fn decode(data: &[u8]) -> (Option<u8>, Vec<Action>) {
    // Odd first byte: start signed in (and, from 128 on, with the cross-tab refresh lock).
    let start = data.first().and_then(|b| (b % 2 == 1).then_some(*b));
    let data = data.get(1..).unwrap_or(&[]);
    let mut out = Vec::new();
    let mut i = 0;
    let mut next = || {
        let b = data.get(i).copied();
        i += 1;
        b
    };
    while let Some(op) = next() {
        let a = next().unwrap_or(0);
        let action = match op % 12 {
            0 | 1 => Action::Cmd(cmd_from(a, next().unwrap_or(0))),
            2 | 3 => Action::Answer(a, Reply::Ok(next().unwrap_or(0))),
            4 => Action::Answer(a, Reply::Fault(next().unwrap_or(0))),
            5 => {
                let status = [200u16, 400, 500][usize::from(next().unwrap_or(0)) % 3];
                let len = usize::from(next().unwrap_or(0));
                let body: Vec<u8> = (0..len).filter_map(|_| next()).collect();
                Action::Answer(
                    a,
                    Reply::Raw(status, String::from_utf8_lossy(&body).into_owned()),
                )
            }
            6 => Action::Stale(
                a,
                if next().unwrap_or(0) % 2 == 0 {
                    Reply::Ok(a)
                } else {
                    Reply::Fault(a)
                },
            ),
            7 => Action::Ceremony(a, a % 3 != 0),
            8 => {
                if a % 4 == 0 {
                    Action::DelayLoads(a % 8 == 0)
                } else {
                    Action::Load(a)
                }
            }
            9 => Action::Tab(tab_from(a, next().unwrap_or(0))),
            10 => Action::Time(JUMPS[usize::from(a) % JUMPS.len()]),
            _ => {
                if a % 8 == 0 {
                    Action::Reload
                } else {
                    Action::Answer(a, Reply::Ok(a))
                }
            }
        };
        out.push(action);
    }
    (start, out)
}

/// The command numbered `k`, with argument `n`.
pub fn cmd_from(k: u8, n: u8) -> Cmd {
    match k % 28 {
        0 => Cmd::SignInSrp(n),
        1 => Cmd::SignInPassword(n),
        2 => Cmd::SignInCustom(n),
        3 => Cmd::SignInUserAuth(n),
        4 => Cmd::SignInPasskey(n),
        5 => Cmd::Confirm(n),
        6 => Cmd::Fetch,
        7 => Cmd::ForceFetch,
        8 => Cmd::SignOut,
        9 => Cmd::GlobalSignOut,
        10 => Cmd::GetCurrentUser,
        11 => Cmd::FetchUserAttributes,
        12 => Cmd::UpdatePassword,
        13 => Cmd::SetUpTotp,
        14 => Cmd::FetchDevices,
        15 => Cmd::DeleteUser,
        16 => Cmd::UpdateAttributes,
        17 => Cmd::RememberDevice,
        18 => Cmd::ForgetDevice,
        19 => Cmd::SignUp(n),
        20 => Cmd::ConfirmSignUp(n),
        21 => Cmd::AutoSignIn,
        22 => Cmd::ResetPassword(n),
        23 => Cmd::ConfirmResetPassword(n),
        24 => Cmd::Export,
        25 => Cmd::Import,
        26 => Cmd::Redirect,
        _ => Cmd::Callback(n % 4 != 0),
    }
}

/// The other-tab action numbered `k`, with argument `n`.
pub fn tab_from(k: u8, n: u8) -> Tab {
    match k % 10 {
        0 => Tab::SignIn(n),
        1 => Tab::Refresh,
        2 => Tab::SignOut,
        3 => Tab::TamperAccess(n),
        4 => Tab::TamperId(n),
        5 => Tab::DropRefresh,
        6 => Tab::OtherClient,
        7 => Tab::Partial(n),
        8 => Tab::Nobody,
        _ => Tab::Drift(n),
    }
}

/// The whole-machine fuzz target: run the actions, check after each, drain at the end.
pub fn run(start: Option<u8>, actions: &[Action]) {
    // Start values above 127 turn the cross-tab refresh lock on.
    let mut world = World::with(start.map(|s| s % 128), start.is_some_and(|s| s >= 128));
    world.check();
    for action in actions {
        world.apply(action);
        world.check();
    }
    world.finish();
}
