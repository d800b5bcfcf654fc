//! The errors an operation completes with. Each has a stable `name` (Cognito's error name or
//! Amplify's library error name) and a message that never contains a secret.

use crate::json::{Json, ToJson};

use crate::cognito::ErrorName;
use crate::cognito::{ResponseError, ResponseMetadata, TransportError};
use crate::srp::SrpError;

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Cognito answered with a typed error (`NotAuthorizedException`, …).
    #[error("{message}")]
    Service {
        /// The Cognito error name.
        name: ErrorName,
        /// Cognito's message.
        message: String,
        /// The answer's HTTP status and request ids, when the error came in one.
        metadata: Option<Box<ResponseMetadata>>,
    },
    /// The request did not complete (offline, DNS, connection reset, CORS).
    #[error("network error: {0}")]
    Network(String),
    /// The host gave up waiting for the response.
    #[error("the request timed out")]
    Timeout,
    /// The response body is not JSON (an HTML error page: the local Cognito answers
    /// operations it lacks this way).
    #[error("HTTP {status}: the response body is not JSON")]
    UnexpectedResponse {
        /// HTTP status.
        status: u16,
    },
    /// The response body is longer than [`crate::cognito::MAX_RESPONSE_BYTES`] (1 MiB): it
    /// was not read, whatever it said. Cognito never answers that much: a broken or
    /// hostile endpoint. Says nothing about the session, which is kept.
    #[error(
        "the response body is longer than {} bytes",
        crate::cognito::MAX_RESPONSE_BYTES
    )]
    ResponseTooLarge,
    /// The response is JSON but lacks what the operation returns.
    #[error("malformed {operation} response: {detail}")]
    MalformedResponse {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        detail: &'static str,
    },
    /// The SRP maths refused the server's values.
    #[error("SRP failed: {0}")]
    Srp(SrpError),
    /// The input is invalid (Amplify's validation error names: `EmptySignInUsername`, …).
    #[error("{message}")]
    Validation {
        /// The validation error name.
        name: &'static str,
        /// What to fix.
        message: &'static str,
    },
    /// A user is already signed in.
    #[error("There is already a signed in user.")]
    AlreadyAuthenticated,
    /// No user is signed in.
    #[error("User needs to be authenticated to call this API.")]
    Unauthenticated,
    /// Cognito asked for a challenge this flow cannot answer.
    #[error("unexpected challenge {0}")]
    UnexpectedChallenge(String),
    /// The operation was cut short by another one (a new sign-in, a sign-out).
    #[error("the operation was interrupted by {0}")]
    Interrupted(&'static str),
    /// `confirmSignIn` without a sign-in waiting for an answer (none started, or its
    /// three minutes ran out).
    #[error("no sign-in is waiting for confirmSignIn (none started, or it expired)")]
    NoSignInInProgress,
    /// A remembered device was needed but is not stored (Amplify's words).
    #[error("Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.")]
    DeviceMetadataNotFound,
    /// `autoSignIn` without a confirmed sign-up that asked for it (or after 3 minutes).
    #[error("The autoSignIn flow has not started, or it expired")]
    AutoSignIn,
    /// Not enough random bytes came with the command.
    #[error("the host supplied too few random bytes")]
    InsufficientRandom,
    /// A passkey ceremony failed in the browser (Amplify's passkey error names).
    #[error("{message}")]
    Passkey {
        /// `PasskeyNotSupported`, `PasskeyAuthenticationCanceled`, …
        name: String,
        /// What the browser said.
        message: String,
    },
    /// The configuration is unusable.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A hosted-UI callback whose `state` is not the one `signInWithRedirect` stored (a
    /// forged link, or a stale one). It changed nothing: the sign-in in progress, if any,
    /// goes on. The message is fixed: nothing of the URL is shown.
    #[error("the callback's OAuth state does not match a sign-in started here (a forged or stale callback); nothing was changed")]
    OAuthStateMismatch,
    /// The hosted UI came back with an OAuth `error` instead of a code (the user cancelled,
    /// the identity provider refused). Its `error` and `error_description` are the
    /// provider's words: data (`underlyingError` in JSON), never the message.
    #[error(
        "the hosted UI returned an error instead of an authorization code (see underlyingError)"
    )]
    OAuthProvider {
        /// The OAuth `error` code (`access_denied`, `server_error`, …).
        error: String,
        /// The OAuth `error_description`, when there is one.
        description: Option<String>,
    },
}

impl AuthError {
    /// The stable name JS sees as `error.name`.
    pub fn name(&self) -> &str {
        match self {
            AuthError::Validation { name, .. } => name,
            AuthError::Passkey { name, .. } => name,
            other => other.error_name().map_or("", ErrorName::as_str),
        }
    }

    /// The typed name: every error but `Validation` and `Passkey`, whose names are their
    /// own words.
    pub fn error_name(&self) -> Option<&ErrorName> {
        Some(match self {
            AuthError::Service { name, .. } => name,
            AuthError::Network(_) => &ErrorName::NetworkError,
            AuthError::Timeout => &ErrorName::TimeoutError,
            AuthError::UnexpectedResponse { .. } => &ErrorName::UnexpectedResponseException,
            AuthError::MalformedResponse { .. } => &ErrorName::MalformedResponseException,
            AuthError::ResponseTooLarge => &ErrorName::ResponseTooLargeException,
            AuthError::Srp(_) => &ErrorName::SrpException,
            AuthError::AlreadyAuthenticated => &ErrorName::UserAlreadyAuthenticatedException,
            AuthError::Unauthenticated => &ErrorName::UserUnAuthenticatedException,
            AuthError::UnexpectedChallenge(_) => &ErrorName::UnexpectedChallengeException,
            AuthError::Interrupted(_) => &ErrorName::UnexpectedSignInInterruptionException,
            AuthError::Config(_) => &ErrorName::AuthUserPoolException,
            AuthError::NoSignInInProgress => &ErrorName::SignInException,
            AuthError::DeviceMetadataNotFound => &ErrorName::DeviceMetadataNotFoundException,
            AuthError::InsufficientRandom => &ErrorName::InsufficientRandomException,
            AuthError::AutoSignIn => &ErrorName::AutoSignInException,
            AuthError::OAuthStateMismatch | AuthError::OAuthProvider { .. } => {
                &ErrorName::OAuthSignInException
            }
            AuthError::Validation { .. } | AuthError::Passkey { .. } => return None,
        })
    }

    /// True for a service error named `name`.
    pub fn is_service(&self, name: &ErrorName) -> bool {
        matches!(self, AuthError::Service { name: n, .. } if n == name)
    }

    /// What the user or developer can do about it, where there is something.
    pub fn recovery_suggestion(&self) -> Option<&'static str> {
        match self {
            AuthError::Network(_) | AuthError::Timeout => {
                Some("Check the network connection and retry; the session is kept.")
            }
            AuthError::AlreadyAuthenticated => Some("Call signOut before signing in again."),
            AuthError::NoSignInInProgress => {
                Some("Call signIn first; a sign-in waits 3 minutes for its answer.")
            }
            AuthError::Unauthenticated => Some("Sign in before calling this API."),
            AuthError::OAuthStateMismatch => Some(
                "Ignore it; if a sign-in was expected, start it again with signInWithRedirect.",
            ),
            AuthError::UnexpectedResponse { .. } => Some(
                "The endpoint does not speak the Cognito API for this operation; check `endpoint`.",
            ),
            AuthError::ResponseTooLarge => Some(
                "The endpoint answered with more than Cognito ever sends; check `endpoint`. The session is kept.",
            ),
            _ => None,
        }
    }

    /// True only for the service errors after which a refresh token is dead (Amplify's
    /// list). Everything else (network, timeouts, 5xx, throttling, unreadable or unexpected
    /// answers) says nothing about the session, which must survive it.
    pub fn ends_session(&self) -> bool {
        matches!(self, AuthError::Service { name, .. } if SESSION_ENDING_ERRORS.contains(name))
    }
}

/// Service errors after which a refresh token is dead (Amplify's list, issue #14534).
pub const SESSION_ENDING_ERRORS: [ErrorName; 6] = [
    ErrorName::NotAuthorizedException,
    ErrorName::TokenRevokedException,
    ErrorName::UserNotFoundException,
    ErrorName::PasswordResetRequiredException,
    ErrorName::UserNotConfirmedException,
    ErrorName::RefreshTokenReuseException,
];

impl From<ResponseError> for AuthError {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::Service(s) => AuthError::Service {
                name: ErrorName::from(s.name),
                message: s.message,
                metadata: Some(Box::new(s.metadata)),
            },
            ResponseError::NotJson { status } | ResponseError::UnexpectedStatus { status } => {
                AuthError::UnexpectedResponse { status }
            }
            ResponseError::TooLarge => AuthError::ResponseTooLarge,
            ResponseError::Malformed { operation, detail } => {
                AuthError::MalformedResponse { operation, detail }
            }
        }
    }
}

impl From<TransportError> for AuthError {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::Network { message } => AuthError::Network(message),
            TransportError::Timeout => AuthError::Timeout,
            TransportError::TooLarge => AuthError::ResponseTooLarge,
        }
    }
}

impl From<SrpError> for AuthError {
    fn from(e: SrpError) -> Self {
        AuthError::Srp(e)
    }
}

/// What JS receives for an [`AuthError`] (the JS layer makes it an `AuthError` instance).
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct AuthErrorData<'a> {
    /// The exception name (`NotAuthorizedException`, …) or our own (`NetworkError`, …).
    name: &'a str,
    /// What happened.
    message: String,
    /// What the user or the app can do about it.
    recovery_suggestion: Option<&'static str>,
    /// The identity provider's own error, for `OAuthProvider`.
    underlying_error: Option<OAuthUnderlying<'a>>,
    /// The HTTP facts of a Cognito error answer.
    metadata: Option<ErrorMetadata<'a>>,
}

/// What JS receives as `AuthError.metadata` (the keys Amplify's `AmplifyError` keeps).
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct ErrorMetadata<'a> {
    /// The HTTP status.
    http_status_code: u16,
    /// The request id.
    request_id: Option<&'a str>,
    /// `x-amz-id-2`.
    extended_request_id: Option<&'a str>,
}

/// The identity provider's error parameters (RFC 6749 §4.1.2.1).
#[derive(ToJson)]
struct OAuthUnderlying<'a> {
    /// `access_denied`, …
    error: &'a str,
    /// The provider's text.
    error_description: Option<&'a str>,
}

/// Hand-written: the shape is computed from the variant (name, message, suggestion), not
/// stored in it; [`AuthErrorData`] (derived) declares it.
impl ToJson for AuthError {
    fn to_json(&self) -> Json {
        let underlying_error = match self {
            AuthError::OAuthProvider { error, description } => Some(OAuthUnderlying {
                error,
                error_description: description.as_deref(),
            }),
            _ => None,
        };
        let metadata = match self {
            AuthError::Service {
                metadata: Some(m), ..
            } => Some(ErrorMetadata {
                http_status_code: m.http_status_code,
                request_id: m.request_id.as_deref(),
                extended_request_id: m.extended_request_id.as_deref(),
            }),
            _ => None,
        };
        AuthErrorData {
            name: self.name(),
            message: self.to_string(),
            recovery_suggestion: self.recovery_suggestion(),
            underlying_error,
            metadata,
        }
        .to_json()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl crate::json::ts::TsOut for AuthError {
    fn ts_ref(r: &mut crate::json::ts::TsDecls) -> String {
        r.output::<AuthErrorData<'static>>()
    }
}
