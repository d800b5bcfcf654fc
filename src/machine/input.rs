//! Everything the host feeds the machine: user commands (with operation ids and entropy),
//! HTTP results and loaded storage values.

use crate::json::{self, tag, unknown_variant, DecodeError, Fields, FromJson, Json, Map, ToJson};
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
#[derive(Clone)]
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
        credential: Option<Json>,
        /// Amplify's passkey error (`PasskeyAuthenticationCanceled`, …), on failure.
        error: Option<PasskeyError>,
    },
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
#[derive(Debug, Clone)]
pub struct PasskeyError {
    /// `PasskeyNotSupported`, `PasskeyAuthenticationCanceled`, `PasskeyAlreadyExists`,
    /// `RelyingPartyMismatch`, …
    pub name: String,
    /// What the browser said.
    pub message: String,
}

/// What came back for an HTTP request.
#[derive(Debug, Clone)]
pub enum HttpOutcome {
    /// The server answered (any status).
    Response(HttpResponse),
    /// No answer.
    Failure(TransportError),
}

/// A user command: Amplify v6's functions, by name.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Command {
    /// `signIn`.
    SignIn(SignInInput),
    /// `fetchAuthSession`.
    FetchAuthSession {
        /// Refresh even when the tokens are valid.
        force_refresh: bool,
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
        options: SignUpOptions,
    },
    /// `confirmSignUp`.
    ConfirmSignUp {
        /// User name.
        username: String,
        /// The code sent to the user.
        confirmation_code: String,
        /// Options.
        options: CodeOptions,
    },
    /// `resendSignUpCode`.
    ResendSignUpCode {
        /// User name.
        username: String,
        /// Options.
        options: CodeOptions,
    },
    /// `autoSignIn` after a confirmed sign-up.
    AutoSignIn,
    /// `resetPassword`.
    ResetPassword {
        /// User name.
        username: String,
        /// Options.
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
    SetUpTotp,
    /// `verifyTOTPSetup`.
    VerifyTotpSetup {
        /// The code from the authenticator app.
        code: String,
        /// Options.
        options: VerifyTotpOptions,
    },
    /// `updateMFAPreference`.
    UpdateMfaPreference {
        /// SMS preference.
        sms: Option<MfaPreference>,
        /// TOTP preference.
        totp: Option<MfaPreference>,
        /// Email preference.
        email: Option<MfaPreference>,
    },
    /// `fetchMFAPreference`.
    FetchMfaPreference,
    /// `fetchUserAttributes`.
    FetchUserAttributes,
    /// `updateUserAttributes`.
    UpdateUserAttributes {
        /// Attribute names and values.
        user_attributes: VecMap<String, String>,
        /// Options.
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
#[derive(Debug, Clone)]
pub struct SignInInput {
    /// User name or alias.
    pub username: String,
    /// The password (password flows).
    pub password: Option<Secret>,
    /// Options.
    pub options: SignInOptions,
}

/// `confirmSignIn`'s input.
#[derive(Debug, Clone)]
pub struct ConfirmSignInInput {
    /// The code, answer, new password or selection the current step asks for.
    pub challenge_response: Secret,
    /// Options.
    pub options: ConfirmSignInOptions,
}

/// `confirmSignIn` options.
#[derive(Debug, Clone, Default)]
pub struct ConfirmSignInOptions {
    /// Attributes for `NEW_PASSWORD_REQUIRED` (sent as `userAttributes.<name>`).
    pub user_attributes: Option<crate::map::VecMap<String, String>>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// The name of the TOTP device being set up.
    pub friendly_device_name: Option<String>,
}

/// `signUp` options.
#[derive(Debug, Clone, Default)]
pub struct SignUpOptions {
    /// Attributes (`email`, `phone_number`, …).
    pub user_attributes: VecMap<String, String>,
    /// For the pre-sign-up trigger.
    pub validation_data: VecMap<String, String>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// Sign in automatically once confirmed: `true` or sign-in options.
    pub auto_sign_in: Option<AutoSignInOption>,
}

/// `autoSignIn: true | { authFlowType, … }`.
#[derive(Debug, Clone)]
pub enum AutoSignInOption {
    /// `true` / `false`.
    Enabled(bool),
    /// With sign-in options.
    Options(SignInOptions),
}

/// Options of the calls that send or check a code.
#[derive(Debug, Clone, Default)]
pub struct CodeOptions {
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
    /// `confirmSignUp`: take over an alias another user has.
    pub force_alias_creation: Option<bool>,
}

/// `verifyTOTPSetup` options.
#[derive(Debug, Clone, Default)]
pub struct VerifyTotpOptions {
    /// A name for the authenticator.
    pub friendly_device_name: Option<String>,
}

/// `updateMFAPreference` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone)]
pub struct DeviceRef {
    /// The device key.
    pub id: String,
}

/// `signIn` options.
#[derive(Debug, Clone, Default)]
pub struct SignInOptions {
    /// The flow; `USER_SRP_AUTH` by default.
    pub auth_flow_type: Option<AuthFlowType>,
    /// For `USER_AUTH`: the first factor to try (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`,
    /// `SMS_OTP`).
    pub preferred_challenge: Option<String>,
    /// Passed to Lambda triggers.
    pub client_metadata: Option<Map>,
}

/// Amplify's `authFlowType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

// ------------------------------------------------------------------ JSON shapes

/// Tagged by `type` (camelCase), members in camelCase.
impl FromJson for Input {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "Input")?;
        Ok(match tag(&mut f, "type")?.as_str() {
            "start" => Input::Start,
            "command" => Input::Command {
                op: f.field("op")?,
                command: f.field("command")?,
                random: f.take("random").map(json::bytes).unwrap_or_default(),
            },
            "httpResult" => Input::HttpResult {
                id: f.field("id")?,
                outcome: f.field("outcome")?,
            },
            "storageChanged" => Input::StorageChanged {
                key: f.field("key")?,
            },
            "lockAcquired" => Input::LockAcquired { id: f.field("id")? },
            "webAuthnResult" => Input::WebAuthnResult {
                id: f.field("id")?,
                credential: f.field("credential")?,
                error: f.field("error")?,
            },
            "storageLoaded" => Input::StorageLoaded {
                id: f.field("id")?,
                values: f.field("values")?,
            },
            other => return Err(unknown_variant(other)),
        })
    }
}

impl FromJson for PasskeyError {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "PasskeyError")?;
        Ok(PasskeyError {
            name: f.field("name")?,
            message: f.or_default("message")?,
        })
    }
}

/// `{ response: {…} }` or `{ failure: {…} }`.
impl FromJson for HttpOutcome {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "HttpOutcome")?;
        if let Some(r) = f.take("response") {
            return HttpResponse::from_json(r).map(HttpOutcome::Response);
        }
        match f.take("failure") {
            Some(e) => TransportError::from_json(e).map(HttpOutcome::Failure),
            None => Err(DecodeError::invalid_type("response or failure")),
        }
    }
}

/// Tagged by `type`: Amplify's function names.
impl FromJson for Command {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "Command")?;
        let kind = tag(&mut f, "type")?;
        Ok(match kind.as_str() {
            "signIn" => Command::SignIn(SignInInput::from_fields(&mut f)?),
            "fetchAuthSession" => Command::FetchAuthSession {
                force_refresh: f.or_default("forceRefresh")?,
            },
            "confirmSignIn" => Command::ConfirmSignIn(ConfirmSignInInput {
                challenge_response: f.field("challengeResponse")?,
                options: f.or_default("options")?,
            }),
            "exportSignInState" => Command::ExportSignInState,
            "importSignInState" => Command::ImportSignInState {
                state: f.field("state")?,
            },
            "getCurrentUser" => Command::GetCurrentUser,
            "signUp" => Command::SignUp {
                username: f.field("username")?,
                password: f.field("password")?,
                options: f.or_default("options")?,
            },
            "confirmSignUp" => Command::ConfirmSignUp {
                username: f.field("username")?,
                confirmation_code: f.field("confirmationCode")?,
                options: f.or_default("options")?,
            },
            "resendSignUpCode" => Command::ResendSignUpCode {
                username: f.field("username")?,
                options: f.or_default("options")?,
            },
            "autoSignIn" => Command::AutoSignIn,
            "resetPassword" => Command::ResetPassword {
                username: f.field("username")?,
                options: f.or_default("options")?,
            },
            "confirmResetPassword" => Command::ConfirmResetPassword {
                username: f.field("username")?,
                new_password: f.field("newPassword")?,
                confirmation_code: f.field("confirmationCode")?,
                options: f.or_default("options")?,
            },
            "updatePassword" => Command::UpdatePassword {
                old_password: f.field("oldPassword")?,
                new_password: f.field("newPassword")?,
            },
            "setUpTOTP" => Command::SetUpTotp,
            "verifyTOTPSetup" => Command::VerifyTotpSetup {
                code: f.field("code")?,
                options: f.or_default("options")?,
            },
            "updateMFAPreference" => Command::UpdateMfaPreference {
                sms: f.field("sms")?,
                totp: f.field("totp")?,
                email: f.field("email")?,
            },
            "fetchMFAPreference" => Command::FetchMfaPreference,
            "fetchUserAttributes" => Command::FetchUserAttributes,
            "updateUserAttributes" => Command::UpdateUserAttributes {
                user_attributes: f.field("userAttributes")?,
                options: f.or_default("options")?,
            },
            "confirmUserAttribute" => Command::ConfirmUserAttribute {
                user_attribute_key: f.field("userAttributeKey")?,
                confirmation_code: f.field("confirmationCode")?,
            },
            "sendUserAttributeVerificationCode" => Command::SendUserAttributeVerificationCode {
                user_attribute_key: f.field("userAttributeKey")?,
                options: f.or_default("options")?,
            },
            "deleteUserAttributes" => Command::DeleteUserAttributes {
                user_attribute_keys: f.field("userAttributeKeys")?,
            },
            "fetchDevices" => Command::FetchDevices {
                limit: f.field("limit")?,
                next_token: f.field("nextToken")?,
            },
            "rememberDevice" => Command::RememberDevice,
            "forgetDevice" => Command::ForgetDevice {
                device: f.field("device")?,
            },
            "deleteUser" => Command::DeleteUser,
            "associateWebAuthnCredential" => Command::AssociateWebAuthnCredential,
            "listWebAuthnCredentials" => Command::ListWebAuthnCredentials {
                page_size: f.field("pageSize")?,
                next_token: f.field("nextToken")?,
            },
            "deleteWebAuthnCredential" => Command::DeleteWebAuthnCredential {
                credential_id: f.field("credentialId")?,
            },
            "signOut" => Command::SignOut {
                global: f.or_default("global")?,
                origin: f.field("origin")?,
            },
            "signInWithRedirect" => Command::SignInWithRedirect {
                provider: f.field("provider")?,
                custom_state: f.field("customState")?,
                options: f.or_default("options")?,
                origin: f.field("origin")?,
            },
            "handleOAuthCallback" => Command::HandleOAuthCallback {
                url: f.field("url")?,
            },
            other => return Err(unknown_variant(other)),
        })
    }
}

impl SignInInput {
    fn from_fields(f: &mut Fields) -> Result<Self, DecodeError> {
        Ok(SignInInput {
            username: f.field("username")?,
            password: f.field("password")?,
            options: f.or_default("options")?,
        })
    }
}

impl FromJson for SignInInput {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        SignInInput::from_fields(&mut Fields::of(value, "SignInInput")?)
    }
}

impl FromJson for ConfirmSignInInput {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "ConfirmSignInInput")?;
        Ok(ConfirmSignInInput {
            challenge_response: f.field("challengeResponse")?,
            options: f.or_default("options")?,
        })
    }
}

impl FromJson for ConfirmSignInOptions {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "ConfirmSignInOptions")?;
        Ok(ConfirmSignInOptions {
            user_attributes: f.field("userAttributes")?,
            client_metadata: f.field("clientMetadata")?,
            friendly_device_name: f.field("friendlyDeviceName")?,
        })
    }
}

impl FromJson for SignUpOptions {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "SignUpOptions")?;
        Ok(SignUpOptions {
            user_attributes: f.or_default("userAttributes")?,
            validation_data: f.or_default("validationData")?,
            client_metadata: f.field("clientMetadata")?,
            auto_sign_in: f.field("autoSignIn")?,
        })
    }
}

/// `true | false | { authFlowType, … }`.
impl FromJson for AutoSignInOption {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            Json::Bool(b) => Ok(AutoSignInOption::Enabled(b)),
            other => SignInOptions::from_json(other).map(AutoSignInOption::Options),
        }
    }
}

impl FromJson for CodeOptions {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "CodeOptions")?;
        Ok(CodeOptions {
            client_metadata: f.field("clientMetadata")?,
            force_alias_creation: f.field("forceAliasCreation")?,
        })
    }
}

impl FromJson for VerifyTotpOptions {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "VerifyTotpOptions")?;
        Ok(VerifyTotpOptions {
            friendly_device_name: f.field("friendlyDeviceName")?,
        })
    }
}

/// `ENABLED | DISABLED | PREFERRED | NOT_PREFERRED`.
impl FromJson for MfaPreference {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match String::from_json(value)?.as_str() {
            "ENABLED" => Ok(MfaPreference::Enabled),
            "DISABLED" => Ok(MfaPreference::Disabled),
            "PREFERRED" => Ok(MfaPreference::Preferred),
            "NOT_PREFERRED" => Ok(MfaPreference::NotPreferred),
            other => Err(unknown_variant(other)),
        }
    }
}

impl FromJson for DeviceRef {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "DeviceRef")?;
        Ok(DeviceRef { id: f.field("id")? })
    }
}

impl FromJson for SignInOptions {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "SignInOptions")?;
        Ok(SignInOptions {
            auth_flow_type: f.field("authFlowType")?,
            preferred_challenge: f.field("preferredChallenge")?,
            client_metadata: f.field("clientMetadata")?,
        })
    }
}

const AUTH_FLOW_TYPES: [AuthFlowType; 5] = [
    AuthFlowType::UserSrpAuth,
    AuthFlowType::UserPasswordAuth,
    AuthFlowType::CustomWithSrp,
    AuthFlowType::CustomWithoutSrp,
    AuthFlowType::UserAuth,
];

/// `USER_SRP_AUTH`, … ([`AuthFlowType::as_str`]).
impl FromJson for AuthFlowType {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let name = String::from_json(value)?;
        AUTH_FLOW_TYPES
            .into_iter()
            .find(|t| t.as_str() == name)
            .ok_or_else(|| unknown_variant(&name))
    }
}

impl ToJson for AuthFlowType {
    fn to_json(&self) -> Json {
        Json::from(self.as_str())
    }
}
