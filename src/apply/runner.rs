//! Runs the statements over a bounded number of sessions in dependency order.
//!
//! All sessions are futures of one task (the crate's futures are not `Send`); they share the
//! scheduler state through a `RefCell` and wake each other through a `Notify`. A session
//! prefers a ready statement of the context (role, warehouse) it is already in, and switches
//! context with the file's `USE` statements before running a statement of another one. On the
//! first failure no new statement starts; statements already running finish and are journaled.
//!
//! Before a statement is sent the journal records it `started`; after, `ok` or `failed`. When the
//! answer is lost (connection error, HTTP 5xx), the statement is looked up in the deployment's query
//! history ([`super::history`]) instead of being sent again: found succeeded, it counts as done; found
//! failed, as failed; absent, it never ran and is sent (once more).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet, VecDeque};

use tokio::sync::Notify;

use super::client::{ExecError, Session};
use super::graph::Graph;
use super::history::{self, Seen};
use super::journal::{self, Journal};
use super::ledger::{StatementRow, now_ms};
use super::progress::Progress;
use super::source::Source;

/// A statement that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Index into `Source::steps`.
    pub step: usize,
    /// `file:line`.
    pub location: String,
    /// Snowflake's message (or the connection error).
    pub message: String,
    /// The statement's first line.
    pub statement: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}\n  statement: {}",
            self.location, self.message, self.statement
        )
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Statements that ran and succeeded.
    pub ran: usize,
    /// `USE` statements run to switch a session's context.
    pub context_switches: usize,
    pub failures: Vec<Failure>,
    /// Outcomes of the statements run, for the ledger.
    pub rows: Vec<StatementRow>,
}

/// The deployment a run belongs to.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: String,
    /// The database whose information schema holds the query history.
    pub history_database: String,
    /// How long to wait for a statement the history shows still running.
    pub poll_timeout: std::time::Duration,
}

struct State {
    waiting: Vec<usize>,
    dependents: Vec<Vec<usize>>,
    /// Ready statements by context, each queue in file order.
    ready: BTreeMap<usize, VecDeque<usize>>,
    in_flight: usize,
    stop: bool,
    outcome: Outcome,
    /// Statements the journal records as done: never queued.
    skip: Vec<bool>,
}

impl State {
    fn complete(&mut self, i: usize, source: &Source) {
        for k in std::mem::take(&mut self.dependents[i]) {
            self.waiting[k] -= 1;
            if self.waiting[k] == 0 && !self.skip[k] {
                let ctx = source.steps[k].context;
                self.ready.entry(ctx).or_default().push_back(k);
            }
        }
    }

    fn pick(&mut self, current: Option<usize>) -> Option<usize> {
        if self.stop {
            return None;
        }
        let ctx = match current.filter(|c| self.ready.get(c).is_some_and(|q| !q.is_empty())) {
            Some(c) => c,
            // Otherwise the context whose next statement comes first in the files.
            None => {
                *self
                    .ready
                    .iter()
                    .filter_map(|(c, q)| q.front().map(|i| (i, c)))
                    .min()?
                    .1
            }
        };
        let queue = self.ready.get_mut(&ctx)?;
        let i = queue.pop_front()?;
        if queue.is_empty() {
            self.ready.remove(&ctx);
        }
        self.in_flight += 1;
        Some(i)
    }
}

/// Runs every statement of `source` not in `skip`, over `sessions`.
pub async fn run(
    source: &Source,
    graph: &Graph,
    skip: &HashSet<String>,
    sessions: &[Session],
    journal: &RefCell<Journal>,
    progress: &Progress,
    deployment: &Deployment,
) -> Outcome {
    let n = source.steps.len();
    let mut state = State {
        waiting: graph.deps.iter().map(Vec::len).collect(),
        dependents: vec![Vec::new(); n],
        ready: BTreeMap::new(),
        in_flight: 0,
        stop: false,
        outcome: Outcome::default(),
        skip: source.steps.iter().map(|s| skip.contains(&s.id)).collect(),
    };
    for (i, deps) in graph.deps.iter().enumerate() {
        for &d in deps {
            state.dependents[d].push(i);
        }
    }
    for (i, step) in source.steps.iter().enumerate() {
        if state.waiting[i] == 0 && !state.skip[i] {
            state.ready.entry(step.context).or_default().push_back(i);
        }
    }
    // A journaled success counts as done (the journal says its dependencies held when it ran),
    // so its dependents are released by it; in file order, so chains of skips release in turn.
    for i in 0..n {
        if state.skip[i] {
            state.complete(i, source);
        }
    }
    let state = RefCell::new(state);
    let wake = Notify::new();
    let workers = sessions
        .iter()
        .map(|s| worker(s, source, &state, &wake, journal, progress, deployment));
    futures::future::join_all(workers).await;
    let mut outcome = state.into_inner().outcome;
    outcome.failures.sort_by_key(|f| f.step);
    outcome
}

async fn worker(
    session: &Session,
    source: &Source,
    state: &RefCell<State>,
    wake: &Notify,
    journal: &RefCell<Journal>,
    progress: &Progress,
    deployment: &Deployment,
) {
    let mut current: Option<usize> = None;
    let mut applied: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let (picked, notified) = {
            let mut st = state.borrow_mut();
            let picked = st.pick(current);
            let idle = picked.is_none() && (st.stop || st.ready.is_empty()) && st.in_flight == 0;
            if idle {
                return;
            }
            (picked, wake.notified())
        };
        let Some(i) = picked else {
            notified.await;
            continue;
        };
        let step = &source.steps[i];
        let ctx = &source.contexts[step.context];
        let mut result = Ok(());
        let mut switches = 0;
        if current != Some(step.context) {
            for (kind, text) in &ctx.uses {
                if applied.get(kind) != Some(text) {
                    result = session.exec(text).await.map_err(|e| format!("{text}: {e}"));
                    if result.is_err() {
                        applied.clear();
                        break;
                    }
                    switches += 1;
                    applied.insert(kind.clone(), text.clone());
                }
            }
            current = result.is_ok().then_some(step.context);
        }
        if result.is_ok() {
            result =
                journal
                    .borrow_mut()
                    .record(&deployment.id, step, journal::Outcome::Started, None);
        }
        if result.is_ok() {
            result = run_once(session, &step.text, deployment).await;
        }
        let outcome = if result.is_ok() {
            journal::Outcome::Ok
        } else {
            journal::Outcome::Failed
        };
        let journaled = journal.borrow_mut().record(
            &deployment.id,
            step,
            outcome,
            result.as_ref().err().map(String::as_str),
        );
        let row = StatementRow {
            step_id: step.id.clone(),
            file: step.file.clone(),
            line: step.line,
            ok: result.is_ok(),
            error: result.as_ref().err().cloned(),
            at_ms: now_ms(),
        };
        let result = result.and(journaled);
        {
            let mut st = state.borrow_mut();
            st.in_flight -= 1;
            st.outcome.context_switches += switches;
            st.outcome.rows.push(row);
            match &result {
                Ok(()) => {
                    st.outcome.ran += 1;
                    st.complete(i, source);
                }
                Err(message) => {
                    st.stop = true;
                    st.outcome.failures.push(Failure {
                        step: i,
                        location: step.location(),
                        message: message.clone(),
                        statement: step.headline().to_string(),
                    });
                }
            }
        }
        progress.done(step, result.as_ref().err().map(String::as_str));
        wake.notify_waiters();
    }
}

/// Sends `sql`; when the answer is lost, asks the query history before sending it again.
async fn run_once(session: &Session, sql: &str, deployment: &Deployment) -> Result<(), String> {
    let lost = match session.run(sql).await {
        Ok(()) => return Ok(()),
        Err(ExecError::Failed(m)) => return Err(m),
        Err(ExecError::Unknown(m)) => m,
    };
    let seen = history::seen(
        session,
        &deployment.history_database,
        &deployment.id,
        sql,
        deployment.poll_timeout,
    )
    .await
    .map_err(|e| format!("{lost}; outcome unknown, and {e}; check the account before resuming"))?;
    match seen {
        Seen::Succeeded(_) => Ok(()),
        Seen::Failed(m) => Err(m),
        // Never reached the server: sending it is safe.
        Seen::Absent => session.run(sql).await.map_err(|e| match e {
            ExecError::Failed(m) => m,
            ExecError::Unknown(m) => format!("{m} (outcome unknown; not sent again)"),
        }),
    }
}
