//! HTTP as values: the machine emits [`HttpRequest`]s, the host answers with an
//! [`HttpResponse`] or a [`TransportError`].

use crate::json::{
    tag, unknown_variant, DecodeError, Fields, FromJson, Json, ObjectBuilder, ToJson,
};
use std::fmt;

use crate::session::Secret;

/// A request for the host to send. The body may hold a password or a token, so `Debug`
/// redacts it.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// `POST` for every Cognito call.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names in lower case, in the order they should be sent.
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
#[derive(Clone, PartialEq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (any case).
    pub headers: Vec<(String, String)>,
    /// The response body as text.
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

/// Why the host could not get a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The request did not reach the server or the connection broke.
    #[error("network error: {message}")]
    Network {
        /// What the host reported.
        message: String,
    },
    /// The host gave up waiting.
    #[error("request timed out")]
    Timeout,
    /// The host stopped reading a body longer than [`MAX_RESPONSE_BYTES`].
    #[error("the response body is longer than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}

/// Headers as `[[name, value], …]`, the shape serde gave a `Vec<(String, String)>`.
fn headers_to_json(headers: &[(String, String)]) -> Json {
    Json::Array(
        headers
            .iter()
            .map(|(k, v)| Json::Array(vec![Json::from(k), Json::from(v)]))
            .collect(),
    )
}

fn headers_from_json(value: Json) -> Result<Vec<(String, String)>, DecodeError> {
    Vec::<Vec<String>>::from_json(value)?
        .into_iter()
        .map(|pair| match <[String; 2]>::try_from(pair) {
            Ok([k, v]) => Ok((k, v)),
            Err(_) => Err(DecodeError::invalid_type("a [name, value] pair")),
        })
        .collect()
}

/// `{ method, url, headers: [[name, value], …], body }`.
impl ToJson for HttpRequest {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("method", &self.method)
            .put("url", &self.url)
            .json("headers", headers_to_json(&self.headers))
            .put("body", &self.body)
            .build()
    }
}

impl FromJson for HttpRequest {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "HttpRequest")?;
        Ok(HttpRequest {
            method: f.field("method")?,
            url: f.field("url")?,
            headers: match f.take("headers") {
                Some(h) => headers_from_json(h)?,
                None => return Err(DecodeError::new("missing field", "headers")),
            },
            body: f.field("body")?,
        })
    }
}

/// `{ status, headers?: [[name, value], …], body? }`.
impl ToJson for HttpResponse {
    fn to_json(&self) -> Json {
        ObjectBuilder::new()
            .put("status", self.status)
            .json("headers", headers_to_json(&self.headers))
            .put("body", &self.body)
            .build()
    }
}

impl FromJson for HttpResponse {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "HttpResponse")?;
        Ok(HttpResponse {
            status: f.field("status")?,
            headers: match f.take("headers") {
                Some(h) => headers_from_json(h)?,
                None => Vec::new(),
            },
            body: f.or_default("body")?,
        })
    }
}

/// `{ kind: 'network', message? }`, `{ kind: 'timeout' }` or `{ kind: 'tooLarge' }`.
impl ToJson for TransportError {
    fn to_json(&self) -> Json {
        match self {
            TransportError::Network { message } => ObjectBuilder::new()
                .put("kind", "network")
                .put("message", message)
                .build(),
            TransportError::Timeout => ObjectBuilder::new().put("kind", "timeout").build(),
            TransportError::TooLarge => ObjectBuilder::new().put("kind", "tooLarge").build(),
        }
    }
}

impl FromJson for TransportError {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        let mut f = Fields::of(value, "TransportError")?;
        match tag(&mut f, "kind")?.as_str() {
            "network" => Ok(TransportError::Network {
                message: f.or_default("message")?,
            }),
            "timeout" => Ok(TransportError::Timeout),
            "tooLarge" => Ok(TransportError::TooLarge),
            other => Err(unknown_variant(other)),
        }
    }
}
