//! The published view: what `getCurrentUser` and `fetchAuthSession` would answer now, so
//! the host answers them without an input (queries do not cross the boundary; commands do).
//!
//! The machine keeps the view it published last; [`AuthMachine::poll_view`] hands out a
//! new one only when it changed. A part that is `None` means "ask me": the host sends the
//! command, as before, and the machine answers it (restoring, a refresh or a hosted-UI
//! callback in flight, credentials to fetch, tokens past their window).

use crate::json::{Json, ObjectBuilder, ToJson};

use super::{AuthError, AuthMachine, AuthSession, AuthUser, State, UnixMillis};

/// What queries read. Holds tokens and credentials: never log it.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// `getCurrentUser()`'s answer, or `None`: ask the machine.
    pub user: Option<Result<AuthUser, AuthError>>,
    /// `fetchAuthSession()`'s answer (without `forceRefresh`), or `None`: ask the machine.
    pub session: Option<AuthSession>,
    /// The last host time (Unix ms, inclusive) at which [`View::session`] holds; after it
    /// (tokens or credentials expired), ask the machine. `None`: no limit.
    pub session_until: Option<UnixMillis>,
}

/// `{ user? | userError?, session?, sessionUntil? }`.
impl ToJson for View {
    fn to_json(&self) -> Json {
        let (user, user_error) = match &self.user {
            Some(Ok(user)) => (Some(user), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        ObjectBuilder::new()
            .opt("user", user)
            .opt("userError", user_error)
            .opt("session", self.session.as_ref())
            .opt("sessionUntil", self.session_until)
            .build()
    }
}

impl AuthMachine {
    /// The view as of now (see the module docs).
    pub fn view(&self) -> View {
        let pending = View {
            user: None,
            session: None,
            session_until: None,
        };
        if self.oauth_callback.is_some() {
            // getCurrentUser/fetchAuthSession wait for the hosted-UI sign-in to finish.
            return pending;
        }
        let (user, tokens_until) = match &self.state {
            State::Created | State::Restoring { .. } => return pending,
            State::SignedIn(active) => {
                let user = Ok(super::session_ops::auth_user(&active.session));
                if active.refresh.is_some() {
                    // A fetchAuthSession joins the refresh in flight.
                    return View {
                        user: Some(user),
                        ..pending
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
            _ => (Err(AuthError::Unauthenticated), None),
        };
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
        View {
            user: Some(user),
            session,
            session_until,
        }
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
