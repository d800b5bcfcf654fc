//! Cognito's answers during a sign-in: each moves the chain on (another request, a step
//! for the user, tokens) or ends it.

use crate::cognito::ErrorName;
use crate::json::{Json, Map};

use super::challenge::{self, Pending};
use super::{respond, step_output, Awaiting, Challenged, Context, Flow, Next, SignIn, SignInFlow};
use crate::cognito::{
    self, AuthResponse, Challenge, ChallengeAnswer, ChallengeName, SignInStep, TotpSetupFor,
};
use crate::machine::session::Io;
use crate::machine::{AuthError, NextStep, OpId, RequestId};
use crate::srp;

impl SignIn {
    /// An answer to the request the sign-in waits for.
    pub(super) fn response(&mut self, io: &mut Io<'_>, parsed: Result<Map, AuthError>) -> Next {
        let now = io.now;
        let Flow::SigningIn(flow) = self.take_flow() else {
            return Next::Wait;
        };
        if matches!(flow.awaiting, Awaiting::Passkey { .. }) {
            // An HTTP answer carrying the ceremony's id is not the ceremony's result.
            self.flow = Flow::SigningIn(flow);
            return Next::Wait;
        }
        let SignInFlow {
            op, ctx, awaiting, ..
        } = flow;
        match awaiting {
            Awaiting::Auth { operation } => {
                let response = parsed.and_then(|body| {
                    cognito::parse_auth_response(operation, &body).map_err(AuthError::from)
                });
                match response {
                    Ok(response) => self.advance(io, op, ctx, response),
                    Err(e) => self.sign_in_failed(io, op, e),
                }
            }
            Awaiting::Answer { pending } => {
                let response = parsed.and_then(|body| {
                    cognito::parse_auth_response("RespondToAuthChallenge", &body)
                        .map_err(AuthError::from)
                });
                match response {
                    Ok(response) => self.advance(io, op, ctx, response),
                    Err(e) => self.answer_failed(io, op, ctx, pending, e),
                }
            }
            Awaiting::Associate { challenge } => {
                match parsed.and_then(|body| challenge::parse_associate(&body)) {
                    Ok((secret, session)) => {
                        let pending = Pending::totp_setup(challenge, secret, session, now);
                        self.await_user(io, op, ctx, pending)
                    }
                    Err(e) => self.sign_in_failed(io, op, e),
                }
            }
            Awaiting::Passkey { .. } => Next::Wait,
            Awaiting::Verify { pending } => {
                match parsed.and_then(|body| challenge::parse_verify(&body)) {
                    Ok(session) => {
                        let request = respond(
                            io,
                            &ctx,
                            &ChallengeName::MfaSetup,
                            ChallengeAnswer::Nothing,
                            session.as_ref().or(pending.session()),
                        );
                        self.await_response(op, request, ctx)
                    }
                    Err(e) => self.answer_failed(io, op, ctx, pending, e),
                }
            }
        }
    }

    /// The host's passkey ceremony for a `WEB_AUTHN` challenge finished.
    pub(super) fn passkey_result(
        &mut self,
        io: &mut Io<'_>,
        result: Result<Json, AuthError>,
    ) -> Next {
        let Flow::SigningIn(flow) = self.take_flow() else {
            return Next::Wait;
        };
        let SignInFlow {
            op, ctx, awaiting, ..
        } = flow;
        let Awaiting::Passkey { challenge } = awaiting else {
            return Next::Wait;
        };
        match result {
            Ok(credential) => {
                let request = respond(
                    io,
                    &ctx,
                    &ChallengeName::WebAuthn,
                    ChallengeAnswer::WebAuthn(credential.to_string()),
                    challenge.session.as_ref(),
                );
                self.await_response(op, request, ctx)
            }
            Err(error) => self.sign_in_failed(io, op, error),
        }
    }

    /// Whether the sign-in waits for the host's passkey ceremony `id`.
    pub(super) fn awaits_passkey(&self, id: RequestId) -> bool {
        matches!(&self.flow, Flow::SigningIn(f) if f.request == id && matches!(f.awaiting, Awaiting::Passkey { .. }))
    }

    /// A sign-in step failed before the user was asked anything: the sign-in is over.
    fn sign_in_failed(&mut self, io: &mut Io<'_>, op: OpId, error: AuthError) -> Next {
        self.forget_saved(io);
        let step = match &error {
            AuthError::Service {
                name: ErrorName::UserNotConfirmedException,
                ..
            } => Some(SignInStep::ConfirmSignUp),
            AuthError::Service {
                name: ErrorName::PasswordResetRequiredException,
                ..
            } => Some(SignInStep::ResetPassword),
            _ => None,
        };
        match step {
            Some(step) => Next::Complete(
                op,
                Ok(step_output(NextStep {
                    sign_in_step: step,
                    ..NextStep::default()
                })),
            ),
            None => Next::Complete(op, Err(error)),
        }
    }

    /// The user's answer failed: keep the step open for another try (a wrong code), unless
    /// Cognito says the sign-in session itself is gone.
    fn answer_failed(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        ctx: Context,
        pending: Pending,
        error: AuthError,
    ) -> Next {
        let session_gone = match &error {
            AuthError::Service { name, .. } => match name {
                ErrorName::NotAuthorizedException => true,
                ErrorName::ExpiredCodeException => pending.is_setup(),
                _ => false,
            },
            _ => false,
        };
        if session_gone {
            self.forget_saved(io);
        } else {
            self.flow = Flow::Challenged(Box::new(Challenged { ctx, pending }));
        }
        Next::Complete(op, Err(error))
    }

    /// Cognito answered with tokens or a challenge.
    fn advance(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        mut ctx: Context,
        response: AuthResponse,
    ) -> Next {
        let now = io.now;
        let challenge = match response {
            AuthResponse::Authenticated(result) => return self.finish(io, op, ctx, result),
            AuthResponse::Challenge(challenge) => challenge,
        };
        if let Some(user) = challenge
            .parameters
            .get("USERNAME")
            .filter(|u| !u.is_empty())
        {
            ctx.username = user.clone();
        }
        let next = match challenge.name {
            ChallengeName::PasswordVerifier => password_verifier(io, &mut ctx, &challenge),
            ChallengeName::DeviceSrpAuth => {
                super::device::device_srp_auth(io, &mut ctx, &challenge)
            }
            ChallengeName::DevicePasswordVerifier => {
                super::device::device_password_verifier(io, &mut ctx, &challenge)
            }
            ChallengeName::WebAuthn => return self.passkey_step(io, op, ctx, challenge),
            ChallengeName::MfaSetup => match challenge::mfa_setup_options(&challenge) {
                challenge::SetupOptions::TotpOnly => {
                    return self.associate_totp(io, op, ctx, challenge)
                }
                challenge::SetupOptions::Ask(pending) => {
                    return self.await_user(io, op, ctx, pending.at(now))
                }
                challenge::SetupOptions::Nothing => Err(AuthError::UnexpectedChallenge(
                    challenge.name.as_str().to_owned(),
                )),
            },
            _ => match Pending::for_challenge(challenge.clone()) {
                Some(pending) => return self.await_user(io, op, ctx, pending.at(now)),
                None => Err(AuthError::UnexpectedChallenge(
                    challenge.name.as_str().to_owned(),
                )),
            },
        };
        match next {
            Ok(request) => self.await_response(op, request, ctx),
            Err(e) => self.sign_in_failed(io, op, e),
        }
    }

    /// `WEB_AUTHN`: the host's `navigator.credentials.get` answers the challenge.
    fn passkey_step(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        ctx: Context,
        challenge: Challenge,
    ) -> Next {
        let options = challenge.json_parameter("CREDENTIAL_REQUEST_OPTIONS");
        let Some(options) = options else {
            return self.sign_in_failed(
                io,
                op,
                AuthError::MalformedResponse {
                    operation: "RespondToAuthChallenge",
                    detail: "CREDENTIAL_REQUEST_OPTIONS missing or not JSON",
                },
            );
        };
        let id = io.out.next_id();
        self.flow = Flow::SigningIn(SignInFlow {
            op,
            request: id,
            ctx,
            awaiting: Awaiting::Passkey { challenge },
        });
        Next::Passkey { id, options }
    }

    /// `MFA_SETUP` with TOTP only: `AssociateSoftwareToken` first, for the secret to show.
    fn associate_totp(
        &mut self,
        io: &mut Io<'_>,
        op: OpId,
        ctx: Context,
        challenge: Challenge,
    ) -> Next {
        let request = io.send_request(&cognito::AssociateSoftwareToken {
            owner: TotpSetupFor::SignIn(challenge.session.as_ref()),
        });
        self.flow = Flow::SigningIn(SignInFlow {
            op,
            request,
            ctx,
            awaiting: Awaiting::Associate { challenge },
        });
        Next::Wait
    }

    /// Waits for Cognito's answer to a `RespondToAuthChallenge` the machine sent itself.
    fn await_response(&mut self, op: OpId, request: RequestId, ctx: Context) -> Next {
        self.flow = Flow::SigningIn(SignInFlow {
            op,
            request,
            ctx,
            awaiting: Awaiting::Auth {
                operation: "RespondToAuthChallenge",
            },
        });
        Next::Wait
    }
}

/// The SRP proof of a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` answer: the claim
/// over `pool` (the pool name, or the device group key), `user` (USER_ID_FOR_SRP, or the
/// device key), the secret block and the time.
pub(super) fn password_claim(
    key: &srp::PasswordKey,
    pool: &str,
    user: &str,
    secret_block: &str,
    now: crate::machine::UnixMillis,
) -> ChallengeAnswer {
    let timestamp = srp::timestamp(now);
    let signature = srp::claim_signature(
        key,
        pool,
        user,
        &srp::decode_secret_block(secret_block),
        &timestamp,
    );
    ChallengeAnswer::PasswordClaim {
        secret_block: secret_block.to_owned(),
        timestamp,
        signature,
    }
}

/// `PASSWORD_VERIFIER`: the SRP proof, from the ephemeral and password kept since
/// `InitiateAuth` (or the first-factor selection).
fn password_verifier(
    io: &mut Io<'_>,
    ctx: &mut Context,
    challenge: &Challenge,
) -> Result<RequestId, AuthError> {
    let (srp, password) = ctx
        .srp
        .take()
        .ok_or_else(|| AuthError::UnexpectedChallenge(challenge.name.as_str().to_owned()))?;
    let p = challenge::Params::new(challenge, "PASSWORD_VERIFIER");
    let user_id = p.get("USER_ID_FOR_SRP")?;
    let secret_block = p.get("SECRET_BLOCK")?;
    let pool = srp::pool_name(&io.config.user_pool_id);
    let key = srp.password_key(
        pool,
        user_id,
        password.expose(),
        p.get("SALT")?,
        p.get("SRP_B")?,
    )?;
    drop(password);
    // Cognito sends USERNAME and USER_ID_FOR_SRP with the same value; the local
    // Cognito (moto) sends the sub as USER_ID_FOR_SRP and looks USERNAME up by name,
    // so the answer carries USERNAME. The proof itself is over USER_ID_FOR_SRP.
    let answer = password_claim(&key, pool, user_id, secret_block, io.now);
    Ok(respond(
        io,
        ctx,
        &ChallengeName::PasswordVerifier,
        answer,
        challenge.session.as_ref(),
    ))
}
