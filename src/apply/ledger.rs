//! The deployment ledger, kept in the account (in the package's governance schema), like
//! schemachange's change-history table: what was deployed there, by whom, when, and how each
//! statement ended. The client journal is only a cache of it.
//!
//! Tables (created by [`bootstrap`], which `apply` runs before anything else; idempotent):
//! - `SNOWTENANT_DEPLOYMENTS`: one row per deployment: `DEPLOYMENT_ID` (`<start ms>-<random>`, so
//!   the latest sorts last), `FINGERPRINT` (what the account is at once it succeeds: the package's
//!   `<spec sha256>:<manifest.json sha256>`, or for a migration the NEW package's), `INPUT_DIGEST`
//!   (what ran: the package fingerprint or the migration script's SHA-256), `INPUT_NAME`,
//!   `TOOL_VERSION`, `DEPLOYED_BY`, `WITH_SIGMA`, `STARTED_AT_MS`, `FINISHED_AT_MS`, `OUTCOME`
//!   (`running`, `succeeded`, `failed`);
//! - `SNOWTENANT_STATEMENTS`: one row per statement outcome: `DEPLOYMENT_ID`, `STEP_ID`
//!   (`file#index#sha256`), `FILE`, `LINE`, `OUTCOME` (`ok`, `failed`), `ERROR`, `AT_MS`;
//! - `SNOWTENANT_LOCK`: exists only while an apply holds the lock ([`acquire`]);
//! - `SNOWTENANT_FILES`: the input each deployment ran, compressed (`super::deployed`): what
//!   `plan --from` plans from;
//! - `SNOWTENANT_OBJECTS`: the roles, schemas, warehouses, monitors and users each deployment's input
//!   creates: what `drift` reports as leftovers once a package no longer has them.
//!
//! A new `apply` is a new deployment and runs every statement, whatever ran before (a rollback to an
//! older package runs it again); only an unfinished deployment of the same input is resumed.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::client::{Rows, Session};
use super::source::Source;
use crate::drift::live::sql_name;
use crate::quote::{Name, SqlString};

pub const DEPLOYMENTS: &str = "SNOWTENANT_DEPLOYMENTS";
pub const STATEMENTS: &str = "SNOWTENANT_STATEMENTS";
pub const LOCK: &str = "SNOWTENANT_LOCK";
/// Every table of the ledger, in the governance schema beside the package's own objects.
pub const TABLES: [&str; 5] = [
    DEPLOYMENTS,
    STATEMENTS,
    LOCK,
    super::deployed::FILES,
    super::deployed::OBJECTS,
];

/// Where the ledger lives and the role that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The schema key (`DB.SCHEMA`).
    pub schema: String,
    /// The role that creates the schema in the package (runs the ledger's statements).
    pub role: Option<String>,
}

/// A migration script line naming where the ledger is when the migration starts (OLD's governance
/// schema): `-- snowtenant: ledger DB.S ROLE`.
pub const LEDGER_HEADER: &str = "-- snowtenant: ledger ";

/// A migration script line naming where the ledger is once the migration has run, when that is
/// another schema (NEW renames the governance schema): `-- snowtenant: ledger-moves-to DB.S ROLE`.
/// `apply` then keeps the ledger there from the start and copies the earlier one's history over.
pub const MOVES_HEADER: &str = "-- snowtenant: ledger-moves-to ";

/// The history tables (the lock is not one) and their columns, in the order `bootstrap` creates them.
const HISTORY: [(&str, &str); 4] = [
    (
        DEPLOYMENTS,
        "DEPLOYMENT_ID VARCHAR NOT NULL, FINGERPRINT VARCHAR NOT NULL, INPUT_DIGEST VARCHAR NOT NULL, \
         INPUT_NAME VARCHAR, TOOL_VERSION VARCHAR, DEPLOYED_BY VARCHAR, WITH_SIGMA BOOLEAN, \
         STARTED_AT_MS NUMBER(20,0), FINISHED_AT_MS NUMBER(20,0), OUTCOME VARCHAR",
    ),
    (
        STATEMENTS,
        "DEPLOYMENT_ID VARCHAR NOT NULL, STEP_ID VARCHAR NOT NULL, FILE VARCHAR, LINE NUMBER(10,0), \
         OUTCOME VARCHAR, ERROR VARCHAR, AT_MS NUMBER(20,0)",
    ),
    (
        super::deployed::FILES,
        "DEPLOYMENT_ID VARCHAR NOT NULL, PATH VARCHAR NOT NULL, PART NUMBER(10,0) NOT NULL, \
         CONTENT VARCHAR NOT NULL",
    ),
    (
        super::deployed::OBJECTS,
        "DEPLOYMENT_ID VARCHAR NOT NULL, KIND VARCHAR NOT NULL, NAME VARCHAR NOT NULL",
    ),
];

pub fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// The governance schema of a loaded package: the schema of its row access policy (the spec puts
/// the mapping table, the policy and the procedures there), and the role its `CREATE SCHEMA` runs as.
pub fn locate(source: &Source) -> Option<Location> {
    let schema = source.steps.iter().find_map(|s| {
        let (kind, name) = super::names::created(&s.text)?;
        (kind == "ROW_ACCESS_POLICY")
            .then(|| super::names::containers(&name).0)
            .flatten()
    })?;
    let role = source
        .steps
        .iter()
        .find(|s| super::names::created(&s.text).is_some_and(|(k, n)| k == "SCHEMA" && n == schema))
        .and_then(|s| source.contexts[s.context].role.clone());
    Some(Location { schema, role })
}

/// Where a migration script's header says the ledger is when it starts.
pub fn from_header(text: &str) -> Option<Location> {
    header_location(text, LEDGER_HEADER)
}

/// Where a migration script's header says the ledger is once it has run, when it moves.
pub fn moves_to_header(text: &str) -> Option<Location> {
    header_location(text, MOVES_HEADER)
}

fn header_location(text: &str, prefix: &str) -> Option<Location> {
    let line = text.lines().find_map(|l| l.strip_prefix(prefix))?;
    // Names as keys (a quoted part may hold spaces): the schema, then the role.
    let mut names = super::names::mentions(line).full.into_iter();
    Some(Location {
        schema: names.next()?,
        role: names.next(),
    })
}

impl Location {
    pub(crate) fn table(&self, name: &str) -> Result<Name, String> {
        let mut n = sql_name(&self.schema)
            .ok_or_else(|| format!("ledger schema {} does not parse", self.schema))?;
        n.0.push(crate::quote::Ident::new(name));
        Ok(n)
    }

    /// The header line a migration carries: where the ledger is when it starts.
    pub fn header(&self) -> String {
        self.header_line(LEDGER_HEADER)
    }

    /// The header line of a migration that moves the ledger here.
    pub fn moves_header(&self) -> String {
        self.header_line(MOVES_HEADER)
    }

    fn header_line(&self, prefix: &str) -> String {
        match &self.role {
            Some(r) => format!("{prefix}{} {r}", self.schema),
            None => format!("{prefix}{}", self.schema),
        }
    }

    /// `USE ROLE r` for the ledger's statements, when the package names one.
    pub fn use_role(&self) -> Option<String> {
        let role = self.role.as_ref()?;
        Some(format!("USE ROLE {}", sql_name(role)?))
    }

    /// The statements that create the ledger (idempotent; the package creates the same schema).
    pub fn bootstrap_sql(&self) -> Result<Vec<String>, String> {
        let schema =
            sql_name(&self.schema).ok_or_else(|| format!("{} does not parse", self.schema))?;
        let database = Name(vec![schema.0[0].clone()]);
        let mut out = vec![
            format!("CREATE DATABASE IF NOT EXISTS {database}"),
            format!("CREATE SCHEMA IF NOT EXISTS {schema} WITH MANAGED ACCESS"),
        ];
        for (table, columns) in HISTORY {
            out.push(format!(
                "CREATE TABLE IF NOT EXISTS {} ({columns})",
                self.table(table)?
            ));
        }
        Ok(out)
    }

    /// The statements that copy the history of the ledger at `from` here: per table, the rows of
    /// deployments this one lacks, so a second run (a resumed apply) copies nothing twice.
    pub fn copy_history_sql(&self, from: &Location) -> Result<Vec<String>, String> {
        HISTORY
            .iter()
            .map(|(table, columns)| {
                let names: Vec<&str> = columns
                    .split(", ")
                    .filter_map(|c| c.split(' ').next())
                    .collect();
                let names = names.join(", ");
                let to = self.table(table)?;
                Ok(format!(
                    "INSERT INTO {to} ({names}) SELECT {names} FROM {} WHERE DEPLOYMENT_ID NOT IN \
                     (SELECT DEPLOYMENT_ID FROM {to})",
                    from.table(table)?
                ))
            })
            .collect()
    }
}

/// One row of `SNOWTENANT_DEPLOYMENTS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub id: String,
    pub fingerprint: String,
    pub input_digest: String,
    pub input_name: String,
    pub deployed_by: String,
    pub started_at_ms: u128,
    pub outcome: String,
}

/// The comment every ledger statement starts with, so the query history (and a reader of it)
/// tells the tool's bookkeeping from the package's statements.
pub const MARK: &str = "/* snowtenant ledger */ ";

/// `sql` with [`MARK`] in front (`USE` statements are left as they are).
pub fn marked(sql: &str) -> String {
    if sql.starts_with("USE ") {
        sql.to_string()
    } else {
        format!("{MARK}{sql}")
    }
}

/// Runs `sql` on `session`, naming what failed.
pub(crate) async fn exec(session: &Session, sql: &str) -> Result<(), String> {
    session
        .exec(&marked(sql))
        .await
        .map_err(|e| format!("ledger: {e}\n  statement: {sql}"))
}

pub(crate) async fn query(session: &Session, sql: &str) -> Result<Rows, String> {
    session
        .query(&marked(sql))
        .await
        .map_err(|e| format!("ledger: {e}\n  statement: {sql}"))
}

/// Creates the ledger's schema and tables (as the package's role).
pub async fn bootstrap(session: &Session, at: &Location) -> Result<(), String> {
    if let Some(u) = at.use_role() {
        exec(session, &u).await?;
    }
    for sql in at.bootstrap_sql()? {
        exec(session, &sql).await?;
    }
    Ok(())
}

pub(crate) fn cell(rows: &Rows, row: usize, column: &str) -> String {
    let i = rows
        .columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(column));
    i.and_then(|i| rows.rows.get(row)?.get(i)?.clone())
        .unwrap_or_default()
}

/// The `SELECT` of the latest deployment.
pub fn last_sql(at: &Location) -> Result<String, String> {
    Ok(format!(
        "SELECT DEPLOYMENT_ID, FINGERPRINT, INPUT_DIGEST, INPUT_NAME, DEPLOYED_BY, STARTED_AT_MS, OUTCOME \
         FROM {} ORDER BY DEPLOYMENT_ID DESC LIMIT 1",
        at.table(DEPLOYMENTS)?
    ))
}

/// The latest deployment recorded in the account, if any.
pub async fn last(session: &Session, at: &Location) -> Result<Option<Deployment>, String> {
    let rows = query(session, &last_sql(at)?).await?;
    if rows.rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(Deployment {
        id: cell(&rows, 0, "DEPLOYMENT_ID"),
        fingerprint: cell(&rows, 0, "FINGERPRINT"),
        input_digest: cell(&rows, 0, "INPUT_DIGEST"),
        input_name: cell(&rows, 0, "INPUT_NAME"),
        deployed_by: cell(&rows, 0, "DEPLOYED_BY"),
        started_at_ms: cell(&rows, 0, "STARTED_AT_MS").parse().unwrap_or(0),
        outcome: cell(&rows, 0, "OUTCOME"),
    }))
}

/// A new deployment id: `<start ms, 13 digits>-<8 random hex digits>`.
pub fn new_id() -> String {
    format!("{:013}-{:08x}", now_ms(), rand::random::<u32>())
}

/// Records the start of deployment `d` (outcome `running`).
pub async fn begin(
    session: &Session,
    at: &Location,
    d: &Deployment,
    with_sigma: bool,
) -> Result<(), String> {
    let sql = format!(
        "INSERT INTO {} (DEPLOYMENT_ID, FINGERPRINT, INPUT_DIGEST, INPUT_NAME, TOOL_VERSION, DEPLOYED_BY, \
         WITH_SIGMA, STARTED_AT_MS, OUTCOME) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, 'running')",
        at.table(DEPLOYMENTS)?,
        SqlString::new(d.id.clone()),
        SqlString::new(d.fingerprint.clone()),
        SqlString::new(d.input_digest.clone()),
        SqlString::new(d.input_name.clone()),
        SqlString::new(env!("CARGO_PKG_VERSION")),
        SqlString::new(d.deployed_by.clone()),
        if with_sigma { "TRUE" } else { "FALSE" },
        d.started_at_ms,
    );
    exec(session, &sql).await
}

/// Records how deployment `id` ended.
pub async fn finish(
    session: &Session,
    at: &Location,
    id: &str,
    succeeded: bool,
) -> Result<(), String> {
    let sql = format!(
        "UPDATE {} SET FINISHED_AT_MS = {}, OUTCOME = {} WHERE DEPLOYMENT_ID = {}",
        at.table(DEPLOYMENTS)?,
        now_ms(),
        SqlString::new(if succeeded { "succeeded" } else { "failed" }),
        SqlString::new(id),
    );
    exec(session, &sql).await
}

/// One statement outcome to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub step_id: String,
    pub file: String,
    pub line: usize,
    pub ok: bool,
    pub error: Option<String>,
    pub at_ms: u128,
}

/// Records statement outcomes of deployment `id`, 500 rows per `INSERT`.
pub async fn record(
    session: &Session,
    at: &Location,
    id: &str,
    rows: &[StatementRow],
) -> Result<(), String> {
    let table = at.table(STATEMENTS)?;
    for chunk in rows.chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .map(|r| {
                format!(
                    "({}, {}, {}, {}, {}, {}, {})",
                    SqlString::new(id),
                    SqlString::new(r.step_id.clone()),
                    SqlString::new(r.file.clone()),
                    r.line,
                    SqlString::new(if r.ok { "ok" } else { "failed" }),
                    r.error
                        .as_ref()
                        .map_or("NULL".to_string(), |e| SqlString::new(e.clone())
                            .to_string()),
                    r.at_ms
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} (DEPLOYMENT_ID, STEP_ID, FILE, LINE, OUTCOME, ERROR, AT_MS) VALUES {}",
            values.join(", ")
        );
        exec(session, &sql).await?;
    }
    Ok(())
}

/// Step ids deployment `id` records as succeeded.
pub async fn succeeded(
    session: &Session,
    at: &Location,
    id: &str,
) -> Result<std::collections::HashSet<String>, String> {
    let sql = format!(
        "SELECT STEP_ID FROM {} WHERE DEPLOYMENT_ID = {} AND OUTCOME = 'ok'",
        at.table(STATEMENTS)?,
        SqlString::new(id)
    );
    let rows = query(session, &sql).await?;
    Ok((0..rows.rows.len())
        .map(|r| cell(&rows, r, "STEP_ID"))
        .collect())
}

/// Who holds the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub deployment: String,
    /// `user@host (pid N)`.
    pub holder: String,
    pub acquired_at_ms: u128,
}

impl Holder {
    /// The holder's process is gone: it ran on this host and its pid no longer exists.
    fn is_dead_here(&self, me: &str) -> bool {
        let host = |h: &str| {
            h.split_once('@')
                .map(|(_, r)| r.split(' ').next().unwrap_or_default().to_string())
        };
        let pid = self
            .holder
            .rsplit_once("(pid ")
            .and_then(|(_, p)| p.trim_end_matches(')').parse::<u32>().ok());
        host(&self.holder) == host(me)
            && pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists())
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let age = now_ms().saturating_sub(self.acquired_at_ms) / 1000;
        write!(
            f,
            "{} (deployment {}, held for {age} s since unix ms {})",
            self.holder, self.deployment, self.acquired_at_ms
        )
    }
}

/// `user@host (pid N)`, for the lock and the ledger.
pub fn whoami(user: &str) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

/// The lock statements: create (fails when the lock exists), record the holder, read, release.
pub fn lock_sql(at: &Location) -> Result<[String; 3], String> {
    let t = at.table(LOCK)?;
    Ok([
        format!(
            "CREATE TABLE {t} (DEPLOYMENT_ID VARCHAR, HOLDER VARCHAR, ACQUIRED_AT_MS NUMBER(20,0))"
        ),
        format!("SELECT DEPLOYMENT_ID, HOLDER, ACQUIRED_AT_MS FROM {t}"),
        format!("DROP TABLE IF EXISTS {t}"),
    ])
}

async fn holder(session: &Session, at: &Location) -> Result<Option<Holder>, String> {
    let [_, read, _] = lock_sql(at)?;
    let rows = match session.query(&marked(&read)).await {
        Ok(r) => r,
        // Released between our CREATE and this SELECT.
        Err(e) if e.contains("002003") => return Ok(None),
        Err(e) => return Err(format!("ledger: {e}\n  statement: {read}")),
    };
    if rows.rows.is_empty() {
        return Ok(Some(Holder {
            deployment: "?".into(),
            holder: "an apply that has not recorded itself yet".into(),
            acquired_at_ms: now_ms(),
        }));
    }
    Ok(Some(Holder {
        deployment: cell(&rows, 0, "DEPLOYMENT_ID"),
        holder: cell(&rows, 0, "HOLDER"),
        acquired_at_ms: cell(&rows, 0, "ACQUIRED_AT_MS").parse().unwrap_or(0),
    }))
}

/// How a lock was taken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Acquired {
    /// Whether another apply held it first (we waited for it).
    pub waited: bool,
    /// The deployment that held it while we waited.
    pub waited_for: Option<String>,
    /// A lock removed: by `--force-unlock`, or left by a process of this host that no longer exists.
    pub broke: Option<Holder>,
}

/// Takes the lock: `CREATE TABLE <schema>.SNOWTENANT_LOCK` without `IF NOT EXISTS`. Snowflake has
/// no unique constraint and no `SELECT ... FOR UPDATE`, but creating an object whose name exists
/// fails ("already exists", 002002), and each DDL statement commits on its own, atomically
/// (docs.snowflake.com/en/sql-reference/transactions: "each DDL statement executes as its own
/// transaction"); of two applies creating the lock at once exactly one succeeds. The winner then
/// writes who it is into the table. The loser reads the holder and retries every second until
/// `timeout` (zero: refuse at once, as Terraform's `-lock-timeout` defaults to), then fails naming
/// the holder. `force` drops the lock first.
pub async fn acquire(
    session: &Session,
    at: &Location,
    deployment: &str,
    me: &str,
    timeout: Duration,
    force: bool,
) -> Result<Acquired, String> {
    let [create, _, release] = lock_sql(at)?;
    let mut out = Acquired::default();
    if force {
        out.broke = holder(session, at).await?;
        exec(session, &release).await?;
    }
    let started = Instant::now();
    let mut unrecorded = 0;
    loop {
        match session.exec(&marked(&create)).await {
            Ok(()) => break,
            Err(e) if e.contains("002002") => {
                let Some(h) = holder(session, at).await? else {
                    continue;
                };
                // The winner creates the lock, then records itself: give it a moment to.
                if h.deployment == "?" && unrecorded < 20 {
                    unrecorded += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
                if h.is_dead_here(me) {
                    exec(session, &release).await?;
                    out.broke = Some(h);
                    continue;
                }
                if started.elapsed() >= timeout {
                    return Err(format!(
                        "the account is locked by another apply: {h}; wait for it, or if it is gone, \
                         re-run with --force-unlock"
                    ));
                }
                out.waited = true;
                out.waited_for = Some(h.deployment.clone());
                tokio::time::sleep(Duration::from_millis(1000).min(timeout)).await;
            }
            Err(e) => return Err(format!("ledger: {e}\n  statement: {create}")),
        }
    }
    let t = at.table(LOCK)?;
    exec(
        session,
        &format!(
            "INSERT INTO {t} (DEPLOYMENT_ID, HOLDER, ACQUIRED_AT_MS) VALUES ({}, {}, {})",
            SqlString::new(deployment),
            SqlString::new(me),
            now_ms()
        ),
    )
    .await?;
    Ok(out)
}

/// Releases the lock.
pub async fn release(session: &Session, at: &Location) -> Result<(), String> {
    let [_, _, release] = lock_sql(at)?;
    exec(session, &release).await
}

/// Whether a ledger exists at `at` (its deployments table answers; "does not exist or not
/// authorized", 002003, is no).
pub async fn exists(session: &Session, at: &Location) -> Result<bool, String> {
    if let Some(u) = at.use_role() {
        exec(session, &u).await?;
    }
    let probe = format!("SELECT COUNT(*) AS N FROM {}", at.table(DEPLOYMENTS)?);
    match session.query(&marked(&probe)).await {
        Ok(_) => Ok(true),
        Err(e) if e.contains("002003") => Ok(false),
        Err(e) => Err(format!("ledger: {e}\n  statement: {probe}")),
    }
}

/// Copies the history of the ledger at `from` to the one at `to` (a migration that renames the
/// governance schema moves the ledger with it), as `to`'s role.
pub async fn copy_history(session: &Session, from: &Location, to: &Location) -> Result<(), String> {
    if let Some(u) = to.use_role() {
        exec(session, &u).await?;
    }
    for sql in to.copy_history_sql(from)? {
        exec(session, &sql).await?;
    }
    Ok(())
}

/// Releases the lock of a ledger the deployment moved away from: when the migration dropped that
/// schema, the lock went with it (Snowflake answers 002003 for a table in a schema that is gone).
pub async fn release_moved(session: &Session, at: &Location) -> Result<(), String> {
    if let Some(u) = at.use_role() {
        // The migration may have dropped the role too; the lock then went with its schema.
        if session.exec(&u).await.is_err() {
            return Ok(());
        }
    }
    match release(session, at).await {
        Err(e) if e.contains("002003") => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Location {
        Location {
            schema: "ANALYTICS_PLATFORM.\"Gov schema\"".into(),
            role: Some("SYSADMIN".into()),
        }
    }

    #[test]
    fn every_ledger_statement_passes_the_validator() {
        let a = at();
        let mut all = a.bootstrap_sql().unwrap();
        all.extend(lock_sql(&a).unwrap());
        all.push(last_sql(&a).unwrap());
        all.push(a.use_role().unwrap());
        let moved = Location {
            schema: "ANALYTICS_PLATFORM.GOV".into(),
            role: None,
        };
        all.extend(moved.copy_history_sql(&a).unwrap());
        for sql in all {
            let sql = marked(&sql);
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
        assert_eq!(from_header(&a.header()), Some(a.clone()));
        assert_eq!(moves_to_header(&a.header()), None);
        assert_eq!(moves_to_header(&a.moves_header()), Some(a.clone()));
        // A script with both lines: each reads its own.
        let both = format!("{}\n{}\n", a.header(), moved.moves_header());
        assert_eq!(from_header(&both), Some(a));
        assert_eq!(moves_to_header(&both), Some(moved));
    }

    #[test]
    fn a_lock_of_a_gone_process_on_this_host_is_dead_and_another_hosts_is_not() {
        let me = whoami("deployer");
        let host = me.split_once('@').unwrap().1.split(' ').next().unwrap();
        let dead = Holder {
            deployment: "d".into(),
            holder: format!("deployer@{host} (pid 4294967)"),
            acquired_at_ms: 0,
        };
        assert!(dead.is_dead_here(&me));
        let alive = Holder {
            holder: me.clone(),
            ..dead.clone()
        };
        assert!(!alive.is_dead_here(&me));
        let elsewhere = Holder {
            holder: "deployer@ci-runner-7 (pid 4294967)".into(),
            ..dead
        };
        assert!(!elsewhere.is_dead_here(&me));
    }
}
