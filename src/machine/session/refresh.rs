//! `fetchAuthSession`: tokens, refreshed lazily (or on demand) by one request at a time.
//!
//! A refresh belongs to the session that started it, and storage decides whether that
//! session is still the current one: under the cross-tab lock (or at once without it) the
//! machine reads `LastAuthUser` and that user's tokens and refreshes with the refresh
//! token it finds there, never with one held only in memory; when the answer arrives it
//! reads `LastAuthUser` and the refresh token again and writes only if both are still the
//! ones it refreshed. Anything else (another tab signed out, signed in someone else,
//! refreshed with rotation) drops the refresh and follows what is stored.

//!
//! The transitions here are the [`Session`]'s own: they see only the session, the outbox
//! and the configuration ([`Io`]), and tell the machine around them what is left to do
//! with the callers ([`Next`]).

use crate::json::Map;
use crate::map::VecMap;

use super::{Io, Session, Waiter};
use crate::cognito::{self, AuthResponse, AuthenticationResult, RefreshTokens, UserPoolOp};
use crate::machine::{AuthError, AuthEvent, Effect, RefreshFlow, RequestId, UnixMillis};
use crate::session::{Secret, StoredSession, Tokens};

/// A refresh in flight and everyone waiting for it.
#[derive(Debug)]
pub(in crate::machine) struct Refresh {
    pub(in crate::machine) stage: Stage,
    via: UserPoolOp,
    pub(super) waiters: Vec<Waiter>,
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
    /// Holding a lock another tab held: waiting until `until` for that tab's last storage
    /// writes before reading ([`crate::machine::timers::LOCK_SETTLE_MS`]).
    Settling { until: UnixMillis },
    /// Holding the lock, reading the stored tokens: another tab may have refreshed.
    Reading(RequestId),
    /// The refresh request is in flight.
    Requesting(RequestId),
    /// The answer is in: reading `LastAuthUser` and the refresh token again before
    /// writing it.
    Verifying(RequestId),
}

/// What a refresh step leaves to the machine around the session: the callers' fate.
#[derive(Debug)]
pub(in crate::machine) enum Next {
    /// Nothing yet: the refresh waits for its next answer.
    Wait,
    /// The tokens are current: carry on with what the callers wanted.
    Resume(Vec<Waiter>),
    /// The stored session is not this one any more: the callers run again once it has
    /// been read again (tab sync).
    Resync(Vec<Waiter>),
    /// The refresh failed and the session stays: every caller fails with the error.
    Fail(Vec<Waiter>, AuthError),
    /// The session is over: it ends (`signedOut` told when `announce`), and the callers
    /// resolve signed out (`error: None`) or fail with `error`.
    End {
        waiters: Vec<Waiter>,
        error: Option<AuthError>,
        announce: bool,
    },
}

/// The storage values a read answered with.
type Values = VecMap<String, Option<String>>;

impl Session {
    /// Starts a refresh for `waiters` (signed in only): through the cross-tab lock when
    /// it is on, else straight to reading the stored tokens.
    pub(in crate::machine) fn start_refresh(&mut self, io: &mut Io<'_>, waiters: Vec<Waiter>) {
        if !self.is_signed_in() {
            return;
        }
        let (stage, lock) = if io.options.refresh_lock {
            // One tab refreshes at a time; the others take its result (Web Locks).
            let id = io.out.next_id();
            io.out.push(Effect::Lock {
                id,
                name: format!("cognito-headless.refresh.{}", io.config.user_pool_client_id),
            });
            let until = io.now.saturating_add(crate::machine::timers::LOCK_WAIT_MS);
            (Stage::Locking(id), Some(Lock { id, until }))
        } else {
            (Stage::Reading(self.read_for_refresh(io)), None)
        };
        if let Some(active) = self.active_mut() {
            active.refresh = Some(Refresh::new(stage, waiters, lock));
        }
    }

    /// Asks storage for `LastAuthUser` and the signed-in user's tokens.
    pub(in crate::machine) fn read_for_refresh(&mut self, io: &mut Io<'_>) -> RequestId {
        let load = io.out.next_id();
        let mut keys = vec![io.keys.last_auth_user()];
        if let Some(active) = self.active() {
            keys.extend(
                crate::session::USER_TOKEN_KEYS
                    .iter()
                    .map(|name| io.keys.user(&active.session.username, name)),
            );
        }
        io.out.push(Effect::Load { id: load, keys });
        load
    }

    /// The refresh lock `id` is granted: read what is stored before refreshing, at once or,
    /// when another tab held it (`handed_over`), once its writes have had time to arrive
    /// (a lock nobody waits for any more is given back).
    pub(in crate::machine) fn lock_acquired(
        &mut self,
        io: &mut Io<'_>,
        id: RequestId,
        handed_over: bool,
    ) {
        let ours = self
            .refresh()
            .is_some_and(|r| r.stage == Stage::Locking(id));
        if !ours {
            return io.out.push(Effect::Unlock { id });
        }
        let stage = if handed_over {
            let until = io
                .now
                .saturating_add(crate::machine::timers::LOCK_SETTLE_MS);
            Stage::Settling { until }
        } else {
            Stage::Reading(self.read_for_refresh(io))
        };
        let until = io.now.saturating_add(crate::machine::timers::LOCK_HOLD_MS);
        if let Some(refresh) = self.refresh_mut() {
            refresh.stage = stage;
            if let Some(lock) = refresh.lock.as_mut() {
                lock.until = until;
            }
        }
    }

    /// The settle time after a handed-over lock is over: read what is stored.
    pub(in crate::machine) fn lock_settled(&mut self, io: &mut Io<'_>) {
        if !matches!(
            self.refresh().map(|r| r.stage),
            Some(Stage::Settling { .. })
        ) {
            return;
        }
        let load = self.read_for_refresh(io);
        if let Some(refresh) = self.refresh_mut() {
            refresh.stage = Stage::Reading(load);
        }
    }

    /// The lock took too long to come (another tab holds it and hangs) or is held too long
    /// (a request that never answers): it is released, and the refresh goes on without it.
    pub(in crate::machine) fn lock_lapsed(&mut self, io: &mut Io<'_>) {
        let Some(refresh) = self.refresh_mut() else {
            return;
        };
        let Some(lock) = refresh.lock.take() else {
            return;
        };
        let waiting = refresh.stage == Stage::Locking(lock.id);
        io.out.push(Effect::Unlock { id: lock.id });
        if waiting {
            let load = self.read_for_refresh(io);
            if let Some(refresh) = self.refresh_mut() {
                refresh.stage = Stage::Reading(load);
            }
        }
    }

    /// Another tab changed the stored session: a refresh request already sent must not
    /// write its answer over that change.
    pub(in crate::machine) fn refresh_overtaken(&mut self) {
        if let Some(refresh) = self.refresh_mut() {
            if matches!(refresh.stage, Stage::Requesting(_)) {
                refresh.overtaken = true;
            }
        }
    }

    /// Whether `id` is a storage read of the refresh in flight (before or after its
    /// request).
    pub(in crate::machine) fn is_refresh_read(&self, id: RequestId) -> bool {
        self.refresh()
            .is_some_and(|r| r.stage == Stage::Reading(id) || r.stage == Stage::Verifying(id))
    }

    /// A storage read of the refresh in flight answered.
    pub(in crate::machine) fn refresh_read(
        &mut self,
        io: &mut Io<'_>,
        id: RequestId,
        values: &Values,
    ) -> Next {
        let verifying = self
            .refresh()
            .is_some_and(|r| r.stage == Stage::Verifying(id));
        if verifying {
            self.refresh_verified(io, values)
        } else {
            self.refresh_stored_read(io, values)
        }
    }

    /// Before the request: adopt tokens another tab stored meanwhile, refresh with the
    /// stored refresh token, or drop the refresh when the stored session is not this one.
    fn refresh_stored_read(&mut self, io: &mut Io<'_>, values: &Values) -> Next {
        let last_user = stored_user(io, values).map(str::to_owned);
        let Some(active) = self.active_mut() else {
            return Next::Wait;
        };
        let Some(refresh) = active.refresh.take() else {
            return Next::Wait;
        };
        let stored = StoredSession::from_storage(&active.session.username, values, io.keys)
            .ok()
            .filter(|_| last_user.as_deref() == Some(active.session.username.as_str()));
        match stored {
            None => drop_refresh(io, refresh),
            Some(stored)
                if stored.tokens.access != active.session.tokens.access
                    && !stored.tokens.is_expired(io.now) =>
            {
                active.session = stored;
                release(io, refresh.lock);
                io.out.emit(AuthEvent::TokenRefresh);
                Next::Resume(refresh.waiters)
            }
            Some(stored) => {
                // Refresh with the stored refresh token (another tab may have rotated it),
                // never with one only this page holds.
                active.session.tokens.refresh = stored.tokens.refresh;
                self.send_refresh(io, refresh.waiters, refresh.lock)
            }
        }
    }

    /// After the answer: write it only if storage still holds this session with the
    /// refresh token the request carried.
    fn refresh_verified(&mut self, io: &mut Io<'_>, values: &Values) -> Next {
        let last_user = stored_user(io, values).map(str::to_owned);
        let Some(active) = self.active_mut() else {
            return Next::Wait;
        };
        let Some(mut refresh) = active.refresh.take() else {
            return Next::Wait;
        };
        let username = active.session.username.clone();
        let stored_refresh = values
            .get(&io.keys.user(&username, "refreshToken"))
            .and_then(|v| v.as_deref());
        let current = last_user.as_deref() == Some(username.as_str())
            && stored_refresh.is_some()
            && stored_refresh == refresh.sent.as_ref().map(Secret::expose);
        match refresh.answer.take() {
            Some(answer) if current && !refresh.overtaken => {
                self.apply_refresh_answer(io, refresh, answer)
            }
            _ => drop_refresh(io, refresh),
        }
    }

    fn send_refresh(&mut self, io: &mut Io<'_>, waiters: Vec<Waiter>, lock: Option<Lock>) -> Next {
        let via = self.refresh_op(io.options.refresh_flow);
        let Some(active) = self.active_mut() else {
            return Next::Wait;
        };
        let tokens = &active.session.tokens;
        let Some(refresh_token) = tokens.refresh.clone() else {
            // Expired with nothing to refresh it with: the session is over.
            release(io, lock);
            return Next::End {
                waiters,
                error: None,
                announce: true,
            };
        };
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
        let request = io.send_request(&request);
        let mut refresh = Refresh::new(Stage::Requesting(request), waiters, lock);
        refresh.via = via;
        refresh.sent = Some(refresh_token);
        active.refresh = Some(refresh);
        Next::Wait
    }

    /// The refresh request answered.
    pub(in crate::machine) fn refresh_response(
        &mut self,
        io: &mut Io<'_>,
        parsed: Result<Map, AuthError>,
    ) -> Next {
        let Some(active) = self.active_mut() else {
            return Next::Wait;
        };
        let Some(mut refresh) = active.refresh.take() else {
            return Next::Wait;
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
                    && io.options.refresh_flow == RefreshFlow::Auto
                    && rotation_unknown(&error) =>
            {
                // This endpoint has no rotation: remember, and refresh the classic way
                // (still holding the lock).
                self.rotation_unsupported = true;
                return self.send_refresh(io, refresh.waiters, refresh.lock);
            }
            Err(error) if error.ends_session() => Answer::Ended(error),
            Err(error) => {
                release(io, refresh.lock);
                // Offline, throttled, 5xx, unreadable: keep the session, report the error.
                io.out.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                return Next::Fail(refresh.waiters, error);
            }
        };
        if refresh.overtaken {
            // Another tab changed the session while this refresh ran (signed out, signed
            // in as someone else, refreshed): writing this answer back could undo that.
            // The answer is dropped; the waiters run again once the session is read.
            return drop_refresh(io, refresh);
        }
        // Read storage again: the answer is written only for the session still stored.
        let load = io.out.next_id();
        refresh.stage = Stage::Verifying(load);
        refresh.answer = Some(answer);
        active.refresh = Some(refresh);
        let keys = vec![
            io.keys.last_auth_user(),
            io.keys.user(&username, "refreshToken"),
        ];
        io.out.push(Effect::Load { id: load, keys });
        Next::Wait
    }

    /// Writes a verified refresh answer: new tokens, or the end of the session.
    fn apply_refresh_answer(&mut self, io: &mut Io<'_>, refresh: Refresh, answer: Answer) -> Next {
        let Some(active) = self.active_mut() else {
            return Next::Wait;
        };
        match answer {
            Answer::Tokens(result) => {
                active.session = refreshed(&active.session, result, io.now);
                super::ops::store(io.out, io.keys, &active.session);
                // Released after this answer's storage writes (the next holder reads them).
                release(io, refresh.lock);
                io.out.emit(AuthEvent::TokenRefresh);
                Next::Resume(refresh.waiters)
            }
            Answer::Ended(error) => {
                release(io, refresh.lock);
                session_ended(io, refresh.waiters, error)
            }
        }
    }
}

/// Gives the refresh's cross-tab lock back, if it has one.
fn release(io: &mut Io<'_>, lock: Option<Lock>) {
    if let Some(lock) = lock {
        io.out.push(Effect::Unlock { id: lock.id });
    }
}

/// The session `old` with the tokens of a refresh answered at `now` (what the answer
/// leaves out is kept).
fn refreshed(old: &StoredSession, result: AuthenticationResult, now: UnixMillis) -> StoredSession {
    StoredSession {
        username: old.username.clone(),
        tokens: Tokens {
            clock_drift_ms: Tokens::drift_from(&result.access, now),
            access: result.access,
            id: result.id.or_else(|| old.tokens.id.clone()),
            refresh: result.refresh.or_else(|| old.tokens.refresh.clone()),
        },
        sign_in_details: old.sign_in_details.clone(),
        identity_js_drift: old.identity_js_drift,
    }
}

/// The refresh token is dead (Amplify's list): the session ends. Callers get an empty
/// session for `NotAuthorizedException` and the error for the others, as Amplify's
/// `TokenOrchestrator.handleErrors`; no `signedOut` (Amplify tells `tokenRefresh_failure`).
fn session_ended(io: &mut Io<'_>, waiters: Vec<Waiter>, error: AuthError) -> Next {
    let not_authorized = matches!(
        &error,
        AuthError::Service {
            name: crate::cognito::ErrorName::NotAuthorizedException,
            ..
        }
    );
    io.out.emit(AuthEvent::TokenRefreshFailure {
        error: error.clone(),
    });
    Next::End {
        waiters,
        error: Some(error).filter(|_| !not_authorized),
        announce: false,
    }
}

/// The refresh cannot go on for this session (storage holds another user, no user, or
/// other tokens): its lock is released and its callers run again once the session is
/// read again.
fn drop_refresh(io: &mut Io<'_>, refresh: Refresh) -> Next {
    release(io, refresh.lock);
    Next::Resync(refresh.waiters)
}

/// The user `LastAuthUser` names in `values`.
fn stored_user<'v>(io: &Io<'_>, values: &'v Values) -> Option<&'v str> {
    values
        .get(&io.keys.last_auth_user())
        .and_then(|v| v.as_deref())
        .map(str::trim)
        .filter(|u| !u.is_empty())
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
