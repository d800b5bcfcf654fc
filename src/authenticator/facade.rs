//! The facade: what Amplify UI's `useAuthenticator` returns (its data part).

use crate::json::ToJson;
use crate::map::VecMap;

use super::fields::{self, Field, FieldContext};
use super::{Authenticator, Route, StepInfo};
use crate::machine::{AuthError, AuthStatus};

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
    /// Amplify UI's first factors (`PASSWORD`, then the passwordless ones configured),
    /// from the first form on (none while configuring, nor for a restored session).
    pub available_auth_methods: Option<Vec<String>>,
    /// Amplify UI's `preferredChallenge`: the configured preferred first factor.
    pub preferred_challenge: Option<String>,
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
            available_auth_methods: self.showed_form.then(|| self.ui.available_auth_methods()),
            preferred_challenge: self
                .showed_form
                .then(|| self.ui.preferred_challenge())
                .flatten(),
            step: self.step.clone(),
        }
    }

    pub(super) fn fields(&self) -> Vec<Field> {
        let ctx = FieldContext {
            login: self.login_mechanism(),
            sign_up_attributes: &self.ui.sign_up_attributes,
            missing_attributes: &self.step.missing_attributes,
            allowed_mfa_types: &self.step.allowed_mfa_types,
            unverified: &self.step.unverified_user_attributes,
            sign_in_password: self.ui.sign_in_shows_password(),
            several_methods: self.ui.available_auth_methods().len() > 1,
        };
        fields::fields(self.route, &ctx)
    }
}
