//! `POST /v1/snowflake/embed-url`: Snowflake's external-function protocol (snowflake-sql.md §7).
//! In: `{"data": [[row, tenant_id, dashboard, user_email], ...]}`, maybe gzip/deflate-compressed.
//! Out: `{"data": [[row, {"url", "expires_at"} | {"error", "message"}], ...]}`, same rows in the same order.
//!
//! The caller is the cloud API gateway, which authenticates Snowflake (IAM / validate-jwt). The network
//! alone is never trusted: the TCP peer must be a trusted proxy AND the request must carry the secret
//! header the gateway adds (configured on its integration request; compared in constant time). Only
//! then is the `sf-context-current-role` header believed. Each row is authorized on its own: a tenant's
//! role mints only for that tenant, and only for emails the tenant may embed as.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Extension, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::api::{
    AccessInfo, ClientAddr, EmbedUrl, normalize_user, now_secs, read_body, tenant_rate, with_access,
};
use super::error::Reason;
use super::state::AppState;

pub const ROLE_HEADER: &str = "sf-context-current-role";
pub const BATCH_HEADER: &str = "sf-external-function-query-batch-id";
/// Snowflake keeps retrying for a while; answers are kept at least this long (its async guidance is 10 min).
const CACHE_TTL: Duration = Duration::from_secs(15 * 60);
const CACHE_MAX_ENTRIES: usize = 512;
const CACHE_MAX_BYTES: usize = 32 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    data: Vec<Vec<Value>>,
}

pub async fn embed_url(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mut info = AccessInfo::default();
    let r = answer(&state, peer, client, &headers, body, &mut info).await;
    with_access(r, info)
}

/// The gateway proves itself twice: its address (a trusted proxy) and its credential.
fn authenticate_gateway(
    rt: &super::state::Runtime,
    peer: std::net::IpAddr,
    headers: &HeaderMap,
) -> Result<(), Reason> {
    if !rt.trusted.contains(super::client_ip::canonical(peer)) {
        return Err(Reason::GatewayRequired);
    }
    let gateway = rt.gateway.as_ref().ok_or(Reason::GatewayNotConfigured)?;
    let mut values = headers.get_all(&gateway.header).iter();
    let value = values.next().ok_or(Reason::GatewayCredentialMissing)?;
    if values.next().is_some() {
        return Err(Reason::GatewayCredentialBad);
    }
    if gateway.matches(value.as_bytes()) {
        Ok(())
    } else {
        Err(Reason::GatewayCredentialBad)
    }
}

async fn answer(
    state: &AppState,
    peer: std::net::SocketAddr,
    client: std::net::IpAddr,
    headers: &HeaderMap,
    body: Body,
    info: &mut AccessInfo,
) -> Result<Response, Reason> {
    let rt = state.runtime.load_full();
    authenticate_gateway(&rt, peer.ip(), headers)?;
    let role = headers
        .get(ROLE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if role.is_empty() {
        return Err(Reason::MissingRole);
    }
    let tenant = rt.tenant_by_role(role).ok_or(Reason::RoleNotAllowed)?;
    info.tenant = Some(tenant.id.clone());
    let limit = rt.limits.max_body_bytes as usize;
    let raw = read_body(body, limit).await?;
    let body = decode(headers, raw, limit)?;

    // Retries of a batch carry the same id and body; answer them with the same URLs instead of new ones.
    let cache_key = headers.get(BATCH_HEADER).map(|id| {
        let mut h = Sha256::new();
        for part in [id.as_bytes(), role.as_bytes(), &body] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        <[u8; 32]>::from(h.finalize())
    });
    if let Some(hit) = cache_key.and_then(|k| state.batches.get(&k)) {
        tracing::info!(target: "snowtenant::access", client_ip = %client, tenant = %tenant.id, "external function batch replayed from cache");
        return Ok(json_response(hit));
    }

    let batch: Batch = serde_json::from_slice(&body).map_err(|_| Reason::BadRequest)?;
    if batch.data.len() > rt.limits.max_batch_rows as usize {
        return Err(Reason::TooManyRows);
    }
    tenant_rate(state, tenant, batch.data.len().max(1) as u32)?;
    let now = now_secs();
    let mut out = Vec::with_capacity(batch.data.len());
    let mut refused = 0;
    for row in &batch.data {
        // Without a row number there is no way to answer the row, so the whole batch is bad input.
        let num = row
            .first()
            .and_then(Value::as_u64)
            .ok_or(Reason::BadRequest)?;
        let value = match row.as_slice() {
            [_, Value::String(t), Value::String(d), Value::String(u)] => {
                let user = normalize_user(u);
                let outcome = if *t != tenant.id {
                    Err((
                        "forbidden_tenant",
                        "this role cannot mint URLs for that tenant",
                    ))
                } else if let Some(user) = &user {
                    if !tenant.embed_users.allows(user) {
                        Err(reason_pair(Reason::UserNotAllowed))
                    } else if let Some(wb) = tenant.dashboards.get(d) {
                        let (url, expires_at) = rt.sigma.embed_url(&tenant.sigma, wb, user, now);
                        Ok(EmbedUrl { url, expires_at })
                    } else {
                        Err(reason_pair(Reason::UnknownDashboard))
                    }
                } else {
                    Err(reason_pair(Reason::InvalidUser))
                };
                // One line per row: who asked (client, role's tenant) for whom and what.
                let code = outcome.as_ref().err().map_or("ok", |e| e.0);
                tracing::info!(
                    target: "snowtenant::access",
                    route = "/v1/snowflake/embed-url",
                    client_ip = %client,
                    tenant = %tenant.id,
                    row_tenant = %t,
                    user = user.as_deref().unwrap_or("<invalid>"),
                    dashboard = %d,
                    outcome = code,
                    "external function row"
                );
                outcome
            }
            _ => Err((
                "bad_row",
                "expected (tenant_id, dashboard, user_email) as strings",
            )),
        };
        let value = match value {
            Ok(u) => serde_json::to_value(u).unwrap_or(Value::Null),
            Err((code, message)) => {
                refused += 1;
                row_error(code, message)
            }
        };
        out.push(json!([num, value]));
    }
    info.rows = Some((out.len(), refused));
    let bytes = Bytes::from(serde_json::to_vec(&json!({ "data": out })).unwrap_or_default());
    if let Some(k) = cache_key {
        state.batches.put(k, bytes.clone());
    }
    Ok(json_response(bytes))
}

fn reason_pair(r: Reason) -> (&'static str, &'static str) {
    (r.code(), r.message())
}

fn row_error(code: &str, message: &str) -> Value {
    json!({ "error": code, "message": message })
}

fn json_response(body: Bytes) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Undoes `Content-Encoding` (Snowflake's COMPRESSION = GZIP | DEFLATE), refusing to inflate past `limit`.
fn decode(headers: &HeaderMap, raw: Bytes, limit: usize) -> Result<Vec<u8>, Reason> {
    let enc = headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase());
    let mut out = Vec::new();
    let read = match enc.as_deref() {
        None | Some("identity") | Some("") => return Ok(raw.to_vec()),
        Some("gzip") | Some("x-gzip") => flate2::read::GzDecoder::new(&raw[..])
            .take(limit as u64 + 1)
            .read_to_end(&mut out),
        Some("deflate") => flate2::read::ZlibDecoder::new(&raw[..])
            .take(limit as u64 + 1)
            .read_to_end(&mut out),
        Some(_) => return Err(Reason::UnsupportedEncoding),
    };
    read.map_err(|_| Reason::BadRequest)?;
    if out.len() > limit {
        return Err(Reason::BodyTooLarge);
    }
    Ok(out)
}

/// Answers by batch key, bounded by entry count, total bytes and age (oldest evicted first).
#[derive(Default)]
pub struct IdempotencyCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    map: HashMap<[u8; 32], (Instant, Bytes)>,
    order: VecDeque<[u8; 32]>,
    bytes: usize,
}

impl IdempotencyCache {
    pub fn get(&self, key: &[u8; 32]) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner
            .map
            .get(key)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, b)| b.clone())
    }

    pub fn put(&self, key: [u8; 32], value: Bytes) {
        if value.len() > CACHE_MAX_BYTES / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.map.contains_key(&key) {
            return;
        }
        while inner.order.len() >= CACHE_MAX_ENTRIES
            || inner.bytes + value.len() > CACHE_MAX_BYTES
            || inner.order.front().is_some_and(|k| {
                inner
                    .map
                    .get(k)
                    .is_some_and(|(at, _)| at.elapsed() >= CACHE_TTL)
            })
        {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, b)) = inner.map.remove(&old) {
                inner.bytes -= b.len();
            }
        }
        inner.bytes += value.len();
        inner.order.push_back(key);
        inner.map.insert(key, (Instant::now(), value));
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_is_bounded() {
        let c = IdempotencyCache::default();
        for i in 0..(CACHE_MAX_ENTRIES + 10) {
            let mut k = [0u8; 32];
            k[..8].copy_from_slice(&(i as u64).to_be_bytes());
            c.put(k, Bytes::from_static(b"{}"));
        }
        assert_eq!(c.len(), CACHE_MAX_ENTRIES);
        assert!(c.get(&[0u8; 32]).is_none(), "oldest evicted");
    }

    #[test]
    fn gzip_bomb_is_refused() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(&vec![b' '; 2 << 20]).unwrap();
        let raw = Bytes::from(e.finish().unwrap());
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_ENCODING, "gzip".parse().unwrap());
        assert_eq!(decode(&h, raw, 1 << 20), Err(Reason::BodyTooLarge));
        h.insert(header::CONTENT_ENCODING, "br".parse().unwrap());
        assert_eq!(
            decode(&h, Bytes::new(), 10),
            Err(Reason::UnsupportedEncoding)
        );
    }
}
