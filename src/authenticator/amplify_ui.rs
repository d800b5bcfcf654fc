//! Amplify UI's facade words for what the machine knows: its `challengeName` values and
//! its (v5) `codeDeliveryDetails` shape.

use crate::cognito::SignInStep;
use crate::json::Json;

/// Amplify UI's `challengeName` for a sign-in step (its `setChallengeName`): `SMS_MFA`,
/// `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `MFA_SETUP`, `SELECT_MFA_TYPE`; none for others.
pub(super) fn ui_challenge_name(step: SignInStep) -> Option<&'static str> {
    match step {
        SignInStep::ConfirmSignInWithSmsCode => Some("SMS_MFA"),
        SignInStep::ConfirmSignInWithTotpCode => Some("SOFTWARE_TOKEN_MFA"),
        SignInStep::ConfirmSignInWithEmailCode => Some("EMAIL_OTP"),
        SignInStep::ContinueSignInWithMfaSetupSelection
        | SignInStep::ContinueSignInWithEmailSetup
        | SignInStep::ContinueSignInWithTotpSetup => Some("MFA_SETUP"),
        SignInStep::ContinueSignInWithMfaSelection => Some("SELECT_MFA_TYPE"),
        _ => None,
    }
}

/// Amplify v6 code delivery details (`{ destination, deliveryMedium, attributeName }`) in
/// Amplify UI's facade shape (`{ Destination, DeliveryMedium, AttributeName }`); missing
/// members stay missing (an empty object when there are none, as there).
pub(super) fn ui_delivery(details: &Json) -> Json {
    let mut out = crate::json::Map::new();
    for (from, to) in [
        ("destination", "Destination"),
        ("deliveryMedium", "DeliveryMedium"),
        ("attributeName", "AttributeName"),
    ] {
        if let Some(value) = details.get(from) {
            out.push(to.to_owned(), value.clone());
        }
    }
    Json::Object(out)
}
