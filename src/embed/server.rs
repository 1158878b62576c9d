//! HTTP serving: the router, the guard layer every request passes (concurrency cap, client IP, per-IP
//! rate, deadline, metrics), and an accept loop on hyper with header-size and header-time limits, graceful
//! shutdown and config reload on SIGHUP.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::Service;

use super::api::{self, AccessInfo, ClientAddr};
use super::client_ip::{ClientIpError, client_ip};
use super::cors;
use super::error::Reason;
use super::external_function;
use super::limits;
use super::metrics::{ConnClose, Route};
use super::state::AppState;

/// How long in-flight requests get to finish after SIGTERM before connections are closed.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(20);

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/v1/tokens",
            post(api::issue_token).options(cors::preflight),
        )
        .route(
            "/embed-dashboard",
            get(api::embed_dashboard).options(cors::preflight),
        )
        .route(
            "/v1/snowflake/embed-url",
            post(external_function::embed_url),
        )
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .fallback(api::no_route)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// The router of the private metrics listener (`serve --metrics-listen`): `/metrics` without a token,
/// `/healthz`, nothing else. Bind it to an address only the monitoring network reaches.
pub fn metrics_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(s): State<Arc<AppState>>| async move { api::metrics_text(&s) }),
        )
        .route("/healthz", get(api::healthz))
        .fallback(api::no_route)
        .with_state(state)
}

async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = Route::of(req.uri().path());
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (resp, client) = guarded(&state, route, req, next).await;
    let reason = resp.extensions().get::<Reason>().copied();
    let elapsed = start.elapsed();
    state
        .metrics
        .record(route, resp.status().as_u16(), elapsed, reason);
    access_log(
        route,
        &resp,
        reason,
        client.or(peer),
        elapsed,
        resp.extensions().get::<AccessInfo>(),
    );
    resp
}

/// One structured line per request (JSON with `serve --log-format json`): who (client IP, tenant,
/// user), what (route, dashboard, token `jti`), and the outcome (status and reason code). Never
/// headers, tokens, keys or bodies. Sheds (429) go to debug so an attack cannot flood the log.
fn access_log(
    route: Route,
    resp: &Response,
    reason: Option<Reason>,
    client: Option<std::net::IpAddr>,
    elapsed: Duration,
    info: Option<&AccessInfo>,
) {
    if matches!(route, Route::Healthz | Route::Metrics) && reason.is_none() {
        return;
    }
    let status = resp.status().as_u16();
    let outcome = reason.map_or("ok", Reason::code);
    let field = |f: fn(&AccessInfo) -> &Option<String>| info.and_then(|i| f(i).as_deref());
    macro_rules! line {
        ($level:ident) => {
            tracing::$level!(
                target: "snowtenant::access",
                route = route.label(),
                status,
                outcome,
                // Formatted only when the line is enabled (nothing on the hot path at `warn`).
                client_ip = client.map(tracing::field::display),
                tenant = field(|i| &i.tenant),
                user = field(|i| &i.user),
                dashboard = field(|i| &i.dashboard),
                jti = field(|i| &i.jti),
                rows = info.and_then(|i| i.rows).map(|r| r.0),
                rows_refused = info.and_then(|i| i.rows).map(|r| r.1),
                elapsed_us = elapsed.as_micros() as u64,
                "request"
            )
        };
    }
    if status == 429 {
        line!(debug);
    } else {
        line!(info);
    }
}

/// Runs the checks every request passes; returns the response and the client address, once known.
async fn guarded(
    state: &AppState,
    route: Route,
    mut req: Request,
    next: Next,
) -> (Response, Option<std::net::IpAddr>) {
    // Shed load instead of queueing: a queue only turns overload into timeouts for everyone.
    let Ok(_permit) = state.in_flight.try_acquire() else {
        return (Reason::Overloaded.into_response(), None);
    };
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return (Reason::BadRequest.into_response(), None);
    };
    let (ip, timeout) = {
        let rt = state.runtime.load();
        let timeout = Duration::from_millis(rt.limits.request_timeout_ms.max(1));
        match client_ip(peer, req.headers(), &rt.trusted) {
            Ok(ip) => (ip, timeout),
            Err(ClientIpError::Malformed) => {
                return (Reason::ClientIpMalformed.into_response(), None);
            }
            Err(ClientIpError::Hidden) => return (Reason::ClientIpHidden.into_response(), None),
        }
    };
    // Health and metrics count against the per-IP rate like everything else.
    if !state.per_ip.check(&limits::ip_key(ip), 1, Instant::now()) {
        return (Reason::RateLimitedIp.into_response(), Some(ip));
    }
    if matches!(route, Route::Healthz | Route::Metrics) {
        return (next.run(req).await, Some(ip));
    }
    req.extensions_mut().insert(ClientAddr(ip));
    // Covers reading the body too, so a client trickling bytes cannot hold a slot for long.
    let resp = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => Reason::Timeout.into_response(),
    };
    (resp, Some(ip))
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) {
    let app = router(state.clone());
    serve_app(listener, app, state, shutdown).await
}

/// Serves `app` (the main router or [`metrics_router`]) with the same connection limits.
pub async fn serve_app(
    listener: TcpListener,
    app: Router,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits::HEADER_READ_TIMEOUT)
        .max_buf_size(limits::MAX_HEADER_BYTES)
        .max_headers(limits::MAX_HEADERS)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let conns = Arc::new(tokio::sync::Semaphore::new(limits::MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = conns.clone().acquire_owned() => p.expect("semaphore never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // EMFILE and friends: back off briefly instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let svc =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let mut app = app.clone();
                async move { app.call(req.map(axum::body::Body::new)).await }
            });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), svc));
        let state = state.clone();
        tokio::spawn(async move {
            // hyper answers an oversized head with 431 and drops a slow one itself, before the
            // router sees a request: count both here, or the metrics would never show them.
            if let Err(e) = conn.await {
                if e.is_parse_too_large() {
                    state.metrics.connection_closed(ConnClose::HeaderTooLarge);
                } else if e.is_timeout() {
                    state.metrics.connection_closed(ConnClose::HeaderTimeout);
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down: draining in-flight requests");
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("drain timeout reached; closing remaining connections");
    }
}

/// Resolves on SIGTERM or SIGINT; reloads the config on each SIGHUP meanwhile.
#[cfg(unix)]
pub async fn signals(state: Arc<AppState>) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("install SIGINT handler");
    let mut hup = signal(SignalKind::hangup()).expect("install SIGHUP handler");
    loop {
        tokio::select! {
            _ = term.recv() => return,
            _ = int.recv() => return,
            _ = hup.recv() => match state.reload() {
                Ok(()) => tracing::info!("config reloaded"),
                Err(e) => tracing::error!(error = %e, "config reload failed; keeping the running config"),
            },
        }
    }
}

#[cfg(not(unix))]
pub async fn signals(_state: Arc<AppState>) {
    let _ = tokio::signal::ctrl_c().await;
}
