//! HTTP as values: the machine emits [`HttpRequest`]s, the host answers with an
//! [`HttpResponse`] or a [`TransportError`].

use crate::json::{FromJson, ToJson};
use std::fmt;

use crate::session::Secret;

/// A request for the host to send. The body may hold a password or a token, so `Debug`
/// redacts it. `{ method, url, headers: [[name, value], …], body }`.
#[derive(Clone, PartialEq, FromJson, ToJson)]
pub struct HttpRequest {
    /// `POST` for every Cognito call.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names in lower case, in the order they should be sent.
    #[json(with = "crate::json::pairs", ts = "Array<[string, string]>")]
    pub headers: Vec<(String, String)>,
    /// The body (JSON for the Cognito APIs). Secret: may hold passwords and tokens.
    pub body: Secret,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &"[redacted]")
            .finish()
    }
}

impl HttpRequest {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The host's answer to an [`HttpRequest`]. The body may hold tokens: `Debug` redacts it.
/// `{ status, headers?: [[name, value], …], body? }`.
#[derive(Clone, PartialEq, FromJson, ToJson)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (any case).
    #[json(default, with = "crate::json::pairs", ts = "Array<[string, string]>")]
    pub headers: Vec<(String, String)>,
    /// The response body as text.
    #[json(default)]
    pub body: Secret,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &"[redacted]")
            .finish()
    }
}

impl HttpResponse {
    /// A response with a JSON body and no headers (handy in tests and scripted hosts).
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into())],
            body: Secret::new(body.into()),
        }
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The largest response body the machine reads, in UTF-8 bytes: 1 MiB. Cognito's answers
/// are a few kilobytes (a page of users or devices, tokens of a few KB each); a longer body
/// comes from a broken or hostile endpoint, is refused unread and completes the operation
/// with `ResponseTooLargeException`, and the session is kept. Hosts should stop reading at
/// this size and report [`TransportError::TooLarge`] (the package's transport does).
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Why the host could not get a response: `{ kind: 'network', message? }`,
/// `{ kind: 'timeout' }` or `{ kind: 'tooLarge' }`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, FromJson, ToJson)]
#[json(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum TransportError {
    /// The request did not reach the server or the connection broke.
    #[error("network error: {message}")]
    Network {
        /// What the host reported.
        #[json(default)]
        message: String,
    },
    /// The host gave up waiting.
    #[error("request timed out")]
    Timeout,
    /// The host stopped reading a body longer than [`MAX_RESPONSE_BYTES`].
    #[error("the response body is longer than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}
