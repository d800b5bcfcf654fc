//! The protocol's words, one definition each: Amplify's sign-in steps, MFA types, first
//! factors, delivery media and error names. The machine compares these enums, never their text; the
//! text exists only in the derived codecs (and `as_str`). Words the server may add later
//! (first factors, delivery media) keep an `Other` arm and travel unchanged.

use crate::json::{FromJson, ToJson};

/// Amplify's `nextStep.signInStep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignInStep {
    /// Signed in.
    #[default]
    Done,
    /// Enter the code sent by SMS.
    ConfirmSignInWithSmsCode,
    /// Enter the code sent by email.
    ConfirmSignInWithEmailCode,
    /// Enter the code of the authenticator app.
    ConfirmSignInWithTotpCode,
    /// Answer the custom challenge.
    ConfirmSignInWithCustomChallenge,
    /// Register an authenticator app (the shared secret is in `totpSetupDetails`).
    ContinueSignInWithTotpSetup,
    /// Give an email address for email MFA.
    ContinueSignInWithEmailSetup,
    /// Choose an MFA type (`allowedMFATypes`).
    ContinueSignInWithMfaSelection,
    /// Choose an MFA type to set up (`allowedMFATypes`).
    ContinueSignInWithMfaSetupSelection,
    /// Choose a new password (`missingAttributes` too).
    ConfirmSignInWithNewPasswordRequired,
    /// Choose a first factor (`availableChallenges`).
    ContinueSignInWithFirstFactorSelection,
    /// Enter the password (choice-based sign-in).
    ConfirmSignInWithPassword,
    /// The user is not confirmed yet.
    ConfirmSignUp,
    /// The password must be reset first.
    ResetPassword,
}

/// Amplify's MFA types (`allowedMFATypes`, `fetchMFAPreference`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MfaType {
    /// A code by SMS (`SMS_MFA`).
    Sms,
    /// An authenticator app (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// A code by email (`EMAIL_OTP`).
    Email,
}

impl MfaType {
    /// The MFA type of a Cognito MFA name (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    pub fn from_cognito(name: &str) -> Option<MfaType> {
        match name {
            "SMS_MFA" => Some(MfaType::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(MfaType::Totp),
            "EMAIL_OTP" => Some(MfaType::Email),
            _ => None,
        }
    }

    /// Its challenge (and Cognito MFA name).
    pub fn challenge(self) -> ChallengeName {
        match self {
            MfaType::Sms => ChallengeName::SmsMfa,
            MfaType::Totp => ChallengeName::SoftwareTokenMfa,
            MfaType::Email => ChallengeName::EmailOtp,
        }
    }
}

/// A first factor of choice-based sign-in (`preferredChallenge`, `availableChallenges`).
#[derive(Debug, Clone, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthFactor {
    /// The password, sent over TLS.
    Password,
    /// The password, by SRP.
    PasswordSrp,
    /// A code by email.
    EmailOtp,
    /// A code by SMS.
    SmsOtp,
    /// A passkey.
    WebAuthn,
    /// A factor this client does not know.
    #[json(other)]
    Other(String),
}

/// Where a code was sent (`codeDeliveryDetails.deliveryMedium`).
#[derive(Debug, Clone, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryMedium {
    /// By SMS.
    Sms,
    /// By email.
    Email,
    /// Another medium, as Cognito named it.
    #[json(other)]
    Other(String),
}

/// Cognito's `ChallengeName`.
#[derive(Debug, Clone, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeName {
    /// A code by SMS (MFA).
    SmsMfa,
    /// A code by SMS (first factor).
    SmsOtp,
    /// A code from an authenticator app.
    SoftwareTokenMfa,
    /// A code by email (MFA or first factor).
    EmailOtp,
    /// Choose an MFA type.
    SelectMfaType,
    /// Set up MFA.
    MfaSetup,
    /// The SRP proof.
    PasswordVerifier,
    /// A Lambda-defined challenge.
    CustomChallenge,
    /// Device SRP, first step.
    DeviceSrpAuth,
    /// Device SRP, the proof.
    DevicePasswordVerifier,
    /// Choose a new password.
    NewPasswordRequired,
    /// Choose a first factor.
    SelectChallenge,
    /// A passkey.
    WebAuthn,
    /// The password (choice-based sign-in).
    Password,
    /// The password by SRP (choice-based sign-in).
    PasswordSrp,
    /// A challenge this client does not know.
    #[json(other)]
    Other(String),
}

/// An error's `name`: Cognito's exception names the machine acts on, and Amplify's library
/// error names this client gives its own errors. Any other name Cognito sends travels in
/// `Other`, unchanged. The machine matches on these, never on the text.
#[derive(Debug, Clone, PartialEq, Eq, FromJson, ToJson)]
pub enum ErrorName {
    /// Wrong credentials, or a refresh token that is no longer valid.
    NotAuthorizedException,
    /// The refresh token was revoked.
    TokenRevokedException,
    /// No such user.
    UserNotFoundException,
    /// The user must reset the password.
    PasswordResetRequiredException,
    /// The user has not confirmed the sign-up.
    UserNotConfirmedException,
    /// A rotated refresh token was used again.
    RefreshTokenReuseException,
    /// The code has expired.
    ExpiredCodeException,
    /// The endpoint does not know the operation (no `GetTokensFromRefreshToken`).
    UnknownOperationException,
    /// The identity pool does not know the identity id.
    ResourceNotFoundException,
    /// `VerifySoftwareToken` did not succeed.
    EnableSoftwareTokenMFAException,
    /// The hosted-UI sign-in failed.
    OAuthSignInException,
    /// The request did not complete.
    NetworkError,
    /// The host gave up waiting for the response.
    TimeoutError,
    /// The response body is not JSON.
    UnexpectedResponseException,
    /// The response body is JSON of the wrong shape.
    MalformedResponseException,
    /// The response body is too long to read.
    ResponseTooLargeException,
    /// The SRP values are unusable.
    SrpException,
    /// A user is already signed in.
    UserAlreadyAuthenticatedException,
    /// Nobody is signed in.
    UserUnAuthenticatedException,
    /// Cognito asked for a challenge this client does not answer.
    UnexpectedChallengeException,
    /// The sign-in was interrupted by another.
    UnexpectedSignInInterruptionException,
    /// The configuration is unusable.
    AuthUserPoolException,
    /// No sign-in waits for an answer.
    SignInException,
    /// The remembered device is gone.
    DeviceMetadataNotFoundException,
    /// The host gave too few random bytes.
    InsufficientRandomException,
    /// Auto sign-in after sign-up failed.
    AutoSignInException,
    /// Any other name, as Cognito wrote it.
    #[json(other)]
    Other(String),
}

impl From<String> for ErrorName {
    /// The name for Cognito's word (`Other` for a word not listed).
    fn from(word: String) -> ErrorName {
        match FromJson::from_json(crate::json::Json::String(word)) {
            Ok(name) => name,
            // Not reached: a string enum with an `other` variant reads every string.
            Err(_) => ErrorName::Other(String::new()),
        }
    }
}
