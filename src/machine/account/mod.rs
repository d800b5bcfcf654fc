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

use super::sign_in::AutoSignIn;
use super::{
    AuthError, AuthMachine, Command, Effect, OpId, Output, RequestId, SignInInput, UnixMillis,
    Waiter,
};
use crate::map::VecMap;
use crate::session::Secret;

/// How long a sign-up's password is kept for `autoSignIn` (memory only, never stored).
pub const AUTO_SIGN_IN_TTL_MS: i64 = 3 * 60 * 1000;

/// An account call in flight: its operation, the pages fetched so far (for
/// `fetchDevices`), and the session that sent it (`epoch`): an answer that changes a
/// session (`deleteUser`, `forgetDevice`) changes only that one.
#[derive(Debug)]
pub(super) struct AccountRequest {
    op: OpId,
    call: Command,
    pages: Vec<Json>,
    epoch: u64,
}

/// The account calls in flight.
#[derive(Debug, Default)]
pub(super) struct Calls {
    in_flight: VecMap<RequestId, AccountRequest>,
}

impl Calls {
    /// Whether `id` is an account call's request; takes it.
    pub(super) fn take(&mut self, id: RequestId) -> Option<AccountRequest> {
        self.in_flight.remove(&id)
    }
}

impl AuthMachine {
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
        if !self.session.is_signed_in() {
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
        let (access, device_key) = match self.session.active() {
            Some(a) => (
                Some(a.session.tokens.access.raw().clone()),
                a.device.as_ref().map(|d| d.device_key.clone()),
            ),
            None => (None, None),
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
                let request = AccountRequest {
                    op,
                    call,
                    pages,
                    epoch: self.sync.epoch,
                };
                self.account.in_flight.insert(id, request);
            }
            Err(e) => self.complete(op, Err(e)),
        }
    }

    /// The answer to an account call. If the session that sent it is no longer the
    /// current one, the answer leaves the current session alone.
    pub(super) fn account_response(
        &mut self,
        request: AccountRequest,
        parsed: Result<Map, AuthError>,
    ) {
        let AccountRequest {
            op,
            call,
            pages,
            epoch,
        } = request;
        let same_session = epoch == self.sync.epoch && self.session.is_signed_in();
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
        let Some(active) = self.session.active() else {
            return self.complete(op, Err(AuthError::Unauthenticated));
        };
        let request = crate::cognito::CompleteWebAuthnRegistration {
            access_token: active.session.tokens.access.raw(),
            credential: &credential,
        };
        let (op_name, body) = (request.op(), request.body(&self.config));
        let id = self.send(op_name, &body);
        self.ceremonies.completions.insert(id, op);
    }

    /// Drops this device's keys when `forgotten` is it (or `None`, meaning this device).
    pub(super) fn forget_current_device(&mut self, forgotten: Option<String>) {
        let Some(active) = self.session.active_mut() else {
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
        // Not confirmed yet: it keeps waiting for confirmSignUp.
        let Some(auto) = self.sign_in.take_ready_auto_sign_in(now) else {
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
