//! The headless authenticator: Amplify UI's `useAuthenticator` routes, fields, form state
//! and validation, on top of [`AuthMachine`]. Still sans-IO: it wraps the machine,
//! passes the machine's effects through, and turns form submissions into commands whose
//! results move the route. Validators an app supplies run in the host after the built-in
//! ones; nothing here calls back into the host.

mod fields;
mod route;
mod validation;

pub use fields::{Field, LoginMechanism};
pub use validation::{
    confirm_password, normalize_phone, PasswordPolicy, ValidationError, SPECIAL_CHARACTERS,
};

use crate::json::{
    tag, unknown_variant, DecodeError, Fields, FromJson, Json, ObjectBuilder, ToJson,
};
use crate::map::{VecMap, VecSet};
use std::collections::VecDeque;

use crate::machine::{
    AuthError, AuthEvent, AuthMachine, AuthStatus, Command, Config, Effect, Input, OpId, UnixMillis,
};

/// Amplify UI's routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// The authenticator's own settings (Amplify UI's props and `Auth.Cognito` extras).
#[derive(Debug, Clone, Default)]
pub struct UiConfig {
    /// The first one decides the sign-in field (`username`, `email`, `phone_number`).
    pub login_mechanisms: Vec<LoginMechanism>,
    /// Extra attributes the sign-up form asks for.
    pub sign_up_attributes: Vec<String>,
    /// The pool's password policy (Amplify's `passwordFormat`).
    pub password_policy: Option<PasswordPolicy>,
    /// `signIn` (default), `signUp` or `forgotPassword`.
    pub initial_state: Option<Route>,
    /// The issuer in `totpSetupUri` (Amplify UI's `AWSCognito`).
    pub totp_issuer: Option<String>,
    /// Amplify UI's `passwordless` prop; `passkeyRegistrationPrompts` is read from it:
    /// `true` / `false`, or `{ afterSignin, afterSignup }` each `ALWAYS` or `NEVER`.
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
}

/// A form event (Amplify UI's machine events).
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum UiEvent {
    /// Submit the form; `data` is merged into the form values first.
    Submit {
        data: VecMap<String, String>,
    },
    /// Check the form as a submit would, flagging what is missing, without submitting.
    Validate {
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

/// What the current step shows (from the last sign-in result).
#[derive(Debug, Clone, Default)]
struct StepInfo {
    challenge_name: Option<String>,
    code_delivery_details: Option<Json>,
    totp_secret_code: Option<String>,
    allowed_mfa_types: Vec<String>,
    missing_attributes: Vec<String>,
    available_challenges: Vec<String>,
    /// Contact attributes awaiting verification, with their values (`email` → the address),
    /// like Amplify UI's `unverifiedUserAttributes`.
    unverified_user_attributes: Vec<(String, String)>,
}

const ROUTES: [(Route, &str); 19] = [
    (Route::Idle, "idle"),
    (Route::Setup, "setup"),
    (Route::SignIn, "signIn"),
    (Route::SignUp, "signUp"),
    (Route::ConfirmSignUp, "confirmSignUp"),
    (Route::ConfirmSignIn, "confirmSignIn"),
    (Route::SetupTotp, "setupTotp"),
    (Route::SetupEmail, "setupEmail"),
    (Route::SelectMfaType, "selectMfaType"),
    (Route::ForceNewPassword, "forceNewPassword"),
    (Route::ForgotPassword, "forgotPassword"),
    (Route::ConfirmResetPassword, "confirmResetPassword"),
    (Route::VerifyUser, "verifyUser"),
    (Route::ConfirmVerifyUser, "confirmVerifyUser"),
    (Route::SignInSelectAuthFactor, "signInSelectAuthFactor"),
    (Route::PasskeyPrompt, "passkeyPrompt"),
    (Route::Authenticated, "authenticated"),
    (Route::SignOut, "signOut"),
    (Route::Transition, "transition"),
];

impl Route {
    /// The camelCase name Amplify UI uses.
    pub fn as_str(self) -> &'static str {
        ROUTES
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("idle", |(_, name)| name)
    }
}

impl ToJson for Route {
    fn to_json(&self) -> Json {
        Json::from(self.as_str())
    }
}

impl FromJson for Route {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let name = String::from_json(value)?;
        ROUTES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(r, _)| *r)
            .ok_or_else(|| unknown_variant(&name))
    }
}

/// Every member optional; `passwordFormat` and `initialRoute` are aliases of
/// `passwordPolicy` and `initialState`.
impl FromJson for UiConfig {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "UiConfig")?;
        let mut aliased = |name: &str, alias: &str| f.take(name).or_else(|| f.take(alias));
        let password_policy = match aliased("passwordPolicy", "passwordFormat") {
            Some(v) => FromJson::from_json(v)?,
            None => None,
        };
        let initial_state = match aliased("initialState", "initialRoute") {
            Some(v) => FromJson::from_json(v)?,
            None => None,
        };
        Ok(UiConfig {
            login_mechanisms: f.or_default("loginMechanisms")?,
            sign_up_attributes: f.or_default("signUpAttributes")?,
            password_policy,
            initial_state,
            totp_issuer: f.or_default("totpIssuer")?,
            passwordless: f.or_default("passwordless")?,
        })
    }
}

/// Tagged by `type` in SCREAMING_SNAKE_CASE (Amplify UI's event names).
impl FromJson for UiEvent {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "UiEvent")?;
        Ok(match tag(&mut f, "type")?.as_str() {
            "SUBMIT" => UiEvent::Submit {
                data: f.or_default("data")?,
            },
            "VALIDATE" => UiEvent::Validate {
                data: f.or_default("data")?,
            },
            "CHANGE" => UiEvent::Change {
                name: f.field("name")?,
                value: f.field("value")?,
            },
            "BLUR" => UiEvent::Blur {
                name: f.field("name")?,
            },
            "RESEND" => UiEvent::Resend,
            "SKIP" => UiEvent::Skip,
            "SIGN_IN" => UiEvent::SignIn,
            "SIGN_UP" => UiEvent::SignUp,
            "FORGOT_PASSWORD" => UiEvent::ForgotPassword,
            "FEDERATED_SIGN_IN" => UiEvent::FederatedSignIn {
                provider: f.field("provider")?,
            },
            "SIGN_OUT" => UiEvent::SignOut,
            other => return Err(unknown_variant(other)),
        })
    }
}

impl StepInfo {
    /// Adds the members that are set (flattened into the facade).
    fn write(&self, b: ObjectBuilder) -> ObjectBuilder {
        let list = |b: ObjectBuilder, key: &str, v: &Vec<String>| {
            if v.is_empty() {
                b
            } else {
                b.put(key, v)
            }
        };
        let b = b
            .opt("challengeName", self.challenge_name.as_ref())
            .opt("codeDeliveryDetails", self.code_delivery_details.as_ref())
            .opt("totpSecretCode", self.totp_secret_code.as_ref());
        let b = list(b, "allowedMfaTypes", &self.allowed_mfa_types);
        let b = list(b, "missingAttributes", &self.missing_attributes);
        let b = list(b, "availableChallenges", &self.available_challenges);
        if self.unverified_user_attributes.is_empty() {
            return b;
        }
        let mut attributes = crate::json::Map::new();
        for (name, value) in &self.unverified_user_attributes {
            attributes.push(name.clone(), Json::String(value.clone()));
        }
        b.json("unverifiedUserAttributes", Json::Object(attributes))
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
        self.machine.handle(now, input);
        self.pump(now);
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
                Effect::Emit { event } => {
                    match &event {
                        AuthEvent::SignedOut if self.route != Route::SignOut => {
                            self.reset_form();
                            self.route = self.initial_route();
                        }
                        AuthEvent::SignedIn(_) if self.pending.is_none() => {
                            self.route = Route::Authenticated;
                        }
                        _ => {}
                    }
                    self.outbox.push_back(Effect::Emit { event });
                }
                other => self.outbox.push_back(other),
            }
        }
        if self.route != before {
            self.revision += 1;
        }
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
