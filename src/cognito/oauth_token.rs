//! The hosted UI's `/oauth2/token` exchange: the `authorization_code` grant (a form, with
//! the PKCE verifier) and its answer.

use crate::json::{self, Json, Map};
use crate::session::{Jwt, Secret};

use super::{within_cap, HttpRequest, HttpResponse, ResponseError};

/// The `authorization_code` grant of a hosted-UI sign-in.
#[derive(Debug)]
pub struct AuthorizationCodeGrant<'a> {
    /// The hosted UI's domain (`<prefix>.auth.<region>.amazoncognito.com` or a custom one).
    pub domain: &'a str,
    /// `client_id`.
    pub client_id: &'a str,
    /// `code`, from the redirect (single-use).
    pub code: &'a str,
    /// `redirect_uri`, as in the authorize request.
    pub redirect_uri: &'a str,
    /// `code_verifier` (PKCE).
    pub code_verifier: &'a Secret,
}

impl AuthorizationCodeGrant<'_> {
    /// `POST https://<domain>/oauth2/token` with the form.
    pub fn request(&self) -> HttpRequest {
        let pairs = [
            ("grant_type", "authorization_code"),
            ("code", self.code),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("code_verifier", self.code_verifier.expose()),
        ];
        // `k=v&…` by pushes: no `format!` per pair, no `join`.
        let mut form = String::new();
        for (k, v) in pairs {
            if !form.is_empty() {
                form.push('&');
            }
            form.push_str(k);
            form.push('=');
            form.push_str(&crate::url::encode(v));
        }
        HttpRequest {
            method: "POST".into(),
            url: format!("https://{}/oauth2/token", self.domain),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            body: Secret::new(form),
        }
    }
}

/// The tokens of a token endpoint answer.
#[derive(Debug)]
pub struct OAuthTokens {
    /// `access_token`.
    pub access: Jwt,
    /// `id_token` (with the `openid` scope).
    pub id: Option<Jwt>,
    /// `refresh_token`.
    pub refresh: Option<Secret>,
}

/// Why a token endpoint answer gave no tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// The endpoint's `error` (`invalid_grant`, …).
    Endpoint(String),
    /// Unreadable, too large, malformed, or another status than 2xx (tokens in an error
    /// answer are not to be trusted).
    Response(ResponseError),
}

impl From<ResponseError> for TokenError {
    fn from(e: ResponseError) -> Self {
        TokenError::Response(e)
    }
}

/// Reads a token endpoint answer.
pub fn parse_token_response(r: &HttpResponse) -> Result<OAuthTokens, TokenError> {
    let text = within_cap(r)?;
    let body: Map = match json::parse(text) {
        Ok(Json::Object(m)) => m,
        _ => return Err(ResponseError::NotJson { status: r.status }.into()),
    };
    if let Some(error) = body.get("error").and_then(Json::as_str) {
        return Err(TokenError::Endpoint(error.to_owned()));
    }
    if !(200..300).contains(&r.status) {
        return Err(ResponseError::UnexpectedStatus { status: r.status }.into());
    }
    let malformed = |detail| ResponseError::Malformed {
        operation: "oauth2/token",
        detail,
    };
    let field = |k: &str| body.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
    let access = field("access_token").ok_or(malformed("access_token missing"))?;
    let access = Jwt::parse(access).map_err(|_| malformed("access_token is not a JWT"))?;
    let id = field("id_token")
        .map(Jwt::parse)
        .transpose()
        .map_err(|_| malformed("id_token is not a JWT"))?;
    Ok(OAuthTokens {
        access,
        id,
        refresh: field("refresh_token").map(Secret::new),
    })
}
