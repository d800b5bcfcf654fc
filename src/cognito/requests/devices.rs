//! Remembered devices: confirming a new one, listing, remembering, forgetting.

use crate::json::{json, Json};
use crate::session::Secret;

use super::super::{UserPoolConfig, UserPoolOp};
use super::{Body, UserPoolRequest};

/// `ConfirmDevice`: remembers a new device with its SRP verifier.
#[derive(Debug)]
pub struct ConfirmDevice<'a> {
    /// The access token of the sign-in that produced the device.
    pub access_token: &'a Secret,
    /// `DeviceKey`.
    pub device_key: &'a str,
    /// `DeviceName` (Amplify sends the user agent).
    pub device_name: &'a str,
    /// The verifier's salt, base64.
    pub salt_b64: &'a str,
    /// The password verifier, base64.
    pub verifier_b64: &'a str,
}

impl UserPoolRequest for ConfirmDevice<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ConfirmDevice
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        json!({
            "AccessToken": self.access_token.expose(),
            "DeviceKey": self.device_key,
            "DeviceName": self.device_name,
            "DeviceSecretVerifierConfig": {
                "Salt": self.salt_b64,
                "PasswordVerifier": self.verifier_b64,
            },
        })
    }
}

/// `ListDevices`: one page.
#[derive(Debug)]
pub struct ListDevices<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `Limit`.
    pub limit: u32,
    /// `PaginationToken`: where the page starts.
    pub pagination_token: Option<&'a str>,
}

impl UserPoolRequest for ListDevices<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ListDevices
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .value("Limit", json!(self.limit))
            .text_opt("PaginationToken", self.pagination_token)
            .done()
    }
}

/// `UpdateDeviceStatus` to `remembered` (Amplify's `rememberDevice`).
#[derive(Debug)]
pub struct UpdateDeviceStatus<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `DeviceKey`.
    pub device_key: &'a str,
}

impl UserPoolRequest for UpdateDeviceStatus<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::UpdateDeviceStatus
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("DeviceKey", self.device_key)
            .text("DeviceRememberedStatus", "remembered")
            .done()
    }
}

/// `ForgetDevice`.
#[derive(Debug)]
pub struct ForgetDevice<'a> {
    /// The access token.
    pub access_token: &'a Secret,
    /// `DeviceKey`.
    pub device_key: &'a str,
}

impl UserPoolRequest for ForgetDevice<'_> {
    fn op(&self) -> UserPoolOp {
        UserPoolOp::ForgetDevice
    }

    fn body(&self, _config: &UserPoolConfig) -> Json {
        Body::new()
            .access_token(self.access_token)
            .text("DeviceKey", self.device_key)
            .done()
    }
}
