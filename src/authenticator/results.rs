//! Results of the authenticator's own commands: the route they lead to, and what it shows.

use crate::json::{Json, ToJson};

use super::amplify_ui::{ui_challenge_name, ui_delivery};
use super::route::for_step;
use super::{Authenticator, Pending, Route, SignedInAfter, StepInfo};
use crate::cognito::SignInStep;
use crate::machine::{AuthError, Command, Output, UnixMillis};

impl Authenticator {
    /// Past the passkey prompt (or without one): verify a contact, else signed in.
    pub(super) fn after_passkey_prompt(&mut self) {
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
        // Amplify UI sets the challenge's details only for the steps that wait on a code,
        // a setup or a choice (not for a new password, a reset, a sign-up confirmation).
        let shows_challenge = step.is_some_and(|s| {
            !matches!(
                s,
                SignInStep::Done
                    | SignInStep::ConfirmSignInWithNewPasswordRequired
                    | SignInStep::ResetPassword
                    | SignInStep::ConfirmSignUp
            )
        });
        self.step = StepInfo {
            challenge_name: step.and_then(ui_challenge_name),
            sign_in_step: step.filter(|s| *s != SignInStep::Done),
            code_delivery_details: shows_challenge
                .then(|| ui_delivery(&next["codeDeliveryDetails"])),
            totp_secret_code: next["totpSetupDetails"]["sharedSecret"]
                .as_str()
                .map(str::to_owned),
            allowed_mfa_types: strings(&next["allowedMFATypes"]),
            missing_attributes: strings(&next["missingAttributes"]),
            available_challenges: strings(&next["availableChallenges"]),
            // The password step of a choice-based sign-in: PASSWORD was chosen.
            selected_auth_method: if step == Some(SignInStep::ConfirmSignInWithPassword) {
                Some("PASSWORD".into())
            } else {
                self.step.selected_auth_method.take()
            },
            unverified_user_attributes: keep_unverified,
        };
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
            Err(error) => return self.on_error(kind, error),
        };
        match kind {
            Pending::SignIn
            | Pending::ConfirmSignIn
            | Pending::AutoSignIn
            | Pending::ResendSignIn => self.after_sign_in(now, &value),
            Pending::SignUp | Pending::ConfirmSignUp => {
                match value["nextStep"]["signUpStep"].as_str() {
                    Some("CONFIRM_SIGN_UP") => {
                        self.step.code_delivery_details =
                            Some(ui_delivery(&value["nextStep"]["codeDeliveryDetails"]));
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
                self.step.code_delivery_details = Some(ui_delivery(&value));
            }
            Pending::ResetPassword => {
                self.step.code_delivery_details =
                    Some(ui_delivery(&value["nextStep"]["codeDeliveryDetails"]));
                self.go(Route::ConfirmResetPassword);
            }
            Pending::ConfirmResetPassword => self.start_flow(Route::SignIn),
            Pending::SignOut => self.start_flow(self.initial_route()),
            Pending::CheckAttributes => self.attributes_checked(now, &value),
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
                self.step.code_delivery_details = Some(ui_delivery(&value));
                self.go(Route::ConfirmVerifyUser);
                self.values.insert("unverifiedAttr".into(), attr);
            }
            Pending::ConfirmVerification(_) => self.go(Route::Authenticated),
            // The page is navigating to the hosted UI.
            Pending::Redirect => {}
        }
    }

    /// An own command failed: where that leaves the form.
    fn on_error(&mut self, kind: Pending, error: AuthError) {
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
            Pending::SignOut => self.start_flow(self.initial_route()),
            Pending::ResendSignUp => {}
            Pending::Redirect => self.error = Some(error),
            _ => self.error = Some(error),
        }
    }

    /// The attributes fetched after a sign-in: verify a contact first when none is
    /// verified; offer a passkey when asked to and the user has none.
    fn attributes_checked(&mut self, now: UnixMillis, value: &Json) {
        let verified = |k: &str| value.get(k).and_then(Json::as_str) == Some("true");
        let mut unverified: Vec<(String, String)> = Vec::new();
        for (name, verified_flag) in [
            ("email", "email_verified"),
            ("phone_number", "phone_number_verified"),
        ] {
            if verified(verified_flag) {
                continue;
            }
            if let Some(address) = value.get(name).and_then(Json::as_str) {
                unverified.push((name.to_owned(), address.to_owned()));
            }
        }
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
}

fn strings(v: &Json) -> Vec<String> {
    v.string_items()
}
