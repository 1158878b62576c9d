//! Shared harness for the embed-service tests: a real server on 127.0.0.1:0 (or [::]:0) built from the
//! fixture config with file-based secrets, a log capture, and checks every response goes through.
#![allow(dead_code)]

pub mod sigma_rules;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use snowtenant::embed::server;
use snowtenant::embed::state::{AppState, Runtime};
use snowtenant::embed_config::{EmbedConfig, SecretRef};

pub const SIGNING_KEY: &str = "test-signing-key-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";
pub const SIGMA_CLIENT_ID: &str = "test-sigma-client";
pub const SIGMA_SECRET: &str = "test-sigma-secret-8d3b6f1a9c4e7b2d5f8a1c4e7b0d3f6a";
pub const KEY_JDT: &str = "test-api-key-jon-doe-tech-1b4e7a0d3f6c9b2e5a8d1f4c7e";
pub const KEY_ACME: &str = "test-api-key-acme-industries-6c9f2b5e8a1d4f7c0b3e6a9d2f";
pub const GATEWAY_KEY: &str = "test-gateway-key-5e884898da28047151d0e56f8dc62927";
pub const METRICS_TOKEN: &str = "test-metrics-token-2c26b46b68ffc68ff99b453c1d304134";
pub const ALL_SECRETS: [&str; 6] = [
    SIGNING_KEY,
    SIGMA_SECRET,
    KEY_JDT,
    KEY_ACME,
    GATEWAY_KEY,
    METRICS_TOKEN,
];
/// Users each fixture tenant may embed as (`embed_users` in the fixture config).
pub const USER_JDT: &str = "jane.doe@example.com";
pub const USER_ACME: &str = "jane.doe@acme-industries.example";

/// Everything the server logs, for "no secret in the logs" assertions.
pub fn logs() -> String {
    String::from_utf8_lossy(&LOGS.get_or_init(Default::default).lock().unwrap()).into_owned()
}

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

struct Capture;
impl Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        LOGS.get_or_init(Default::default)
            .lock()
            .unwrap()
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_logs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| Capture)
            .try_init();
    });
}

/// A temp folder holding one file per secret, and the fixture config pointing at them.
pub struct Package {
    pub dir: tempfile::TempDir,
    pub config: EmbedConfig,
}

impl Package {
    pub fn fixture() -> Package {
        let dir = tempfile::tempdir().unwrap();
        let secret = |name: &str, value: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, format!("{value}\n")).unwrap();
            SecretRef::File(p.display().to_string())
        };
        let mut config: EmbedConfig =
            serde_json::from_str(include_str!("../fixtures/embed-package/embed/config.json"))
                .unwrap();
        config.signing_keys[0].secret = secret("signing", SIGNING_KEY);
        config.sigma.client_id = secret("sigma-id", SIGMA_CLIENT_ID);
        config.sigma.client_secret = secret("sigma-secret", SIGMA_SECRET);
        for t in &mut config.tenants {
            let v = if t.id == "JON_DOE_TECH" {
                KEY_JDT
            } else {
                KEY_ACME
            };
            t.api_key = secret(&format!("api-{}", t.id), v);
        }
        if let Some(g) = &mut config.gateway {
            g.secret = secret("gateway", GATEWAY_KEY);
        }
        config.metrics_token = Some(secret("metrics", METRICS_TOKEN));
        Package { dir, config }
    }

    pub fn secret_file(&self, name: &str, value: &str) -> SecretRef {
        let p = self.dir.path().join(name);
        std::fs::write(&p, value).unwrap();
        SecretRef::File(p.display().to_string())
    }

    /// Writes `embed/config.json` under the temp folder (for reload and binary tests).
    pub fn write(&self) -> PathBuf {
        let p = self.dir.path().join("pkg");
        std::fs::create_dir_all(p.join("embed")).unwrap();
        std::fs::write(
            p.join("embed/config.json"),
            serde_json::to_vec_pretty(&self.config).unwrap(),
        )
        .unwrap();
        p
    }
}

pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _pkg: Package,
}

impl Server {
    pub async fn start(pkg: Package) -> Server {
        Self::start_on(pkg, "127.0.0.1:0").await
    }

    pub async fn start_on(pkg: Package, bind: &str) -> Server {
        init_logs();
        let rt = Runtime::from_config(&pkg.config).expect("fixture config loads");
        let dir = pkg.write();
        let state = Arc::new(AppState::new(rt, Some(dir)));
        let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server::serve(listener, state.clone(), async move {
            let _ = rx.await;
        }));
        Server {
            addr,
            state,
            stop: Some(tx),
            _pkg: pkg,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn url_via(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    pub fn package(&self) -> &Package {
        &self._pkg
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// Status and JSON body; asserts the universal rules: never a 5xx, never a secret in the body.
pub async fn check(resp: reqwest::Response) -> (u16, serde_json::Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert!(status < 500, "5xx: {status} {text}");
    for s in ALL_SECRETS {
        assert!(!text.contains(s), "secret leaked in response");
    }
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    if status >= 400 {
        assert!(
            body["error"].is_string() && body["message"].is_string(),
            "error shape: {status} {text}"
        );
    }
    (status, body)
}

pub async fn mint(
    c: &reqwest::Client,
    url: &str,
    key: &str,
    user: &str,
) -> (u16, serde_json::Value) {
    check(
        c.post(url)
            .bearer_auth(key)
            .json(&serde_json::json!({ "user": user }))
            .send()
            .await
            .unwrap(),
    )
    .await
}

pub async fn token(s: &Server, key: &str) -> String {
    let user = if key == KEY_ACME { USER_ACME } else { USER_JDT };
    let (st, body) = mint(&client(), &s.url("/v1/tokens"), key, user).await;
    assert_eq!(st, 200, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}

pub async fn embed(s: &Server, token: &str, dashboard: &str) -> (u16, serde_json::Value) {
    let url = s.url(&format!("/embed-dashboard?dashboard={dashboard}"));
    check(client().get(url).bearer_auth(token).send().await.unwrap()).await
}

/// Asserts no secret and none of `tokens` ever reached the logs.
pub fn assert_logs_clean(tokens: &[&str]) {
    let l = logs();
    for s in ALL_SECRETS {
        assert!(!l.contains(s), "secret in logs");
    }
    for t in tokens {
        // The signature part alone is enough to forge nothing, but a token must not appear at all.
        let sig = t.rsplit('.').next().unwrap_or(t);
        assert!(sig.len() < 8 || !l.contains(sig), "token in logs");
    }
}

/// How many refusals the server counted under the precise reason `code` (the metric label; clients
/// only ever see the shared external code).
pub fn rejections(s: &Server, code: &str) -> u64 {
    let text = s.state.metrics.render();
    let needle = format!("snowtenant_embed_rejections_total{{reason=\"{code}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&needle))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// GET `/metrics` with the fixture's metrics token.
pub async fn metrics(s: &Server) -> String {
    client()
        .get(s.url("/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}
