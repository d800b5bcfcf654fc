//! `fetchAuthSession`: tokens, refreshed lazily (or on demand) by one request at a time.

use crate::json::{json, Json, Map};

use super::{
    AuthError, AuthEvent, AuthMachine, OpId, RefreshFlow, RequestId, State, UnixMillis, Waiter,
};
use crate::cognito::{self, AuthResponse, UserPoolOp};
use crate::session::{StoredSession, Tokens};

/// A refresh in flight and everyone waiting for it.
#[derive(Debug)]
pub(super) struct Refresh {
    pub(super) stage: Stage,
    via: UserPoolOp,
    waiters: Vec<Waiter>,
    /// The cross-tab lock held for this refresh, if locking is on.
    lock: Option<RequestId>,
    /// Another tab changed the stored session after the request went out.
    overtaken: bool,
}

/// Where a refresh is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Waiting for the cross-tab refresh lock.
    Locking(RequestId),
    /// Holding the lock, reading the stored tokens: another tab may have refreshed.
    Reading(RequestId),
    /// The refresh request is in flight.
    Requesting(RequestId),
}

impl AuthMachine {
    /// The session ended while `refresh` ran: its cross-tab lock is released (else no tab
    /// could refresh again until this page closes) and its waiters resolve signed out.
    pub(super) fn abandon_refresh(&mut self, refresh: Refresh) {
        if let Some(lock) = refresh.lock {
            self.effects.push_back(super::Effect::Unlock { id: lock });
        }
        self.release_signed_out(refresh.waiters);
    }

    pub(super) fn fetch_auth_session(&mut self, now: UnixMillis, op: OpId, force: bool) {
        let waiter = Waiter::Session { op, force };
        if let Some(waiter) = self.wait_for_tokens(now, waiter, force) {
            self.resume(now, waiter);
        }
    }

    /// Joins the refresh in flight, starts one when the tokens are expired (or `force`),
    /// or hands the waiter back when the tokens are good (or nobody is signed in).
    pub(super) fn wait_for_tokens(
        &mut self,
        now: UnixMillis,
        waiter: Waiter,
        force: bool,
    ) -> Option<Waiter> {
        if let State::SignedIn(active) = &mut self.state {
            if let Some(refresh) = &mut active.refresh {
                refresh.waiters.push(waiter);
                return None;
            }
            if force || active.session.tokens.is_expired(now) {
                self.start_refresh(vec![waiter]);
                return None;
            }
        }
        Some(waiter)
    }

    /// Tokens are current: carry on with what the waiter wanted.
    pub(super) fn resume(&mut self, now: UnixMillis, waiter: Waiter) {
        match waiter {
            Waiter::Session { op, force } => self.after_tokens(now, op, force),
            Waiter::Account { op, call } => self.send_account(op, call),
        }
    }

    /// The session ended while `waiters` waited: sessions resolve empty, account calls fail.
    pub(super) fn release_signed_out(&mut self, waiters: Vec<Waiter>) {
        for waiter in waiters {
            match waiter {
                Waiter::Session { op, .. } => {
                    self.complete(op, Ok(super::Output::Session(Default::default())))
                }
                Waiter::Account { op, .. } => self.complete(op, Err(AuthError::Unauthenticated)),
            }
        }
    }

    fn refresh_op(&self) -> UserPoolOp {
        match self.options.refresh_flow {
            RefreshFlow::Rotation => UserPoolOp::GetTokensFromRefreshToken,
            RefreshFlow::Auto if !self.rotation_unsupported => {
                UserPoolOp::GetTokensFromRefreshToken
            }
            _ => UserPoolOp::InitiateAuth,
        }
    }

    fn start_refresh(&mut self, waiters: Vec<Waiter>) {
        if !matches!(self.state, State::SignedIn(_)) {
            return;
        }
        if self.options.refresh_lock {
            // One tab refreshes at a time; the others take its result (Web Locks).
            let lock = self.next_id();
            self.effects.push_back(super::Effect::Lock {
                id: lock,
                name: format!(
                    "cognito-headless.refresh.{}",
                    self.config.user_pool_client_id
                ),
            });
            if let State::SignedIn(active) = &mut self.state {
                active.refresh = Some(Refresh {
                    stage: Stage::Locking(lock),
                    via: UserPoolOp::InitiateAuth,
                    waiters,
                    lock: Some(lock),
                    overtaken: false,
                });
            }
            return;
        }
        self.send_refresh(waiters, None);
    }

    /// The refresh lock is ours: read what is stored before refreshing.
    pub(super) fn refresh_lock_acquired(&mut self, id: RequestId) {
        let load = self.next_id();
        let State::SignedIn(active) = &mut self.state else {
            return self.effects.push_back(super::Effect::Unlock { id });
        };
        let Some(refresh) = active
            .refresh
            .as_mut()
            .filter(|r| r.stage == Stage::Locking(id))
        else {
            return self.effects.push_back(super::Effect::Unlock { id });
        };
        refresh.stage = Stage::Reading(load);
        let keys = crate::session::USER_TOKEN_KEYS
            .iter()
            .map(|name| self.keys.user(&active.session.username, name))
            .collect();
        self.effects
            .push_back(super::Effect::Load { id: load, keys });
    }

    /// Another tab changed the stored session: a refresh request already sent must not
    /// write its answer over that change.
    pub(super) fn refresh_overtaken(&mut self) {
        if let State::SignedIn(active) = &mut self.state {
            if let Some(refresh) = active.refresh.as_mut() {
                if matches!(refresh.stage, Stage::Requesting(_)) {
                    refresh.overtaken = true;
                }
            }
        }
    }

    /// Whether `id` is the stored-token read of a locked refresh.
    pub(super) fn is_refresh_read(&self, id: RequestId) -> bool {
        matches!(&self.state, State::SignedIn(a) if a.refresh.as_ref().is_some_and(|r| r.stage == Stage::Reading(id)))
    }

    /// Under the lock: adopt tokens another tab stored meanwhile, or refresh ourselves.
    pub(super) fn refresh_stored_read(
        &mut self,
        now: UnixMillis,
        values: &crate::map::VecMap<String, Option<String>>,
    ) {
        let State::SignedIn(active) = &mut self.state else {
            return;
        };
        let Some(refresh) = active.refresh.take() else {
            return;
        };
        let stored = StoredSession::from_storage(&active.session.username, values, &self.keys).ok();
        match stored {
            Some(stored)
                if stored.tokens.access != active.session.tokens.access
                    && !stored.tokens.is_expired(now) =>
            {
                active.session = stored;
                self.revision += 1;
                if let Some(lock) = refresh.lock {
                    self.effects.push_back(super::Effect::Unlock { id: lock });
                }
                self.emit(AuthEvent::TokenRefresh);
                for waiter in refresh.waiters {
                    self.resume(now, waiter);
                }
            }
            other => {
                // Refresh with the newest stored refresh token (another tab may have
                // rotated it).
                if let Some(newer) = other.and_then(|s| s.tokens.refresh) {
                    active.session.tokens.refresh = Some(newer);
                }
                self.send_refresh(refresh.waiters, refresh.lock);
            }
        }
    }

    fn send_refresh(&mut self, waiters: Vec<Waiter>, lock: Option<RequestId>) {
        let State::SignedIn(active) = &self.state else {
            return;
        };
        let tokens = &active.session.tokens;
        let Some(refresh_token) = tokens.refresh.clone() else {
            // Expired with nothing to refresh it with: the session is over.
            if let Some(lock) = lock {
                self.effects.push_back(super::Effect::Unlock { id: lock });
            }
            self.end_session(None);
            return self.release_signed_out(waiters);
        };
        let via = self.refresh_op();
        let body = match via {
            UserPoolOp::GetTokensFromRefreshToken => {
                let mut body = json!({
                    "RefreshToken": refresh_token.expose(),
                    "ClientId": self.config.user_pool_client_id,
                });
                if let (Some(secret), Some(obj)) =
                    (&self.config.user_pool_client_secret, body.as_object_mut())
                {
                    obj.insert(
                        "ClientSecret".into(),
                        Json::String(secret.expose().to_owned()),
                    );
                }
                body
            }
            _ => {
                let mut params = Map::new();
                params.insert(
                    "REFRESH_TOKEN".into(),
                    Json::String(refresh_token.expose().to_owned()),
                );
                let secret_user = tokens
                    .access
                    .username()
                    .unwrap_or(&active.session.username)
                    .to_owned();
                cognito::add_secret_hash(&self.config, &secret_user, &mut params);
                cognito::initiate_auth_body(&self.config, "REFRESH_TOKEN_AUTH", params, None)
            }
        };
        let request = self.send(via, &body);
        if let State::SignedIn(active) = &mut self.state {
            active.refresh = Some(Refresh {
                stage: Stage::Requesting(request),
                via,
                waiters,
                lock,
                overtaken: false,
            });
        }
    }

    pub(super) fn refresh_response(&mut self, now: UnixMillis, parsed: Result<Map, AuthError>) {
        let State::SignedIn(active) = &mut self.state else {
            return;
        };
        let Some(refresh) = active.refresh.take() else {
            return;
        };
        let keep_lock = self.options.refresh_flow == RefreshFlow::Auto
            && refresh.via == UserPoolOp::GetTokensFromRefreshToken
            && matches!(&parsed, Err(e) if rotation_unknown(e));
        // Released after this answer's storage writes (the next holder reads them).
        let release = refresh.lock.filter(|_| !keep_lock);
        let result = parsed.and_then(|body| {
            match cognito::parse_auth_response(refresh.via.name(), &body)? {
                AuthResponse::Authenticated(result) => Ok(result),
                AuthResponse::Challenge(c) => Err(AuthError::UnexpectedChallenge(c.name)),
            }
        });
        match result {
            Ok(_) if refresh.overtaken => {
                // Another tab changed the session while this refresh ran (signed out, signed
                // in as someone else, refreshed): writing this answer back could undo that.
                // The answer is dropped; the waiters run again once the session is read.
                if let Some(lock) = release {
                    self.effects.push_back(super::Effect::Unlock { id: lock });
                }
                for waiter in refresh.waiters {
                    let (op, command) = match waiter {
                        Waiter::Session { op, force } => (
                            op,
                            super::Command::FetchAuthSession {
                                force_refresh: force,
                            },
                        ),
                        Waiter::Account { op, call } => (op, call),
                    };
                    self.queued
                        .push_back((op, command, super::Random(Vec::new())));
                }
            }
            Ok(result) => {
                let old = &active.session;
                let session = StoredSession {
                    username: old.username.clone(),
                    tokens: Tokens {
                        clock_drift_ms: Tokens::drift_from(&result.access, now),
                        access: result.access,
                        id: result.id.or_else(|| old.tokens.id.clone()),
                        refresh: result.refresh.or_else(|| old.tokens.refresh.clone()),
                    },
                    sign_in_details: old.sign_in_details.clone(),
                    identity_js_drift: old.identity_js_drift,
                };
                active.session = session.clone();
                self.revision += 1;
                self.store_session(&session);
                if let Some(lock) = release {
                    self.effects.push_back(super::Effect::Unlock { id: lock });
                }
                self.emit(AuthEvent::TokenRefresh);
                for waiter in refresh.waiters {
                    self.resume(now, waiter);
                }
            }
            Err(error)
                if refresh.via == UserPoolOp::GetTokensFromRefreshToken
                    && self.options.refresh_flow == RefreshFlow::Auto
                    && rotation_unknown(&error) =>
            {
                // This endpoint has no rotation: remember, and refresh the classic way.
                self.rotation_unsupported = true;
                self.send_refresh(refresh.waiters, refresh.lock);
            }
            Err(error) if error.ends_session() => {
                if let Some(lock) = release {
                    self.effects.push_back(super::Effect::Unlock { id: lock });
                }
                // The refresh token is dead (Amplify's list): the session ends. Callers get
                // an empty session, as Amplify returns for NotAuthorizedException.
                self.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                self.end_session(None);
                self.release_signed_out(refresh.waiters);
            }
            Err(error) => {
                if let Some(lock) = release {
                    self.effects.push_back(super::Effect::Unlock { id: lock });
                }
                // Offline, throttled, 5xx, unreadable: keep the session, report the error.
                self.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                for w in refresh.waiters {
                    self.complete(w.op(), Err(error.clone()));
                }
            }
        }
    }
}

/// The answers that mean "this endpoint has no `GetTokensFromRefreshToken`".
fn rotation_unknown(error: &AuthError) -> bool {
    match error {
        AuthError::Service { name, .. } => name == "UnknownOperationException",
        AuthError::UnexpectedResponse { .. } => true,
        _ => false,
    }
}
