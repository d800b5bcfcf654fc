//! Cognito's answers during a sign-in: each moves the chain on (another request, a step
//! for the user, tokens) or ends it.

use crate::cognito::ErrorName;
use crate::json::{Json, Map};

use super::challenge::{self, Pending};
use super::{step_output, Awaiting, Challenged, Context, Flow, SignInFlow};
use crate::cognito::{
    self, AuthResponse, Challenge, ChallengeAnswer, ChallengeName, SignInStep, TotpSetupFor,
};
use crate::machine::{AuthError, AuthMachine, NextStep, OpId, RequestId, UnixMillis};
use crate::srp;

impl AuthMachine {
    /// An answer to the request the sign-in waits for.
    pub(in crate::machine) fn sign_in_response(
        &mut self,
        now: UnixMillis,
        parsed: Result<Map, AuthError>,
    ) {
        let Flow::SigningIn(flow) = self.sign_in.take_flow() else {
            return;
        };
        if matches!(flow.awaiting, Awaiting::Passkey { .. }) {
            // An HTTP answer carrying the ceremony's id is not the ceremony's result.
            self.sign_in.flow = Flow::SigningIn(flow);
            return;
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
                    Ok(response) => self.advance(now, op, ctx, response),
                    Err(e) => self.sign_in_failed(op, e),
                }
            }
            Awaiting::Answer { pending } => {
                let response = parsed.and_then(|body| {
                    cognito::parse_auth_response("RespondToAuthChallenge", &body)
                        .map_err(AuthError::from)
                });
                match response {
                    Ok(response) => self.advance(now, op, ctx, response),
                    Err(e) => self.answer_failed(op, ctx, pending, e),
                }
            }
            Awaiting::Associate { challenge } => {
                match parsed.and_then(|body| challenge::parse_associate(&body)) {
                    Ok((secret, session)) => {
                        let pending = Pending::totp_setup(challenge, secret, session, now);
                        self.await_user(op, ctx, pending);
                    }
                    Err(e) => self.sign_in_failed(op, e),
                }
            }
            Awaiting::Passkey { .. } => {}
            Awaiting::Verify { pending } => {
                match parsed.and_then(|body| challenge::parse_verify(&body)) {
                    Ok(session) => {
                        let request = self.respond(
                            &ctx,
                            &ChallengeName::MfaSetup,
                            ChallengeAnswer::Nothing,
                            session.as_ref().or(pending.session()),
                        );
                        self.sign_in.flow = Flow::SigningIn(SignInFlow {
                            op,
                            request,
                            ctx,
                            awaiting: Awaiting::Auth {
                                operation: "RespondToAuthChallenge",
                            },
                        });
                    }
                    Err(e) => self.answer_failed(op, ctx, pending, e),
                }
            }
        }
    }

    /// The host's passkey ceremony for a `WEB_AUTHN` challenge finished.
    pub(in crate::machine) fn sign_in_passkey_result(&mut self, result: Result<Json, AuthError>) {
        let Flow::SigningIn(flow) = self.sign_in.take_flow() else {
            return;
        };
        let SignInFlow {
            op, ctx, awaiting, ..
        } = flow;
        let Awaiting::Passkey { challenge } = awaiting else {
            return;
        };
        match result {
            Ok(credential) => {
                let request = self.respond(
                    &ctx,
                    &ChallengeName::WebAuthn,
                    ChallengeAnswer::WebAuthn(credential.to_string()),
                    challenge.session.as_ref(),
                );
                self.sign_in.flow = Flow::SigningIn(SignInFlow {
                    op,
                    request,
                    ctx,
                    awaiting: Awaiting::Auth {
                        operation: "RespondToAuthChallenge",
                    },
                });
            }
            Err(error) => self.sign_in_failed(op, error),
        }
    }

    /// Whether the sign-in waits for the host's passkey ceremony `id`.
    pub(in crate::machine) fn sign_in_awaits_passkey(&self, id: RequestId) -> bool {
        matches!(&self.sign_in.flow, Flow::SigningIn(f) if f.request == id && matches!(f.awaiting, Awaiting::Passkey { .. }))
    }

    /// A sign-in step failed before the user was asked anything: the sign-in is over.
    pub(super) fn sign_in_failed(&mut self, op: OpId, error: AuthError) {
        self.forget_saved_sign_in();
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
            Some(step) => self.complete(
                op,
                Ok(step_output(NextStep {
                    sign_in_step: step,
                    ..NextStep::default()
                })),
            ),
            None => self.complete(op, Err(error)),
        }
    }

    /// The user's answer failed: keep the step open for another try (a wrong code), unless
    /// Cognito says the sign-in session itself is gone.
    pub(super) fn answer_failed(
        &mut self,
        op: OpId,
        ctx: Context,
        pending: Pending,
        error: AuthError,
    ) {
        let session_gone = match &error {
            AuthError::Service { name, .. } => match name {
                ErrorName::NotAuthorizedException => true,
                ErrorName::ExpiredCodeException => pending.is_setup(),
                _ => false,
            },
            _ => false,
        };
        if session_gone {
            self.forget_saved_sign_in();
        } else {
            self.sign_in.flow = Flow::Challenged(Box::new(Challenged { ctx, pending }));
        }
        self.complete(op, Err(error));
    }

    /// Cognito answered with tokens or a challenge.
    pub(super) fn advance(
        &mut self,
        now: UnixMillis,
        op: OpId,
        mut ctx: Context,
        response: AuthResponse,
    ) {
        let challenge = match response {
            AuthResponse::Authenticated(result) => return self.finish(now, op, ctx, result),
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
            ChallengeName::PasswordVerifier => self.password_verifier(now, &mut ctx, &challenge),
            ChallengeName::DeviceSrpAuth => self.device_srp_auth(&mut ctx, &challenge),
            ChallengeName::DevicePasswordVerifier => {
                self.device_password_verifier(now, &mut ctx, &challenge)
            }
            ChallengeName::WebAuthn => return self.passkey_step(op, ctx, challenge),
            ChallengeName::MfaSetup => match challenge::mfa_setup_options(&challenge) {
                challenge::SetupOptions::TotpOnly => {
                    return self.associate_totp(op, ctx, challenge)
                }
                challenge::SetupOptions::Ask(pending) => {
                    return self.await_user(op, ctx, pending.at(now))
                }
                challenge::SetupOptions::Nothing => Err(AuthError::UnexpectedChallenge(
                    challenge.name.as_str().to_owned(),
                )),
            },
            _ => match Pending::for_challenge(challenge.clone()) {
                Some(pending) => return self.await_user(op, ctx, pending.at(now)),
                None => Err(AuthError::UnexpectedChallenge(
                    challenge.name.as_str().to_owned(),
                )),
            },
        };
        match next {
            Ok(request) => {
                self.sign_in.flow = Flow::SigningIn(SignInFlow {
                    op,
                    request,
                    ctx,
                    awaiting: Awaiting::Auth {
                        operation: "RespondToAuthChallenge",
                    },
                })
            }
            Err(e) => self.sign_in_failed(op, e),
        }
    }

    /// `PASSWORD_VERIFIER`: the SRP proof, from the ephemeral and password kept since
    /// `InitiateAuth` (or the first-factor selection).
    pub(super) fn password_verifier(
        &mut self,
        now: UnixMillis,
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
        let pool = srp::pool_name(&self.config.user_pool_id);
        let key = srp.password_key(
            pool,
            user_id,
            password.expose(),
            p.get("SALT")?,
            p.get("SRP_B")?,
        )?;
        drop(password);
        let timestamp = srp::timestamp(now);
        let signature = srp::claim_signature(
            &key,
            pool,
            user_id,
            &srp::decode_secret_block(secret_block),
            &timestamp,
        );
        // Cognito sends USERNAME and USER_ID_FOR_SRP with the same value; the local
        // Cognito (moto) sends the sub as USER_ID_FOR_SRP and looks USERNAME up by name,
        // so the answer carries USERNAME. The proof itself is over USER_ID_FOR_SRP.
        let answer = ChallengeAnswer::PasswordClaim {
            secret_block: secret_block.to_owned(),
            timestamp,
            signature,
        };
        Ok(self.respond(
            ctx,
            &ChallengeName::PasswordVerifier,
            answer,
            challenge.session.as_ref(),
        ))
    }

    /// `WEB_AUTHN`: the host's `navigator.credentials.get` answers the challenge.
    fn passkey_step(&mut self, op: OpId, ctx: Context, challenge: Challenge) {
        let options = challenge.json_parameter("CREDENTIAL_REQUEST_OPTIONS");
        let Some(options) = options else {
            return self.sign_in_failed(
                op,
                AuthError::MalformedResponse {
                    operation: "RespondToAuthChallenge",
                    detail: "CREDENTIAL_REQUEST_OPTIONS missing or not JSON",
                },
            );
        };
        let request = self.out.next_id();
        if let Some(old) = self.ceremonies.sign_in.replace(request) {
            self.out
                .push(crate::machine::Effect::AbortWebAuthn { id: old });
        }
        self.out.push(crate::machine::Effect::WebAuthn {
            id: request,
            ceremony: crate::machine::Ceremony::Get,
            options,
        });
        self.sign_in.flow = Flow::SigningIn(SignInFlow {
            op,
            request,
            ctx,
            awaiting: Awaiting::Passkey { challenge },
        });
    }

    /// `MFA_SETUP` with TOTP only: `AssociateSoftwareToken` first, for the secret to show.
    fn associate_totp(&mut self, op: OpId, ctx: Context, challenge: Challenge) {
        let request = self.send_request(&cognito::AssociateSoftwareToken {
            owner: TotpSetupFor::SignIn(challenge.session.as_ref()),
        });
        self.sign_in.flow = Flow::SigningIn(SignInFlow {
            op,
            request,
            ctx,
            awaiting: Awaiting::Associate { challenge },
        });
    }
}
