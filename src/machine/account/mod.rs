//! Account calls: sign-up and confirmation with reliable auto sign-in, passwords, MFA
//! preferences and TOTP, attributes, devices, deleting the user. Each is one request (or a
//! chain of pages) the host executes; calls that need an access token wait for a refresh
//! when the tokens are stale, like `fetchAuthSession`.

mod calls;

use crate::json::{json, Json, Map};

use super::{
    AuthError, AuthMachine, AutoSignInOption, Command, Effect, OpId, Output, SideRequest,
    SignInInput, SignInOptions, State, UnixMillis, Waiter,
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

    fn send_account_page(
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
        match calls::request(
            &self.config,
            &call,
            access.as_ref(),
            device_key.as_deref(),
            page_token,
        ) {
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
        mut pages: Vec<Json>,
        parsed: Result<Map, AuthError>,
        same_session: bool,
    ) {
        let now = self.last_now;
        let body = match parsed {
            Ok(body) => body,
            Err(e) => return self.complete(op, Err(e)),
        };
        let value = |v: Json| Ok(Output::Value(v));
        let result = match call {
            Command::SignUp {
                username,
                password,
                options,
            } => {
                let confirmed = body
                    .get("UserConfirmed")
                    .and_then(Json::as_bool)
                    .unwrap_or(false);
                let auto = match options.auto_sign_in {
                    Some(AutoSignInOption::Enabled(true)) => Some(SignInOptions::default()),
                    Some(AutoSignInOption::Options(o)) => Some(o),
                    _ => None,
                };
                let auto_enabled = auto.is_some();
                if let Some(options) = auto {
                    self.auto_sign_in = Some(AutoSignIn {
                        username: username.clone(),
                        password,
                        options,
                        session: body.get("Session").and_then(Json::as_str).map(Secret::new),
                        confirmed,
                        expires_at: now.saturating_add(AUTO_SIGN_IN_TTL_MS),
                    });
                }
                let step = match (confirmed, auto_enabled) {
                    (false, _) => "CONFIRM_SIGN_UP",
                    (true, true) => "COMPLETE_AUTO_SIGN_IN",
                    (true, false) => "DONE",
                };
                let mut next = json!({"signUpStep": step});
                if !confirmed {
                    next["codeDeliveryDetails"] = calls::delivery(body.get("CodeDeliveryDetails"));
                }
                let mut out = json!({"isSignUpComplete": confirmed, "nextStep": next});
                if let Some(sub) = body.get("UserSub").and_then(Json::as_str) {
                    out["userId"] = json!(sub);
                }
                value(out)
            }
            Command::ConfirmSignUp { username, .. } => {
                let auto = self
                    .auto_sign_in
                    .as_mut()
                    .filter(|a| a.username == username && a.expires_at > now);
                let step = match auto {
                    Some(auto) => {
                        auto.confirmed = true;
                        if let Some(s) = body.get("Session").and_then(Json::as_str) {
                            auto.session = Some(Secret::new(s));
                        }
                        "COMPLETE_AUTO_SIGN_IN"
                    }
                    None => "DONE",
                };
                value(json!({"isSignUpComplete": true, "nextStep": {"signUpStep": step}}))
            }
            Command::ResendSignUpCode { .. }
            | Command::SendUserAttributeVerificationCode { .. } => {
                value(calls::delivery(body.get("CodeDeliveryDetails")))
            }
            Command::ResetPassword { .. } => value(json!({"isPasswordReset": false, "nextStep": {
                "resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE",
                "codeDeliveryDetails": calls::delivery(body.get("CodeDeliveryDetails"))}})),
            Command::SetUpTotp => match body.get("SecretCode").and_then(Json::as_str) {
                Some(secret) if !secret.is_empty() => value(json!({"sharedSecret": secret})),
                _ => Err(AuthError::MalformedResponse {
                    operation: "AssociateSoftwareToken",
                    detail: "SecretCode missing",
                }),
            },
            Command::FetchMfaPreference => value(calls::mfa_preference(&body)),
            Command::FetchUserAttributes => calls::user_attributes(&body).map(Output::Value),
            Command::UpdateUserAttributes {
                user_attributes, ..
            } => value(calls::update_attributes(&user_attributes, &body)),
            Command::FetchDevices { limit, next_token } => {
                pages.extend(
                    body.get("Devices")
                        .and_then(Json::as_array)
                        .into_iter()
                        .flatten()
                        .map(calls::device),
                );
                let token = body
                    .get("PaginationToken")
                    .and_then(Json::as_str)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned);
                if limit.is_some() || next_token.is_some() {
                    let mut out = json!({"devices": pages});
                    if let Some(token) = token {
                        out["nextToken"] = json!(token);
                    }
                    value(out)
                } else if let Some(token) = token {
                    if !same_session {
                        // The next page would be another session's.
                        return self.complete(op, Err(AuthError::Unauthenticated));
                    }
                    // Follow the pages to the end (Amplify stops at the first 60).
                    let call = Command::FetchDevices { limit, next_token };
                    return self.send_account_page(op, call, pages, Some(&token));
                } else {
                    value(Json::Array(pages))
                }
            }
            Command::AssociateWebAuthnCredential => {
                let Some(options) = body
                    .get("CredentialCreationOptions")
                    .filter(|o| o.is_object())
                else {
                    return self.complete(
                        op,
                        Err(AuthError::MalformedResponse {
                            operation: "StartWebAuthnRegistration",
                            detail: "CredentialCreationOptions missing",
                        }),
                    );
                };
                let State::SignedIn(active) = &self.state else {
                    return self.complete(op, Err(AuthError::Unauthenticated));
                };
                let owner = active.session.username.clone();
                let id = self.out.next_id();
                self.out.push(Effect::WebAuthn {
                    id,
                    ceremony: super::Ceremony::Create,
                    options: options.clone(),
                });
                self.passkey_registrations.insert(id, (op, owner));
                return;
            }
            Command::ListWebAuthnCredentials {
                page_size,
                next_token,
            } => {
                pages.extend(
                    body.get("Credentials")
                        .and_then(Json::as_array)
                        .into_iter()
                        .flatten()
                        .map(calls::passkey),
                );
                let token = body
                    .get("NextToken")
                    .and_then(Json::as_str)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned);
                if page_size.is_some() || next_token.is_some() {
                    let mut out = json!({"credentials": pages});
                    if let Some(token) = token {
                        out["nextToken"] = json!(token);
                    }
                    value(out)
                } else if let Some(token) = token {
                    if !same_session {
                        return self.complete(op, Err(AuthError::Unauthenticated));
                    }
                    let call = Command::ListWebAuthnCredentials {
                        page_size,
                        next_token,
                    };
                    return self.send_account_page(op, call, pages, Some(&token));
                } else {
                    value(json!({"credentials": pages}))
                }
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
            _ => Ok(Output::Done),
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
        let body = json!({
            "AccessToken": active.session.tokens.access.raw().expose(),
            "Credential": credential,
        });
        let id = self.send(
            crate::cognito::UserPoolOp::CompleteWebAuthnRegistration,
            &body,
        );
        self.side_requests
            .insert(id, SideRequest::PasskeyRegistered { op });
    }

    /// Drops this device's keys when `forgotten` is it (or `None`, meaning this device).
    fn forget_current_device(&mut self, forgotten: Option<String>) {
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
