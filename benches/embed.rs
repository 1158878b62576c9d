//! CPU cost of the embed service's hot path in process, without sockets: what one
//! `GET /embed-dashboard` costs in our code (verify the access token, sign the Sigma JWT, the guard
//! layer, axum routing and JSON), apart from the kernel's TCP work that `scripts/bench-embed.sh`
//! measures end to end. Run: `cargo bench --bench embed`. Figures are recorded in docs/embed.md.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use tower::ServiceExt;

use snowtenant::embed::server;
use snowtenant::embed::state::{AppState, Runtime};
use snowtenant::embed_config::EmbedConfig;

/// The binary's allocator (src/main.rs), so per-request allocation costs what it costs in `serve`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/embed-package");
const CLIENT: &str = "127.0.0.1";
const DASHBOARD: &str = "sales_distribution";

/// The fixture package's development secrets (dev.env) into this process's environment.
fn load_dev_env() {
    let text = std::fs::read_to_string(format!("{FIXTURE}/dev.env")).expect("dev.env");
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("export ") else {
            continue;
        };
        let (name, value) = rest.split_once('=').expect("NAME=value");
        // SAFETY: single-threaded at this point, before any runtime or bench thread starts.
        unsafe { std::env::set_var(name, value.trim_matches('"').trim_matches('\'')) };
    }
}

fn runtime() -> Runtime {
    load_dev_env();
    let text = std::fs::read_to_string(format!("{FIXTURE}/embed/config.json")).expect("config");
    let mut cfg: EmbedConfig = serde_json::from_str(&text).expect("fixture config parses");
    // One client address sends everything, as in the load test: lift the rate limits out of the way.
    cfg.limits.per_ip_per_second = u32::MAX;
    cfg.limits.per_ip_burst = u32::MAX;
    cfg.limits.per_tenant_per_second = u32::MAX;
    cfg.limits.per_tenant_burst = u32::MAX;
    Runtime::from_config(&cfg).expect("fixture config loads")
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let now = snowtenant::embed::api::now_secs();
    let ip: IpAddr = CLIENT.parse().unwrap();
    let tenant = rt.tenants[0].id.clone();
    let token = rt
        .tokens
        .mint(&tenant, "bench.user@acme-industries.example", ip, now);
    let t = rt.tenant(&tenant).expect("fixture tenant");
    let workbook = t
        .dashboards
        .get(DASHBOARD)
        .expect("fixture dashboard")
        .clone();

    c.bench_function("embed/verify_access_token", |b| {
        b.iter(|| rt.tokens.verify_uncached(&token, now).expect("valid"))
    });
    // The path of a token presented again (a backend embedding several dashboards with one token).
    c.bench_function("embed/verify_access_token_again", |b| {
        b.iter(|| rt.tokens.verify(&token, now).expect("valid"))
    });
    c.bench_function("embed/sign_sigma_url", |b| {
        b.iter(|| rt.sigma.embed_url(&t.sigma, &workbook, "bench.user", now))
    });
    c.bench_function("embed/jti", |b| b.iter(snowtenant::embed::random_hex16));

    let state = Arc::new(AppState::new(rt, None));
    let app = server::router(state);
    let exec = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let peer: SocketAddr = format!("{CLIENT}:40000").parse().unwrap();
    let auth = format!("Bearer {token}");
    let uri = format!("/embed-dashboard?dashboard={DASHBOARD}");
    c.bench_function("embed/get_embed_dashboard_in_process", |b| {
        b.iter(|| {
            let mut req = axum::http::Request::get(&uri)
                .header("authorization", &auth)
                .body(Body::empty())
                .unwrap();
            req.extensions_mut().insert(ConnectInfo(peer));
            exec.block_on(async {
                let resp = app.clone().oneshot(req).await.unwrap();
                assert_eq!(resp.status(), 200);
                resp.into_body().collect().await.unwrap().to_bytes()
            })
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
