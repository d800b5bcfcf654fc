//! Tab sync: following the session other tabs (or the storage's owner) write.
//!
//! Every sign-in, sign-out and user change seen in storage starts a new session identity
//! (the epoch): work started for one session writes nothing once it is over. When another
//! tab changes a session key, the machine reads the session again as soon as nothing here
//! is in progress, and tells listeners what changed, as Amplify's tab sync does.

use crate::map::VecMap;
use crate::session::StoredSession;

use super::session::auth_user;
use super::{
    AuthError, AuthEvent, AuthMachine, AuthSession, Effect, Output, RequestId, RestoreStage, State,
    UnixMillis, Waiter,
};

/// What tab sync holds between inputs.
#[derive(Debug, Default)]
pub(super) struct TabSync {
    /// Re-reading the session after another tab changed it: the session before.
    pub(super) previous: Option<Option<StoredSession>>,
    /// Another tab changed the session while a flow was in progress here.
    pub(super) pending: bool,
    /// The session identity: a new one for every sign-in, sign-out and user change seen
    /// in storage.
    pub(super) epoch: u64,
    /// Callers of a refresh that was dropped (its session changed in storage), with the
    /// epoch they were for: they run once the session has been read again.
    pub(super) after_resync: Vec<(Waiter, u64)>,
    /// `LastAuthUser` reads of a sign-out: it is removed only if it still names this user.
    pub(super) guarded_removals: VecMap<RequestId, (String, u64)>,
}

impl AuthMachine {
    /// Another tab (or the storage's owner) changed a session key: read the session again
    /// and follow it, with the events Amplify's tab sync sends. Only from a settled state:
    /// a flow or refresh in progress here finishes first.
    pub(super) fn storage_changed(&mut self, key: &str) {
        let ours = key.strip_prefix(&self.keys.client("")).is_some_and(|rest| {
            ["LastAuthUser", ".accessToken", ".idToken", ".refreshToken"]
                .iter()
                .any(|suffix| rest.ends_with(suffix))
        });
        if ours {
            self.session.refresh_overtaken();
            self.sync.pending = true;
            self.resync_if_settled();
        }
    }

    /// Re-reads the session if another tab changed it and nothing here is in progress (a
    /// change that lands mid-flow is followed as soon as the flow settles).
    pub(super) fn resync_if_settled(&mut self) {
        if !self.sync.pending {
            return;
        }
        if !self.sign_in.is_idle() {
            return;
        }
        let previous = match &self.session.state {
            State::SignedOut => None,
            State::SignedIn(active) if active.refresh.is_none() => Some(active.session.clone()),
            _ => return,
        };
        self.sync.pending = false;
        self.sync.previous = Some(previous);
        let load = self.out.next_id();
        self.out.push(Effect::Load {
            id: load,
            keys: vec![self.keys.last_auth_user()],
        });
        self.session.state = State::Restoring {
            load,
            stage: RestoreStage::LastAuthUser,
        };
    }

    /// Compares the session read again with the one before and tells listeners.
    pub(super) fn finish_resync(&mut self, now_session: Option<&StoredSession>) {
        let Some(before) = self.sync.previous.take() else {
            return;
        };
        match (before.as_ref(), now_session) {
            (None, None) => {}
            (Some(_), None) => {
                self.new_epoch();
                for op in self.identity.forget_user() {
                    self.complete(op, Ok(Output::Session(AuthSession::default())));
                }
                self.emit_other_tab(AuthEvent::SignedOut);
            }
            (None, Some(now)) => {
                self.new_epoch();
                self.emit_other_tab(AuthEvent::SignedIn(auth_user(now)))
            }
            (Some(before), Some(now)) if before.username != now.username => {
                self.new_epoch();
                for op in self.identity.forget_user() {
                    self.complete(op, Ok(Output::Session(AuthSession::default())));
                }
                self.emit_other_tab(AuthEvent::SignedOut);
                self.emit_other_tab(AuthEvent::SignedIn(auth_user(now)));
            }
            (Some(before), Some(now)) => {
                if before.tokens != now.tokens {
                    self.emit_other_tab(AuthEvent::TokenRefresh);
                }
            }
        }
    }

    /// Removes `username`'s tokens at once, and `LastAuthUser` only if it still names
    /// `username` once read (another tab may have signed someone else in meanwhile).
    pub(super) fn remove_session_keys(&mut self, username: &str) {
        let last = self.keys.last_auth_user();
        for key in StoredSession::clear_keys(username, &self.keys) {
            if key != last {
                self.out.push(Effect::Remove { key });
            }
        }
        let load = self.out.next_id();
        // Callers have already moved to the next epoch: a sign-in here meanwhile moves it
        // again, and its own `LastAuthUser` stays.
        self.sync
            .guarded_removals
            .insert(load, (username.to_owned(), self.sync.epoch));
        self.out.push(Effect::Load {
            id: load,
            keys: vec![last],
        });
    }

    /// Answers a `LastAuthUser` read of [`Self::remove_session_keys`] (true if `id` was
    /// one): it is removed if it still names the user and the session is still that one's.
    pub(super) fn guarded_removal_loaded(
        &mut self,
        id: RequestId,
        values: &VecMap<String, Option<String>>,
    ) -> bool {
        let Some((user, epoch)) = self.sync.guarded_removals.remove(&id) else {
            return false;
        };
        if epoch == self.sync.epoch {
            self.remove_last_auth_user_if(&user, values);
        }
        true
    }

    /// The second half of [`Self::remove_session_keys`].
    fn remove_last_auth_user_if(
        &mut self,
        username: &str,
        values: &VecMap<String, Option<String>>,
    ) {
        let key = self.keys.last_auth_user();
        let names_user = values
            .get(&key)
            .and_then(|v| v.as_deref())
            .is_some_and(|v| v.trim() == username);
        if names_user {
            self.out.push(Effect::Remove { key });
        }
    }

    /// A new session identity: work started for the previous one writes nothing for it.
    pub(super) fn new_epoch(&mut self) {
        self.sync.epoch += 1;
    }

    /// Waiters whose refresh was dropped wait for the session to be read again, tagged
    /// with this session's epoch (see [`AuthMachine::run_after_resync`]).
    pub(super) fn requeue(&mut self, waiters: Vec<Waiter>) {
        let epoch = self.sync.epoch;
        self.sync
            .after_resync
            .extend(waiters.into_iter().map(|w| (w, epoch)));
    }

    /// Runs the waiters of a dropped refresh once the session is read again. If it is
    /// still their session they run as they were; if another session is current, a
    /// session query runs for it without forcing a refresh (that was asked of the old
    /// one) and an account call fails as signed out: it never runs with another user's
    /// tokens.
    pub(super) fn run_after_resync(&mut self, now: UnixMillis) {
        for (waiter, epoch) in std::mem::take(&mut self.sync.after_resync) {
            let same = epoch == self.sync.epoch;
            match waiter {
                Waiter::Session {
                    op,
                    force,
                    client_metadata,
                } => self.fetch_auth_session(now, op, force && same, client_metadata),
                Waiter::Account { op, call } if same => self.account(now, op, call, Vec::new()),
                Waiter::Account { op, .. } => self.complete(op, Err(AuthError::Unauthenticated)),
            }
        }
    }
}
