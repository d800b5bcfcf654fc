//! The published view: what `getCurrentUser` and `fetchAuthSession` would answer now, so
//! the host answers them without an input (queries do not cross the boundary; commands do).
//!
//! The machine keeps the view it published last; [`AuthMachine::poll_view`] hands out a
//! new one only when it changed. A part that is `None` means "ask me": the host sends the
//! command, as before, and the machine answers it (restoring, a refresh or a hosted-UI
//! callback in flight, credentials to fetch, tokens past their window).

use crate::json::ToJson;

use super::{AuthError, AuthMachine, AuthSession, AuthUser, State, UnixMillis};

/// What queries read: `{ user? | userError?, session?, sessionUntil? }`. Holds tokens
/// and credentials: never log it.
#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct View {
    /// `getCurrentUser()`'s answer, or neither this nor [`View::user_error`]: ask the
    /// machine.
    pub user: Option<AuthUser>,
    /// `getCurrentUser()`'s error (signed out).
    pub user_error: Option<AuthError>,
    /// `fetchAuthSession()`'s answer (without `forceRefresh`), or `None`: ask the machine.
    pub session: Option<AuthSession>,
    /// The last host time (Unix ms, inclusive) at which [`View::session`] holds; after it
    /// (tokens or credentials expired), ask the machine. `None`: no limit.
    pub session_until: Option<UnixMillis>,
}

impl AuthMachine {
    /// The view as of now (see the module docs).
    pub fn view(&self) -> View {
        let pending = View {
            user: None,
            user_error: None,
            session: None,
            session_until: None,
        };
        if self.hosted_ui.callback.is_some() {
            // getCurrentUser/fetchAuthSession wait for the hosted-UI sign-in to finish.
            return pending;
        }
        let (user, tokens_until) = match &self.session.state {
            State::Created | State::Restoring { .. } => return pending,
            State::SignedIn(active) => {
                let user = super::session::auth_user(&active.session);
                if active.refresh.is_some() {
                    // A fetchAuthSession joins the refresh in flight.
                    return View {
                        user: Some(user),
                        ..pending.clone()
                    };
                }
                match active.session.tokens.valid_until() {
                    Some(until) => (user, Some(until)),
                    // Expired at any time: every fetchAuthSession refreshes.
                    None => {
                        return View {
                            user: Some(user),
                            ..pending
                        }
                    }
                }
            }
            _ => {
                let signed_out = View {
                    user_error: Some(AuthError::Unauthenticated),
                    ..pending.clone()
                };
                return self.with_session(signed_out, None);
            }
        };
        let view = View {
            user: Some(user),
            ..pending
        };
        self.with_session(view, tokens_until)
    }

    /// `view` with the session part: tokens (valid until `tokens_until`) and credentials.
    fn with_session(&self, mut view: View, tokens_until: Option<UnixMillis>) -> View {
        let (session, session_until) = match self.credentials_window() {
            Some(creds_until) => {
                let until = match (tokens_until, creds_until) {
                    (Some(t), Some(c)) => Some(t.min(c)),
                    (t, c) => t.or(c),
                };
                (Some(self.session_output()), until)
            }
            None => (None, None),
        };
        view.session = session;
        view.session_until = session_until;
        view
    }

    /// The view, when it changed since the last call (the first call always returns it).
    #[must_use]
    pub fn poll_view(&mut self) -> Option<View> {
        let view = self.view();
        if self.published.as_ref() == Some(&view) {
            return None;
        }
        self.published = Some(view.clone());
        Some(view)
    }
}
