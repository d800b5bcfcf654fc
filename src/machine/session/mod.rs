//! The session machine: restoring the stored session on start, the signed-in user with
//! its refresh and remembered device, signing out, and the commands that wait for the
//! restore to end.
//!
//! [`Session`] owns that state; its transitions are in [`ops`] (restore, sign-in and
//! sign-out) and [`refresh`] (`fetchAuthSession` and the single-flight refresh). A sign-in
//! flow ([`super::sign_in::SignIn`]) runs only while the session is [`State::SignedOut`]:
//! every way into [`State::SignedIn`] ends the flow first.

mod ops;
mod refresh;
mod tokens;

use std::collections::VecDeque;

use crate::map::VecMap;
use crate::session::StoredSession;

use super::{Command, Config, OpId, Outbox, Random, RefreshFlow, RequestId, UnixMillis};
use crate::cognito::{self, UserPoolOp};
use crate::session::StorageKeys;

pub(super) use ops::{auth_session, auth_user};
pub(super) use refresh::Next as RefreshNext;

/// Where the session is.
#[derive(Debug)]
pub(super) enum State {
    /// Before [`super::Input::Start`].
    Created,
    /// Reading the stored session.
    Restoring {
        load: RequestId,
        stage: RestoreStage,
    },
    /// No user (a sign-in may be running: see [`super::sign_in::SignIn`]).
    SignedOut,
    /// A user is signed in.
    SignedIn(Box<Active>),
}

/// Which read of the restore is in flight.
#[derive(Debug)]
pub(super) enum RestoreStage {
    LastAuthUser,
    User(String),
}

/// A signed-in user and the refresh in flight, if any (single flight by construction).
#[derive(Debug)]
pub(super) struct Active {
    pub(super) session: StoredSession,
    pub(super) refresh: Option<refresh::Refresh>,
    /// This browser's remembered device, when there is one.
    pub(super) device: Option<super::sign_in::DeviceKeys>,
    /// The tokens' end of validity a `refreshAhead` refresh already ran for (it runs once
    /// per set of tokens, whatever its outcome).
    pub(super) ahead_spent: Option<UnixMillis>,
}

impl Active {
    /// A session just signed in or read from storage, with no refresh yet.
    pub(super) fn new(session: StoredSession, device: Option<super::sign_in::DeviceKeys>) -> Self {
        Active {
            session,
            refresh: None,
            device,
            ahead_spent: None,
        }
    }
}

/// An operation waiting for fresh tokens.
#[derive(Debug)]
pub(super) enum Waiter {
    /// `fetchAuthSession` (credentials come after the tokens).
    Session {
        op: OpId,
        force: bool,
        client_metadata: Option<crate::json::Map>,
    },
    /// An account call that needs a valid access token.
    Account { op: OpId, call: Command },
}

impl Waiter {
    pub(super) fn op(&self) -> OpId {
        match self {
            Waiter::Session { op, .. } | Waiter::Account { op, .. } => *op,
        }
    }
}

/// A sign-out's `RevokeToken` / `GlobalSignOut` in flight: its errors are swallowed, its
/// answer completes `op` (and navigates to the hosted UI's logout for `origin`).
#[derive(Debug)]
pub(super) struct SignOutRequest {
    op: OpId,
    origin: Option<String>,
}

/// What the session's transitions may use of the machine around them: the outbox, the
/// storage keys, the configuration and the time of the input being handled.
pub(super) struct Io<'a> {
    pub(super) out: &'a mut Outbox,
    pub(super) keys: &'a StorageKeys,
    pub(super) config: &'a cognito::UserPoolConfig,
    pub(super) options: &'a Config,
    /// The user pool endpoint.
    pub(super) url: &'a str,
    pub(super) now: UnixMillis,
}

impl Io<'_> {
    /// Sends a typed user pool request.
    pub(in crate::machine) fn send_request(
        &mut self,
        request: &impl cognito::UserPoolRequest,
    ) -> RequestId {
        self.out
            .send(self.url, request.op(), &request.body(self.config))
    }
}

/// The session's state and what belongs to it alone.
#[derive(Debug)]
pub(super) struct Session {
    /// Where the session is.
    pub(super) state: State,
    /// `GetTokensFromRefreshToken` is unknown to this endpoint (learned once, kept).
    rotation_unsupported: bool,
    /// Commands that arrived before the restore ended; they run when it does.
    queued: VecDeque<(OpId, Command, Random)>,
    /// Sign-outs' server calls in flight.
    sign_outs: VecMap<RequestId, SignOutRequest>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            state: State::Created,
            rotation_unsupported: false,
            queued: VecDeque::new(),
            sign_outs: VecMap::new(),
        }
    }
}

impl Session {
    /// The signed-in session, if any.
    pub(super) fn active(&self) -> Option<&Active> {
        match &self.state {
            State::SignedIn(active) => Some(active),
            _ => None,
        }
    }

    /// The signed-in session, if any, to change.
    pub(super) fn active_mut(&mut self) -> Option<&mut Active> {
        match &mut self.state {
            State::SignedIn(active) => Some(active),
            _ => None,
        }
    }

    /// Whether a user is signed in.
    pub(super) fn is_signed_in(&self) -> bool {
        matches!(self.state, State::SignedIn(_))
    }

    /// Whether the stored session is still to be read (commands wait for it).
    pub(super) fn is_restoring(&self) -> bool {
        matches!(self.state, State::Created | State::Restoring { .. })
    }

    /// Keeps a command until the restore ends.
    pub(super) fn queue(&mut self, op: OpId, command: Command, random: Random) {
        self.queued.push_back((op, command, random));
    }

    /// The next command that waited for the restore.
    pub(super) fn next_queued(&mut self) -> Option<(OpId, Command, Random)> {
        self.queued.pop_front()
    }

    /// The refresh in flight, if any.
    pub(super) fn refresh(&self) -> Option<&refresh::Refresh> {
        self.active()?.refresh.as_ref()
    }

    /// The refresh in flight, if any, to change.
    pub(super) fn refresh_mut(&mut self) -> Option<&mut refresh::Refresh> {
        self.active_mut()?.refresh.as_mut()
    }

    /// Whether `id` is the refresh request in flight.
    pub(super) fn is_refresh_request(&self, id: RequestId) -> bool {
        self.refresh()
            .is_some_and(|r| r.stage == refresh::Stage::Requesting(id))
    }

    /// The request a refresh sends under `flow`.
    fn refresh_op(&self, flow: RefreshFlow) -> UserPoolOp {
        match flow {
            RefreshFlow::Rotation => UserPoolOp::GetTokensFromRefreshToken,
            RefreshFlow::Auto if !self.rotation_unsupported => {
                UserPoolOp::GetTokensFromRefreshToken
            }
            _ => UserPoolOp::InitiateAuth,
        }
    }

    /// The refresh's cross-tab lock: waited for, or held, until then.
    pub(super) fn lock_deadline(&self) -> Option<UnixMillis> {
        self.refresh()?.lock.map(|l| l.until)
    }

    /// The refresh waits until then for the storage writes of the tab that held the lock.
    pub(super) fn settle_deadline(&self) -> Option<UnixMillis> {
        match self.refresh()?.stage {
            refresh::Stage::Settling { until, .. } => Some(until),
            _ => None,
        }
    }

    /// `refreshAhead`: `ahead_ms` before the tokens' end of validity, once per set of
    /// tokens, when a refresh token can renew them and no refresh runs.
    pub(super) fn refresh_ahead_deadline(&self, ahead_ms: i64) -> Option<UnixMillis> {
        let active = self.active()?;
        let tokens = &active.session.tokens;
        if active.refresh.is_some() || tokens.refresh.is_none() {
            return None;
        }
        let until = tokens.valid_until()?;
        if active.ahead_spent == Some(until) {
            return None;
        }
        Some(until.saturating_sub(ahead_ms))
    }

    /// Marks the current tokens' `refreshAhead` as spent (it runs once per set of tokens).
    pub(super) fn spend_refresh_ahead(&mut self) {
        if let Some(active) = self.active_mut() {
            active.ahead_spent = active.session.tokens.valid_until();
        }
    }

    /// Whether `id` is a sign-out's server call; takes it.
    pub(super) fn take_sign_out(&mut self, id: RequestId) -> Option<SignOutRequest> {
        self.sign_outs.remove(&id)
    }
}
