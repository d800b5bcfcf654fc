//! Time the machine owns: one deadline per concern, read from the state that owns it, and
//! one timer for the host to arm.
//!
//! After draining the effects of an input the host asks [`AuthMachine::poll_timeout`] when
//! the machine next wants to hear from it and arms one timer for that time (replacing the
//! one it armed before); when it fires the host feeds [`super::Input::Timeout`] with the
//! time it reads then. A timer that fires late (a throttled background tab) only delays
//! what is due; one that fires early does nothing. There is no timer table to keep in
//! step: each deadline is a field of the state it belongs to, so it goes when that state
//! goes.
//!
//! | concern | deadline | when it passes |
//! |---|---|---|
//! | auto sign-in | the sign-up's password kept 3 minutes | the password is wiped |
//! | a sign-in step | `confirmSignIn` answered within 3 minutes | the step is dropped (and its saved copy) |
//! | hosted-UI callback | [`OAUTH_CALLBACK_MS`] for the storage read and token exchange | the callback fails, queued session reads run |
//! | refresh lock | waited for [`LOCK_WAIT_MS`], held [`LOCK_HOLD_MS`] at most | the refresh goes on without it |
//! | lock handed over | [`LOCK_SETTLE_MS`] after another tab's lock came | the refresh reads storage |
//! | `refreshAhead` | [`REFRESH_AHEAD_MS`] before the tokens expire | a refresh starts, through the lock |

use super::{AuthError, AuthMachine, UnixMillis};

/// How long a refresh waits for the cross-tab lock before going on without it.
pub const LOCK_WAIT_MS: i64 = 60_000;
/// How long a refresh holds the cross-tab lock at most (another tab waits for it).
pub const LOCK_HOLD_MS: i64 = 90_000;
/// How long a refresh waits, once the lock comes from another tab, before it reads storage:
/// that tab's last writes reach this one on another channel than the lock (Chromium can
/// grant the lock first), and a refresh reading too early would send the old refresh token.
pub const LOCK_SETTLE_MS: i64 = 50;
/// How long before the tokens' end of validity a `refreshAhead` refresh starts.
pub const REFRESH_AHEAD_MS: i64 = 60_000;
/// How long a hosted-UI callback (reading the stored verifier, then the token exchange)
/// may take before it fails and the session reads waiting for it go on.
pub const OAUTH_CALLBACK_MS: i64 = 60_000;

impl AuthMachine {
    /// When the machine next wants [`super::Input::Timeout`] (Unix ms, the host's clock),
    /// or `None` when nothing is due. Ask after every input's effects are drained, and arm
    /// one timer for it.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<UnixMillis> {
        [
            self.sign_in.auto_sign_in_deadline(),
            self.sign_in.challenge_deadline(),
            self.oauth_deadline(),
            self.session.lock_deadline(),
            self.session.settle_deadline(),
            self.refresh_ahead_deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// [`super::Input::Timeout`]: acts on every deadline that has passed at `now` (the auto
    /// sign-in's password is wiped on every input, this one included).
    pub(super) fn handle_timeout(&mut self, now: UnixMillis) {
        if self.sign_in.challenge_deadline().is_some_and(|d| d <= now) {
            self.lapse_challenge();
        }
        if self.oauth_deadline().is_some_and(|d| d <= now) {
            self.oauth_lapsed();
        }
        if self.session.settle_deadline().is_some_and(|d| d <= now) {
            self.session_step(|session, io| session.lock_settled(io));
        }
        if self.session.lock_deadline().is_some_and(|d| d <= now) {
            self.session_step(|session, io| session.lock_lapsed(io));
        }
        if self.refresh_ahead_deadline().is_some_and(|d| d <= now) {
            self.refresh_ahead();
        }
    }

    /// `refreshAhead` (when configured): shortly before the tokens' end of validity.
    fn refresh_ahead_deadline(&self) -> Option<UnixMillis> {
        if !self.options.refresh_ahead {
            return None;
        }
        self.session.refresh_ahead_deadline(REFRESH_AHEAD_MS)
    }

    fn refresh_ahead(&mut self) {
        self.session.spend_refresh_ahead();
        self.start_refresh(Vec::new());
    }

    /// The hosted-UI callback in progress must finish by then.
    fn oauth_deadline(&self) -> Option<UnixMillis> {
        self.hosted_ui
            .callback
            .as_ref()
            .map(super::oauth::Callback::deadline)
    }

    /// The hosted-UI callback took too long: it fails (a late answer is ignored).
    fn oauth_lapsed(&mut self) {
        self.oauth_callback_failed(AuthError::Validation {
            name: "OAuthSignInException",
            message: "the hosted-UI sign-in did not finish in time; start it again",
        });
    }
}
