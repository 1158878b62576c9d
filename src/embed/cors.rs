//! CORS for browsers that call the service directly. A preflight carries no credential, so it is
//! answered for an origin some tenant allows; the real request then names its tenant (token or API
//! key) and must come from one of that tenant's origins (`api::cors_check`). Origins are compared
//! exactly (`scheme://host[:port]`), never by pattern.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::Reason;
use super::state::AppState;

/// How long a browser may cache a preflight answer.
const MAX_AGE_SECONDS: &str = "600";

/// Adds the headers that let the browser hand the response to `origin`.
pub fn allow(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// `OPTIONS` on `/embed-dashboard` (GET) and `/v1/tokens` (POST).
pub async fn preflight(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let rt = state.runtime.load_full();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let method = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok());
    let Some(origin) = origin.filter(|o| rt.cors_origins.contains(*o)) else {
        return Reason::OriginNotAllowed.into_response();
    };
    if !matches!(method, Some("GET" | "POST")) {
        return Reason::MethodNotAllowed.into_response();
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let h = resp.headers_mut();
    allow(h, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE_SECONDS),
    );
    resp
}
