//! Passkeys on the host side: the WebAuthn ceremonies (`navigator.credentials.get` for a
//! `WEB_AUTHN` sign-in step, `.create` for `associateWebAuthnCredential`) the machine
//! waits for, and their end when the flow that asked for them is over.

use crate::json::Json;
use crate::map::VecMap;

use super::{AuthError, AuthMachine, Effect, OpId, PasskeyError, RequestId};

/// The ceremonies in progress.
#[derive(Debug, Default)]
pub(super) struct Ceremonies {
    /// The ceremony a passkey sign-in waits for (`navigator.credentials.get`).
    pub(super) sign_in: Option<RequestId>,
    /// Passkey registrations waiting for the host's `navigator.credentials.create`: the
    /// operation and the user it registers for.
    pub(super) registrations: VecMap<RequestId, (OpId, String)>,
    /// `CompleteWebAuthnRegistration` requests in flight: the operation they complete.
    pub(super) completions: VecMap<RequestId, OpId>,
}

impl Ceremonies {
    /// Whether `id` is a `CompleteWebAuthnRegistration` request; takes it.
    pub(super) fn take_registration_request(&mut self, id: RequestId) -> Option<OpId> {
        self.completions.remove(&id)
    }
}

impl AuthMachine {
    /// The host's ceremony `id` ended with a credential or an error.
    pub(super) fn webauthn_result(
        &mut self,
        id: RequestId,
        credential: Option<Json>,
        error: Option<PasskeyError>,
    ) {
        let result = match (credential, error) {
            (_, Some(e)) => Err(AuthError::Passkey {
                name: e.name,
                message: e.message,
            }),
            (Some(c), None) => Ok(c),
            (None, None) => Err(AuthError::Passkey {
                name: "PasskeyRetrievalFailed".into(),
                message: "the browser returned no credential".into(),
            }),
        };
        if self.ceremonies.sign_in == Some(id) {
            self.ceremonies.sign_in = None;
        }
        if self.sign_in_awaits_passkey(id) {
            self.sign_in_passkey_result(result);
        } else if let Some((op, _)) = self.ceremonies.registrations.remove(&id) {
            self.passkey_created(op, result);
        }
    }

    /// Stops the host's WebAuthn ceremonies whose flow is over: a passkey sign-in that is
    /// no longer waiting (another sign-in replaced it, a sign-out), a registration whose
    /// user is no longer the one signed in once the session is known (its operation fails
    /// with Amplify's `PasskeyOperationAborted`).
    pub(super) fn abort_stale_ceremonies(&mut self) {
        if let Some(id) = self
            .ceremonies
            .sign_in
            .filter(|id| !self.sign_in_awaits_passkey(*id))
        {
            self.ceremonies.sign_in = None;
            self.out.push(Effect::AbortWebAuthn { id });
        }
        if self.session.is_restoring() {
            // Re-reading the session (another tab refreshed or signed in): decide after.
            return;
        }
        let user = self
            .session
            .active()
            .map(|active| active.session.username.as_str());
        let stale: Vec<RequestId> = self
            .ceremonies
            .registrations
            .iter()
            .filter(|(_, (_, owner))| user != Some(owner.as_str()))
            .map(|(id, _)| *id)
            .collect();
        for id in stale {
            if let Some((op, _)) = self.ceremonies.registrations.remove(&id) {
                self.out.push(Effect::AbortWebAuthn { id });
                self.complete(
                    op,
                    Err(AuthError::Passkey {
                        name: "PasskeyOperationAborted".into(),
                        message: "The user signed out before the passkey was created.".into(),
                    }),
                );
            }
        }
    }
}
