//! Hosted-UI sign-in: `signInWithRedirect` (PKCE S256), the callback's code exchange, and
//! the sign-out redirect. Navigation is an effect the host performs.

mod authorize;

use crate::json::{FromJson, Json};
use crate::map::VecMap;
use sha2::{Digest, Sha256};

use super::{
    AuthError, AuthEvent, AuthMachine, Effect, NextStep, OpId, Output, RequestId, SignInOutput,
    UnixMillis,
};
use crate::cognito::{
    parse_token_response, AuthorizationCodeGrant, HttpResponse, OAuthTokens, TokenError,
};
use crate::session::{Jwt, Secret, SignInDetails, StoredSession, Tokens};

/// How long an OAuth sign-in may stay in flight before its keys count as abandoned.
pub const OAUTH_DEADLINE_MS: i64 = 5 * 60 * 1000;

const PKCE_ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Amplify's `loginWith.oauth`.
#[derive(Debug, Clone, PartialEq, FromJson)]
#[json(rename_all = "camelCase")]
pub struct OAuthConfig {
    /// The hosted UI domain (`auth.example.com` or `x.auth.us-east-1.amazoncognito.com`).
    pub domain: String,
    /// Scopes (`openid`, `email`, …).
    #[json(default)]
    pub scopes: Vec<String>,
    /// Where the hosted UI returns after sign-in (a string or a list).
    #[json(
        default,
        with = "crate::json::one_or_many",
        ts = "string | Array<string>"
    )]
    pub redirect_sign_in: Vec<String>,
    /// Where the hosted UI returns after sign-out (a string or a list).
    #[json(
        default,
        with = "crate::json::one_or_many",
        ts = "string | Array<string>"
    )]
    pub redirect_sign_out: Vec<String>,
    /// Social providers offered by the authenticator (`Google`, `Facebook`, `Amazon`, `Apple`).
    #[json(default)]
    pub providers: Vec<Json>,
}

/// `signInWithRedirect`'s provider: `'Google'`, `{ custom }` or `{ idpIdentifier }`,
/// tried in that order.
#[derive(Debug, Clone, FromJson)]
#[json(untagged, rename_all_fields = "camelCase")]
pub enum Provider {
    /// `Google`, `Facebook`, `Amazon`, `Apple`.
    Named(String),
    /// `{ custom: 'MyOIDC' }`.
    Custom {
        /// The identity provider name.
        custom: String,
    },
    /// `{ idpIdentifier: 'example.com' }`.
    Identifier {
        /// The IdP identifier.
        idp_identifier: String,
    },
}

/// `signInWithRedirect` options.
#[derive(Debug, Clone, Default, FromJson)]
#[json(rename_all = "camelCase")]
pub struct RedirectOptions {
    /// `login_hint`.
    pub login_hint: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `prompt`.
    pub prompt: Option<String>,
}

/// The hosted-UI callback in progress, and who waits for it.
#[derive(Debug, Default)]
pub(super) struct HostedUi {
    /// The callback being finished.
    pub(super) callback: Option<Callback>,
    /// The redirect URL of that callback (to clean the address bar).
    pub(super) redirect: Option<String>,
    /// Session reads waiting for that callback.
    pub(super) queued: Vec<(OpId, super::Command, super::Random)>,
}

/// An OAuth callback being handled.
#[derive(Debug)]
pub(super) enum Callback {
    /// Reading the stored verifier and state.
    Loading {
        load: RequestId,
        op: OpId,
        params: VecMap<String, String>,
        redirect_uri: String,
        deadline: UnixMillis,
    },
    /// `/oauth2/token` in flight.
    Exchanging {
        request: RequestId,
        op: OpId,
        custom_state: Option<String>,
        deadline: UnixMillis,
    },
}

impl Callback {
    /// When the callback fails if it has not finished ([`super::timers::OAUTH_CALLBACK_MS`]
    /// after it started).
    pub(super) fn deadline(&self) -> UnixMillis {
        match self {
            Callback::Loading { deadline, .. } | Callback::Exchanging { deadline, .. } => *deadline,
        }
    }
}

/// The custom state's text from its hex (as Amplify stores it after the random part).
fn unhex(s: &str) -> Option<String> {
    String::from_utf8(crate::hex::decode(s)?).ok()
}

/// `n` characters of `[A-Za-z0-9]` from random bytes (rejection sampling, no bias).
fn random_string(random: &[u8], n: usize) -> Option<String> {
    let out: String = random
        .iter()
        .filter(|b| **b < 248)
        .take(n)
        .map(|b| PKCE_ALPHABET[(*b % 62) as usize] as char)
        .collect();
    (out.len() == n).then_some(out)
}

/// PKCE S256: `base64url(SHA-256(verifier))` without padding (RFC 7636).
pub fn pkce_challenge(verifier: &str) -> String {
    crate::b64::encode(
        &Sha256::digest(verifier.as_bytes()),
        crate::b64::Alphabet::UrlSafe,
        false,
    )
}

fn oauth_error(message: impl Into<String>) -> AuthError {
    AuthError::Service {
        name: crate::cognito::ErrorName::OAuthSignInException,
        message: message.into(),
        metadata: None,
    }
}

/// What `signInWithRedirect` was asked for (the fields of `Command::SignInWithRedirect`).
pub(super) struct RedirectRequest {
    pub provider: Option<Provider>,
    pub custom_state: Option<String>,
    pub options: RedirectOptions,
    pub origin: Option<String>,
}

impl AuthMachine {
    fn oauth_key(&self, name: &str) -> String {
        self.keys.client(name)
    }

    fn oauth_keys(&self) -> [String; 5] {
        [
            "inflightOAuth",
            "inflightOAuthDeadline",
            "oauthPKCE",
            "oauthState",
            "oauthSignIn",
        ]
        .map(|k| self.oauth_key(k))
    }

    /// The redirect URL for `origin` (the one on the same origin, else the first).
    fn redirect_for(list: &[String], origin: Option<&str>) -> Option<String> {
        origin
            .and_then(|o| list.iter().find(|u| u.starts_with(o)))
            .or_else(|| list.first())
            .cloned()
    }

    pub(super) fn sign_in_with_redirect(
        &mut self,
        now: UnixMillis,
        op: OpId,
        request: RedirectRequest,
        random: Vec<u8>,
    ) {
        let RedirectRequest {
            provider,
            custom_state,
            options,
            origin,
        } = request;
        let Some(oauth) = self.options.oauth.clone() else {
            return self.complete(
                op,
                Err(AuthError::Validation {
                    name: "OAuthNotConfigureException",
                    // Amplify's words.
                    message: "oauth param not configured.",
                }),
            );
        };
        // With a `prompt` (switch account, log in again) Amplify lets a signed-in user go;
        // the callback then replaces the session.
        if self.session.is_signed_in() && options.prompt.is_none() {
            return self.complete(op, Err(AuthError::AlreadyAuthenticated));
        }
        let origin = origin.or_else(|| self.options.origin.clone());
        let Some(redirect) = Self::redirect_for(&oauth.redirect_sign_in, origin.as_deref()) else {
            return self.complete(
                op,
                Err(AuthError::Validation {
                    name: "InvalidRedirectException",
                    message: "oauth.redirectSignIn is empty",
                }),
            );
        };
        let (Some(verifier), Some(state_random)) = (
            random.get(..256).and_then(|r| random_string(r, 128)),
            random.get(256..).and_then(|r| random_string(r, 32)),
        ) else {
            return self.complete(op, Err(AuthError::InsufficientRandom));
        };
        let state = match &custom_state {
            Some(custom) => format!("{state_random}-{}", crate::hex::encode(custom.as_bytes())),
            None => state_random,
        };
        let challenge = pkce_challenge(&verifier);
        let url = authorize::url(
            &oauth,
            &self.config.user_pool_client_id,
            redirect,
            provider,
            options,
            &state,
            challenge,
        );
        for (key, value) in [
            ("inflightOAuth", "true".to_owned()),
            (
                "inflightOAuthDeadline",
                now.saturating_add(OAUTH_DEADLINE_MS).to_string(),
            ),
            ("oauthPKCE", verifier),
            ("oauthState", state),
            ("oauthSignIn", "true,false".to_owned()),
        ] {
            self.out.push(Effect::Store {
                key: self.oauth_key(key),
                value: Secret::new(value),
            });
        }
        self.out.push(Effect::Navigate {
            url,
            replace: false,
        });
        self.complete(op, Ok(Output::Done));
    }

    /// The page loaded at `url`: finish a hosted-UI sign-in if it carries `code`/`error`.
    pub(super) fn handle_oauth_callback(&mut self, op: OpId, url: String) {
        let params = crate::url::query_params(&url);
        if !params.contains_key("code") && !params.contains_key("error") {
            return self.complete(op, Ok(Output::Done));
        }
        let Some(oauth) = self.options.oauth.clone() else {
            return self.complete(op, Ok(Output::Done));
        };
        if self.hosted_ui.callback.is_some() {
            // One callback at a time: a second call (React StrictMode runs effects twice)
            // must not orphan the first, which finishes the sign-in.
            return self.complete(
                op,
                Err(AuthError::Validation {
                    name: "OAuthSignInException",
                    message: "a hosted-UI callback is already being handled",
                }),
            );
        }
        let base = url.split(['?', '#']).next().unwrap_or("").to_owned();
        let redirect_uri = oauth
            .redirect_sign_in
            .iter()
            .find(|r| r.trim_end_matches('/') == base.trim_end_matches('/'))
            .cloned()
            .unwrap_or(base);
        let load = self.out.next_id();
        self.out.push(Effect::Load {
            id: load,
            keys: self.oauth_keys().to_vec(),
        });
        self.hosted_ui.callback = Some(Callback::Loading {
            load,
            op,
            params,
            redirect_uri,
            deadline: self
                .last_now
                .saturating_add(super::timers::OAUTH_CALLBACK_MS),
        });
    }

    /// Whether `id` is the OAuth keys' load.
    pub(super) fn is_oauth_load(&self, id: RequestId) -> bool {
        matches!(&self.hosted_ui.callback, Some(Callback::Loading { load, .. }) if *load == id)
    }

    /// Whether `id` is the token exchange.
    pub(super) fn is_oauth_exchange(&self, id: RequestId) -> bool {
        matches!(&self.hosted_ui.callback, Some(Callback::Exchanging { request, .. }) if *request == id)
    }

    fn clear_oauth(&mut self, url: &str) {
        for key in self.oauth_keys() {
            self.out.push(Effect::Remove { key });
        }
        self.out.push(Effect::Navigate {
            url: url.to_owned(),
            replace: true,
        });
    }

    fn oauth_failed(&mut self, op: OpId, error: AuthError, clean_url: &str) {
        self.clear_oauth(clean_url);
        self.emit(AuthEvent::SignInWithRedirectFailure {
            error: error.clone(),
        });
        self.complete(op, Err(error));
        self.drain_queue_after_oauth();
    }

    /// Ends the callback in progress with `error` (it did not finish in time).
    pub(super) fn oauth_callback_failed(&mut self, error: AuthError) {
        let (op, clean) = match self.hosted_ui.callback.take() {
            Some(Callback::Loading {
                op, redirect_uri, ..
            }) => (op, redirect_uri),
            Some(Callback::Exchanging { op, .. }) => {
                (op, self.hosted_ui.redirect.take().unwrap_or_default())
            }
            None => return,
        };
        self.oauth_failed(op, error, &clean);
    }

    pub(super) fn oauth_keys_loaded(
        &mut self,
        now: UnixMillis,
        values: &VecMap<String, Option<String>>,
    ) {
        let Some(Callback::Loading {
            op,
            params,
            redirect_uri,
            deadline: callback_deadline,
            ..
        }) = self.hosted_ui.callback.take()
        else {
            return;
        };
        let get = |k: &str| {
            values
                .get(&self.oauth_key(k))
                .cloned()
                .flatten()
                .filter(|v| !v.is_empty())
        };
        // The state first: anyone can send the user to the redirect URL with any `error`,
        // `code` or `state`. A callback that is not the answer to the sign-in started here
        // changes nothing (no key removed, no event, no navigation), so it cannot cancel
        // that sign-in, and nothing of its text is shown.
        let Some(stored_state) = get("oauthState").filter(|s| params.get("state") == Some(s))
        else {
            self.complete(op, Err(AuthError::OAuthStateMismatch));
            return self.drain_queue_after_oauth();
        };
        if let Some(error) = params.get("error") {
            // The answer to our sign-in: it ends it; the provider's words are data.
            let error = AuthError::OAuthProvider {
                error: error.clone(),
                description: params.get("error_description").cloned(),
            };
            return self.oauth_failed(op, error, &redirect_uri);
        }
        let deadline = get("inflightOAuthDeadline").and_then(|d| d.parse::<i64>().ok());
        let Some(verifier) = get("oauthPKCE") else {
            return self.oauth_failed(
                op,
                oauth_error("no OAuth sign-in was started here (missing verifier)"),
                &redirect_uri,
            );
        };
        if deadline.is_some_and(|d| d < now) {
            return self.oauth_failed(
                op,
                oauth_error("the OAuth sign-in expired; start it again"),
                &redirect_uri,
            );
        }
        let custom_state = stored_state.split_once('-').and_then(|(_, h)| unhex(h));
        let code = params.get("code").cloned().unwrap_or_default();
        self.exchange_code(
            op,
            code,
            redirect_uri,
            verifier,
            custom_state,
            callback_deadline,
        );
    }

    /// Sends the token request for `code` (the callback checked out).
    fn exchange_code(
        &mut self,
        op: OpId,
        code: String,
        redirect_uri: String,
        verifier: String,
        custom_state: Option<String>,
        deadline: UnixMillis,
    ) {
        let domain = self.options.oauth.as_ref().map(|o| o.domain.as_str());
        let request = self.out.next_id();
        self.out.push(Effect::Http {
            id: request,
            request: AuthorizationCodeGrant {
                domain: domain.unwrap_or_default(),
                client_id: &self.config.user_pool_client_id,
                code: &code,
                redirect_uri: &redirect_uri,
                code_verifier: &Secret::new(verifier),
            }
            .request(),
            // An authorization code is single-use.
            retry: false,
        });
        self.hosted_ui.redirect = Some(redirect_uri);
        self.hosted_ui.callback = Some(Callback::Exchanging {
            request,
            op,
            custom_state,
            deadline,
        });
    }

    pub(super) fn oauth_token_response(
        &mut self,
        now: UnixMillis,
        response: Result<HttpResponse, AuthError>,
    ) {
        let Some(Callback::Exchanging {
            op, custom_state, ..
        }) = self.hosted_ui.callback.take()
        else {
            return;
        };
        let clean = self.hosted_ui.redirect.take().unwrap_or_default();
        let parsed = response.and_then(|r| {
            parse_token_response(&r).map_err(|e| match e {
                TokenError::Endpoint(error) => oauth_error(format!("token endpoint: {error}")),
                TokenError::Response(e) => AuthError::from(e),
            })
        });
        match parsed {
            Ok(OAuthTokens {
                access,
                id,
                refresh,
            }) => {
                let username = access
                    .username()
                    .or_else(|| id.as_ref().and_then(Jwt::username))
                    .unwrap_or("")
                    .to_owned();
                let session = StoredSession {
                    username: username.clone(),
                    tokens: Tokens {
                        clock_drift_ms: Tokens::drift_from(&access, now),
                        access,
                        id,
                        refresh,
                    },
                    sign_in_details: Some(SignInDetails {
                        login_id: Some(username),
                        auth_flow_type: Some("OAUTH".into()),
                    }),
                    identity_js_drift: false,
                };
                self.clear_oauth(&clean);
                // Whatever this instance did meanwhile gives way, completing its operations:
                // a sign-in in progress is interrupted, a session (another tab's, followed)
                // ends cleanly before this one starts.
                self.interrupt_sign_in("a hosted-UI sign-in");
                if self.session.is_signed_in() {
                    self.end_session(None);
                }
                // Amplify's order: customOAuthState, signInWithRedirect, signedIn.
                if let Some(state) = custom_state {
                    self.emit(AuthEvent::CustomOAuthState(state));
                }
                self.emit(AuthEvent::SignInWithRedirect);
                self.signed_in(session, None);
                self.complete(
                    op,
                    Ok(Output::SignIn(SignInOutput {
                        is_signed_in: true,
                        next_step: NextStep {
                            sign_in_step: crate::cognito::SignInStep::Done,
                            ..NextStep::default()
                        },
                    })),
                );
                self.drain_queue_after_oauth();
            }
            Err(error) => self.oauth_failed(op, error, &clean),
        }
    }

    /// Navigation to the hosted UI's `/logout` after a sign-out, when OAuth is configured.
    pub(super) fn oauth_sign_out_navigation(&mut self, origin: Option<&str>) {
        let Some(oauth) = self.options.oauth.clone() else {
            return;
        };
        let origin = origin.or(self.options.origin.as_deref());
        let Some(logout) = Self::redirect_for(&oauth.redirect_sign_out, origin) else {
            return;
        };
        let url = format!(
            "https://{}/logout?client_id={}&logout_uri={}",
            oauth.domain,
            crate::url::encode(&self.config.user_pool_client_id),
            crate::url::encode(&logout)
        );
        self.out.push(Effect::Navigate {
            url,
            replace: false,
        });
    }

    fn drain_queue_after_oauth(&mut self) {
        let queued = std::mem::take(&mut self.hosted_ui.queued);
        if self.session.is_restoring() {
            // A (re)read of the session is running: they run when it ends, with the other
            // commands that wait for it (else nothing would ever run them).
            for (op, command, random) in queued {
                self.session.queue(op, command, random);
            }
            return;
        }
        for (op, command, random) in queued {
            self.command(self.last_now, op, command, random.0);
        }
    }
}
