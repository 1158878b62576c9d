//! `ON ALL` and `ON FUTURE` grants, read from the account as Snowflake keeps them
//! (docs.snowflake.com/en/sql-reference/sql/grant-privilege):
//! - `GRANT p ON ALL <kinds> IN SCHEMA s` became one grant per object of the kind that existed when
//!   it ran, so the package expects `p` on every such object the account has now: the grant is
//!   expanded against `SHOW <kinds> IN SCHEMA s` (or `IN DATABASE d`) at read time and compared like
//!   any other grant (a table the role lost shows as DRIFT001, a correct expansion as nothing);
//! - `GRANT p ON FUTURE <kinds> IN SCHEMA s` is kept by the account as a future grant, listed by
//!   `SHOW FUTURE GRANTS IN SCHEMA s` (docs.snowflake.com/en/sql-reference/sql/show-grants): a
//!   missing one is DRIFT008, one to a managed role the package does not make is DRIFT009.
//!
//! One query per container (schema or database) the package names in such grants.

use std::collections::BTreeSet;

use futures::stream::{self, StreamExt, TryStreamExt};

use super::actual::{col, cols};
use super::desired::{SchemaWideGrant, State};
use super::live::sql_name;
use crate::apply::client::{Rows, Session};
use crate::apply::names::part;

/// `SHOW TABLES IN SCHEMA s` for kind `TABLE` (`SHOW MATERIALIZED VIEWS ...` for `MATERIALIZED_VIEW`).
pub fn show_objects(kind: &str, container: &str, in_database: bool) -> Option<String> {
    let scope = if in_database { "DATABASE" } else { "SCHEMA" };
    Some(format!(
        "SHOW {}S IN {scope} {}",
        kind.replace('_', " "),
        sql_name(container)?
    ))
}

/// `SHOW FUTURE GRANTS IN SCHEMA s`.
pub fn show_future(container: &str, in_database: bool) -> Option<String> {
    let scope = if in_database { "DATABASE" } else { "SCHEMA" };
    Some(format!(
        "SHOW FUTURE GRANTS IN {scope} {}",
        sql_name(container)?
    ))
}

/// A catalog name (as SHOW prints it) as a key part.
fn key(name: &str) -> String {
    part(name, Some('"'))
}

/// Object keys (`DB.S.T`) of a `SHOW <kinds> IN ...` result.
fn object_keys(rows: &Rows) -> Result<Vec<String>, String> {
    if rows.rows.is_empty() {
        return Ok(Vec::new());
    }
    let [n, d] = cols(rows, ["name", "database_name"])?;
    let s = col(rows, "schema_name").ok();
    Ok(rows
        .rows
        .iter()
        .map(|r| {
            let get = |i: usize| r.get(i).and_then(Option::as_deref);
            let mut parts = vec![key(get(d).unwrap_or_default())];
            if let Some(schema) = s.and_then(get).filter(|x| !x.is_empty()) {
                parts.push(key(schema));
            }
            parts.push(key(get(n).unwrap_or_default()));
            parts.join(".")
        })
        .collect())
}

/// Future grants to roles of a `SHOW FUTURE GRANTS IN ...` result.
fn future_grants(
    rows: &Rows,
    container: &str,
    in_database: bool,
) -> Result<Vec<SchemaWideGrant>, String> {
    if rows.rows.is_empty() {
        return Ok(Vec::new());
    }
    let [p, on, to, g] = cols(rows, ["privilege", "grant_on", "grant_to", "grantee_name"])?;
    Ok(rows
        .rows
        .iter()
        .filter_map(|r| {
            let get = |i: usize| r.get(i).and_then(Option::as_deref).unwrap_or_default();
            (get(to) == "ROLE").then(|| {
                (
                    get(p).to_string(),
                    get(on).replace(' ', "_"),
                    container.to_string(),
                    in_database,
                    true,
                    key(get(g)),
                )
            })
        })
        .collect())
}

/// Reads the objects `want`'s `ALL` grants cover and the future grants of the containers its
/// `FUTURE` grants name; adds the expanded `ALL` grants to `want.grants` and the account's future
/// grants to `have.schema_wide`.
pub async fn read(
    session: &Session,
    want: &mut State,
    have: &mut State,
    concurrency: usize,
) -> Result<(), String> {
    let all: BTreeSet<(String, String, bool)> = want
        .schema_wide
        .iter()
        .filter(|g| !g.4)
        .map(|g| (g.1.clone(), g.2.clone(), g.3))
        .collect();
    let future: BTreeSet<(String, bool)> = want
        .schema_wide
        .iter()
        .filter(|g| g.4)
        .map(|g| (g.2.clone(), g.3))
        .collect();
    let object_queries = all
        .iter()
        .map(|(kind, c, db)| {
            show_objects(kind, c, *db)
                .map(|sql| (sql, format!("reading {kind} objects in {c}")))
                .ok_or_else(|| format!("name {c} does not parse"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let objects = run_each(session, object_queries, concurrency).await?;
    for ((kind, container, in_database), rows) in all.iter().zip(&objects) {
        for object in object_keys(rows)? {
            for g in want
                .schema_wide
                .iter()
                .filter(|g| !g.4 && &g.1 == kind && &g.2 == container && g.3 == *in_database)
            {
                want.grants
                    .insert((g.0.clone(), kind.clone(), object.clone(), g.5.clone()));
            }
        }
    }
    let future_queries = future
        .iter()
        .map(|(c, db)| {
            show_future(c, *db)
                .map(|sql| (sql, format!("reading future grants in {c}")))
                .ok_or_else(|| format!("name {c} does not parse"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let futures = run_each(session, future_queries, concurrency).await?;
    for ((container, in_database), rows) in future.iter().zip(&futures) {
        have.schema_wide
            .extend(future_grants(rows, container, *in_database)?);
    }
    Ok(())
}

/// Runs `queries` (SQL, what it reads) `concurrency` at a time, results in order; an error names
/// what it was reading.
pub(crate) async fn run_each(
    session: &Session,
    queries: Vec<(String, String)>,
    concurrency: usize,
) -> Result<Vec<Rows>, String> {
    stream::iter(queries.into_iter().map(|(sql, what)| async move {
        session
            .query(&sql)
            .await
            .map_err(|e| format!("{what}: {e}"))
    }))
    .buffered(concurrency.max(1))
    .try_collect()
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_quote_names_and_pass_the_validator() {
        let objects = show_objects("TABLE", "DB.\"odd s\"", false).unwrap();
        assert_eq!(objects, "SHOW TABLES IN SCHEMA DB.\"odd s\"");
        let future = show_future("DB", true).unwrap();
        assert_eq!(future, "SHOW FUTURE GRANTS IN DATABASE DB");
        for sql in [objects, future, show_future("DB.S", false).unwrap()] {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }
}
