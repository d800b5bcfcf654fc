//! `signIn` with `USER_SRP_AUTH` and `USER_PASSWORD_AUTH`.

use serde_json::{Map, Value};

use super::{
    AuthError, AuthFlowType, AuthMachine, NextStep, OpId, Output, RequestId, SignInInput,
    SignInOutput, State, UnixMillis,
};
use crate::cognito::{self, AuthResponse, AuthenticationResult, Challenge, UserPoolOp};
use crate::session::{Secret, SignInDetails, StoredSession, Tokens};
use crate::srp::{self, SrpClient};

/// A sign-in in progress. Owns exactly what the next answer needs; the password and the
/// SRP private value are dropped as soon as the proof is computed.
#[derive(Debug)]
pub(super) struct SignInFlow {
    pub(super) op: OpId,
    pub(super) request: RequestId,
    login_id: String,
    flow: AuthFlowType,
    client_metadata: Option<Map<String, Value>>,
    step: Step,
}

#[derive(Debug)]
enum Step {
    /// `InitiateAuth USER_SRP_AUTH` sent; the verifier needs `a` and the password.
    SrpInitiated { srp: SrpClient, password: Secret },
    /// `InitiateAuth USER_PASSWORD_AUTH` sent.
    PasswordInitiated,
    /// `RespondToAuthChallenge PASSWORD_VERIFIER` sent; the session goes under `username`.
    VerifierSent { username: String },
}

impl AuthMachine {
    pub(super) fn sign_in(
        &mut self,
        now: UnixMillis,
        op: OpId,
        input: SignInInput,
        random: Vec<u8>,
    ) {
        match &self.state {
            State::SignedIn(_) => return self.complete(op, Err(AuthError::AlreadyAuthenticated)),
            State::SigningIn(flow) => {
                let previous = flow.op;
                self.complete(previous, Err(AuthError::Interrupted("a new signIn")));
            }
            _ => {}
        }
        if let Err(e) = self.start_sign_in(now, op, input, random) {
            self.set_state(State::SignedOut);
            self.complete(op, Err(e));
        }
    }

    fn start_sign_in(
        &mut self,
        _now: UnixMillis,
        op: OpId,
        input: SignInInput,
        random: Vec<u8>,
    ) -> Result<(), AuthError> {
        let SignInInput {
            username,
            password,
            options,
        } = input;
        if username.trim().is_empty() {
            return Err(AuthError::Validation {
                name: "EmptySignInUsername",
                message: "username is required to signIn",
            });
        }
        let password = password.filter(|p| !p.is_empty()).ok_or(AuthError::Validation {
            name: "EmptySignInPassword",
            message: "password is required to signIn",
        })?;
        let flow = options.auth_flow_type.unwrap_or(AuthFlowType::UserSrpAuth);
        let client_metadata = options.client_metadata;
        let mut params = Map::new();
        params.insert("USERNAME".into(), Value::String(username.clone()));
        let (auth_flow, step) = match flow {
            AuthFlowType::UserSrpAuth => {
                let srp = SrpClient::new(&random)?;
                params.insert("SRP_A".into(), Value::String(srp.public_a_hex()));
                ("USER_SRP_AUTH", Step::SrpInitiated { srp, password })
            }
            AuthFlowType::UserPasswordAuth => {
                params.insert(
                    "PASSWORD".into(),
                    Value::String(password.expose().to_owned()),
                );
                ("USER_PASSWORD_AUTH", Step::PasswordInitiated)
            }
        };
        cognito::add_secret_hash(&self.config, &username, &mut params);
        let body =
            cognito::initiate_auth_body(&self.config, auth_flow, params, client_metadata.as_ref());
        let request = self.send(UserPoolOp::InitiateAuth, &body);
        self.set_state(State::SigningIn(SignInFlow {
            op,
            request,
            login_id: username,
            flow,
            client_metadata,
            step,
        }));
        Ok(())
    }

    /// An answer to the request the sign-in flow waits for.
    pub(super) fn sign_in_response(
        &mut self,
        now: UnixMillis,
        parsed: Result<Map<String, Value>, AuthError>,
    ) {
        let State::SigningIn(flow) = std::mem::replace(&mut self.state, State::SignedOut) else {
            return;
        };
        self.revision += 1;
        let op = flow.op;
        let operation = match flow.step {
            Step::VerifierSent { .. } => "RespondToAuthChallenge",
            _ => "InitiateAuth",
        };
        let response = parsed.and_then(|body| {
            cognito::parse_auth_response(operation, &body).map_err(AuthError::from)
        });
        match response {
            Ok(AuthResponse::Authenticated(result)) => {
                let username = match &flow.step {
                    Step::VerifierSent { username } => username.clone(),
                    _ => flow.login_id.clone(),
                };
                self.finish_sign_in(now, op, username, &flow, result);
            }
            Ok(AuthResponse::Challenge(challenge)) => {
                if let Err(e) = self.answer_challenge(now, flow, challenge) {
                    self.complete(op, Err(e));
                }
            }
            Err(AuthError::Service { name, .. }) if name == "UserNotConfirmedException" => {
                self.complete(op, Ok(step_output("CONFIRM_SIGN_UP")));
            }
            Err(AuthError::Service { name, .. }) if name == "PasswordResetRequiredException" => {
                self.complete(op, Ok(step_output("RESET_PASSWORD")));
            }
            Err(e) => self.complete(op, Err(e)),
        }
    }

    fn answer_challenge(
        &mut self,
        now: UnixMillis,
        flow: SignInFlow,
        challenge: Challenge,
    ) -> Result<(), AuthError> {
        let SignInFlow {
            op,
            login_id,
            flow: flow_type,
            client_metadata,
            step,
            ..
        } = flow;
        let (srp, password) = match step {
            Step::SrpInitiated { srp, password } if challenge.name == "PASSWORD_VERIFIER" => {
                (srp, password)
            }
            _ => return Err(AuthError::UnexpectedChallenge(challenge.name)),
        };
        let param = |name: &'static str| {
            challenge
                .parameters
                .get(name)
                .filter(|v| !v.is_empty())
                .ok_or(AuthError::MalformedResponse {
                    operation: "InitiateAuth",
                    detail: "PASSWORD_VERIFIER parameter missing",
                })
        };
        let user_id = param("USER_ID_FOR_SRP")?.clone();
        let secret_block = param("SECRET_BLOCK")?.clone();
        let pool = srp::pool_name(&self.config.user_pool_id);
        let key = srp.password_key(
            pool,
            &user_id,
            password.expose(),
            param("SALT")?,
            param("SRP_B")?,
        )?;
        drop(password);
        let timestamp = srp::timestamp(now);
        let signature = srp::claim_signature(
            &key,
            pool,
            &user_id,
            &srp::decode_secret_block(&secret_block),
            &timestamp,
        );
        let username = challenge
            .parameters
            .get("USERNAME")
            .filter(|u| !u.is_empty())
            .cloned()
            .unwrap_or_else(|| user_id.clone());
        // Cognito sends USERNAME and USER_ID_FOR_SRP with the same value; the local Cognito
        // (moto) sends the sub as USER_ID_FOR_SRP and looks USERNAME up by name, so answer
        // with USERNAME. The proof itself is over USER_ID_FOR_SRP, as the incumbents do.
        let mut responses = Map::new();
        responses.insert("USERNAME".into(), Value::String(username.clone()));
        responses.insert(
            "PASSWORD_CLAIM_SECRET_BLOCK".into(),
            Value::String(secret_block),
        );
        responses.insert("TIMESTAMP".into(), Value::String(timestamp));
        responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), Value::String(signature));
        cognito::add_secret_hash(&self.config, &username, &mut responses);
        let body = cognito::respond_body(
            &self.config,
            "PASSWORD_VERIFIER",
            responses,
            challenge.session.as_ref().map(|s| s.expose()),
            client_metadata.as_ref(),
        );
        let request = self.send(UserPoolOp::RespondToAuthChallenge, &body);
        self.set_state(State::SigningIn(SignInFlow {
            op,
            request,
            login_id,
            flow: flow_type,
            client_metadata,
            step: Step::VerifierSent { username },
        }));
        Ok(())
    }

    fn finish_sign_in(
        &mut self,
        now: UnixMillis,
        op: OpId,
        username: String,
        flow: &SignInFlow,
        result: AuthenticationResult,
    ) {
        let clock_drift_ms = Tokens::drift_from(&result.access, now);
        let session = StoredSession {
            username,
            tokens: Tokens {
                access: result.access,
                id: result.id,
                refresh: result.refresh,
                clock_drift_ms,
            },
            sign_in_details: Some(SignInDetails {
                login_id: Some(flow.login_id.clone()),
                auth_flow_type: Some(flow.flow.as_str().to_owned()),
            }),
        };
        self.signed_in(session);
        self.complete(
            op,
            Ok(Output::SignIn(SignInOutput {
                is_signed_in: true,
                next_step: NextStep {
                    sign_in_step: "DONE",
                },
            })),
        );
    }
}

fn step_output(step: &'static str) -> Output {
    Output::SignIn(SignInOutput {
        is_signed_in: false,
        next_step: NextStep {
            sign_in_step: step,
        },
    })
}
