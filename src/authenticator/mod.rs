//! The headless authenticator: Amplify UI's `useAuthenticator` routes, fields, form state
//! and validation, on top of [`AuthMachine`]. Still sans-IO: it wraps the machine,
//! passes the machine's effects through, and turns form submissions into commands whose
//! results move the route. Validators an app supplies run in the host after the built-in
//! ones; nothing here calls back into the host.

mod amplify_ui;
mod auth_methods;
mod facade;
mod fields;
mod results;
mod route;
mod sign_up;
mod validation;

pub use facade::Facade;
pub use fields::{Field, LoginMechanism};
pub use validation::{
    confirm_password, normalize_phone, PasswordPolicy, ValidationError, SPECIAL_CHARACTERS,
};

use crate::json::{FromJson, Json, ToJson};
use crate::map::{VecMap, VecSet};
use std::collections::VecDeque;

use crate::machine::{
    AuthError, AuthEvent, AuthMachine, AuthStatus, Command, Config, Effect, Input, OpId, UnixMillis,
};

/// Amplify UI's routes (camelCase words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum Route {
    Idle,
    Setup,
    SignIn,
    SignUp,
    ConfirmSignUp,
    ConfirmSignIn,
    SetupTotp,
    SetupEmail,
    SelectMfaType,
    ForceNewPassword,
    ForgotPassword,
    ConfirmResetPassword,
    VerifyUser,
    ConfirmVerifyUser,
    SignInSelectAuthFactor,
    /// After sign-in or sign-up, when `passwordless.passkeyRegistrationPrompts` asks for
    /// it and the user has no passkey: `SUBMIT` registers one, `SKIP` goes on.
    PasskeyPrompt,
    Authenticated,
    SignOut,
    Transition,
}

/// The authenticator's own settings (Amplify UI's props and `Auth.Cognito` extras). Every
/// member optional.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct UiConfig {
    /// The first one decides the sign-in field (`username`, `email`, `phone_number`).
    #[json(default)]
    pub login_mechanisms: Vec<LoginMechanism>,
    /// Extra attributes the sign-up form asks for.
    #[json(default)]
    pub sign_up_attributes: Vec<String>,
    /// The pool's password policy (Amplify's `passwordFormat` is read too).
    #[json(alias = "passwordFormat")]
    pub password_policy: Option<PasswordPolicy>,
    /// `signIn` (default), `signUp` or `forgotPassword` (`initialRoute` is read too).
    #[json(alias = "initialRoute")]
    pub initial_state: Option<Route>,
    /// The issuer in `totpSetupUri` (Amplify UI's `AWSCognito`).
    pub totp_issuer: Option<String>,
    /// Amplify UI's `passwordless` prop; `passkeyRegistrationPrompts` is read from it:
    /// `true` / `false`, or `{ afterSignin, afterSignup }` each `ALWAYS` or `NEVER`.
    #[json(default)]
    pub passwordless: Json,
}

/// When a sign-in finished: after a sign-up (automatic sign-in) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignedInAfter {
    SignIn,
    SignUp,
}

impl UiConfig {
    /// Whether to offer a passkey after this kind of sign-in (Amplify UI's
    /// `shouldPromptPasskeyRegistration` without the passkey check).
    fn prompts_for_passkey(&self, after: SignedInAfter) -> bool {
        let prompts = &self.passwordless["passkeyRegistrationPrompts"];
        if let Some(all) = prompts.as_bool() {
            return all;
        }
        let key = match after {
            SignedInAfter::SignIn => "afterSignin",
            SignedInAfter::SignUp => "afterSignup",
        };
        prompts[key].as_str() == Some("ALWAYS")
    }

    /// Amplify UI's `availableAuthMethods`: `PASSWORD`, then each passwordless first
    /// factor `passwordless` enables (`emailOtpEnabled`, `smsOtpEnabled`, `webAuthn`; all
    /// of them once `hiddenAuthMethods` is given), less the hidden ones.
    fn available_auth_methods(&self) -> Vec<String> {
        let p = &self.passwordless;
        let hidden = p.get("hiddenAuthMethods").and_then(Json::as_array);
        let all = hidden.is_some();
        let on = |camel: &str, snake: &str| {
            all || p[camel]
                .as_bool()
                .unwrap_or(p[snake].as_bool() == Some(true))
        };
        let web_authn = all || !(p["webAuthn"].is_null() && p["web_authn"].is_null());
        let mut methods = vec!["PASSWORD"];
        if on("emailOtpEnabled", "email_otp_enabled") {
            methods.push("EMAIL_OTP");
        }
        if on("smsOtpEnabled", "sms_otp_enabled") {
            methods.push("SMS_OTP");
        }
        if web_authn {
            methods.push("WEB_AUTHN");
        }
        // Plain loops: iterator chains cost their own code in the wasm module.
        let mut shown = Vec::with_capacity(methods.len());
        for method in methods {
            let is_hidden = hidden.is_some_and(|h| h.iter().any(|x| x.as_str() == Some(method)));
            if !is_hidden {
                shown.push(method.to_owned());
            }
        }
        shown
    }

    /// Amplify UI's `preferredChallenge`: `passwordless.preferredAuthMethod`, else the
    /// pool's `preferredChallenge`.
    fn preferred_challenge(&self) -> Option<String> {
        let p = &self.passwordless;
        [
            "preferredAuthMethod",
            "preferredChallenge",
            "preferred_challenge",
        ]
        .iter()
        .find_map(|k| p[*k].as_str())
        .map(str::to_owned)
    }

    /// Amplify UI's `shouldSelectAuthMethod` (no method chosen yet): several first
    /// factors and none preferred.
    fn asks_for_auth_method(&self) -> bool {
        self.available_auth_methods().len() > 1 && self.preferred_challenge().is_none()
    }

    /// Amplify UI's `shouldShowPassword` on the sign-in form.
    fn sign_in_shows_password(&self) -> bool {
        let methods = self.available_auth_methods();
        let preferred = self.preferred_challenge();
        methods.len() <= 1 || matches!(preferred.as_deref(), None | Some("PASSWORD"))
    }
}

/// A form event (Amplify UI's machine events), tagged by `type` in SCREAMING_SNAKE_CASE.
#[derive(Debug, Clone, FromJson)]
#[json(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum UiEvent {
    /// Submit the form; `data` is merged into the form values first.
    Submit {
        #[json(default)]
        data: VecMap<String, String>,
    },
    /// Check the form as a submit would, flagging what is missing, without submitting.
    Validate {
        #[json(default)]
        data: VecMap<String, String>,
    },
    Change {
        name: String,
        value: String,
    },
    Blur {
        name: String,
    },
    Resend,
    Skip,
    SignIn,
    SignUp,
    ForgotPassword,
    FederatedSignIn {
        provider: Option<String>,
    },
    SignOut,
    /// Amplify UI's `toShowAuthMethods`: from the sign-in form to the choice of a first
    /// factor (signInSelectAuthFactor), before any request.
    ShowAuthMethods,
    /// Amplify UI's `selectAuthMethod`: on signInSelectAuthFactor, signs in with `method`
    /// (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`; USER_AUTH for all but `PASSWORD`).
    SelectMethod {
        method: String,
    },
    /// Amplify UI's INIT (`initializeMachine`, which `<Authenticator>` sends with its
    /// props): the first one's `data.passwordless` (`hiddenAuthMethods`,
    /// `preferredAuthMethod`, `passkeyRegistrationPrompts`) goes over the configured one.
    Init {
        #[json(default)]
        data: Json,
    },
}

/// A form event as the host sends it: `{ type: 'ui', event, random }` (`handle` tells it
/// from a machine [`Input`] by its `type`).
#[derive(Debug, Clone, FromJson)]
pub struct UiInput {
    /// The event.
    pub event: UiEvent,
    /// Fresh random bytes, as for a command.
    #[json(
        default,
        with = "crate::json::bytes_codec",
        ts = "Array<number> | Record<string, number>"
    )]
    pub random: Vec<u8>,
}

/// What an operation the authenticator started was for.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    SignIn,
    ConfirmSignIn,
    SignUp,
    ConfirmSignUp,
    AutoSignIn,
    ResendSignUp,
    /// A passwordless code step's resend: the same first factor signed in again.
    ResendSignIn,
    ResetPassword,
    ConfirmResetPassword,
    SignOut,
    CheckAttributes,
    CheckPasskeys,
    RegisterPasskey,
    SendVerification(String),
    ConfirmVerification(String),
    Redirect,
}

/// What the current step shows (from the last sign-in result); flattened into the facade,
/// empty lists left out. Amplify UI's actor context: a new flow (sign in, sign up, reset
/// password, after a sign-out) starts it empty.
#[derive(Debug, Clone, Default, ToJson)]
#[json(rename_all = "camelCase")]
struct StepInfo {
    /// Amplify UI's `challengeName`: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`,
    /// `SELECT_MFA_TYPE`, `MFA_SETUP` (other steps: none).
    challenge_name: Option<&'static str>,
    /// The waiting sign-in step (for the machine's own decisions; not in the facade).
    #[json(skip_serializing_if = "always")]
    sign_in_step: Option<crate::cognito::SignInStep>,
    /// Amplify UI's shape: `{ Destination, DeliveryMedium, AttributeName }`.
    code_delivery_details: Option<Json>,
    totp_secret_code: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    allowed_mfa_types: Vec<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    missing_attributes: Vec<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    available_challenges: Vec<String>,
    /// The first factor the user chose (`PASSWORD` on a sign-up with a password).
    selected_auth_method: Option<String>,
    /// Contact attributes awaiting verification, with their values (`email` → the address),
    /// like Amplify UI's `unverifiedUserAttributes`.
    #[json(
        skip_serializing_if = "Vec::is_empty",
        with = "unverified",
        ts = "Record<string, string>"
    )]
    unverified_user_attributes: Vec<(String, String)>,
}

/// For fields the facade never shows.
fn always<T>(_: &T) -> bool {
    true
}

/// `unverifiedUserAttributes`: `{ name: value }` in order.
mod unverified {
    use crate::json::{Json, Map};

    pub(super) fn to_json(pairs: &[(String, String)]) -> Json {
        let mut attributes = Map::new();
        for (name, value) in pairs {
            attributes.push(name.clone(), Json::String(value.clone()));
        }
        Json::Object(attributes)
    }
}

/// The authenticator. Drive it like the machine: `handle` / `handle_ui`, then drain
/// `poll_effect`.
#[derive(Debug)]
pub struct Authenticator {
    machine: AuthMachine,
    ui: UiConfig,
    route: Route,
    values: VecMap<String, String>,
    touched: VecSet<String>,
    /// Fields a submit found empty (their "required" error stays until filled).
    submitted: VecSet<String>,
    error: Option<AuthError>,
    pending: Option<(OpId, Pending)>,
    next_op: OpId,
    step: StepInfo,
    username: Option<String>,
    reserve: Vec<u8>,
    revision: u64,
    outbox: VecDeque<Effect>,
    /// How the sign-in being finished started.
    signed_in_after: SignedInAfter,
    /// The attribute check asked for verification: shown after the passkey prompt.
    verify_next: bool,
    /// A form route was shown (Amplify UI had an actor): `availableAuthMethods` is set.
    showed_form: bool,
    /// An INIT was applied (Amplify UI applies only the first).
    initialized: bool,
}

/// Operation ids the authenticator uses for itself (the host's stay below).
const OWN_OPS: OpId = 1 << 50;

impl Authenticator {
    /// An authenticator over a new machine.
    pub fn new(config: Config, ui: UiConfig) -> Result<Authenticator, AuthError> {
        Ok(Authenticator {
            machine: AuthMachine::new(config)?,
            ui,
            route: Route::Idle,
            values: VecMap::new(),
            touched: VecSet::new(),
            submitted: VecSet::new(),
            error: None,
            pending: None,
            next_op: OWN_OPS,
            step: StepInfo::default(),
            username: None,
            reserve: Vec::new(),
            revision: 0,
            outbox: VecDeque::new(),
            signed_in_after: SignedInAfter::SignIn,
            verify_next: false,
            showed_form: false,
            initialized: false,
        })
    }

    /// The machine underneath (its snapshot, for example).
    pub fn machine(&self) -> &AuthMachine {
        &self.machine
    }

    /// The machine's view for queries, when it changed since the last call
    /// ([`AuthMachine::poll_view`]).
    #[must_use]
    pub fn poll_view(&mut self) -> Option<crate::machine::View> {
        self.machine.poll_view()
    }

    /// Feeds a machine input (commands from the host, HTTP results, storage values).
    pub fn handle(&mut self, now: UnixMillis, input: Input) {
        let timeout = matches!(input, Input::Timeout);
        let step = self.machine.snapshot().sign_in_step;
        self.machine.handle(now, input);
        if let Some(step) = step.filter(|_| timeout) {
            if self.machine.snapshot().sign_in_step.is_none() {
                self.step_lapsed(step);
            }
        }
        self.pump(now);
    }

    /// The machine's next deadline ([`AuthMachine::poll_timeout`]).
    #[must_use]
    pub fn poll_timeout(&self) -> Option<UnixMillis> {
        self.machine.poll_timeout()
    }

    /// The sign-in step shown ran out of time: back to the sign-in form, saying so.
    fn step_lapsed(&mut self, step: crate::cognito::SignInStep) {
        if self.pending.is_none() && self.route == route::for_step(step) {
            self.go(Route::SignIn);
            self.error = Some(AuthError::NoSignInInProgress);
            self.revision += 1;
        }
    }

    /// The next effect for the host.
    #[must_use]
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.outbox.pop_front()
    }

    /// Sends one of the authenticator's own commands.
    fn run(&mut self, now: UnixMillis, pending: Pending, command: Command, random: Vec<u8>) {
        let op = self.next_op;
        self.next_op += 1;
        self.pending = Some((op, pending));
        self.error = None;
        self.revision += 1;
        self.machine.handle(
            now,
            Input::Command {
                op,
                command,
                random,
            },
        );
        self.pump(now);
    }

    /// Moves the machine's effects to the host, keeping the results of own commands.
    fn pump(&mut self, now: UnixMillis) {
        let before = self.route;
        if matches!(self.route, Route::Idle | Route::Setup) {
            self.route = match self.machine.snapshot().auth_status {
                AuthStatus::Configuring => Route::Setup,
                AuthStatus::Authenticated => Route::Authenticated,
                AuthStatus::Unauthenticated => self.initial_route(),
            };
            if let Some(step) = self.machine.snapshot().sign_in_step {
                // A sign-in step restored from storage.
                self.route = route::for_step(step);
            }
        }
        while let Some(effect) = self.machine.poll_effect() {
            match effect {
                Effect::Complete { op, result } if op >= OWN_OPS => {
                    if let Some((pending_op, kind)) = self.pending.take() {
                        if pending_op == op {
                            self.revision += 1;
                            self.on_result(now, kind, result);
                        } else {
                            self.pending = Some((pending_op, kind));
                        }
                    }
                }
                Effect::Emit { event, other_tab } => {
                    match &event {
                        AuthEvent::SignedOut if self.route != Route::SignOut => {
                            self.start_flow(self.initial_route());
                        }
                        // A refused refresh token ends the session without a `signedOut`
                        // (as in Amplify).
                        AuthEvent::TokenRefreshFailure { .. }
                            if self.route != Route::SignOut
                                && self.machine.snapshot().auth_status
                                    == AuthStatus::Unauthenticated =>
                        {
                            self.reset_form();
                            self.route = self.initial_route();
                        }
                        AuthEvent::SignedIn(_) if self.pending.is_none() => {
                            self.route = Route::Authenticated;
                        }
                        _ => {}
                    }
                    self.outbox.push_back(Effect::Emit { event, other_tab });
                }
                other => self.outbox.push_back(other),
            }
        }
        if self.route != before {
            self.revision += 1;
        }
        self.note_form();
    }

    /// Remembers that a form route was shown.
    fn note_form(&mut self) {
        if !matches!(
            self.route,
            Route::Idle | Route::Setup | Route::Authenticated | Route::Transition
        ) {
            self.showed_form = true;
        }
    }

    /// A new flow on `route` (Amplify UI spawns a new actor): the form, the step's details
    /// and the user name start empty.
    fn start_flow(&mut self, route: Route) {
        self.reset_form();
        self.step = StepInfo::default();
        self.username = None;
        self.route = route;
        self.revision += 1;
        self.note_form();
    }

    fn initial_route(&self) -> Route {
        match self.ui.initial_state {
            Some(r @ (Route::SignUp | Route::ForgotPassword)) => r,
            _ => Route::SignIn,
        }
    }

    fn reset_form(&mut self) {
        self.values.clear();
        self.touched.clear();
        self.submitted.clear();
        self.error = None;
    }

    fn go(&mut self, route: Route) {
        if self.route != route {
            self.reset_form();
            self.route = route;
            self.revision += 1;
        }
        self.note_form();
    }

    fn policy(&self) -> PasswordPolicy {
        self.ui.password_policy.clone().unwrap_or_default()
    }

    fn login_mechanism(&self) -> LoginMechanism {
        self.ui
            .login_mechanisms
            .first()
            .copied()
            .unwrap_or(LoginMechanism::Username)
    }
}
