//! Route transitions: form events in, commands out, results back to a route.

use crate::map::VecMap;

use super::fields;
use super::validation::{self, ValidationError};
use super::{Authenticator, LoginMechanism, Pending, Route, UiEvent};
use crate::cognito::SignInStep;
use crate::machine::{Command, ConfirmSignInInput, ConfirmSignInOptions, UnixMillis};
use crate::session::Secret;

/// The route a sign-in step shows.
pub(super) fn for_step(step: SignInStep) -> Route {
    match step {
        SignInStep::Done => Route::Authenticated,
        SignInStep::ConfirmSignInWithSmsCode
        | SignInStep::ConfirmSignInWithEmailCode
        | SignInStep::ConfirmSignInWithTotpCode
        | SignInStep::ConfirmSignInWithCustomChallenge => Route::ConfirmSignIn,
        SignInStep::ContinueSignInWithTotpSetup => Route::SetupTotp,
        SignInStep::ContinueSignInWithEmailSetup => Route::SetupEmail,
        SignInStep::ContinueSignInWithMfaSelection
        | SignInStep::ContinueSignInWithMfaSetupSelection => Route::SelectMfaType,
        SignInStep::ConfirmSignInWithNewPasswordRequired => Route::ForceNewPassword,
        SignInStep::ContinueSignInWithFirstFactorSelection
        | SignInStep::ConfirmSignInWithPassword => Route::SignInSelectAuthFactor,
        SignInStep::ConfirmSignUp => Route::ConfirmSignUp,
        SignInStep::ResetPassword => Route::ForgotPassword,
    }
}

const PASSWORD_FIELDS: [&str; 2] = ["password", "confirm_password"];

/// Field → validation messages.
type Messages = VecMap<String, Vec<String>>;
/// Field → validation codes.
type Codes = VecMap<String, Vec<&'static str>>;

impl Authenticator {
    /// Built-in validation of the current form: only touched fields unless `all`.
    pub(super) fn validation(&self, all: bool) -> (Messages, Codes) {
        let mut found: VecMap<String, Vec<ValidationError>> = VecMap::new();
        let value = |n: &str| self.values.get(n).map(String::as_str).unwrap_or("");
        let shown = |n: &str| all || self.touched.contains(n);
        let fields = self.fields();
        let has = |n: &str| fields.iter().any(|f| f.name == n);
        let checks_policy = matches!(
            self.route,
            Route::SignUp | Route::ForceNewPassword | Route::ConfirmResetPassword
        );
        // A passwordless sign-up has no password to check (Amplify UI: nothing typed).
        let no_password = self.route == Route::SignUp && self.passwordless_sign_up();
        if checks_policy && has("password") && shown("password") && !no_password {
            let errs = self.policy().check(value("password"));
            if !errs.is_empty() {
                found.insert("password".into(), errs);
            }
        }
        if has("confirm_password") {
            let both = (shown("password") && shown("confirm_password")) || all;
            if let Some(e) =
                validation::confirm_password(value("password"), value("confirm_password"), both)
            {
                found
                    .get_or_insert_with("confirm_password".into(), Vec::new)
                    .push(e);
            }
        }
        // The chosen method's own requirement (Amplify UI checks it on every change).
        if self.route == Route::SignUp {
            for (name, error) in self.sign_up_method_errors() {
                found.get_or_insert_with(name.into(), Vec::new).push(error);
            }
        }
        // Required fields: on submit, and afterwards for the fields a submit flagged (a
        // radio group once; verifyUser's choice is `unverifiedAttr`).
        let mut required: Vec<&str> = Vec::new();
        for f in fields.iter().filter(|f| f.is_required) {
            if !required.contains(&f.name.as_str()) {
                required.push(&f.name);
            }
        }
        if self.route == Route::VerifyUser {
            required.push("unverifiedAttr");
        }
        for name in required {
            let flagged = all || self.submitted.contains(name);
            if flagged && value(name).trim().is_empty() && !found.contains_key(name) {
                found
                    .get_or_insert_with(name.to_owned(), Vec::new)
                    .push(validation::required());
            }
        }
        // One plain loop (iterator chains cost their own code in the wasm module); `found`'s
        // keys are already sorted and unique, so both maps keep them as they are.
        let mut messages = Vec::with_capacity(found.len());
        let mut codes = Vec::with_capacity(found.len());
        for (field, errors) in found {
            let mut field_messages = Vec::with_capacity(errors.len());
            let mut field_codes = Vec::with_capacity(errors.len());
            for error in errors {
                field_messages.push(error.message);
                field_codes.push(error.code);
            }
            messages.push((field.clone(), field_messages));
            codes.push((field, field_codes));
        }
        (VecMap::from_unique(messages), VecMap::from_unique(codes))
    }

    /// A form value, trimmed unless it is a password.
    pub(super) fn form(&self, name: &str) -> String {
        let v = self.values.get(name).cloned().unwrap_or_default();
        if PASSWORD_FIELDS.contains(&name) {
            v
        } else {
            v.trim().to_owned()
        }
    }

    /// The sign-in name from the form: phone numbers normalised with `country_code`.
    pub(super) fn login_value(&self) -> String {
        let name = if self.route == Route::SignUp {
            fields::sign_up_login_name(self.login_mechanism())
        } else {
            "username"
        };
        let raw = self.form(name);
        if self.login_mechanism() == LoginMechanism::PhoneNumber {
            validation::normalize_phone(&self.form("country_code"), &raw)
        } else {
            raw
        }
    }

    /// A form event with fresh random bytes (1,024: half for the command it starts, half
    /// kept for the follow-up it may need, such as an automatic sign-in).
    pub fn handle_ui(&mut self, now: UnixMillis, event: UiEvent, random: Vec<u8>) {
        // Only events that start a command replace the reserve: a keystroke must not wipe
        // the bytes an automatic sign-in after sign-up will need.
        let starts_command = matches!(
            event,
            UiEvent::Submit { .. }
                | UiEvent::Resend
                | UiEvent::SignOut
                | UiEvent::FederatedSignIn { .. }
                | UiEvent::SelectMethod { .. }
        );
        let random = if starts_command {
            let half = random.len() / 2;
            let (first, second) = random.split_at(half);
            self.reserve = second.to_vec();
            first.to_vec()
        } else {
            Vec::new()
        };
        self.revision += 1;
        match event {
            UiEvent::Change { name, value } => {
                self.values.insert(name, value);
            }
            UiEvent::Blur { name } => {
                self.touched.insert(name);
            }
            UiEvent::SignIn => self.start_flow(Route::SignIn),
            UiEvent::SignUp => self.start_flow(Route::SignUp),
            UiEvent::ForgotPassword => self.start_flow(Route::ForgotPassword),
            UiEvent::FederatedSignIn { provider } => {
                let cmd = Command::SignInWithRedirect {
                    provider: provider.map(crate::machine::Provider::Named),
                    custom_state: None,
                    options: Default::default(),
                    origin: None,
                };
                self.run(now, Pending::Redirect, cmd, random);
            }
            UiEvent::SignOut => {
                self.route = Route::SignOut;
                self.run(
                    now,
                    Pending::SignOut,
                    Command::SignOut {
                        global: false,
                        origin: None,
                    },
                    random,
                );
            }
            UiEvent::Skip if matches!(self.route, Route::VerifyUser | Route::ConfirmVerifyUser) => {
                self.go(Route::Authenticated)
            }
            UiEvent::Skip if self.route == Route::PasskeyPrompt && self.pending.is_none() => {
                self.after_passkey_prompt()
            }
            UiEvent::Skip => {}
            UiEvent::Resend => self.resend(now, random),
            UiEvent::Validate { data } => self.validate_form(data),
            UiEvent::Submit { data } => self.submit_form(now, data, random),
            UiEvent::ShowAuthMethods => self.show_auth_methods(),
            UiEvent::SelectMethod { method } => self.select_method(now, method, random),
            UiEvent::Init { data } => self.initialize(data),
        }
    }

    /// What a submit checks, without submitting (the host's own validators failed and hold
    /// the submit back).
    fn validate_form(&mut self, data: VecMap<String, String>) {
        self.values.extend(data);
        let (errors, _) = self.validation(true);
        self.touched.extend(errors.keys().cloned());
        self.submitted.extend(errors.keys().cloned());
    }

    /// A submit: checks the form, then runs the route's command.
    pub(super) fn submit_form(
        &mut self,
        now: UnixMillis,
        data: VecMap<String, String>,
        random: Vec<u8>,
    ) {
        self.values.extend(data);
        if self.pending.is_some() {
            return;
        }
        // Amplify UI's sign-in SUBMIT that must choose a first factor goes to the choice
        // without checking the form (the password may not be needed).
        let choosing = self.route == Route::SignIn
            && self.ui.asks_for_auth_method()
            && self.step.selected_auth_method.is_none();
        if choosing {
            return self.submit(now, random);
        }
        if self.route == Route::SignUp {
            // Amplify UI's `setSelectedAuthMethodFromForm`: before the form is checked.
            self.step.selected_auth_method = Some(self.sign_up_method());
        }
        let (errors, _) = self.validation(true);
        if !errors.is_empty() {
            self.touched.extend(errors.keys().cloned());
            self.submitted.extend(errors.keys().cloned());
            return;
        }
        self.submit(now, random);
    }

    fn resend(&mut self, now: UnixMillis, random: Vec<u8>) {
        let Some(username) = self.username.clone() else {
            return;
        };
        match self.route {
            Route::ConfirmSignUp => self.run(
                now,
                Pending::ResendSignUp,
                Command::ResendSignUpCode {
                    username,
                    options: Default::default(),
                },
                random,
            ),
            Route::ConfirmResetPassword => self.run(
                now,
                Pending::ResetPassword,
                Command::ResetPassword {
                    username,
                    options: Default::default(),
                },
                random,
            ),
            Route::ConfirmSignIn => self.resend_sign_in_code(now, username, random),
            _ => {}
        }
    }

    fn confirm(
        &mut self,
        now: UnixMillis,
        response: String,
        attributes: Option<VecMap<String, String>>,
        random: Vec<u8>,
    ) {
        let command = Command::ConfirmSignIn(ConfirmSignInInput {
            challenge_response: Secret::new(response),
            options: ConfirmSignInOptions {
                user_attributes: attributes,
                ..Default::default()
            },
        });
        self.run(now, Pending::ConfirmSignIn, command, random);
    }

    fn submit(&mut self, now: UnixMillis, random: Vec<u8>) {
        match self.route {
            Route::SignIn => {
                self.username = Some(self.login_value());
                if self.ui.asks_for_auth_method() && self.step.selected_auth_method.is_none() {
                    // Amplify UI's SUBMIT with `shouldSelectAuthMethod`: choose first.
                    self.show_auth_methods();
                } else {
                    self.sign_in_first_factor(now, random);
                }
            }
            Route::SignUp => self.submit_sign_up(now, random),
            Route::ConfirmSignUp => {
                let cmd = Command::ConfirmSignUp {
                    username: self.username.clone().unwrap_or_default(),
                    confirmation_code: self.form("confirmation_code"),
                    options: Default::default(),
                };
                self.run(now, Pending::ConfirmSignUp, cmd, random);
            }
            Route::ConfirmSignIn
            | Route::SetupTotp
            | Route::SetupEmail
            | Route::SelectMfaType
            | Route::SignInSelectAuthFactor
            | Route::ForceNewPassword => self.submit_answer(now, random),
            Route::ForgotPassword => {
                let username = self.login_value();
                self.username = Some(username.clone());
                let cmd = Command::ResetPassword {
                    username,
                    options: Default::default(),
                };
                self.run(now, Pending::ResetPassword, cmd, random);
            }
            Route::ConfirmResetPassword => {
                let cmd = Command::ConfirmResetPassword {
                    username: self.username.clone().unwrap_or_default(),
                    new_password: Secret::new(self.form("password")),
                    confirmation_code: self.form("confirmation_code"),
                    options: Default::default(),
                };
                self.run(now, Pending::ConfirmResetPassword, cmd, random);
            }
            Route::VerifyUser => {
                let attr = self.form("unverifiedAttr");
                let cmd = Command::SendUserAttributeVerificationCode {
                    user_attribute_key: attr.clone(),
                    options: Default::default(),
                };
                self.run(now, Pending::SendVerification(attr), cmd, random);
            }
            Route::PasskeyPrompt => {
                self.run(
                    now,
                    Pending::RegisterPasskey,
                    Command::AssociateWebAuthnCredential,
                    random,
                );
            }
            Route::ConfirmVerifyUser => {
                let attr = self
                    .values
                    .get("unverifiedAttr")
                    .cloned()
                    .unwrap_or_default();
                let cmd = Command::ConfirmUserAttribute {
                    user_attribute_key: attr.clone(),
                    confirmation_code: self.form("confirmation_code"),
                };
                self.run(now, Pending::ConfirmVerification(attr), cmd, random);
            }
            _ => {}
        }
    }

    /// `confirmSignIn` from the form of a sign-in step.
    fn submit_answer(&mut self, now: UnixMillis, random: Vec<u8>) {
        match self.route {
            Route::ConfirmSignIn | Route::SetupTotp => {
                let code = self.form("confirmation_code");
                self.confirm(now, code, None, random);
            }
            Route::SetupEmail => {
                let email = self.form("email");
                self.confirm(now, email, None, random);
            }
            Route::SelectMfaType => {
                let choice = self.form("mfa_type");
                self.confirm(now, choice, None, random);
            }
            Route::SignInSelectAuthFactor if self.step.sign_in_step.is_none() => {
                // The choice before any request: a submit is the password form.
                let method = Some(self.form("__authMethod")).filter(|m| !m.is_empty());
                self.step.selected_auth_method = Some(method.unwrap_or("PASSWORD".into()));
                self.sign_in_first_factor(now, random);
            }
            Route::SignInSelectAuthFactor => {
                let answer =
                    if self.step.sign_in_step == Some(SignInStep::ConfirmSignInWithPassword) {
                        self.form("password")
                    } else {
                        let method = self.form("method");
                        self.step.selected_auth_method = Some(method.clone());
                        method
                    };
                self.confirm(now, answer, None, random);
            }
            Route::ForceNewPassword => {
                let mut attributes: VecMap<String, String> = VecMap::new();
                for name in &self.step.missing_attributes {
                    let value = self.form(name);
                    if !value.is_empty() {
                        attributes.insert(name.clone(), value);
                    }
                }
                let password = self.form("password");
                self.confirm(
                    now,
                    password,
                    Some(attributes).filter(|a| !a.is_empty()),
                    random,
                );
            }
            _ => {}
        }
    }
}
