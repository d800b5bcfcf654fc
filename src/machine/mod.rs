//! The authenticator as a sans-IO state machine.
//!
//! Drive it like this (the single-mutation rule): feed one [`Input`] with
//! [`AuthMachine::handle`], then drain [`AuthMachine::poll_effect`] until it returns `None`,
//! carrying out every [`Effect`] in order (HTTP requests may run concurrently; storage
//! writes must be applied in order). Answer `Http` and `Load` effects with `HttpResult` and
//! `StorageLoaded` inputs carrying the same id. Each command completes exactly once with an
//! [`Effect::Complete`] for its operation id.

mod account;
mod config;
mod effect;
mod error;
mod identity;
mod input;
mod oauth;
mod passkeys;
mod refresh;
mod session_ops;
mod sign_in;
mod snapshot;
mod tab_sync;
mod timers;
mod view;

pub use crate::url::{query_params, totp_setup_uri};
pub use config::{Config, RefreshFlow};
pub use oauth::{pkce_challenge, OAuthConfig, Provider, RedirectOptions};

pub use crate::cognito::{AuthFactor, ChallengeName, DeliveryMedium, MfaType, SignInStep};
use crate::map::VecMap;
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
use crate::session::{StorageKeys, StoredSession};
use sign_in::SignInFlow;

/// Unix time in milliseconds, as the host's clock reads it.
pub type UnixMillis = i64;

/// Where the machine is.
#[derive(Debug)]
enum State {
    /// Before [`Input::Start`].
    Created,
    /// Reading the stored session.
    Restoring {
        load: RequestId,
        stage: RestoreStage,
    },
    /// No user.
    SignedOut,
    /// A sign-in is reading the user's remembered device.
    LoadingDevice(sign_in::LoadingDevice),
    /// A sign-in request is in flight.
    SigningIn(SignInFlow),
    /// A sign-in step waits for `confirmSignIn`.
    Challenged(Box<sign_in::Challenged>),
    /// A user is signed in.
    SignedIn(Active),
}

#[derive(Debug)]
enum RestoreStage {
    LastAuthUser,
    User(String),
}

/// A signed-in user and the refresh in flight, if any (single flight by construction).
#[derive(Debug)]
struct Active {
    session: StoredSession,
    refresh: Option<refresh::Refresh>,
    /// This browser's remembered device, when there is one.
    device: Option<sign_in::DeviceKeys>,
    /// The tokens' end of validity a `refreshAhead` refresh already ran for (it runs once
    /// per set of tokens, whatever its outcome).
    ahead_spent: Option<UnixMillis>,
}

/// An operation waiting for fresh tokens.
#[derive(Debug)]
enum Waiter {
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
    fn op(&self) -> OpId {
        match self {
            Waiter::Session { op, .. } | Waiter::Account { op, .. } => *op,
        }
    }
}

/// Requests whose answers complete an operation but do not change the state.
#[derive(Debug)]
enum SideRequest {
    /// `RevokeToken` / `GlobalSignOut` during `signOut`: errors are swallowed.
    SignOut { op: OpId, origin: Option<String> },
    /// `ConfirmDevice` after a sign-in: the device keys are stored on success, under the
    /// names of the user whose sign-in produced them (login id and session user name), and
    /// taken into the session only if it is still that sign-in's (`epoch`).
    ConfirmDevice {
        owners: Vec<String>,
        keys: sign_in::DeviceKeys,
        epoch: u64,
    },
    /// `CompleteWebAuthnRegistration` of `associateWebAuthnCredential`.
    PasskeyRegistered { op: OpId },
    /// An account call (pages fetched so far, for `fetchDevices`), and the session that
    /// sent it (`epoch`): an answer that changes a session (`deleteUser`, `forgetDevice`)
    /// changes only that one.
    Account {
        op: OpId,
        call: Command,
        pages: Vec<Json>,
        epoch: u64,
    },
}

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

    /// A fresh id for a request, load, lock or ceremony.
    fn next_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
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
    /// `GetTokensFromRefreshToken` is unknown to this endpoint (learned once, kept).
    rotation_unsupported: bool,
    /// A waiting sign-in step is saved in storage.
    saved_sign_in: bool,
    /// A sign-up that signs in by itself once confirmed.
    auto_sign_in: Option<account::AutoSignIn>,
    /// The hosted-UI callback being finished, if any.
    hosted_ui: oauth::HostedUi,
    /// The time of the input being handled.
    last_now: UnixMillis,
    /// The host's WebAuthn ceremonies in progress.
    ceremonies: passkeys::Ceremonies,
    keys: StorageKeys,
    state: State,
    queued: VecDeque<(OpId, Command, Random)>,
    /// The effects not yet polled, and the next request id.
    out: Outbox,
    side_requests: VecMap<RequestId, SideRequest>,
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
            rotation_unsupported: false,
            saved_sign_in: false,
            auto_sign_in: None,
            hosted_ui: oauth::HostedUi::default(),
            last_now: 0,
            ceremonies: passkeys::Ceremonies::default(),
            options,
            config,
            state: State::Created,
            queued: VecDeque::new(),
            out: Outbox::default(),
            side_requests: VecMap::new(),
            sync: tab_sync::TabSync::default(),
            revision: snapshot::Revision::default(),
            published: None,
        })
    }

    /// Feeds one input at time `now`. Never panics; answers for unknown or stale request
    /// ids are ignored.
    pub fn handle(&mut self, now: UnixMillis, input: Input) {
        self.last_now = now;
        self.expire_auto_sign_in(now);
        match input {
            Input::Start => self.start(),
            Input::Command {
                op,
                command,
                random,
            } => {
                if matches!(self.state, State::Created | State::Restoring { .. }) {
                    self.queued.push_back((op, command, Random(random)));
                } else {
                    self.command(now, op, command, random);
                }
            }
            Input::HttpResult { id, outcome } => self.http_result(now, id, outcome),
            Input::StorageLoaded { id, values } => self.storage_loaded(now, id, values),
            Input::StorageChanged { key } => self.storage_changed(&key),
            Input::LockAcquired { id } => self.refresh_lock_acquired(id),
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
            Command::ConfirmSignIn(input) => self.confirm_sign_in(now, op, input, random),
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
        if let Some(side) = self.side_requests.remove(&id) {
            match side {
                SideRequest::SignOut { op, origin } => {
                    self.oauth_sign_out_navigation(origin.as_deref());
                    self.complete(op, Ok(Output::Done));
                }
                SideRequest::ConfirmDevice {
                    owners,
                    keys,
                    epoch,
                } => {
                    let ok = match &outcome {
                        HttpOutcome::Response(r) => cognito::parse_response(r).is_ok(),
                        HttpOutcome::Failure(_) => false,
                    };
                    let current = epoch == self.sync.epoch;
                    self.device_confirmed(&owners, keys, ok, current);
                }
                SideRequest::PasskeyRegistered { op } => {
                    let result = match outcome {
                        HttpOutcome::Response(r) => cognito::parse_response(&r)
                            .map(|_| Output::Done)
                            .map_err(AuthError::from),
                        HttpOutcome::Failure(f) => Err(AuthError::from(f)),
                    };
                    self.complete(op, result);
                }
                SideRequest::Account {
                    op,
                    call,
                    pages,
                    epoch,
                } => {
                    let parsed = match outcome {
                        HttpOutcome::Response(r) => {
                            cognito::parse_response(&r).map_err(AuthError::from)
                        }
                        HttpOutcome::Failure(f) => Err(AuthError::from(f)),
                    };
                    let same_session =
                        epoch == self.sync.epoch && matches!(&self.state, State::SignedIn(_));
                    self.account_response(op, call, pages, parsed, same_session);
                }
            }
            return;
        }
        let parsed = match outcome {
            HttpOutcome::Response(response) => {
                cognito::parse_response(&response).map_err(AuthError::from)
            }
            HttpOutcome::Failure(failure) => Err(AuthError::from(failure)),
        };
        match &self.state {
            State::SigningIn(flow) if flow.request == id => self.sign_in_response(now, parsed),
            State::SignedIn(Active {
                refresh: Some(refresh),
                ..
            }) if refresh.stage == refresh::Stage::Requesting(id) => self.refresh_response(parsed),
            _ if self.identity.is_waiting_for(id) => self.identity_response(now, parsed),
            _ => {}
        }
    }

    fn send(&mut self, op: UserPoolOp, body: &Json) -> RequestId {
        let id = self.out.next_id();
        let request: HttpRequest = cognito::request(&self.url, op, body);
        self.out.push(Effect::Http {
            id,
            request,
            retry: op.is_retry_safe(),
        });
        id
    }

    /// Sends a typed user pool request ([`cognito::UserPoolRequest`]).
    fn send_request(&mut self, request: &impl cognito::UserPoolRequest) -> RequestId {
        self.send(request.op(), &request.body(&self.config))
    }

    fn complete(&mut self, op: OpId, result: Result<Output, AuthError>) {
        self.out.push(Effect::Complete { op, result });
    }

    fn emit(&mut self, event: AuthEvent) {
        self.out.push(Effect::Emit {
            event,
            other_tab: false,
        });
    }

    /// Tells listeners about a change another tab made.
    fn emit_other_tab(&mut self, event: AuthEvent) {
        self.out.push(Effect::Emit {
            event,
            other_tab: true,
        });
    }

    fn set_state(&mut self, state: State) {
        self.state = state;
    }

    /// Runs the commands that waited for the restore.
    fn drain_queue(&mut self, now: UnixMillis) {
        self.run_after_resync(now);
        while let Some((op, command, Random(random))) = self.queued.pop_front() {
            self.command(now, op, command, random);
        }
    }
}
