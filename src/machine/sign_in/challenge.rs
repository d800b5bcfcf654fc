//! Challenges as steps: what each one shows the user (Amplify's `nextStep`) and how a
//! `confirmSignIn` answer becomes the next request.

use crate::json::{FromJson, Map, ToJson};

use super::{respond, validation, Context, SrpClient, SRP_A_RANDOM_BYTES};
use crate::cognito::{
    self, AssociateSoftwareTokenResponse, AuthFactor, Challenge, ChallengeAnswer, ChallengeName,
    DeliveryMedium, MfaType, SignInStep, TotpSetupFor, VerifySoftwareTokenResponse,
};
use crate::machine::session::Io;
use crate::machine::{
    AuthError, CodeDeliveryDetails, ConfirmSignInInput, NextStep, RequestId, TotpSetupDetails,
    UnixMillis,
};
use crate::session::Secret;

/// A challenge's parameters, with typed errors for missing ones.
pub(super) struct Params<'a> {
    challenge: &'a Challenge,
    operation: &'static str,
}

/// The longest challenge parameter accepted (64 KiB). Cognito's longest, `SECRET_BLOCK`
/// and WebAuthn options, are a few KiB; anything far longer is refused as malformed
/// rather than hashed or decoded.
pub(super) const MAX_PARAMETER_LEN: usize = 64 * 1024;

impl<'a> Params<'a> {
    pub(super) fn new(challenge: &'a Challenge, operation: &'static str) -> Self {
        Params {
            challenge,
            operation,
        }
    }

    /// A required, non-empty parameter.
    pub(super) fn get(&self, name: &str) -> Result<&'a str, AuthError> {
        self.challenge
            .parameters
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .ok_or(AuthError::MalformedResponse {
                operation: self.operation,
                detail: "a challenge parameter is missing",
            })
            .and_then(|v| {
                if v.len() > MAX_PARAMETER_LEN {
                    Err(AuthError::MalformedResponse {
                        operation: self.operation,
                        detail: "a challenge parameter is absurdly long",
                    })
                } else {
                    Ok(v)
                }
            })
    }
}

/// What the open step expects from `confirmSignIn`. Stored with the step: tagged by
/// `kind`, members in camelCase.
#[derive(Debug, Clone, FromJson, ToJson)]
#[json(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub(super) enum Local {
    Code {
        response_key: String,
        step: SignInStep,
    },
    SelectMfa {
        allowed: Vec<MfaType>,
    },
    NewPassword {
        missing: Vec<String>,
    },
    Custom,
    TotpSetup {
        /// Shown to the user in the step, kept out of `Debug`.
        secret: Secret,
    },
    EmailSetup,
    SetupSelection {
        allowed: Vec<MfaType>,
    },
    FirstFactor {
        available: Vec<AuthFactor>,
    },
    Password {
        srp: bool,
    },
}

/// A step waiting for `confirmSignIn`.
#[derive(Debug, Clone)]
pub(in crate::machine) struct Pending {
    pub(super) challenge: Challenge,
    pub(super) local: Local,
    pub(super) expires_at: UnixMillis,
}

/// What `MFA_SETUP` offers.
pub(super) enum SetupOptions {
    /// Only TOTP: associate a token at once.
    TotpOnly,
    /// Let the user choose or give an address.
    Ask(Pending),
    /// Nothing this client can set up.
    Nothing,
}

pub(super) fn mfa_setup_options(challenge: &Challenge) -> SetupOptions {
    let can = challenge.list_parameter("MFAS_CAN_SETUP");
    let totp = can.iter().any(|m| m == "SOFTWARE_TOKEN_MFA");
    let email = can.iter().any(|m| m == "EMAIL_OTP");
    let local = match (totp, email) {
        (true, false) => return SetupOptions::TotpOnly,
        // In Cognito's order, as Amplify lists them.
        (true, true) => Local::SetupSelection {
            allowed: can
                .iter()
                .filter_map(|m| match m.as_str() {
                    "SOFTWARE_TOKEN_MFA" => Some(MfaType::Totp),
                    "EMAIL_OTP" => Some(MfaType::Email),
                    _ => None,
                })
                .collect(),
        },
        (false, true) => Local::EmailSetup,
        (false, false) => return SetupOptions::Nothing,
    };
    SetupOptions::Ask(Pending {
        challenge: challenge.clone(),
        local,
        expires_at: 0,
    })
}

/// `AssociateSoftwareToken`'s `SecretCode` and `Session`.
pub(super) fn parse_associate(body: &Map) -> Result<(String, Option<Secret>), AuthError> {
    let answer = AssociateSoftwareTokenResponse::parse(body)?;
    Ok((answer.secret_code, answer.session))
}

/// `VerifySoftwareToken`'s new `Session` (it must say `SUCCESS`).
pub(super) fn parse_verify(body: &Map) -> Result<Option<Secret>, AuthError> {
    let answer = VerifySoftwareTokenResponse::parse(body)?;
    if !answer.succeeded {
        return Err(AuthError::Service {
            name: crate::cognito::ErrorName::EnableSoftwareTokenMFAException,
            message: "VerifySoftwareToken did not succeed".into(),
            metadata: None,
        });
    }
    Ok(answer.session)
}

impl Pending {
    /// The step for a challenge the user answers, or `None` for one this client cannot.
    pub(super) fn for_challenge(challenge: Challenge) -> Option<Pending> {
        let local = match challenge.name {
            ChallengeName::SmsMfa => Local::Code {
                response_key: "SMS_MFA_CODE".into(),
                step: SignInStep::ConfirmSignInWithSmsCode,
            },
            ChallengeName::SmsOtp => Local::Code {
                response_key: "SMS_OTP_CODE".into(),
                step: SignInStep::ConfirmSignInWithSmsCode,
            },
            ChallengeName::SoftwareTokenMfa => Local::Code {
                response_key: "SOFTWARE_TOKEN_MFA_CODE".into(),
                step: SignInStep::ConfirmSignInWithTotpCode,
            },
            ChallengeName::EmailOtp => Local::Code {
                response_key: "EMAIL_OTP_CODE".into(),
                step: SignInStep::ConfirmSignInWithEmailCode,
            },
            ChallengeName::SelectMfaType => Local::SelectMfa {
                allowed: challenge
                    .list_parameter("MFAS_CAN_CHOOSE")
                    .iter()
                    .filter_map(|m| MfaType::from_cognito(m))
                    .collect(),
            },
            ChallengeName::NewPasswordRequired => Local::NewPassword {
                missing: challenge
                    .list_parameter("requiredAttributes")
                    .into_iter()
                    .map(|a| {
                        // `strip_prefix` in a loop, not `trim_start_matches("…")`: a `&str`
                        // pattern links core's StrSearcher and its slice panic (size).
                        let mut rest = a.as_str();
                        while let Some(r) = rest.strip_prefix("userAttributes.") {
                            rest = r;
                        }
                        rest.to_owned()
                    })
                    .collect(),
            },
            ChallengeName::CustomChallenge => Local::Custom,
            ChallengeName::SelectChallenge => Local::FirstFactor {
                available: challenge.available_challenges.clone(),
            },
            _ => return None,
        };
        Some(Pending {
            challenge,
            local,
            expires_at: 0,
        })
    }

    /// The TOTP setup step after `AssociateSoftwareToken`.
    pub(super) fn totp_setup(
        mut challenge: Challenge,
        secret: String,
        session: Option<Secret>,
        now: UnixMillis,
    ) -> Pending {
        if session.is_some() {
            challenge.session = session;
        }
        Pending {
            challenge,
            local: Local::TotpSetup {
                secret: Secret::new(secret),
            },
            expires_at: 0,
        }
        .at(now)
    }

    /// The same step, open for three minutes from `now`.
    pub(super) fn at(mut self, now: UnixMillis) -> Pending {
        self.expires_at = now.saturating_add(super::CHALLENGE_TTL_MS);
        self
    }

    fn with(&self, local: Local) -> Pending {
        Pending {
            challenge: self.challenge.clone(),
            local,
            expires_at: 0,
        }
    }

    pub(super) fn expires_at(&self) -> UnixMillis {
        self.expires_at
    }

    pub(super) fn session(&self) -> Option<&Secret> {
        self.challenge.session.as_ref()
    }

    pub(super) fn is_setup(&self) -> bool {
        matches!(self.local, Local::TotpSetup { .. })
    }

    /// Amplify's `nextStep` for this step.
    pub(super) fn next_step(&self) -> NextStep {
        let c = &self.challenge;
        match &self.local {
            Local::Code { step, .. } => NextStep {
                sign_in_step: *step,
                code_delivery_details: (c.name != ChallengeName::SoftwareTokenMfa).then(|| {
                    CodeDeliveryDetails {
                        delivery_medium: c
                            .parameters
                            .get("CODE_DELIVERY_DELIVERY_MEDIUM")
                            .and_then(|m| m.parse::<DeliveryMedium>().ok()),
                        destination: c.parameters.get("CODE_DELIVERY_DESTINATION").cloned(),
                    }
                }),
                ..NextStep::default()
            },
            Local::SelectMfa { allowed } => NextStep {
                sign_in_step: SignInStep::ContinueSignInWithMfaSelection,
                allowed_mfa_types: Some(allowed.clone()),
                ..NextStep::default()
            },
            Local::NewPassword { missing } => NextStep {
                sign_in_step: SignInStep::ConfirmSignInWithNewPasswordRequired,
                missing_attributes: Some(missing.clone()),
                ..NextStep::default()
            },
            Local::Custom => NextStep {
                sign_in_step: SignInStep::ConfirmSignInWithCustomChallenge,
                additional_info: Some(c.parameters.clone()),
                ..NextStep::default()
            },
            Local::TotpSetup { secret } => NextStep {
                sign_in_step: SignInStep::ContinueSignInWithTotpSetup,
                totp_setup_details: Some(TotpSetupDetails {
                    shared_secret: secret.expose().to_owned(),
                }),
                ..NextStep::default()
            },
            Local::EmailSetup => NextStep {
                sign_in_step: SignInStep::ContinueSignInWithEmailSetup,
                ..NextStep::default()
            },
            Local::SetupSelection { allowed } => NextStep {
                sign_in_step: SignInStep::ContinueSignInWithMfaSetupSelection,
                allowed_mfa_types: Some(allowed.clone()),
                ..NextStep::default()
            },
            Local::FirstFactor { available } => NextStep {
                sign_in_step: SignInStep::ContinueSignInWithFirstFactorSelection,
                available_challenges: Some(available.clone()),
                ..NextStep::default()
            },
            Local::Password { .. } => NextStep {
                sign_in_step: SignInStep::ConfirmSignInWithPassword,
                ..NextStep::default()
            },
        }
    }
}

/// What a `confirmSignIn` answer led to.
pub(super) enum Answer {
    /// A request is in flight.
    Request {
        request: RequestId,
        pending: AnswerWait,
    },
    /// A new local step, no request (a selection).
    Local(Pending),
}

/// What the request sent for an answer is.
pub(super) enum AnswerWait {
    /// `RespondToAuthChallenge` answering `Pending`.
    Answer(Pending),
    /// `VerifySoftwareToken` for the TOTP setup `Pending`.
    Verify(Pending),
    /// `AssociateSoftwareToken` after choosing TOTP.
    Associate(Challenge),
}

/// Turns the user's answer into the next request (or local step). On a bad answer the
/// step is handed back with the error, so it stays open. (The step travels by value on
/// purpose: it is moved back into the state, so boxing it would only add an allocation.)
#[allow(clippy::result_large_err)]
pub(super) fn answer(
    io: &mut Io<'_>,
    ctx: &mut Context,
    pending: Pending,
    input: &ConfirmSignInInput,
) -> Result<Answer, (Pending, AuthError)> {
    let response = input.challenge_response.expose().trim().to_owned();
    let answer = match &pending.local {
        Local::Code { response_key, .. } => ChallengeAnswer::Code {
            response_key: response_key.clone(),
            code: response,
        },
        Local::SelectMfa { allowed } => {
            let Some(answer) = allowed
                .iter()
                .find(|a| a.as_str().eq_ignore_ascii_case(&response))
                .map(|a| a.challenge())
            else {
                return Err((pending, incorrect_mfa()));
            };
            ChallengeAnswer::Answer(answer.as_str().to_owned())
        }
        // The new password is taken as given, untrimmed.
        Local::NewPassword { .. } => ChallengeAnswer::NewPassword {
            password: input.challenge_response.clone(),
            user_attributes: input.options.user_attributes.clone().unwrap_or_default(),
        },
        Local::Custom => ChallengeAnswer::Answer(input.challenge_response.expose().to_owned()),
        Local::TotpSetup { .. }
        | Local::EmailSetup
        | Local::SetupSelection { .. }
        | Local::FirstFactor { .. } => {
            return answer_setup(io, ctx, pending, input, &response);
        }
        Local::Password { srp } => {
            let password = input.challenge_response.clone();
            if *srp {
                let client = match ctx
                    .entropy
                    .take(SRP_A_RANDOM_BYTES)
                    .and_then(|r| SrpClient::new(r).map_err(AuthError::from))
                {
                    Ok(c) => c,
                    Err(e) => return Err((pending, e)),
                };
                let srp_a = client.public_a_hex();
                ctx.srp = Some((client, password));
                ChallengeAnswer::PasswordSrp { srp_a }
            } else {
                ChallengeAnswer::Password(password)
            }
        }
    };
    Ok(send_answer(io, ctx, pending, answer))
}

/// Sends `answer` for the step `pending` (`MFA_SETUP` for the setup steps answered
/// locally).
fn send_answer(
    io: &mut Io<'_>,
    ctx: &Context,
    pending: Pending,
    answer: ChallengeAnswer,
) -> Answer {
    let challenge_name = match &pending.local {
        Local::EmailSetup | Local::SetupSelection { .. } => ChallengeName::MfaSetup,
        _ => pending.challenge.name.clone(),
    };
    let session = pending.challenge.session.clone();
    let request = respond(io, ctx, &challenge_name, answer, session.as_ref());
    Answer::Request {
        request,
        pending: AnswerWait::Answer(pending),
    }
}

/// The answers to the setup and selection steps: TOTP and email setup, the MFA to set
/// up, the first factor.
#[allow(clippy::result_large_err)]
fn answer_setup(
    io: &mut Io<'_>,
    ctx: &mut Context,
    pending: Pending,
    input: &ConfirmSignInInput,
    response: &str,
) -> Result<Answer, (Pending, AuthError)> {
    let session = pending.challenge.session.clone();
    let answer = match &pending.local {
        Local::TotpSetup { .. } => {
            let request = io.send_request(&cognito::VerifySoftwareToken {
                owner: TotpSetupFor::SignIn(session.as_ref()),
                user_code: response,
                friendly_device_name: input.options.friendly_device_name.as_deref(),
            });
            return Ok(Answer::Request {
                request,
                pending: AnswerWait::Verify(pending),
            });
        }
        Local::EmailSetup => {
            if !response.contains('@') {
                return Err((
                    pending,
                    validation("EmptyChallengeResponse", "an email address is required"),
                ));
            }
            ChallengeAnswer::Email(response.to_owned())
        }
        Local::SetupSelection { .. } => {
            if response.contains('@') {
                ChallengeAnswer::Email(response.to_owned())
            } else if response.eq_ignore_ascii_case("EMAIL") {
                return Ok(Answer::Local(pending.with(Local::EmailSetup)));
            } else if response.eq_ignore_ascii_case("TOTP") {
                let request = io.send_request(&cognito::AssociateSoftwareToken {
                    owner: TotpSetupFor::SignIn(session.as_ref()),
                });
                return Ok(Answer::Request {
                    request,
                    pending: AnswerWait::Associate(pending.challenge),
                });
            } else {
                return Err((pending, incorrect_mfa()));
            }
        }
        Local::FirstFactor { available } => match first_factor(available, response) {
            Ok(None) => {
                let srp = response.eq_ignore_ascii_case(AuthFactor::PasswordSrp.as_str());
                return Ok(Answer::Local(pending.with(Local::Password { srp })));
            }
            Ok(Some(factor)) => ChallengeAnswer::Answer(factor.as_str().to_owned()),
            Err(e) => return Err((pending, e)),
        },
        _ => ChallengeAnswer::Nothing,
    };
    Ok(send_answer(io, ctx, pending, answer))
}

/// `SELECT_CHALLENGE`'s answer: `None` for a password (asked for next, locally), else the
/// factor to send.
fn first_factor(available: &[AuthFactor], response: &str) -> Result<Option<AuthFactor>, AuthError> {
    let choice = response.to_ascii_uppercase();
    let factor = choice
        .parse::<AuthFactor>()
        .unwrap_or(AuthFactor::Other(choice));
    if !available.is_empty() && !available.contains(&factor) {
        return Err(validation(
            "InvalidPreferredChallenge",
            "the selected first factor is not available",
        ));
    }
    match factor {
        AuthFactor::Password | AuthFactor::PasswordSrp => Ok(None),
        AuthFactor::EmailOtp | AuthFactor::SmsOtp | AuthFactor::WebAuthn => Ok(Some(factor)),
        AuthFactor::Other(_) => Err(validation(
            "InvalidPreferredChallenge",
            "this first factor is not supported yet",
        )),
    }
}

fn incorrect_mfa() -> AuthError {
    validation(
        "IncorrectMFAMethod",
        "the MFA method must be one of the allowed types (SMS, TOTP, EMAIL)",
    )
}
