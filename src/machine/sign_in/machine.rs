//! The sign-in machine's state: the flow in progress (reading the device, a request in
//! flight, a step waiting for `confirmSignIn`), whether that step is saved in storage, a
//! sign-up's auto sign-in, and the `ConfirmDevice` calls a finished sign-in sent.
//!
//! A flow runs only while the session is signed out: it starts only then (`signIn`,
//! `confirmSignIn`, an imported or restored step, auto sign-in refuse a signed-in
//! session), and every way into the signed-in session ends it first
//! ([`crate::machine::AuthMachine::signed_in`]).

use crate::map::VecMap;
use crate::session::Secret;

use super::{Challenged, DeviceKeys, LoadingDevice, SignInFlow};
use crate::machine::{RequestId, SignInOptions, UnixMillis};

/// Where the sign-in is.
#[derive(Debug, Default)]
pub(super) enum Flow {
    /// No sign-in in progress.
    #[default]
    Idle,
    /// Reading the user's remembered device.
    LoadingDevice(LoadingDevice),
    /// A sign-in request is in flight.
    SigningIn(SignInFlow),
    /// A sign-in step waits for `confirmSignIn`.
    Challenged(Box<Challenged>),
}

/// A sign-up that will sign in by itself once confirmed. Redacted `Debug`.
pub(in crate::machine) struct AutoSignIn {
    pub(in crate::machine) username: String,
    pub(in crate::machine) password: Option<Secret>,
    pub(in crate::machine) options: SignInOptions,
    pub(in crate::machine) session: Option<Secret>,
    pub(in crate::machine) confirmed: bool,
    pub(in crate::machine) expires_at: UnixMillis,
}

impl std::fmt::Debug for AutoSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoSignIn")
            .field("username", &self.username)
            .field("confirmed", &self.confirmed)
            .finish_non_exhaustive()
    }
}

/// `ConfirmDevice` after a sign-in: the device keys are stored on success, under the
/// names of the user whose sign-in produced them (login id and session user name), and
/// taken into the session only if it is still that sign-in's (`epoch`).
#[derive(Debug)]
pub(in crate::machine) struct DeviceConfirmation {
    pub(super) owners: Vec<String>,
    pub(super) keys: DeviceKeys,
    pub(super) epoch: u64,
}

/// The sign-in machine's state.
#[derive(Debug, Default)]
pub(in crate::machine) struct SignIn {
    /// The flow in progress.
    pub(super) flow: Flow,
    /// The waiting step is saved in storage.
    pub(super) saved: bool,
    /// A sign-up that signs in by itself once confirmed.
    pub(in crate::machine) auto: Option<AutoSignIn>,
    /// `ConfirmDevice` calls in flight.
    pub(super) confirmations: VecMap<RequestId, DeviceConfirmation>,
}

impl SignIn {
    /// Whether no sign-in is in progress.
    pub(in crate::machine) fn is_idle(&self) -> bool {
        matches!(self.flow, Flow::Idle)
    }

    /// Whether a request (or the device read) of a sign-in is in flight.
    pub(in crate::machine) fn is_pending(&self) -> bool {
        matches!(self.flow, Flow::LoadingDevice(_) | Flow::SigningIn(_))
    }

    /// The step waiting for `confirmSignIn`, if any.
    pub(in crate::machine) fn challenged(&self) -> Option<&Challenged> {
        match &self.flow {
            Flow::Challenged(c) => Some(c),
            _ => None,
        }
    }

    /// Whether `id` is the request the flow waits for.
    pub(in crate::machine) fn awaits_request(&self, id: RequestId) -> bool {
        matches!(&self.flow, Flow::SigningIn(f) if f.request == id)
    }

    /// Whether `id` is the device read the flow waits for.
    pub(in crate::machine) fn awaits_device(&self, id: RequestId) -> bool {
        matches!(&self.flow, Flow::LoadingDevice(l) if l.load == id)
    }

    /// The flow, taken out (the sign-in is idle until it is put back).
    pub(super) fn take_flow(&mut self) -> Flow {
        std::mem::take(&mut self.flow)
    }

    /// The waiting step expires then (none, or never set: `None`).
    pub(in crate::machine) fn challenge_deadline(&self) -> Option<UnixMillis> {
        self.challenged()
            .map(Challenged::expires_at)
            .filter(|t| *t > 0)
    }

    /// When the auto sign-in's password is wiped.
    pub(in crate::machine) fn auto_sign_in_deadline(&self) -> Option<UnixMillis> {
        self.auto.as_ref().map(|a| a.expires_at)
    }

    /// Wipes an auto sign-in whose three minutes are over (called on every input).
    pub(in crate::machine) fn expire_auto_sign_in(&mut self, now: UnixMillis) {
        if self.auto.as_ref().is_some_and(|a| a.expires_at <= now) {
            self.auto = None;
        }
    }

    /// The auto sign-in, if confirmed and still valid at `now` (taken).
    pub(in crate::machine) fn take_ready_auto_sign_in(
        &mut self,
        now: UnixMillis,
    ) -> Option<AutoSignIn> {
        let ready = self
            .auto
            .as_ref()
            .is_some_and(|a| a.confirmed && a.expires_at > now);
        self.auto.take_if(|_| ready)
    }

    /// Whether `id` is a `ConfirmDevice` call; takes it.
    pub(in crate::machine) fn take_confirmation(
        &mut self,
        id: RequestId,
    ) -> Option<DeviceConfirmation> {
        self.confirmations.remove(&id)
    }
}
