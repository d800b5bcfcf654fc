//! The fields each route asks for.

use crate::json::{FromJson, ToJson};

use super::Route;

/// How users sign in (Amplify UI's `loginMechanisms`): `username`, `email`, `phone_number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromJson, ToJson)]
#[json(rename_all = "snake_case")]
pub enum LoginMechanism {
    /// A user name.
    Username,
    /// An email address.
    Email,
    /// A phone number.
    PhoneNumber,
}

/// A form field: `{ name, label, type, isRequired, autocomplete?, options? }`.
#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct Field {
    /// The form value's name (`username`, `password`, `confirmation_code`, …).
    pub name: String,
    /// English label.
    pub label: String,
    /// `text`, `password`, `email`, `tel`, `number`, `radio`.
    #[json(rename = "type")]
    pub kind: &'static str,
    /// Must be filled in.
    pub is_required: bool,
    /// The `autocomplete` hint.
    pub autocomplete: Option<&'static str>,
    /// Choices for `radio` fields.
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

fn field(name: &str, label: &str, kind: &'static str, autocomplete: Option<&'static str>) -> Field {
    Field {
        name: name.to_owned(),
        label: label.to_owned(),
        kind,
        is_required: true,
        autocomplete,
        options: Vec::new(),
    }
}

fn login_field(mechanism: LoginMechanism) -> Field {
    match mechanism {
        LoginMechanism::Username => field("username", "Username", "text", Some("username")),
        LoginMechanism::Email => field("username", "Email", "email", Some("username")),
        LoginMechanism::PhoneNumber => field("username", "Phone Number", "tel", Some("username")),
    }
}

fn attribute_field(name: &str) -> Field {
    let (label, kind, auto) = match name {
        "email" => ("Email", "email", Some("email")),
        "phone_number" => ("Phone Number", "tel", Some("tel")),
        "birthdate" => ("Birthdate", "date", Some("bday")),
        "family_name" => ("Family Name", "text", Some("family-name")),
        "given_name" => ("Given Name", "text", Some("given-name")),
        "middle_name" => ("Middle Name", "text", Some("additional-name")),
        "name" => ("Name", "text", Some("name")),
        "nickname" => ("Nickname", "text", Some("tel")),
        "preferred_username" => ("Preferred Username", "text", Some("username")),
        "website" => ("Website", "url", Some("url")),
        "address" => ("Address", "text", Some("street-address")),
        "gender" => ("Gender", "text", Some("sex")),
        "locale" => ("Locale", "text", Some("language")),
        "picture" => ("Picture", "url", Some("photo")),
        "profile" => ("Profile", "url", Some("url")),
        "zoneinfo" => ("Zone Info", "text", None),
        _ => (name, "text", None),
    };
    field(name, label, kind, auto)
}

fn code_field() -> Field {
    field("confirmation_code", "Code", "number", Some("one-time-code"))
}

fn radio(name: &str, label: &str, options: &[String]) -> Field {
    Field {
        options: options.to_vec(),
        ..field(name, label, "radio", None)
    }
}

/// What the fields of a route depend on besides the route.
pub(super) struct FieldContext<'a> {
    pub login: LoginMechanism,
    pub sign_up_attributes: &'a [String],
    pub missing_attributes: &'a [String],
    pub allowed_mfa_types: &'a [String],
    pub available_challenges: &'a [String],
    pub unverified: &'a [String],
}

/// The fields `route` shows.
pub(super) fn fields(route: Route, ctx: &FieldContext<'_>) -> Vec<Field> {
    let password = || field("password", "Password", "password", Some("current-password"));
    let new_password = || field("password", "Password", "password", Some("new-password"));
    let confirm = || {
        field(
            "confirm_password",
            "Confirm Password",
            "password",
            Some("new-password"),
        )
    };
    match route {
        Route::SignIn => vec![login_field(ctx.login), password()],
        Route::SignUp => {
            let mut out = vec![login_field(ctx.login), new_password(), confirm()];
            let login_attr = match ctx.login {
                LoginMechanism::Email => Some("email"),
                LoginMechanism::PhoneNumber => Some("phone_number"),
                LoginMechanism::Username => None,
            };
            out.extend(
                ctx.sign_up_attributes
                    .iter()
                    .filter(|a| Some(a.as_str()) != login_attr)
                    .map(|a| attribute_field(a)),
            );
            out
        }
        Route::ConfirmSignUp
        | Route::ConfirmSignIn
        | Route::SetupTotp
        | Route::ConfirmVerifyUser => {
            vec![code_field()]
        }
        Route::SetupEmail => vec![attribute_field("email")],
        Route::SelectMfaType => vec![radio("mfa_type", "MFA Type", ctx.allowed_mfa_types)],
        Route::SignInSelectAuthFactor => {
            vec![radio("method", "Sign-in method", ctx.available_challenges)]
        }
        Route::ForceNewPassword => {
            let mut out = vec![new_password(), confirm()];
            out.extend(ctx.missing_attributes.iter().map(|a| attribute_field(a)));
            out
        }
        Route::ForgotPassword => vec![login_field(ctx.login)],
        Route::ConfirmResetPassword => vec![code_field(), new_password(), confirm()],
        Route::VerifyUser => vec![radio("unverifiedAttr", "Verify", ctx.unverified)],
        Route::PasskeyPrompt
        | Route::Idle
        | Route::Setup
        | Route::Authenticated
        | Route::SignOut
        | Route::Transition => Vec::new(),
    }
}
