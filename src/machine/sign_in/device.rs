//! Remembered devices: `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER` during sign-in, and
//! `ConfirmDevice` when Cognito hands out a new device.

use crate::map::VecMap;
use std::fmt;

use super::machine::DeviceConfirmation;
use super::{respond, Context, SignIn, SrpClient, SRP_A_RANDOM_BYTES};
use crate::cognito::{Challenge, ChallengeAnswer, NewDeviceMetadata};
use crate::machine::session::Io;
use crate::machine::{AuthError, Effect, HttpOutcome, RequestId};
use crate::session::{Secret, StorageKeys};
use crate::srp::{self, DEVICE_RANDOM_BYTES};

/// A remembered device's keys, stored under Amplify's per-user keys.
#[derive(Clone, PartialEq)]
pub(in crate::machine) struct DeviceKeys {
    pub(in crate::machine) device_key: String,
    device_group_key: String,
    random_password: Secret,
}

impl fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("device_key", &self.device_key)
            .finish_non_exhaustive()
    }
}

impl DeviceKeys {
    /// `deviceKey`, `deviceGroupKey`, `randomPasswordKey` for `user`.
    pub(in crate::machine) fn storage_keys(keys: &StorageKeys, user: &str) -> Vec<String> {
        crate::session::USER_DEVICE_KEYS
            .iter()
            .map(|name| keys.user(user, name))
            .collect()
    }

    /// Only the key (a resumed sign-in sends `DEVICE_KEY` but cannot run device SRP).
    pub(in crate::machine) fn key_only(device_key: String) -> DeviceKeys {
        DeviceKeys {
            device_key,
            device_group_key: String::new(),
            random_password: Secret::default(),
        }
    }

    fn is_complete(&self) -> bool {
        !self.device_group_key.is_empty() && !self.random_password.is_empty()
    }

    /// The device of `user`, when all three keys are stored.
    pub(in crate::machine) fn from_storage(
        keys: &StorageKeys,
        user: &str,
        values: &VecMap<String, Option<String>>,
    ) -> Option<DeviceKeys> {
        let get = |name: &str| {
            values
                .get(&keys.user(user, name))
                .cloned()
                .flatten()
                .filter(|v| !v.is_empty())
        };
        Some(DeviceKeys {
            device_key: get("deviceKey")?,
            device_group_key: get("deviceGroupKey")?,
            random_password: Secret::new(get("randomPasswordKey")?),
        })
    }
}

/// `DEVICE_SRP_AUTH`: start device SRP with a fresh ephemeral.
pub(super) fn device_srp_auth(
    io: &mut Io<'_>,
    ctx: &mut Context,
    challenge: &Challenge,
) -> Result<RequestId, AuthError> {
    if !ctx.device.as_ref().is_some_and(DeviceKeys::is_complete) {
        return Err(AuthError::DeviceMetadataNotFound);
    }
    let client = SrpClient::new(ctx.entropy.take(SRP_A_RANDOM_BYTES)?)?;
    // `DEVICE_KEY` is the remembered device's: `respond` adds it.
    let answer = ChallengeAnswer::DeviceSrp {
        srp_a: client.public_a_hex(),
    };
    ctx.device_srp = Some(client);
    Ok(respond(
        io,
        ctx,
        &crate::cognito::ChallengeName::DeviceSrpAuth,
        answer,
        challenge.session.as_ref(),
    ))
}

/// `DEVICE_PASSWORD_VERIFIER`: the device's SRP proof (pool name = device group key,
/// user = device key, password = the device password).
pub(super) fn device_password_verifier(
    io: &mut Io<'_>,
    ctx: &mut Context,
    challenge: &Challenge,
) -> Result<RequestId, AuthError> {
    let device = ctx
        .device
        .clone()
        .filter(DeviceKeys::is_complete)
        .ok_or(AuthError::DeviceMetadataNotFound)?;
    let client = ctx
        .device_srp
        .take()
        .ok_or_else(|| AuthError::UnexpectedChallenge(challenge.name.as_str().to_owned()))?;
    let p = super::challenge::Params::new(challenge, "RespondToAuthChallenge");
    let secret_block = p.get("SECRET_BLOCK")?;
    let key = client.password_key(
        &device.device_group_key,
        &device.device_key,
        device.random_password.expose(),
        p.get("SALT")?,
        p.get("SRP_B")?,
    )?;
    // `DEVICE_KEY` is the remembered device's: `respond` adds it.
    let answer = super::respond::password_claim(
        &key,
        &device.device_group_key,
        &device.device_key,
        secret_block,
        io.now,
    );
    Ok(respond(
        io,
        ctx,
        &crate::cognito::ChallengeName::DevicePasswordVerifier,
        answer,
        challenge.session.as_ref(),
    ))
}

impl SignIn {
    /// Cognito handed out a new device: send `ConfirmDevice` with a fresh verifier. The
    /// keys are stored once Cognito accepts them; a failure only means the device is not
    /// remembered (the sign-in itself succeeded).
    pub(super) fn confirm_device(
        &mut self,
        io: &mut Io<'_>,
        epoch: u64,
        ctx: &mut Context,
        access_token: &Secret,
        device: NewDeviceMetadata,
    ) {
        let Ok(random) = ctx.entropy.take(DEVICE_RANDOM_BYTES) else {
            return;
        };
        let Ok(verifier) =
            srp::device_verifier(&device.device_group_key, &device.device_key, random)
        else {
            return;
        };
        let confirm = crate::cognito::ConfirmDevice {
            access_token,
            device_key: &device.device_key,
            device_name: io
                .options
                .device_name
                .as_deref()
                .unwrap_or("cognito-headless"),
            salt_b64: &verifier.salt_b64,
            verifier_b64: &verifier.verifier_b64,
        };
        let id = io.send_request(&confirm);
        let mut owners = vec![ctx.login_id.clone()];
        if ctx.username != ctx.login_id {
            owners.push(ctx.username.clone());
        }
        let confirmation = DeviceConfirmation {
            owners,
            epoch,
            keys: DeviceKeys {
                device_key: device.device_key,
                device_group_key: device.device_group_key,
                random_password: Secret::new(verifier.random_password),
            },
        };
        self.confirmations.insert(id, confirmation);
    }
}

impl DeviceConfirmation {
    /// `ConfirmDevice` answered: when Cognito accepted the device, its keys are stored
    /// under the login id (read at the next sign-in) and, when it differs, the user name
    /// the session is stored under (read on restore), like Amplify. Returns the keys and
    /// the session epoch they belong to (the machine gives them to that session only).
    pub(in crate::machine) fn answered(
        self,
        io: &mut Io<'_>,
        outcome: &HttpOutcome,
    ) -> Option<(u64, DeviceKeys)> {
        let ok = match outcome {
            HttpOutcome::Response(r) => crate::cognito::parse_response(r).is_ok(),
            HttpOutcome::Failure(_) => false,
        };
        if !ok {
            return None;
        }
        let DeviceConfirmation {
            owners,
            keys,
            epoch,
        } = self;
        for owner in &owners {
            for (name, value) in [
                ("deviceKey", keys.device_key.clone()),
                ("deviceGroupKey", keys.device_group_key.clone()),
                (
                    "randomPasswordKey",
                    keys.random_password.expose().to_owned(),
                ),
            ] {
                io.out.push(Effect::Store {
                    key: io.keys.user(owner, name),
                    value: Secret::new(value),
                });
            }
        }
        Some((epoch, keys))
    }
}
