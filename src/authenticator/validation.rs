//! Built-in form validation: Cognito's password rules, confirm-password, required fields.
//! Each error has a stable code and an English message (apps translate by code).

use crate::json::{FromJson, ToJson};

/// Cognito's special characters for password policies (and the space).
pub const SPECIAL_CHARACTERS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// A user pool's password policy (Amplify's `passwordFormat`). Missing members keep
/// [`PasswordPolicy::default`]'s values.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
#[json(rename_all = "camelCase", default)]
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

/// One validation failure: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, ToJson)]
pub struct ValidationError {
    /// Stable code (`PASSWORD_TOO_SHORT`, `PASSWORDS_DO_NOT_MATCH`, `REQUIRED`, …).
    pub code: &'static str,
    /// English message (Amplify UI's wording).
    pub message: String,
}

fn err(code: &'static str, message: impl Into<String>) -> ValidationError {
    ValidationError {
        code,
        message: message.into(),
    }
}

impl PasswordPolicy {
    /// Every rule `password` breaks.
    ///
    /// The rules are Amplify UI's `validateFormPassword`, character classes and all: length in
    /// UTF-16 code units (JS `password.length`), lower and upper case as `/[a-z]/` and
    /// `/[A-Z]/`, numbers as `/[0-9]/` (so `"éÉ"` has neither case, as in Amplify UI). ASCII
    /// classes also keep core's Unicode case tables out of the wasm.
    pub fn check(&self, password: &str) -> Vec<ValidationError> {
        let mut out = Vec::new();
        if js_length(password) < self.min_length {
            out.push(err(
                "PASSWORD_TOO_SHORT",
                format!("Password must have at least {} characters", self.min_length),
            ));
        }
        if self.require_lowercase && !password.bytes().any(|b| b.is_ascii_lowercase()) {
            out.push(err(
                "PASSWORD_NEEDS_LOWERCASE",
                "Password must have lower case letters",
            ));
        }
        if self.require_uppercase && !password.bytes().any(|b| b.is_ascii_uppercase()) {
            out.push(err(
                "PASSWORD_NEEDS_UPPERCASE",
                "Password must have upper case letters",
            ));
        }
        if self.require_numbers && !password.bytes().any(|b| b.is_ascii_digit()) {
            out.push(err("PASSWORD_NEEDS_NUMBERS", "Password must have numbers"));
        }
        // Bytes, not `chars()` + `str::contains(char)`: SPECIAL_CHARACTERS is ASCII, so
        // only an ASCII byte can match, and a non-ASCII char would link core's StrSearcher.
        if self.require_special_characters
            && !password
                .bytes()
                .any(|b| SPECIAL_CHARACTERS.as_bytes().contains(&b))
        {
            out.push(err(
                "PASSWORD_NEEDS_SPECIAL_CHARACTERS",
                "Password must have special characters",
            ));
        }
        out
    }
}

/// A string's length as JS counts it (`String.prototype.length`: UTF-16 code units).
fn js_length(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Amplify UI's confirm-password rule: shown once both fields were touched, or once both
/// hold at least 6 characters (JS `length`).
pub fn confirm_password(
    password: &str,
    confirm: &str,
    both_touched: bool,
) -> Option<ValidationError> {
    let show = both_touched || (js_length(password) >= 6 && js_length(confirm) >= 6);
    (show && password != confirm)
        .then(|| err("PASSWORDS_DO_NOT_MATCH", "Your passwords must match"))
}

/// A required field left empty.
pub fn required() -> ValidationError {
    err("REQUIRED", "This field is required")
}

/// Amplify UI's phone normalisation: country code + number, keeping `+` and ASCII
/// alphanumerics (`replace(/[^A-Z0-9+]/gi, '')`).
pub fn normalize_phone(country_code: &str, number: &str) -> String {
    format!("{country_code}{number}")
        .chars()
        .filter(|c| *c == '+' || c.is_ascii_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(policy: &PasswordPolicy, password: &str) -> Vec<&'static str> {
        policy.check(password).iter().map(|e| e.code).collect()
    }

    // Expected values are what Amplify UI's `validateFormPassword` answers (its regexes and
    // `password.length`), worked out by hand from its source for each input.
    #[test]
    fn password_rules_are_amplify_uis() {
        let all = PasswordPolicy {
            min_length: 8,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_special_characters: true,
        };
        assert!(codes(&all, "Abcdefg1!").is_empty());
        // `/[a-z]/` and `/[A-Z]/` do not match "é", "É", "ß" or Greek letters.
        assert_eq!(
            codes(&all, "éÉßΣσ12!"),
            ["PASSWORD_NEEDS_LOWERCASE", "PASSWORD_NEEDS_UPPERCASE"]
        );
        // `/[0-9]/` does not match Arabic-Indic digits.
        assert_eq!(codes(&all, "Abcdefg٣!"), ["PASSWORD_NEEDS_NUMBERS"]);
        // "😀" is 2 UTF-16 units: "Ab1!😀😀" has length 8 in JS, 6 chars in Rust.
        assert!(codes(&all, "Ab1!😀😀").is_empty());
        assert_eq!(codes(&all, "Ab1!😀é"), ["PASSWORD_TOO_SHORT"]);
    }

    #[test]
    fn confirm_password_counts_like_js() {
        // Untouched fields: the mismatch shows once both are 6 long in JS terms.
        assert!(confirm_password("😀😀😀", "😀😀😁", false).is_some());
        assert!(confirm_password("abcde", "abcdf", false).is_none());
        assert!(confirm_password("abcde", "abcdf", true).is_some());
    }

    #[test]
    fn phone_keeps_plus_and_ascii_alphanumerics() {
        assert_eq!(normalize_phone("+1", " (555) 010-٣٤ x9"), "+1555010x9");
    }
}
