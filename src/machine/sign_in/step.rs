//! Where the sign-in machine meets [`AuthMachine`]: the commands that start, resume or
//! end a sign-in are routed to [`SignIn`]'s transitions, which see only the outbox, the
//! storage keys and the configuration ([`Io`]) and tell the machine what is left to do
//! ([`Next`]): complete an op, enter the signed-in session, start a passkey ceremony.

use crate::json::Json;
use crate::map::VecMap;
use crate::session::{Secret, StoredSession};

use super::machine::DeviceConfirmation;
use super::{step_output, Challenged, Context, SignIn};
use crate::cognito::{NewDeviceMetadata, SignInStep};
use crate::machine::session::Io;
use crate::machine::{
    AuthError, AuthMachine, Ceremony, ConfirmSignInInput, Effect, HttpOutcome, NextStep, OpId,
    Output, RequestId, SignInInput, UnixMillis,
};

/// What a sign-in transition leaves to the machine around it.
// `Complete` is as large as the `Effect::Complete` it becomes at once: boxing it would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(in crate::machine) enum Next {
    /// Nothing: the sign-in waits for its next input.
    Wait,
    /// Complete `op` with the result.
    Complete(OpId, Result<Output, AuthError>),
    /// Tokens: enter the signed-in session, confirm a new device, complete with `DONE`.
    SignedIn(Box<Finished>),
    /// A `WEB_AUTHN` challenge: the host's `navigator.credentials.get` with `options`,
    /// answered as `id` (the flow waits for it already).
    Passkey { id: RequestId, options: Json },
}

/// A sign-in that ended with tokens.
#[derive(Debug)]
pub(in crate::machine) struct Finished {
    pub(super) op: OpId,
    pub(super) session: StoredSession,
    pub(super) ctx: Context,
    /// A device Cognito handed out, with the access token that confirms it.
    pub(super) new_device: Option<(Secret, NewDeviceMetadata)>,
}

impl AuthMachine {
    /// Runs a sign-in transition with what it may use of the machine.
    pub(in crate::machine) fn sign_in_io<R>(
        &mut self,
        transition: impl FnOnce(&mut SignIn, &mut Io<'_>) -> R,
    ) -> R {
        let mut io = io_of!(self);
        transition(&mut self.sign_in, &mut io)
    }

    /// Runs a sign-in transition and does what it leaves to the machine.
    pub(in crate::machine) fn sign_in_step(
        &mut self,
        transition: impl FnOnce(&mut SignIn, &mut Io<'_>) -> Next,
    ) {
        let next = self.sign_in_io(transition);
        self.follow_sign_in(next);
    }

    fn follow_sign_in(&mut self, next: Next) {
        match next {
            Next::Wait => {}
            Next::Complete(op, result) => self.complete(op, result),
            Next::SignedIn(finished) => {
                let Finished {
                    op,
                    session,
                    mut ctx,
                    new_device,
                } = *finished;
                self.signed_in(session, ctx.device.clone());
                if let Some((access_token, device)) = new_device {
                    let epoch = self.sync.epoch;
                    self.sign_in_io(|s, io| {
                        s.confirm_device(io, epoch, &mut ctx, &access_token, device)
                    });
                }
                let done = NextStep {
                    sign_in_step: SignInStep::Done,
                    ..NextStep::default()
                };
                self.complete(op, Ok(step_output(done)));
            }
            Next::Passkey { id, options } => {
                if let Some(old) = self.ceremonies.sign_in.replace(id) {
                    self.out.push(Effect::AbortWebAuthn { id: old });
                }
                self.out.push(Effect::WebAuthn {
                    id,
                    ceremony: Ceremony::Get,
                    options,
                });
            }
        }
    }

    /// Ends the sign-in in progress (if any) with `Interrupted(why)` for its pending op.
    pub(in crate::machine) fn interrupt_sign_in(&mut self, why: &'static str) {
        self.sign_in_step(|s, io| s.interrupt(io, why));
    }

    pub(in crate::machine) fn sign_in(&mut self, op: OpId, input: SignInInput, random: Vec<u8>) {
        self.sign_in_with(op, input, random, None);
    }

    /// `signIn`, optionally continuing a sign-up's `USER_AUTH` session (auto sign-in).
    pub(in crate::machine) fn sign_in_with(
        &mut self,
        op: OpId,
        input: SignInInput,
        random: Vec<u8>,
        session: Option<Secret>,
    ) {
        if self.session.is_signed_in() {
            return self.complete(op, Err(AuthError::AlreadyAuthenticated));
        }
        self.interrupt_sign_in("a new signIn");
        self.sign_in_step(|s, io| s.start(io, op, input, random, session));
    }

    /// The device keys arrived: send `InitiateAuth`.
    pub(in crate::machine) fn sign_in_device_loaded(
        &mut self,
        values: &VecMap<String, Option<String>>,
    ) {
        self.sign_in_step(|s, io| s.device_loaded(io, values));
    }

    /// A saved step read at start: resume it unless it expired.
    pub(in crate::machine) fn resume_saved_sign_in(
        &mut self,
        text: &str,
        now: UnixMillis,
    ) -> Option<NextStep> {
        self.sign_in.resume_saved(text, now)
    }

    pub(in crate::machine) fn export_sign_in_state(&mut self, now: UnixMillis, op: OpId) {
        let result = self.sign_in.export(now);
        self.complete(op, result);
    }

    pub(in crate::machine) fn import_sign_in_state(
        &mut self,
        now: UnixMillis,
        op: OpId,
        state: &Secret,
    ) {
        if self.session.is_signed_in() {
            return self.complete(op, Err(AuthError::AlreadyAuthenticated));
        }
        let Some(challenged) = Challenged::load(state.expose(), now) else {
            return self.complete(op, Err(AuthError::NoSignInInProgress));
        };
        self.interrupt_sign_in("importSignInState");
        self.sign_in_step(|s, io| s.import(io, op, challenged));
    }

    pub(in crate::machine) fn confirm_sign_in(
        &mut self,
        op: OpId,
        input: ConfirmSignInInput,
        random: Vec<u8>,
    ) {
        let signed_in = self.session.is_signed_in();
        self.sign_in_step(|s, io| s.confirm(io, op, input, random, signed_in));
    }

    /// An answer to the request the sign-in waits for.
    pub(in crate::machine) fn sign_in_response(
        &mut self,
        parsed: Result<crate::json::Map, AuthError>,
    ) {
        self.sign_in_step(|s, io| s.response(io, parsed));
    }

    /// The host's passkey ceremony for a `WEB_AUTHN` challenge finished.
    pub(in crate::machine) fn sign_in_passkey_result(&mut self, result: Result<Json, AuthError>) {
        self.sign_in_step(|s, io| s.passkey_result(io, result));
    }

    /// The waiting step's three minutes are over: it is dropped with its saved copy.
    pub(in crate::machine) fn lapse_challenge(&mut self) {
        self.sign_in_io(|s, io| s.lapse(io));
    }

    /// Whether the sign-in waits for the host's passkey ceremony `id`.
    pub(in crate::machine) fn sign_in_awaits_passkey(&self, id: RequestId) -> bool {
        self.sign_in.awaits_passkey(id)
    }

    /// `ConfirmDevice` answered: the device is stored if accepted, and remembered by the
    /// session it was confirmed for (if that session is still the current one).
    pub(in crate::machine) fn device_confirmed(
        &mut self,
        confirmation: DeviceConfirmation,
        outcome: &HttpOutcome,
    ) {
        let accepted = self.sign_in_io(|_, io| confirmation.answered(io, outcome));
        let Some((epoch, keys)) = accepted else {
            return;
        };
        if epoch == self.sync.epoch {
            if let Some(active) = self.session.active_mut() {
                active.device = Some(keys);
            }
        }
    }
}
