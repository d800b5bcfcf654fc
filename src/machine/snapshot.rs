//! What the UI reads: status and user, never a token.

use crate::json::ToJson;

use super::{AuthMachine, AuthUser, State};

/// Amplify UI's `authStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson)]
#[json(rename_all = "camelCase")]
pub enum AuthStatus {
    /// The stored session is being read.
    Configuring,
    /// A user is signed in.
    Authenticated,
    /// No user is signed in.
    Unauthenticated,
}

/// The machine's observable state. Holds no secret.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct Snapshot {
    /// Increases whenever anything below may have changed.
    pub revision: u64,
    /// `configuring` / `authenticated` / `unauthenticated`.
    pub auth_status: AuthStatus,
    /// The signed-in user.
    pub user: Option<AuthUser>,
    /// True while a sign-in request is in flight.
    pub is_pending: bool,
    /// The sign-in step waiting for `confirmSignIn`, if any (`CONFIRM_SIGN_IN_WITH_TOTP_CODE`, …).
    pub sign_in_step: Option<crate::cognito::SignInStep>,
}

/// The snapshot's revision, moved by construction: after every input the machine compares
/// the snapshot's content with the one the revision was last moved for.
#[derive(Debug, Default)]
pub(super) struct Revision {
    number: u64,
    content: Option<Snapshot>,
}

impl AuthMachine {
    /// The current snapshot.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            revision: self.revision.number,
            ..self.snapshot_content()
        }
    }

    /// Moves the revision when the snapshot's content changed since it last moved.
    pub(super) fn settle_revision(&mut self) {
        let content = self.snapshot_content();
        if self.revision.content.as_ref() != Some(&content) {
            self.revision.number += 1;
            self.revision.content = Some(content);
        }
    }

    /// The snapshot without its revision (0).
    fn snapshot_content(&self) -> Snapshot {
        let (auth_status, user, is_pending) = match &self.session.state {
            // Following another tab: keep showing the session as it was until the read ends.
            State::Restoring { .. } if self.sync.previous.is_some() => {
                match self.sync.previous.as_ref().and_then(Option::as_ref) {
                    Some(previous) => (
                        AuthStatus::Authenticated,
                        Some(super::session::auth_user(previous)),
                        false,
                    ),
                    None => (AuthStatus::Unauthenticated, None, false),
                }
            }
            State::Created | State::Restoring { .. } => (AuthStatus::Configuring, None, true),
            State::SignedOut => (AuthStatus::Unauthenticated, None, self.sign_in.is_pending()),
            State::SignedIn(active) => (
                AuthStatus::Authenticated,
                Some(super::session::auth_user(&active.session)),
                false,
            ),
        };
        let sign_in_step = self
            .sign_in
            .challenged()
            .map(|c| c.next_step().sign_in_step);
        Snapshot {
            sign_in_step,
            revision: 0,
            auth_status,
            user,
            is_pending,
        }
    }
}
