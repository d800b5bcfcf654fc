//! `AuthError.metadata`: the HTTP facts of a Cognito error answer, as Amplify reports them.
//!
//! Expected values follow `@aws-amplify/core`'s `parseMetadata` (`clients/serde/
//! responseInfo`): `httpStatusCode` is the status; `requestId` is `x-amzn-requestid`, else
//! `x-amzn-request-id`, else `x-amz-request-id`; `extendedRequestId` is `x-amz-id-2`; and
//! `AmplifyError` keeps only those three keys. Errors that did not come in an answer (the
//! network, a malformed body) carry none.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::support::*;
use cognito_headless::cognito::HttpResponse;
use cognito_headless::session::Secret;
use serde_json::{json, Value};

fn wrong_password(headers: &[(&str, &str)]) -> Value {
    let mut host = Host::started(config("us-east-1_X"), storage(&[]));
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "nope",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.next_request();
    host.respond_with(
        id,
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: Secret::new(
                r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
            ),
        },
    );
    host.result_json(op)["error"].clone()
}

#[test]
fn a_service_error_carries_status_and_request_ids() {
    let error = wrong_password(&[
        (
            "x-amzn-errortype",
            "NotAuthorizedException:http://internal.amazon.com/",
        ),
        ("X-Amzn-RequestId", "3b1c0e4a-0000-4000-8000-000000000001"),
        ("x-amz-request-id", "not-this-one"),
        ("x-amz-id-2", "ext-2"),
    ]);
    assert_eq!(error["name"], "NotAuthorizedException");
    assert_eq!(
        error["metadata"],
        json!({"httpStatusCode": 400, "requestId": "3b1c0e4a-0000-4000-8000-000000000001",
               "extendedRequestId": "ext-2"})
    );
}

#[test]
fn the_request_id_falls_back_in_amplifys_order() {
    let error = wrong_password(&[
        ("x-amzn-request-id", "second"),
        ("x-amz-request-id", "third"),
    ]);
    assert_eq!(error["metadata"]["requestId"], "second");
    let error = wrong_password(&[("x-amz-request-id", "third")]);
    assert_eq!(error["metadata"]["requestId"], "third");
    let error = wrong_password(&[]);
    assert_eq!(error["metadata"], json!({"httpStatusCode": 400}));
}

#[test]
fn errors_without_an_answer_carry_no_metadata() {
    let mut host = Host::started(config("us-east-1_X"), storage(&[]));
    let op = host.command(
        json!({"type": "signIn", "username": "alice", "password": "p",
        "options": {"authFlowType": "USER_PASSWORD_AUTH"}}),
    );
    let (id, _) = host.next_request();
    host.respond(id, 200, r#"{"nothing":"useful"}"#);
    let error = host.result_json(op)["error"].clone();
    assert_eq!(error["name"], "MalformedResponseException", "{error}");
    assert!(error.get("metadata").is_none(), "{error}");
}
