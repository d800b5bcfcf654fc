//! The session: restore on start, `getCurrentUser`, `signOut`, and what they share.

use crate::map::VecMap;

use super::{Active, RestoreStage, SignOutRequest, State};
use crate::cognito::{GlobalSignOut, RevokeToken, UserPoolRequest};
use crate::machine::{
    AuthError, AuthEvent, AuthMachine, AuthSession, AuthUser, Effect, OpId, Outbox, Output,
    RequestId, SessionTokens, UnixMillis,
};
use crate::session::{Jwt, Secret, StorageKeys, StoredSession, USER_TOKEN_KEYS};

/// The user as `getCurrentUser` reports it.
pub(in crate::machine) fn auth_user(session: &StoredSession) -> AuthUser {
    let tokens = &session.tokens;
    let user_id = tokens
        .id
        .as_ref()
        .and_then(|id| id.sub())
        .or_else(|| tokens.access.sub())
        .unwrap_or("")
        .to_owned();
    // Amplify's getCurrentUser: the id token's `cognito:username` (a pool that signs users in
    // by email: the sub, not the email typed), else the access token's `username`.
    let username = tokens
        .id
        .as_ref()
        .and_then(Jwt::username)
        .or_else(|| tokens.access.username())
        .unwrap_or(&session.username)
        .to_owned();
    AuthUser {
        username,
        user_id,
        sign_in_details: session.sign_in_details.clone(),
    }
}

pub(in crate::machine) fn auth_session(session: &StoredSession) -> AuthSession {
    let tokens = &session.tokens;
    AuthSession {
        tokens: Some(SessionTokens {
            access_token: (&tokens.access).into(),
            id_token: tokens.id.as_ref().map(Into::into),
            sign_in_details: session.sign_in_details.clone(),
        }),
        user_sub: Some(auth_user(session).user_id).filter(|s| !s.is_empty()),
        ..AuthSession::default()
    }
}

/// Writes `session` to storage (its keys under `keys`).
pub(super) fn store(out: &mut Outbox, keys: &StorageKeys, session: &StoredSession) {
    for (key, value) in session.storage_entries(keys) {
        out.push(match value {
            Some(value) => Effect::Store {
                key,
                value: Secret::new(value),
            },
            None => Effect::Remove { key },
        });
    }
}

impl AuthMachine {
    pub(in crate::machine) fn start(&mut self) {
        if !matches!(self.session.state, State::Created) {
            return;
        }
        let load = self.out.next_id();
        let mut keys = vec![
            self.keys.last_auth_user(),
            crate::machine::sign_in::saved_state_key(&self.keys),
        ];
        keys.extend(self.identity_key());
        self.out.push(Effect::Load { id: load, keys });
        self.session.state = State::Restoring {
            load,
            stage: RestoreStage::LastAuthUser,
        };
    }

    pub(in crate::machine) fn storage_loaded(
        &mut self,
        now: UnixMillis,
        id: RequestId,
        values: VecMap<String, Option<String>>,
    ) {
        if self.is_oauth_load(id) {
            return self.oauth_keys_loaded(now, &values);
        }
        if self.session.is_refresh_read(id) {
            return self.refresh_step(|s, io| s.refresh_read(io, id, &values));
        }
        if self.guarded_removal_loaded(id, &values) {
            return;
        }
        if self.sign_in.awaits_device(id) {
            return self.sign_in_device_loaded(&values);
        }
        let State::Restoring { load, stage } = &self.session.state else {
            return;
        };
        if *load != id {
            return;
        }
        match stage {
            RestoreStage::LastAuthUser => self.last_user_read(now, &values),
            RestoreStage::User(user) => {
                let user = user.clone();
                self.user_read(now, &user, &values);
            }
        }
    }

    /// The restore's first read: `LastAuthUser` (and a saved sign-in step, the guest
    /// identity id).
    fn last_user_read(&mut self, now: UnixMillis, values: &VecMap<String, Option<String>>) {
        self.identity.guest_id = self
            .identity_key()
            .and_then(|k| values.get(&k).cloned().flatten())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let user = values
            .get(&self.keys.last_auth_user())
            .and_then(|v| v.as_deref())
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned);
        let saved_key = crate::machine::sign_in::saved_state_key(&self.keys);
        let saved = values.get(&saved_key).cloned().flatten();
        match user {
            Some(user) => {
                if saved.is_some() {
                    // Signed in already: a leftover sign-in step is moot.
                    self.out.push(Effect::Remove { key: saved_key });
                }
                let load = self.out.next_id();
                let keys = USER_TOKEN_KEYS
                    .iter()
                    .chain(crate::session::USER_DEVICE_KEYS.iter())
                    .map(|name| self.keys.user(&user, name))
                    .collect();
                self.out.push(Effect::Load { id: load, keys });
                self.session.state = State::Restoring {
                    load,
                    stage: RestoreStage::User(user),
                };
            }
            None if self.sync.previous.is_some() => {
                self.session.state = State::SignedOut;
                self.finish_resync(None);
                self.drain_queue(now);
            }
            None => {
                self.session.state = State::SignedOut;
                if let Some(saved) = saved {
                    if self.resume_saved_sign_in(&saved, now).is_none() {
                        // Expired or unreadable: clean it up.
                        self.out.push(Effect::Remove { key: saved_key });
                    }
                }
                self.drain_queue(now);
            }
        }
    }

    /// The restore's second read: the tokens and device of `user`.
    fn user_read(&mut self, now: UnixMillis, user: &str, values: &VecMap<String, Option<String>>) {
        match StoredSession::from_storage(user, values, &self.keys) {
            Ok(session) => {
                let device =
                    crate::machine::sign_in::DeviceKeys::from_storage(&self.keys, user, values);
                let current = session.clone();
                self.session.state = State::SignedIn(Box::new(Active::new(session, device)));
                if self.sync.previous.is_some() {
                    self.finish_resync(Some(&current));
                }
            }
            Err(_) if self.sync.previous.is_some() => {
                // Another tab is mid-write (or signed out): its writes are its own.
                self.session.state = State::SignedOut;
                self.finish_resync(None);
            }
            Err(_) => {
                // Corrupt or partial: clean up, never crash, start signed out.
                self.remove_session_keys(user);
                self.session.state = State::SignedOut;
            }
        }
        self.drain_queue(now);
    }

    pub(in crate::machine) fn store_session(&mut self, session: &StoredSession) {
        store(&mut self.out, &self.keys, session);
    }

    /// Stores a new session, enters `SignedIn` and tells listeners.
    pub(in crate::machine) fn signed_in(
        &mut self,
        session: StoredSession,
        device: Option<crate::machine::sign_in::DeviceKeys>,
    ) {
        // A sign-in flow runs only while signed out: entering the session ends it (the
        // flows that finish here have left it already).
        self.interrupt_sign_in("a sign-in");
        self.new_epoch();
        for op in self.identity.forget_user() {
            self.complete(op, Ok(Output::Session(AuthSession::default())));
        }
        self.store_session(&session);
        self.emit(AuthEvent::SignedIn(auth_user(&session)));
        self.session.state = State::SignedIn(Box::new(Active::new(session, device)));
    }

    pub(in crate::machine) fn get_current_user(&mut self, op: OpId) {
        let result = match self.session.active() {
            Some(active) => Ok(Output::User(auth_user(&active.session))),
            None => Err(AuthError::Unauthenticated),
        };
        self.complete(op, result);
    }

    /// Clears the stored session locally and enters `SignedOut`; completes `op` with an
    /// empty session.
    pub(in crate::machine) fn end_session(&mut self, op: Option<OpId>) {
        self.end_session_told(op, true);
    }

    /// `end_session`; `announce`: emit `signedOut` (not after a refused refresh token, which
    /// Amplify tells as `tokenRefresh_failure` only).
    pub(in crate::machine) fn end_session_told(&mut self, op: Option<OpId>, announce: bool) {
        for waiter in self.identity.forget_user() {
            self.complete(waiter, Ok(Output::Session(AuthSession::default())));
        }
        match std::mem::replace(&mut self.session.state, State::SignedOut) {
            State::SignedIn(active) => {
                self.new_epoch();
                self.remove_session_keys(&active.session.username);
                if announce {
                    self.emit(AuthEvent::SignedOut);
                }
                if let Some(refresh) = active.refresh {
                    self.abandon_refresh(refresh);
                }
            }
            // Not signed in (a late `deleteUser` answer after a sign-out): a sign-in or
            // restore running now is not this session's to end.
            other => self.session.state = other,
        }
        if let Some(op) = op {
            self.complete(op, Ok(Output::Session(AuthSession::default())));
        }
    }

    pub(in crate::machine) fn sign_out(&mut self, op: OpId, global: bool, origin: Option<String>) {
        match std::mem::replace(&mut self.session.state, State::SignedOut) {
            State::SignedIn(active) => {
                self.new_epoch();
                for waiter in self.identity.forget_user() {
                    self.complete(waiter, Ok(Output::Session(AuthSession::default())));
                }
                let tokens = &active.session.tokens;
                // Clear locally first: the user is signed out even if the network is down.
                self.remove_session_keys(&active.session.username);
                let server_call = if global {
                    let call = GlobalSignOut {
                        access_token: tokens.access.raw(),
                    };
                    Some((call.op(), call.body(&self.config)))
                } else {
                    match (&tokens.refresh, tokens.access.origin_jti()) {
                        (Some(refresh_token), Some(_)) => {
                            let call = RevokeToken { refresh_token };
                            Some((call.op(), call.body(&self.config)))
                        }
                        _ => None,
                    }
                };
                self.emit(AuthEvent::SignedOut);
                if let Some(refresh) = active.refresh {
                    self.abandon_refresh(refresh);
                }
                match server_call {
                    Some((call, body)) => {
                        let id = self.send(call, &body);
                        self.session
                            .sign_outs
                            .insert(id, SignOutRequest { op, origin });
                    }
                    None => {
                        self.oauth_sign_out_navigation(origin.as_deref());
                        self.complete(op, Ok(Output::Done));
                    }
                }
            }
            other => {
                self.session.state = other;
                self.interrupt_sign_in("signOut");
                self.complete(op, Ok(Output::Done));
            }
        }
    }

    /// A sign-out's server call answered (errors are swallowed: the user is signed out).
    pub(in crate::machine) fn sign_out_answered(&mut self, request: SignOutRequest) {
        self.oauth_sign_out_navigation(request.origin.as_deref());
        self.complete(request.op, Ok(Output::Done));
    }
}
