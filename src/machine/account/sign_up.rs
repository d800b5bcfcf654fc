//! `signUp`, `confirmSignUp`, `resendSignUpCode`: requests and answers (the auto sign-in they arm).

use crate::json::{json, Map};

use super::calls::{delivery, Request, RequestContext};
use super::{AutoSignIn, AUTO_SIGN_IN_TTL_MS};
use crate::cognito::{self, SignUpResponse};
use crate::machine::{
    AuthError, AuthMachine, AutoSignInOption, Command, Output, SignInOptions, UnixMillis,
};
use crate::session::Secret;

/// The request for `call`, if it is one of this group's.
pub(super) fn build(c: &RequestContext, call: &Command) -> Option<Result<Request, AuthError>> {
    Some(match call {
        Command::SignUp {
            username,
            password,
            options,
        } => c.request(&cognito::SignUp {
            username,
            password: password.as_ref(),
            user_attributes: &options.user_attributes,
            validation_data: &options.validation_data,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::ConfirmSignUp {
            username,
            confirmation_code,
            options,
        } => c.request(&cognito::ConfirmSignUp {
            username,
            confirmation_code: confirmation_code.trim(),
            force_alias_creation: options.force_alias_creation,
            client_metadata: options.client_metadata.as_ref(),
        }),
        Command::ResendSignUpCode { username, options } => {
            c.request(&cognito::ResendConfirmationCode {
                username,
                client_metadata: options.client_metadata.as_ref(),
            })
        }
        _ => return None,
    })
}

impl AuthMachine {
    /// `SignUp` answered: arms the auto sign-in when asked for, and returns Amplify's result.
    pub(super) fn signed_up(
        &mut self,
        now: UnixMillis,
        username: String,
        password: Option<Secret>,
        auto_sign_in: Option<AutoSignInOption>,
        body: &Map,
    ) -> Output {
        let answer = SignUpResponse::parse(body);
        let confirmed = answer.user_confirmed;
        let auto = match auto_sign_in {
            Some(AutoSignInOption::Enabled(true)) => Some(SignInOptions::default()),
            Some(AutoSignInOption::Options(o)) => Some(o),
            _ => None,
        };
        let auto_enabled = auto.is_some();
        if let Some(options) = auto {
            self.sign_in.auto = Some(AutoSignIn {
                username,
                password,
                options,
                session: answer.session,
                confirmed,
                expires_at: now.saturating_add(AUTO_SIGN_IN_TTL_MS),
            });
        }
        let step = match (confirmed, auto_enabled) {
            (false, _) => "CONFIRM_SIGN_UP",
            (true, true) => "COMPLETE_AUTO_SIGN_IN",
            (true, false) => "DONE",
        };
        let mut next = json!({"signUpStep": step});
        if !confirmed {
            next["codeDeliveryDetails"] = delivery(&answer.code_delivery);
        }
        let mut out = json!({"isSignUpComplete": confirmed, "nextStep": next});
        if let Some(sub) = answer.user_sub {
            out["userId"] = json!(sub);
        }
        Output::Value(out)
    }

    /// `ConfirmSignUp` answered: the auto sign-in of that user (if armed) may now run.
    pub(super) fn sign_up_confirmed(
        &mut self,
        now: UnixMillis,
        username: &str,
        body: &Map,
    ) -> Output {
        let auto = self
            .sign_in
            .auto
            .as_mut()
            .filter(|a| a.username == username && a.expires_at > now);
        let step = match auto {
            Some(auto) => {
                auto.confirmed = true;
                if let Some(session) = cognito::confirm_sign_up_session(body) {
                    auto.session = Some(session);
                }
                "COMPLETE_AUTO_SIGN_IN"
            }
            None => "DONE",
        };
        Output::Value(json!({"isSignUpComplete": true, "nextStep": {"signUpStep": step}}))
    }
}
