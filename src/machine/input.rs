//! Everything the host feeds the machine: user commands (with operation ids and entropy),
//! HTTP results and loaded storage values.

use crate::json::{FromJson, Json, Map, ToJson};
use crate::map::VecMap;

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
/// Tagged by `type` (camelCase), members in camelCase.
#[derive(Clone, FromJson)]
#[json(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Input {
    /// Begin: restore the stored session. Commands sent earlier wait for it.
    Start,
    /// A user command.
    Command {
        /// The host's operation id.
        op: OpId,
        /// What to do.
        command: Command,
        /// Fresh random bytes ([`COMMAND_ENTROPY_BYTES`]): an array of numbers, or a
        /// `Uint8Array` as `JSON.stringify` writes it (`{"0":…,"1":…}`).
        #[json(
            default,
            with = "crate::json::bytes_codec",
            ts = "Array<number> | Record<string, number>"
        )]
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
    /// The lock of an [`crate::machine::Effect::Lock`] is held, granted after another tab
    /// held it: that tab's last storage writes may still be on their way (Chromium grants
    /// the Web Lock and delivers localStorage writes on separate channels), so the machine
    /// waits a moment (50 ms, a deadline of its own through
    /// [`crate::machine::AuthMachine::poll_timeout`]) before it reads storage.
    LockHandedOver {
        /// The lock id.
        id: RequestId,
    },
    /// The outcome of an [`crate::machine::Effect::WebAuthn`] ceremony.
    WebAuthnResult {
        /// The ceremony id.
        id: RequestId,
        /// The credential as JSON (`PublicKeyCredential.toJSON()`), on success.
        credential: Option<Json>,
        /// Amplify's passkey error (`PasskeyAuthenticationCanceled`, …), on failure.
        error: Option<PasskeyError>,
    },
    /// The time [`crate::machine::AuthMachine::poll_timeout`] named has come (or passed: a
    /// late or early timer is harmless, the machine acts on what is due at `now`).
    Timeout,
    /// The values of an [`crate::machine::Effect::Load`] (`None` = absent).
    StorageLoaded {
        /// The load id.
        id: RequestId,
        /// Every requested key; missing keys count as absent.
        values: VecMap<String, Option<String>>,
    },
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Start => f.write_str("Start"),
            Input::Command {
                op,
                command,
                random,
            } => f
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
            Input::LockHandedOver { id } => {
                f.debug_struct("LockHandedOver").field("id", id).finish()
            }
            Input::Timeout => f.write_str("Timeout"),
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
#[derive(Debug, Clone, FromJson)]
pub struct PasskeyError {
    /// `PasskeyNotSupported`, `PasskeyAuthenticationCanceled`, `PasskeyAlreadyExists`,
    /// `RelyingPartyMismatch`, …
    pub name: String,
    /// What the browser said.
    #[json(default)]
    pub message: String,
}

/// What came back for an HTTP request: `{ response: {…} }` or `{ failure: {…} }`.
#[derive(Debug, Clone, FromJson)]
#[json(rename_all = "camelCase")]
pub enum HttpOutcome {
    /// The server answered (any status).
    Response(HttpResponse),
    /// No answer.
    Failure(TransportError),
}

/// A user command: Amplify v6's functions, by name (tagged by `type`).
#[derive(Debug, Clone, FromJson)]
#[json(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Command {
    /// `signIn`.
    SignIn(SignInInput),
    /// `fetchAuthSession`.
    FetchAuthSession {
        /// Refresh even when the tokens are valid.
        #[json(default)]
        force_refresh: bool,
        /// Sent with the refresh this call makes or joins first (Cognito's Lambda triggers).
        #[json(default)]
        client_metadata: Option<Map>,
    },
    /// `confirmSignIn`.
    ConfirmSignIn(ConfirmSignInInput),
    /// Hands out the sign-in step waiting for `confirmSignIn`, to resume it elsewhere.
    ExportSignInState,
    /// Resumes a step exported by `ExportSignInState` (another tab, a magic link).
    ImportSignInState {
        /// The exported state.
        state: Secret,
    },
    /// `getCurrentUser`.
    GetCurrentUser,
    /// `signUp`.
    SignUp {
        /// User name (or email/phone, per the pool's settings).
        username: String,
        /// Password.
        password: Option<Secret>,
        /// Options.
        #[json(default)]
        options: SignUpOptions,
    },
    /// `confirmSignUp`.
    ConfirmSignUp {
        /// User name.
        username: String,
        /// The code sent to the user.
        confirmation_code: String,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `resendSignUpCode`.
    ResendSignUpCode {
        /// User name.
        username: String,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `autoSignIn` after a confirmed sign-up.
    AutoSignIn,
    /// `resetPassword`.
    ResetPassword {
        /// User name.
        username: String,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `confirmResetPassword`.
    ConfirmResetPassword {
        /// User name.
        username: String,
        /// The new password.
        new_password: Secret,
        /// The code sent to the user.
        confirmation_code: String,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `updatePassword`.
    UpdatePassword {
        /// The current password.
        old_password: Secret,
        /// The new password.
        new_password: Secret,
    },
    /// `setUpTOTP`.
    #[json(rename = "setUpTOTP")]
    SetUpTotp,
    /// `verifyTOTPSetup`.
    #[json(rename = "verifyTOTPSetup")]
    VerifyTotpSetup {
        /// The code from the authenticator app.
        code: String,
        /// Options.
        #[json(default)]
        options: VerifyTotpOptions,
    },
    /// `updateMFAPreference`.
    #[json(rename = "updateMFAPreference")]
    UpdateMfaPreference {
        /// SMS preference.
        sms: Option<MfaPreference>,
        /// TOTP preference.
        totp: Option<MfaPreference>,
        /// Email preference.
        email: Option<MfaPreference>,
    },
    /// `fetchMFAPreference`.
    #[json(rename = "fetchMFAPreference")]
    FetchMfaPreference,
    /// `fetchUserAttributes`.
    FetchUserAttributes,
    /// `updateUserAttributes`.
    UpdateUserAttributes {
        /// Attribute names and values.
        user_attributes: VecMap<String, String>,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `confirmUserAttribute`.
    ConfirmUserAttribute {
        /// The attribute.
        user_attribute_key: String,
        /// The code sent to the user.
        confirmation_code: String,
    },
    /// `sendUserAttributeVerificationCode`.
    SendUserAttributeVerificationCode {
        /// The attribute.
        user_attribute_key: String,
        /// Options.
        #[json(default)]
        options: CodeOptions,
    },
    /// `deleteUserAttributes`.
    DeleteUserAttributes {
        /// The attributes to delete.
        user_attribute_keys: Vec<String>,
    },
    /// `fetchDevices`: every page, or one page when `limit` or `nextToken` is given.
    FetchDevices {
        /// Page size (one page).
        limit: Option<u32>,
        /// Where to continue (one page).
        next_token: Option<String>,
    },
    /// `rememberDevice`.
    RememberDevice,
    /// `forgetDevice`: the given device, or this one.
    ForgetDevice {
        /// `{ id }` of the device to forget.
        device: Option<DeviceRef>,
    },
    /// `deleteUser`.
    DeleteUser,
    /// `associateWebAuthnCredential`: register a passkey.
    AssociateWebAuthnCredential,
    /// `listWebAuthnCredentials`: every page, or one with `pageSize` / `nextToken`.
    ListWebAuthnCredentials {
        /// Page size (one page).
        page_size: Option<u32>,
        /// Where to continue (one page).
        next_token: Option<String>,
    },
    /// `deleteWebAuthnCredential`.
    DeleteWebAuthnCredential {
        /// The credential id.
        credential_id: String,
    },
    /// `signOut`.
    SignOut {
        /// Sign out of every device (`GlobalSignOut`).
        #[json(default)]
        global: bool,
        /// The page's origin, to pick the hosted UI's sign-out redirect.
        origin: Option<String>,
    },
    /// `signInWithRedirect`: to the hosted UI, with PKCE.
    SignInWithRedirect {
        /// `'Google'`, `{ custom }`, `{ idpIdentifier }`; the hosted UI's own page when absent.
        provider: Option<super::oauth::Provider>,
        /// Handed back as the `customOAuthState` event after the redirect.
        custom_state: Option<String>,
        /// `loginHint`, `lang`, `nonce`, `prompt`.
        #[json(default)]
        options: super::oauth::RedirectOptions,
        /// The page's origin, to pick the matching `redirectSignIn`.
        origin: Option<String>,
    },
    /// The page loaded at `url`: finishes a hosted-UI sign-in when it carries `code` or
    /// `error` (does nothing otherwise).
    HandleOAuthCallback {
        /// The page's full URL.
        url: String,
    },
}

impl Command {
    /// Whether the command draws random bytes (SRP's `a`, device verifiers, PKCE): a host
    /// sends [`COMMAND_ENTROPY_BYTES`] with it; other commands need none.
    pub fn needs_entropy(&self) -> bool {
        matches!(
            self,
            Command::SignIn(_)
                | Command::ConfirmSignIn(_)
                | Command::SignInWithRedirect { .. }
                | Command::AutoSignIn
        )
    }
}

/// `signIn`'s input.
#[derive(Debug, Clone, FromJson)]
pub struct SignInInput {
    /// User name or alias.
    pub username: String,
    /// The password (password flows).
    pub password: Option<Secret>,
    /// Options.
    #[json(default)]
    pub options: SignInOptions,
}

/// `confirmSignIn`'s input.
#[derive(Debug, Clone, FromJson)]
#[json(rename_all = "camelCase")]
pub struct ConfirmSignInInput {
    /// The code, answer, new password or selection the current step asks for.
    pub challenge_response: Secret,
    /// Options.
    #[json(default)]
    pub options: ConfirmSignInOptions,
}

/// `confirmSignIn` options.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct ConfirmSignInOptions {
    /// Attributes for `NEW_PASSWORD_REQUIRED` (sent as `userAttributes.<name>`).
    pub user_attributes: Option<crate::map::VecMap<String, String>>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// The name of the TOTP device being set up.
    pub friendly_device_name: Option<String>,
}

/// `signUp` options.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct SignUpOptions {
    /// Attributes (`email`, `phone_number`, …).
    #[json(default)]
    pub user_attributes: VecMap<String, String>,
    /// For the pre-sign-up trigger.
    #[json(default)]
    pub validation_data: VecMap<String, String>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// Sign in automatically once confirmed: `true` or sign-in options.
    pub auto_sign_in: Option<AutoSignInOption>,
}

/// `autoSignIn: true | { authFlowType, … }` (untagged: a boolean, else sign-in options).
#[derive(Debug, Clone, FromJson)]
#[json(untagged)]
pub enum AutoSignInOption {
    /// `true` / `false`.
    Enabled(bool),
    /// With sign-in options.
    Options(SignInOptions),
}

/// Options of the calls that send or check a code.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct CodeOptions {
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// `confirmSignUp`: take over an alias another user has.
    pub force_alias_creation: Option<bool>,
}

/// `verifyTOTPSetup` options.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct VerifyTotpOptions {
    /// A name for the authenticator.
    pub friendly_device_name: Option<String>,
}

/// `updateMFAPreference` values: `ENABLED | DISABLED | PREFERRED | NOT_PREFERRED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
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
#[derive(Debug, Clone, FromJson)]
pub struct DeviceRef {
    /// The device key.
    pub id: String,
}

/// `signIn` options.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct SignInOptions {
    /// The flow; `USER_SRP_AUTH` by default.
    pub auth_flow_type: Option<AuthFlowType>,
    /// For `USER_AUTH`: the first factor to try (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`,
    /// `SMS_OTP`).
    pub preferred_challenge: Option<crate::cognito::AuthFactor>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
}

/// Amplify's `authFlowType`: `USER_SRP_AUTH`, … (also stored in `signInDetails`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "SCREAMING_SNAKE_CASE")]
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
