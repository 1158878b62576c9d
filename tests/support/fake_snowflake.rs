//! A local stand-in for the Snowflake REST endpoints `snowflake-api` 0.14 calls:
//! `POST /session/v1/login-request` and `POST /queries/v1/query-request` (shapes from the
//! crate's `requests.rs`/`responses.rs`). It records every statement with its session, the
//! session's role at the time and start/end sequence numbers; it can fail statements that
//! contain a given text, delay each query response, and answer given queries with rows.
//! Statements no canned answer matches run against a stateful account ([`snowflake_state`]):
//! roles, users, objects, grants, `ON ALL` expansion and future grants as Snowflake documents them.
//!
//! Shared by the apply tests and `benches/apply.rs` (`#[path]`-included).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

#[path = "snowflake_state.rs"]
pub mod snowflake_state;
use snowflake_state::Account;

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
    account: Account,
    /// Session to its QUERY_TAG.
    tags: HashMap<u64, String>,
    history: Vec<History>,
    /// (text to match, remaining): run, then answer HTTP 503.
    lose: Vec<(String, usize)>,
    /// (text to match, replacement): the next statement containing the text runs the replacement
    /// instead (nothing when empty) and is answered as if it had run.
    rewrite: Vec<(String, Option<String>)>,
    /// (text to match, polls): run, answer 333334, and 333334 to the first `polls - 1` polls.
    pending: Vec<(String, usize)>,
    /// Query id to (polls left, final answer).
    running: HashMap<String, (usize, Value)>,
    /// Result URL polls received.
    polls: u64,
}

/// One query in the server's history (what QUERY_HISTORY_BY_USER lists).
#[derive(Debug, Clone)]
pub struct History {
    pub query_id: String,
    pub tag: String,
    pub sql: String,
    pub status: String,
    pub error: Option<String>,
}

#[derive(Clone, Default)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    clock: Arc<AtomicU64>,
    next_session: Arc<AtomicU64>,
    delay_ms: Arc<AtomicU64>,
    /// Extra random delay per query, up to this many ms.
    jitter_ms: Arc<AtomicU64>,
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
            .route("/queries/{id}/result", get(result))
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

    /// Adds a random delay of 0..=`ms` to every query response (on top of [`Self::delay_ms`]).
    pub fn jitter_ms(&self, ms: u64) {
        self.shared.jitter_ms.store(ms, Ordering::SeqCst);
    }

    /// Reads or changes the account the server keeps.
    pub fn with_account<R>(&self, f: impl FnOnce(&mut Account) -> R) -> R {
        f(&mut self.shared.inner.lock().unwrap().account)
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

    /// The next statement containing `text` runs `replacement` instead (nothing when empty) and
    /// is answered with success: an account that silently did something else (a grant dropped, a
    /// policy body changed).
    pub fn rewrite(&self, text: &str, replacement: &str) {
        self.shared.inner.lock().unwrap().rewrite.push((
            text.to_string(),
            Some(replacement.to_string()).filter(|r| !r.is_empty()),
        ));
    }

    /// Runs the next `times` statements containing `text`, then answers HTTP 503 (the answer is lost).
    pub fn lose_answer(&self, text: &str, times: usize) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .lose
            .push((text.to_string(), times));
    }

    /// Answers the next statement containing `text` with 333334 (still running) and its result
    /// URL with 333334 `polls - 1` more times before the result.
    pub fn still_running(&self, text: &str, polls: usize) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .pending
            .push((text.to_string(), polls.max(1)));
    }

    /// Result URL polls received.
    pub fn polls(&self) -> u64 {
        self.shared.inner.lock().unwrap().polls
    }

    /// The query history (every statement run, with its session's query tag).
    pub fn history(&self) -> Vec<History> {
        self.shared.inner.lock().unwrap().history.clone()
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
) -> Response {
    let session = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Snowflake Token=\"session-"))
        .and_then(|v| v.trim_end_matches('"').parse::<u64>().ok());
    let Some(session) = session else {
        return Json(error(
            "390104",
            "Authentication token is missing or invalid.",
        ))
        .into_response();
    };
    let sql = body["sqlText"].as_str().unwrap_or_default().to_string();
    let start = shared.clock.fetch_add(1, Ordering::SeqCst);
    let jitter = shared.jitter_ms.load(Ordering::SeqCst);
    let delay = shared.delay_ms.load(Ordering::SeqCst)
        + if jitter > 0 {
            rand::random_range(0..=jitter)
        } else {
            0
        };
    if delay > 0 {
        // A client that goes away now (killed) cancels this handler: the statement never runs.
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let end = shared.clock.fetch_add(1, Ordering::SeqCst);
    let mut inner = shared.inner.lock().unwrap();
    let (answer, executed) = answer(&mut inner, session, &sql, start, end);
    let query_id = format!("q-{start}");
    if executed {
        let tag = inner.tags.get(&session).cloned().unwrap_or_default();
        let failed = answer["success"] == json!(false);
        inner.history.push(History {
            query_id: query_id.clone(),
            tag,
            sql: sql.clone(),
            status: if failed {
                "FAILED_WITH_ERROR"
            } else {
                "SUCCESS"
            }
            .into(),
            error: answer["message"].as_str().map(str::to_string),
        });
    }
    if let Some(slot) = inner
        .lose
        .iter_mut()
        .find(|(text, left)| *left > 0 && sql.contains(text.as_str()))
    {
        // Ran, and the answer is lost: what a client sees as an HTTP 503.
        slot.1 -= 1;
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if let Some(slot) = inner
        .pending
        .iter_mut()
        .find(|(text, left)| *left > 0 && sql.contains(text.as_str()))
    {
        // Still running after the synchronous wait: poll the result URL (`polls` more times).
        let polls = slot.1;
        slot.1 = 0;
        inner
            .running
            .insert(query_id.clone(), (polls.saturating_sub(1), answer));
        return Json(still_running(&query_id)).into_response();
    }
    Json(answer).into_response()
}

fn still_running(query_id: &str) -> Value {
    json!({
        "code": "333334",
        "message": "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
        "success": true,
        "data": {"queryId": query_id, "getResultUrl": format!("/queries/{query_id}/result")}
    })
}

/// `GET /queries/{id}/result`: 333334 until the query's polls are used up, then its answer.
async fn result(State(shared): State<Shared>, Path(query_id): Path<String>) -> Json<Value> {
    let mut inner = shared.inner.lock().unwrap();
    inner.polls += 1;
    match inner.running.get_mut(&query_id) {
        Some((left, _)) if *left > 0 => {
            *left -= 1;
            Json(still_running(&query_id))
        }
        Some(_) => Json(inner.running.remove(&query_id).unwrap().1),
        None => Json(error(
            "000605",
            "Identified SQL statement is not currently executing.",
        )),
    }
}

/// The answer to one statement, and whether it ran (`USE` and failures injected count as run).
fn answer(inner: &mut Inner, session: u64, sql: &str, start: u64, end: u64) -> (Value, bool) {
    let role = inner.roles.get(&session).cloned().unwrap_or_default();
    inner.received.push(Received {
        session,
        role: role.clone(),
        sql: sql.to_string(),
        start,
        end,
    });
    if let Some(slot) = inner
        .fail
        .iter_mut()
        .find(|(text, left)| *left > 0 && sql.contains(text.as_str()))
    {
        slot.1 -= 1;
        let message = format!(
            "SQL compilation error: Object does not exist or not authorized ({})",
            slot.0
        );
        return (error("002003", &message), true);
    }
    let upper = sql.trim().to_ascii_uppercase();
    if let Some(r) = upper.strip_prefix("USE ROLE ") {
        inner.roles.insert(session, r.trim().to_string());
    }
    if upper.starts_with("ALTER SESSION SET QUERY_TAG") {
        let tag = sql
            .split_once('\'')
            .and_then(|(_, r)| r.rsplit_once('\''))
            .map(|(t, _)| t.replace("''", "'"))
            .unwrap_or_default();
        inner.tags.insert(session, tag);
    }
    let canned = inner
        .results
        .iter()
        .find(|(prefix, _, _)| upper.starts_with(&prefix.to_ascii_uppercase()))
        .map(|(_, c, r)| (c.clone(), r.clone()));
    let (columns, rows) = match canned {
        Some(answer) => answer,
        None if upper.starts_with("USE ") || upper.starts_with("ALTER SESSION") => (
            vec!["status".into()],
            vec![vec![json!("Statement executed successfully.")]],
        ),
        None if upper.contains("INFORMATION_SCHEMA.QUERY_HISTORY") => {
            let tag = sql
                .rsplit_once("QUERY_TAG = '")
                .and_then(|(_, r)| r.split_once('\''))
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            let rows = inner
                .history
                .iter()
                .rev()
                .filter(|h| h.tag == tag)
                .map(|h| {
                    vec![
                        json!(h.query_id),
                        json!(h.sql),
                        json!(h.status),
                        json!(h.error),
                    ]
                })
                .collect();
            (
                [
                    "QUERY_ID",
                    "QUERY_TEXT",
                    "EXECUTION_STATUS",
                    "ERROR_MESSAGE",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            )
        }
        None if let Some(at) = inner
            .rewrite
            .iter()
            .position(|(text, _)| sql.contains(text.as_str())) =>
        {
            let (_, replacement) = inner.rewrite.remove(at);
            if let Some(r) = replacement
                && let Err(e) = inner.account.execute(&r, &role)
            {
                return (error(&e.code, &e.message), true);
            }
            (
                vec!["status".into()],
                vec![vec![json!("Statement executed successfully.")]],
            )
        }
        None => match inner.account.execute(sql, &role) {
            Ok(a) => (a.columns, a.rows),
            Err(e) => return (error(&e.code, &e.message), true),
        },
    };
    let rowtype: Vec<Value> = columns
        .iter()
        .map(|c| json!({"name": c, "type": "text", "nullable": true, "byteLength": null, "length": null, "scale": null, "precision": null}))
        .collect();
    let value = json!({
        "code": null, "message": null, "success": true,
        "data": {
            "parameters": [], "rowtype": rowtype, "rowset": rows, "total": rows.len(),
            "returned": rows.len(), "queryId": format!("q-{start}"), "finalRoleName": role,
            "statementTypeId": 1, "version": 1
        }
    });
    (value, true)
}

fn error(code: &str, message: &str) -> Value {
    json!({
        "code": code, "message": message, "success": false,
        "data": {"age": 0, "errorCode": code, "internalError": false, "line": null, "pos": null,
                 "queryId": "q-error", "sqlState": "02000"}
    })
}
