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

/// A form field, in the shape of Amplify UI's `useAuthenticator().fields`:
/// `{ name, label, placeholder?, type, isRequired, autocomplete?, dialCode?, value? }`.
/// A radio group is one entry per choice (same `name`, its own `value`), as there.
#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct Field {
    /// The form value's name (`username`, `password`, `confirmation_code`, …).
    pub name: String,
    /// English label (Amplify UI's default text).
    pub label: String,
    /// English placeholder (Amplify UI's default text).
    pub placeholder: Option<String>,
    /// `text`, `password`, `email`, `tel`, `date`, `url`, `radio`.
    #[json(rename = "type")]
    pub kind: &'static str,
    /// Must be filled in (a radio group: one choice must be picked).
    pub is_required: bool,
    /// The `autocomplete` hint.
    pub autocomplete: Option<&'static str>,
    /// The default country code of a `tel` field (`+1`).
    pub dial_code: Option<&'static str>,
    /// A radio choice's value.
    pub value: Option<String>,
}

/// Amplify UI's `defaultFormFieldOptions`: label, placeholder, type, autocomplete.
fn defaults(
    name: &str,
) -> Option<(
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    Some(match name {
        "birthdate" => ("Birthdate", "Enter your Birthdate", "date", Some("bday")),
        "confirmation_code" => (
            "Confirmation Code",
            "Enter your Confirmation Code",
            "text",
            Some("one-time-code"),
        ),
        "confirm_password" => (
            "Confirm Password",
            "Please confirm your Password",
            "password",
            Some("new-password"),
        ),
        "email" => ("Email", "Enter your Email", "email", Some("username")),
        "family_name" => (
            "Family Name",
            "Enter your Family Name",
            "text",
            Some("family-name"),
        ),
        "given_name" => (
            "Given Name",
            "Enter your Given Name",
            "text",
            Some("given-name"),
        ),
        "middle_name" => (
            "Middle Name",
            "Enter your Middle Name",
            "text",
            Some("additional-name"),
        ),
        "name" => ("Name", "Enter your Name", "text", Some("name")),
        "nickname" => ("Nickname", "Enter your Nickname", "text", Some("tel")),
        "password" => (
            "Password",
            "Enter your Password",
            "password",
            Some("new-password"),
        ),
        "phone_number" => (
            "Phone Number",
            "Enter your Phone Number",
            "tel",
            Some("tel"),
        ),
        "preferred_username" => (
            "Preferred Username",
            "Enter your Preferred Username",
            "text",
            None,
        ),
        "profile" => ("Profile", "Add your Profile", "url", Some("url")),
        "website" => ("Website", "Add your Website", "url", Some("url")),
        "username" => ("Username", "Enter your Username", "text", Some("username")),
        _ => return None,
    })
}

/// The field `name` with Amplify UI's defaults (attributes it has none for: a text field
/// labelled with the name).
fn field(name: &str) -> Field {
    let (label, placeholder, kind, autocomplete) = match defaults(name) {
        Some((l, p, k, a)) => (l.to_owned(), Some(p.to_owned()), k, a),
        None => (name.to_owned(), None, "text", None),
    };
    Field {
        name: name.to_owned(),
        label,
        placeholder,
        kind,
        is_required: true,
        autocomplete,
        dial_code: (kind == "tel").then_some("+1"),
        value: None,
    }
}

/// A field with other texts (and autocomplete, when given).
fn relabel(mut f: Field, label: &str, placeholder: &str, auto: Option<&'static str>) -> Field {
    f.label = label.to_owned();
    f.placeholder = Some(placeholder.to_owned());
    if auto.is_some() {
        f.autocomplete = auto;
    }
    f
}

/// The attribute name of a login mechanism.
fn alias(mechanism: LoginMechanism) -> &'static str {
    match mechanism {
        LoginMechanism::Username => "username",
        LoginMechanism::Email => "email",
        LoginMechanism::PhoneNumber => "phone_number",
    }
}

/// The sign-in name field (Amplify UI's alias field: the mechanism's defaults, named
/// `name`, autocomplete `username`).
fn login_field(mechanism: LoginMechanism, name: &str) -> Field {
    Field {
        name: name.to_owned(),
        autocomplete: Some("username"),
        ..field(alias(mechanism))
    }
}

/// The form value name of the sign-up login field (`username`, `email`, `phone_number`).
pub(super) fn sign_up_login_name(mechanism: LoginMechanism) -> &'static str {
    alias(mechanism)
}

/// The one-time code field of confirmSignIn, setupTotp, confirmVerifyUser, confirmResetPassword.
fn code_field() -> Field {
    relabel(field("confirmation_code"), "Code *", "Code", None)
}

/// Amplify UI's label of an MFA type.
fn mfa_label(mfa: &str) -> String {
    match mfa {
        "EMAIL" => "Email Message",
        "SMS" => "Text Message (SMS)",
        "TOTP" => "Authenticator App (TOTP)",
        other => other,
    }
    .to_owned()
}

/// One radio choice.
fn radio(name: &str, label: String, value: &str, required: bool) -> Field {
    Field {
        name: name.to_owned(),
        label,
        placeholder: None,
        kind: "radio",
        is_required: required,
        autocomplete: None,
        dial_code: None,
        value: Some(value.to_owned()),
    }
}

/// Amplify UI's sign-up fields that are optional when there are several first factors.
const OPTIONAL_WITH_METHODS: [&str; 4] = ["email", "phone_number", "password", "confirm_password"];

/// What the fields of a route depend on besides the route.
pub(super) struct FieldContext<'a> {
    pub login: LoginMechanism,
    pub sign_up_attributes: &'a [String],
    pub missing_attributes: &'a [String],
    pub allowed_mfa_types: &'a [String],
    /// Contact attributes to verify, with their values.
    pub unverified: &'a [(String, String)],
    /// The sign-in form asks for the password (not when a passwordless factor is preferred).
    pub sign_in_password: bool,
    /// Several first factors: the sign-up's contacts and passwords are optional (the
    /// chosen method decides which one a submit needs).
    pub several_methods: bool,
}

/// The sign-up form: the login field, the passwords, the other attributes (with several
/// first factors, the contacts and passwords are optional, as in Amplify UI).
fn sign_up_fields(ctx: &FieldContext<'_>) -> Vec<Field> {
    let login = alias(ctx.login);
    let mut out = vec![
        login_field(ctx.login, login),
        field("password"),
        field("confirm_password"),
    ];
    // Plain loops: iterator chains cost their own code in the wasm module.
    for a in ctx.sign_up_attributes.iter() {
        if a.as_str() != login {
            out.push(field(a));
        }
    }
    if ctx.several_methods {
        for f in out.iter_mut() {
            if OPTIONAL_WITH_METHODS.contains(&f.name.as_str()) {
                f.is_required = false;
            }
        }
    }
    out
}

/// The fields `route` shows (Amplify UI's, in its order; routes without a form of its
/// own, such as signInSelectAuthFactor and passkeyPrompt, have none).
pub(super) fn fields(route: Route, ctx: &FieldContext<'_>) -> Vec<Field> {
    let password = || field("password");
    match route {
        Route::SignIn => {
            let mut out = vec![login_field(ctx.login, "username")];
            if ctx.sign_in_password {
                out.push(Field {
                    autocomplete: Some("current-password"),
                    ..password()
                });
            }
            out
        }
        Route::SignUp => sign_up_fields(ctx),
        Route::ConfirmSignUp => vec![relabel(
            field("confirmation_code"),
            "Confirmation Code",
            "Enter your code",
            None,
        )],
        Route::ConfirmSignIn | Route::SetupTotp | Route::ConfirmVerifyUser => vec![code_field()],
        Route::SetupEmail => vec![field("email")],
        Route::SelectMfaType => {
            let mut out = Vec::with_capacity(ctx.allowed_mfa_types.len());
            for t in ctx.allowed_mfa_types.iter() {
                out.push(radio("mfa_type", mfa_label(t), t, true));
            }
            out
        }
        Route::ForceNewPassword => {
            let mut out = vec![password(), field("confirm_password")];
            for a in ctx.missing_attributes.iter() {
                out.push(field(a));
            }
            out
        }
        Route::ForgotPassword => {
            let f = login_field(ctx.login, "username");
            let text = format!("Enter your {}", f.label.to_ascii_lowercase());
            vec![relabel(f, &text, &text, None)]
        }
        Route::ConfirmResetPassword => vec![
            code_field(),
            relabel(password(), "New Password", "New Password", None),
            relabel(
                field("confirm_password"),
                "Confirm Password",
                "Confirm Password",
                None,
            ),
        ],
        Route::VerifyUser => {
            let mut out = Vec::with_capacity(ctx.unverified.len());
            for (name, value) in ctx.unverified.iter() {
                out.push(radio(name, value.clone(), value, false));
            }
            out
        }
        Route::SignInSelectAuthFactor
        | Route::PasskeyPrompt
        | Route::Idle
        | Route::Setup
        | Route::Authenticated
        | Route::SignOut
        | Route::Transition => Vec::new(),
    }
}
