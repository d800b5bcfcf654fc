//! The Cognito wire protocol as values: request builders and response parsers. No I/O.

mod endpoint;
mod error;
mod http;
mod identity_pool;
mod oauth_token;
mod requests;
mod responses;
mod user_pool;
mod words;

pub use endpoint::{ConfigError, UserPoolConfig};
pub use error::{
    error_name, parse_response, within_cap, ResponseError, ResponseMetadata, ServiceError,
};
pub use http::{HttpRequest, HttpResponse, TransportError, MAX_RESPONSE_BYTES};
pub use identity_pool::{
    identity_request, identity_url, parse_credentials, parse_get_id, AwsCredentials, IdentityOp,
};
pub use oauth_token::{parse_token_response, AuthorizationCodeGrant, OAuthTokens, TokenError};
pub use requests::*;
pub use responses::*;
pub use user_pool::{
    parse_auth_response, request, AuthResponse, AuthenticationResult, Challenge, NewDeviceMetadata,
    UserPoolOp, USER_AGENT,
};
pub use words::{AuthFactor, ChallengeName, DeliveryMedium, ErrorName, MfaType, SignInStep};
