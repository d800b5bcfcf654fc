//! The authenticator's passwordless steps: a new code on the code step (RESEND signs in
//! again with USER_AUTH and the same first factor, as Amplify UI's `resendSignInCode`),
//! the `passwordless` prop (INIT), and the sign-in SUBMIT that must choose a method first.
//! The request shapes are Cognito's (InitiateAuth `USER_AUTH`, `PREFERRED_CHALLENGE`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

const EMAIL_OTP: &str = r#"{"ChallengeName":"EMAIL_OTP","Session":"s-1","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"a***@e***"}}"#;
const EMAIL_OTP_AGAIN: &str = r#"{"ChallengeName":"EMAIL_OTP","Session":"s-2","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"a***@n***"}}"#;

/// Signed in up to the email code step with EMAIL_OTP preferred.
fn at_email_code() -> Ui {
    let mut ui = Ui::new(
        json!({"passwordless": {"emailOtpEnabled": true, "preferredChallenge": "EMAIL_OTP"}}),
        storage(&[]),
    );
    ui.submit(json!({"username": "alice"}));
    let sent = ui.reply("InitiateAuth", 200, EMAIL_OTP);
    assert_eq!(sent["AuthFlow"], "USER_AUTH");
    assert_eq!(ui.route(), "confirmSignIn");
    ui
}

#[test]
fn resend_on_the_email_code_step_signs_in_again_for_a_new_code() {
    let mut ui = at_email_code();
    ui.change("confirmation_code", "1");
    ui.ui(json!({"type": "RESEND"}));
    assert_eq!(ui.facade()["isPending"], true);
    let sent = ui.reply("InitiateAuth", 200, EMAIL_OTP_AGAIN);
    assert_eq!(sent["AuthFlow"], "USER_AUTH");
    assert_eq!(sent["AuthParameters"]["USERNAME"], "alice");
    assert_eq!(sent["AuthParameters"]["PREFERRED_CHALLENGE"], "EMAIL_OTP");
    let f = ui.facade();
    assert_eq!(f["route"], "confirmSignIn");
    assert_eq!(f["isPending"], false);
    assert_eq!(f["codeDeliveryDetails"]["Destination"], "a***@n***");
    assert_eq!(f["formValues"]["confirmation_code"], "1");
    assert_eq!(f["selectedAuthMethod"], Value::Null);
    // The code answers the new challenge (its session).
    ui.submit(json!({"confirmation_code": "12345678"}));
    let sent = ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    assert_eq!(sent["Session"], "s-2");
    assert_eq!(sent["ChallengeResponses"]["EMAIL_OTP_CODE"], "12345678");
}

#[test]
fn a_refused_resend_shows_the_error_and_stays_on_the_step() {
    let mut ui = at_email_code();
    ui.ui(json!({"type": "RESEND"}));
    ui.reply(
        "InitiateAuth",
        400,
        r#"{"__type":"CodeDeliveryFailureException","message":"Unable to deliver the code."}"#,
    );
    let f = ui.facade();
    assert_eq!(f["route"], "confirmSignIn");
    assert_eq!(f["error"]["name"], "CodeDeliveryFailureException");
}

#[test]
fn no_resend_on_an_mfa_code_after_a_password() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply(
        "RespondToAuthChallenge",
        200,
        r#"{"ChallengeName":"SMS_MFA","Session":"s-sms","ChallengeParameters":{}}"#,
    );
    assert_eq!(ui.route(), "confirmSignIn");
    ui.ui(json!({"type": "RESEND"}));
    assert!(ui.pending.is_empty());
    assert_eq!(ui.facade()["isPending"], false);
}

#[test]
fn the_first_init_passwordless_prop_goes_over_the_config() {
    let mut ui = Ui::new(
        json!({"passwordless": {"emailOtpEnabled": true, "smsOtpEnabled": true}}),
        storage(&[]),
    );
    assert_eq!(
        ui.facade()["availableAuthMethods"],
        json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP"])
    );
    ui.ui(json!({"type": "INIT", "data": {"passwordless": {"preferredAuthMethod": "SMS_OTP", "hiddenAuthMethods": ["PASSWORD", "WEB_AUTHN"]}}}));
    // A later INIT is ignored (Amplify UI applies the first only).
    ui.ui(json!({"type": "INIT", "data": {"passwordless": {"preferredAuthMethod": "EMAIL_OTP"}}}));
    let f = ui.facade();
    assert_eq!(f["availableAuthMethods"], json!(["EMAIL_OTP", "SMS_OTP"]));
    assert_eq!(f["preferredChallenge"], "SMS_OTP");
    ui.submit(json!({"username": "alice"}));
    let sent = ui.reply("InitiateAuth", 200, EMAIL_OTP);
    assert_eq!(sent["AuthParameters"]["PREFERRED_CHALLENGE"], "SMS_OTP");
}

#[test]
fn a_sign_in_submit_that_must_choose_goes_to_the_choice_without_a_password() {
    let mut ui = Ui::new(
        json!({"passwordless": {"emailOtpEnabled": true}}),
        storage(&[]),
    );
    ui.submit(json!({"username": "alice"}));
    let f = ui.facade();
    assert_eq!(f["route"], "signInSelectAuthFactor");
    assert_eq!(f["validationErrors"], json!({}));
    assert!(ui.pending.is_empty());
}

#[test]
fn passwordless_sign_up_sends_no_password_and_signs_in_with_the_chosen_factor() {
    let mut ui = Ui::new(
        json!({"passwordless": {"emailOtpEnabled": true}, "signUpAttributes": ["email"]}),
        storage(&[]),
    );
    ui.ui(json!({"type": "SIGN_UP"}));
    // Several first factors: the contact and the passwords are optional.
    let f = ui.facade();
    for field in f["fields"].as_array().into_iter().flatten() {
        let optional = ["email", "password", "confirm_password"]
            .contains(&field["name"].as_str().unwrap_or(""));
        assert_eq!(field["isRequired"], !optional, "{}", field["name"]);
    }
    // EMAIL_OTP without an email: Amplify UI's message, nothing sent.
    ui.submit(json!({"username": "bob", "__authMethod": "EMAIL_OTP"}));
    assert_eq!(
        ui.facade()["validationErrors"]["email"],
        json!(["Email is required for Email OTP sign up"])
    );
    assert!(ui.pending.is_empty());
    ui.submit(json!({"email": "bob@example.com"}));
    let sent = ui.reply(
        "SignUp",
        200,
        r#"{"UserConfirmed":false,"UserSub":"sub-b","CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"b***@e***","AttributeName":"email"}}"#,
    );
    assert_eq!(sent["Username"], "bob@example.com");
    assert!(sent.get("Password").is_none());
    assert_eq!(ui.facade()["selectedAuthMethod"], "EMAIL_OTP");
    assert_eq!(ui.route(), "confirmSignUp");
    ui.submit(json!({"confirmation_code": "123456"}));
    ui.reply("ConfirmSignUp", 200, r#"{"Session":"auto-session"}"#);
    let sent = ui.reply("InitiateAuth", 200, &tokens("bob"));
    assert_eq!(sent["AuthFlow"], "USER_AUTH");
    assert_eq!(sent["Session"], "auto-session");
    assert_eq!(sent["AuthParameters"]["PREFERRED_CHALLENGE"], "EMAIL_OTP");
}
