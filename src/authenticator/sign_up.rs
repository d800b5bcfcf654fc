//! Sign-up from the form (Amplify UI's `handleSignUp`, `getUsernameSignUp`,
//! `getSignUpInput`): with a password, or passwordless (the form's `__authMethod`
//! `EMAIL_OTP` / `SMS_OTP`: no password, and the automatic sign-in after the confirmation
//! is USER_AUTH with that first factor).

use super::auth_methods::user_auth;
use super::validation::{self, ValidationError};
use super::{Authenticator, LoginMechanism, Pending};
use crate::machine::{AutoSignInOption, Command, SignUpOptions, UnixMillis};
use crate::map::VecMap;
use crate::session::Secret;

impl Authenticator {
    /// The sign-up's first factor (Amplify UI's `setSelectedAuthMethodFromForm`): the
    /// form's `__authMethod`, else `PASSWORD`.
    pub(super) fn sign_up_method(&self) -> String {
        Some(self.form("__authMethod"))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "PASSWORD".into())
    }

    /// The sign-up form chose a passwordless first factor.
    pub(super) fn passwordless_sign_up(&self) -> bool {
        self.sign_up_method() != "PASSWORD"
    }

    /// Amplify UI's `validateRequiredFieldsForAuthMethod` (once a submit named a method in
    /// the form): the contact a passwordless method sends the code to, or the passwords.
    pub(super) fn sign_up_method_errors(&self) -> Vec<(&'static str, ValidationError)> {
        if self.form("__authMethod").is_empty() {
            return Vec::new();
        }
        let missing = |name: &str| self.form(name).is_empty();
        let error = |message: &str| ValidationError {
            code: "REQUIRED",
            message: message.to_owned(),
        };
        let mut out = Vec::new();
        match self.sign_up_method().as_str() {
            "EMAIL_OTP" if missing("email") => {
                out.push(("email", error("Email is required for Email OTP sign up")))
            }
            "SMS_OTP" if missing("phone_number") => out.push((
                "phone_number",
                error("Phone number is required for SMS OTP sign up"),
            )),
            "PASSWORD" => {
                if missing("password") {
                    out.push(("password", error("Password is required")));
                }
                if missing("confirm_password") {
                    out.push(("confirm_password", error("Confirm Password is required")));
                }
            }
            _ => {}
        }
        out
    }

    /// Amplify UI's `getUsernameSignUp`: the phone number for SMS_OTP, the email for
    /// EMAIL_OTP, else the login field.
    fn sign_up_username(&self, method: &str) -> String {
        match method {
            "SMS_OTP" => {
                validation::normalize_phone(&self.form("country_code"), &self.form("phone_number"))
            }
            "EMAIL_OTP" => self.form("email"),
            _ => self.login_value(),
        }
    }

    /// `signUp` from the form: the login attribute goes with the other attributes, and the
    /// new user signs in by itself once confirmed (passwordless: by the chosen factor).
    pub(super) fn submit_sign_up(&mut self, now: UnixMillis, random: Vec<u8>) {
        let method = self.sign_up_method();
        let passwordless = method != "PASSWORD";
        let username = self.sign_up_username(&method);
        self.username = Some(username.clone());
        self.step.selected_auth_method = Some(method.clone());
        let mut attributes = self.sign_up_attributes();
        match self.login_mechanism() {
            LoginMechanism::Email if method != "SMS_OTP" => {
                attributes.insert("email".into(), username.clone());
            }
            LoginMechanism::PhoneNumber => {
                attributes.insert("phone_number".into(), username.clone());
            }
            _ => {}
        }
        // Amplify UI: an SMS_OTP account is made with the phone number only.
        if method == "SMS_OTP" && !self.form("email").is_empty() {
            attributes.insert("email".into(), String::new());
        }
        let auto_sign_in = if passwordless {
            AutoSignInOption::Options(user_auth(method))
        } else {
            AutoSignInOption::Enabled(true)
        };
        let cmd = Command::SignUp {
            username,
            password: (!passwordless).then(|| Secret::new(self.form("password"))),
            options: SignUpOptions {
                user_attributes: attributes,
                auto_sign_in: Some(auto_sign_in),
                ..Default::default()
            },
        };
        self.run(now, Pending::SignUp, cmd, random);
    }

    /// The sign-up attributes the form filled in (Amplify UI's phone field: its dial code,
    /// then the number).
    fn sign_up_attributes(&self) -> VecMap<String, String> {
        let mut attributes = VecMap::new();
        for attr in &self.ui.sign_up_attributes {
            let v = match attr.as_str() {
                "phone_number" => {
                    validation::normalize_phone(&self.form("country_code"), &self.form(attr))
                }
                _ => self.form(attr),
            };
            if !v.is_empty() {
                attributes.insert(attr.clone(), v);
            }
        }
        attributes
    }
}
