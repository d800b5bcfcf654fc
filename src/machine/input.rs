//! Everything the host feeds the machine: user commands (with operation ids and entropy),
//! HTTP results and loaded storage values.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use crate::cognito::{HttpResponse, TransportError};
use crate::session::Secret;

/// The host's id for one user operation; echoed in [`crate::machine::Effect::Complete`].
pub type OpId = u64;
/// The machine's id for one HTTP request or storage load; echoed in the answer.
pub type RequestId = u64;

/// Random bytes the host supplies with every command (`crypto.getRandomValues`). 512 is
/// enough for any one command: SRP needs 128, device SRP another 128, a device verifier 56.
pub const COMMAND_ENTROPY_BYTES: usize = 512;

/// An input to [`crate::machine::AuthMachine::handle`]. `Debug` shows no secret: not the
/// random bytes (they seed SRP's private `a`), not the loaded storage values (tokens).
#[derive(Clone, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Input {
    /// Begin: restore the stored session. Commands sent earlier wait for it.
    Start,
    /// A user command.
    #[serde(rename_all = "camelCase")]
    Command {
        /// The host's operation id.
        op: OpId,
        /// What to do.
        command: Command,
        /// Fresh random bytes ([`COMMAND_ENTROPY_BYTES`]): an array of numbers, or a
        /// `Uint8Array` as `JSON.stringify` writes it (`{"0":…,"1":…}`).
        #[serde(default, deserialize_with = "bytes")]
        random: Vec<u8>,
    },
    /// The outcome of an [`crate::machine::Effect::Http`].
    HttpResult {
        /// The request id.
        id: RequestId,
        /// Response or transport failure.
        outcome: HttpOutcome,
    },
    /// A storage key changed outside this instance (another tab's `storage` event, a
    /// `BroadcastChannel` message): the machine reads the session again and follows it.
    StorageChanged {
        /// The key that changed.
        key: String,
    },
    /// The lock of an [`crate::machine::Effect::Lock`] is held.
    LockAcquired {
        /// The lock id.
        id: RequestId,
    },
    /// The outcome of an [`crate::machine::Effect::WebAuthn`] ceremony.
    WebAuthnResult {
        /// The ceremony id.
        id: RequestId,
        /// The credential as JSON (`PublicKeyCredential.toJSON()`), on success.
        #[serde(default)]
        credential: Option<Value>,
        /// Amplify's passkey error (`PasskeyAuthenticationCanceled`, …), on failure.
        #[serde(default)]
        error: Option<PasskeyError>,
    },
    /// The values of an [`crate::machine::Effect::Load`] (`None` = absent).
    StorageLoaded {
        /// The load id.
        id: RequestId,
        /// Every requested key; missing keys count as absent.
        values: BTreeMap<String, Option<String>>,
    },
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Start => f.write_str("Start"),
            Input::Command { op, command, random } => f
                .debug_struct("Command")
                .field("op", op)
                .field("command", command)
                .field("random", &format_args!("[{} bytes]", random.len()))
                .finish(),
            Input::HttpResult { id, outcome } => f
                .debug_struct("HttpResult")
                .field("id", id)
                .field("outcome", outcome)
                .finish(),
            Input::StorageChanged { key } => {
                f.debug_struct("StorageChanged").field("key", key).finish()
            }
            Input::LockAcquired { id } => f.debug_struct("LockAcquired").field("id", id).finish(),
            Input::WebAuthnResult { id, error, .. } => f
                .debug_struct("WebAuthnResult")
                .field("id", id)
                .field("error", error)
                .finish_non_exhaustive(),
            Input::StorageLoaded { id, values } => f
                .debug_struct("StorageLoaded")
                .field("id", id)
                .field("keys", &values.keys().collect::<Vec<_>>())
                .finish_non_exhaustive(),
        }
    }
}

/// A WebAuthn failure the host mapped to Amplify's passkey error names.
#[derive(Debug, Clone, Deserialize)]
pub struct PasskeyError {
    /// `PasskeyNotSupported`, `PasskeyAuthenticationCanceled`, `PasskeyAlreadyExists`,
    /// `RelyingPartyMismatch`, …
    pub name: String,
    /// What the browser said.
    #[serde(default)]
    pub message: String,
}

/// Bytes from a JSON array, or from an object with index keys (a stringified `Uint8Array`).
pub(crate) fn bytes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let byte = |v: &Value| v.as_u64().and_then(|n| u8::try_from(n).ok());
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.iter().filter_map(byte).collect(),
        Value::Object(map) => {
            let mut indexed: Vec<(usize, u8)> = map
                .iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, byte(v)?)))
                .collect();
            indexed.sort_unstable();
            indexed.into_iter().map(|(_, b)| b).collect()
        }
        _ => Vec::new(),
    })
}

/// What came back for an HTTP request.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HttpOutcome {
    /// The server answered (any status).
    Response(HttpResponse),
    /// No answer.
    Failure(TransportError),
}

/// A user command: Amplify v6's functions, by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Command {
    /// `signIn`.
    SignIn(SignInInput),
    /// `fetchAuthSession`.
    #[serde(rename_all = "camelCase")]
    FetchAuthSession {
        /// Refresh even when the tokens are valid.
        #[serde(default)]
        force_refresh: bool,
    },
    /// `confirmSignIn`.
    ConfirmSignIn(ConfirmSignInInput),
    /// Hands out the sign-in step waiting for `confirmSignIn`, to resume it elsewhere.
    ExportSignInState,
    /// Resumes a step exported by `ExportSignInState` (another tab, a magic link).
    #[serde(rename_all = "camelCase")]
    ImportSignInState {
        /// The exported state.
        state: Secret,
    },
    /// `getCurrentUser`.
    GetCurrentUser,
    /// `signUp`.
    #[serde(rename_all = "camelCase")]
    SignUp {
        /// User name (or email/phone, per the pool's settings).
        username: String,
        /// Password.
        #[serde(default)]
        password: Option<Secret>,
        /// Options.
        #[serde(default)]
        options: SignUpOptions,
    },
    /// `confirmSignUp`.
    #[serde(rename_all = "camelCase")]
    ConfirmSignUp {
        /// User name.
        username: String,
        /// The code sent to the user.
        confirmation_code: String,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `resendSignUpCode`.
    #[serde(rename_all = "camelCase")]
    ResendSignUpCode {
        /// User name.
        username: String,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `autoSignIn` after a confirmed sign-up.
    AutoSignIn,
    /// `resetPassword`.
    #[serde(rename_all = "camelCase")]
    ResetPassword {
        /// User name.
        username: String,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `confirmResetPassword`.
    #[serde(rename_all = "camelCase")]
    ConfirmResetPassword {
        /// User name.
        username: String,
        /// The new password.
        new_password: Secret,
        /// The code sent to the user.
        confirmation_code: String,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `updatePassword`.
    #[serde(rename_all = "camelCase")]
    UpdatePassword {
        /// The current password.
        old_password: Secret,
        /// The new password.
        new_password: Secret,
    },
    /// `setUpTOTP`.
    #[serde(rename = "setUpTOTP")]
    SetUpTotp,
    /// `verifyTOTPSetup`.
    #[serde(rename = "verifyTOTPSetup", rename_all = "camelCase")]
    VerifyTotpSetup {
        /// The code from the authenticator app.
        code: String,
        /// Options.
        #[serde(default)]
        options: VerifyTotpOptions,
    },
    /// `updateMFAPreference`.
    #[serde(rename = "updateMFAPreference")]
    UpdateMfaPreference {
        /// SMS preference.
        #[serde(default)]
        sms: Option<MfaPreference>,
        /// TOTP preference.
        #[serde(default)]
        totp: Option<MfaPreference>,
        /// Email preference.
        #[serde(default)]
        email: Option<MfaPreference>,
    },
    /// `fetchMFAPreference`.
    #[serde(rename = "fetchMFAPreference")]
    FetchMfaPreference,
    /// `fetchUserAttributes`.
    FetchUserAttributes,
    /// `updateUserAttributes`.
    #[serde(rename_all = "camelCase")]
    UpdateUserAttributes {
        /// Attribute names and values.
        user_attributes: BTreeMap<String, String>,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `confirmUserAttribute`.
    #[serde(rename_all = "camelCase")]
    ConfirmUserAttribute {
        /// The attribute.
        user_attribute_key: String,
        /// The code sent to the user.
        confirmation_code: String,
    },
    /// `sendUserAttributeVerificationCode`.
    #[serde(rename_all = "camelCase")]
    SendUserAttributeVerificationCode {
        /// The attribute.
        user_attribute_key: String,
        /// Options.
        #[serde(default)]
        options: CodeOptions,
    },
    /// `deleteUserAttributes`.
    #[serde(rename_all = "camelCase")]
    DeleteUserAttributes {
        /// The attributes to delete.
        user_attribute_keys: Vec<String>,
    },
    /// `fetchDevices`: every page, or one page when `limit` or `nextToken` is given.
    #[serde(rename_all = "camelCase")]
    FetchDevices {
        /// Page size (one page).
        #[serde(default)]
        limit: Option<u32>,
        /// Where to continue (one page).
        #[serde(default)]
        next_token: Option<String>,
    },
    /// `rememberDevice`.
    RememberDevice,
    /// `forgetDevice`: the given device, or this one.
    #[serde(rename_all = "camelCase")]
    ForgetDevice {
        /// `{ id }` of the device to forget.
        #[serde(default)]
        device: Option<DeviceRef>,
    },
    /// `deleteUser`.
    DeleteUser,
    /// `associateWebAuthnCredential`: register a passkey.
    AssociateWebAuthnCredential,
    /// `listWebAuthnCredentials`: every page, or one with `pageSize` / `nextToken`.
    #[serde(rename_all = "camelCase")]
    ListWebAuthnCredentials {
        /// Page size (one page).
        #[serde(default)]
        page_size: Option<u32>,
        /// Where to continue (one page).
        #[serde(default)]
        next_token: Option<String>,
    },
    /// `deleteWebAuthnCredential`.
    #[serde(rename_all = "camelCase")]
    DeleteWebAuthnCredential {
        /// The credential id.
        credential_id: String,
    },
    /// `signOut`.
    SignOut {
        /// Sign out of every device (`GlobalSignOut`).
        #[serde(default)]
        global: bool,
        /// The page's origin, to pick the hosted UI's sign-out redirect.
        #[serde(default)]
        origin: Option<String>,
    },
    /// `signInWithRedirect`: to the hosted UI, with PKCE.
    #[serde(rename_all = "camelCase")]
    SignInWithRedirect {
        /// `'Google'`, `{ custom }`, `{ idpIdentifier }`; the hosted UI's own page when absent.
        #[serde(default)]
        provider: Option<super::oauth::Provider>,
        /// Handed back as the `customOAuthState` event after the redirect.
        #[serde(default)]
        custom_state: Option<String>,
        /// `loginHint`, `lang`, `nonce`, `prompt`.
        #[serde(default)]
        options: super::oauth::RedirectOptions,
        /// The page's origin, to pick the matching `redirectSignIn`.
        #[serde(default)]
        origin: Option<String>,
    },
    /// The page loaded at `url`: finishes a hosted-UI sign-in when it carries `code` or
    /// `error` (does nothing otherwise).
    HandleOAuthCallback {
        /// The page's full URL.
        url: String,
    },
}

/// `signIn`'s input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInInput {
    /// User name or alias.
    pub username: String,
    /// The password (password flows).
    #[serde(default)]
    pub password: Option<Secret>,
    /// Options.
    #[serde(default)]
    pub options: SignInOptions,
}

/// `confirmSignIn`'s input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignInInput {
    /// The code, answer, new password or selection the current step asks for.
    pub challenge_response: Secret,
    /// Options.
    #[serde(default)]
    pub options: ConfirmSignInOptions,
}

/// `confirmSignIn` options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignInOptions {
    /// Attributes for `NEW_PASSWORD_REQUIRED` (sent as `userAttributes.<name>`).
    #[serde(default)]
    pub user_attributes: Option<std::collections::BTreeMap<String, String>>,
    /// Passed to Lambda triggers.
    #[serde(default)]
    pub client_metadata: Option<Map<String, Value>>,
    /// The name of the TOTP device being set up.
    #[serde(default)]
    pub friendly_device_name: Option<String>,
}

/// `signUp` options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpOptions {
    /// Attributes (`email`, `phone_number`, …).
    #[serde(default)]
    pub user_attributes: BTreeMap<String, String>,
    /// For the pre-sign-up trigger.
    #[serde(default)]
    pub validation_data: BTreeMap<String, String>,
    /// Passed to Lambda triggers.
    #[serde(default)]
    pub client_metadata: Option<Map<String, Value>>,
    /// Sign in automatically once confirmed: `true` or sign-in options.
    #[serde(default)]
    pub auto_sign_in: Option<AutoSignInOption>,
}

/// `autoSignIn: true | { authFlowType, … }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AutoSignInOption {
    /// `true` / `false`.
    Enabled(bool),
    /// With sign-in options.
    Options(SignInOptions),
}

/// Options of the calls that send or check a code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeOptions {
    /// Passed to Lambda triggers.
    #[serde(default)]
    pub client_metadata: Option<Map<String, Value>>,
    /// `confirmSignUp`: take over an alias another user has.
    #[serde(default)]
    pub force_alias_creation: Option<bool>,
}

/// `verifyTOTPSetup` options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyTotpOptions {
    /// A name for the authenticator.
    #[serde(default)]
    pub friendly_device_name: Option<String>,
}

/// `updateMFAPreference` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MfaPreference {
    /// Enabled, not preferred.
    Enabled,
    /// Disabled.
    Disabled,
    /// Enabled and preferred.
    Preferred,
    /// Enabled, explicitly not preferred.
    NotPreferred,
}

/// `{ id }` of a device.
#[derive(Debug, Clone, Deserialize)]
pub struct DeviceRef {
    /// The device key.
    pub id: String,
}

/// `signIn` options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    /// The flow; `USER_SRP_AUTH` by default.
    #[serde(default)]
    pub auth_flow_type: Option<AuthFlowType>,
    /// For `USER_AUTH`: the first factor to try (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`,
    /// `SMS_OTP`).
    #[serde(default)]
    pub preferred_challenge: Option<String>,
    /// Passed to Lambda triggers.
    #[serde(default)]
    pub client_metadata: Option<Map<String, Value>>,
}

/// Amplify's `authFlowType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum AuthFlowType {
    /// SRP: the password never leaves the client.
    UserSrpAuth,
    /// The password is sent to Cognito over TLS.
    UserPasswordAuth,
    /// `CUSTOM_AUTH` starting with SRP.
    CustomWithSrp,
    /// `CUSTOM_AUTH` without a password.
    CustomWithoutSrp,
    /// Choice-based sign-in (`USER_AUTH`).
    UserAuth,
}

impl AuthFlowType {
    /// The name stored in `signInDetails.authFlowType`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthFlowType::UserSrpAuth => "USER_SRP_AUTH",
            AuthFlowType::UserPasswordAuth => "USER_PASSWORD_AUTH",
            AuthFlowType::CustomWithSrp => "CUSTOM_WITH_SRP",
            AuthFlowType::CustomWithoutSrp => "CUSTOM_WITHOUT_SRP",
            AuthFlowType::UserAuth => "USER_AUTH",
        }
    }
}
