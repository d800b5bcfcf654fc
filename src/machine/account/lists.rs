//! Devices, passkeys and the user itself: requests and answers (paged lists followed to the end).

use crate::json::{json, Json, Map};

use super::calls::{Request, RequestContext};
use crate::cognito::{self, Device, DevicesPage, WebAuthnCredential, WebAuthnCredentialsPage};
use crate::machine::{AuthError, AuthMachine, Ceremony, Command, Effect, OpId, Output};

/// The request for `call`, if it is one of this group's.
pub(super) fn build(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    let access_token = c.token;
    Some(match call {
        Command::FetchDevices { limit, next_token } => c.request(&cognito::ListDevices {
            access_token,
            limit: limit.unwrap_or(60),
            pagination_token: c.page_start(next_token),
        }),
        Command::RememberDevice => match c.device_key {
            Some(device_key) => c.request(&cognito::UpdateDeviceStatus {
                access_token,
                device_key,
            }),
            None => Err(AuthError::DeviceMetadataNotFound),
        },
        Command::ForgetDevice { device } => {
            match device.as_ref().map(|d| d.id.as_str()).or(c.device_key) {
                Some(device_key) => c.request(&cognito::ForgetDevice {
                    access_token,
                    device_key,
                }),
                None => Err(AuthError::DeviceMetadataNotFound),
            }
        }
        Command::DeleteUser => c.request(&cognito::DeleteUser { access_token }),
        Command::AssociateWebAuthnCredential => {
            c.request(&cognito::StartWebAuthnRegistration { access_token })
        }
        Command::ListWebAuthnCredentials {
            page_size,
            next_token,
        } => c.request(&cognito::ListWebAuthnCredentials {
            access_token,
            max_results: *page_size,
            next_token: c.page_start(next_token),
        }),
        Command::DeleteWebAuthnCredential { credential_id } => {
            c.request(&cognito::DeleteWebAuthnCredential {
                access_token,
                credential_id,
            })
        }
        _ => return None,
    })
}

/// One passkey in Amplify's shape (`createdAt` in Unix ms).
fn passkey(c: &WebAuthnCredential) -> Json {
    let mut out = Map::new();
    for (value, to) in [
        (&c.credential_id, "credentialId"),
        (&c.friendly_credential_name, "friendlyCredentialName"),
        (&c.relying_party_id, "relyingPartyId"),
        (&c.authenticator_attachment, "authenticatorAttachment"),
    ] {
        if let Some(v) = value {
            out.insert(to.into(), Json::String(v.clone()));
        }
    }
    if let Some(transports) = &c.authenticator_transports {
        out.insert("authenticatorTransports".into(), json!(transports));
    }
    if let Some(s) = c.created_at {
        out.insert("createdAt".into(), json!((s * 1000.0) as i64));
    }
    Json::Object(out)
}

/// One device in Amplify's shape (dates as Unix ms; JS makes `Date`s).
fn device(d: &Device) -> Json {
    let mut attributes = Map::new();
    for (name, value) in &d.attributes {
        attributes.insert(name.clone(), Json::String(value.clone()));
    }
    let mut out = Map::new();
    out.insert(
        "id".into(),
        d.key.clone().map(Json::String).unwrap_or(Json::Null),
    );
    if let Some(name) = attributes.get("device_name").cloned() {
        out.insert("name".into(), name);
    }
    out.insert("attributes".into(), Json::Object(attributes));
    for (seconds, to) in [
        (d.create_date, "createDate"),
        (d.last_modified_date, "lastModifiedDate"),
        (d.last_authenticated_date, "lastAuthenticatedDate"),
    ] {
        if let Some(s) = seconds {
            out.insert(to.into(), json!((s * 1000.0) as i64));
        }
    }
    Json::Object(out)
}

impl AuthMachine {
    /// A page of `fetchDevices` or `listWebAuthnCredentials`: with `limit`/`pageSize` or a
    /// `nextToken` the caller pages itself; else the pages are followed to the end
    /// (Amplify stops at the first), for this session only.
    pub(super) fn page_answered(
        &mut self,
        op: OpId,
        call: Command,
        mut pages: Vec<Json>,
        body: &Map,
        same_session: bool,
    ) {
        let (token, out_key, paged) = match &call {
            Command::FetchDevices { limit, next_token } => {
                let page = DevicesPage::parse(body);
                for d in &page.devices {
                    pages.push(device(d));
                }
                (
                    page.pagination_token,
                    None,
                    limit.is_some() || next_token.is_some(),
                )
            }
            Command::ListWebAuthnCredentials {
                page_size,
                next_token,
            } => {
                let page = WebAuthnCredentialsPage::parse(body);
                for c in &page.credentials {
                    pages.push(passkey(c));
                }
                (
                    page.next_token,
                    Some("credentials"),
                    page_size.is_some() || next_token.is_some(),
                )
            }
            _ => return self.complete(op, Ok(Output::Done)),
        };
        let result = if paged {
            let mut out = Map::new();
            out.insert(out_key.unwrap_or("devices").into(), Json::Array(pages));
            if let Some(token) = token {
                out.insert("nextToken".into(), Json::String(token));
            }
            Json::Object(out)
        } else if let Some(token) = token {
            if !same_session {
                // The next page would be another session's.
                return self.complete(op, Err(AuthError::Unauthenticated));
            }
            return self.send_account_page(op, call, pages, Some(&token));
        } else {
            match out_key {
                Some(key) => {
                    let mut out = Map::new();
                    out.insert(key.into(), Json::Array(pages));
                    Json::Object(out)
                }
                None => Json::Array(pages),
            }
        };
        self.complete(op, Ok(Output::Value(result)));
    }

    /// `StartWebAuthnRegistration` answered: the host's `navigator.credentials.create`
    /// runs for the user signed in now.
    pub(super) fn passkey_options_answered(&mut self, op: OpId, body: &Map) {
        let options = match cognito::credential_creation_options(body) {
            Ok(options) => options,
            Err(e) => return self.complete(op, Err(e.into())),
        };
        let Some(active) = self.session.active() else {
            return self.complete(op, Err(AuthError::Unauthenticated));
        };
        let owner = active.session.username.clone();
        let id = self.out.next_id();
        self.out.push(Effect::WebAuthn {
            id,
            ceremony: Ceremony::Create,
            options,
        });
        self.ceremonies.registrations.insert(id, (op, owner));
    }
}
