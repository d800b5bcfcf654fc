//! A step waiting for `confirmSignIn`, persisted: stored while it waits (so a reload can
//! answer it, like Amplify's 3-minute sign-in state) and exportable to resume it elsewhere
//! (another tab, a magic link), which Amplify does not offer.
//!
//! The saved form holds Cognito's challenge `Session` (good for one answer within
//! minutes) and a TOTP setup's new secret, but no password, no SRP value and no device
//! password. The machine emits it as one more storage key; the JS host keeps that key in
//! the tab's sessionStorage in browsers, never in localStorage (`SECURITY.md`).

use crate::json::{FromJson, Map, ToJson};
use crate::map::VecMap;

use super::challenge::Local;
use super::{Challenged, Context, DeviceKeys, Entropy, Pending};
use crate::cognito::{AuthFactor, Challenge, ChallengeName};
use crate::machine::{AuthFlowType, UnixMillis};
use crate::session::{Secret, StorageKeys};

const VERSION: u32 = 1;

/// The storage key of the waiting step.
pub(in crate::machine) fn storage_key(keys: &StorageKeys) -> String {
    keys.client("signInState")
}

#[derive(FromJson, ToJson)]
#[json(rename_all = "camelCase")]
struct Saved {
    version: u32,
    login_id: String,
    username: String,
    flow: AuthFlowType,
    client_metadata: Option<Map>,
    device_key: Option<String>,
    challenge_name: ChallengeName,
    #[json(default)]
    parameters: VecMap<String, String>,
    session: Option<Secret>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    available_challenges: Vec<AuthFactor>,
    step: Local,
    expires_at: UnixMillis,
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
