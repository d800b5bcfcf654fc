//! A step waiting for `confirmSignIn`, persisted: stored while it waits (so a reload can
//! answer it, like Amplify's 3-minute sign-in state) and exportable to resume it elsewhere
//! (another tab, a magic link), which Amplify does not offer.
//!
//! The saved form holds Cognito's challenge `Session` (good for one answer within
//! minutes) and a TOTP setup's new secret, but no password, no SRP value and no device
//! password. The machine emits it as one more storage key; the JS host keeps that key in
//! the tab's sessionStorage in browsers, never in localStorage (`SECURITY.md`).

use crate::json::{DecodeError, Fields, FromJson, Json, Map, ObjectBuilder, ToJson};
use crate::map::VecMap;

use super::challenge::Local;
use super::{Challenged, Context, DeviceKeys, Entropy, Pending};
use crate::cognito::Challenge;
use crate::machine::{AuthFlowType, UnixMillis};
use crate::session::{Secret, StorageKeys};

const VERSION: u32 = 1;

/// The storage key of the waiting step.
pub(in crate::machine) fn storage_key(keys: &StorageKeys) -> String {
    keys.client("signInState")
}

struct Saved {
    version: u32,
    login_id: String,
    username: String,
    flow: AuthFlowType,
    client_metadata: Option<Map>,
    device_key: Option<String>,
    challenge_name: String,
    parameters: VecMap<String, String>,
    session: Option<Secret>,
    available_challenges: Vec<String>,
    step: Local,
    expires_at: UnixMillis,
}

impl ToJson for Saved {
    fn to_json(&self) -> Json {
        let b = ObjectBuilder::new()
            .put("version", self.version)
            .put("loginId", &self.login_id)
            .put("username", &self.username)
            .put("flow", self.flow)
            .opt("clientMetadata", self.client_metadata.as_ref())
            .opt("deviceKey", self.device_key.as_ref())
            .put("challengeName", &self.challenge_name)
            .put("parameters", &self.parameters)
            .opt("session", self.session.as_ref());
        let b = if self.available_challenges.is_empty() {
            b
        } else {
            b.put("availableChallenges", &self.available_challenges)
        };
        b.put("step", &self.step)
            .put("expiresAt", self.expires_at)
            .build()
    }
}

impl FromJson for Saved {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "Saved")?;
        Ok(Saved {
            version: f.field("version")?,
            login_id: f.field("loginId")?,
            username: f.field("username")?,
            flow: f.field("flow")?,
            client_metadata: f.field("clientMetadata")?,
            device_key: f.field("deviceKey")?,
            challenge_name: f.field("challengeName")?,
            parameters: f.or_default("parameters")?,
            session: f.field("session")?,
            available_challenges: f.or_default("availableChallenges")?,
            step: f.field("step")?,
            expires_at: f.field("expiresAt")?,
        })
    }
}

impl Challenged {
    /// The JSON form (secret: it carries the challenge session).
    pub(in crate::machine) fn save(&self) -> Secret {
        let c = &self.pending.challenge;
        let saved = Saved {
            version: VERSION,
            login_id: self.ctx.login_id.clone(),
            username: self.ctx.username.clone(),
            flow: self.ctx.flow,
            client_metadata: self.ctx.client_metadata.clone(),
            device_key: self.ctx.device.as_ref().map(|d| d.device_key.clone()),
            challenge_name: c.name.clone(),
            parameters: c.parameters.clone(),
            session: c.session.clone(),
            available_challenges: c.available_challenges.clone(),
            step: self.pending.local.clone(),
            expires_at: self.pending.expires_at,
        };
        Secret::new(crate::json::to_string(&saved))
    }

    /// Reads a saved step; `None` when it is not one (or is longer than
    /// [`crate::session::MAX_STORED_VALUE_BYTES`]: not parsed), or it expired at `now`.
    pub(in crate::machine) fn load(text: &str, now: UnixMillis) -> Option<Challenged> {
        if text.len() > crate::session::MAX_STORED_VALUE_BYTES {
            return None;
        }
        let saved: Saved = crate::json::from_str(text).ok()?;
        if saved.version != VERSION || saved.expires_at <= now || saved.username.is_empty() {
            return None;
        }
        Some(Challenged {
            ctx: Context {
                login_id: saved.login_id,
                username: saved.username,
                flow: saved.flow,
                client_metadata: saved.client_metadata,
                entropy: Entropy::default(),
                device: saved.device_key.map(DeviceKeys::key_only),
                srp: None,
                device_srp: None,
            },
            pending: Pending {
                challenge: Challenge {
                    name: saved.challenge_name,
                    parameters: saved.parameters,
                    session: saved.session,
                    available_challenges: saved.available_challenges,
                },
                local: saved.step,
                expires_at: saved.expires_at,
            },
        })
    }
}
