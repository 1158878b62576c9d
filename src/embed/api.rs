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

/// What a handler learned about a request, for the access log the guard layer writes (one JSON line
/// per request: client IP, tenant, user, dashboard, jti, outcome). Never a token or a key.
#[derive(Debug, Clone, Default)]
pub struct AccessInfo {
    pub tenant: Option<String>,
    pub user: Option<String>,
    pub dashboard: Option<String>,
    /// `jti` of the access token minted or presented.
    pub jti: Option<String>,
    /// External-function rows answered, and how many of them were refused.
    pub rows: Option<(usize, usize)>,
}

/// Attaches `info` to the response, success or refusal, for the guard's access log.
pub fn with_access(r: Result<Response, Reason>, info: AccessInfo) -> Response {
    let mut resp = match r {
        Ok(resp) => resp,
        Err(reason) => reason.into_response(),
    };
    resp.extensions_mut().insert(info);
    resp
}

/// Tokens and URLs are credentials: no browser or proxy cache may keep them.
fn no_store(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    resp
}

/// The credential of an `Authorization: Bearer <x>` header. Two `Authorization` lines are refused:
/// which one a proxy or framework believes differs, so believing either is a guess.
pub fn bearer(headers: &HeaderMap) -> Result<&str, Reason> {
    let mut all = headers.get_all(header::AUTHORIZATION).iter();
    let v = all.next().ok_or(Reason::MissingCredentials)?;
    if all.next().is_some() {
        return Err(Reason::DuplicateAuthorization);
    }
    let v = v.to_str().map_err(|_| Reason::MissingCredentials)?;
    let (scheme, cred) = v.split_once(' ').ok_or(Reason::MissingCredentials)?;
    let cred = cred.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || cred.is_empty() {
        return Err(Reason::MissingCredentials);
    }
    Ok(cred)
}

pub use crate::embed_config::{normalize_user, valid_user};

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
) -> Response {
    let mut info = AccessInfo::default();
    let r = issue_token_for(&state, ip, &headers, body, &mut info).await;
    with_access(r, info)
}

async fn issue_token_for(
    state: &AppState,
    ip: IpAddr,
    headers: &HeaderMap,
    body: Body,
    info: &mut AccessInfo,
) -> Result<Response, Reason> {
    let rt = state.runtime.load_full();
    let key = bearer(headers)?;
    let tenant = rt
        .tenant_by_api_key(key.as_bytes())
        .ok_or(Reason::BadApiKey)?;
    info.tenant = Some(tenant.id.clone());
    if !tenant.ip_allowed(ip) {
        return Err(Reason::IpNotAllowed);
    }
    let cors = cors_check(tenant, headers)?;
    tenant_rate(state, tenant, 1)?;
    let bytes = read_body(body, super::limits::MAX_TOKEN_REQUEST_BYTES).await?;
    let req: TokenRequest = serde_json::from_slice(&bytes).map_err(|_| Reason::BadRequest)?;
    let user = normalize_user(&req.user).ok_or(Reason::InvalidUser)?;
    info.user = Some(user.clone());
    // Sigma identifies embed users by email: an address outside the tenant's own users could be a
    // platform admin's or another tenant's, whose Sigma permissions the embed would then carry.
    if !tenant.embed_users.allows(&user) {
        return Err(Reason::UserNotAllowed);
    }
    let (token, jti) = rt.tokens.mint_with_jti(&tenant.id, &user, ip, now_secs());
    info.jti = Some(jti);
    let mut resp = no_store(
        Json(TokenResponse {
            access_token: token,
            token_type: "Bearer",
            expires_in: rt.tokens.ttl(),
        })
        .into_response(),
    );
    if let Some(origin) = cors {
        super::cors::allow(resp.headers_mut(), origin);
    }
    Ok(resp)
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

/// Whether the access log writes lines: when it does not (`RUST_LOG=warn`, the benchmark's
/// setting), the hot route skips copying what only the log would print.
pub fn access_logged() -> bool {
    tracing::enabled!(target: "snowtenant::access", tracing::Level::INFO)
}

/// The request is taken whole (not its `HeaderMap`, which axum's extractor copies) and its query
/// parsed from the URI.
pub async fn embed_dashboard(
    State(state): State<Arc<AppState>>,
    Extension(ClientAddr(ip)): Extension<ClientAddr>,
    req: axum::extract::Request,
) -> Response {
    let query = Query::<DashboardQuery>::try_from_uri(req.uri());
    if access_logged() {
        let mut info = AccessInfo::default();
        let r = embed_dashboard_for(&state, ip, req.headers(), query, Some(&mut info));
        with_access(r, info)
    } else {
        embed_dashboard_for(&state, ip, req.headers(), query, None)
            .unwrap_or_else(IntoResponse::into_response)
    }
}

fn embed_dashboard_for(
    state: &AppState,
    ip: IpAddr,
    headers: &HeaderMap,
    query: Result<Query<DashboardQuery>, QueryRejection>,
    mut info: Option<&mut AccessInfo>,
) -> Result<Response, Reason> {
    let rt: Arc<Runtime> = state.runtime.load_full();
    let token = bearer(headers)?;
    let now = now_secs();
    let claims = rt.tokens.verify(token, now).map_err(Reason::from)?;
    if let Some(info) = info.as_mut() {
        info.tenant = Some(claims.tenant.clone());
        info.user = Some(claims.sub.clone());
        info.jti = Some(claims.jti.clone());
    }
    let tenant = rt.tenant(&claims.tenant).ok_or(Reason::UnknownTenant)?;
    // The token is bound to the address it was issued to; a stolen token is useless elsewhere.
    let bound: IpAddr = claims.cip.parse().map_err(|_| Reason::TokenMalformed)?;
    if bound != ip {
        return Err(Reason::IpMismatch);
    }
    if !tenant.ip_allowed(ip) {
        return Err(Reason::IpNotAllowed);
    }
    // Re-checked at use: a token minted before the tenant's allow-list shrank must not outlive it.
    if !tenant.embed_users.allows(&claims.sub) {
        return Err(Reason::UserNotAllowed);
    }
    let cors = cors_check(tenant, headers)?;
    tenant_rate(state, tenant, 1)?;
    let Query(q) = query.map_err(|_| Reason::BadRequest)?;
    if let Some(info) = info.as_mut() {
        info.dashboard = Some(q.dashboard.clone());
    }
    let workbook = tenant
        .dashboards
        .get(&q.dashboard)
        .ok_or(Reason::UnknownDashboard)?;
    let body = rt
        .sigma
        .embed_url_json(&tenant.sigma, workbook, &claims.sub, now);
    let json = [(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    )];
    let mut resp = no_store((json, body).into_response());
    if let Some(origin) = cors {
        super::cors::allow(resp.headers_mut(), origin);
    }
    Ok(resp)
}

/// A cross-origin browser request (it carries `Origin`) must come from one of the tenant's origins;
/// returns that origin for the `Access-Control-Allow-Origin` answer. Server-to-server calls carry no
/// `Origin` and pass.
fn cors_check<'h>(tenant: &Tenant, headers: &'h HeaderMap) -> Result<Option<&'h str>, Reason> {
    match headers.get(header::ORIGIN) {
        None => Ok(None),
        Some(v) => match v.to_str() {
            Ok(o) if tenant.origin_allowed(o) => Ok(Some(o)),
            _ => Err(Reason::OriginNotAllowed),
        },
    }
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

/// `/metrics` on the main listener: only with the configured bearer token (compared in constant
/// time); without one configured it does not exist there (see `serve --metrics-listen`).
pub async fn metrics(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let rt = state.runtime.load_full();
    let Some(expected) = &rt.metrics_token else {
        return Reason::NoRoute.into_response();
    };
    match bearer(&headers) {
        Ok(t) if expected.matches(t.as_bytes()) => metrics_text(&state),
        Err(Reason::DuplicateAuthorization) => Reason::DuplicateAuthorization.into_response(),
        _ => Reason::MetricsUnauthorized.into_response(),
    }
}

/// The Prometheus text, unauthenticated: for the private metrics listener only.
pub fn metrics_text(state: &AppState) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; version=0.0.4"),
            (header::CACHE_CONTROL, "no-store"),
        ],
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
            "a@b..com",
            "a@-b.com",
            "a@b-.com",
            "a@b.c",
            "a@b.123",
            ".a@b.com",
            "a.@b.com",
            "a..b@b.com",
            "a@b@c.com",
            "a@exämple.com",
            "a@b.com.",
        ] {
            assert!(!valid_user(bad), "{bad}");
        }
    }

    #[test]
    fn users_are_case_folded() {
        assert_eq!(
            normalize_user("Jane.Doe@Example.COM").as_deref(),
            Some("jane.doe@example.com")
        );
        assert_eq!(normalize_user("a@b..com"), None);
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
        h.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        h.append(header::AUTHORIZATION, "Bearer def".parse().unwrap());
        assert_eq!(bearer(&h), Err(Reason::DuplicateAuthorization));
    }
}
