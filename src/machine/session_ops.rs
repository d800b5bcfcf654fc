//! The session: restore on start, `getCurrentUser`, `signOut`, and what they share.

use crate::json::{json, Json};
use crate::map::VecMap;

use super::{
    Active, AuthError, AuthEvent, AuthMachine, AuthSession, AuthUser, Effect, OpId, Output,
    RequestId, RestoreStage, SessionTokens, SideRequest, State, UnixMillis,
};
use crate::cognito::UserPoolOp;
use crate::session::{Jwt, Secret, StoredSession, USER_TOKEN_KEYS};

/// The user as `getCurrentUser` reports it.
pub(super) fn auth_user(session: &StoredSession) -> AuthUser {
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

pub(super) fn auth_session(session: &StoredSession) -> AuthSession {
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

impl AuthMachine {
    pub(super) fn start(&mut self) {
        if !matches!(self.state, State::Created) {
            return;
        }
        let load = self.next_id();
        let mut keys = vec![
            self.keys.last_auth_user(),
            super::sign_in::saved_state_key(&self.keys),
        ];
        keys.extend(self.identity_key());
        self.effects.push_back(Effect::Load { id: load, keys });
        self.set_state(State::Restoring {
            load,
            stage: RestoreStage::LastAuthUser,
        });
    }

    pub(super) fn storage_loaded(
        &mut self,
        now: UnixMillis,
        id: RequestId,
        values: VecMap<String, Option<String>>,
    ) {
        if self.is_oauth_load(id) {
            return self.oauth_keys_loaded(now, &values);
        }
        if self.is_refresh_read(id) {
            return self.refresh_read(now, id, &values);
        }
        if let Some((user, epoch)) = self.guarded_removals.remove(&id) {
            if epoch == self.epoch {
                self.remove_last_auth_user_if(&user, &values);
            }
            return;
        }
        if let State::LoadingDevice(loading) = &self.state {
            if loading.load == id {
                self.sign_in_device_loaded(&values);
            }
            return;
        }
        let State::Restoring { load, stage } = &self.state else {
            return;
        };
        if *load != id {
            return;
        }
        match stage {
            RestoreStage::LastAuthUser => {
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
                match user {
                    Some(user) => {
                        let saved_key = super::sign_in::saved_state_key(&self.keys);
                        if values.get(&saved_key).is_some_and(Option::is_some) {
                            // Signed in already: a leftover sign-in step is moot.
                            self.effects.push_back(Effect::Remove { key: saved_key });
                        }
                        let load = self.next_id();
                        let keys = USER_TOKEN_KEYS
                            .iter()
                            .chain(crate::session::USER_DEVICE_KEYS.iter())
                            .map(|name| self.keys.user(&user, name))
                            .collect();
                        self.effects.push_back(Effect::Load { id: load, keys });
                        self.set_state(State::Restoring {
                            load,
                            stage: RestoreStage::User(user),
                        });
                    }
                    None if self.resync.is_some() => {
                        self.set_state(State::SignedOut);
                        self.finish_resync(None);
                        self.drain_queue(now);
                    }
                    None => {
                        self.set_state(State::SignedOut);
                        let saved = values
                            .get(&super::sign_in::saved_state_key(&self.keys))
                            .cloned()
                            .flatten();
                        if let Some(saved) = saved {
                            if self.resume_saved_sign_in(&saved, now).is_none() {
                                // Expired or unreadable: clean it up.
                                self.effects.push_back(Effect::Remove {
                                    key: super::sign_in::saved_state_key(&self.keys),
                                });
                            }
                        }
                        self.drain_queue(now);
                    }
                }
            }
            RestoreStage::User(user) => {
                let user = user.clone();
                match StoredSession::from_storage(&user, &values, &self.keys) {
                    Ok(session) => {
                        let device =
                            super::sign_in::DeviceKeys::from_storage(&self.keys, &user, &values);
                        let current = session.clone();
                        self.set_state(State::SignedIn(Active {
                            session,
                            refresh: None,
                            device,
                        }));
                        if self.resync.is_some() {
                            self.finish_resync(Some(&current));
                        }
                    }
                    Err(_) if self.resync.is_some() => {
                        // Another tab is mid-write (or signed out): its writes are its own.
                        self.set_state(State::SignedOut);
                        self.finish_resync(None);
                    }
                    Err(_) => {
                        // Corrupt or partial: clean up, never crash, start signed out.
                        self.remove_session_keys(&user);
                        self.set_state(State::SignedOut);
                    }
                }
                self.drain_queue(now);
            }
        }
    }

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
            self.refresh_overtaken();
            self.resync_pending = true;
            self.resync_if_settled();
        }
    }

    /// Re-reads the session if another tab changed it and nothing here is in progress (a
    /// change that lands mid-flow is followed as soon as the flow settles).
    pub(super) fn resync_if_settled(&mut self) {
        if !self.resync_pending {
            return;
        }
        let previous = match &self.state {
            State::SignedOut => None,
            State::SignedIn(active) if active.refresh.is_none() => Some(active.session.clone()),
            _ => return,
        };
        self.resync_pending = false;
        self.resync = Some(previous);
        let load = self.next_id();
        self.effects.push_back(Effect::Load {
            id: load,
            keys: vec![self.keys.last_auth_user()],
        });
        self.set_state(State::Restoring {
            load,
            stage: RestoreStage::LastAuthUser,
        });
    }

    /// Compares the session read again with the one before and tells listeners.
    fn finish_resync(&mut self, now_session: Option<&StoredSession>) {
        let Some(before) = self.resync.take() else {
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
    fn remove_session_keys(&mut self, username: &str) {
        let last = self.keys.last_auth_user();
        for key in StoredSession::clear_keys(username, &self.keys) {
            if key != last {
                self.effects.push_back(Effect::Remove { key });
            }
        }
        let load = self.next_id();
        // Callers have already moved to the next epoch: a sign-in here meanwhile moves it
        // again, and its own `LastAuthUser` stays.
        self.guarded_removals
            .insert(load, (username.to_owned(), self.epoch));
        self.effects.push_back(Effect::Load {
            id: load,
            keys: vec![last],
        });
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
            self.effects.push_back(Effect::Remove { key });
        }
    }

    /// A new session identity: work started for the previous one writes nothing for it.
    pub(super) fn new_epoch(&mut self) {
        self.epoch += 1;
    }

    pub(super) fn store_session(&mut self, session: &StoredSession) {
        for (key, value) in session.storage_entries(&self.keys) {
            self.effects.push_back(match value {
                Some(value) => Effect::Store {
                    key,
                    value: Secret::new(value),
                },
                None => Effect::Remove { key },
            });
        }
    }

    /// Stores a new session, enters `SignedIn` and tells listeners.
    pub(super) fn signed_in(
        &mut self,
        session: StoredSession,
        device: Option<super::sign_in::DeviceKeys>,
    ) {
        self.new_epoch();
        for op in self.identity.forget_user() {
            self.complete(op, Ok(Output::Session(AuthSession::default())));
        }
        self.store_session(&session);
        self.emit(AuthEvent::SignedIn(auth_user(&session)));
        self.set_state(State::SignedIn(Active {
            session,
            refresh: None,
            device,
        }));
    }

    pub(super) fn get_current_user(&mut self, op: OpId) {
        let result = match &self.state {
            State::SignedIn(active) => Ok(Output::User(auth_user(&active.session))),
            _ => Err(AuthError::Unauthenticated),
        };
        self.complete(op, result);
    }

    /// Clears the stored session locally and enters `SignedOut`; completes `op` with an
    /// empty session.
    pub(super) fn end_session(&mut self, op: Option<OpId>) {
        self.end_session_told(op, true);
    }

    /// `end_session`; `announce`: emit `signedOut` (not after a refused refresh token, which
    /// Amplify tells as `tokenRefresh_failure` only).
    pub(super) fn end_session_told(&mut self, op: Option<OpId>, announce: bool) {
        for waiter in self.identity.forget_user() {
            self.complete(waiter, Ok(Output::Session(AuthSession::default())));
        }
        match std::mem::replace(&mut self.state, State::SignedOut) {
            State::SignedIn(active) => {
                self.revision += 1;
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
            other => self.state = other,
        }
        if let Some(op) = op {
            self.complete(op, Ok(Output::Session(AuthSession::default())));
        }
    }

    pub(super) fn sign_out(&mut self, op: OpId, global: bool, origin: Option<String>) {
        match std::mem::replace(&mut self.state, State::SignedOut) {
            State::SignedIn(active) => {
                self.revision += 1;
                self.new_epoch();
                for waiter in self.identity.forget_user() {
                    self.complete(waiter, Ok(Output::Session(AuthSession::default())));
                }
                let tokens = &active.session.tokens;
                // Clear locally first: the user is signed out even if the network is down.
                self.remove_session_keys(&active.session.username);
                let server_call = if global {
                    let body = json!({ "AccessToken": tokens.access.raw().expose() });
                    Some((UserPoolOp::GlobalSignOut, body))
                } else {
                    match (&tokens.refresh, tokens.access.origin_jti()) {
                        (Some(refresh), Some(_)) => {
                            let mut body = json!({
                                "Token": refresh.expose(),
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
                            Some((UserPoolOp::RevokeToken, body))
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
                        self.side_requests
                            .insert(id, SideRequest::SignOut { op, origin });
                    }
                    None => {
                        self.oauth_sign_out_navigation(origin.as_deref());
                        self.complete(op, Ok(Output::Done));
                    }
                }
            }
            other => {
                self.state = other;
                self.interrupt_sign_in("signOut");
                self.complete(op, Ok(Output::Done));
            }
        }
    }
}
