//! `signUp`, `confirmSignUp`, `resendSignUpCode`: requests and answers (the auto sign-in they arm).

use crate::json::{json, Json, Map};

use super::calls::{
    attribute_list, delivery, insert_opt, meta, request, secret_hash, Request, RequestContext,
};
use super::{AutoSignIn, AUTO_SIGN_IN_TTL_MS};
use crate::cognito::UserPoolOp;
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
        } => {
            let mut body = json!({"Username": username, "ClientId": c.client_id()});
            insert_opt(
                &mut body,
                "Password",
                password
                    .as_ref()
                    .map(|p| Json::String(p.expose().to_owned())),
            );
            if !options.user_attributes.is_empty() {
                insert_opt(
                    &mut body,
                    "UserAttributes",
                    Some(attribute_list(&options.user_attributes)),
                );
            }
            if !options.validation_data.is_empty() {
                insert_opt(
                    &mut body,
                    "ValidationData",
                    Some(attribute_list(&options.validation_data)),
                );
            }
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(c.config, username));
            request(UserPoolOp::SignUp, body)
        }
        Command::ConfirmSignUp {
            username,
            confirmation_code,
            options,
        } => {
            let mut body = json!({"Username": username, "ConfirmationCode": confirmation_code.trim(),
                "ClientId": c.client_id()});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(
                &mut body,
                "ForceAliasCreation",
                options.force_alias_creation.map(Json::Bool),
            );
            insert_opt(&mut body, "SecretHash", secret_hash(c.config, username));
            request(UserPoolOp::ConfirmSignUp, body)
        }
        Command::ResendSignUpCode { username, options } => {
            let mut body = json!({"Username": username, "ClientId": c.client_id()});
            insert_opt(&mut body, "ClientMetadata", meta(&options.client_metadata));
            insert_opt(&mut body, "SecretHash", secret_hash(c.config, username));
            request(UserPoolOp::ResendConfirmationCode, body)
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
        let confirmed = body
            .get("UserConfirmed")
            .and_then(Json::as_bool)
            .unwrap_or(false);
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
                session: body.get("Session").and_then(Json::as_str).map(Secret::new),
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
            next["codeDeliveryDetails"] = delivery(body.get("CodeDeliveryDetails"));
        }
        let mut out = json!({"isSignUpComplete": confirmed, "nextStep": next});
        if let Some(sub) = body.get("UserSub").and_then(Json::as_str) {
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
                if let Some(s) = body.get("Session").and_then(Json::as_str) {
                    auto.session = Some(Secret::new(s));
                }
                "COMPLETE_AUTO_SIGN_IN"
            }
            None => "DONE",
        };
        Output::Value(json!({"isSignUpComplete": true, "nextStep": {"signUpStep": step}}))
    }
}
