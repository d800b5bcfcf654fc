//! Cognito's error answers, and the ways a response can be unusable.

use crate::json::{self, Json};

use super::HttpResponse;

/// An error the service returned: its name (`NotAuthorizedException`, …), message and the
/// HTTP facts of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The Cognito error name, without namespace or suffix.
    pub name: String,
    /// The service's message.
    pub message: String,
    /// The answer's status and request ids.
    pub metadata: ResponseMetadata,
}

/// The HTTP facts of an error answer that support needs to find the request, as Amplify
/// reports them in `AuthError.metadata` (`parseMetadata` in `@aws-amplify/core`; the
/// error keeps `httpStatusCode`, `requestId` and `extendedRequestId`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseMetadata {
    /// The HTTP status.
    pub http_status_code: u16,
    /// `x-amzn-requestid`, else `x-amzn-request-id`, else `x-amz-request-id`.
    pub request_id: Option<String>,
    /// `x-amz-id-2`.
    pub extended_request_id: Option<String>,
}

impl ResponseMetadata {
    /// The metadata of `response`.
    pub fn of(response: &HttpResponse) -> ResponseMetadata {
        let header = |name: &str| response.header(name).map(str::to_owned);
        ResponseMetadata {
            http_status_code: response.status,
            request_id: header("x-amzn-requestid")
                .or_else(|| header("x-amzn-request-id"))
                .or_else(|| header("x-amz-request-id")),
            extended_request_id: header("x-amz-id-2"),
        }
    }
}

/// Why a response could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The service answered with a typed error.
    #[error("{}: {}", .0.name, .0.message)]
    Service(ServiceError),
    /// The body is not JSON (an HTML error page, a proxy's answer, a truncated body).
    #[error("HTTP {status}: the response body is not JSON")]
    NotJson {
        /// HTTP status.
        status: u16,
    },
    /// An answer with a status that does not carry a result (the hosted UI's token
    /// endpoint answering other than 2xx without an `error`).
    #[error("HTTP {status}: not a success")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
    },
    /// The body is longer than [`super::MAX_RESPONSE_BYTES`]: not read at all.
    #[error("the response body is longer than {} bytes", super::MAX_RESPONSE_BYTES)]
    TooLarge,
    /// The body is JSON but not what the operation returns.
    #[error("malformed {operation} response: {detail}")]
    Malformed {
        /// The operation.
        operation: &'static str,
        /// What is missing or wrong (never a value from the body).
        detail: &'static str,
    },
}

/// Cognito's error name rule: from `x-amzn-errortype`, else the body's `__type` or `code`;
/// keep the part after the last `#`, cut at the first `:`.
pub fn error_name(raw: &str) -> String {
    // Byte searches and `str::get`, not `rsplit`/`split`: core's reverse splitter is its
    // own ~700 B in the wasm module, used nowhere else. `#` and `:` are ASCII, so both
    // cuts fall on character boundaries.
    let bytes = raw.as_bytes();
    let after_hash = match bytes.iter().rposition(|&b| b == b'#') {
        Some(hash) => raw.get(hash + 1..).unwrap_or(raw),
        None => raw,
    };
    let name = match after_hash.as_bytes().iter().position(|&b| b == b':') {
        Some(colon) => after_hash.get(..colon).unwrap_or(after_hash),
        None => after_hash,
    };
    name.trim().to_owned()
}

/// Parses a user pool / identity pool API response into its JSON object, or the error. A
/// body longer than [`super::MAX_RESPONSE_BYTES`] is [`ResponseError::TooLarge`], whatever
/// its status or content.
pub fn parse_response(response: &HttpResponse) -> Result<json::Map, ResponseError> {
    let body = within_cap(response)?;
    let json = json::parse(body).ok();
    let ok_status = (200..300).contains(&response.status);
    let header_name = response
        .header("x-amzn-errortype")
        .map(error_name)
        .filter(|n| !n.is_empty());
    let body_name = json.as_ref().and_then(|j| {
        j.get("__type")
            .or_else(|| j.get("code"))
            .and_then(Json::as_str)
            .map(error_name)
            .filter(|n| !n.is_empty())
    });
    if !ok_status || header_name.is_some() || body_name.is_some() {
        let Some(name) = header_name.or(body_name) else {
            return Err(if json.is_some() {
                ResponseError::Service(ServiceError {
                    name: "UnknownError".into(),
                    message: format!("HTTP {} without an error name", response.status),
                    metadata: ResponseMetadata::of(response),
                })
            } else {
                ResponseError::NotJson {
                    status: response.status,
                }
            });
        };
        let message = json
            .as_ref()
            .and_then(|j| j.get("message").or_else(|| j.get("Message")))
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        return Err(ResponseError::Service(ServiceError {
            name,
            message,
            metadata: ResponseMetadata::of(response),
        }));
    }
    match json {
        Some(Json::Object(map)) => Ok(map),
        Some(_) => Err(ResponseError::Malformed {
            operation: "Cognito",
            detail: "body is not a JSON object",
        }),
        None => Err(ResponseError::NotJson {
            status: response.status,
        }),
    }
}

/// The body of `response`, or [`ResponseError::TooLarge`] when it is longer than
/// [`super::MAX_RESPONSE_BYTES`].
pub fn within_cap(response: &HttpResponse) -> Result<&str, ResponseError> {
    let body = response.body.expose();
    if body.len() > super::MAX_RESPONSE_BYTES {
        return Err(ResponseError::TooLarge);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::error_name;

    /// The rule as the AWS JSON 1.1 protocol states it (a `__type` or `x-amzn-errortype`
    /// may carry a namespace before `#` and a URI after `:`), as Amplify's
    /// `parseJsonError` reads it.
    #[test]
    fn error_name_cuts_namespace_and_uri() {
        let cases = [
            ("NotAuthorizedException", "NotAuthorizedException"),
            (
                "com.amazonaws.cognito#UserNotFoundException",
                "UserNotFoundException",
            ),
            (
                "UserNotFoundException:http://internal.amazon.com/coral/com.amazon.coral/",
                "UserNotFoundException",
            ),
            ("aws.cognito#CodeMismatchException:http://x/y#z", "z"),
            ("a#b#LimitExceededException", "LimitExceededException"),
            ("  TooManyRequestsException  ", "TooManyRequestsException"),
            ("#", ""),
            (":", ""),
            ("", ""),
            ("ns#Ünïcode:é", "Ünïcode"),
        ];
        for (raw, expected) in cases {
            assert_eq!(error_name(raw), expected, "{raw}");
        }
    }
}
