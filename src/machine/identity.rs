//! Identity pool credentials: `GetId` → `GetCredentialsForIdentity`, single flight, cached
//! until shortly before they expire and dropped when the id token changes.

use crate::json::{Json, Map};

use super::{
    AuthError, AuthMachine, AuthSession, CredentialsOut, Effect, OpId, Output, RequestId, State,
    UnixMillis,
};
use crate::cognito::{self, AwsCredentials, IdentityRequest};
use crate::session::{Jwt, Secret};

/// Credentials are used until this long before they expire.
const CREDENTIALS_MARGIN_MS: i64 = 5 * 60 * 1000;
/// Without an expiry from the service, Amplify's 50-minute cache.
const CREDENTIALS_TTL_MS: i64 = 50 * 60 * 1000;

/// `Logins` for one id token: `{ <issuer without scheme>: <id token> }`.
#[derive(Debug, Clone, PartialEq)]
struct Logins {
    key: String,
    token: Secret,
}

#[derive(Debug)]
struct Cached {
    creds: AwsCredentials,
    identity_id: String,
    logins_token: Option<Secret>,
    valid_until: UnixMillis,
}

#[derive(Debug)]
enum Stage {
    GetId,
    GetCredentials { identity_id: String },
}

#[derive(Debug)]
struct Fetch {
    request: RequestId,
    stage: Stage,
    logins: Option<Logins>,
    waiters: Vec<OpId>,
}

/// The identity pool side of the machine.
#[derive(Debug, Default)]
pub(super) struct Identity {
    /// The guest identity id (persisted under Amplify's key).
    pub(super) guest_id: Option<String>,
    /// The signed-in user's identity id (memory only, as Amplify).
    auth_id: Option<String>,
    cached: Option<Cached>,
    inflight: Option<Fetch>,
}

impl Identity {
    /// True when `id` is the identity request in flight.
    pub(super) fn is_waiting_for(&self, id: RequestId) -> bool {
        self.inflight.as_ref().is_some_and(|f| f.request == id)
    }

    /// Forgets the signed-in user's identity; returns the callers that waited for it.
    pub(super) fn forget_user(&mut self) -> Vec<OpId> {
        self.auth_id = None;
        if self
            .cached
            .as_ref()
            .is_some_and(|c| c.logins_token.is_some())
        {
            self.cached = None;
        }
        match self.inflight.take() {
            Some(fetch) if fetch.logins.is_some() => fetch.waiters,
            other => {
                self.inflight = other;
                Vec::new()
            }
        }
    }
}

fn logins_for(id_token: &Jwt, user_pool_id: &str, region: &str) -> Logins {
    let key = id_token
        .payload()
        .get("iss")
        .and_then(Json::as_str)
        .map(|iss| {
            // Byte search, not `split_once("://")`: a `&str` pattern links core's
            // StrSearcher and its slice panic (size).
            iss.as_bytes()
                .windows(3)
                .position(|w| w == b"://")
                .and_then(|i| iss.get(i + 3..))
                .unwrap_or(iss)
                .to_owned()
        })
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}"));
    Logins {
        key,
        token: id_token.raw().clone(),
    }
}

impl AuthMachine {
    /// Amplify's key for the guest identity id.
    pub(super) fn identity_key(&self) -> Option<String> {
        self.options
            .identity_pool_id
            .as_deref()
            .filter(|_| self.identity_url.is_some())
            .map(|pool| format!("com.amplify.Cognito.{pool}.identityId"))
    }

    /// The logins the current state asks credentials for: `Ok(None)` for a guest,
    /// `Err(())` when no credentials are due (signed out without guest access, or no id token).
    fn current_logins(&self) -> Result<Option<Logins>, ()> {
        match &self.session.state {
            State::SignedIn(active) => match &active.session.tokens.id {
                Some(id) => Ok(Some(logins_for(
                    id,
                    &self.config.user_pool_id,
                    self.config.region().unwrap_or(""),
                ))),
                None => Err(()),
            },
            _ if self.options.allow_guest_access => Ok(None),
            _ => Err(()),
        }
    }

    /// What `fetchAuthSession` returns now: tokens, plus credentials when cached for the
    /// current user.
    pub(super) fn session_output(&self) -> AuthSession {
        let mut out = match &self.session.state {
            State::SignedIn(active) => super::session::auth_session(&active.session),
            _ => AuthSession::default(),
        };
        let Ok(logins) = self.current_logins() else {
            return out;
        };
        let token = logins.map(|l| l.token);
        if let Some(cached) = self
            .identity
            .cached
            .as_ref()
            .filter(|c| c.logins_token == token)
        {
            out.credentials = Some(CredentialsOut {
                access_key_id: cached.creds.access_key_id.clone(),
                secret_access_key: cached.creds.secret_access_key.clone(),
                session_token: cached.creds.session_token.clone(),
                expiration: cached.creds.expiration_ms,
            });
            out.identity_id = Some(cached.identity_id.clone());
        } else if token.is_some() {
            out.identity_id = self.identity.auth_id.clone();
        } else {
            out.identity_id = self.identity.guest_id.clone();
        }
        out
    }

    /// How long [`Self::session_output`] is what `fetchAuthSession` answers, as far as
    /// credentials go (the tokens' own window is the caller's): `None` when the answer
    /// needs a request (credentials due but not cached for the current logins),
    /// `Some(None)` when no credentials are due, `Some(Some(t))` up to and including `t`.
    pub(super) fn credentials_window(&self) -> Option<Option<UnixMillis>> {
        let pool = self
            .options
            .identity_pool_id
            .as_ref()
            .filter(|_| self.identity_url.is_some());
        let (Some(_), Ok(logins)) = (pool, self.current_logins()) else {
            return Some(None);
        };
        let token = logins.map(|l| l.token);
        self.identity
            .cached
            .as_ref()
            .filter(|c| c.logins_token == token)
            .map(|c| Some(c.valid_until.saturating_sub(1)))
    }

    /// Tokens are current: add credentials if an identity pool is configured, then complete.
    pub(super) fn after_tokens(&mut self, now: UnixMillis, op: OpId, force: bool) {
        let (Some(pool), Ok(logins)) = (
            self.options
                .identity_pool_id
                .clone()
                .filter(|_| self.identity_url.is_some()),
            self.current_logins(),
        ) else {
            let out = self.session_output();
            return self.complete(op, Ok(Output::Session(out)));
        };
        let token = logins.as_ref().map(|l| l.token.clone());
        let fresh = self
            .identity
            .cached
            .as_ref()
            .is_some_and(|c| c.logins_token == token && c.valid_until > now);
        if fresh && !force {
            let out = self.session_output();
            return self.complete(op, Ok(Output::Session(out)));
        }
        let mut waiters = vec![op];
        if let Some(fetch) = self.identity.inflight.take() {
            if fetch.logins == logins {
                let mut fetch = fetch;
                fetch.waiters.push(op);
                self.identity.inflight = Some(fetch);
                return;
            }
            // Fetched for someone else (a sign-in/out happened): its callers get ours.
            waiters.splice(0..0, fetch.waiters);
        }
        if force {
            self.identity.cached = None;
        }
        let known_id = match &logins {
            Some(_) => self.identity.auth_id.clone(),
            None => self.identity.guest_id.clone(),
        };
        let (request, stage) = match known_id {
            Some(identity_id) => (
                self.send_get_credentials(&identity_id, logins.as_ref()),
                Stage::GetCredentials { identity_id },
            ),
            None => {
                let request = IdentityRequest::GetId {
                    pool: &pool,
                    logins: logins.as_ref().map(|l| (l.key.as_str(), &l.token)),
                };
                (self.send_identity(&request), Stage::GetId)
            }
        };
        self.identity.inflight = Some(Fetch {
            request,
            stage,
            logins,
            waiters,
        });
    }

    fn send_identity(&mut self, request: &IdentityRequest) -> RequestId {
        let id = self.out.next_id();
        let url = self.identity_url.clone().unwrap_or_default();
        let request = cognito::identity_request(&url, request.op(), &request.body());
        // Identity pool reads: safe to repeat.
        self.out.push(Effect::Http {
            id,
            request,
            retry: true,
        });
        id
    }

    fn send_get_credentials(&mut self, identity_id: &str, logins: Option<&Logins>) -> RequestId {
        self.send_identity(&IdentityRequest::GetCredentials {
            identity_id,
            logins: logins.map(|l| (l.key.as_str(), &l.token)),
        })
    }

    pub(super) fn identity_response(&mut self, now: UnixMillis, parsed: Result<Map, AuthError>) {
        let Some(fetch) = self.identity.inflight.take() else {
            return;
        };
        let Fetch {
            stage,
            logins,
            waiters,
            ..
        } = fetch;
        let step = parsed.and_then(|body| match &stage {
            Stage::GetId => cognito::parse_get_id(&body)
                .map(|id| (Some(id), None))
                .map_err(AuthError::from),
            Stage::GetCredentials { .. } => cognito::parse_credentials(&body)
                .map(|c| (None, Some(c)))
                .map_err(AuthError::from),
        });
        match step {
            Ok((Some(identity_id), _)) => {
                if logins.is_some() {
                    self.identity.auth_id = Some(identity_id.clone());
                } else {
                    self.identity.guest_id = Some(identity_id.clone());
                    if let Some(key) = self.identity_key() {
                        self.out.push(Effect::Store {
                            key,
                            value: Secret::new(identity_id.clone()),
                        });
                    }
                }
                let request = self.send_get_credentials(&identity_id, logins.as_ref());
                self.identity.inflight = Some(Fetch {
                    request,
                    stage: Stage::GetCredentials { identity_id },
                    logins,
                    waiters,
                });
            }
            Ok((None, Some(creds))) => {
                let identity_id = match stage {
                    Stage::GetCredentials { identity_id } => identity_id,
                    Stage::GetId => String::new(),
                };
                // Used until 5 minutes before they expire, or half their life when they
                // live less than 10 minutes.
                let valid_until = creds
                    .expiration_ms
                    .map(|e| {
                        e.saturating_sub(
                            CREDENTIALS_MARGIN_MS.min(e.saturating_sub(now).max(0) / 2),
                        )
                    })
                    .unwrap_or(now.saturating_add(CREDENTIALS_TTL_MS));
                self.identity.cached = Some(Cached {
                    creds,
                    identity_id,
                    logins_token: logins.map(|l| l.token),
                    valid_until,
                });
                let out = self.session_output();
                for op in waiters {
                    self.complete(op, Ok(Output::Session(out.clone())));
                }
            }
            Ok((None, None)) => {}
            Err(error) => self.identity_failed(logins.is_some(), waiters, error),
        }
    }

    /// A Cognito Identity call failed: its waiters get the error.
    fn identity_failed(&mut self, authenticated: bool, waiters: Vec<OpId>, error: AuthError) {
        // A stale identity id: forget it so the next call starts with GetId.
        if error.is_service(&crate::cognito::ErrorName::ResourceNotFoundException) {
            if authenticated {
                self.identity.auth_id = None;
            } else if self.identity.guest_id.take().is_some() {
                if let Some(key) = self.identity_key() {
                    self.out.push(Effect::Remove { key });
                }
            }
        }
        for op in waiters {
            self.complete(op, Err(error.clone()));
        }
    }
}
