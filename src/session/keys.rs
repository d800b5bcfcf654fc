//! The storage key layout, Amplify v6's, so apps switching from Amplify keep their users.

/// Amplify's prefix for user-pool keys.
pub const AUTH_KEY_PREFIX: &str = "CognitoIdentityServiceProvider";

/// The per-user session keys, in the order they are loaded; all are removed on sign-out.
pub const USER_TOKEN_KEYS: [&str; 6] = [
    "accessToken",
    "idToken",
    "refreshToken",
    "clockDrift",
    "signInDetails",
    "oauthMetadata",
];

/// The per-user device keys: kept across sign-out (a remembered device survives it).
pub const USER_DEVICE_KEYS: [&str; 3] = ["deviceKey", "deviceGroupKey", "randomPasswordKey"];

/// Builds storage keys for one app client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageKeys {
    client_id: String,
}

impl StorageKeys {
    /// Keys for the app client `client_id`.
    pub fn new(client_id: &str) -> Self {
        StorageKeys {
            client_id: client_id.to_owned(),
        }
    }

    /// `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`.
    pub fn last_auth_user(&self) -> String {
        self.join(&["LastAuthUser"])
    }

    /// `CognitoIdentityServiceProvider.<clientId>.<name>` (keys not tied to a user).
    pub fn client(&self, name: &str) -> String {
        self.join(&[name])
    }

    /// `CognitoIdentityServiceProvider.<clientId>.<username>.<name>`.
    pub fn user(&self, username: &str, name: &str) -> String {
        self.join(&[username, name])
    }

    /// `<prefix>.<clientId>.<part>.…` by pushes into one `String` (no `format!`: less
    /// code in the wasm module for keys built on every storage access).
    fn join(&self, parts: &[&str]) -> String {
        let mut key = String::from(AUTH_KEY_PREFIX);
        key.push('.');
        key.push_str(&self.client_id);
        for part in parts {
            key.push('.');
            key.push_str(part);
        }
        key
    }
}
