//! For every request of every flow (sign-in flows and challenges, passkeys, the hosted-UI
//! callback, refresh, identity pool, account calls, sign-out): network error, timeout,
//! HTTP 5xx, throttling, HTML bodies, malformed or truncated JSON, wrong types, missing
//! fields, unknown challenges and unknown error names each give a typed error, the machine
//! is left idle so the user can retry, and storage is byte-identical unless the flow's
//! failure policy says sign out. No error or event ever carries a password, token or secret.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::cognito::{HttpRequest, HttpResponse, TransportError};
use cognito_headless::machine::{AuthError, Input, RequestId};
use cognito_headless::session::Secret;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What kind of answer a fault is, which decides the error each kind of call gives.
#[derive(Clone, Copy)]
enum Class {
    /// No response: the error name.
    Transport(&'static str),
    /// A body that is not JSON.
    NotJson,
    /// A Cognito error (by status, `__type`, `code` or `x-amzn-errortype`): its name.
    Service(&'static str),
    /// A 2xx JSON object without the fields (or with fields of the wrong types).
    Shape,
    /// A 2xx answer naming a challenge nobody knows.
    Challenge,
    /// 2xx JSON that is not an object.
    NotObject,
}

/// A fault: its answer, its class, and what the hosted UI's token endpoint makes of it.
struct Fault {
    label: &'static str,
    class: Class,
    /// The error name of `/oauth2/token` (an OAuth endpoint: it reads `error`, not Cognito's
    /// error names; a non-2xx answer without `error` is unexpected, whatever it holds).
    oauth: &'static str,
    inject: fn(&mut Host, RequestId),
}

impl Fault {
    /// The error name this fault gives a Cognito call that reads the answer (sign-in,
    /// refresh, identity pool, account calls with required fields).
    fn expected(&self) -> &'static str {
        match self.class {
            Class::Transport(name) | Class::Service(name) => name,
            Class::NotJson => "UnexpectedResponseException",
            Class::Shape | Class::NotObject => "MalformedResponseException",
            Class::Challenge => "UnexpectedChallengeException",
        }
    }

    /// What a call of `kind` completes with under this fault: `Ok(())` or the error name.
    fn expect(&self, kind: Kind) -> Result<(), &'static str> {
        match (kind, self.class) {
            (Kind::SignOut, _) => Ok(()),
            (Kind::OAuth, _) => Err(self.oauth),
            (Kind::Loose, Class::Shape | Class::Challenge) => Ok(()),
            (Kind::Strict, Class::Challenge) => Err("MalformedResponseException"),
            _ => Err(self.expected()),
        }
    }
}

fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: Secret::new(body),
    }
}

const MALFORMED: &str = "MalformedResponseException";
const UNEXPECTED: &str = "UnexpectedResponseException";

fn faults() -> Vec<Fault> {
    use Class::*;
    vec![
        Fault {
            label: "network",
            class: Transport("NetworkError"),
            oauth: "NetworkError",
            inject: |h, id| {
                h.fail(
                    id,
                    TransportError::Network {
                        message: "connection reset".into(),
                    },
                )
            },
        },
        Fault {
            label: "timeout",
            class: Transport("TimeoutError"),
            oauth: "TimeoutError",
            inject: |h, id| h.fail(id, TransportError::Timeout),
        },
        Fault {
            label: "html 500",
            class: NotJson,
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond_with(
                    id,
                    raw(
                        500,
                        &[("content-type", "text/html")],
                        "<!doctype html><title>500 Internal Server Error</title>",
                    ),
                )
            },
        },
        Fault {
            label: "html 200",
            class: NotJson,
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond_with(
                    id,
                    raw(200, &[("content-type", "text/html")], "<html>proxy</html>"),
                )
            },
        },
        Fault {
            label: "500 json, unknown error name",
            class: Service("BrandNewInternalFailure"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond(
                    id,
                    500,
                    r#"{"__type":"BrandNewInternalFailure","message":"something broke"}"#,
                )
            },
        },
        Fault {
            label: "500 json, no error name",
            class: Service("UnknownError"),
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 500, r#"{"message":"Internal server error"}"#),
        },
        Fault {
            label: "503 json",
            class: Service("ServiceUnavailable"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond(
                    id,
                    503,
                    r#"{"__type":"ServiceUnavailable","message":"try later"}"#,
                )
            },
        },
        Fault {
            label: "503 empty body",
            class: NotJson,
            oauth: UNEXPECTED,
            inject: |h, id| h.respond_with(id, raw(503, &[], "")),
        },
        Fault {
            label: "429 TooManyRequestsException",
            class: Service("TooManyRequestsException"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond(
                    id,
                    429,
                    r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
                )
            },
        },
        Fault {
            label: "429 header only",
            class: Service("TooManyRequestsException"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond_with(
                    id,
                    raw(
                        429,
                        &[("x-amzn-ErrorType", "TooManyRequestsException:")],
                        "",
                    ),
                )
            },
        },
        Fault {
            label: "truncated json",
            class: NotJson,
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 200, r#"{"AuthenticationResult":{"AccessTok"#),
        },
        Fault {
            label: "empty 200",
            class: NotJson,
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 200, ""),
        },
        Fault {
            label: "wrong types",
            class: Shape,
            oauth: MALFORMED,
            inject: |h, id| h.respond(id, 200, r#"{"AuthenticationResult":5}"#),
        },
        Fault {
            label: "wrong types, nested",
            class: Shape,
            oauth: MALFORMED,
            inject: |h, id| {
                h.respond(id, 200, &json!({
                "AuthenticationResult": {"AccessToken": 42, "IdToken": [], "RefreshToken": {}},
                "IdentityId": 7, "Credentials": "none", "SecretCode": false, "Status": 1,
                "UserAttributes": {}, "Devices": "none", "PaginationToken": 3, "NextToken": 4,
                "CredentialCreationOptions": "x", "access_token": 5, "id_token": 6,
            }).to_string())
            },
        },
        Fault {
            label: "not a jwt",
            class: Shape,
            oauth: MALFORMED,
            inject: |h, id| {
                h.respond(
                    id,
                    200,
                    r#"{"AuthenticationResult":{"AccessToken":"abc"},"access_token":"a.!!!.c"}"#,
                )
            },
        },
        Fault {
            label: "challenge parameters of the wrong type",
            class: Shape,
            oauth: MALFORMED,
            inject: |h, id| {
                h.respond(id, 200, r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":"oops","Session":"x"}"#)
            },
        },
        Fault {
            label: "missing fields",
            class: Shape,
            oauth: MALFORMED,
            inject: |h, id| h.respond(id, 200, "{}"),
        },
        Fault {
            label: "json array",
            class: NotObject,
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 200, "[]"),
        },
        Fault {
            label: "json null",
            class: NotObject,
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 200, "null"),
        },
        Fault {
            label: "error header",
            class: Service("NotAuthorizedException"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond_with(id, raw(400, &[("x-amzn-errortype",
                "NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/")],
                r#"{"message":"Incorrect username or password."}"#))
            },
        },
        Fault {
            label: "__type",
            class: Service("NotAuthorizedException"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond(
                    id,
                    400,
                    r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"no"}"#,
                )
            },
        },
        Fault {
            label: "code",
            class: Service("LimitExceededException"),
            oauth: UNEXPECTED,
            inject: |h, id| {
                h.respond(
                    id,
                    400,
                    r#"{"code":"LimitExceededException","message":"slow down"}"#,
                )
            },
        },
        Fault {
            label: "unknown error name",
            class: Service("SomethingNewException"),
            oauth: UNEXPECTED,
            inject: |h, id| h.respond(id, 400, r#"{"__type":"SomethingNewException"}"#),
        },
        Fault {
            label: "unknown challenge",
            class: Challenge,
            oauth: MALFORMED,
            inject: |h, id| {
                h.respond(
                    id,
                    200,
                    r#"{"ChallengeName":"SURPRISE","Session":"x","ChallengeParameters":{}}"#,
                )
            },
        },
    ]
}

/// Device keys and an unrelated app key: none of it may change on a failed sign-in.
fn seeded_storage() -> BTreeMap<String, String> {
    storage(&[
        (&user_key("alice", "deviceKey"), "us-east-1_dev"),
        (&user_key("alice", "deviceGroupKey"), "-grp"),
        ("app.theme", "dark"),
    ])
}

const CHALLENGE: &str = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1b2c3","SECRET_BLOCK":"c2VjcmV0","SRP_B":"1f2e3d4c5b6a","USERNAME":"alice","USER_ID_FOR_SRP":"alice"}}"#;

#[test]
fn every_sign_in_request_under_every_fault() {
    let mut cells = 0;
    // (flow, index of the failing request)
    for (flow, step) in [
        ("USER_SRP_AUTH", 0),
        ("USER_SRP_AUTH", 1),
        ("USER_PASSWORD_AUTH", 0),
    ] {
        for fault in faults() {
            let mut host = Host::started(config("us-east-1_P"), seeded_storage());
            let before = host.storage.clone();
            let op = host.command(json!({"type": "signIn", "username": "alice",
                "password": "pw", "options": {"authFlowType": flow}}));
            let (mut id, _) = host.next_request();
            if step == 1 {
                host.respond(id, 200, CHALLENGE);
                id = host.next_request().0;
            }
            (fault.inject)(&mut host, id);
            let cell = format!("{flow} request {step} / {}", fault.label);
            // A challenge where a token set was expected is a typed error too.
            let name = host.error_name(op);
            assert_eq!(name, fault.expected(), "{cell}");
            assert_eq!(host.storage, before, "{cell}: storage changed");
            let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
            assert_eq!(snap["authStatus"], "unauthenticated", "{cell}");
            assert_eq!(snap["isPending"], false, "{cell}");
            assert!(host.pending.is_empty(), "{cell}");
            assert!(host.events.is_empty(), "{cell}");
            // The user can retry at once.
            let retry = host.command(json!({"type": "signIn", "username": "alice",
                "password": "pw", "options": {"authFlowType": "USER_PASSWORD_AUTH"}}));
            let (id, _) = host.expect_request("InitiateAuth");
            host.respond(
                id,
                200,
                &auth_result("alice", "s", 1_772_528_707, true).to_string(),
            );
            assert_eq!(host.result_json(retry)["isSignedIn"], true, "{cell}");
            cells += 1;
        }
    }
    println!("sign-in fault cells: {cells}");
    assert_eq!(cells, 3 * faults().len());
}

#[test]
fn unexpected_challenges_are_typed_errors() {
    // An SRP flow answered with a challenge other than PASSWORD_VERIFIER, and a password
    // flow answered with one it cannot handle yet.
    for (flow, body) in [
        (
            "USER_SRP_AUTH",
            r#"{"ChallengeName":"WHO_KNOWS","ChallengeParameters":{},"Session":"s"}"#,
        ),
        (
            "USER_PASSWORD_AUTH",
            r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","ChallengeParameters":{}}"#,
        ),
        (
            "USER_PASSWORD_AUTH",
            r#"{"ChallengeName":"BRAND_NEW_CHALLENGE","Session":"s"}"#,
        ),
        (
            "USER_SRP_AUTH",
            r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab"}}"#,
        ),
        (
            "USER_SRP_AUTH",
            r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":"oops"}"#,
        ),
    ] {
        let mut host = Host::started(config("us-east-1_P"), seeded_storage());
        let before = host.storage.clone();
        let op = host.command(
            json!({"type": "signIn", "username": "alice", "password": "pw",
            "options": {"authFlowType": flow}}),
        );
        let (id, _) = host.next_request();
        host.respond(id, 200, body);
        let name = host.error_name(op);
        assert!(
            [
                "UnexpectedChallengeException",
                "MalformedResponseException",
                "DeviceMetadataNotFoundException"
            ]
            .contains(&name.as_str()),
            "{body}: {name}"
        );
        assert_eq!(host.storage, before);
        assert!(host.pending.is_empty());
    }
}

#[test]
fn refresh_under_every_fault_keeps_or_ends_the_session_by_policy() {
    let mut cells = 0;
    for (flow, op) in [
        ("initiateAuth", "InitiateAuth"),
        ("rotation", "GetTokensFromRefreshToken"),
    ] {
        for fault in faults() {
            let iat = 1_772_528_707 - 7200; // expired an hour ago
            let cfg = config_with("us-east-1_P", json!({"refreshFlow": flow}));
            let mut host = Host::started(cfg, stored_session("alice", "s-1", iat));
            let before = host.storage.clone();
            let call = host.command(json!({"type": "fetchAuthSession"}));
            let (id, _) = host.expect_request(op);
            (fault.inject)(&mut host, id);
            let cell = format!("{flow} / {}", fault.label);
            let ends_session = fault.expected() == "NotAuthorizedException";
            let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
            let events = crate::support::bridge::to_value(&host.events).expect("events");
            assert_eq!(events[0]["name"], "tokenRefresh_failure", "{cell}");
            assert_eq!(
                events[0]["data"]["error"]["name"],
                fault.expected(),
                "{cell}"
            );
            assert!(host.pending.is_empty(), "{cell}: no retry storm");
            if ends_session {
                // Amplify's rule: a dead refresh token ends the session; the call resolves empty.
                assert_eq!(host.result_json(call), json!({}), "{cell}");
                assert_eq!(snap["authStatus"], "unauthenticated", "{cell}");
                // ... announced by tokenRefresh_failure alone (no signedOut), as Amplify.
                assert_eq!(events.as_array().map(Vec::len), Some(1), "{cell}");
                assert!(!host
                    .storage
                    .contains_key(&user_key("alice", "refreshToken")));
                assert!(!host.storage.contains_key(&last_user_key()));
            } else {
                // Offline, throttled, 5xx, unreadable: the session survives untouched.
                assert_eq!(host.error_name(call), fault.expected(), "{cell}");
                assert_eq!(snap["authStatus"], "authenticated", "{cell}");
                assert_eq!(host.storage, before, "{cell}");
            }
            cells += 1;
        }
    }
    println!("refresh fault cells: {cells}");
    assert_eq!(cells, 2 * faults().len());
}

#[test]
fn every_session_ending_error_clears_and_nothing_else_does() {
    for name in [
        "NotAuthorizedException",
        "TokenRevokedException",
        "UserNotFoundException",
        "PasswordResetRequiredException",
        "UserNotConfirmedException",
        "RefreshTokenReuseException",
        "InternalErrorException",
        "TooManyRequestsException",
        "LimitExceededException",
        "ResourceNotFoundException",
        "InvalidParameterException",
    ] {
        let cfg = config_with("us-east-1_P", json!({"refreshFlow": "initiateAuth"}));
        let mut host = Host::started(cfg, stored_session("alice", "s-1", 1_772_528_707 - 7200));
        host.command(json!({"type": "fetchAuthSession", "forceRefresh": true}));
        let (id, _) = host.expect_request("InitiateAuth");
        host.respond(
            id,
            400,
            &json!({"__type": name, "message": "m"}).to_string(),
        );
        let ended = !host.storage.contains_key(&last_user_key());
        // The reference's list (section 1, Refresh): exactly the first six.
        let should_end = [
            "NotAuthorizedException",
            "TokenRevokedException",
            "UserNotFoundException",
            "PasswordResetRequiredException",
            "UserNotConfirmedException",
            "RefreshTokenReuseException",
        ]
        .contains(&name);
        assert_eq!(ended, should_end, "{name}");
    }
}

/// How a call treats an answer: which faults are errors for it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// `InitiateAuth` / `RespondToAuthChallenge` / `GetTokensFromRefreshToken`: tokens or a
    /// known challenge, nothing else.
    Auth,
    /// Reads required fields (identity pool, TOTP association and verification during
    /// sign-in, `GetUser` for attributes, passkey registration options).
    Strict,
    /// Reads no required field: any JSON object is a success (Amplify's shapes with
    /// absent parts), so `Shape` and `Challenge` faults succeed.
    Loose,
    /// The hosted UI's `/oauth2/token`.
    OAuth,
    /// `RevokeToken` / `GlobalSignOut` during `signOut`: errors are swallowed by design.
    SignOut,
}

/// One step of a scripted flow.
enum Step {
    /// A command (becomes the operation the next fault is charged to).
    Cmd(Value),
    /// The next request (its `x-amz-target` operation, or `oauth2/token`), how it reads its
    /// answer, and the successful answer to give it.
    Reply(&'static str, Kind, Value),
    /// The host's WebAuthn ceremony succeeds with this credential.
    WebAuthn(Value),
    /// The browser comes back to the redirect URL with a code and the stored state.
    Callback,
}

/// A whole flow as a script. Adding one here adds its cells to the matrix.
struct Flow {
    name: &'static str,
    config: Value,
    storage: BTreeMap<String, String>,
    steps: Vec<Step>,
    /// Error names after which the flow's policy is to end the session (refresh only).
    ends_session_on: &'static [&'static str],
    /// What the operation completes with when the session ends that way: `None` for an
    /// empty session (`fetchAuthSession`), else the error name (account calls).
    ended_error: Option<&'static str>,
    /// The successful flow signs the user out (`deleteUser`, `signOut`).
    success_signs_out: bool,
}

impl Flow {
    fn new(
        name: &'static str,
        config: Value,
        storage: BTreeMap<String, String>,
        steps: Vec<Step>,
    ) -> Flow {
        Flow {
            name,
            config,
            storage,
            steps,
            ends_session_on: &[],
            ended_error: None,
            success_signs_out: false,
        }
    }
}

const NOW_S: i64 = 1_772_528_707;
const ID_POOL: &str = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const PASSWORD: &str = "Pa55word-of-the-fault-matrix";
const NEW_PASSWORD: &str = "N3w-Pa55word-of-the-fault-matrix";
const CLIENT_SECRET: &str = "client-secret-of-the-fault-matrix";
const AWS_SECRET: &str = "aws-secret-key-of-the-fault-matrix";
const AWS_SESSION: &str = "aws-session-token-of-the-fault-matrix";
const OAUTH_REFRESH: &str = "oauth-refresh-token-of-the-fault-matrix";
const CHALLENGE_SESSION: &str = "challenge-session-of-the-fault-matrix";
const PASSKEY_OPTIONS: &str =
    r#"{"challenge":"Y2hhbGxlbmdl","rpId":"example.com","userVerification":"required"}"#;

fn oauth_config() -> Value {
    json!({"oauth": {"domain": "auth.example.com", "scopes": ["openid"],
        "redirectSignIn": "https://app.example.com/", "redirectSignOut": "https://app.example.com/"}})
}

fn flows() -> Vec<Flow> {
    use Kind::*;
    use Step::{Callback, Cmd, Reply, WebAuthn};
    let tokens = auth_result("alice", "sub-a", NOW_S, true);
    let sign_in = |flow: &str| {
        json!({"type": "signIn", "username": "alice", "password": PASSWORD,
        "options": {"authFlowType": flow}})
    };
    let confirm = |r: &str| json!({"type": "confirmSignIn", "challengeResponse": r});
    let challenge = |name: &str, params: Value| {
        json!({"ChallengeName": name,
        "Session": CHALLENGE_SESSION, "ChallengeParameters": params})
    };
    let device = storage(&[
        (&user_key("alice", "deviceKey"), "us-east-1_dk"),
        (&user_key("alice", "deviceGroupKey"), "grp"),
        (&user_key("alice", "randomPasswordKey"), "devpw"),
    ]);
    let expired = stored_session("alice", "sub-a", NOW_S - 7200);
    let valid = stored_session("alice", "sub-a", NOW_S - 60);
    let none = || storage(&[]);
    let credential = json!({"id": "Y3JlZA", "rawId": "Y3JlZA", "type": "public-key",
        "response": {"clientDataJSON": "e30", "authenticatorData": "YXV0aA", "signature": "c2ln"}});
    let credentials = json!({"Credentials": {"AccessKeyId": "AKIA", "SecretKey": AWS_SECRET,
        "SessionToken": AWS_SESSION, "Expiration": NOW_S + 3600}});
    let r = &tokens["AuthenticationResult"];
    let oauth_tokens = json!({"access_token": r["AccessToken"], "id_token": r["IdToken"],
        "refresh_token": OAUTH_REFRESH, "token_type": "Bearer", "expires_in": 3600});
    let mut flows = vec![
        Flow::new(
            "srp",
            json!({}),
            none(),
            vec![
                Cmd(sign_in("USER_SRP_AUTH")),
                Reply(
                    "InitiateAuth",
                    Auth,
                    serde_json::from_str(CHALLENGE).unwrap_or_default(),
                ),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "password",
            json!({}),
            none(),
            vec![
                Cmd(sign_in("USER_PASSWORD_AUTH")),
                Reply("InitiateAuth", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "sms mfa",
            json!({}),
            none(),
            vec![
                Cmd(sign_in("USER_PASSWORD_AUTH")),
                Reply("InitiateAuth", Auth, challenge("SMS_MFA", json!({}))),
                Cmd(confirm("123456")),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "totp setup",
            json!({}),
            none(),
            vec![
                Cmd(sign_in("USER_PASSWORD_AUTH")),
                Reply(
                    "InitiateAuth",
                    Auth,
                    challenge(
                        "MFA_SETUP",
                        json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}),
                    ),
                ),
                Reply(
                    "AssociateSoftwareToken",
                    Strict,
                    json!({"SecretCode": "ABC", "Session": "s2"}),
                ),
                Cmd(confirm("123456")),
                Reply(
                    "VerifySoftwareToken",
                    Strict,
                    json!({"Status": "SUCCESS", "Session": "s3"}),
                ),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "new password",
            json!({}),
            none(),
            vec![
                Cmd(sign_in("USER_SRP_AUTH")),
                Reply(
                    "InitiateAuth",
                    Auth,
                    serde_json::from_str(CHALLENGE).unwrap_or_default(),
                ),
                Reply(
                    "RespondToAuthChallenge",
                    Auth,
                    challenge("NEW_PASSWORD_REQUIRED", json!({"requiredAttributes": "[]"})),
                ),
                Cmd(confirm(NEW_PASSWORD)),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "custom",
            json!({}),
            none(),
            vec![
                Cmd(
                    json!({"type": "signIn", "username": "alice", "options": {"authFlowType": "CUSTOM_WITHOUT_SRP"}}),
                ),
                Reply(
                    "InitiateAuth",
                    Auth,
                    challenge("CUSTOM_CHALLENGE", json!({"q": "?"})),
                ),
                Cmd(confirm("42")),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "user auth",
            json!({}),
            none(),
            vec![
                Cmd(
                    json!({"type": "signIn", "username": "alice", "options": {"authFlowType": "USER_AUTH"}}),
                ),
                Reply(
                    "InitiateAuth",
                    Auth,
                    json!({"ChallengeName": "SELECT_CHALLENGE", "Session": CHALLENGE_SESSION,
                "AvailableChallenges": ["EMAIL_OTP", "PASSWORD"]}),
                ),
                Cmd(confirm("EMAIL_OTP")),
                Reply(
                    "RespondToAuthChallenge",
                    Auth,
                    challenge("EMAIL_OTP", json!({})),
                ),
                Cmd(confirm("777777")),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "device srp",
            json!({}),
            device,
            vec![
                Cmd(sign_in("USER_PASSWORD_AUTH")),
                Reply(
                    "InitiateAuth",
                    Auth,
                    challenge("DEVICE_SRP_AUTH", json!({})),
                ),
                Reply(
                    "RespondToAuthChallenge",
                    Auth,
                    challenge(
                        "DEVICE_PASSWORD_VERIFIER",
                        json!({"SALT": "a1b2", "SRP_B": "5f5e5d", "SECRET_BLOCK": "c2Vj", "USERNAME": "alice"}),
                    ),
                ),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "passkey sign-in",
            json!({}),
            none(),
            vec![
                Cmd(json!({"type": "signIn", "username": "alice",
                "options": {"authFlowType": "USER_AUTH", "preferredChallenge": "WEB_AUTHN"}})),
                Reply(
                    "InitiateAuth",
                    Auth,
                    challenge(
                        "WEB_AUTHN",
                        json!({"CREDENTIAL_REQUEST_OPTIONS": PASSKEY_OPTIONS, "USERNAME": "alice"}),
                    ),
                ),
                WebAuthn(credential.clone()),
                Reply("RespondToAuthChallenge", Auth, tokens.clone()),
            ],
        ),
        Flow::new(
            "hosted-UI callback",
            oauth_config(),
            none(),
            vec![
                Cmd(json!({"type": "signInWithRedirect", "provider": "Google"})),
                Callback,
                Reply("oauth2/token", OAuth, oauth_tokens),
            ],
        ),
        Flow {
            ends_session_on: &["NotAuthorizedException"],
            ..Flow::new(
                "refresh (rotation)",
                json!({"refreshFlow": "rotation"}),
                expired.clone(),
                vec![
                    Cmd(json!({"type": "fetchAuthSession"})),
                    Reply(
                        "GetTokensFromRefreshToken",
                        Auth,
                        auth_result("alice", "sub-a", NOW_S, false),
                    ),
                ],
            )
        },
        Flow {
            ends_session_on: &["NotAuthorizedException"],
            ..Flow::new(
                "refresh (initiateAuth)",
                json!({"refreshFlow": "initiateAuth"}),
                expired.clone(),
                vec![
                    Cmd(json!({"type": "fetchAuthSession", "forceRefresh": true})),
                    Reply(
                        "InitiateAuth",
                        Auth,
                        auth_result("alice", "sub-a", NOW_S, false),
                    ),
                ],
            )
        },
        Flow {
            ends_session_on: &["NotAuthorizedException"],
            ended_error: Some("UserUnAuthenticatedException"),
            ..Flow::new(
                "account call after a refresh",
                json!({"refreshFlow": "rotation"}),
                expired,
                vec![
                    Cmd(json!({"type": "fetchUserAttributes"})),
                    Reply(
                        "GetTokensFromRefreshToken",
                        Auth,
                        auth_result("alice", "sub-a", NOW_S, false),
                    ),
                    Reply(
                        "GetUser",
                        Strict,
                        json!({"UserAttributes": [{"Name": "sub", "Value": "sub-a"}]}),
                    ),
                ],
            )
        },
        Flow::new(
            "identity pool",
            json!({"identityPoolId": ID_POOL}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "fetchAuthSession"})),
                Reply("GetId", Strict, json!({"IdentityId": "us-east-1:id"})),
                Reply("GetCredentialsForIdentity", Strict, credentials.clone()),
            ],
        ),
        Flow::new(
            "guest credentials",
            json!({"identityPoolId": ID_POOL, "allowGuestAccess": true}),
            none(),
            vec![
                Cmd(json!({"type": "fetchAuthSession"})),
                Reply("GetId", Strict, json!({"IdentityId": "us-east-1:guest"})),
                Reply("GetCredentialsForIdentity", Strict, credentials),
            ],
        ),
        Flow::new(
            "signUp",
            json!({}),
            none(),
            vec![
                Cmd(
                    json!({"type": "signUp", "username": "alice", "password": PASSWORD,
                "options": {"userAttributes": {"email": "alice@example.com"}}}),
                ),
                Reply(
                    "SignUp",
                    Loose,
                    json!({"UserConfirmed": false, "UserSub": "sub-a",
                "CodeDeliveryDetails": {"DeliveryMedium": "EMAIL", "Destination": "a***@e***"}}),
                ),
            ],
        ),
        Flow::new(
            "confirmSignUp",
            json!({}),
            none(),
            vec![
                Cmd(
                    json!({"type": "confirmSignUp", "username": "alice", "confirmationCode": "123456"}),
                ),
                Reply("ConfirmSignUp", Loose, json!({})),
            ],
        ),
        Flow::new(
            "resetPassword",
            json!({}),
            none(),
            vec![
                Cmd(json!({"type": "resetPassword", "username": "alice"})),
                Reply(
                    "ForgotPassword",
                    Loose,
                    json!({"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL"}}),
                ),
            ],
        ),
        Flow::new(
            "confirmResetPassword",
            json!({}),
            none(),
            vec![
                Cmd(
                    json!({"type": "confirmResetPassword", "username": "alice", "newPassword": NEW_PASSWORD,
                "confirmationCode": "123456"}),
                ),
                Reply("ConfirmForgotPassword", Loose, json!({})),
            ],
        ),
        Flow::new(
            "updatePassword",
            json!({}),
            valid.clone(),
            vec![
                Cmd(
                    json!({"type": "updatePassword", "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}),
                ),
                Reply("ChangePassword", Loose, json!({})),
            ],
        ),
        Flow::new(
            "setUpTOTP",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "setUpTOTP"})),
                Reply(
                    "AssociateSoftwareToken",
                    Strict,
                    json!({"SecretCode": "JBSWY3DP"}),
                ),
            ],
        ),
        Flow::new(
            "verifyTOTPSetup",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "verifyTOTPSetup", "code": "123456"})),
                Reply("VerifySoftwareToken", Loose, json!({"Status": "SUCCESS"})),
            ],
        ),
        Flow::new(
            "fetchUserAttributes",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "fetchUserAttributes"})),
                Reply(
                    "GetUser",
                    Strict,
                    json!({"UserAttributes": [{"Name": "email", "Value": "a@example.com"}]}),
                ),
            ],
        ),
        Flow::new(
            "fetchMFAPreference",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "fetchMFAPreference"})),
                Reply(
                    "GetUser",
                    Loose,
                    json!({"UserMFASettingList": ["SOFTWARE_TOKEN_MFA"]}),
                ),
            ],
        ),
        Flow::new(
            "updateUserAttributes",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "updateUserAttributes", "userAttributes": {"name": "Al"}})),
                Reply("UpdateUserAttributes", Loose, json!({})),
            ],
        ),
        Flow::new(
            "fetchDevices (two pages)",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "fetchDevices"})),
                Reply(
                    "ListDevices",
                    Loose,
                    json!({"Devices": [{"DeviceKey": "k1"}], "PaginationToken": "p2"}),
                ),
                Reply(
                    "ListDevices",
                    Loose,
                    json!({"Devices": [{"DeviceKey": "k2"}]}),
                ),
            ],
        ),
        Flow::new(
            "associateWebAuthnCredential",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "associateWebAuthnCredential"})),
                Reply(
                    "StartWebAuthnRegistration",
                    Strict,
                    json!({"CredentialCreationOptions": {"challenge": "Yw"}}),
                ),
                WebAuthn(json!({"id": "bmV3", "type": "public-key"})),
                Reply("CompleteWebAuthnRegistration", Loose, json!({})),
            ],
        ),
        Flow::new(
            "listWebAuthnCredentials (two pages)",
            json!({}),
            valid.clone(),
            vec![
                Cmd(json!({"type": "listWebAuthnCredentials"})),
                Reply(
                    "ListWebAuthnCredentials",
                    Loose,
                    json!({"Credentials": [{"CredentialId": "c1"}], "NextToken": "n2"}),
                ),
                Reply(
                    "ListWebAuthnCredentials",
                    Loose,
                    json!({"Credentials": [{"CredentialId": "c2"}]}),
                ),
            ],
        ),
        Flow {
            success_signs_out: true,
            ..Flow::new(
                "deleteUser",
                json!({}),
                valid.clone(),
                vec![
                    Cmd(json!({"type": "deleteUser"})),
                    Reply("DeleteUser", Loose, json!({})),
                ],
            )
        },
        Flow {
            success_signs_out: true,
            ..Flow::new(
                "signOut",
                json!({}),
                valid.clone(),
                vec![
                    Cmd(json!({"type": "signOut"})),
                    Reply("RevokeToken", SignOut, json!({})),
                ],
            )
        },
        Flow {
            success_signs_out: true,
            ..Flow::new(
                "global signOut",
                json!({}),
                valid,
                vec![
                    Cmd(json!({"type": "signOut", "global": true})),
                    Reply("GlobalSignOut", SignOut, json!({})),
                ],
            )
        },
    ];
    // Every flow runs against a confidential client, so the scan below also covers the
    // client secret.
    for flow in &mut flows {
        if let Some(obj) = flow.config.as_object_mut() {
            obj.insert("userPoolClientSecret".into(), json!(CLIENT_SECRET));
        }
    }
    flows
}

/// Strings that must never appear in an error, an event, a snapshot or the machine's `Debug`.
fn secrets() -> Vec<String> {
    let mut out: Vec<String> = [
        PASSWORD,
        NEW_PASSWORD,
        CLIENT_SECRET,
        AWS_SECRET,
        AWS_SESSION,
        OAUTH_REFRESH,
        CHALLENGE_SESSION,
        "refresh-token-value",
        "devpw",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let tokens = auth_result("alice", "sub-a", NOW_S, true);
    for name in ["AccessToken", "IdToken"] {
        out.extend(
            tokens["AuthenticationResult"][name]
                .as_str()
                .map(str::to_owned),
        );
    }
    for iat in [NOW_S - 7200, NOW_S - 60] {
        let stored = stored_session("alice", "sub-a", iat);
        out.push(stored[&user_key("alice", "accessToken")].clone());
        out.push(stored[&user_key("alice", "idToken")].clone());
    }
    out
}

/// Fails if any secret shows up in what the host may log or show.
fn scan(host: &Host, cell: &str, secrets: &[String]) {
    let mut seen = String::new();
    for (_, result) in &host.completed {
        if let Err(e) = result {
            seen.push_str(&format!(
                "{e}\n{e:?}\n{}\n",
                cognito_headless::json::to_string(e)
            ));
        }
    }
    for event in &host.events {
        seen.push_str(&format!(
            "{event:?}\n{}\n",
            cognito_headless::json::to_string(event)
        ));
    }
    seen.push_str(&cognito_headless::json::to_string(&host.machine.snapshot()));
    seen.push_str(&format!("{:?}", host.machine));
    for secret in secrets {
        assert!(
            !seen.contains(secret.as_str()),
            "{cell}: a secret leaked: {secret:?}"
        );
    }
}

/// Storage minus what a flow writes for itself while it runs (the saved sign-in step, the
/// hosted UI's PKCE keys, which a failed callback removes by policy).
fn session_storage(host: &Host) -> BTreeMap<String, String> {
    let own = [
        "signInState",
        "inflightOAuth",
        "inflightOAuthDeadline",
        "oauthPKCE",
        "oauthState",
        "oauthSignIn",
    ]
    .map(|k| format!("CognitoIdentityServiceProvider.{CLIENT_ID}.{k}"));
    host.storage
        .iter()
        .filter(|(k, _)| !own.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn is_op(request: &HttpRequest, op: &str) -> bool {
    match request.header("x-amz-target") {
        Some(target) => target.ends_with(&format!(".{op}")),
        None => request.url.ends_with(&format!("/{op}")),
    }
}

fn host_for(flow: &Flow) -> Host {
    let mut base = json!({"userPoolId": "us-east-1_P", "userPoolClientId": CLIENT_ID});
    if let (Some(b), Some(extra)) = (base.as_object_mut(), flow.config.as_object()) {
        b.extend(extra.clone());
    }
    let cfg: cognito_headless::machine::Config =
        crate::support::bridge::from_value(base).expect("config");
    let mut host = Host::started(cfg, flow.storage.clone());
    host.random = vec![7; 512];
    host
}

/// What happened to one run of a flow.
struct Run {
    /// Requests answered (or faulted) before the run stopped.
    requests: usize,
    /// The operation of the last command.
    last_op: u64,
    /// The session storage just before the fault.
    before: BTreeMap<String, String>,
}

/// Runs `flow`'s steps on `host`. With `fault_at`, the `at`-th request gets `fault` and the
/// run stops there. With `lenient`, a reply step whose request does not come is skipped
/// (a retry may skip what the first run already learned, such as the identity id).
fn run_steps(
    host: &mut Host,
    flow: &Flow,
    fault_at: Option<(usize, &Fault)>,
    lenient: bool,
) -> Run {
    let mut last_op = 0;
    let mut index = 0;
    for step in &flow.steps {
        match step {
            Step::Cmd(command) => last_op = host.command(command.clone()),
            Step::WebAuthn(credential) => {
                let (id, ..) = host
                    .ceremonies
                    .pop()
                    .unwrap_or_else(|| panic!("{}: no ceremony", flow.name));
                host.input(Input::WebAuthnResult {
                    id,
                    credential: Some(crate::support::bridge::ours(&credential.clone())),
                    error: None,
                });
            }
            Step::Callback => {
                let state = host
                    .storage
                    .get(&format!(
                        "CognitoIdentityServiceProvider.{CLIENT_ID}.oauthState"
                    ))
                    .cloned()
                    .unwrap_or_default();
                last_op = host.command(json!({"type": "handleOAuthCallback",
                    "url": format!("https://app.example.com/?code=c0de&state={state}")}));
            }
            Step::Reply(op, _, body) => {
                let next = host.pending.front().map(|(_, r)| is_op(r, op));
                if lenient && next != Some(true) {
                    continue;
                }
                let (id, request) = host.next_request();
                assert!(
                    is_op(&request, op),
                    "{}: expected {op}, got {request:?}",
                    flow.name
                );
                if let Some((at, fault)) = fault_at {
                    if at == index {
                        let before = session_storage(host);
                        (fault.inject)(host, id);
                        return Run {
                            requests: index + 1,
                            last_op,
                            before,
                        };
                    }
                }
                host.respond(id, 200, &body.to_string());
                index += 1;
            }
        }
    }
    Run {
        requests: index,
        last_op,
        before: BTreeMap::new(),
    }
}

/// The session keys are gone (tokens and `LastAuthUser`), the device keys are not.
fn assert_signed_out(host: &Host, before: &BTreeMap<String, String>, cell: &str) {
    for k in [
        last_user_key(),
        user_key("alice", "accessToken"),
        user_key("alice", "idToken"),
        user_key("alice", "refreshToken"),
    ] {
        assert!(!host.storage.contains_key(&k), "{cell}: {k} left behind");
    }
    for (k, v) in before {
        if k.ends_with(".deviceKey")
            || k.ends_with(".deviceGroupKey")
            || k.ends_with(".randomPasswordKey")
        {
            assert_eq!(host.storage.get(k), Some(v), "{cell}: device key {k} lost");
        }
    }
    let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
    assert_eq!(snap["authStatus"], "unauthenticated", "{cell}");
}

/// Runs `flow` with `fault` at its `at`-th request and checks the cell. Returns whether the
/// fault was an error for the caller (`false`: accepted by policy, see [`Kind`]).
fn run_cell(flow: &Flow, at: usize, fault: &Fault, secrets: &[String]) -> bool {
    let mut host = host_for(flow);
    let Some(Step::Reply(op, kind, _)) = flow
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Reply(..)))
        .nth(at)
    else {
        panic!("{}: no request {at}", flow.name);
    };
    let cell = format!("{} / request {at} ({op}) / {}", flow.name, fault.label);
    let run = run_steps(&mut host, flow, Some((at, fault)), false);
    let before = run.before;
    let ends = *kind == Kind::Auth && flow.ends_session_on.contains(&fault.expected());
    let expect = fault.expect(*kind);
    let result = host.result(run.last_op).clone();
    let errored = result.is_err();
    match (&result, expect) {
        _ if ends => {
            // The refresh token is dead: the session ends by policy.
            match (flow.ended_error, &result) {
                (None, Ok(_)) => {}
                (Some(name), Err(e)) => assert_eq!(e.name(), name, "{cell}"),
                (_, other) => panic!("{cell}: {other:?}"),
            }
            assert_signed_out(&host, &before, &cell);
        }
        (Err(e), Err(name)) => {
            assert_eq!(e.name(), name, "{cell}");
            assert_eq!(session_storage(&host), before, "{cell}: storage changed");
        }
        (Ok(_), Ok(())) if *kind == Kind::SignOut || flow.success_signs_out => {
            assert_signed_out(&host, &before, &cell);
        }
        (Ok(_), Ok(())) => {
            assert_eq!(session_storage(&host), before, "{cell}: storage changed");
        }
        (got, want) => panic!("{cell}: expected {want:?}, got {got:?}"),
    }
    if *kind == Kind::OAuth {
        assert!(
            !host
                .storage
                .keys()
                .any(|k| k.contains(".oauth") || k.contains(".inflightOAuth")),
            "{cell}: the single-use PKCE keys stay behind"
        );
    }
    // Idle: nothing in flight, nothing pending, every operation completed exactly once.
    let snap = crate::support::bridge::to_value(host.machine.snapshot()).expect("snap");
    assert_eq!(snap["isPending"], false, "{cell}");
    assert!(
        host.pending.is_empty(),
        "{cell}: requests left in flight: {:?}",
        host.pending
    );
    assert!(host.ceremonies.is_empty(), "{cell}: a ceremony left open");
    let mut ops: Vec<u64> = host.completed.iter().map(|(op, _)| *op).collect();
    let all = ops.len();
    ops.dedup();
    assert_eq!(ops.len(), all, "{cell}: an operation completed twice");
    scan(&host, &cell, secrets);
    // The user can retry at once (unless the session is gone by policy: then signing in is
    // the retry, which the sign-in flows cover).
    let signed_out =
        !host.storage.contains_key(&last_user_key()) && flow.storage.contains_key(&last_user_key());
    if !signed_out {
        let retry = run_steps(&mut host, flow, None, true);
        let outcome: &Result<_, AuthError> = host.result(retry.last_op);
        assert!(outcome.is_ok(), "{cell}: the retry failed: {outcome:?}");
        assert!(
            host.pending.is_empty(),
            "{cell}: the retry left requests in flight"
        );
        scan(&host, &cell, secrets);
    }
    errored
}

#[test]
fn fault_matrix_every_request_of_every_flow() {
    let all = faults();
    let secrets = secrets();
    let (mut cells, mut errors) = (0, 0);
    for flow in flows() {
        // The unfaulted script succeeds and leaves nothing in flight.
        let mut host = host_for(&flow);
        let run = run_steps(&mut host, &flow, None, false);
        assert!(
            host.result(run.last_op).is_ok(),
            "{}: {:?}",
            flow.name,
            host.result(run.last_op)
        );
        assert!(host.pending.is_empty(), "{}: {:?}", flow.name, host.pending);
        scan(&host, flow.name, &secrets);
        for at in 0..run.requests {
            for fault in &all {
                if run_cell(&flow, at, fault, &secrets) {
                    errors += 1;
                }
                cells += 1;
            }
        }
    }
    println!(
        "fault matrix cells: {cells} ({errors} typed errors, {} accepted by policy: \
              sign-out swallows errors, calls without required fields take any JSON object)",
        cells - errors
    );
    assert!(cells >= 500, "{cells}");
    assert!(errors >= 500, "{errors}");
}
