//! `fetchAuthSession`: tokens, refreshed lazily (or on demand) by one request at a time.
//!
//! A refresh belongs to the session that started it, and storage decides whether that
//! session is still the current one: under the cross-tab lock (or at once without it) the
//! machine reads `LastAuthUser` and that user's tokens and refreshes with the refresh
//! token it finds there, never with one held only in memory; when the answer arrives it
//! reads `LastAuthUser` and the refresh token again and writes only if both are still the
//! ones it refreshed. Anything else (another tab signed out, signed in someone else,
//! refreshed with rotation) drops the refresh and follows what is stored.

use crate::json::Map;

use super::{State, Waiter};
use crate::cognito::{self, AuthResponse, AuthenticationResult, RefreshTokens, UserPoolOp};
use crate::machine::{AuthError, AuthEvent, AuthMachine, OpId, RefreshFlow, RequestId, UnixMillis};
use crate::session::{Secret, StoredSession, Tokens};

/// A refresh in flight and everyone waiting for it.
#[derive(Debug)]
pub(in crate::machine) struct Refresh {
    pub(in crate::machine) stage: Stage,
    via: UserPoolOp,
    waiters: Vec<Waiter>,
    /// The cross-tab lock held (or waited for) by this refresh, if locking is on.
    pub(in crate::machine) lock: Option<Lock>,
    /// Another tab changed the stored session after the request went out.
    overtaken: bool,
    /// The refresh token the request carried (the one storage held under the lock).
    sent: Option<Secret>,
    /// The answer, held while storage is read again before it is written.
    answer: Option<Answer>,
}

/// The cross-tab lock of a refresh, and until when it is waited for (before
/// [`crate::machine::Input::LockAcquired`]) or held (after): past that, the refresh goes
/// on without it ([`crate::machine::timers`]).
#[derive(Debug, Clone, Copy)]
pub(in crate::machine) struct Lock {
    pub(in crate::machine) id: RequestId,
    pub(in crate::machine) until: UnixMillis,
}

/// A refresh answer that writes to storage, waiting for the check that its session is
/// still the stored one.
#[derive(Debug)]
enum Answer {
    /// New tokens.
    Tokens(AuthenticationResult),
    /// The refresh token is dead: the session ends.
    Ended(AuthError),
}

/// Where a refresh is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::machine) enum Stage {
    /// Waiting for the cross-tab refresh lock.
    Locking(RequestId),
    /// Holding the lock, reading the stored tokens: another tab may have refreshed.
    Reading(RequestId),
    /// The refresh request is in flight.
    Requesting(RequestId),
    /// The answer is in: reading `LastAuthUser` and the refresh token again before
    /// writing it.
    Verifying(RequestId),
}

impl AuthMachine {
    /// The session ended while `refresh` ran: its cross-tab lock is released (else no tab
    /// could refresh again until this page closes) and its waiters resolve signed out.
    pub(in crate::machine) fn abandon_refresh(&mut self, refresh: Refresh) {
        if let Some(lock) = refresh.lock {
            self.out
                .push(crate::machine::Effect::Unlock { id: lock.id });
        }
        self.release_signed_out(refresh.waiters);
    }

    pub(in crate::machine) fn fetch_auth_session(
        &mut self,
        now: UnixMillis,
        op: OpId,
        force: bool,
        client_metadata: Option<Map>,
    ) {
        let waiter = Waiter::Session {
            op,
            force,
            client_metadata,
        };
        if let Some(waiter) = self.wait_for_tokens(now, waiter, force) {
            self.resume(now, waiter);
        }
    }

    /// Joins the refresh in flight, starts one when the tokens are expired (or `force`),
    /// or hands the waiter back when the tokens are good (or nobody is signed in).
    pub(in crate::machine) fn wait_for_tokens(
        &mut self,
        now: UnixMillis,
        waiter: Waiter,
        force: bool,
    ) -> Option<Waiter> {
        if let State::SignedIn(active) = &mut self.session.state {
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
    pub(in crate::machine) fn resume(&mut self, now: UnixMillis, waiter: Waiter) {
        match waiter {
            Waiter::Session { op, force, .. } => self.after_tokens(now, op, force),
            Waiter::Account { op, call } => self.send_account(op, call),
        }
    }

    /// The session ended while `waiters` waited: sessions resolve empty, account calls fail.
    pub(in crate::machine) fn release_signed_out(&mut self, waiters: Vec<Waiter>) {
        for waiter in waiters {
            match waiter {
                Waiter::Session { op, .. } => {
                    self.complete(op, Ok(crate::machine::Output::Session(Default::default())))
                }
                Waiter::Account { op, .. } => self.complete(op, Err(AuthError::Unauthenticated)),
            }
        }
    }

    pub(in crate::machine) fn start_refresh(&mut self, waiters: Vec<Waiter>) {
        let now = self.last_now;
        if !matches!(self.session.state, State::SignedIn(_)) {
            return;
        }
        if self.options.refresh_lock {
            // One tab refreshes at a time; the others take its result (Web Locks).
            let lock = self.out.next_id();
            self.out.push(crate::machine::Effect::Lock {
                id: lock,
                name: format!(
                    "cognito-headless.refresh.{}",
                    self.config.user_pool_client_id
                ),
            });
            if let State::SignedIn(active) = &mut self.session.state {
                let lock = Lock {
                    id: lock,
                    until: now.saturating_add(crate::machine::timers::LOCK_WAIT_MS),
                };
                active.refresh = Some(Refresh::new(Stage::Locking(lock.id), waiters, Some(lock)));
            }
            return;
        }
        let load = self.read_for_refresh();
        if let State::SignedIn(active) = &mut self.session.state {
            active.refresh = Some(Refresh::new(Stage::Reading(load), waiters, None));
        }
    }

    /// Asks storage for `LastAuthUser` and the signed-in user's tokens.
    pub(in crate::machine) fn read_for_refresh(&mut self) -> RequestId {
        let load = self.out.next_id();
        let mut keys = vec![self.keys.last_auth_user()];
        if let State::SignedIn(active) = &self.session.state {
            keys.extend(
                crate::session::USER_TOKEN_KEYS
                    .iter()
                    .map(|name| self.keys.user(&active.session.username, name)),
            );
        }
        self.out
            .push(crate::machine::Effect::Load { id: load, keys });
        load
    }

    /// The refresh lock is ours: read what is stored before refreshing.
    pub(in crate::machine) fn refresh_lock_acquired(&mut self, id: RequestId) {
        let ours = matches!(&self.session.state, State::SignedIn(a)
            if a.refresh.as_ref().is_some_and(|r| r.stage == Stage::Locking(id)));
        if !ours {
            return self.out.push(crate::machine::Effect::Unlock { id });
        }
        let load = self.read_for_refresh();
        let until = self
            .last_now
            .saturating_add(crate::machine::timers::LOCK_HOLD_MS);
        if let Some(refresh) = self.session.refresh_mut() {
            refresh.stage = Stage::Reading(load);
            if let Some(lock) = refresh.lock.as_mut() {
                lock.until = until;
            }
        }
    }

    /// The refresh cannot go on for this session (storage holds another user, no user, or
    /// other tokens): its lock is released, its waiters run again once the session is
    /// read again, and this machine follows what is stored.
    fn drop_refresh_and_resync(&mut self, refresh: Refresh) {
        if let Some(lock) = refresh.lock {
            self.out
                .push(crate::machine::Effect::Unlock { id: lock.id });
        }
        self.requeue(refresh.waiters);
        self.sync.pending = true;
    }

    /// Another tab changed the stored session: a refresh request already sent must not
    /// write its answer over that change.
    pub(in crate::machine) fn refresh_overtaken(&mut self) {
        if let State::SignedIn(active) = &mut self.session.state {
            if let Some(refresh) = active.refresh.as_mut() {
                if matches!(refresh.stage, Stage::Requesting(_)) {
                    refresh.overtaken = true;
                }
            }
        }
    }

    /// Whether `id` is a storage read of the refresh in flight (before or after its
    /// request).
    pub(in crate::machine) fn is_refresh_read(&self, id: RequestId) -> bool {
        matches!(&self.session.state, State::SignedIn(a) if a.refresh.as_ref().is_some_and(
            |r| r.stage == Stage::Reading(id) || r.stage == Stage::Verifying(id)))
    }

    /// A storage read of the refresh in flight answered.
    pub(in crate::machine) fn refresh_read(
        &mut self,
        now: UnixMillis,
        id: RequestId,
        values: &crate::map::VecMap<String, Option<String>>,
    ) {
        let verifying = matches!(&self.session.state, State::SignedIn(a)
            if a.refresh.as_ref().is_some_and(|r| r.stage == Stage::Verifying(id)));
        if verifying {
            self.refresh_verified(now, values);
        } else {
            self.refresh_stored_read(now, values);
        }
    }

    /// The user `LastAuthUser` names in `values`.
    fn stored_user<'v>(
        &self,
        values: &'v crate::map::VecMap<String, Option<String>>,
    ) -> Option<&'v str> {
        values
            .get(&self.keys.last_auth_user())
            .and_then(|v| v.as_deref())
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    /// Before the request: adopt tokens another tab stored meanwhile, refresh with the
    /// stored refresh token, or drop the refresh when the stored session is not this one.
    fn refresh_stored_read(
        &mut self,
        now: UnixMillis,
        values: &crate::map::VecMap<String, Option<String>>,
    ) {
        let last_user = self.stored_user(values).map(str::to_owned);
        let State::SignedIn(active) = &mut self.session.state else {
            return;
        };
        let Some(refresh) = active.refresh.take() else {
            return;
        };
        let stored = StoredSession::from_storage(&active.session.username, values, &self.keys)
            .ok()
            .filter(|_| last_user.as_deref() == Some(active.session.username.as_str()));
        match stored {
            None => self.drop_refresh_and_resync(refresh),
            Some(stored)
                if stored.tokens.access != active.session.tokens.access
                    && !stored.tokens.is_expired(now) =>
            {
                active.session = stored;
                if let Some(lock) = refresh.lock {
                    self.out
                        .push(crate::machine::Effect::Unlock { id: lock.id });
                }
                self.emit(AuthEvent::TokenRefresh);
                for waiter in refresh.waiters {
                    self.resume(now, waiter);
                }
            }
            Some(stored) => {
                // Refresh with the stored refresh token (another tab may have rotated it),
                // never with one only this page holds.
                active.session.tokens.refresh = stored.tokens.refresh;
                self.send_refresh(refresh.waiters, refresh.lock);
            }
        }
    }

    /// After the answer: write it only if storage still holds this session with the
    /// refresh token the request carried.
    fn refresh_verified(
        &mut self,
        now: UnixMillis,
        values: &crate::map::VecMap<String, Option<String>>,
    ) {
        let last_user = self.stored_user(values).map(str::to_owned);
        let State::SignedIn(active) = &mut self.session.state else {
            return;
        };
        let Some(mut refresh) = active.refresh.take() else {
            return;
        };
        let username = active.session.username.clone();
        let stored_refresh = values
            .get(&self.keys.user(&username, "refreshToken"))
            .and_then(|v| v.as_deref());
        let current = last_user.as_deref() == Some(username.as_str())
            && stored_refresh.is_some()
            && stored_refresh == refresh.sent.as_ref().map(Secret::expose);
        match refresh.answer.take() {
            Some(answer) if current && !refresh.overtaken => {
                self.apply_refresh_answer(now, refresh, answer)
            }
            _ => self.drop_refresh_and_resync(refresh),
        }
    }

    fn send_refresh(&mut self, waiters: Vec<Waiter>, lock: Option<Lock>) {
        let State::SignedIn(active) = &self.session.state else {
            return;
        };
        let tokens = &active.session.tokens;
        let Some(refresh_token) = tokens.refresh.clone() else {
            // Expired with nothing to refresh it with: the session is over.
            if let Some(lock) = lock {
                self.out
                    .push(crate::machine::Effect::Unlock { id: lock.id });
            }
            self.end_session(None);
            return self.release_signed_out(waiters);
        };
        let via = self.session.refresh_op(self.options.refresh_flow);
        // Amplify's fetchAuthSession({ clientMetadata }): the first waiter's that has some.
        let client_metadata = waiters.iter().find_map(|w| match w {
            Waiter::Session {
                client_metadata: Some(m),
                ..
            } => Some(m.clone()),
            _ => None,
        });
        let secret_user = tokens
            .access
            .username()
            .unwrap_or(&active.session.username)
            .to_owned();
        let request = match via {
            UserPoolOp::GetTokensFromRefreshToken => RefreshTokens::Rotation {
                refresh_token: &refresh_token,
                client_metadata: client_metadata.as_ref(),
            },
            _ => RefreshTokens::InitiateAuth {
                refresh_token: &refresh_token,
                username: &secret_user,
                client_metadata: client_metadata.as_ref(),
            },
        };
        let request = self.send_request(&request);
        if let State::SignedIn(active) = &mut self.session.state {
            let mut refresh = Refresh::new(Stage::Requesting(request), waiters, lock);
            refresh.via = via;
            refresh.sent = Some(refresh_token);
            active.refresh = Some(refresh);
        }
    }

    pub(in crate::machine) fn refresh_response(&mut self, parsed: Result<Map, AuthError>) {
        let State::SignedIn(active) = &mut self.session.state else {
            return;
        };
        let Some(mut refresh) = active.refresh.take() else {
            return;
        };
        let username = active.session.username.clone();
        let result = parsed.and_then(|body| {
            match cognito::parse_auth_response(refresh.via.name(), &body)? {
                AuthResponse::Authenticated(result) => Ok(result),
                AuthResponse::Challenge(c) => {
                    Err(AuthError::UnexpectedChallenge(c.name.as_str().to_owned()))
                }
            }
        });
        let answer = match result {
            Ok(result) => Answer::Tokens(result),
            Err(error)
                if refresh.via == UserPoolOp::GetTokensFromRefreshToken
                    && self.options.refresh_flow == RefreshFlow::Auto
                    && rotation_unknown(&error) =>
            {
                // This endpoint has no rotation: remember, and refresh the classic way
                // (still holding the lock).
                self.session.rotation_unsupported = true;
                return self.send_refresh(refresh.waiters, refresh.lock);
            }
            Err(error) if error.ends_session() => Answer::Ended(error),
            Err(error) => {
                if let Some(lock) = refresh.lock {
                    self.out
                        .push(crate::machine::Effect::Unlock { id: lock.id });
                }
                // Offline, throttled, 5xx, unreadable: keep the session, report the error.
                self.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                for w in refresh.waiters {
                    self.complete(w.op(), Err(error.clone()));
                }
                return;
            }
        };
        if refresh.overtaken {
            // Another tab changed the session while this refresh ran (signed out, signed
            // in as someone else, refreshed): writing this answer back could undo that.
            // The answer is dropped; the waiters run again once the session is read.
            return self.drop_refresh_and_resync(refresh);
        }
        // Read storage again: the answer is written only for the session still stored.
        let load = self.out.next_id();
        refresh.stage = Stage::Verifying(load);
        refresh.answer = Some(answer);
        if let State::SignedIn(active) = &mut self.session.state {
            active.refresh = Some(refresh);
        }
        let keys = vec![
            self.keys.last_auth_user(),
            self.keys.user(&username, "refreshToken"),
        ];
        self.out
            .push(crate::machine::Effect::Load { id: load, keys });
    }

    /// Writes a verified refresh answer: new tokens, or the end of the session.
    fn apply_refresh_answer(&mut self, now: UnixMillis, refresh: Refresh, answer: Answer) {
        let State::SignedIn(active) = &mut self.session.state else {
            return;
        };
        match answer {
            Answer::Tokens(result) => {
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
                self.store_session(&session);
                // Released after this answer's storage writes (the next holder reads them).
                if let Some(lock) = refresh.lock {
                    self.out
                        .push(crate::machine::Effect::Unlock { id: lock.id });
                }
                self.emit(AuthEvent::TokenRefresh);
                for waiter in refresh.waiters {
                    self.resume(now, waiter);
                }
            }
            Answer::Ended(error) => {
                if let Some(lock) = refresh.lock {
                    self.out
                        .push(crate::machine::Effect::Unlock { id: lock.id });
                }
                // The refresh token is dead (Amplify's list): the session ends. Callers get
                // an empty session for NotAuthorizedException and the error for the others,
                // as Amplify's TokenOrchestrator.handleErrors.
                let not_authorized = matches!(
                    &error,
                    AuthError::Service {
                        name: crate::cognito::ErrorName::NotAuthorizedException,
                        ..
                    }
                );
                self.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                self.end_session_told(None, false);
                if not_authorized {
                    self.release_signed_out(refresh.waiters);
                } else {
                    for waiter in refresh.waiters {
                        self.complete(waiter.op(), Err(error.clone()));
                    }
                }
            }
        }
    }
}

impl Refresh {
    fn new(stage: Stage, waiters: Vec<Waiter>, lock: Option<Lock>) -> Refresh {
        Refresh {
            stage,
            via: UserPoolOp::InitiateAuth,
            waiters,
            lock,
            overtaken: false,
            sent: None,
            answer: None,
        }
    }
}

/// The answers that mean "this endpoint has no `GetTokensFromRefreshToken`".
fn rotation_unknown(error: &AuthError) -> bool {
    match error {
        AuthError::Service { name, .. } => {
            *name == crate::cognito::ErrorName::UnknownOperationException
        }
        AuthError::UnexpectedResponse { .. } => true,
        _ => false,
    }
}
