//! The hosted UI's `/oauth2/authorize` URL, as Amplify builds it (PKCE S256).

use super::{OAuthConfig, Provider, RedirectOptions};

/// The authorize URL for a sign-in through `provider` (the hosted UI's own page when
/// `None`), coming back to `redirect` with `state`.
pub(super) fn url(
    oauth: &OAuthConfig,
    client_id: &str,
    redirect: String,
    provider: Option<Provider>,
    options: RedirectOptions,
    state: &str,
    challenge: String,
) -> String {
    // Amplify's `prompt` values are upper case ('LOGIN'); the hosted UI takes lower case.
    let prompt = options.prompt.map(|p| p.to_ascii_lowercase());
    let (idp_param, idp_value) = match provider {
        // A silent `prompt=none` names no provider, so a federated session resumes too.
        None if prompt.as_deref() == Some("none") => ("", String::new()),
        None => ("identity_provider", "COGNITO".to_owned()),
        Some(Provider::Named(p)) => (
            "identity_provider",
            match p.as_str() {
                "Amazon" => "LoginWithAmazon".to_owned(),
                "Apple" => "SignInWithApple".to_owned(),
                other => other.to_owned(),
            },
        ),
        Some(Provider::Custom { custom }) => ("identity_provider", custom),
        Some(Provider::Identifier { idp_identifier }) => ("idp_identifier", idp_identifier),
    };
    let mut params: Vec<(&str, String)> = vec![
        ("redirect_uri", redirect),
        ("response_type", "code".into()),
        ("client_id", client_id.to_owned()),
        ("scope", oauth.scopes.join(" ")),
        ("state", state.to_owned()),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256".into()),
    ];
    if !idp_param.is_empty() {
        params.insert(3, (idp_param, idp_value));
    }
    for (k, v) in [
        ("login_hint", options.login_hint),
        ("lang", options.lang),
        ("nonce", options.nonce),
        ("prompt", prompt),
    ] {
        if let Some(v) = v {
            params.push((k, v));
        }
    }
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::url::encode(v)))
        .collect();
    format!(
        "https://{}/oauth2/authorize?{}",
        oauth.domain,
        query.join("&")
    )
}
