//! The headless authenticator: every route walked through a scripted Cognito, with the
//! fields, validation and facade values Amplify UI's `useAuthenticator` gives.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::authenticator::{Authenticator, UiConfig, UiEvent};
use cognito_headless::cognito::{HttpRequest, HttpResponse};
use cognito_headless::machine::{Effect, HttpOutcome, Input, RequestId};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};

const NOW_S: i64 = 1_772_528_707;
const VERIFIER: &str = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1b2c3","SECRET_BLOCK":"c2VjcmV0","SRP_B":"1f2e3d4c5b6a","USERNAME":"alice","USER_ID_FOR_SRP":"alice"}}"#;

struct Ui {
    a: Authenticator,
    now: i64,
    storage: BTreeMap<String, String>,
    pending: VecDeque<(RequestId, HttpRequest)>,
    events: Vec<String>,
    /// WebAuthn ceremonies asked for: (id, ceremony, options).
    ceremonies: Vec<(RequestId, String, Value)>,
}

impl Ui {
    fn new(ui: Value, stored: BTreeMap<String, String>) -> Ui {
        let ui: UiConfig = crate::support::bridge::from_value(ui).expect("ui config");
        let a = Authenticator::new(config("us-east-1_P").into(), ui).expect("authenticator");
        let mut me = Ui {
            a,
            now: NOW_S * 1000,
            storage: stored,
            pending: VecDeque::new(),
            events: Vec::new(),
            ceremonies: Vec::new(),
        };
        me.input(Input::Start);
        me
    }

    fn input(&mut self, input: Input) {
        self.a.handle(self.now, input);
        self.pump();
    }

    fn pump(&mut self) {
        while let Some(effect) = self.a.poll_effect() {
            match effect {
                Effect::Http { id, request, .. } => self.pending.push_back((id, request)),
                Effect::Load { id, keys } => {
                    let values = keys
                        .into_iter()
                        .map(|k| {
                            let v = self.storage.get(&k).cloned();
                            (k, v)
                        })
                        .collect();
                    self.a.handle(self.now, Input::StorageLoaded { id, values });
                }
                Effect::Store { key, value } => {
                    self.storage.insert(key, value.expose().to_owned());
                }
                Effect::Remove { key } => {
                    self.storage.remove(&key);
                }
                Effect::Emit { event, .. } => self.events.push(format!("{event:?}")),
                Effect::Complete { op, .. } => panic!("the host issued no op, got {op}"),
                Effect::WebAuthn {
                    id,
                    ceremony,
                    options,
                } => {
                    let ceremony = crate::support::bridge::to_value(ceremony).expect("ceremony");
                    self.ceremonies.push((
                        id,
                        ceremony.as_str().unwrap_or("").to_owned(),
                        crate::support::bridge::theirs(&options),
                    ));
                }
                _ => {}
            }
        }
    }

    fn ui(&mut self, event: Value) {
        let event: UiEvent = crate::support::bridge::from_value(event).expect("ui event");
        self.a.handle_ui(self.now, event, vec![9; 1024]);
        self.pump();
    }

    fn change(&mut self, name: &str, value: &str) {
        self.ui(json!({"type": "CHANGE", "name": name, "value": value}));
    }

    fn submit(&mut self, data: Value) {
        self.ui(json!({"type": "SUBMIT", "data": data}));
    }

    fn reply(&mut self, op: &str, status: u16, body: &str) -> Value {
        let (id, request) = self.pending.pop_front().expect("a request");
        assert_eq!(
            request
                .header("x-amz-target")
                .map(|t| t.rsplit('.').next().unwrap_or("")),
            Some(op)
        );
        let sent: Value = serde_json::from_str(request.body.expose()).expect("json");
        self.a.handle(
            self.now,
            Input::HttpResult {
                id,
                outcome: HttpOutcome::Response(HttpResponse::json(status, body)),
            },
        );
        self.pump();
        sent
    }

    fn facade(&self) -> Value {
        crate::support::bridge::to_value(self.a.facade()).expect("facade")
    }

    fn route(&self) -> String {
        self.facade()["route"].as_str().unwrap_or("").to_owned()
    }

    fn field_names(&self) -> Vec<String> {
        self.facade()["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["name"].as_str().map(str::to_owned))
            .collect()
    }
}

mod passwordless;

fn tokens(user: &str) -> String {
    auth_result(user, "sub-a", NOW_S, true).to_string()
}

fn verified_attributes() -> &'static str {
    r#"{"UserAttributes":[{"Name":"sub","Value":"sub-a"},{"Name":"email","Value":"a@x.io"},{"Name":"email_verified","Value":"true"}]}"#
}

#[test]
fn sign_in_route_validates_then_signs_in() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    assert_eq!(ui.route(), "signIn");
    assert_eq!(ui.facade()["authStatus"], "unauthenticated");
    assert_eq!(ui.field_names(), ["username", "password"]);
    ui.submit(json!({}));
    let f = ui.facade();
    assert_eq!(
        f["validationErrors"]["username"],
        json!(["This field is required"])
    );
    assert_eq!(f["validationErrorCodes"]["password"], json!(["REQUIRED"]));
    assert!(ui.pending.is_empty());
    ui.change("username", "  alice ");
    ui.change("password", " pw ");
    ui.submit(json!({}));
    assert_eq!(ui.facade()["isPending"], true);
    let sent = ui.reply("InitiateAuth", 200, VERIFIER);
    // Trimmed user name; (the password travels only inside the SRP proof).
    assert_eq!(sent["AuthParameters"]["USERNAME"], "alice");
    ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    ui.reply("GetUser", 200, verified_attributes());
    let f = ui.facade();
    assert_eq!(f["route"], "authenticated");
    assert_eq!(f["authStatus"], "authenticated");
    assert_eq!(f["user"]["username"], "alice");
    assert_eq!(f["isPending"], false);
}

#[test]
fn a_wrong_password_shows_the_error_and_stays() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply(
        "InitiateAuth",
        400,
        r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    );
    let f = ui.facade();
    assert_eq!(f["route"], "signIn");
    assert_eq!(f["error"]["name"], "NotAuthorizedException");
    assert_eq!(f["error"]["message"], "Incorrect username or password.");
}

#[test]
fn mfa_routes_and_unverified_contact() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply("RespondToAuthChallenge", 200, r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"SMS","CODE_DELIVERY_DESTINATION":"+***12"}}"#);
    let f = ui.facade();
    assert_eq!(f["route"], "confirmSignIn");
    assert_eq!(f["challengeName"], "SMS_MFA", "Amplify UI's challengeName");
    assert_eq!(
        f["codeDeliveryDetails"],
        json!({"Destination": "+***12", "DeliveryMedium": "SMS"}),
        "Amplify UI's shape"
    );
    assert_eq!(ui.field_names(), ["confirmation_code"]);
    ui.submit(json!({"confirmation_code": " 123456 "}));
    let sent = ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    assert_eq!(sent["ChallengeResponses"]["SMS_MFA_CODE"], "123456");
    ui.reply("GetUser", 200, r#"{"UserAttributes":[{"Name":"email","Value":"a@x.io"},{"Name":"email_verified","Value":"false"},{"Name":"phone_number","Value":"+15550100"}]}"#);
    let f = ui.facade();
    assert_eq!(f["route"], "verifyUser");
    assert_eq!(
        f["unverifiedUserAttributes"],
        json!({"email": "a@x.io", "phone_number": "+15550100"}),
        "Amplify UI's shape: name → value"
    );
    // Amplify UI's radio entries: one per contact, named by the attribute, labelled by its value.
    assert_eq!(ui.field_names(), ["email", "phone_number"]);
    assert_eq!(f["fields"][0]["value"], "a@x.io");
    assert_eq!(f["fields"][1]["label"], "+15550100");
    ui.submit(json!({"unverifiedAttr": "email"}));
    ui.reply(
        "GetUserAttributeVerificationCode",
        200,
        r#"{"CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***"}}"#,
    );
    assert_eq!(ui.route(), "confirmVerifyUser");
    ui.submit(json!({"confirmation_code": "777"}));
    let sent = ui.reply("VerifyUserAttribute", 200, "{}");
    assert_eq!(sent["AttributeName"], "email");
    assert_eq!(ui.route(), "authenticated");
}

#[test]
fn totp_setup_mfa_selection_and_new_password_routes() {
    let mut ui = Ui::new(json!({"totpIssuer": "My App"}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, r#"{"ChallengeName":"MFA_SETUP","Session":"s","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"}}"#);
    ui.reply(
        "AssociateSoftwareToken",
        200,
        r#"{"SecretCode":"JBSWY3DP","Session":"s2"}"#,
    );
    let f = ui.facade();
    assert_eq!(f["route"], "setupTotp");
    assert_eq!(f["totpSecretCode"], "JBSWY3DP");
    assert_eq!(
        f["totpSetupUri"],
        "otpauth://totp/My%20App:alice?secret=JBSWY3DP&issuer=My%20App"
    );

    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, r#"{"ChallengeName":"SELECT_MFA_TYPE","Session":"s","ChallengeParameters":{"MFAS_CAN_CHOOSE":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}"#);
    let f = ui.facade();
    assert_eq!(f["route"], "selectMfaType");
    assert_eq!(f["allowedMfaTypes"], json!(["SMS", "TOTP"]));
    assert_eq!(f["challengeName"], "SELECT_MFA_TYPE");
    assert_eq!(ui.field_names(), ["mfa_type", "mfa_type"]);
    assert_eq!(f["fields"][1]["value"], "TOTP");
    assert_eq!(f["fields"][1]["label"], "Authenticator App (TOTP)");
    ui.submit(json!({"mfa_type": "TOTP"}));
    let sent = ui.reply(
        "RespondToAuthChallenge",
        200,
        r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s2","ChallengeParameters":{}}"#,
    );
    assert_eq!(sent["ChallengeResponses"]["ANSWER"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(ui.route(), "confirmSignIn");

    let mut ui = Ui::new(
        json!({"passwordPolicy": {"minLength": 10, "requireNumbers": true}}),
        storage(&[]),
    );
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"s","ChallengeParameters":{"requiredAttributes":"[\"userAttributes.name\"]"}}"#);
    assert_eq!(ui.route(), "forceNewPassword");
    assert_eq!(ui.field_names(), ["password", "confirm_password", "name"]);
    // Validation shows after blur only.
    ui.change("password", "short");
    assert_eq!(ui.facade()["hasValidationErrors"], false);
    ui.ui(json!({"type": "BLUR", "name": "password"}));
    assert_eq!(
        ui.facade()["validationErrorCodes"]["password"],
        json!(["PASSWORD_TOO_SHORT", "PASSWORD_NEEDS_NUMBERS"])
    );
    assert_eq!(
        ui.facade()["validationErrors"]["password"][0],
        "Password must have at least 10 characters"
    );
    ui.change("password", "long enough 1");
    ui.change("confirm_password", "long enough 2");
    ui.ui(json!({"type": "BLUR", "name": "confirm_password"}));
    assert_eq!(
        ui.facade()["validationErrorCodes"]["confirm_password"],
        json!(["PASSWORDS_DO_NOT_MATCH"])
    );
    ui.submit(json!({"confirm_password": "long enough 1", "name": "Alice"}));
    let sent = ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    assert_eq!(sent["ChallengeResponses"]["NEW_PASSWORD"], "long enough 1");
    assert_eq!(sent["ChallengeResponses"]["userAttributes.name"], "Alice");
    ui.reply("GetUser", 200, verified_attributes());
    assert_eq!(ui.route(), "authenticated");
}

#[test]
fn sign_up_confirm_and_automatic_sign_in() {
    let mut ui = Ui::new(
        json!({"loginMechanisms": ["email"], "signUpAttributes": ["name"]}),
        storage(&[]),
    );
    ui.ui(json!({"type": "SIGN_UP"}));
    assert_eq!(ui.route(), "signUp");
    assert_eq!(
        ui.field_names(),
        ["email", "password", "confirm_password", "name"],
        "Amplify UI names the sign-up login field by its mechanism"
    );
    assert_eq!(ui.facade()["fields"][0]["type"], "email");
    assert_eq!(ui.facade()["fields"][0]["placeholder"], "Enter your Email");
    ui.submit(json!({"email": "a@x.io", "password": "Passw0rd!", "confirm_password": "Passw0rd!", "name": " Al "}));
    let sent = ui.reply("SignUp", 200, r#"{"UserConfirmed":false,"UserSub":"sub-a","CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***"}}"#);
    assert_eq!(
        sent["UserAttributes"],
        json!([{"Name": "email", "Value": "a@x.io"}, {"Name": "name", "Value": "Al"}])
    );
    assert_eq!(ui.route(), "confirmSignUp");
    assert_eq!(ui.facade()["codeDeliveryDetails"]["Destination"], "a***");
    ui.ui(json!({"type": "RESEND"}));
    ui.reply(
        "ResendConfirmationCode",
        200,
        r#"{"CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"b***"}}"#,
    );
    assert_eq!(ui.facade()["codeDeliveryDetails"]["Destination"], "b***");
    ui.submit(json!({"confirmation_code": "123"}));
    ui.reply("ConfirmSignUp", 200, "{}");
    // The automatic sign-in runs with the password kept in memory.
    let sent = ui.reply("InitiateAuth", 200, VERIFIER);
    assert_eq!(sent["AuthParameters"]["USERNAME"], "a@x.io");
    ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    ui.reply("GetUser", 200, verified_attributes());
    assert_eq!(ui.route(), "authenticated");
    assert!(ui.storage.values().all(|v| !v.contains("Passw0rd!")));
}

#[test]
fn forgot_password_and_sign_out_routes() {
    let mut ui = Ui::new(json!({"loginMechanisms": ["phone_number"]}), storage(&[]));
    ui.ui(json!({"type": "FORGOT_PASSWORD"}));
    assert_eq!(ui.route(), "forgotPassword");
    ui.submit(json!({"country_code": "+1", "username": "(555) 123-4567"}));
    let sent = ui.reply(
        "ForgotPassword",
        200,
        r#"{"CodeDeliveryDetails":{"DeliveryMedium":"SMS","Destination":"+***67"}}"#,
    );
    assert_eq!(sent["Username"], "+15551234567");
    assert_eq!(ui.route(), "confirmResetPassword");
    ui.ui(json!({"type": "RESEND"}));
    ui.reply("ForgotPassword", 200, r#"{"CodeDeliveryDetails":{}}"#);
    ui.submit(json!({"confirmation_code": "1", "password": "newpassword", "confirm_password": "newpassword"}));
    ui.reply("ConfirmForgotPassword", 200, "{}");
    assert_eq!(ui.route(), "signIn");

    let mut ui = Ui::new(json!({}), stored_session("alice", "sub-a", NOW_S - 60));
    assert_eq!(ui.route(), "authenticated");
    ui.ui(json!({"type": "SIGN_OUT"}));
    ui.reply("RevokeToken", 500, "<html/>");
    assert_eq!(ui.route(), "signIn");
    assert!(!ui.storage.contains_key(&last_user_key()));
    // Another tab signing out moves this one to signIn too.
    let mut ui = Ui::new(json!({}), stored_session("alice", "sub-a", NOW_S - 60));
    ui.storage.clear();
    ui.input(Input::StorageChanged {
        key: user_key("alice", "refreshToken"),
    });
    assert_eq!(ui.route(), "signIn");
    assert_eq!(ui.facade()["authStatus"], "unauthenticated");
    // initialState
    let ui = Ui::new(json!({"initialState": "signUp"}), storage(&[]));
    assert_eq!(ui.route(), "signUp");
}

#[test]
fn validate_flags_without_submitting_and_keystrokes_keep_the_reserve() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.ui(json!({"type": "VALIDATE", "data": {"username": "alice"}}));
    assert_eq!(
        ui.facade()["validationErrorCodes"]["password"],
        json!(["REQUIRED"])
    );
    assert!(ui.facade()["validationErrors"].get("username").is_none());
    assert!(ui.pending.is_empty(), "validate never submits");
    // Sign-up with an automatic sign-in: typing after submit must not wipe the bytes the
    // automatic sign-in needs (it would fail for lack of randomness).
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.ui(json!({"type": "SIGN_UP"}));
    ui.submit(json!({"username": "bob", "password": "Passw0rd!", "confirm_password": "Passw0rd!"}));
    ui.reply("SignUp", 200, r#"{"UserConfirmed":false,"UserSub":"s"}"#);
    ui.submit(json!({"confirmation_code": "123"}));
    // A keystroke (with no random bytes) while ConfirmSignUp is in flight.
    let event: UiEvent =
        crate::support::bridge::from_value(json!({"type": "CHANGE", "name": "x", "value": "y"}))
            .expect("e");
    ui.a.handle_ui(ui.now, event, Vec::new());
    ui.pump();
    ui.reply("ConfirmSignUp", 200, "{}");
    let sent = ui.reply("InitiateAuth", 200, VERIFIER);
    assert_eq!(sent["AuthParameters"]["USERNAME"], "bob");
}

const NO_PASSKEYS: &str = r#"{"Credentials":[]}"#;
const CREATION_OPTIONS: &str = r#"{"CredentialCreationOptions":{"challenge":"Yw","rp":{"id":"example.com","name":"Ex"},"user":{"id":"dQ","name":"alice","displayName":"alice"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}}"#;

fn signed_in_with_prompts(prompts: Value) -> Ui {
    let mut ui = Ui::new(
        json!({"passwordless": {"passkeyRegistrationPrompts": prompts}}),
        storage(&[]),
    );
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    ui.reply("GetUser", 200, verified_attributes());
    ui
}

#[test]
fn passkey_prompt_after_sign_in_registers_or_skips() {
    // Registration: the prompt, SUBMIT, the browser ceremony, then signed in.
    let mut ui = signed_in_with_prompts(json!({"afterSignin": "ALWAYS"}));
    let sent = ui.reply("ListWebAuthnCredentials", 200, NO_PASSKEYS);
    assert!(sent["AccessToken"].is_string());
    assert_eq!(ui.route(), "passkeyPrompt");
    assert_eq!(ui.facade()["authStatus"], "authenticated");
    assert_eq!(ui.field_names(), Vec::<String>::new());
    ui.submit(json!({}));
    assert_eq!(ui.facade()["isPending"], true);
    ui.reply("StartWebAuthnRegistration", 200, CREATION_OPTIONS);
    let (cid, ceremony, options) = ui.ceremonies.pop().expect("a ceremony");
    assert_eq!(ceremony, "create");
    assert_eq!(options["rp"]["id"], "example.com");
    // Canceled in the browser: the error shows on the prompt, which stays.
    ui.input(Input::WebAuthnResult {
        id: cid,
        credential: None,
        error: Some(
            crate::support::bridge::from_value(
                json!({"name": "PasskeyRegistrationCanceled", "message": "canceled"}),
            )
            .expect("error"),
        ),
    });
    assert_eq!(ui.route(), "passkeyPrompt");
    assert_eq!(ui.facade()["error"]["name"], "PasskeyRegistrationCanceled");
    assert_eq!(ui.facade()["isPending"], false);
    // Again, accepted.
    ui.submit(json!({}));
    ui.reply("StartWebAuthnRegistration", 200, CREATION_OPTIONS);
    let (cid, ..) = ui.ceremonies.pop().expect("a ceremony");
    ui.input(Input::WebAuthnResult {
        id: cid,
        credential: Some(crate::support::bridge::ours(
            &json!({"id": "bmV3", "type": "public-key"}),
        )),
        error: None,
    });
    let sent = ui.reply("CompleteWebAuthnRegistration", 200, "{}");
    assert_eq!(
        sent["Credential"],
        json!({"id": "bmV3", "type": "public-key"})
    );
    assert_eq!(ui.route(), "authenticated");

    // SKIP: straight on, nothing sent.
    let mut ui = signed_in_with_prompts(json!(true));
    ui.reply("ListWebAuthnCredentials", 200, NO_PASSKEYS);
    assert_eq!(ui.route(), "passkeyPrompt");
    ui.ui(json!({"type": "SKIP"}));
    assert_eq!(ui.route(), "authenticated");
    assert!(ui.pending.is_empty());
}

#[test]
fn no_passkey_prompt_when_not_asked_for_or_not_needed() {
    // A passkey exists already.
    let mut ui = signed_in_with_prompts(json!({"afterSignin": "ALWAYS"}));
    ui.reply("ListWebAuthnCredentials", 200, r#"{"Credentials":[{"CredentialId":"c1","RelyingPartyId":"example.com","CreatedAt":1700000000}]}"#);
    assert_eq!(ui.route(), "authenticated");
    // The pool has no passkeys (the list fails): no prompt for what cannot work.
    let mut ui = signed_in_with_prompts(json!(true));
    ui.reply(
        "ListWebAuthnCredentials",
        400,
        r#"{"__type":"WebAuthnNotEnabledException","message":"no"}"#,
    );
    assert_eq!(ui.route(), "authenticated");
    assert!(ui.facade().get("error").is_none());
    // Prompts only after sign-up, or none: no list request at all.
    for prompts in [
        json!({"afterSignup": "ALWAYS", "afterSignin": "NEVER"}),
        json!(false),
    ] {
        let ui = signed_in_with_prompts(prompts);
        assert_eq!(ui.route(), "authenticated");
        assert!(ui.pending.is_empty());
    }
}

#[test]
fn passkey_prompt_after_sign_up_then_contact_verification() {
    let mut ui = Ui::new(
        json!({"passwordless": {"passkeyRegistrationPrompts": {"afterSignup": "ALWAYS"}}}),
        storage(&[]),
    );
    ui.ui(json!({"type": "SIGN_UP"}));
    ui.submit(
        json!({"username": "alice", "password": "Passw0rd!", "confirm_password": "Passw0rd!"}),
    );
    ui.reply("SignUp", 200, r#"{"UserConfirmed":true,"UserSub":"sub-a"}"#);
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    // An unverified email: the prompt comes first, verification after it.
    ui.reply("GetUser", 200, r#"{"UserAttributes":[{"Name":"sub","Value":"sub-a"},{"Name":"email","Value":"a@x.io"},{"Name":"email_verified","Value":"false"}]}"#);
    ui.reply("ListWebAuthnCredentials", 200, NO_PASSKEYS);
    assert_eq!(ui.route(), "passkeyPrompt");
    ui.ui(json!({"type": "SKIP"}));
    assert_eq!(ui.route(), "verifyUser");
    assert_eq!(
        ui.facade()["unverifiedUserAttributes"],
        json!({"email": "a@x.io"})
    );
    // The next sign-in of the same page is a sign-in, not a sign-up: no prompt.
    ui.ui(json!({"type": "SKIP"}));
    ui.ui(json!({"type": "SIGN_OUT"}));
    ui.reply("RevokeToken", 200, "{}");
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply("RespondToAuthChallenge", 200, &tokens("alice"));
    ui.reply("GetUser", 200, verified_attributes());
    assert_eq!(ui.route(), "authenticated");
}

#[test]
fn sign_up_phone_attribute_takes_the_dial_code_like_amplify_ui() {
    // Amplify UI's getUserAttributes: `${country_code}${phone_number}` with every character
    // but `+` and ASCII alphanumerics removed (sanitizePhoneNumber).
    let mut ui = Ui::new(json!({"signUpAttributes": ["phone_number"]}), storage(&[]));
    ui.ui(json!({"type": "SIGN_UP"}));
    let f = ui.facade();
    let phone = &f["fields"][3];
    assert_eq!(phone["name"], "phone_number");
    assert_eq!(phone["dialCode"], "+1", "Amplify UI's default dial code");
    ui.submit(
        json!({"username": "bob", "password": "Passw0rd!", "confirm_password": "Passw0rd!",
        "country_code": "+44", "phone_number": "7700 900-123"}),
    );
    let sent = ui.reply("SignUp", 200, r#"{"UserConfirmed":false,"UserSub":"sub-b","CodeDeliveryDetails":{"DeliveryMedium":"SMS","Destination":"+***23","AttributeName":"phone_number"}}"#);
    assert_eq!(
        sent["UserAttributes"],
        json!([{"Name": "phone_number", "Value": "+447700900123"}])
    );
    assert_eq!(
        ui.facade()["codeDeliveryDetails"],
        json!({"Destination": "+***23", "DeliveryMedium": "SMS", "AttributeName": "phone_number"})
    );
}

#[test]
fn a_step_left_unanswered_for_3_minutes_goes_back_to_sign_in_with_an_error() {
    let mut ui = Ui::new(json!({}), storage(&[]));
    ui.submit(json!({"username": "alice", "password": "pw"}));
    ui.reply("InitiateAuth", 200, VERIFIER);
    ui.reply(
        "RespondToAuthChallenge",
        200,
        r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{}}"#,
    );
    assert_eq!(ui.route(), "confirmSignIn");
    let deadline = ui.a.poll_timeout().expect("the step expires");
    assert_eq!(deadline, NOW_S * 1000 + 3 * 60 * 1000);
    ui.now = deadline;
    ui.input(Input::Timeout);
    let f = ui.facade();
    assert_eq!(f["route"], "signIn");
    assert_eq!(f["error"]["name"], "SignInException");
    assert_eq!(ui.a.poll_timeout(), None);
}
