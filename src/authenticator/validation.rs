//! Built-in form validation: Cognito's password rules, confirm-password, required fields.
//! Each error has a stable code and an English message (apps translate by code).

use crate::json::{DecodeError, Fields, FromJson, Json, ObjectBuilder, ToJson};

/// Cognito's special characters for password policies (and the space).
pub const SPECIAL_CHARACTERS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// A user pool's password policy (Amplify's `passwordFormat`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length (Cognito's default 8).
    pub min_length: usize,
    /// Needs a lower-case letter.
    pub require_lowercase: bool,
    /// Needs an upper-case letter.
    pub require_uppercase: bool,
    /// Needs a digit.
    pub require_numbers: bool,
    /// Needs one of [`SPECIAL_CHARACTERS`].
    pub require_special_characters: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 8,
            require_lowercase: false,
            require_uppercase: false,
            require_numbers: false,
            require_special_characters: false,
        }
    }
}

/// One validation failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Stable code (`PASSWORD_TOO_SHORT`, `PASSWORDS_DO_NOT_MATCH`, `REQUIRED`, …).
    pub code: &'static str,
    /// English message (Amplify UI's wording).
    pub message: String,
}

/// Missing members keep [`PasswordPolicy::default`]'s values.
impl FromJson for PasswordPolicy {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "PasswordPolicy")?;
        let d = PasswordPolicy::default();
        let mut flag = |key: &str, default: bool| match f.take(key) {
            Some(v) => bool::from_json(v),
            None => Ok(default),
        };
        let require_lowercase = flag("requireLowercase", d.require_lowercase)?;
        let require_uppercase = flag("requireUppercase", d.require_uppercase)?;
        let require_numbers = flag("requireNumbers", d.require_numbers)?;
        let require_special_characters =
            flag("requireSpecialCharacters", d.require_special_characters)?;
        Ok(PasswordPolicy {
            min_length: match f.take("minLength") {
                Some(v) => usize::from_json(v)?,
                None => d.min_length,
            },
            require_lowercase,
            require_uppercase,
            require_numbers,
            require_special_characters,
        })
    }
}

/// `{ code, message }`.
impl ToJson for ValidationError {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("code", self.code)
            .put("message", &self.message)
            .build()
    }
}

fn err(code: &'static str, message: impl Into<String>) -> ValidationError {
    ValidationError {
        code,
        message: message.into(),
    }
}

impl PasswordPolicy {
    /// Every rule `password` breaks.
    pub fn check(&self, password: &str) -> Vec<ValidationError> {
        let mut out = Vec::new();
        if password.chars().count() < self.min_length {
            out.push(err(
                "PASSWORD_TOO_SHORT",
                format!("Password must have at least {} characters", self.min_length),
            ));
        }
        if self.require_lowercase && !password.chars().any(|c| c.is_lowercase()) {
            out.push(err("PASSWORD_NEEDS_LOWERCASE", "Password must have lower case letters"));
        }
        if self.require_uppercase && !password.chars().any(|c| c.is_uppercase()) {
            out.push(err("PASSWORD_NEEDS_UPPERCASE", "Password must have upper case letters"));
        }
        if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            out.push(err("PASSWORD_NEEDS_NUMBERS", "Password must have numbers"));
        }
        // Bytes, not `chars()` + `str::contains(char)`: SPECIAL_CHARACTERS is ASCII, so
        // only an ASCII byte can match, and a non-ASCII char would link core's StrSearcher.
        if self.require_special_characters && !password.bytes().any(|b| SPECIAL_CHARACTERS.as_bytes().contains(&b)) {
            out.push(err(
                "PASSWORD_NEEDS_SPECIAL_CHARACTERS",
                "Password must have special characters",
            ));
        }
        out
    }
}

/// Amplify UI's confirm-password rule: shown once both fields were touched, or once both
/// hold at least 6 characters.
pub fn confirm_password(
    password: &str,
    confirm: &str,
    both_touched: bool,
) -> Option<ValidationError> {
    let show = both_touched || (password.chars().count() >= 6 && confirm.chars().count() >= 6);
    (show && password != confirm).then(|| err("PASSWORDS_DO_NOT_MATCH", "Your passwords must match"))
}

/// A required field left empty.
pub fn required() -> ValidationError {
    err("REQUIRED", "This field is required")
}

/// Amplify UI's phone normalisation: country code + number, keeping `+` and alphanumerics.
pub fn normalize_phone(country_code: &str, number: &str) -> String {
    format!("{country_code}{number}")
        .chars()
        .filter(|c| *c == '+' || c.is_alphanumeric())
        .collect()
}
