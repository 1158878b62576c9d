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

use super::api::{self, ClientAddr};
use super::client_ip::{ClientIpError, client_ip};
use super::error::Reason;
use super::external_function;
use super::limits;
use super::metrics::Route;
use super::state::AppState;

/// How long in-flight requests get to finish after SIGTERM before connections are closed.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(20);

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/tokens", post(api::issue_token))
        .route("/embed-dashboard", get(api::embed_dashboard))
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

async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = Route::of(req.uri().path());
    let resp = guarded(&state, route, req, next).await;
    let reason = resp.extensions().get::<Reason>().copied();
    state
        .metrics
        .record(route, resp.status().as_u16(), start.elapsed(), reason);
    if let Some(r) = reason {
        // Reason codes only: never headers, tokens or bodies.
        if r.status() == axum::http::StatusCode::TOO_MANY_REQUESTS {
            tracing::debug!(route = route.label(), reason = r.code(), "request refused");
        } else {
            tracing::info!(
                route = route.label(),
                status = r.status().as_u16(),
                reason = r.code(),
                "request refused"
            );
        }
    }
    resp
}

async fn guarded(state: &AppState, route: Route, mut req: Request, next: Next) -> Response {
    if matches!(route, Route::Healthz | Route::Metrics) {
        return next.run(req).await;
    }
    // Shed load instead of queueing: a queue only turns overload into timeouts for everyone.
    let Ok(_permit) = state.in_flight.try_acquire() else {
        return Reason::Overloaded.into_response();
    };
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return Reason::BadRequest.into_response();
    };
    let (ip, timeout) = {
        let rt = state.runtime.load();
        let timeout = Duration::from_millis(rt.limits.request_timeout_ms.max(1));
        match client_ip(peer, req.headers(), &rt.trusted) {
            Ok(ip) => (ip, timeout),
            Err(ClientIpError::Malformed) => return Reason::ClientIpMalformed.into_response(),
            Err(ClientIpError::Hidden) => return Reason::ClientIpHidden.into_response(),
        }
    };
    if !state.per_ip.check(&limits::ip_key(ip), 1, Instant::now()) {
        return Reason::RateLimitedIp.into_response();
    }
    req.extensions_mut().insert(ClientAddr(ip));
    // Covers reading the body too, so a client trickling bytes cannot hold a slot for long.
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => Reason::Timeout.into_response(),
    }
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) {
    let app = router(state);
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
        tokio::spawn(async move {
            let _ = conn.await;
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
