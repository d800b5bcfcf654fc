//! Account calls: sign-up and confirmation with reliable auto sign-in, passwords, MFA
//! preferences and TOTP, attributes, devices, deleting the user. Each is one request (or a
//! chain of pages) the host executes; calls that need an access token wait for a refresh
//! when the tokens are stale, like `fetchAuthSession`.

mod calls;
mod lists;
mod profile;
mod sign_up;

use crate::cognito::UserPoolRequest;
use crate::json::{Json, Map};

use super::{
    AuthError, AuthMachine, Command, Effect, OpId, Output, SideRequest, SignInInput, SignInOptions,
    State, UnixMillis, Waiter,
};
use crate::session::Secret;

/// How long a sign-up's password is kept for `autoSignIn` (memory only, never stored).
pub const AUTO_SIGN_IN_TTL_MS: i64 = 3 * 60 * 1000;

/// A sign-up that will sign in by itself once confirmed. Redacted `Debug`.
pub(super) struct AutoSignIn {
    username: String,
    password: Option<Secret>,
    options: SignInOptions,
    session: Option<Secret>,
    confirmed: bool,
    expires_at: UnixMillis,
}

impl std::fmt::Debug for AutoSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoSignIn")
            .field("username", &self.username)
            .field("confirmed", &self.confirmed)
            .finish_non_exhaustive()
    }
}

impl AuthMachine {
    /// When the auto sign-in's password is wiped.
    pub(in crate::machine) fn auto_sign_in_deadline(&self) -> Option<UnixMillis> {
        self.auto_sign_in.as_ref().map(|a| a.expires_at)
    }

    /// Wipes an auto sign-in whose three minutes are over (called on every input).
    pub(super) fn expire_auto_sign_in(&mut self, now: UnixMillis) {
        if self
            .auto_sign_in
            .as_ref()
            .is_some_and(|a| a.expires_at <= now)
        {
            self.auto_sign_in = None;
        }
    }

    pub(super) fn account(&mut self, now: UnixMillis, op: OpId, call: Command, random: Vec<u8>) {
        if let Command::AutoSignIn = call {
            return self.auto_sign_in(now, op, random);
        }
        if let Err(e) = calls::validate(&call) {
            return self.complete(op, Err(e));
        }
        if !calls::needs_token(&call) {
            return self.send_account(op, call);
        }
        if !matches!(self.state, State::SignedIn(_)) {
            return self.complete(op, Err(AuthError::Unauthenticated));
        }
        if let Some(waiter) = self.wait_for_tokens(now, Waiter::Account { op, call }, false) {
            self.resume(now, waiter);
        }
    }

    /// Sends the call (its first page) now.
    pub(super) fn send_account(&mut self, op: OpId, call: Command) {
        self.send_account_page(op, call, Vec::new(), None);
    }

    pub(super) fn send_account_page(
        &mut self,
        op: OpId,
        call: Command,
        pages: Vec<Json>,
        page_token: Option<&str>,
    ) {
        let (access, device_key) = match &self.state {
            State::SignedIn(a) => (
                Some(a.session.tokens.access.raw().clone()),
                a.device.as_ref().map(|d| d.device_key.clone()),
            ),
            _ => (None, None),
        };
        if calls::needs_token(&call) && access.is_none() {
            return self.complete(op, Err(AuthError::Unauthenticated));
        }
        let no_token = Secret::new("");
        let context = calls::RequestContext {
            config: &self.config,
            token: access.as_ref().unwrap_or(&no_token),
            device_key: device_key.as_deref(),
            page_token,
        };
        match calls::request_for(&context, &call) {
            Ok(request) => {
                let id = self.send(request.op, &request.body);
                self.side_requests.insert(
                    id,
                    SideRequest::Account {
                        op,
                        call,
                        pages,
                        epoch: self.sync.epoch,
                    },
                );
            }
            Err(e) => self.complete(op, Err(e)),
        }
    }

    /// The answer to an account call. `same_session`: the session that sent it is still
    /// the current one (else the answer leaves the current session alone).
    pub(super) fn account_response(
        &mut self,
        op: OpId,
        call: Command,
        pages: Vec<Json>,
        parsed: Result<Map, AuthError>,
        same_session: bool,
    ) {
        let now = self.last_now;
        let body = match parsed {
            Ok(body) => body,
            Err(e) => return self.complete(op, Err(e)),
        };
        let result = match call {
            Command::SignUp {
                username,
                password,
                options,
            } => Ok(self.signed_up(now, username, password, options.auto_sign_in, &body)),
            Command::ConfirmSignUp { username, .. } => {
                Ok(self.sign_up_confirmed(now, &username, &body))
            }
            Command::FetchDevices { .. } | Command::ListWebAuthnCredentials { .. } => {
                return self.page_answered(op, call, pages, &body, same_session);
            }
            Command::AssociateWebAuthnCredential => {
                return self.passkey_options_answered(op, &body);
            }
            Command::ForgetDevice { device } => {
                if same_session {
                    self.forget_current_device(device.map(|d| d.id));
                }
                Ok(Output::Done)
            }
            Command::DeleteUser => {
                if same_session {
                    self.forget_current_device(None);
                    self.end_session(None);
                }
                Ok(Output::Done)
            }
            call => profile::answer(&call, &body),
        };
        self.complete(op, result);
    }

    /// The browser created a passkey: hand it to Cognito.
    pub(super) fn passkey_created(&mut self, op: OpId, result: Result<Json, AuthError>) {
        let credential = match result {
            Ok(c) => c,
            Err(e) => return self.complete(op, Err(e)),
        };
        let State::SignedIn(active) = &self.state else {
            return self.complete(op, Err(AuthError::Unauthenticated));
        };
        let request = crate::cognito::CompleteWebAuthnRegistration {
            access_token: active.session.tokens.access.raw(),
            credential: &credential,
        };
        let (op_name, body) = (request.op(), request.body(&self.config));
        let id = self.send(op_name, &body);
        self.side_requests
            .insert(id, SideRequest::PasskeyRegistered { op });
    }

    /// Drops this device's keys when `forgotten` is it (or `None`, meaning this device).
    pub(super) fn forget_current_device(&mut self, forgotten: Option<String>) {
        let State::SignedIn(active) = &mut self.state else {
            return;
        };
        let Some(device) = &active.device else {
            return;
        };
        if forgotten.is_some_and(|id| id != device.device_key) {
            return;
        }
        active.device = None;
        let mut owners = vec![active.session.username.clone()];
        if let Some(login) = active
            .session
            .sign_in_details
            .as_ref()
            .and_then(|d| d.login_id.clone())
        {
            owners.push(login);
        }
        for owner in owners {
            for name in crate::session::USER_DEVICE_KEYS {
                self.out.push(Effect::Remove {
                    key: self.keys.user(&owner, name),
                });
            }
        }
    }

    fn auto_sign_in(&mut self, now: UnixMillis, op: OpId, random: Vec<u8>) {
        let ready = self
            .auto_sign_in
            .as_ref()
            .is_some_and(|a| a.confirmed && a.expires_at > now);
        // Not confirmed yet: it keeps waiting for confirmSignUp.
        let Some(auto) = self.auto_sign_in.take_if(|_| ready) else {
            return self.complete(op, Err(AuthError::AutoSignIn));
        };
        let AutoSignIn {
            username,
            password,
            options,
            session,
            ..
        } = auto;
        self.sign_in_with(
            op,
            SignInInput {
                username,
                password,
                options,
            },
            random,
            session,
        );
    }
}
