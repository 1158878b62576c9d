//! Leftovers of removed tenants (DRIFT025): roles, schemas, warehouses, resource monitors and users
//! that an earlier deployment created (the ledger's `SNOWTENANT_OBJECTS`, see
//! `crate::apply::deployed`) and the package no longer creates, that still exist in the account.
//!
//! The ledger is the package's (its governance schema). An account without one (nothing deployed
//! with `snowtenant apply`), or whose ledger the connection's role cannot read (002003), has no
//! record of earlier deployments: nothing is reported. Existence is read with `SHOW ROLES`,
//! `SHOW USERS`, `SHOW WAREHOUSES`, `SHOW RESOURCE MONITORS` and `SHOW SCHEMAS IN DATABASE d`
//! (docs.snowflake.com/en/sql-reference/sql/show), one per kind (per database for schemas) that
//! has candidates.

use std::collections::BTreeSet;

use super::actual::cols;
use super::compare::{Code, Finding};
use super::live::sql_name;
use crate::apply::client::{Rows, Session};
use crate::apply::deployed::{OBJECTS, TRACKED_KINDS};
use crate::apply::ledger::{self, Location};
use crate::apply::names::{self, part};
use crate::apply::source::Source;

/// The `SELECT` of every object the ledger's deployments created.
pub fn objects_sql(at: &Location) -> Result<String, String> {
    Ok(format!(
        "SELECT DISTINCT KIND, NAME FROM {}",
        at.table(OBJECTS)?
    ))
}

/// The `SHOW` listing the objects of `kind` (`SCHEMA`: of `database`).
pub fn show_sql(kind: &str, database: Option<&str>) -> Option<String> {
    Some(match kind {
        "ROLE" => "SHOW ROLES".into(),
        "USER" => "SHOW USERS".into(),
        "WAREHOUSE" => "SHOW WAREHOUSES".into(),
        "RESOURCE_MONITOR" => "SHOW RESOURCE MONITORS".into(),
        "SCHEMA" => format!("SHOW SCHEMAS IN DATABASE {}", sql_name(database?)?),
        _ => return None,
    })
}

fn names_in(rows: &Rows, database: Option<&str>) -> Result<BTreeSet<String>, String> {
    if rows.rows.is_empty() {
        return Ok(BTreeSet::new());
    }
    let [n] = cols(rows, ["name"])?;
    Ok(rows
        .rows
        .iter()
        .filter_map(|r| r.get(n).cloned().flatten())
        .map(|name| {
            let name = part(&name, Some('"'));
            match database {
                Some(d) => format!("{d}.{name}"),
                None => name,
            }
        })
        .collect())
}

/// The leftovers findings for `source` on the account `session` reads.
pub async fn read(session: &Session, source: &Source) -> Result<Vec<Finding>, String> {
    let Some(at) = ledger::locate(source) else {
        return Ok(Vec::new());
    };
    let sql = objects_sql(&at)?;
    let rows = match session.query(&ledger::marked(&sql)).await {
        Ok(r) => r,
        Err(e) if e.contains("002003") => return Ok(Vec::new()),
        Err(e) => return Err(format!("reading the ledger's objects: {e}")),
    };
    let created: BTreeSet<(String, String)> = source
        .steps
        .iter()
        .filter_map(|s| names::created(&s.text))
        .collect();
    let mut candidates: BTreeSet<(String, String)> = BTreeSet::new();
    if !rows.rows.is_empty() {
        let [k, n] = cols(&rows, ["KIND", "NAME"])?;
        for r in &rows.rows {
            let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
            let object = (get(k), get(n));
            if TRACKED_KINDS.contains(&object.0.as_str()) && !created.contains(&object) {
                candidates.insert(object);
            }
        }
    }
    // One listing per kind (per database for schemas).
    let mut listings: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    for (kind, name) in &candidates {
        let database = (kind == "SCHEMA")
            .then(|| names::containers(name).1)
            .flatten();
        listings.insert((kind.clone(), database));
    }
    let mut existing: BTreeSet<(String, String)> = BTreeSet::new();
    for (kind, database) in listings {
        let Some(sql) = show_sql(&kind, database.as_deref()) else {
            continue;
        };
        let rows = match session.query(&sql).await {
            Ok(r) => r,
            // The database itself is gone: so are its schemas.
            Err(e) if kind == "SCHEMA" && e.contains("002003") => continue,
            Err(e) => return Err(format!("{sql}: {e}")),
        };
        for name in names_in(&rows, database.as_deref())? {
            existing.insert((kind.clone(), name));
        }
    }
    Ok(candidates
        .intersection(&existing)
        .map(|(kind, name)| Finding {
            code: Code::Leftover,
            object: name.clone(),
            message: format!(
                "{} {name} was created by an earlier deployment (the ledger says) and the package \
                 no longer has it: a removed tenant's leftover? Run its offboarding script, or put \
                 it back in the spec",
                kind.replace('_', " ")
            ),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_pass_the_validator() {
        let at = Location {
            schema: "DB.GOV".into(),
            role: None,
        };
        let mut all = vec![ledger::marked(&objects_sql(&at).unwrap())];
        for kind in TRACKED_KINDS {
            all.push(show_sql(kind, Some("\"my db\"")).unwrap());
        }
        for sql in all {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }
}
