//! The two client-facing endpoints (`POST /v1/tokens`, `GET /embed-dashboard`) plus health and metrics.
//! Order of checks: who you are (API key or token), where you are (client IP), how often (rate), what
//! you ask for (dashboard). Each refusal is a [`Reason`]; nothing here can produce a 5xx.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Body;
use axum::extract::{Extension, Query, State, rejection::QueryRejection};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::error::Reason;
use super::state::{AppState, Runtime, Tenant};

/// The client address the guard layer settled on (see `client_ip`).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The credential of an `Authorization: Bearer <x>` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str, Reason> {
    let v = headers
        .get(header::AUTHORIZATION)
        .ok_or(Reason::MissingCredentials)?;
    let v = v.to_str().map_err(|_| Reason::MissingCredentials)?;
    let (scheme, cred) = v.split_once(' ').ok_or(Reason::MissingCredentials)?;
    let cred = cred.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || cred.is_empty() {
        return Err(Reason::MissingCredentials);
    }
    Ok(cred)
}

/// Sigma's `sub` must be an email without whitespace or underscores (embed.md §1.1).
pub fn valid_user(u: &str) -> bool {
    let Some((local, domain)) = u.split_once('@') else {
        return false;
    };
    u.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^`{|}~.".contains(&b))
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// Reads a body of at most `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<axum::body::Bytes, Reason> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
        {
            Reason::BodyTooLarge
        } else {
            Reason::BadRequest
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    user: String,
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
}

pub async fn issue_token(
    State(state): State<Arc<AppState>>,
    Extension(ClientAddr(ip)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Reason> {
    let rt = state.runtime.load_full();
    let key = bearer(&headers)?;
    let tenant = rt
        .tenant_by_api_key(key.as_bytes())
        .ok_or(Reason::BadApiKey)?;
    if !tenant.ip_allowed(ip) {
        return Err(Reason::IpNotAllowed);
    }
    tenant_rate(&state, tenant, 1)?;
    let bytes = read_body(body, super::limits::MAX_TOKEN_REQUEST_BYTES).await?;
    let req: TokenRequest = serde_json::from_slice(&bytes).map_err(|_| Reason::BadRequest)?;
    if !valid_user(&req.user) {
        return Err(Reason::InvalidUser);
    }
    let token = rt.tokens.mint(&tenant.id, &req.user, ip, now_secs());
    tracing::info!(tenant = %tenant.id, client_ip = %ip, "access token issued");
    Ok(Json(TokenResponse {
        access_token: token,
        token_type: "Bearer",
        expires_in: rt.tokens.ttl(),
    })
    .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    dashboard: String,
}

#[derive(Serialize)]
pub struct EmbedUrl {
    pub url: String,
    pub expires_at: u64,
}

pub async fn embed_dashboard(
    State(state): State<Arc<AppState>>,
    Extension(ClientAddr(ip)): Extension<ClientAddr>,
    headers: HeaderMap,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<Json<EmbedUrl>, Reason> {
    let rt: Arc<Runtime> = state.runtime.load_full();
    let token = bearer(&headers)?;
    let now = now_secs();
    let claims = rt.tokens.verify(token, now).map_err(Reason::from)?;
    let tenant = rt.tenant(&claims.tenant).ok_or(Reason::UnknownTenant)?;
    // The token is bound to the address it was issued to; a stolen token is useless elsewhere.
    let bound: IpAddr = claims.cip.parse().map_err(|_| Reason::TokenMalformed)?;
    if bound != ip {
        return Err(Reason::IpMismatch);
    }
    if !tenant.ip_allowed(ip) {
        return Err(Reason::IpNotAllowed);
    }
    tenant_rate(&state, tenant, 1)?;
    let Query(q) = query.map_err(|_| Reason::BadRequest)?;
    let workbook = tenant
        .dashboards
        .get(&q.dashboard)
        .ok_or(Reason::UnknownDashboard)?;
    let (url, expires_at) = rt
        .sigma
        .embed_url(&tenant.sigma, workbook, &claims.sub, now);
    Ok(Json(EmbedUrl { url, expires_at }))
}

pub fn tenant_rate(state: &AppState, tenant: &Tenant, cost: u32) -> Result<(), Reason> {
    if state.per_tenant.check(&tenant.id, cost, Instant::now()) {
        Ok(())
    } else {
        Err(Reason::RateLimitedTenant)
    }
}

pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

pub async fn no_route() -> Reason {
    Reason::NoRoute
}

pub async fn method_not_allowed() -> Reason {
    Reason::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users() {
        for ok in ["jane.doe@example.com", "a+b@x.io", "x@sub.example-1.com"] {
            assert!(valid_user(ok), "{ok}");
        }
        for bad in [
            "",
            "jane",
            "jane doe@example.com",
            "jane_doe@example.com",
            "@example.com",
            "a@b",
            "a@ex ample.com",
            "a@.com",
        ] {
            assert!(!valid_user(bad), "{bad}");
        }
    }

    #[test]
    fn bearer_parsing() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), Err(Reason::MissingCredentials));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), Err(Reason::MissingCredentials));
        h.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer(&h), Ok("abc"));
        h.insert(header::AUTHORIZATION, "Bearer ".parse().unwrap());
        assert_eq!(bearer(&h), Err(Reason::MissingCredentials));
    }
}
