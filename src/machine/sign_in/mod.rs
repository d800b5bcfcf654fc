//! `signIn` and `confirmSignIn`: every flow (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`,
//! `CUSTOM_WITH_SRP`, `CUSTOM_WITHOUT_SRP`, `USER_AUTH`) and every challenge, with
//! Amplify v6's next steps.
//!
//! A sign-in is a chain of requests. Between two of them the machine is either waiting for
//! Cognito (`Flow::SigningIn`: one request in flight) or for the user
//! (`Flow::Challenged`: a step was returned; `confirmSignIn` answers it, within 3 minutes
//! as Amplify). Secrets (the password, SRP private values) live in the [`Context`] only
//! until the proof that needs them is computed.
//!
//! The transitions are [`SignIn`]'s own: like the session's, they see only the outbox,
//! the storage keys and the configuration ([`Io`]) and tell the machine what is left to
//! do ([`Next`]: complete an op, enter the signed-in session, start a passkey ceremony).
//! [`step`] routes the machine's inputs to them.

mod challenge;
mod device;
mod machine;
mod respond;
mod saved;
mod step;

use machine::Flow;
pub(super) use machine::{AutoSignIn, SignIn};
pub(super) use step::Next;

pub(super) use saved::storage_key as saved_state_key;

use crate::json::Map;
use crate::map::VecMap;

use super::session::Io;
use super::{
    AuthError, AuthFlowType, ConfirmSignInInput, NextStep, OpId, Output, RequestId, SignInInput,
    SignInOutput, UnixMillis,
};
use crate::cognito::{
    self, AuthFactor, AuthStart, AuthenticationResult, Challenge, ChallengeAnswer, ChallengeName,
    FirstFactor, SignInStep,
};
use crate::session::{Secret, SignInDetails, StoredSession, Tokens};
use crate::srp::{SrpClient, SRP_A_RANDOM_BYTES};

pub(super) use challenge::Pending;
pub(super) use device::DeviceKeys;

/// How long a returned step waits for `confirmSignIn` (Amplify's sign-in state expiry).
pub const CHALLENGE_TTL_MS: i64 = 3 * 60 * 1000;

/// The random bytes that came with the command driving this part of the sign-in.
#[derive(Default)]
pub(super) struct Entropy {
    bytes: Vec<u8>,
    used: usize,
}

impl std::fmt::Debug for Entropy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Entropy({} left)",
            self.bytes.len().saturating_sub(self.used)
        )
    }
}

impl Entropy {
    pub(super) fn new(bytes: Vec<u8>) -> Self {
        Entropy { bytes, used: 0 }
    }

    /// The next `n` unused bytes.
    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], AuthError> {
        let start = self.used;
        let slice = self
            .bytes
            .get(start..start + n)
            .ok_or(AuthError::InsufficientRandom)?;
        self.used += n;
        Ok(slice)
    }
}

/// What one sign-in carries from request to request.
#[derive(Debug)]
pub(super) struct Context {
    /// The name as typed (`signInDetails.loginId`, the device keys' owner).
    login_id: String,
    /// `USERNAME` for challenge answers (Cognito's, once a challenge names it).
    username: String,
    flow: AuthFlowType,
    client_metadata: Option<Map>,
    entropy: Entropy,
    /// The remembered device of `login_id`, if any.
    device: Option<DeviceKeys>,
    /// The SRP ephemeral and password, until `PASSWORD_VERIFIER` consumes them.
    srp: Option<(SrpClient, Secret)>,
    /// The device SRP ephemeral, until `DEVICE_PASSWORD_VERIFIER` consumes it.
    device_srp: Option<SrpClient>,
}

/// A sign-in with one request in flight.
#[derive(Debug)]
pub(super) struct SignInFlow {
    pub(super) op: OpId,
    pub(super) request: RequestId,
    ctx: Context,
    awaiting: Awaiting,
}

/// What the request in flight is, and what to fall back to if it fails.
#[derive(Debug)]
enum Awaiting {
    /// `InitiateAuth` or a `RespondToAuthChallenge` the machine answered itself.
    Auth { operation: &'static str },
    /// The user's answer to `pending`; on a failure the step stays open for a retry.
    Answer { pending: Pending },
    /// `AssociateSoftwareToken` for `MFA_SETUP`.
    Associate { challenge: Challenge },
    /// `VerifySoftwareToken` for the TOTP code of `pending`.
    Verify { pending: Pending },
    /// The host's `navigator.credentials.get` for a `WEB_AUTHN` challenge.
    Passkey { challenge: Challenge },
}

/// A sign-in waiting for the device keys of its user before its first request.
#[derive(Debug)]
pub(super) struct LoadingDevice {
    pub(super) load: RequestId,
    op: OpId,
    ctx: Context,
    password: Option<Secret>,
    preferred_challenge: Option<AuthFactor>,
    /// A sign-up's session, continued with `USER_AUTH` (auto sign-in).
    session: Option<Secret>,
}

/// A sign-in waiting for `confirmSignIn`.
#[derive(Debug)]
pub(super) struct Challenged {
    ctx: Context,
    pending: Pending,
}

impl Challenged {
    /// The step shown to the user.
    pub(super) fn next_step(&self) -> NextStep {
        self.pending.next_step()
    }

    /// When the step expires (0: never set).
    pub(in crate::machine) fn expires_at(&self) -> UnixMillis {
        self.pending.expires_at()
    }
}

fn validation(name: &'static str, message: &'static str) -> AuthError {
    AuthError::Validation { name, message }
}

impl SignIn {
    /// Ends the flow in progress (if any): its pending op fails with `Interrupted(why)`.
    pub(super) fn interrupt(&mut self, io: &mut Io<'_>, why: &'static str) -> Next {
        self.forget_saved(io);
        match self.take_flow() {
            Flow::SigningIn(flow) => Next::Complete(flow.op, Err(AuthError::Interrupted(why))),
            Flow::LoadingDevice(loading) => {
                Next::Complete(loading.op, Err(AuthError::Interrupted(why)))
            }
            Flow::Challenged(_) | Flow::Idle => Next::Wait,
        }
    }

    /// `signIn` (signed out, nothing in progress): checks the input and reads the user's
    /// remembered device first.
    pub(super) fn start(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        input: SignInInput,
        random: Vec<u8>,
        session: Option<Secret>,
    ) -> Next {
        let SignInInput {
            username,
            password,
            options,
        } = input;
        let flow = options.auth_flow_type.unwrap_or(AuthFlowType::UserSrpAuth);
        let password = password.filter(|p| !p.is_empty());
        let needs_password = session.is_none()
            && match flow {
                AuthFlowType::UserSrpAuth
                | AuthFlowType::UserPasswordAuth
                | AuthFlowType::CustomWithSrp => true,
                AuthFlowType::CustomWithoutSrp => false,
                AuthFlowType::UserAuth => matches!(
                    options.preferred_challenge,
                    Some(AuthFactor::Password | AuthFactor::PasswordSrp)
                ),
            };
        let error = sign_in_input_error(
            &username,
            password.is_some(),
            needs_password,
            flow,
            options.preferred_challenge.as_ref(),
        );
        if let Some(error) = error {
            return Next::Complete(op, Err(error));
        }
        let load = io.out.next_id();
        io.out.push(super::Effect::Load {
            id: load,
            keys: DeviceKeys::storage_keys(io.keys, &username),
        });
        let ctx = Context {
            login_id: username.clone(),
            username,
            flow,
            client_metadata: options.client_metadata,
            entropy: Entropy::new(random),
            device: None,
            srp: None,
            device_srp: None,
        };
        self.flow = Flow::LoadingDevice(LoadingDevice {
            load,
            op,
            ctx,
            password,
            preferred_challenge: options.preferred_challenge,
            session,
        });
        Next::Wait
    }

    /// The device keys arrived: send `InitiateAuth`.
    pub(super) fn device_loaded(
        &mut self,
        io: &mut Io<'_>,
        values: &VecMap<String, Option<String>>,
    ) -> Next {
        let Flow::LoadingDevice(loading) = self.take_flow() else {
            return Next::Wait;
        };
        let LoadingDevice {
            op,
            mut ctx,
            password,
            preferred_challenge,
            session,
            ..
        } = loading;
        ctx.device = DeviceKeys::from_storage(io.keys, &ctx.login_id, values);
        match initiate(
            io,
            &mut ctx,
            password,
            preferred_challenge.as_ref(),
            session,
        ) {
            Ok(request) => {
                self.flow = Flow::SigningIn(SignInFlow {
                    op,
                    request,
                    ctx,
                    awaiting: Awaiting::Auth {
                        operation: "InitiateAuth",
                    },
                });
                Next::Wait
            }
            Err(e) => Next::Complete(op, Err(e)),
        }
    }

    /// Returns a step to the user and waits for `confirmSignIn`.
    fn await_user(&mut self, io: &mut Io<'_>, op: OpId, ctx: Context, pending: Pending) -> Next {
        let next_step = pending.next_step();
        self.enter_challenged(io, Challenged { ctx, pending });
        Next::Complete(op, Ok(step_output(next_step)))
    }

    /// Waits for `confirmSignIn`, with the step saved so a reload can answer it.
    fn enter_challenged(&mut self, io: &mut Io<'_>, challenged: Challenged) {
        io.out.push(super::Effect::Store {
            key: saved::storage_key(io.keys),
            value: challenged.save(),
        });
        self.saved = true;
        self.flow = Flow::Challenged(Box::new(challenged));
    }

    /// Drops the saved step (the sign-in finished, failed for good or was abandoned).
    pub(super) fn forget_saved(&mut self, io: &mut Io<'_>) {
        if std::mem::take(&mut self.saved) {
            io.out.push(super::Effect::Remove {
                key: saved::storage_key(io.keys),
            });
        }
    }

    /// The step's three minutes are over: it is dropped with its saved copy (a later
    /// `confirmSignIn` fails with `SignInException`, as before).
    pub(super) fn lapse(&mut self, io: &mut Io<'_>) {
        if self.challenged().is_some() {
            self.forget_saved(io);
            self.take_flow();
        }
    }

    /// A saved step read at start: resume it unless it expired.
    pub(super) fn resume_saved(&mut self, text: &str, now: UnixMillis) -> Option<NextStep> {
        let challenged = Challenged::load(text, now)?;
        let next = challenged.next_step();
        self.saved = true;
        self.flow = Flow::Challenged(Box::new(challenged));
        Some(next)
    }

    /// `exportSignInState`: the waiting step's saved form, while it is valid.
    pub(super) fn export(&self, now: UnixMillis) -> Result<Output, AuthError> {
        match self.challenged() {
            Some(c) if c.pending.expires_at() > now => Ok(Output::SignInState(c.save())),
            _ => Err(AuthError::NoSignInInProgress),
        }
    }

    /// `importSignInState` (signed out, nothing in progress): the imported step waits.
    pub(super) fn import(&mut self, io: &mut Io<'_>, op: OpId, challenged: Challenged) -> Next {
        let next = challenged.next_step();
        self.enter_challenged(io, challenged);
        Next::Complete(op, Ok(step_output(next)))
    }

    /// `confirmSignIn`: the user's answer to the waiting step.
    pub(super) fn confirm(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        input: ConfirmSignInInput,
        random: Vec<u8>,
        signed_in: bool,
    ) -> Next {
        let now = io.now;
        let waiting = match self.take_flow() {
            Flow::Challenged(c) if c.pending.expires_at() > now => *c,
            Flow::Challenged(_) => {
                self.forget_saved(io);
                return Next::Complete(op, Err(AuthError::NoSignInInProgress));
            }
            other => {
                self.flow = other;
                let error = if signed_in {
                    AuthError::AlreadyAuthenticated
                } else {
                    AuthError::NoSignInInProgress
                };
                return Next::Complete(op, Err(error));
            }
        };
        let Challenged { mut ctx, pending } = waiting;
        if input.challenge_response.is_empty() {
            self.flow = Flow::Challenged(Box::new(Challenged { ctx, pending }));
            let error = validation(
                "EmptyChallengeResponse",
                "challengeResponse is required to confirmSignIn",
            );
            return Next::Complete(op, Err(error));
        }
        ctx.entropy = Entropy::new(random);
        if let Some(meta) = input.options.client_metadata.clone() {
            ctx.client_metadata = Some(meta);
        }
        match challenge::answer(io, &mut ctx, pending, &input) {
            Ok(challenge::Answer::Request { request, pending }) => {
                self.flow = Flow::SigningIn(SignInFlow {
                    op,
                    request,
                    ctx,
                    awaiting: match pending {
                        challenge::AnswerWait::Answer(pending) => Awaiting::Answer { pending },
                        challenge::AnswerWait::Verify(pending) => Awaiting::Verify { pending },
                        challenge::AnswerWait::Associate(challenge) => {
                            Awaiting::Associate { challenge }
                        }
                    },
                });
                Next::Wait
            }
            Ok(challenge::Answer::Local(pending)) => self.await_user(io, op, ctx, pending.at(now)),
            Err((pending, error)) => {
                self.flow = Flow::Challenged(Box::new(Challenged { ctx, pending }));
                Next::Complete(op, Err(error))
            }
        }
    }

    /// Tokens: the sign-in is over; the machine stores them, tells listeners, confirms a
    /// new device and completes with `DONE`.
    fn finish(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        ctx: Context,
        result: AuthenticationResult,
    ) -> Next {
        self.forget_saved(io);
        let clock_drift_ms = Tokens::drift_from(&result.access, io.now);
        let new_device = result
            .new_device
            .clone()
            .map(|device| (result.access.raw().clone(), device));
        let session = StoredSession {
            username: ctx.username.clone(),
            tokens: Tokens {
                access: result.access,
                id: result.id,
                refresh: result.refresh,
                clock_drift_ms,
            },
            sign_in_details: Some(SignInDetails {
                login_id: Some(ctx.login_id.clone()),
                auth_flow_type: Some(ctx.flow.as_str().to_owned()),
            }),
            identity_js_drift: false,
        };
        Next::SignedIn(Box::new(step::Finished {
            op,
            session,
            ctx,
            new_device,
        }))
    }
}

/// `InitiateAuth` for the flow of `ctx` (with the SRP ephemeral it needs, kept in `ctx`).
fn initiate(
    io: &mut Io<'_>,
    ctx: &mut Context,
    password: Option<Secret>,
    preferred: Option<&AuthFactor>,
    session: Option<Secret>,
) -> Result<RequestId, AuthError> {
    let new_srp = |ctx: &mut Context| {
        let srp = SrpClient::new(ctx.entropy.take(SRP_A_RANDOM_BYTES)?)?;
        let srp_a = srp.public_a_hex();
        ctx.srp = Some((srp, password.clone().unwrap_or_default()));
        Ok::<String, AuthError>(srp_a)
    };
    let password = password.clone().unwrap_or_default();
    let srp_a = match (&ctx.flow, preferred) {
        (AuthFlowType::UserSrpAuth | AuthFlowType::CustomWithSrp, _)
        | (AuthFlowType::UserAuth, Some(AuthFactor::PasswordSrp)) => new_srp(ctx)?,
        _ => String::new(),
    };
    let start = match ctx.flow {
        AuthFlowType::UserSrpAuth => AuthStart::UserSrp { srp_a: &srp_a },
        AuthFlowType::UserPasswordAuth => AuthStart::UserPassword {
            password: &password,
        },
        AuthFlowType::CustomWithSrp => AuthStart::CustomWithSrp { srp_a: &srp_a },
        AuthFlowType::CustomWithoutSrp => AuthStart::Custom,
        AuthFlowType::UserAuth => AuthStart::UserAuth {
            preferred: preferred.map(|factor| match factor {
                AuthFactor::PasswordSrp => FirstFactor::PasswordSrp { srp_a: &srp_a },
                AuthFactor::Password => FirstFactor::Password {
                    password: &password,
                },
                other => FirstFactor::Other(other),
            }),
        },
    };
    Ok(io.send_request(&cognito::InitiateAuth {
        username: &ctx.username,
        start,
        device_key: ctx.device.as_ref().map(|d| d.device_key.as_str()),
        session: session.as_ref(),
        client_metadata: ctx.client_metadata.as_ref(),
    }))
}

/// Sends `RespondToAuthChallenge` with `answer` (and `USERNAME`, `SECRET_HASH` when
/// configured, `DEVICE_KEY` when remembered).
fn respond(
    io: &mut Io<'_>,
    ctx: &Context,
    challenge_name: &ChallengeName,
    answer: ChallengeAnswer,
    session: Option<&Secret>,
) -> RequestId {
    io.send_request(&cognito::RespondToAuthChallenge {
        challenge_name,
        username: &ctx.username,
        answer,
        device_key: ctx.device.as_ref().map(|d| d.device_key.as_str()),
        session,
        client_metadata: ctx.client_metadata.as_ref(),
    })
}

fn step_output(next_step: NextStep) -> Output {
    Output::SignIn(SignInOutput {
        is_signed_in: next_step.sign_in_step == SignInStep::Done,
        next_step,
    })
}

/// What is wrong with a `signIn` call before anything is sent (Amplify's validation errors).
fn sign_in_input_error(
    username: &str,
    has_password: bool,
    needs_password: bool,
    flow: AuthFlowType,
    preferred_challenge: Option<&AuthFactor>,
) -> Option<AuthError> {
    if username.trim().is_empty() {
        Some(validation(
            "EmptySignInUsername",
            "username is required to signIn",
        ))
    } else if needs_password && !has_password {
        Some(validation(
            "EmptySignInPassword",
            "password is required to signIn",
        ))
    } else if flow == AuthFlowType::CustomWithoutSrp && has_password {
        // Amplify refuses rather than send a password nobody asked for.
        Some(validation(
            "CustomAuthSignInPassword",
            "A password is not needed when signing in with CUSTOM_WITHOUT_SRP",
        ))
    } else if flow == AuthFlowType::UserAuth
        && matches!(preferred_challenge, Some(AuthFactor::Other(_)))
    {
        Some(validation(
            "InvalidPreferredChallenge",
            "preferredChallenge must be PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP or WEB_AUTHN",
        ))
    } else {
        None
    }
}
