//! Every way a request can be refused, with its status and a stable code. Messages are fixed strings: no
//! request data (and so no token, key or secret) is ever echoed back, and no detail serves as an oracle.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::tokens::TokenError;

macro_rules! reasons {
    ($($variant:ident => ($status:expr, $code:literal, $msg:literal)),+ $(,)?) => {
        /// Why a request was refused (also the `reason` label of the rejection metric).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Reason { $($variant),+ }

        impl Reason {
            pub const ALL: &'static [Reason] = &[$(Reason::$variant),+];
            pub fn status(self) -> StatusCode { match self { $(Reason::$variant => $status),+ } }
            /// The precise reason, for logs and the `reason` label of the rejection metric.
            pub fn code(self) -> &'static str { match self { $(Reason::$variant => $code),+ } }
            pub fn message(self) -> &'static str { match self { $(Reason::$variant => $msg),+ } }
            pub fn index(self) -> usize { self as usize }
        }
    };
}

reasons! {
    MissingCredentials => (StatusCode::UNAUTHORIZED, "missing_credentials", "an Authorization: Bearer header is required"),
    BadApiKey => (StatusCode::UNAUTHORIZED, "invalid_api_key", "the API key is not valid"),
    TokenMalformed => (StatusCode::UNAUTHORIZED, "token_malformed", "the access token is not valid"),
    TokenBadHeader => (StatusCode::UNAUTHORIZED, "token_bad_header", "the access token is not valid"),
    TokenWrongType => (StatusCode::UNAUTHORIZED, "token_wrong_type", "the access token is not valid"),
    TokenUnknownKid => (StatusCode::UNAUTHORIZED, "token_unknown_kid", "the access token is not valid"),
    TokenWrongAlg => (StatusCode::UNAUTHORIZED, "token_wrong_alg", "the access token is not valid"),
    TokenBadSignature => (StatusCode::UNAUTHORIZED, "token_bad_signature", "the access token is not valid"),
    TokenExpired => (StatusCode::UNAUTHORIZED, "token_expired", "the access token has expired"),
    TokenNotYetValid => (StatusCode::UNAUTHORIZED, "token_not_yet_valid", "the access token is not valid yet"),
    TokenIatFuture => (StatusCode::UNAUTHORIZED, "token_iat_future", "the access token is not valid"),
    TokenLifetime => (StatusCode::UNAUTHORIZED, "token_lifetime", "the access token is not valid"),
    TokenWrongAud => (StatusCode::UNAUTHORIZED, "token_wrong_aud", "the access token is not valid"),
    TokenWrongIss => (StatusCode::UNAUTHORIZED, "token_wrong_iss", "the access token is not valid"),
    UnknownTenant => (StatusCode::UNAUTHORIZED, "unknown_tenant", "the access token is not valid"),
    IpMismatch => (StatusCode::FORBIDDEN, "ip_mismatch", "the token was issued to another client address"),
    IpNotAllowed => (StatusCode::FORBIDDEN, "ip_not_allowed", "the client address is not allowed for this tenant"),
    ClientIpHidden => (StatusCode::FORBIDDEN, "client_ip_hidden", "the client address is hidden by a proxy"),
    ClientIpMalformed => (StatusCode::BAD_REQUEST, "forwarding_header_malformed", "a forwarding header is malformed"),
    UnknownDashboard => (StatusCode::NOT_FOUND, "unknown_dashboard", "no such dashboard for this tenant"),
    BadRequest => (StatusCode::BAD_REQUEST, "bad_request", "the request is malformed"),
    InvalidUser => (StatusCode::BAD_REQUEST, "invalid_user", "user must be an email address without whitespace or underscores"),
    UnsupportedEncoding => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_encoding", "only gzip and deflate bodies are accepted"),
    BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "the request body is too large"),
    TooManyRows => (StatusCode::PAYLOAD_TOO_LARGE, "too_many_rows", "the batch has too many rows"),
    MissingRole => (StatusCode::BAD_REQUEST, "missing_role", "the sf-context-current-role header is required"),
    GatewayRequired => (StatusCode::FORBIDDEN, "gateway_required", "this endpoint is served only through the configured gateway"),
    GatewayCredentialMissing => (StatusCode::FORBIDDEN, "gateway_credential_missing", "this endpoint is served only through the configured gateway"),
    GatewayCredentialBad => (StatusCode::FORBIDDEN, "gateway_credential_bad", "this endpoint is served only through the configured gateway"),
    GatewayNotConfigured => (StatusCode::FORBIDDEN, "gateway_not_configured", "this endpoint is served only through the configured gateway"),
    UserNotAllowed => (StatusCode::FORBIDDEN, "user_not_allowed", "this tenant cannot embed as that user"),
    DuplicateAuthorization => (StatusCode::BAD_REQUEST, "duplicate_authorization", "the request is malformed"),
    MetricsUnauthorized => (StatusCode::UNAUTHORIZED, "metrics_unauthorized", "the metrics token is not valid"),
    OriginNotAllowed => (StatusCode::FORBIDDEN, "origin_not_allowed", "this origin is not allowed for this tenant"),
    RoleNotAllowed => (StatusCode::FORBIDDEN, "role_not_allowed", "this Snowflake role cannot mint embed URLs"),
    RateLimitedIp => (StatusCode::TOO_MANY_REQUESTS, "rate_limited_ip", "too many requests from this address"),
    RateLimitedTenant => (StatusCode::TOO_MANY_REQUESTS, "rate_limited_tenant", "too many requests for this tenant"),
    Overloaded => (StatusCode::TOO_MANY_REQUESTS, "overloaded", "the service is busy; retry later"),
    Timeout => (StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long"),
    NoRoute => (StatusCode::NOT_FOUND, "not_found", "no such endpoint"),
    MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed on this endpoint"),
}

impl Reason {
    /// The code clients see. Every access-token refusal shares one (`invalid_token`), every gateway
    /// refusal another, so a client cannot tell a known `kid` from an unknown one, or a missing gateway
    /// credential from a wrong one; the precise [`Reason::code`] goes to logs and metrics only.
    pub fn external_code(self) -> &'static str {
        match self {
            Reason::TokenMalformed
            | Reason::TokenBadHeader
            | Reason::TokenWrongType
            | Reason::TokenUnknownKid
            | Reason::TokenWrongAlg
            | Reason::TokenBadSignature
            | Reason::TokenExpired
            | Reason::TokenNotYetValid
            | Reason::TokenIatFuture
            | Reason::TokenLifetime
            | Reason::TokenWrongAud
            | Reason::TokenWrongIss
            | Reason::UnknownTenant => "invalid_token",
            Reason::GatewayCredentialMissing
            | Reason::GatewayCredentialBad
            | Reason::GatewayNotConfigured => "gateway_required",
            Reason::DuplicateAuthorization => "bad_request",
            other => other.code(),
        }
    }

    /// The message clients see: one per external code (see [`Reason::external_code`]).
    pub fn external_message(self) -> &'static str {
        match self.external_code() {
            "invalid_token" => "the access token is not valid",
            _ => self.message(),
        }
    }
}

impl From<TokenError> for Reason {
    fn from(e: TokenError) -> Self {
        match e {
            TokenError::Malformed => Reason::TokenMalformed,
            TokenError::BadHeader => Reason::TokenBadHeader,
            TokenError::WrongType => Reason::TokenWrongType,
            TokenError::UnknownKid => Reason::TokenUnknownKid,
            TokenError::WrongAlgorithm => Reason::TokenWrongAlg,
            TokenError::BadSignature => Reason::TokenBadSignature,
            TokenError::Expired => Reason::TokenExpired,
            TokenError::NotYetValid => Reason::TokenNotYetValid,
            TokenError::IssuedInFuture => Reason::TokenIatFuture,
            TokenError::LifetimeTooLong => Reason::TokenLifetime,
            TokenError::WrongAudience => Reason::TokenWrongAud,
            TokenError::WrongIssuer => Reason::TokenWrongIss,
        }
    }
}

/// The error body shape of the whole API: `{"error": code, "message": ...}`.
pub fn error_body(reason: Reason) -> serde_json::Value {
    json!({ "error": reason.external_code(), "message": reason.external_message() })
}

impl IntoResponse for Reason {
    fn into_response(self) -> Response {
        let mut resp = (self.status(), Json(error_body(self))).into_response();
        let h = resp.headers_mut();
        if self.status() == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status() == StatusCode::TOO_MANY_REQUESTS {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        // A refusal is as private as an answer: no cache keeps either.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // Lets the metrics layer count the rejection by reason without parsing the body.
        resp.extensions_mut().insert(self);
        resp
    }
}
