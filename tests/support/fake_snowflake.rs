//! A local stand-in for the Snowflake REST endpoints `snowflake-api` 0.14 calls:
//! `POST /session/v1/login-request` and `POST /queries/v1/query-request` (shapes from the
//! crate's `requests.rs`/`responses.rs`). It records every statement with its session, the
//! session's role at the time and start/end sequence numbers; it can fail statements that
//! contain a given text, delay each query response, and answer given queries with rows.
//!
//! Shared by the apply tests and `benches/apply.rs` (`#[path]`-included).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

/// One statement the server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub session: u64,
    /// The session's role when the statement arrived (after earlier `USE ROLE`s).
    pub role: String,
    pub sql: String,
    pub start: u64,
    pub end: u64,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    roles: HashMap<u64, String>,
    /// (text to match, remaining failures).
    fail: Vec<(String, usize)>,
    /// (SQL prefix, columns, rows).
    results: Vec<(String, Vec<String>, Vec<Vec<Value>>)>,
    logins: u64,
}

#[derive(Clone, Default)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    clock: Arc<AtomicU64>,
    next_session: Arc<AtomicU64>,
    delay_ms: Arc<AtomicU64>,
}

/// A running fake server.
pub struct FakeSnowflake {
    pub addr: SocketAddr,
    shared: Shared,
}

impl FakeSnowflake {
    /// Starts the server on 127.0.0.1 on a free port, in the current tokio runtime.
    pub async fn start() -> Self {
        let shared = Shared::default();
        let app = Router::new()
            .route("/session/v1/login-request", post(login))
            .route("/queries/v1/query-request", post(query))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Fails the next `times` statements containing `text` with a compilation error.
    pub fn fail(&self, text: &str, times: usize) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .fail
            .push((text.to_string(), times));
    }

    /// Delays every query response by `ms`.
    pub fn delay_ms(&self, ms: u64) {
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Answers statements starting with `prefix` with these text columns and rows.
    pub fn result(&self, prefix: &str, columns: &[&str], rows: Vec<Vec<Value>>) {
        self.shared.inner.lock().unwrap().results.push((
            prefix.to_string(),
            columns.iter().map(|c| c.to_string()).collect(),
            rows,
        ));
    }

    /// Every statement received, in arrival order (`USE` statements included).
    pub fn received(&self) -> Vec<Received> {
        self.shared.inner.lock().unwrap().received.clone()
    }

    /// How many logins (sessions) were opened.
    pub fn logins(&self) -> u64 {
        self.shared.inner.lock().unwrap().logins
    }

    pub fn clear(&self) {
        self.shared.inner.lock().unwrap().received.clear();
    }
}

async fn login(
    State(shared): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let login_name = body["data"]["LOGIN_NAME"].as_str().unwrap_or_default();
    if login_name.is_empty() || body["data"]["PASSWORD"].as_str() == Some("wrong") {
        return Json(json!({
            "code": "390100", "message": "Incorrect username or password was specified.",
            "success": false, "data": {"authnMethod": "PASSWORD", "errorCode": "390100"}
        }));
    }
    let id = shared.next_session.fetch_add(1, Ordering::SeqCst) + 1;
    let role = params
        .get("roleName")
        .cloned()
        .unwrap_or_else(|| "PUBLIC".into());
    {
        let mut inner = shared.inner.lock().unwrap();
        inner.logins += 1;
        inner.roles.insert(id, role.clone());
    }
    Json(json!({
        "code": null, "message": null, "success": true,
        "data": {
            "token": format!("session-{id}"), "masterToken": format!("master-{id}"),
            "sessionId": id, "validityInSeconds": 3600, "masterValidityInSeconds": 14400,
            "serverVersion": "9.99.0", "parameters": [],
            "sessionInfo": {"databaseName": null, "schemaName": null, "warehouseName": null, "roleName": role}
        }
    }))
}

async fn query(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Json<Value> {
    let session = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Snowflake Token=\"session-"))
        .and_then(|v| v.trim_end_matches('"').parse::<u64>().ok());
    let Some(session) = session else {
        return Json(error(
            "390104",
            "Authentication token is missing or invalid.",
        ));
    };
    let sql = body["sqlText"].as_str().unwrap_or_default().to_string();
    let start = shared.clock.fetch_add(1, Ordering::SeqCst);
    let delay = shared.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let end = shared.clock.fetch_add(1, Ordering::SeqCst);
    let mut inner = shared.inner.lock().unwrap();
    let role = inner.roles.get(&session).cloned().unwrap_or_default();
    inner.received.push(Received {
        session,
        role: role.clone(),
        sql: sql.clone(),
        start,
        end,
    });
    if let Some(slot) = inner
        .fail
        .iter_mut()
        .find(|(text, left)| *left > 0 && sql.contains(text.as_str()))
    {
        slot.1 -= 1;
        return Json(error(
            "002003",
            &format!(
                "SQL compilation error: Object does not exist or not authorized ({})",
                slot.0
            ),
        ));
    }
    let upper = sql.trim().to_ascii_uppercase();
    if let Some(r) = upper.strip_prefix("USE ROLE ") {
        inner.roles.insert(session, r.trim().to_string());
    }
    let (columns, rows) = inner
        .results
        .iter()
        .find(|(prefix, _, _)| upper.starts_with(&prefix.to_ascii_uppercase()))
        .map(|(_, c, r)| (c.clone(), r.clone()))
        .unwrap_or_else(|| {
            (
                vec!["status".into()],
                vec![vec![json!("Statement executed successfully.")]],
            )
        });
    let rowtype: Vec<Value> = columns
        .iter()
        .map(|c| json!({"name": c, "type": "text", "nullable": true, "byteLength": null, "length": null, "scale": null, "precision": null}))
        .collect();
    Json(json!({
        "code": null, "message": null, "success": true,
        "data": {
            "parameters": [], "rowtype": rowtype, "rowset": rows, "total": rows.len(),
            "returned": rows.len(), "queryId": format!("q-{start}"), "finalRoleName": role,
            "statementTypeId": 1, "version": 1
        }
    }))
}

fn error(code: &str, message: &str) -> Value {
    json!({
        "code": code, "message": message, "success": false,
        "data": {"age": 0, "errorCode": code, "internalError": false, "line": null, "pos": null,
                 "queryId": "q-error", "sqlState": "02000"}
    })
}
