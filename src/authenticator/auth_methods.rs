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

    /// RESEND on a passwordless code step (Amplify UI's `resendSignInCode`): `signIn` again
    /// with USER_AUTH and the same first factor (the chosen one, else the preferred, else
    /// the first available); a new code is sent and the step stays, its form kept. Not on
    /// an MFA step after a password (Amplify UI's form offers no resend there).
    pub(super) fn resend_sign_in_code(
        &mut self,
        now: UnixMillis,
        username: String,
        random: Vec<u8>,
    ) {
        let method = self.first_factor();
        if method == "PASSWORD" || self.pending.is_some() {
            return;
        }
        let input = SignInInput {
            username,
            password: None,
            options: user_auth(method),
        };
        self.run(now, Pending::ResendSignIn, Command::SignIn(input), random);
    }

    /// Amplify UI's INIT: the first one's `passwordless` prop over the configured
    /// `passwordless` (its members win; the others stay).
    pub(super) fn initialize(&mut self, data: Json) {
        if std::mem::replace(&mut self.initialized, true) {
            return;
        }
        let Some(prop) = data.get("passwordless").and_then(Json::as_object) else {
            return;
        };
        if !matches!(self.ui.passwordless, Json::Object(_)) {
            self.ui.passwordless = Json::Object(Default::default());
        }
        if let Some(configured) = self.ui.passwordless.as_object_mut() {
            for (key, value) in prop.iter() {
                configured.insert(key.clone(), value.clone());
            }
        }
        self.revision += 1;
    }

    /// The first factor a sign-in uses: the chosen method, else the preferred one, else
    /// the first available, else PASSWORD.
    fn first_factor(&self) -> String {
        self.step
            .selected_auth_method
            .clone()
            .or_else(|| self.ui.preferred_challenge())
            .or_else(|| self.ui.available_auth_methods().into_iter().next())
            .unwrap_or_else(|| "PASSWORD".into())
    }

    /// Amplify UI's `handleSignIn`: the chosen method, else the preferred one, else the
    /// first available, else PASSWORD. PASSWORD signs in with the password (SRP); any other
    /// method is USER_AUTH with it as `preferredChallenge` and no password.
    pub(super) fn sign_in_first_factor(&mut self, now: UnixMillis, random: Vec<u8>) {
        let method = self.first_factor();
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
                options: user_auth(method),
            }
        };
        self.run(now, Pending::SignIn, Command::SignIn(input), random);
    }
}

/// USER_AUTH with `method` as the preferred first factor.
pub(super) fn user_auth(method: String) -> SignInOptions {
    SignInOptions {
        auth_flow_type: Some(AuthFlowType::UserAuth),
        preferred_challenge: AuthFactor::from_json(Json::String(method)).ok(),
        client_metadata: None,
    }
}
