//! Devices, passkeys and the user itself: requests and answers (paged lists followed to the end).

use crate::json::{json, Json, Map};

use super::calls::{insert_opt, request, Request, RequestContext};
use crate::cognito::UserPoolOp;
use crate::machine::{AuthError, AuthMachine, Ceremony, Command, Effect, OpId, Output};

/// The request for `call`, if it is one of this group's.
pub(super) fn build(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    Some(match call {
        Command::FetchDevices { limit, next_token } => {
            let mut body = json!({"AccessToken": c.token, "Limit": limit.unwrap_or(60)});
            insert_opt(
                &mut body,
                "PaginationToken",
                c.page_token
                    .or(next_token.as_deref())
                    .map(|t| Json::String(t.to_owned())),
            );
            request(UserPoolOp::ListDevices, body)
        }
        Command::RememberDevice => {
            let Some(key) = c.device_key else {
                return Some(Err(AuthError::DeviceMetadataNotFound));
            };
            request(
                UserPoolOp::UpdateDeviceStatus,
                json!({"AccessToken": c.token, "DeviceKey": key,
                       "DeviceRememberedStatus": "remembered"}),
            )
        }
        Command::ForgetDevice { device } => {
            let key = match device {
                Some(d) => d.id.as_str(),
                None => match c.device_key {
                    Some(key) => key,
                    None => return Some(Err(AuthError::DeviceMetadataNotFound)),
                },
            };
            request(
                UserPoolOp::ForgetDevice,
                json!({"AccessToken": c.token, "DeviceKey": key}),
            )
        }
        Command::DeleteUser => request(UserPoolOp::DeleteUser, json!({"AccessToken": c.token})),
        Command::AssociateWebAuthnCredential => request(
            UserPoolOp::StartWebAuthnRegistration,
            json!({"AccessToken": c.token}),
        ),
        Command::ListWebAuthnCredentials {
            page_size,
            next_token,
        } => {
            let mut body = json!({"AccessToken": c.token});
            insert_opt(&mut body, "MaxResults", page_size.map(|n| json!(n)));
            insert_opt(
                &mut body,
                "NextToken",
                c.page_token
                    .or(next_token.as_deref())
                    .map(|t| Json::String(t.to_owned())),
            );
            request(UserPoolOp::ListWebAuthnCredentials, body)
        }
        Command::DeleteWebAuthnCredential { credential_id } => request(
            UserPoolOp::DeleteWebAuthnCredential,
            json!({"AccessToken": c.token, "CredentialId": credential_id}),
        ),
        _ => return None,
    })
}

/// One `ListWebAuthnCredentials` credential in Amplify's shape (`createdAt` in Unix ms).
fn passkey(c: &Json) -> Json {
    let mut out = Map::new();
    for (from, to) in [
        ("CredentialId", "credentialId"),
        ("FriendlyCredentialName", "friendlyCredentialName"),
        ("RelyingPartyId", "relyingPartyId"),
        ("AuthenticatorAttachment", "authenticatorAttachment"),
        ("AuthenticatorTransports", "authenticatorTransports"),
    ] {
        if let Some(v) = c.get(from).filter(|v| !v.is_null()) {
            out.insert(to.into(), v.clone());
        }
    }
    if let Some(s) = c.get("CreatedAt").and_then(Json::as_f64) {
        out.insert("createdAt".into(), json!((s * 1000.0) as i64));
    }
    Json::Object(out)
}

/// One `ListDevices` device in Amplify's shape (dates as Unix ms; JS makes `Date`s).
fn device(d: &Json) -> Json {
    let attributes: Map = d
        .get("DeviceAttributes")
        .and_then(Json::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|a| {
                    Some((a.get("Name")?.as_str()?.to_owned(), a.get("Value")?.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let ms = |k: &str| {
        d.get(k)
            .and_then(Json::as_f64)
            .map(|s| json!((s * 1000.0) as i64))
    };
    let mut out = Map::new();
    out.insert(
        "id".into(),
        d.get("DeviceKey").cloned().unwrap_or(Json::Null),
    );
    if let Some(name) = attributes.get("device_name").cloned() {
        out.insert("name".into(), name);
    }
    out.insert("attributes".into(), Json::Object(attributes));
    for (from, to) in [
        ("DeviceCreateDate", "createDate"),
        ("DeviceLastModifiedDate", "lastModifiedDate"),
        ("DeviceLastAuthenticatedDate", "lastAuthenticatedDate"),
    ] {
        if let Some(v) = ms(from) {
            out.insert(to.into(), v);
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
        let (items, token_key, out_key, paged) = match &call {
            Command::FetchDevices { limit, next_token } => (
                "Devices",
                "PaginationToken",
                None,
                limit.is_some() || next_token.is_some(),
            ),
            Command::ListWebAuthnCredentials {
                page_size,
                next_token,
            } => (
                "Credentials",
                "NextToken",
                Some("credentials"),
                page_size.is_some() || next_token.is_some(),
            ),
            _ => return self.complete(op, Ok(Output::Done)),
        };
        let shape = if out_key.is_some() { passkey } else { device };
        pages.extend(
            body.get(items)
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .map(shape),
        );
        let token = body
            .get(token_key)
            .and_then(Json::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
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
        let Some(options) = body
            .get("CredentialCreationOptions")
            .filter(|o| o.is_object())
        else {
            return self.complete(
                op,
                Err(AuthError::MalformedResponse {
                    operation: "StartWebAuthnRegistration",
                    detail: "CredentialCreationOptions missing",
                }),
            );
        };
        let Some(active) = self.session.active() else {
            return self.complete(op, Err(AuthError::Unauthenticated));
        };
        let owner = active.session.username.clone();
        let id = self.out.next_id();
        self.out.push(Effect::WebAuthn {
            id,
            ceremony: Ceremony::Create,
            options: options.clone(),
        });
        self.ceremonies.registrations.insert(id, (op, owner));
    }
}
