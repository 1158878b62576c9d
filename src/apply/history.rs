//! The query history, for statements whose outcome the client does not know (the answer was lost,
//! or the client was killed while they ran). Every session of a deployment tags its queries with
//! the deployment (`ALTER SESSION SET QUERY_TAG`), so the deployment's statements can be found in
//! `INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER`
//! (docs.snowflake.com/en/sql-reference/functions/query_history) and a statement the server ran is
//! never sent a second time.

use std::time::{Duration, Instant};

use super::client::Session;
use crate::drift::live::sql_name;
use crate::quote::SqlString;

/// The query tag of a deployment's sessions.
pub fn tag(deployment: &str) -> String {
    format!("snowtenant deployment {deployment}")
}

/// `ALTER SESSION SET QUERY_TAG = '...'`.
pub fn set_tag_sql(deployment: &str) -> String {
    format!(
        "ALTER SESSION SET QUERY_TAG = {}",
        SqlString::new(tag(deployment))
    )
}

/// The deployment's queries, newest first, from the history of `database`'s information schema.
pub fn lookup_sql(database: &str, deployment: &str) -> Option<String> {
    Some(format!(
        "{}SELECT QUERY_ID, QUERY_TEXT, EXECUTION_STATUS, ERROR_MESSAGE FROM TABLE({}.INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(RESULT_LIMIT => 10000)) WHERE QUERY_TAG = {} ORDER BY START_TIME DESC",
        super::ledger::MARK,
        sql_name(database)?,
        SqlString::new(tag(deployment))
    ))
}

/// What the history says of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Ran and succeeded (query id).
    Succeeded(String),
    /// Ran and failed (error message).
    Failed(String),
    /// Not in the history: never ran, safe to send.
    Absent,
}

/// The latest run of `text` by the deployment, waiting (up to `timeout`) while it still runs.
pub async fn seen(
    session: &Session,
    database: &str,
    deployment: &str,
    text: &str,
    timeout: Duration,
) -> Result<Seen, String> {
    let sql = lookup_sql(database, deployment)
        .ok_or_else(|| format!("database name {database} does not parse"))?;
    let started = Instant::now();
    loop {
        let rows = session
            .query(&sql)
            .await
            .map_err(|e| format!("reading the query history: {e}"))?;
        let col = |name: &str| {
            rows.columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
        };
        let (Some(id), Some(q), Some(st)) =
            (col("QUERY_ID"), col("QUERY_TEXT"), col("EXECUTION_STATUS"))
        else {
            return Ok(Seen::Absent);
        };
        let err = col("ERROR_MESSAGE");
        let hit = rows.rows.iter().find(|r| {
            r.get(q)
                .and_then(Option::as_deref)
                .is_some_and(|t| t.trim() == text.trim())
        });
        let Some(r) = hit else {
            return Ok(Seen::Absent);
        };
        let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
        match get(st).as_str() {
            "SUCCESS" => return Ok(Seen::Succeeded(get(id))),
            s if s.starts_with("FAILED") => {
                return Ok(Seen::Failed(
                    err.map(get)
                        .filter(|e| !e.is_empty())
                        .unwrap_or_else(|| s.to_string()),
                ));
            }
            status => {
                if started.elapsed() >= timeout {
                    return Err(format!(
                        "query {} still {status} after {} s",
                        get(id),
                        timeout.as_secs()
                    ));
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_pass_the_validator() {
        for sql in [
            set_tag_sql("0001-ab"),
            lookup_sql("\"my db\"", "0001-ab").unwrap(),
        ] {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }
}
