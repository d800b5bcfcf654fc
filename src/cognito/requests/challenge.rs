//! `RespondToAuthChallenge`: every answer a sign-in gives, as `ChallengeResponses` with
//! `USERNAME`, `DEVICE_KEY` (a remembered device) and `SECRET_HASH` (a confidential client).

use crate::json::{Json, Map};
use crate::map::VecMap;
use crate::session::Secret;

use super::super::{AuthFactor, ChallengeName, UserPoolConfig, UserPoolOp};
use super::{Body, UserPoolRequest};

/// What a challenge is answered with (`ChallengeResponses` besides `USERNAME`,
/// `DEVICE_KEY` and `SECRET_HASH`). `Debug` names the kind of answer only.
pub enum ChallengeAnswer {
    /// Nothing more: `MFA_SETUP` once the authenticator app's code is verified.
    Nothing,
    /// `PASSWORD_VERIFIER` / `DEVICE_PASSWORD_VERIFIER`: the SRP proof.
    PasswordClaim {
        /// `PASSWORD_CLAIM_SECRET_BLOCK`: the challenge's `SECRET_BLOCK`, sent back.
        secret_block: String,
        /// `TIMESTAMP`, as signed.
        timestamp: String,
        /// `PASSWORD_CLAIM_SIGNATURE`, base64.
        signature: String,
    },
    /// `DEVICE_SRP_AUTH`: the device's SRP public value (`DEVICE_KEY` goes with it).
    DeviceSrp {
        /// `SRP_A`.
        srp_a: String,
    },
    /// A one-time code under its challenge's key (`SMS_MFA_CODE`, `SMS_OTP_CODE`,
    /// `SOFTWARE_TOKEN_MFA_CODE`, `EMAIL_OTP_CODE`).
    Code {
        /// The key.
        response_key: String,
        /// The code.
        code: String,
    },
    /// `ANSWER`: a custom challenge's answer, the MFA chosen (`SELECT_MFA_TYPE`), or the
    /// first factor chosen (`SELECT_CHALLENGE`).
    Answer(String),
    /// `NEW_PASSWORD_REQUIRED`: `NEW_PASSWORD` and `userAttributes.<name>`.
    NewPassword {
        /// `NEW_PASSWORD`.
        password: Secret,
        /// The attributes the pool asked for.
        user_attributes: VecMap<String, String>,
    },
    /// `SELECT_CHALLENGE` choosing `PASSWORD_SRP`: `ANSWER` and `SRP_A`.
    PasswordSrp {
        /// `SRP_A`.
        srp_a: String,
    },
    /// `SELECT_CHALLENGE` choosing `PASSWORD`: `ANSWER` and `PASSWORD`.
    Password(Secret),
    /// `MFA_SETUP` choosing email MFA: `EMAIL`.
    Email(String),
    /// `WEB_AUTHN`: `CREDENTIAL`, the passkey assertion's JSON text.
    WebAuthn(String),
}

impl std::fmt::Debug for ChallengeAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChallengeAnswer::Nothing => "Nothing",
            ChallengeAnswer::PasswordClaim { .. } => "PasswordClaim",
            ChallengeAnswer::DeviceSrp { .. } => "DeviceSrp",
            ChallengeAnswer::Code { .. } => "Code",
            ChallengeAnswer::Answer(_) => "Answer",
            ChallengeAnswer::NewPassword { .. } => "NewPassword",
            ChallengeAnswer::PasswordSrp { .. } => "PasswordSrp",
            ChallengeAnswer::Password(_) => "Password",
            ChallengeAnswer::Email(_) => "Email",
            ChallengeAnswer::WebAuthn(_) => "WebAuthn",
        })
    }
}

impl ChallengeAnswer {
    /// The answer's own `ChallengeResponses`, added to `responses`.
    fn add_to(&self, responses: Body) -> Body {
        match self {
            ChallengeAnswer::Nothing => responses,
            ChallengeAnswer::PasswordClaim {
                secret_block,
                timestamp,
                signature,
            } => responses
                .text("PASSWORD_CLAIM_SECRET_BLOCK", secret_block)
                .text("TIMESTAMP", timestamp)
                .text("PASSWORD_CLAIM_SIGNATURE", signature),
            ChallengeAnswer::DeviceSrp { srp_a } => responses.text("SRP_A", srp_a),
            ChallengeAnswer::Code { response_key, code } => responses.text(response_key, code),
            ChallengeAnswer::Answer(answer) => responses.text("ANSWER", answer),
            ChallengeAnswer::NewPassword {
                password,
                user_attributes,
            } => user_attributes.iter().fold(
                responses.text("NEW_PASSWORD", password.expose()),
                |r, (name, value)| r.text(&format!("userAttributes.{name}"), value),
            ),
            ChallengeAnswer::PasswordSrp { srp_a } => responses
                .text("ANSWER", AuthFactor::PasswordSrp.as_str())
                .text("SRP_A", srp_a),
            ChallengeAnswer::Password(password) => responses
                .text("ANSWER", AuthFactor::Password.as_str())
                .text("PASSWORD", password.expose()),
            ChallengeAnswer::Email(email) => responses.text("EMAIL", email),
            ChallengeAnswer::WebAuthn(credential) => responses.text("CREDENTIAL", credential),
        }
    }
}

/// `RespondToAuthChallenge`.
#[derive(Debug)]
pub struct RespondToAuthChallenge<'a> {
    /// `ChallengeName`.
    pub challenge_name: &'a ChallengeName,
    /// `USERNAME` (also what `SECRET_HASH` is computed over).
    pub username: &'a str,
    /// The answer.
    pub answer: ChallengeAnswer,
    /// `DEVICE_KEY`: the remembered device (which `DEVICE_SRP_AUTH` and
    /// `DEVICE_PASSWORD_VERIFIER` answer for).
    pub device_key: Option<&'a str>,
    /// `Session`, from the challenge.
    pub session: Option<&'a Secret>,
    /// `ClientMetadata`.
    pub client_metadata: Option<&'a Map>,
}

impl UserPoolRequest for RespondToAuthChallenge<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::RespondToAuthChallenge
    }

    fn body(&self, config: &UserPoolConfig) -> Json {
        let responses = self
            .answer
            .add_to(Body::new().text("USERNAME", self.username))
            .text_opt("DEVICE_KEY", self.device_key)
            .secret_hash_param(config, self.username);
        Body::new()
            .text("ChallengeName", self.challenge_name.as_str())
            .value("ChallengeResponses", responses.done())
            .client_id(config)
            .text_opt("Session", self.session.map(Secret::expose))
            .client_metadata(self.client_metadata)
            .done()
    }
}
