//! Where the user pool API lives.

use crate::json::FromJson;

use crate::session::Secret;

/// The user pool and app client to talk to.
/// Read from Amplify's `Auth.Cognito` members (`Config` flattens it).
#[derive(Debug, Clone, PartialEq, FromJson)]
#[json(rename_all = "camelCase")]
pub struct UserPoolConfig {
    /// `<region>_<id>`, e.g. `us-east-1_AbC123`.
    pub user_pool_id: String,
    /// The app client id.
    pub user_pool_client_id: String,
    /// The app client secret, for confidential clients (adds `SECRET_HASH`). Keep it off
    /// browsers: a secret shipped to a browser is not a secret.
    pub user_pool_client_secret: Option<Secret>,
    /// A Cognito-compatible endpoint (a local emulator) instead of the regional one.
    pub endpoint: Option<String>,
}

/// Why a configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The user pool id has no region part (`<region>_<id>`).
    #[error("user pool id \"{0}\" is not of the form <region>_<id>")]
    BadUserPoolId(String),
    /// The identity pool id is not of the form `<region>:<uuid>`.
    #[error("identity pool id \"{0}\" is not of the form <region>:<id>")]
    BadIdentityPoolId(String),
    /// The app client id is empty.
    #[error("userPoolClientId is empty")]
    MissingClientId,
}

impl UserPoolConfig {
    /// Checks the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.region()?;
        if self.user_pool_client_id.trim().is_empty() {
            return Err(ConfigError::MissingClientId);
        }
        Ok(())
    }

    /// The region: the part of the pool id before `_`.
    pub fn region(&self) -> Result<&str, ConfigError> {
        match self.user_pool_id.split_once('_') {
            Some((region, id)) if !region.is_empty() && !id.is_empty() => Ok(region),
            _ => Err(ConfigError::BadUserPoolId(self.user_pool_id.clone())),
        }
    }

    /// The user pool API URL: the configured endpoint, or
    /// `https://cognito-idp.<region>.amazonaws.com/` (`.amazonaws.com.cn` in China).
    pub fn user_pool_url(&self) -> Result<String, ConfigError> {
        if let Some(endpoint) = self.endpoint.as_deref().filter(|e| !e.is_empty()) {
            return Ok(endpoint.to_owned());
        }
        let region = self.region()?;
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        Ok(format!("https://cognito-idp.{region}.{suffix}/"))
    }
}
