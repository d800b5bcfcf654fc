//! The paged lists: `ListDevices` and `ListWebAuthnCredentials`.

use crate::json::{Json, Map};

use super::{name_values, non_empty, parse_objects, strings, text};

/// `DeviceType`: one remembered device.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// `DeviceKey`.
    pub key: Option<String>,
    /// `DeviceAttributes` as name and value (`device_name`, …).
    pub attributes: Vec<(String, String)>,
    /// `DeviceCreateDate`, seconds since the epoch.
    pub create_date: Option<f64>,
    /// `DeviceLastModifiedDate`, seconds since the epoch.
    pub last_modified_date: Option<f64>,
    /// `DeviceLastAuthenticatedDate`, seconds since the epoch.
    pub last_authenticated_date: Option<f64>,
}

impl Device {
    fn parse(d: &Map) -> Self {
        let seconds = |key: &str| d.get(key).and_then(Json::as_f64);
        Device {
            key: text(d, "DeviceKey"),
            attributes: name_values(d, "DeviceAttributes"),
            create_date: seconds("DeviceCreateDate"),
            last_modified_date: seconds("DeviceLastModifiedDate"),
            last_authenticated_date: seconds("DeviceLastAuthenticatedDate"),
        }
    }
}

/// One `ListDevices` page.
#[derive(Debug, Clone, PartialEq)]
pub struct DevicesPage {
    /// `Devices`.
    pub devices: Vec<Device>,
    /// `PaginationToken`: where the next page starts.
    pub pagination_token: Option<String>,
}

impl DevicesPage {
    /// Parses the body.
    pub fn parse(body: &Map) -> Self {
        DevicesPage {
            devices: parse_objects(body, "Devices", Device::parse),
            pagination_token: non_empty(body, "PaginationToken"),
        }
    }
}

/// `WebAuthnCredentialDescription`: one passkey.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAuthnCredential {
    /// `CredentialId`.
    pub credential_id: Option<String>,
    /// `FriendlyCredentialName`.
    pub friendly_credential_name: Option<String>,
    /// `RelyingPartyId`.
    pub relying_party_id: Option<String>,
    /// `AuthenticatorAttachment`.
    pub authenticator_attachment: Option<String>,
    /// `AuthenticatorTransports`.
    pub authenticator_transports: Option<Vec<String>>,
    /// `CreatedAt`, seconds since the epoch.
    pub created_at: Option<f64>,
}

impl WebAuthnCredential {
    fn parse(c: &Map) -> Self {
        WebAuthnCredential {
            credential_id: text(c, "CredentialId"),
            friendly_credential_name: text(c, "FriendlyCredentialName"),
            relying_party_id: text(c, "RelyingPartyId"),
            authenticator_attachment: text(c, "AuthenticatorAttachment"),
            authenticator_transports: match c.get("AuthenticatorTransports") {
                Some(Json::Array(_)) => Some(strings(c, "AuthenticatorTransports")),
                _ => None,
            },
            created_at: c.get("CreatedAt").and_then(Json::as_f64),
        }
    }
}

/// One `ListWebAuthnCredentials` page.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAuthnCredentialsPage {
    /// `Credentials`.
    pub credentials: Vec<WebAuthnCredential>,
    /// `NextToken`: where the next page starts.
    pub next_token: Option<String>,
}

impl WebAuthnCredentialsPage {
    /// Parses the body.
    pub fn parse(body: &Map) -> Self {
        WebAuthnCredentialsPage {
            credentials: parse_objects(body, "Credentials", WebAuthnCredential::parse),
            next_token: non_empty(body, "NextToken"),
        }
    }
}
