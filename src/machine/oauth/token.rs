//! The hosted UI's `/oauth2/token` exchange: the request (a form) and its answer.

use crate::cognito::{HttpRequest, HttpResponse};
use crate::json::{Json, Map};
use crate::machine::AuthError;
use crate::session::{Jwt, Secret};

use super::oauth_error;

/// The `authorization_code` grant for `code`, with the PKCE verifier.
pub(super) fn exchange_request(
    domain: &str,
    client_id: &str,
    code: String,
    redirect_uri: &str,
    verifier: String,
) -> HttpRequest {
    let form = [
        ("grant_type", "authorization_code".to_owned()),
        ("code", code),
        ("client_id", client_id.to_owned()),
        ("redirect_uri", redirect_uri.to_owned()),
        ("code_verifier", verifier),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", crate::url::encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    HttpRequest {
        method: "POST".into(),
        url: format!("https://{domain}/oauth2/token"),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Secret::new(form),
    }
}

/// The tokens of a token endpoint answer: access, id (if any), refresh (if any).
pub(super) fn parse_response(
    r: &HttpResponse,
) -> Result<(Jwt, Option<Jwt>, Option<Secret>), AuthError> {
    let text = crate::cognito::within_cap(r)?;
    let body: Map = match crate::json::parse(text) {
        Ok(Json::Object(m)) => m,
        _ => return Err(AuthError::UnexpectedResponse { status: r.status }),
    };
    if let Some(error) = body.get("error").and_then(Json::as_str) {
        return Err(oauth_error(format!("token endpoint: {error}")));
    }
    if !(200..300).contains(&r.status) {
        // Tokens in an error answer are not to be trusted.
        return Err(AuthError::UnexpectedResponse { status: r.status });
    }
    let field = |k: &str| body.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
    let access = field("access_token").ok_or(AuthError::MalformedResponse {
        operation: "oauth2/token",
        detail: "access_token missing",
    })?;
    let access = Jwt::parse(access).map_err(|_| AuthError::MalformedResponse {
        operation: "oauth2/token",
        detail: "access_token is not a JWT",
    })?;
    let id = field("id_token").map(Jwt::parse).transpose().map_err(|_| {
        AuthError::MalformedResponse {
            operation: "oauth2/token",
            detail: "id_token is not a JWT",
        }
    })?;
    Ok((access, id, field("refresh_token").map(Secret::new)))
}
