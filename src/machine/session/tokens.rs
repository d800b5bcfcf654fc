//! `fetchAuthSession` and the calls that need fresh tokens: they join the refresh in
//! flight or start one ([`super::refresh`]), and run on when it tells them to
//! ([`Next`]). This is where the session's refresh meets the rest of the machine
//! (identity credentials, account calls, tab sync).

use crate::json::Map;

use super::{Io, RefreshNext as Next, Session, Waiter};
use crate::machine::{AuthError, AuthMachine, OpId, Output, UnixMillis};

impl AuthMachine {
    /// Runs a session transition with what it may use of the machine.
    pub(in crate::machine) fn session_step<R>(
        &mut self,
        transition: impl FnOnce(&mut Session, &mut Io<'_>) -> R,
    ) -> R {
        let mut io = io_of!(self);
        transition(&mut self.session, &mut io)
    }

    /// Runs a step of the refresh and does what it leaves to the machine.
    pub(in crate::machine) fn refresh_step(
        &mut self,
        step: impl FnOnce(&mut Session, &mut Io<'_>) -> Next,
    ) {
        let next = self.session_step(step);
        self.follow_refresh(next);
    }

    /// What a refresh step leaves to the machine: its callers' fate.
    fn follow_refresh(&mut self, next: Next) {
        let now = self.last_now;
        match next {
            Next::Wait => {}
            Next::Resume(waiters) => {
                for waiter in waiters {
                    self.resume(now, waiter);
                }
            }
            Next::Resync(waiters) => {
                self.requeue(waiters);
                self.sync.pending = true;
            }
            Next::Fail(waiters, error) => {
                for waiter in waiters {
                    self.complete(waiter.op(), Err(error.clone()));
                }
            }
            Next::End {
                waiters,
                error,
                announce,
            } => {
                self.end_session_told(None, announce);
                match error {
                    None => self.release_signed_out(waiters),
                    Some(error) => {
                        for waiter in waiters {
                            self.complete(waiter.op(), Err(error.clone()));
                        }
                    }
                }
            }
        }
    }

    /// Starts a refresh for `waiters` (see [`Session::start_refresh`]).
    pub(in crate::machine) fn start_refresh(&mut self, waiters: Vec<Waiter>) {
        self.session_step(|session, io| session.start_refresh(io, waiters));
    }

    /// The session ended while `refresh` ran: its cross-tab lock is released (else no tab
    /// could refresh again until this page closes) and its waiters resolve signed out.
    pub(in crate::machine) fn abandon_refresh(&mut self, refresh: super::refresh::Refresh) {
        if let Some(lock) = refresh.lock {
            self.out
                .push(crate::machine::Effect::Unlock { id: lock.id });
        }
        self.release_signed_out(refresh.waiters);
    }

    pub(in crate::machine) fn fetch_auth_session(
        &mut self,
        now: UnixMillis,
        op: OpId,
        force: bool,
        client_metadata: Option<Map>,
    ) {
        let waiter = Waiter::Session {
            op,
            force,
            client_metadata,
        };
        if let Some(waiter) = self.wait_for_tokens(now, waiter, force) {
            self.resume(now, waiter);
        }
    }

    /// Joins the refresh in flight, starts one when the tokens are expired (or `force`),
    /// or hands the waiter back when the tokens are good (or nobody is signed in).
    pub(in crate::machine) fn wait_for_tokens(
        &mut self,
        now: UnixMillis,
        waiter: Waiter,
        force: bool,
    ) -> Option<Waiter> {
        let Some(active) = self.session.active_mut() else {
            return Some(waiter);
        };
        if let Some(refresh) = &mut active.refresh {
            refresh.waiters.push(waiter);
            return None;
        }
        if force || active.session.tokens.is_expired(now) {
            self.start_refresh(vec![waiter]);
            return None;
        }
        Some(waiter)
    }

    /// Tokens are current: carry on with what the waiter wanted.
    pub(in crate::machine) fn resume(&mut self, now: UnixMillis, waiter: Waiter) {
        match waiter {
            Waiter::Session { op, force, .. } => self.after_tokens(now, op, force),
            Waiter::Account { op, call } => self.send_account(op, call),
        }
    }

    /// The session ended while `waiters` waited: sessions resolve empty, account calls fail.
    pub(in crate::machine) fn release_signed_out(&mut self, waiters: Vec<Waiter>) {
        for waiter in waiters {
            match waiter {
                Waiter::Session { op, .. } => {
                    self.complete(op, Ok(Output::Session(Default::default())))
                }
                Waiter::Account { op, .. } => self.complete(op, Err(AuthError::Unauthenticated)),
            }
        }
    }
}
