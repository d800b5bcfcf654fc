//! Everything the machine asks the host to do, and the results operations complete with.

use crate::json::{Json, Map, ToJson};
use std::fmt;

use super::{AuthError, OpId, RequestId};
use crate::cognito::{AuthFactor, DeliveryMedium, HttpRequest, MfaType, SignInStep};
use crate::session::{Jwt, Secret, SignInDetails};

/// An effect for the host to carry out, in order.
/// Tagged by `type` (camelCase), members in camelCase.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Effect {
    /// Send this request; answer with [`crate::machine::Input::HttpResult`] and the same id.
    Http {
        /// Request id.
        id: RequestId,
        /// The request.
        request: HttpRequest,
        /// Whether the host may send it again after a network error, throttling or a 5xx.
        /// False for calls that must not be repeated: a `PASSWORD_VERIFIER` or any
        /// challenge answer (single-use), a rotating refresh (a replay raises
        /// `RefreshTokenReuseException`), sign-up and password changes.
        retry: bool,
    },
    /// Read these keys; answer with [`crate::machine::Input::StorageLoaded`].
    Load {
        /// Load id.
        id: RequestId,
        /// Keys to read.
        keys: Vec<String>,
    },
    /// Write a value (may be a token: secret).
    Store {
        /// Key.
        key: String,
        /// Value.
        value: Secret,
    },
    /// Delete a key.
    Remove {
        /// Key.
        key: String,
    },
    /// Go to this URL (the hosted UI, its `/logout`), or with `replace` clean the current
    /// one (`history.replaceState`) after a callback.
    Navigate {
        /// The URL.
        url: String,
        /// Replace the current history entry without loading a page.
        replace: bool,
    },
    /// Run a WebAuthn ceremony (`navigator.credentials.get` / `.create`) with Cognito's
    /// JSON options; answer with [`crate::machine::Input::WebAuthnResult`].
    WebAuthn {
        /// Ceremony id.
        id: RequestId,
        /// `get` (sign-in) or `create` (registration).
        ceremony: Ceremony,
        /// Cognito's `CREDENTIAL_REQUEST_OPTIONS` / `CredentialCreationOptions`, as JSON.
        options: Json,
    },
    /// Stop the ceremony `id` if it is still running (`AbortController.abort()`): the
    /// sign-in or registration it served is over (replaced by another sign-in, signed out,
    /// another user signed in), so the browser's passkey dialog closes. Its answer, if one
    /// still comes, is ignored.
    AbortWebAuthn {
        /// Ceremony id.
        id: RequestId,
    },
    /// Take the cross-tab lock `name` (Web Locks' `navigator.locks.request`), then answer
    /// [`crate::machine::Input::LockAcquired`] ([`crate::machine::Input::LockHandedOver`]
    /// when another tab held it first). A host without locks answers at once.
    Lock {
        /// Lock id.
        id: RequestId,
        /// The lock's name (one per app client).
        name: String,
    },
    /// Release the lock taken for `id`.
    Unlock {
        /// Lock id.
        id: RequestId,
    },
    /// Tell listeners (Amplify Hub's `auth` channel events).
    Emit {
        /// The event.
        event: AuthEvent,
        /// Another tab caused it (its sign-in, refresh or sign-out, read from the shared
        /// storage): Amplify's Hub hands such events only to listeners that asked
        /// (`enableCrossTabEvents`).
        #[json(skip_serializing_if = "is_false")]
        other_tab: bool,
    },
    /// An operation finished.
    Complete {
        /// The host's operation id.
        op: OpId,
        /// Its result.
        result: Result<Output, AuthError>,
    },
}

/// Which WebAuthn ceremony.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson)]
#[json(rename_all = "lowercase")]
pub enum Ceremony {
    /// `navigator.credentials.get`: sign in with a passkey.
    Get,
    /// `navigator.credentials.create`: register a passkey.
    Create,
}

/// An `auth` channel event, named as in Amplify's Hub: `{ name, data? }`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(tag = "name", content = "data", rename_all = "camelCase")]
#[non_exhaustive]
pub enum AuthEvent {
    /// A user signed in.
    SignedIn(AuthUser),
    /// The user signed out (or the session ended).
    SignedOut,
    /// Tokens were refreshed.
    TokenRefresh,
    /// A refresh failed.
    #[json(rename = "tokenRefresh_failure")]
    TokenRefreshFailure {
        /// Why.
        error: AuthError,
    },
    /// A hosted-UI sign-in finished.
    SignInWithRedirect,
    /// A hosted-UI sign-in failed.
    #[json(rename = "signInWithRedirect_failure")]
    SignInWithRedirectFailure {
        /// Why.
        error: AuthError,
    },
    /// The `customState` given to `signInWithRedirect`.
    CustomOAuthState(String),
}

/// `skip_serializing_if` for flags that are absent when false.
fn is_false(flag: &bool) -> bool {
    !*flag
}

/// What an operation returns. Untagged: the inner value's own shape; `Done` is `null`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(untagged)]
#[non_exhaustive]
pub enum Output {
    /// `signIn`.
    SignIn(SignInOutput),
    /// `fetchAuthSession`.
    Session(AuthSession),
    /// `getCurrentUser`.
    User(AuthUser),
    /// Account calls: Amplify's result shape as JSON.
    Value(Json),
    /// `exportSignInState`: the waiting step as JSON (secret: holds the challenge session).
    SignInState(Secret),
    /// `signOut` (resolves with nothing).
    Done,
}

/// `{ isSignedIn, nextStep: { signInStep } }`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct SignInOutput {
    /// True once tokens are stored.
    pub is_signed_in: bool,
    /// What the user must do next.
    pub next_step: NextStep,
}

/// Amplify's `nextStep`.
#[derive(Debug, Clone, PartialEq, Default, ToJson)]
#[json(rename_all = "camelCase")]
pub struct NextStep {
    /// `DONE`, `CONFIRM_SIGN_IN_WITH_SMS_CODE`, `CONFIRM_SIGN_UP`, …
    pub sign_in_step: SignInStep,
    /// Where a code was sent.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The TOTP secret to register (the JS layer adds `getSetupUri`).
    pub totp_setup_details: Option<TotpSetupDetails>,
    /// `SMS` / `TOTP` / `EMAIL`, for MFA selection steps.
    #[json(rename = "allowedMFATypes")]
    pub allowed_mfa_types: Option<Vec<MfaType>>,
    /// Attributes `NEW_PASSWORD_REQUIRED` needs.
    pub missing_attributes: Option<Vec<String>>,
    /// A custom challenge's public parameters.
    pub additional_info: Option<crate::map::VecMap<String, String>>,
    /// First factors offered by `SELECT_CHALLENGE`.
    pub available_challenges: Option<Vec<AuthFactor>>,
}

/// Amplify's `codeDeliveryDetails`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct CodeDeliveryDetails {
    /// `SMS` or `EMAIL`.
    pub delivery_medium: Option<DeliveryMedium>,
    /// The masked destination.
    pub destination: Option<String>,
}

/// Amplify's `totpSetupDetails` (without the `getSetupUri` function, added in JS).
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct TotpSetupDetails {
    /// The base32 shared secret. The user must see it to set up an authenticator app.
    pub shared_secret: String,
}

/// `getCurrentUser()`'s result and the `signedIn` event's data.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct AuthUser {
    /// The user name the session is stored under.
    pub username: String,
    /// `sub`.
    pub user_id: String,
    /// How the user signed in.
    pub sign_in_details: Option<SignInDetails>,
}

/// A JWT as JS sees it: `{ jwt, payload }` (the JS layer adds `toString()`).
#[derive(Clone, PartialEq, ToJson)]
pub struct JwtOut {
    /// The encoded token (secret).
    pub jwt: Secret,
    /// The decoded payload.
    pub payload: Map,
}

impl fmt::Debug for JwtOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtOut([redacted])")
    }
}

impl From<&Jwt> for JwtOut {
    fn from(jwt: &Jwt) -> Self {
        JwtOut {
            jwt: jwt.raw().clone(),
            payload: jwt.payload().clone(),
        }
    }
}

/// `{ accessToken, idToken }`.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct SessionTokens {
    /// The access token.
    pub access_token: JwtOut,
    /// The id token.
    pub id_token: Option<JwtOut>,
    /// How the user signed in (stored at sign-in), as Amplify's `tokens.signInDetails`.
    pub sign_in_details: Option<SignInDetails>,
}

/// AWS credentials as JS sees them (`expiration` in Unix ms; the JS layer makes a `Date`).
#[derive(Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct CredentialsOut {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key (secret).
    pub secret_access_key: Secret,
    /// Session token (secret).
    pub session_token: Secret,
    /// Expiry, Unix ms.
    pub expiration: Option<i64>,
}

impl fmt::Debug for CredentialsOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialsOut([redacted])")
    }
}

/// `fetchAuthSession()`'s result: empty when signed out (unless guest access is on).
#[derive(Debug, Clone, PartialEq, Default, ToJson)]
#[json(rename_all = "camelCase")]
pub struct AuthSession {
    /// The tokens, when signed in.
    pub tokens: Option<SessionTokens>,
    /// AWS credentials from the identity pool, when one is configured.
    pub credentials: Option<CredentialsOut>,
    /// The identity pool identity id.
    pub identity_id: Option<String>,
    /// `sub`, when signed in.
    pub user_sub: Option<String>,
}
