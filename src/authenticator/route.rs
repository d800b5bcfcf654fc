//! Route transitions: form events in, commands out, results back to a route.

use crate::json::{Json, ToJson};
use crate::map::VecMap;

use super::fields::{self, Field, FieldContext};
use super::validation::{self, ValidationError};
use super::{Authenticator, LoginMechanism, Pending, Route, SignedInAfter, StepInfo, UiEvent};
use crate::cognito::{ChallengeName, SignInStep};
use crate::machine::{
    AuthError, AuthStatus, AutoSignInOption, Command, ConfirmSignInInput, ConfirmSignInOptions,
    Output, SignInInput, SignUpOptions, UnixMillis,
};
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

/// The facade Amplify UI's `useAuthenticator` returns (data part; the JS adds the verbs).
#[derive(Debug, Clone, ToJson)]
#[json(rename_all = "camelCase")]
pub struct Facade {
    /// Increases whenever anything here may have changed.
    pub revision: u64,
    /// The route.
    pub route: Route,
    /// `configuring` / `authenticated` / `unauthenticated`.
    pub auth_status: AuthStatus,
    /// The signed-in user.
    pub user: Option<crate::machine::AuthUser>,
    /// The user name the current flow is about.
    pub username: Option<String>,
    /// The last operation's error.
    pub error: Option<AuthError>,
    /// An operation is in flight.
    pub is_pending: bool,
    /// Field → messages (Amplify UI's shape).
    pub validation_errors: VecMap<String, Vec<String>>,
    /// Field → stable codes, in the same order as the messages.
    pub validation_error_codes: VecMap<String, Vec<&'static str>>,
    /// Any validation error.
    pub has_validation_errors: bool,
    /// The fields of the route.
    pub fields: Vec<Field>,
    /// The form values (passwords included: this is the form the user is typing).
    pub form_values: VecMap<String, String>,
    /// The `otpauth://` URI for `setupTotp`.
    pub totp_setup_uri: Option<String>,
    /// The current step's details.
    #[json(flatten)]
    step: StepInfo,
}

impl Authenticator {
    /// The facade.
    pub fn facade(&self) -> Facade {
        let snap = self.machine.snapshot();
        let (errors, codes) = self.validation(false);
        let totp_setup_uri = self.step.totp_secret_code.as_ref().map(|secret| {
            let issuer = self.ui.totp_issuer.as_deref().unwrap_or("AWSCognito");
            let account = self.username.as_deref().unwrap_or("");
            crate::url::totp_setup_uri(issuer, account, secret)
        });
        Facade {
            revision: self.revision + snap.revision,
            route: self.route,
            auth_status: snap.auth_status,
            user: snap.user,
            username: self.username.clone(),
            error: self.error.clone(),
            is_pending: self.pending.is_some() || snap.auth_status == AuthStatus::Configuring,
            has_validation_errors: !errors.is_empty(),
            validation_errors: errors,
            validation_error_codes: codes,
            fields: self.fields(),
            form_values: self.values.clone(),
            totp_setup_uri,
            step: self.step.clone(),
        }
    }

    fn fields(&self) -> Vec<Field> {
        let unverified: Vec<String> = self
            .step
            .unverified_user_attributes
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let ctx = FieldContext {
            login: self.login_mechanism(),
            sign_up_attributes: &self.ui.sign_up_attributes,
            missing_attributes: &self.step.missing_attributes,
            allowed_mfa_types: &self.step.allowed_mfa_types,
            available_challenges: &self.step.available_challenges,
            unverified: &unverified,
        };
        fields::fields(self.route, &ctx)
    }

    /// Built-in validation of the current form: only touched fields unless `all`.
    fn validation(&self, all: bool) -> (Messages, Codes) {
        let mut found: VecMap<String, Vec<ValidationError>> = VecMap::new();
        let value = |n: &str| self.values.get(n).map(String::as_str).unwrap_or("");
        let shown = |n: &str| all || self.touched.contains(n);
        let fields = self.fields();
        let has = |n: &str| fields.iter().any(|f| f.name == n);
        let checks_policy = matches!(
            self.route,
            Route::SignUp | Route::ForceNewPassword | Route::ConfirmResetPassword
        );
        if checks_policy && has("password") && shown("password") {
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
        // Required fields: on submit, and afterwards for the fields a submit flagged.
        for f in fields.iter().filter(|f| f.is_required) {
            let flagged = all || self.submitted.contains(&f.name);
            if flagged && value(&f.name).trim().is_empty() {
                found
                    .get_or_insert_with(f.name.clone(), Vec::new)
                    .push(validation::required());
            }
        }
        let messages = found
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(|e| e.message.clone()).collect()))
            .collect();
        let codes = found
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(|e| e.code).collect()))
            .collect();
        (messages, codes)
    }

    /// A form value, trimmed unless it is a password.
    fn form(&self, name: &str) -> String {
        let v = self.values.get(name).cloned().unwrap_or_default();
        if PASSWORD_FIELDS.contains(&name) {
            v
        } else {
            v.trim().to_owned()
        }
    }

    /// The sign-in name from the form: phone numbers normalised with `country_code`.
    fn login_value(&self) -> String {
        let raw = self.form("username");
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
            UiEvent::SignIn => self.go(Route::SignIn),
            UiEvent::SignUp => self.go(Route::SignUp),
            UiEvent::ForgotPassword => self.go(Route::ForgotPassword),
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
            UiEvent::Validate { data } => {
                // What a submit checks, without submitting (the host's own validators
                // failed and hold the submit back).
                self.values.extend(data);
                let (errors, _) = self.validation(true);
                self.touched.extend(errors.keys().cloned());
                self.submitted.extend(errors.keys().cloned());
            }
            UiEvent::Submit { data } => {
                self.values.extend(data);
                if self.pending.is_some() {
                    return;
                }
                let (errors, _) = self.validation(true);
                if !errors.is_empty() {
                    self.touched.extend(errors.keys().cloned());
                    self.submitted.extend(errors.keys().cloned());
                    return;
                }
                self.submit(now, random);
            }
        }
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
                let username = self.login_value();
                self.username = Some(username.clone());
                let cmd = Command::SignIn(SignInInput {
                    username,
                    password: Some(Secret::new(self.form("password"))),
                    options: Default::default(),
                });
                self.run(now, Pending::SignIn, cmd, random);
            }
            Route::SignUp => {
                let username = self.login_value();
                self.username = Some(username.clone());
                let mut attributes = VecMap::new();
                for attr in &self.ui.sign_up_attributes {
                    let v = self.form(attr);
                    if !v.is_empty() {
                        attributes.insert(attr.clone(), v);
                    }
                }
                match self.login_mechanism() {
                    LoginMechanism::Email => {
                        attributes.insert("email".into(), username.clone());
                    }
                    LoginMechanism::PhoneNumber => {
                        attributes.insert("phone_number".into(), username.clone());
                    }
                    LoginMechanism::Username => {}
                }
                let cmd = Command::SignUp {
                    username,
                    password: Some(Secret::new(self.form("password"))),
                    options: SignUpOptions {
                        user_attributes: attributes,
                        auto_sign_in: Some(AutoSignInOption::Enabled(true)),
                        ..Default::default()
                    },
                };
                self.run(now, Pending::SignUp, cmd, random);
            }
            Route::ConfirmSignUp => {
                let cmd = Command::ConfirmSignUp {
                    username: self.username.clone().unwrap_or_default(),
                    confirmation_code: self.form("confirmation_code"),
                    options: Default::default(),
                };
                self.run(now, Pending::ConfirmSignUp, cmd, random);
            }
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
            Route::SignInSelectAuthFactor => {
                let answer = if self.step.challenge_name.as_deref()
                    == Some(ChallengeName::Password.as_str())
                {
                    self.form("password")
                } else {
                    self.form("method")
                };
                self.confirm(now, answer, None, random);
            }
            Route::ForceNewPassword => {
                let attributes: VecMap<String, String> = self
                    .step
                    .missing_attributes
                    .iter()
                    .map(|a| (a.clone(), self.form(a)))
                    .filter(|(_, v)| !v.is_empty())
                    .collect();
                let password = self.form("password");
                self.confirm(
                    now,
                    password,
                    Some(attributes).filter(|a| !a.is_empty()),
                    random,
                );
            }
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

    /// Past the passkey prompt (or without one): verify a contact, else signed in.
    fn after_passkey_prompt(&mut self) {
        self.signed_in_after = SignedInAfter::SignIn;
        if std::mem::take(&mut self.verify_next) {
            self.go(Route::VerifyUser);
        } else {
            self.go(Route::Authenticated);
        }
    }

    /// A sign-in result: the route for its step, and what that step shows.
    fn after_sign_in(&mut self, now: UnixMillis, output: &Json) {
        let next = &output["nextStep"];
        let step: Option<SignInStep> = next["signInStep"].as_str().and_then(|s| s.parse().ok());
        let keep_unverified = std::mem::take(&mut self.step.unverified_user_attributes);
        self.step = StepInfo {
            challenge_name: step
                .filter(|s| *s != SignInStep::Done)
                .map(|s| s.as_str().to_owned()),
            code_delivery_details: next.get("codeDeliveryDetails").cloned(),
            totp_secret_code: next["totpSetupDetails"]["sharedSecret"]
                .as_str()
                .map(str::to_owned),
            allowed_mfa_types: strings(&next["allowedMFATypes"]),
            missing_attributes: strings(&next["missingAttributes"]),
            available_challenges: strings(&next["availableChallenges"]),
            unverified_user_attributes: keep_unverified,
        };
        if step == Some(SignInStep::ConfirmSignInWithPassword) {
            self.step.challenge_name = Some(ChallengeName::Password.as_str().to_owned());
        }
        match step {
            Some(SignInStep::Done) => {
                // Like Amplify UI: offer to verify an unverified contact first.
                let reserve = std::mem::take(&mut self.reserve);
                self.run(
                    now,
                    Pending::CheckAttributes,
                    Command::FetchUserAttributes,
                    reserve,
                );
            }
            Some(SignInStep::ConfirmSignUp) => {
                self.go(Route::ConfirmSignUp);
                let reserve = std::mem::take(&mut self.reserve);
                if let Some(username) = self.username.clone() {
                    self.run(
                        now,
                        Pending::ResendSignUp,
                        Command::ResendSignUpCode {
                            username,
                            options: Default::default(),
                        },
                        reserve,
                    );
                }
            }
            Some(other) => self.go(for_step(other)),
            None => self.go(Route::SignIn),
        }
    }

    pub(super) fn on_result(
        &mut self,
        now: UnixMillis,
        kind: Pending,
        result: Result<Output, AuthError>,
    ) {
        let value = match result {
            Ok(output) => output.to_json(),
            Err(error) => {
                match kind {
                    // Whatever the attribute check says, the user is signed in.
                    Pending::CheckAttributes => self.go(Route::Authenticated),
                    // No passkey list (the pool has no passkeys, or the call failed): no
                    // prompt for a registration that could not work either.
                    Pending::CheckPasskeys => self.after_passkey_prompt(),
                    // Canceled, not supported, already exists: shown on the prompt, which
                    // the user may retry or skip.
                    Pending::RegisterPasskey => self.error = Some(error),
                    // Signed out locally even when the server call failed.
                    Pending::SignOut => self.go(self.initial_route()),
                    Pending::ResendSignUp => {}
                    Pending::Redirect => self.error = Some(error),
                    _ => self.error = Some(error),
                }
                return;
            }
        };
        match kind {
            Pending::SignIn | Pending::ConfirmSignIn | Pending::AutoSignIn => {
                self.after_sign_in(now, &value)
            }
            Pending::SignUp | Pending::ConfirmSignUp => {
                match value["nextStep"]["signUpStep"].as_str() {
                    Some("CONFIRM_SIGN_UP") => {
                        self.step.code_delivery_details =
                            value["nextStep"].get("codeDeliveryDetails").cloned();
                        self.go(Route::ConfirmSignUp);
                    }
                    Some("COMPLETE_AUTO_SIGN_IN") => {
                        self.signed_in_after = SignedInAfter::SignUp;
                        let reserve = std::mem::take(&mut self.reserve);
                        self.run(now, Pending::AutoSignIn, Command::AutoSignIn, reserve);
                    }
                    _ => self.go(Route::SignIn),
                }
            }
            Pending::ResendSignUp => {
                self.step.code_delivery_details = Some(value);
            }
            Pending::ResetPassword => {
                self.step.code_delivery_details =
                    value["nextStep"].get("codeDeliveryDetails").cloned();
                self.go(Route::ConfirmResetPassword);
            }
            Pending::ConfirmResetPassword => self.go(Route::SignIn),
            Pending::SignOut => self.go(self.initial_route()),
            Pending::CheckAttributes => {
                let verified = |k: &str| value.get(k).and_then(Json::as_str) == Some("true");
                let unverified: Vec<(String, String)> = ["email", "phone_number"]
                    .iter()
                    .filter(|a| !verified(&format!("{a}_verified")))
                    .filter_map(|a| Some(((*a).to_owned(), value.get(a)?.as_str()?.to_owned())))
                    .collect();
                let any_verified = verified("email_verified") || verified("phone_number_verified");
                self.verify_next = !any_verified && !unverified.is_empty();
                if self.verify_next {
                    self.step.unverified_user_attributes = unverified;
                }
                if self.ui.prompts_for_passkey(self.signed_in_after) {
                    let list = Command::ListWebAuthnCredentials {
                        page_size: None,
                        next_token: None,
                    };
                    self.run(now, Pending::CheckPasskeys, list, Vec::new());
                } else {
                    self.after_passkey_prompt();
                }
            }
            Pending::CheckPasskeys => {
                let has_passkey = value["credentials"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty());
                if has_passkey {
                    self.after_passkey_prompt();
                } else {
                    self.go(Route::PasskeyPrompt);
                }
            }
            Pending::RegisterPasskey => self.after_passkey_prompt(),
            Pending::SendVerification(attr) => {
                self.step.code_delivery_details = Some(value);
                self.go(Route::ConfirmVerifyUser);
                self.values.insert("unverifiedAttr".into(), attr);
            }
            Pending::ConfirmVerification(_) => self.go(Route::Authenticated),
            // The page is navigating to the hosted UI.
            Pending::Redirect => {}
        }
    }
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
