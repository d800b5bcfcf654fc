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

/// An input to [`crate::machine::AuthMachine::handle`].
#[derive(Debug, Clone, Deserialize)]
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
        /// Fresh random bytes ([`COMMAND_ENTROPY_BYTES`]).
        #[serde(default)]
        random: Vec<u8>,
    },
    /// The outcome of an [`crate::machine::Effect::Http`].
    HttpResult {
        /// The request id.
        id: RequestId,
        /// Response or transport failure.
        outcome: HttpOutcome,
    },
    /// The values of an [`crate::machine::Effect::Load`] (`None` = absent).
    StorageLoaded {
        /// The load id.
        id: RequestId,
        /// Every requested key; missing keys count as absent.
        values: BTreeMap<String, Option<String>>,
    },
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
    /// `signOut`.
    SignOut {
        /// Sign out of every device (`GlobalSignOut`).
        #[serde(default)]
        global: bool,
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
