//! The authenticator as a sans-IO state machine.
//!
//! Drive it like this (the single-mutation rule): feed one [`Input`] with
//! [`AuthMachine::handle`], then drain [`AuthMachine::poll_effect`] until it returns `None`,
//! carrying out every [`Effect`] in order (HTTP requests may run concurrently; storage
//! writes must be applied in order). Answer `Http` and `Load` effects with `HttpResult` and
//! `StorageLoaded` inputs carrying the same id. Each command completes exactly once with an
//! [`Effect::Complete`] for its operation id.

/// The [`session::Io`] over a machine's fields. A macro, so that it borrows the fields one by
/// one and the concern a transition runs on (`session`, `sign_in`) stays free to borrow.
macro_rules! io_of {
    ($machine:expr) => {
        $crate::machine::session::Io {
            out: &mut $machine.out,
            keys: &$machine.keys,
            config: &$machine.config,
            options: &$machine.options,
            url: &$machine.url,
            now: $machine.last_now,
        }
    };
}

mod account;
mod config;
mod effect;
mod error;
mod identity;
mod input;
mod oauth;
mod passkeys;
mod session;
mod sign_in;
mod snapshot;
mod tab_sync;
mod timers;
mod view;

pub use crate::url::{query_params, totp_setup_uri};
pub use config::{Config, RefreshFlow};
pub use oauth::{pkce_challenge, OAuthConfig, Provider, RedirectOptions};

pub use crate::cognito::{AuthFactor, ChallengeName, DeliveryMedium, MfaType, SignInStep};
pub use effect::{
    AuthEvent, AuthSession, AuthUser, Ceremony, CodeDeliveryDetails, CredentialsOut, Effect,
    JwtOut, NextStep, Output, SessionTokens, SignInOutput, TotpSetupDetails,
};
pub use error::{AuthError, SESSION_ENDING_ERRORS};
pub use input::{
    AuthFlowType, AutoSignInOption, CodeOptions, Command, ConfirmSignInInput, ConfirmSignInOptions,
    DeviceRef, HttpOutcome, Input, MfaPreference, OpId, PasskeyError, RequestId, SignInInput,
    SignInOptions, SignUpOptions, VerifyTotpOptions, COMMAND_ENTROPY_BYTES,
};
pub use snapshot::{AuthStatus, Snapshot};
use std::collections::VecDeque;
pub use view::View;

use crate::cognito::{self, HttpRequest, UserPoolOp};
use crate::json::Json;
use crate::session::StorageKeys;
use session::{RestoreStage, Session, State, Waiter};
use sign_in::SignIn;

/// Unix time in milliseconds, as the host's clock reads it.
pub type UnixMillis = i64;

/// The effects waiting for [`AuthMachine::poll_effect`], and the ids that tie answers to
/// the effects that asked for them.
#[derive(Debug)]
struct Outbox {
    effects: VecDeque<Effect>,
    next_id: RequestId,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            effects: VecDeque::new(),
            next_id: 1,
        }
    }
}

impl Outbox {
    /// Queues an effect for the host.
    fn push(&mut self, effect: Effect) {
        self.effects.push_back(effect);
    }

    /// Tells listeners about a change made here.
    fn emit(&mut self, event: AuthEvent) {
        self.push(Effect::Emit {
            event,
            other_tab: false,
        });
    }

    /// Sends a user pool request to `url`.
    fn send(&mut self, url: &str, op: UserPoolOp, body: &Json) -> RequestId {
        let id = self.next_id();
        let request: HttpRequest = cognito::request(url, op, body);
        self.push(Effect::Http {
            id,
            request,
            retry: op.is_retry_safe(),
        });
        id
    }

    /// A fresh id for a request, load, lock or ceremony.
    fn next_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// A user pool answer as its JSON body, or the error it (or the transport) carries.
fn parse(outcome: HttpOutcome) -> Result<crate::json::Map, AuthError> {
    match outcome {
        HttpOutcome::Response(r) => cognito::parse_response(&r).map_err(AuthError::from),
        HttpOutcome::Failure(f) => Err(AuthError::from(f)),
    }
}

/// A waiting command's random bytes: redacted in `Debug` (they seed SRP's private `a`).
struct Random(Vec<u8>);

impl std::fmt::Debug for Random {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Random({} bytes)", self.0.len())
    }
}

/// The authenticator. See the module docs for the driving loop.
#[derive(Debug)]
pub struct AuthMachine {
    config: cognito::UserPoolConfig,
    options: Config,
    url: String,
    identity_url: Option<String>,
    identity: identity::Identity,
    /// The session: restore, the signed-in user and its refresh, sign-out.
    session: Session,
    /// The sign-in flow (only while the session is signed out), auto sign-in and the
    /// `ConfirmDevice` calls of finished sign-ins.
    sign_in: SignIn,
    /// Account calls in flight.
    account: account::Calls,
    /// The hosted-UI callback being finished, if any.
    hosted_ui: oauth::HostedUi,
    /// The time of the input being handled.
    last_now: UnixMillis,
    /// The host's WebAuthn ceremonies in progress.
    ceremonies: passkeys::Ceremonies,
    keys: StorageKeys,
    /// The effects not yet polled, and the next request id.
    out: Outbox,
    /// Following other tabs: the session identity (epoch) and the re-read of the session.
    sync: tab_sync::TabSync,
    /// The snapshot's revision and the content it was computed for (see
    /// [`AuthMachine::settle_revision`]).
    revision: snapshot::Revision,
    /// The view [`AuthMachine::poll_view`] handed out last.
    published: Option<View>,
}

impl AuthMachine {
    /// A machine for one user pool app client. Fails on an unusable configuration.
    pub fn new(config: impl Into<Config>) -> Result<AuthMachine, AuthError> {
        let options: Config = config.into();
        let config = options.user_pool.clone();
        let bad = |e: cognito::ConfigError| AuthError::Config(e.to_string());
        // An identity pool alone (guest credentials, no user pool): `userPoolId` is empty.
        let identity_only = config.user_pool_id.is_empty()
            && options
                .identity_pool_id
                .as_deref()
                .is_some_and(|p| !p.is_empty());
        let url = if identity_only {
            String::new()
        } else {
            config.validate().map_err(bad)?;
            config.user_pool_url().map_err(bad)?
        };
        let identity_url = match options
            .identity_pool_id
            .as_deref()
            .filter(|p| !p.is_empty())
        {
            Some(pool) => {
                let endpoint = options
                    .identity_pool_endpoint
                    .as_deref()
                    .or(config.endpoint.as_deref());
                Some(cognito::identity_url(pool, endpoint).map_err(bad)?)
            }
            None => None,
        };
        Ok(AuthMachine {
            keys: StorageKeys::new(&config.user_pool_client_id),
            url,
            identity_url,
            identity: identity::Identity::default(),
            session: Session::default(),
            sign_in: SignIn::default(),
            account: account::Calls::default(),
            hosted_ui: oauth::HostedUi::default(),
            last_now: 0,
            ceremonies: passkeys::Ceremonies::default(),
            options,
            config,
            out: Outbox::default(),
            sync: tab_sync::TabSync::default(),
            revision: snapshot::Revision::default(),
            published: None,
        })
    }

    /// Feeds one input at time `now`. Never panics; answers for unknown or stale request
    /// ids are ignored.
    pub fn handle(&mut self, now: UnixMillis, input: Input) {
        self.last_now = now;
        self.sign_in.expire_auto_sign_in(now);
        match input {
            Input::Start => self.start(),
            Input::Command {
                op,
                command,
                random,
            } => {
                if self.session.is_restoring() {
                    self.session.queue(op, command, Random(random));
                } else {
                    self.command(now, op, command, random);
                }
            }
            Input::HttpResult { id, outcome } => self.http_result(now, id, outcome),
            Input::StorageLoaded { id, values } => self.storage_loaded(now, id, values),
            Input::StorageChanged { key } => self.storage_changed(&key),
            Input::LockAcquired { id } => {
                self.session_step(|s, io| s.lock_acquired(io, id, false));
            }
            Input::LockHandedOver { id } => {
                self.session_step(|s, io| s.lock_acquired(io, id, true));
            }
            Input::Timeout => self.handle_timeout(now),
            Input::WebAuthnResult {
                id,
                credential,
                error,
            } => self.webauthn_result(id, credential, error),
        }
        self.resync_if_settled();
        self.abort_stale_ceremonies();
        self.settle_revision();
    }

    /// The next effect to carry out, if any.
    #[must_use]
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.out.effects.pop_front()
    }

    fn command(&mut self, now: UnixMillis, op: OpId, command: Command, random: Vec<u8>) {
        if self.hosted_ui.callback.is_some()
            && matches!(
                command,
                Command::FetchAuthSession { .. } | Command::GetCurrentUser
            )
        {
            // A hosted-UI sign-in is finishing in this instance: answer after it (bounded by
            // the token request's own timeout, never by another tab's state).
            self.hosted_ui.queued.push((op, command, Random(random)));
            return;
        }
        if self.config.user_pool_id.is_empty()
            && !matches!(
                command,
                Command::FetchAuthSession { .. } | Command::SignOut { .. }
            )
        {
            // Identity pool only: what needs the user pool fails as in Amplify.
            return self.complete(
                op,
                Err(AuthError::Validation {
                    name: "AuthUserPoolException",
                    message: "Auth UserPool not configured.",
                }),
            );
        }
        match command {
            Command::SignIn(input) => self.sign_in(op, input, random),
            Command::ConfirmSignIn(input) => self.confirm_sign_in(op, input, random),
            Command::FetchAuthSession {
                force_refresh,
                client_metadata,
            } => self.fetch_auth_session(now, op, force_refresh, client_metadata),
            Command::GetCurrentUser => self.get_current_user(op),
            Command::ExportSignInState => self.export_sign_in_state(now, op),
            Command::ImportSignInState { state } => self.import_sign_in_state(now, op, &state),
            Command::SignOut { global, origin } => self.sign_out(op, global, origin),
            Command::SignInWithRedirect {
                provider,
                custom_state,
                options,
                origin,
            } => {
                let request = oauth::RedirectRequest {
                    provider,
                    custom_state,
                    options,
                    origin,
                };
                self.sign_in_with_redirect(now, op, request, random)
            }
            Command::HandleOAuthCallback { url } => self.handle_oauth_callback(op, url),
            call => self.account(now, op, call, random),
        }
    }

    fn http_result(&mut self, now: UnixMillis, id: RequestId, outcome: HttpOutcome) {
        if self.is_oauth_exchange(id) {
            let response = match outcome {
                HttpOutcome::Response(r) => Ok(r),
                HttpOutcome::Failure(f) => Err(AuthError::from(f)),
            };
            return self.oauth_token_response(now, response);
        }
        if let Some(sign_out) = self.session.take_sign_out(id) {
            return self.sign_out_answered(sign_out);
        }
        if let Some(confirmation) = self.sign_in.take_confirmation(id) {
            return self.device_confirmed(confirmation, &outcome);
        }
        if let Some(op) = self.ceremonies.take_registration_request(id) {
            return self.complete(op, parse(outcome).map(|_| Output::Done));
        }
        if let Some(call) = self.account.take(id) {
            return self.account_response(call, parse(outcome));
        }
        let parsed = parse(outcome);
        if self.sign_in.awaits_request(id) {
            self.sign_in_response(parsed);
        } else if self.session.is_refresh_request(id) {
            self.refresh_step(|session, io| session.refresh_response(io, parsed));
        } else if self.identity.is_waiting_for(id) {
            self.identity_response(now, parsed);
        }
    }

    fn send(&mut self, op: UserPoolOp, body: &Json) -> RequestId {
        self.out.send(&self.url, op, body)
    }

    fn complete(&mut self, op: OpId, result: Result<Output, AuthError>) {
        self.out.push(Effect::Complete { op, result });
    }

    fn emit(&mut self, event: AuthEvent) {
        self.out.emit(event);
    }

    /// Tells listeners about a change another tab made.
    fn emit_other_tab(&mut self, event: AuthEvent) {
        self.out.push(Effect::Emit {
            event,
            other_tab: true,
        });
    }

    /// Runs the commands that waited for the restore.
    fn drain_queue(&mut self, now: UnixMillis) {
        self.run_after_resync(now);
        while let Some((op, command, Random(random))) = self.session.next_queued() {
            self.command(now, op, command, random);
        }
    }
}
