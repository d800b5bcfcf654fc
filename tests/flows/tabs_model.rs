//! A model-based test of session integrity across tabs: two or three machines over one
//! shared storage (storage-change notifications delivered late and in any order), a
//! cross-tab lock service and a small Cognito model, driven by random schedules of commands
//! (sign in as A or B, sign out, `fetchAuthSession`, forced refresh, account calls) and
//! server answers (delayed, reordered, failing, 5xx, rejected).
//!
//! Checked after every step:
//! - tokens and `LastAuthUser` change only through a sign-in, a sign-out or a refresh of
//!   that same user (a refresh writes only while storage still holds its session);
//! - once a sign-out has cleared the session and no sign-in follows, no tab writes tokens;
//! - a device key is only written under the user whose sign-in produced it, and a sign-in
//!   only sends its own user's device key;
//! - every operation completes at most once;
//!
//! and at quiescence (every notification delivered, every request answered): every
//! operation completed exactly once and every tab shows the stored user.
//!
//! A failing schedule is shrunk (actions removed one at a time while it still fails) and
//! printed as a replayable Rust value. `MODEL_SCHEDULES` sets the count (10,000 natively by
//! default, 150 on wasm; `make model` runs more), `MODEL_SEED` the first seed.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::bridge::from_value;
use crate::support::{jwt, last_user_key, CLIENT_ID};
use cognito_headless::cognito::{HttpRequest, HttpResponse, TransportError};
use cognito_headless::machine::{AuthMachine, Command, Config, Effect, HttpOutcome, Input};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};

const START_MS: i64 = 1_772_528_707_000;
const USERS: [&str; 2] = ["alice", "bob"];
const TOKEN_NAMES: [&str; 3] = ["accessToken", "idToken", "refreshToken"];

/// What one tab is asked to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    /// Sign in as `USERS[i]` with `USER_PASSWORD_AUTH`.
    SignIn(usize),
    SignOut,
    Fetch,
    ForceRefresh,
    /// `fetchUserAttributes` (an account call that waits for valid tokens).
    Attributes,
}

/// How a request is answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reply {
    /// What the model Cognito says.
    Serve,
    /// The network failed.
    Offline,
    /// An HTML 500.
    Html500,
    /// `NotAuthorizedException`.
    Reject,
}

/// One step of a schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Tab `tab` runs a command.
    Command { tab: usize, cmd: Cmd },
    /// The `nth` (modulo) unanswered request of `tab` is answered.
    Answer {
        tab: usize,
        nth: usize,
        reply: Reply,
    },
    /// The `nth` (modulo) storage notification waiting for `tab` is delivered.
    Notify { tab: usize, nth: usize },
    /// The lock service hands the lock to the next waiter, if it is free.
    Grant,
    /// The clock moves 31 minutes on (tokens live 60).
    Tick,
}

/// A whole schedule: what `run` replays.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub tabs: usize,
    pub lock: bool,
    pub devices: bool,
    pub actions: Vec<Action>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A random schedule from `seed`.
pub fn schedule(seed: u64) -> Schedule {
    let mut rng = Rng(seed);
    let tabs = 2 + rng.below(2);
    let lock = rng.below(4) != 0;
    let devices = rng.below(8) == 0;
    let len = 10 + rng.below(50);
    let mut actions = Vec::with_capacity(len);
    for _ in 0..len {
        let tab = rng.below(tabs);
        let action = match rng.below(20) {
            0..=5 => {
                let cmd = match rng.below(9) {
                    0 | 1 => Cmd::SignIn(rng.below(2)),
                    2 => Cmd::SignOut,
                    3..=5 => Cmd::Fetch,
                    6 => Cmd::ForceRefresh,
                    _ => Cmd::Attributes,
                };
                Action::Command { tab, cmd }
            }
            6..=11 => {
                let reply = match rng.below(10) {
                    0 => Reply::Offline,
                    1 => Reply::Html500,
                    2 => Reply::Reject,
                    _ => Reply::Serve,
                };
                Action::Answer {
                    tab,
                    nth: rng.below(3),
                    reply,
                }
            }
            12..=15 => Action::Notify {
                tab,
                nth: rng.below(3),
            },
            16..=17 => Action::Grant,
            _ => Action::Tick,
        };
        actions.push(action);
    }
    Schedule {
        tabs,
        lock,
        devices,
        actions,
    }
}

struct Tab {
    machine: AuthMachine,
    /// The user each unsent `fetchUserAttributes` was issued for.
    attributes_for: Vec<String>,
    pending: Vec<(u64, HttpRequest)>,
    notes: Vec<String>,
    issued: Vec<u64>,
    completed: BTreeMap<u64, usize>,
    next_op: u64,
}

/// A refresh token the model Cognito issued.
struct Grant {
    user: usize,
    sign_in: u64,
    live: bool,
}

/// What the model Cognito knows.
#[derive(Default)]
struct Cognito {
    refresh: BTreeMap<String, Grant>,
    /// Device keys, by the user they were issued to.
    devices: BTreeMap<String, usize>,
    counter: u64,
}

impl Cognito {
    fn tokens(&mut self, user: usize, sign_in: u64, now_ms: i64, device: bool) -> Value {
        self.counter += 1;
        let iat = now_ms / 1000;
        let name = USERS[user];
        let sub = format!("sub-{name}");
        let access = jwt(json!({
            "sub": sub, "username": name, "iat": iat, "exp": iat + 3600,
            "token_use": "access", "client_id": CLIENT_ID,
            "origin_jti": format!("sign-in-{sign_in}"), "jti": format!("j{}", self.counter),
        }));
        let id = jwt(json!({
            "sub": sub, "cognito:username": name, "iat": iat, "exp": iat + 3600,
            "token_use": "id", "aud": CLIENT_ID, "jti": format!("i{}", self.counter),
        }));
        let refresh = format!("rt-{name}-{}", self.counter);
        self.refresh.insert(
            refresh.clone(),
            Grant {
                user,
                sign_in,
                live: true,
            },
        );
        let mut result = json!({
            "AccessToken": access, "IdToken": id, "RefreshToken": refresh,
            "ExpiresIn": 3600, "TokenType": "Bearer",
        });
        if device {
            let key = format!("us-east-1_{name}-device-{}", self.counter);
            self.devices.insert(key.clone(), user);
            result["NewDeviceMetadata"] = json!({"DeviceKey": key, "DeviceGroupKey": "-group"});
        }
        json!({ "AuthenticationResult": result, "ChallengeParameters": {} })
    }

    /// The answer to `request`, and what the checker needs to know about it.
    fn serve(&mut self, request: &HttpRequest, now_ms: i64, devices: bool) -> (u16, Value) {
        let target = request.header("x-amz-target").unwrap_or("");
        let op = target.rsplit('.').next().unwrap_or("");
        let body: Value = serde_json::from_str(request.body.expose()).unwrap_or(Value::Null);
        let rejected = |m: &str| {
            (
                400,
                json!({"__type": "NotAuthorizedException", "message": m}),
            )
        };
        match op {
            "InitiateAuth" if body["AuthFlow"] == "USER_PASSWORD_AUTH" => {
                let name = body["AuthParameters"]["USERNAME"].as_str().unwrap_or("");
                let Some(user) = USERS.iter().position(|u| *u == name) else {
                    return rejected("Incorrect username or password.");
                };
                self.counter += 1;
                let sign_in = self.counter;
                let device = devices && body["AuthParameters"].get("DEVICE_KEY").is_none();
                (200, self.tokens(user, sign_in, now_ms, device))
            }
            "GetTokensFromRefreshToken" | "InitiateAuth" => {
                let token = refresh_token_of(&body).unwrap_or("");
                match self.refresh.get(token) {
                    Some(g) if g.live => {
                        let (user, sign_in) = (g.user, g.sign_in);
                        let mut out = self.tokens(user, sign_in, now_ms, false);
                        if op == "InitiateAuth" {
                            // REFRESH_TOKEN_AUTH keeps the refresh token.
                            if let Some(r) = out["AuthenticationResult"].as_object_mut() {
                                r.remove("RefreshToken");
                            }
                        }
                        (200, out)
                    }
                    _ => rejected("Refresh Token has been revoked"),
                }
            }
            "RevokeToken" => {
                let token = body["Token"].as_str().unwrap_or("");
                if let Some(sign_in) = self.refresh.get(token).map(|g| g.sign_in) {
                    for g in self.refresh.values_mut() {
                        if g.sign_in == sign_in {
                            g.live = false;
                        }
                    }
                }
                (200, json!({}))
            }
            "GetUser" => (
                200,
                json!({"Username": "x", "UserAttributes": [{"Name": "sub", "Value": "x"}]}),
            ),
            "ConfirmDevice" => (200, json!({"UserConfirmationNecessary": false})),
            _ => (
                400,
                json!({"__type": "InvalidParameterException", "message": op}),
            ),
        }
    }
}

/// The lock service (Web Locks): one name, a holder and a queue.
#[derive(Default)]
struct Locks {
    holder: Option<(usize, u64)>,
    queue: VecDeque<(usize, u64)>,
    /// Requests made while another tab held the lock: granted as handed over.
    contended: Vec<(usize, u64)>,
}

struct World {
    tabs: Vec<Tab>,
    storage: BTreeMap<String, String>,
    now: i64,
    locks: Locks,
    cognito: Cognito,
    devices: bool,
    /// A sign-out cleared the stored session and no sign-in has written since.
    cleared: bool,
    /// How often each kind of write happened (to see that schedules reach them).
    stats: BTreeMap<&'static str, u64>,
}

/// What the step being checked did, for the write rules.
enum Cause<'a> {
    /// Answered a sign-in of this user.
    SignIn(usize),
    /// Answered a refresh that carried this refresh token.
    Refresh(&'a str),
    /// Tab signed in as this user ran `signOut`.
    SignOut(Option<String>),
    /// Anything else.
    Other,
}

fn key(user: &str, name: &str) -> String {
    format!("CognitoIdentityServiceProvider.{CLIENT_ID}.{user}.{name}")
}

impl World {
    fn new(s: &Schedule) -> World {
        let cfg: Config = from_value(json!({
            "userPoolId": "us-east-1_Model", "userPoolClientId": CLIENT_ID,
            "refreshLock": s.lock,
        }))
        .expect("config");
        let mut world = World {
            tabs: Vec::new(),
            storage: BTreeMap::new(),
            now: START_MS,
            locks: Locks::default(),
            cognito: Cognito::default(),
            devices: s.devices,
            cleared: false,
            stats: BTreeMap::new(),
        };
        for _ in 0..s.tabs {
            world.tabs.push(Tab {
                machine: AuthMachine::new(cfg.clone()).expect("machine"),
                attributes_for: Vec::new(),
                pending: Vec::new(),
                notes: Vec::new(),
                issued: Vec::new(),
                completed: BTreeMap::new(),
                next_op: 1,
            });
        }
        for t in 0..s.tabs {
            world.feed(t, Input::Start).expect("start");
        }
        world
    }

    fn user_of(&self, t: usize) -> Option<String> {
        self.tabs[t]
            .machine
            .snapshot()
            .user
            .map(|u| u.username.clone())
    }

    /// Feeds one input to tab `t` and carries out its effects.
    fn feed(&mut self, t: usize, input: Input) -> Result<(), String> {
        self.tabs[t].machine.handle(self.now, input);
        while let Some(effect) = self.tabs[t].machine.poll_effect() {
            match effect {
                Effect::Http { id, request, .. } => {
                    if request
                        .header("x-amz-target")
                        .is_some_and(|h| h.ends_with(".GetUser"))
                    {
                        self.account_call_sent(t, &request)?;
                    }
                    self.tabs[t].pending.push((id, request));
                }
                Effect::Load { id, keys } => {
                    let values = keys
                        .into_iter()
                        .map(|k| {
                            let v = self.storage.get(&k).cloned();
                            (k, v)
                        })
                        .collect();
                    self.tabs[t]
                        .machine
                        .handle(self.now, Input::StorageLoaded { id, values });
                }
                Effect::Store { key, value } => {
                    self.storage.insert(key.clone(), value.expose().to_owned());
                    self.notify_others(t, key);
                }
                Effect::Remove { key } if self.storage.remove(&key).is_some() => {
                    self.notify_others(t, key);
                }
                Effect::Complete { op, .. } => {
                    let n = self.tabs[t].completed.entry(op).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        return Err(format!("tab {t}: operation {op} completed twice"));
                    }
                }
                Effect::Lock { id, .. } => {
                    if self.locks.holder.is_some() {
                        self.locks.contended.push((t, id));
                    }
                    self.locks.queue.push_back((t, id));
                }
                Effect::Unlock { id } => {
                    if self.locks.holder == Some((t, id)) {
                        self.locks.holder = None;
                    }
                    self.locks.queue.retain(|w| *w != (t, id));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// An account call runs only with the tokens of the user it was issued for.
    fn account_call_sent(&mut self, t: usize, request: &HttpRequest) -> Result<(), String> {
        let body: Value = serde_json::from_str(request.body.expose()).unwrap_or(Value::Null);
        let user = body["AccessToken"]
            .as_str()
            .and_then(jwt_claims)
            .and_then(|c| c["username"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let issued = &mut self.tabs[t].attributes_for;
        match issued.iter().position(|u| *u == user) {
            Some(i) => {
                issued.remove(i);
                Ok(())
            }
            None => Err(format!(
                "tab {t}: an account call issued for {issued:?} ran with {user}'s tokens"
            )),
        }
    }

    fn notify_others(&mut self, from: usize, key: String) {
        for (i, tab) in self.tabs.iter_mut().enumerate() {
            if i != from {
                tab.notes.push(key.clone());
            }
        }
    }

    fn command(&mut self, t: usize, cmd: Cmd) -> Result<(), String> {
        let value = match cmd {
            Cmd::SignIn(u) => json!({"type": "signIn", "username": USERS[u], "password": "pw",
                "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
            Cmd::SignOut => json!({"type": "signOut"}),
            Cmd::Fetch => json!({"type": "fetchAuthSession"}),
            Cmd::ForceRefresh => json!({"type": "fetchAuthSession", "forceRefresh": true}),
            Cmd::Attributes => json!({"type": "fetchUserAttributes"}),
        };
        let command: Command = from_value(value).map_err(|e| format!("{e:?}"))?;
        if cmd == Cmd::Attributes {
            if let Some(user) = self.user_of(t) {
                self.tabs[t].attributes_for.push(user);
            }
        }
        let tab = &mut self.tabs[t];
        let op = tab.next_op;
        tab.next_op += 1;
        tab.issued.push(op);
        self.feed(
            t,
            Input::Command {
                op,
                command,
                random: vec![9; 512],
            },
        )
    }

    fn answer(
        &mut self,
        t: usize,
        nth: usize,
        reply: Reply,
    ) -> Result<Option<HttpRequest>, String> {
        if self.tabs[t].pending.is_empty() {
            return Ok(None);
        }
        let i = nth % self.tabs[t].pending.len();
        let (id, request) = self.tabs[t].pending.remove(i);
        let outcome = match reply {
            Reply::Offline => HttpOutcome::Failure(TransportError::Network {
                message: "offline".into(),
            }),
            Reply::Html500 => HttpOutcome::Response(HttpResponse::json(500, "<html>500</html>")),
            Reply::Reject => HttpOutcome::Response(HttpResponse::json(
                400,
                r#"{"__type":"NotAuthorizedException","message":"no"}"#,
            )),
            Reply::Serve => {
                let (status, body) = self.cognito.serve(&request, self.now, self.devices);
                HttpOutcome::Response(HttpResponse::json(status, body.to_string()))
            }
        };
        self.feed(t, Input::HttpResult { id, outcome })?;
        Ok(Some(request))
    }

    fn grant(&mut self) -> Result<(), String> {
        if self.locks.holder.is_some() {
            return Ok(());
        }
        if let Some((t, id)) = self.locks.queue.pop_front() {
            self.locks.holder = Some((t, id));
            let before = self.locks.contended.len();
            self.locks.contended.retain(|w| *w != (t, id));
            if self.locks.contended.len() == before {
                return self.feed(t, Input::LockAcquired { id });
            }
            // Another tab held it: the machine waits a moment for that tab's writes (here
            // already in the shared storage) before it reads, on its own timer.
            self.feed(t, Input::LockHandedOver { id })?;
            *self.stats.entry("locks handed over").or_insert(0) += 1;
            let settle = self.now + 50;
            if self.tabs[t].machine.poll_timeout() == Some(settle) {
                self.now = settle;
                self.feed(t, Input::Timeout)?;
            }
        }
        Ok(())
    }

    fn notify(&mut self, t: usize, nth: usize) -> Result<(), String> {
        if self.tabs[t].notes.is_empty() {
            return Ok(());
        }
        let i = nth % self.tabs[t].notes.len();
        let key = self.tabs[t].notes.remove(i);
        self.feed(t, Input::StorageChanged { key })
    }

    /// Runs one action and checks the write rules against what it did.
    fn step(&mut self, action: Action) -> Result<(), String> {
        let before = self.storage.clone();
        let actor_user = match action {
            Action::Command { tab, .. } => self.user_of(tab),
            _ => None,
        };
        let mut answered: Option<(Reply, HttpRequest)> = None;
        match action {
            Action::Command { tab, cmd } => self.command(tab, cmd)?,
            Action::Answer { tab, nth, reply } => {
                answered = self.answer(tab, nth, reply)?.map(|r| (reply, r));
            }
            Action::Notify { tab, nth } => self.notify(tab, nth)?,
            Action::Grant => self.grant()?,
            Action::Tick => self.now += 31 * 60 * 1000,
        }
        let body: Value = answered
            .as_ref()
            .and_then(|(_, r)| serde_json::from_str(r.body.expose()).ok())
            .unwrap_or(Value::Null);
        let target = answered
            .as_ref()
            .and_then(|(_, r)| r.header("x-amz-target"))
            .unwrap_or("");
        let served = matches!(answered, Some((Reply::Serve, _)));
        let cause = match action {
            _ if refresh_token_of(&body).is_some() => {
                Cause::Refresh(refresh_token_of(&body).unwrap_or(""))
            }
            _ if target.ends_with(".InitiateAuth") && served => {
                let name = body["AuthParameters"]["USERNAME"].as_str().unwrap_or("");
                USERS
                    .iter()
                    .position(|u| *u == name)
                    .map_or(Cause::Other, Cause::SignIn)
            }
            Action::Command {
                cmd: Cmd::SignOut, ..
            } => Cause::SignOut(actor_user),
            _ => Cause::Other,
        };
        self.check_writes(&before, &cause)?;
        if before != self.storage {
            *self
                .stats
                .entry(match cause {
                    Cause::SignIn(_) => "sign-in writes",
                    Cause::Refresh(_) => "refresh writes",
                    Cause::SignOut(_) => "sign-out removals",
                    Cause::Other => "other writes (devices)",
                })
                .or_insert(0) += 1;
        } else if matches!(cause, Cause::Refresh(_)) {
            *self
                .stats
                .entry("refresh answers dropped or failed")
                .or_insert(0) += 1;
        }
        if target.ends_with(".InitiateAuth") {
            if let Some(device) = body["AuthParameters"]["DEVICE_KEY"].as_str() {
                let name = body["AuthParameters"]["USERNAME"].as_str().unwrap_or("");
                let owner = self.cognito.devices.get(device).map(|u| USERS[*u]);
                if owner != Some(name) {
                    return Err(format!(
                        "{name}'s sign-in sent device {device} of {owner:?}"
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_writes(
        &mut self,
        before: &BTreeMap<String, String>,
        cause: &Cause,
    ) -> Result<(), String> {
        let last = last_user_key();
        let before_user = before.get(&last).cloned();
        let mut keys: Vec<&String> = before.keys().chain(self.storage.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let (old, new) = (before.get(k), self.storage.get(k));
            if old == new {
                continue;
            }
            if *k == last {
                let ok = match (cause, new) {
                    (Cause::SignIn(u), Some(v)) => v == USERS[*u],
                    (Cause::SignOut(Some(u)), None) => old == Some(u),
                    (Cause::Refresh(token), None) => self.refresh_owner(token) == old.cloned(),
                    _ => false,
                };
                if !ok {
                    return Err(format!(
                        "LastAuthUser {old:?} -> {new:?} by {}",
                        cause_name(cause)
                    ));
                }
                continue;
            }
            let Some((user, name)) = user_key_parts(k) else {
                continue;
            };
            if TOKEN_NAMES.contains(&name) {
                let ok = match cause {
                    Cause::SignIn(u) => USERS[*u] == user,
                    Cause::SignOut(Some(u)) => new.is_none() && *u == user,
                    Cause::Refresh(token) => {
                        // Only for the session storage still held: the same user, with the
                        // refresh token the request carried.
                        self.refresh_owner(token).as_deref() == Some(user)
                            && before_user.as_deref() == Some(user)
                            && before.get(&key(user, "refreshToken")).map(String::as_str)
                                == Some(*token)
                    }
                    Cause::Other | Cause::SignOut(None) => false,
                };
                if !ok {
                    return Err(format!(
                        "{user}.{name} {} by {} (LastAuthUser was {before_user:?})",
                        if new.is_some() { "written" } else { "removed" },
                        cause_name(cause)
                    ));
                }
                if new.is_some() && self.cleared && !matches!(cause, Cause::SignIn(_)) {
                    return Err(format!("{user}.{name} written after a completed sign-out"));
                }
            }
            if name == "deviceKey" {
                if let Some(v) = new {
                    let owner = self.cognito.devices.get(v).map(|u| USERS[*u]);
                    if owner != Some(user) {
                        return Err(format!("device {v} of {owner:?} written under {user}"));
                    }
                }
            }
        }
        if matches!(cause, Cause::SignIn(_)) && self.storage.contains_key(&last) {
            self.cleared = false;
        }
        if before_user.is_some() && !self.storage.contains_key(&last) {
            self.cleared = true;
        }
        Ok(())
    }

    fn refresh_owner(&self, token: &str) -> Option<String> {
        self.cognito
            .refresh
            .get(token)
            .map(|g| USERS[g.user].to_owned())
    }

    /// Delivers everything, answers everything, hands out the lock, until nothing moves.
    fn quiesce(&mut self) -> Result<(), String> {
        for _ in 0..200 {
            let mut moved = false;
            for t in 0..self.tabs.len() {
                while !self.tabs[t].notes.is_empty() {
                    self.step(Action::Notify { tab: t, nth: 0 })?;
                    moved = true;
                }
                if !self.tabs[t].pending.is_empty() {
                    self.step(Action::Answer {
                        tab: t,
                        nth: 0,
                        reply: Reply::Serve,
                    })?;
                    moved = true;
                }
            }
            if self.locks.holder.is_none() && !self.locks.queue.is_empty() {
                self.step(Action::Grant)?;
                moved = true;
            }
            if !moved {
                return self.check_quiet();
            }
        }
        Err("no quiescence after 200 rounds".into())
    }

    fn check_quiet(&self) -> Result<(), String> {
        if let Some(holder) = self.locks.holder {
            return Err(format!("the lock is still held by {holder:?}"));
        }
        let stored = self.storage.get(&last_user_key()).cloned();
        for (t, tab) in self.tabs.iter().enumerate() {
            for op in &tab.issued {
                let n = tab.completed.get(op).copied().unwrap_or(0);
                if n != 1 {
                    return Err(format!("tab {t}: operation {op} completed {n} times"));
                }
            }
            let snap = tab.machine.snapshot();
            if snap.sign_in_step.is_some() || snap.is_pending {
                continue;
            }
            let shown = snap.user.map(|u| u.username.clone());
            if shown != stored {
                return Err(format!("tab {t} shows {shown:?}, storage holds {stored:?}"));
            }
            // The published view (what the JS answers queries from) says the same.
            let view = tab.machine.view();
            let published = view.user.as_ref().map(|u| u.username.clone());
            let signed_out = view.user_error.is_some();
            if published != stored || (stored.is_none() && !signed_out) {
                return Err(format!(
                    "tab {t}'s view shows {published:?} (signed out: {signed_out}), storage holds {stored:?}"
                ));
            }
            if let Some(tokens) = view.session.as_ref().and_then(|s| s.tokens.as_ref()) {
                let token_user = tokens
                    .access_token
                    .payload
                    .get("username")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned);
                if token_user != stored {
                    return Err(format!(
                        "tab {t}'s view holds {token_user:?}'s tokens, storage holds {stored:?}"
                    ));
                }
            }
        }
        Ok(())
    }
}

fn cause_name(cause: &Cause) -> String {
    match cause {
        Cause::SignIn(u) => format!("a sign-in of {}", USERS[*u]),
        Cause::Refresh(t) => format!("a refresh answer for {t}"),
        Cause::SignOut(u) => format!("a sign-out of {u:?}"),
        Cause::Other => "a step that must not write tokens".into(),
    }
}

/// The claims of a JWT (base64url without padding), as the model Cognito wrote them.
fn jwt_claims(token: &str) -> Option<Value> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let part = token.split('.').nth(1)?;
    let (mut acc, mut bits, mut out) = (0u32, 0, Vec::new());
    for c in part.bytes() {
        acc = (acc << 6) | A.iter().position(|x| *x == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    serde_json::from_slice(&out).ok()
}

/// The refresh token a refresh request carries (either flow).
fn refresh_token_of(body: &Value) -> Option<&str> {
    body["RefreshToken"]
        .as_str()
        .or_else(|| body["AuthParameters"]["REFRESH_TOKEN"].as_str())
}

/// `(user, name)` of `CognitoIdentityServiceProvider.<client>.<user>.<name>`.
fn user_key_parts(k: &str) -> Option<(&str, &str)> {
    let rest = k.strip_prefix(&format!("CognitoIdentityServiceProvider.{CLIENT_ID}."))?;
    let (user, name) = rest.split_once('.')?;
    Some((user, name))
}

/// Replays `s`; the first broken rule, with the step it broke at.
pub fn run(s: &Schedule) -> Result<(), String> {
    run_counting(s, &mut BTreeMap::new())
}

fn run_counting(s: &Schedule, stats: &mut BTreeMap<&'static str, u64>) -> Result<(), String> {
    let mut world = World::new(s);
    for (i, action) in s.actions.iter().enumerate() {
        world
            .step(*action)
            .map_err(|e| format!("step {i} ({action:?}): {e}"))?;
    }
    let quiet = world.quiesce().map_err(|e| format!("at quiescence: {e}"));
    for (k, v) in world.stats {
        *stats.entry(k).or_insert(0) += v;
    }
    quiet
}

/// The smallest schedule (removing actions one at a time) that still fails.
pub fn shrink(mut s: Schedule) -> Schedule {
    let mut i = 0;
    while i < s.actions.len() {
        let mut smaller = s.clone();
        smaller.actions.remove(i);
        if run(&smaller).is_err() {
            s = smaller;
        } else {
            i += 1;
        }
    }
    s
}

fn env_u64(name: &str) -> Option<u64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var(name).ok().and_then(|v| v.parse().ok())
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = name;
        None
    }
}

#[test]
fn random_schedules_keep_every_session_its_own() {
    let default = if cfg!(target_arch = "wasm32") {
        150
    } else {
        10_000
    };
    let count = env_u64("MODEL_SCHEDULES").unwrap_or(default);
    let first = env_u64("MODEL_SEED").unwrap_or(1);
    let mut stats = BTreeMap::new();
    for seed in first..first + count {
        let s = schedule(seed);
        if let Err(e) = run_counting(&s, &mut stats) {
            let small = shrink(s);
            let why = run(&small).err().unwrap_or_default();
            panic!(
                "seed {seed}: {e}\nminimal schedule ({why}):\n{small:#?}\n\
                 replay it with `run(&Schedule {{ .. }})` in tabs_model.rs"
            );
        }
    }
    // What the schedules reached (printed with --nocapture).
    println!("{count} schedules: {stats:?}");
    for kind in [
        "sign-in writes",
        "refresh writes",
        "sign-out removals",
        "refresh answers dropped or failed",
        "locks handed over",
    ] {
        assert!(
            stats.get(kind).copied().unwrap_or(0) > 0,
            "no schedule reached {kind}"
        );
    }
}

#[test]
fn the_model_catches_a_refresh_that_undoes_another_tabs_sign_out() {
    // Issue 19 case 1 as a schedule: tab 0 waits for the lock while tab 1 signs out.
    let s = Schedule {
        tabs: 2,
        lock: true,
        devices: false,
        actions: vec![
            Action::Command {
                tab: 0,
                cmd: Cmd::SignIn(0),
            },
            Action::Answer {
                tab: 0,
                nth: 0,
                reply: Reply::Serve,
            },
            Action::Notify { tab: 1, nth: 0 },
            Action::Tick,
            Action::Tick,
            Action::Command {
                tab: 0,
                cmd: Cmd::Fetch,
            },
            Action::Command {
                tab: 1,
                cmd: Cmd::SignOut,
            },
            Action::Grant,
            Action::Answer {
                tab: 0,
                nth: 0,
                reply: Reply::Serve,
            },
        ],
    };
    assert_eq!(run(&s), Ok(()));
}
