//! Response parsing against the response syntax in Cognito's API reference.

use super::*;
use crate::json::{parse, Json, Map};

fn object(text: &str) -> Map {
    match parse(text) {
        Ok(Json::Object(map)) => map,
        _ => Map::new(),
    }
}

#[test]
fn get_user_reads_attributes_and_mfa_settings() {
    let body = object(
        r#"{"MFAOptions":[],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA",
            "UserAttributes":[{"Name":"email","Value":"a@example.com"},{"Name":"sub","Value":"u-1"}],
            "UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"],"Username":"alice"}"#,
    );
    let user = GetUserResponse::parse(&body);
    assert_eq!(
        user.attributes().ok(),
        Some(
            &[
                ("email".to_owned(), "a@example.com".to_owned()),
                ("sub".to_owned(), "u-1".to_owned())
            ][..]
        )
    );
    assert_eq!(user.mfa_settings, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    assert_eq!(user.preferred_mfa.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
    let bare = GetUserResponse::parse(&object(r#"{"Username":"alice"}"#));
    assert!(matches!(
        bare.attributes(),
        Err(ResponseError::Malformed {
            operation: "GetUser",
            ..
        })
    ));
}

#[test]
fn code_delivery_details_and_sign_up() {
    let body = object(
        r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL",
            "Destination":"a***@e***"},"Session":"s-1","UserConfirmed":false,"UserSub":"u-1"}"#,
    );
    let answer = SignUpResponse::parse(&body);
    assert!(!answer.user_confirmed);
    assert_eq!(answer.user_sub.as_deref(), Some("u-1"));
    assert_eq!(answer.session.as_ref().map(|s| s.expose()), Some("s-1"));
    assert_eq!(
        answer.code_delivery,
        CodeDeliveryDetails {
            destination: Some("a***@e***".into()),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        }
    );
    let pending = pending_attribute_codes(&object(
        r#"{"CodeDeliveryDetailsList":[{"AttributeName":"phone_number","DeliveryMedium":"SMS","Destination":"+***1"}]}"#,
    ));
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].attribute_name.as_deref(), Some("phone_number"));
}

#[test]
fn devices_page_reads_keys_attributes_dates_and_token() {
    let body = object(
        r#"{"Devices":[{"DeviceAttributes":[{"Name":"device_name","Value":"Firefox"}],
            "DeviceCreateDate":1700000000.5,"DeviceKey":"us-east-1_abc",
            "DeviceLastAuthenticatedDate":1700000100,"DeviceLastModifiedDate":1700000050}],
            "PaginationToken":"p2"}"#,
    );
    let page = DevicesPage::parse(&body);
    assert_eq!(page.pagination_token.as_deref(), Some("p2"));
    assert_eq!(
        page.devices,
        [Device {
            key: Some("us-east-1_abc".into()),
            attributes: vec![("device_name".into(), "Firefox".into())],
            create_date: Some(1_700_000_000.5),
            last_modified_date: Some(1_700_000_050.0),
            last_authenticated_date: Some(1_700_000_100.0),
        }]
    );
    assert_eq!(
        DevicesPage::parse(&object(r#"{"Devices":[],"PaginationToken":""}"#)).pagination_token,
        None
    );
}

#[test]
fn webauthn_credentials_page() {
    let body = object(
        r#"{"Credentials":[{"AuthenticatorAttachment":"platform","AuthenticatorTransports":["internal"],
            "CreatedAt":1700000000,"CredentialId":"c-1","FriendlyCredentialName":"Mac",
            "RelyingPartyId":"example.com"}],"NextToken":"n2"}"#,
    );
    let page = WebAuthnCredentialsPage::parse(&body);
    assert_eq!(page.next_token.as_deref(), Some("n2"));
    assert_eq!(page.credentials.len(), 1);
    let c = &page.credentials[0];
    assert_eq!(c.credential_id.as_deref(), Some("c-1"));
    assert_eq!(
        c.authenticator_transports.as_deref(),
        Some(&["internal".to_owned()][..])
    );
    assert_eq!(c.created_at, Some(1_700_000_000.0));
}

#[test]
fn associate_software_token_needs_its_secret() {
    let ok =
        AssociateSoftwareTokenResponse::parse(&object(r#"{"SecretCode":"ABCD","Session":"s"}"#));
    assert_eq!(
        ok.as_ref().map(|a| a.secret_code.as_str()).ok(),
        Some("ABCD")
    );
    assert!(AssociateSoftwareTokenResponse::parse(&object(r#"{"SecretCode":""}"#)).is_err());
    assert!(credential_creation_options(&object(r#"{"CredentialCreationOptions":"x"}"#)).is_err());
}

#[test]
fn verify_software_token_status() {
    let ok = VerifySoftwareTokenResponse::parse(&object(r#"{"Session":"s2","Status":"SUCCESS"}"#));
    assert_eq!(ok.as_ref().map(|v| v.succeeded).ok(), Some(true));
    let failed = VerifySoftwareTokenResponse::parse(&object(r#"{"Status":"ERROR"}"#));
    assert_eq!(failed.as_ref().map(|v| v.succeeded).ok(), Some(false));
    assert!(VerifySoftwareTokenResponse::parse(&object("{}")).is_err());
}
