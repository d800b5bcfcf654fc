//! `fetchAuthSession`: tokens, refreshed lazily (or on demand) by one request at a time.

use serde_json::{json, Map, Value};

use super::{
    AuthError, AuthEvent, AuthMachine, OpId, RefreshFlow, RequestId, State, UnixMillis, Waiter,
};
use crate::cognito::{self, AuthResponse, UserPoolOp};
use crate::session::{StoredSession, Tokens};

/// A refresh in flight and everyone waiting for it.
#[derive(Debug)]
pub(super) struct Refresh {
    pub(super) request: RequestId,
    via: UserPoolOp,
    waiters: Vec<Waiter>,
}

impl Refresh {
    /// Everyone waiting for this refresh.
    pub(super) fn into_waiters(self) -> Vec<Waiter> {
        self.waiters
    }
}

impl AuthMachine {
    pub(super) fn fetch_auth_session(&mut self, now: UnixMillis, op: OpId, force: bool) {
        let waiter = Waiter::Session { op, force };
        if let Some(waiter) = self.wait_for_tokens(now, waiter, force) {
            self.resume(now, waiter);
        }
    }

    /// Joins the refresh in flight, starts one when the tokens are expired (or `force`),
    /// or hands the waiter back when the tokens are good (or nobody is signed in).
    pub(super) fn wait_for_tokens(&mut self, now: UnixMillis, waiter: Waiter, force: bool) -> Option<Waiter> {
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
            RefreshFlow::Auto if !self.rotation_unsupported => UserPoolOp::GetTokensFromRefreshToken,
            _ => UserPoolOp::InitiateAuth,
        }
    }

    fn start_refresh(&mut self, waiters: Vec<Waiter>) {
        let State::SignedIn(active) = &self.state else {
            return;
        };
        let tokens = &active.session.tokens;
        let Some(refresh_token) = tokens.refresh.clone() else {
            // Expired with nothing to refresh it with: the session is over.
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
                    obj.insert("ClientSecret".into(), Value::String(secret.expose().to_owned()));
                }
                body
            }
            _ => {
                let mut params = Map::new();
                params.insert(
                    "REFRESH_TOKEN".into(),
                    Value::String(refresh_token.expose().to_owned()),
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
                request,
                via,
                waiters,
            });
        }
    }

    pub(super) fn refresh_response(
        &mut self,
        now: UnixMillis,
        parsed: Result<Map<String, Value>, AuthError>,
    ) {
        let State::SignedIn(active) = &mut self.state else {
            return;
        };
        let Some(refresh) = active.refresh.take() else {
            return;
        };
        let result = parsed.and_then(|body| {
            match cognito::parse_auth_response(refresh.via.name(), &body)? {
                AuthResponse::Authenticated(result) => Ok(result),
                AuthResponse::Challenge(c) => Err(AuthError::UnexpectedChallenge(c.name)),
            }
        });
        match result {
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
                };
                active.session = session.clone();
                self.revision += 1;
                self.store_session(&session);
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
                self.start_refresh(refresh.waiters);
            }
            Err(error) if error.ends_session() => {
                // The refresh token is dead (Amplify's list): the session ends. Callers get
                // an empty session, as Amplify returns for NotAuthorizedException.
                self.emit(AuthEvent::TokenRefreshFailure {
                    error: error.clone(),
                });
                self.end_session(None);
                self.release_signed_out(refresh.waiters);
            }
            Err(error) => {
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
