//! Amplify UI's choice of a first factor before any request (passwordless sign-in):
//! `toShowAuthMethods`, `selectAuthMethod`, and the sign-in request a method makes.

use super::{Authenticator, Pending, Route};
use crate::cognito::{AuthFactor, SignInStep};
use crate::json::{FromJson, Json};
use crate::machine::{AuthFlowType, Command, SignInInput, SignInOptions, UnixMillis};
use crate::session::Secret;

impl Authenticator {
    /// SHOW_AUTH_METHODS (and a SUBMIT that must choose first): from the sign-in form to
    /// signInSelectAuthFactor, keeping the form; the user name is the form's.
    pub(super) fn show_auth_methods(&mut self) {
        if self.route != Route::SignIn || self.pending.is_some() {
            return;
        }
        self.username = self.form_username();
        self.step.sign_in_step = None;
        self.route = Route::SignInSelectAuthFactor;
        self.revision += 1;
        self.note_form();
    }

    /// Amplify UI's `setUsernameSignIn`: the form's user name (none before one is typed).
    fn form_username(&self) -> Option<String> {
        self.values
            .contains_key("username")
            .then(|| self.login_value())
    }

    /// SELECT_METHOD: before a request, signs in with `method`; on Cognito's own
    /// first-factor choice (USER_AUTH's SELECT_CHALLENGE), answers it with `method`.
    pub(super) fn select_method(&mut self, now: UnixMillis, method: String, random: Vec<u8>) {
        if self.route != Route::SignInSelectAuthFactor || self.pending.is_some() {
            return;
        }
        match self.step.sign_in_step {
            None => {
                self.step.selected_auth_method = Some(method);
                self.sign_in_first_factor(now, random);
            }
            Some(SignInStep::ContinueSignInWithFirstFactorSelection) => {
                self.values.insert("method".into(), method);
                self.submit_form(now, Default::default(), random);
            }
            Some(_) => {}
        }
    }

    /// Amplify UI's `handleSignIn`: the chosen method, else the preferred one, else the
    /// first available, else PASSWORD. PASSWORD signs in with the password (SRP); any other
    /// method is USER_AUTH with it as `preferredChallenge` and no password.
    pub(super) fn sign_in_first_factor(&mut self, now: UnixMillis, random: Vec<u8>) {
        let method = self
            .step
            .selected_auth_method
            .clone()
            .or_else(|| self.ui.preferred_challenge())
            .or_else(|| self.ui.available_auth_methods().into_iter().next())
            .unwrap_or_else(|| "PASSWORD".into());
        // Amplify UI's `setUsernameSignIn` on entering the request: from the form.
        self.username = self.form_username();
        let username = self.username.clone().unwrap_or_default();
        let input = if method == "PASSWORD" {
            SignInInput {
                username,
                password: Some(Secret::new(self.form("password"))),
                options: Default::default(),
            }
        } else {
            SignInInput {
                username,
                password: None,
                options: SignInOptions {
                    auth_flow_type: Some(AuthFlowType::UserAuth),
                    preferred_challenge: AuthFactor::from_json(Json::String(method)).ok(),
                    client_metadata: None,
                },
            }
        };
        self.run(now, Pending::SignIn, Command::SignIn(input), random);
    }
}
