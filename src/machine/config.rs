//! The machine's configuration: Amplify's `Auth.Cognito` settings plus our own options.

use crate::json::FromJson;

use crate::cognito::UserPoolConfig;

/// How tokens are refreshed: `'auto' | 'rotation' | 'initiateAuth'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub enum RefreshFlow {
    /// `GetTokensFromRefreshToken`, falling back for good (per instance) to `InitiateAuth`
    /// when the service does not know the operation (`UnknownOperationException` or a
    /// non-JSON error body).
    #[default]
    Auto,
    /// Always `GetTokensFromRefreshToken` (refresh-token rotation).
    Rotation,
    /// Always `InitiateAuth` with `REFRESH_TOKEN_AUTH`.
    InitiateAuth,
}

/// Everything the machine needs to know about the pools: Amplify's `Auth.Cognito` members
/// (camelCase) and ours; unknown members are ignored.
#[derive(Debug, Clone, PartialEq, FromJson)]
#[json(rename_all = "camelCase")]
pub struct Config {
    /// The user pool and app client.
    #[json(flatten)]
    pub user_pool: UserPoolConfig,
    /// An identity pool (`<region>:<uuid>`) for AWS credentials.
    pub identity_pool_id: Option<String>,
    /// Give signed-out users guest credentials.
    #[json(default)]
    pub allow_guest_access: bool,
    /// How to refresh tokens.
    #[json(default)]
    pub refresh_flow: RefreshFlow,
    /// An identity-pool-compatible endpoint; defaults to `endpoint` when that is set.
    pub identity_pool_endpoint: Option<String>,
    /// The `DeviceName` sent with `ConfirmDevice` (Amplify sends the user agent).
    pub device_name: Option<String>,
    /// The hosted UI (Amplify's `loginWith.oauth`).
    pub oauth: Option<super::oauth::OAuthConfig>,
    /// The page's origin (`location.origin`), for redirect URLs when a command names none.
    pub origin: Option<String>,
    /// Take a cross-tab lock around refreshes (the JS host turns it on where Web Locks
    /// exist): one tab refreshes, the others adopt its tokens, so rotating refresh tokens
    /// are never replayed.
    #[json(default)]
    pub refresh_lock: bool,
    /// Refresh the tokens shortly before they expire (through the cross-tab lock, like any
    /// refresh), so that `fetchAuthSession` rarely waits. Off by default: it spends a
    /// request per token lifetime on sessions nobody reads.
    #[json(default)]
    pub refresh_ahead: bool,
}

impl From<UserPoolConfig> for Config {
    fn from(user_pool: UserPoolConfig) -> Self {
        Config {
            user_pool,
            identity_pool_id: None,
            allow_guest_access: false,
            refresh_flow: RefreshFlow::Auto,
            identity_pool_endpoint: None,
            device_name: None,
            oauth: None,
            origin: None,
            refresh_lock: false,
            refresh_ahead: false,
        }
    }
}
