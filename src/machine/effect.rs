//! Everything the machine asks the host to do, and the results operations complete with.

use crate::json::{Json, Map, ObjectBuilder, ToJson};
use std::fmt;

use super::{AuthError, OpId, RequestId};
use crate::cognito::HttpRequest;
use crate::session::{Jwt, Secret, SignInDetails};

/// An effect for the host to carry out, in order.
#[derive(Debug, Clone, PartialEq)]
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
    /// [`crate::machine::Input::LockAcquired`]. A host without locks answers at once.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremony {
    /// `navigator.credentials.get`: sign in with a passkey.
    Get,
    /// `navigator.credentials.create`: register a passkey.
    Create,
}

/// An `auth` channel event, named as in Amplify's Hub.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AuthEvent {
    /// A user signed in.
    SignedIn(AuthUser),
    /// The user signed out (or the session ended).
    SignedOut,
    /// Tokens were refreshed.
    TokenRefresh,
    /// A refresh failed.
    TokenRefreshFailure {
        /// Why.
        error: AuthError,
    },
    /// A hosted-UI sign-in finished.
    SignInWithRedirect,
    /// A hosted-UI sign-in failed.
    SignInWithRedirectFailure {
        /// Why.
        error: AuthError,
    },
    /// The `customState` given to `signInWithRedirect`.
    CustomOAuthState(String),
}

/// What an operation returns.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct SignInOutput {
    /// True once tokens are stored.
    pub is_signed_in: bool,
    /// What the user must do next.
    pub next_step: NextStep,
}

/// Amplify's `nextStep`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NextStep {
    /// `DONE`, `CONFIRM_SIGN_IN_WITH_SMS_CODE`, `CONFIRM_SIGN_UP`, …
    pub sign_in_step: &'static str,
    /// Where a code was sent.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The TOTP secret to register (the JS layer adds `getSetupUri`).
    pub totp_setup_details: Option<TotpSetupDetails>,
    /// `SMS` / `TOTP` / `EMAIL`, for MFA selection steps.
    pub allowed_mfa_types: Option<Vec<String>>,
    /// Attributes `NEW_PASSWORD_REQUIRED` needs.
    pub missing_attributes: Option<Vec<String>>,
    /// A custom challenge's public parameters.
    pub additional_info: Option<crate::map::VecMap<String, String>>,
    /// First factors offered by `SELECT_CHALLENGE`.
    pub available_challenges: Option<Vec<String>>,
}

/// Amplify's `codeDeliveryDetails`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeDeliveryDetails {
    /// `SMS` or `EMAIL`.
    pub delivery_medium: Option<String>,
    /// The masked destination.
    pub destination: Option<String>,
}

/// Amplify's `totpSetupDetails` (without the `getSetupUri` function, added in JS).
#[derive(Debug, Clone, PartialEq)]
pub struct TotpSetupDetails {
    /// The base32 shared secret. The user must see it to set up an authenticator app.
    pub shared_secret: String,
}

/// `getCurrentUser()`'s result and the `signedIn` event's data.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthUser {
    /// The user name the session is stored under.
    pub username: String,
    /// `sub`.
    pub user_id: String,
    /// How the user signed in.
    pub sign_in_details: Option<SignInDetails>,
}

/// A JWT as JS sees it: `{ jwt, payload }` (the JS layer adds `toString()`).
#[derive(Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct SessionTokens {
    /// The access token.
    pub access_token: JwtOut,
    /// The id token.
    pub id_token: Option<JwtOut>,
}

/// AWS credentials as JS sees them (`expiration` in Unix ms; the JS layer makes a `Date`).
#[derive(Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq, Default)]
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

// ------------------------------------------------------------------ JSON shapes

/// Tagged by `type` (camelCase), members in camelCase.
impl ToJson for Effect {
    fn to_json(&self) -> Json {
        let b = ObjectBuilder::new();
        match self {
            Effect::Http { id, request, retry } => b
                .put("type", "http")
                .put("id", *id)
                .put("request", request)
                .put("retry", *retry),
            Effect::Load { id, keys } => b.put("type", "load").put("id", *id).put("keys", keys),
            Effect::Store { key, value } => {
                b.put("type", "store").put("key", key).put("value", value)
            }
            Effect::Remove { key } => b.put("type", "remove").put("key", key),
            Effect::Navigate { url, replace } => b
                .put("type", "navigate")
                .put("url", url)
                .put("replace", *replace),
            Effect::WebAuthn {
                id,
                ceremony,
                options,
            } => b
                .put("type", "webAuthn")
                .put("id", *id)
                .put("ceremony", *ceremony)
                .put("options", options),
            Effect::AbortWebAuthn { id } => b.put("type", "abortWebAuthn").put("id", *id),
            Effect::Lock { id, name } => b.put("type", "lock").put("id", *id).put("name", name),
            Effect::Unlock { id } => b.put("type", "unlock").put("id", *id),
            Effect::Emit { event } => b.put("type", "emit").put("event", event),
            Effect::Complete { op, result } => {
                let result = match result {
                    Ok(output) => ObjectBuilder::new().put("ok", output),
                    Err(error) => ObjectBuilder::new().put("error", error),
                };
                b.put("type", "complete")
                    .put("op", *op)
                    .json("result", result.build())
            }
        }
        .build()
    }
}

/// `'get' | 'create'`.
impl ToJson for Ceremony {
    fn to_json(&self) -> Json {
        Json::from(match self {
            Ceremony::Get => "get",
            Ceremony::Create => "create",
        })
    }
}

/// `{ name, data? }` with Amplify Hub's event names.
impl ToJson for AuthEvent {
    fn to_json(&self) -> Json {
        let (name, data) = match self {
            AuthEvent::SignedIn(user) => ("signedIn", Some(user.to_json())),
            AuthEvent::SignedOut => ("signedOut", None),
            AuthEvent::TokenRefresh => ("tokenRefresh", None),
            AuthEvent::TokenRefreshFailure { error } => (
                "tokenRefresh_failure",
                Some(ObjectBuilder::new().put("error", error).build()),
            ),
            AuthEvent::SignInWithRedirect => ("signInWithRedirect", None),
            AuthEvent::SignInWithRedirectFailure { error } => (
                "signInWithRedirect_failure",
                Some(ObjectBuilder::new().put("error", error).build()),
            ),
            AuthEvent::CustomOAuthState(state) => ("customOAuthState", Some(Json::from(state))),
        };
        ObjectBuilder::new()
            .put("name", name)
            .opt("data", data)
            .build()
    }
}

/// Untagged: the inner value's own shape; `Done` is `null`.
impl ToJson for Output {
    fn to_json(&self) -> Json {
        match self {
            Output::SignIn(o) => o.to_json(),
            Output::Session(s) => s.to_json(),
            Output::User(u) => u.to_json(),
            Output::Value(v) => v.clone(),
            Output::SignInState(s) => s.to_json(),
            Output::Done => Json::Null,
        }
    }
}

impl ToJson for SignInOutput {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("isSignedIn", self.is_signed_in)
            .put("nextStep", &self.next_step)
            .build()
    }
}

impl ToJson for NextStep {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("signInStep", self.sign_in_step)
            .opt("codeDeliveryDetails", self.code_delivery_details.as_ref())
            .opt("totpSetupDetails", self.totp_setup_details.as_ref())
            .opt("allowedMFATypes", self.allowed_mfa_types.as_ref())
            .opt("missingAttributes", self.missing_attributes.as_ref())
            .opt("additionalInfo", self.additional_info.as_ref())
            .opt("availableChallenges", self.available_challenges.as_ref())
            .build()
    }
}

impl ToJson for CodeDeliveryDetails {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .opt("deliveryMedium", self.delivery_medium.as_ref())
            .opt("destination", self.destination.as_ref())
            .build()
    }
}

impl ToJson for TotpSetupDetails {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("sharedSecret", &self.shared_secret)
            .build()
    }
}

impl ToJson for AuthUser {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("username", &self.username)
            .put("userId", &self.user_id)
            .opt("signInDetails", self.sign_in_details.as_ref())
            .build()
    }
}

impl ToJson for JwtOut {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("jwt", &self.jwt)
            .put("payload", &self.payload)
            .build()
    }
}

impl ToJson for SessionTokens {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("accessToken", &self.access_token)
            .opt("idToken", self.id_token.as_ref())
            .build()
    }
}

impl ToJson for CredentialsOut {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("accessKeyId", &self.access_key_id)
            .put("secretAccessKey", &self.secret_access_key)
            .put("sessionToken", &self.session_token)
            .opt("expiration", self.expiration)
            .build()
    }
}

impl ToJson for AuthSession {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .opt("tokens", self.tokens.as_ref())
            .opt("credentials", self.credentials.as_ref())
            .opt("identityId", self.identity_id.as_ref())
            .opt("userSub", self.user_sub.as_ref())
            .build()
    }
}
