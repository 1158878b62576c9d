//! `preflight`: before a package's first apply, what it would adopt.
//!
//! Every `CREATE ... IF NOT EXISTS` in a package succeeds without touching
//! an object that already exists (docs.snowflake.com/en/sql-reference/sql/create-role,
//! /create-schema, /create-warehouse, /create-user): the object keeps its owner, its properties and
//! every grant it had, and from then on the package vouches for it. [`preflight`] lists each such
//! object that exists in the account ([`intent::read`] finds them in the package) and what it holds
//! beyond the package: grants to the role and grants of it, another owner, properties the package
//! sets differently, schemas and tables the package does not create inside an adopted database or
//! schema.
//!
//! The account is read with `SHOW`, as `drift --live` does: one `SHOW <kind>` per kind
//! (`ROLES`, `USERS`, `WAREHOUSES`, `DATABASES`, `INTEGRATIONS`, `RESOURCE MONITORS`; none pages by
//! default, docs.snowflake.com/en/release-notes/bcr-bundles/2023_05/bcr-1080), then per adopted
//! object, `concurrency` at a time: `SHOW GRANTS TO ROLE` (through [`crate::drift::live::read`]),
//! `SHOW GRANTS OF ROLE`, `SHOW GRANTS TO USER`, `SHOW SCHEMAS IN DATABASE`, `SHOW TABLES IN SCHEMA`
//! and `SHOW VIEWS IN SCHEMA`. Row access and session policies are not listed: the package resets
//! a policy's body with `ALTER ... SET BODY` right after creating it.

pub mod compare;
pub mod intent;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::apply::client::{Rows, Session};
use crate::apply::names::{containers, part};
use crate::apply::source::Source;
use crate::drift::schema_wide::run_each;
use crate::drift::{actual, desired, live};
use intent::Intended;

/// An object the package would adopt, and what it holds beyond the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adoption {
    pub kind: String,
    pub name: String,
    /// The statement that would adopt it (`sql/01_roles.sql:8`).
    pub at: String,
    pub holds: Vec<Holding>,
}

/// One thing an adopted object holds that the package does not give it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Holding {
    /// `grant` (a privilege the role holds), `granted_to` (who holds the role, or the user's roles),
    /// `owner`, `property`, `object` (a schema, table or view inside it the package does not create).
    pub what: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Adoption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} exists and would be adopted ({})",
            self.kind, self.name, self.at
        )?;
        for h in &self.holds {
            write!(f, "\n  {}: {}", h.what, h.detail)?;
        }
        Ok(())
    }
}

/// `SHOW` per account-level kind the package creates.
const ACCOUNT_KINDS: &[(&str, &str)] = &[
    ("ROLE", "SHOW ROLES"),
    ("USER", "SHOW USERS"),
    ("WAREHOUSE", "SHOW WAREHOUSES"),
    ("DATABASE", "SHOW DATABASES"),
    ("INTEGRATION", "SHOW INTEGRATIONS"),
    ("RESOURCE_MONITOR", actual::MONITORS),
];

/// A `SHOW` row by column name (lower case).
type Row = BTreeMap<String, String>;

fn by_name(rows: &Rows, scope: Option<&str>) -> BTreeMap<String, Row> {
    let mut out = BTreeMap::new();
    let Ok(name) = actual::col(rows, "name") else {
        return out;
    };
    for r in &rows.rows {
        let Some(Some(n)) = r.get(name) else { continue };
        let row: Row = rows
            .columns
            .iter()
            .zip(r)
            .filter_map(|(c, v)| Some((c.to_ascii_lowercase(), v.clone()?)))
            .collect();
        let key = part(n, Some('"'));
        let key = match scope {
            Some(s) => format!("{s}.{key}"),
            None => key,
        };
        out.insert(key, row);
    }
    out
}

fn sql_name(key: &str) -> Result<String, String> {
    live::sql_name(key)
        .map(|n| n.to_string())
        .ok_or_else(|| format!("name {key} does not parse"))
}

/// Reads the account and lists what the package in `source` would adopt, in package order.
pub async fn preflight(
    session: &Session,
    source: &Source,
    concurrency: usize,
) -> Result<Vec<Adoption>, String> {
    let intent = intent::read(source);
    let kinds: BTreeSet<&str> = intent.objects.iter().map(|o| o.kind.as_str()).collect();
    // Account-level objects.
    let mut existing: BTreeMap<(String, String), Row> = BTreeMap::new();
    for (kind, show) in ACCOUNT_KINDS {
        // Schemas are read only in databases that exist.
        if !(kinds.contains(kind) || (*kind == "DATABASE" && kinds.contains("SCHEMA"))) {
            continue;
        }
        let rows = session
            .query(show)
            .await
            .map_err(|e| format!("{show}: {e}"))?;
        for (name, row) in by_name(&rows, None) {
            existing.insert((kind.to_string(), name), row);
        }
        if *kind == "RESOURCE_MONITOR" {
            let monitors = actual::from_rows(&Rows::default(), &rows, &Rows::default())?.monitors;
            compare::remember_monitors(&mut existing, monitors);
        }
    }
    // Schemas, in databases that exist.
    let databases: BTreeSet<String> = intent
        .objects
        .iter()
        .filter(|o| o.kind == "SCHEMA" || o.kind == "DATABASE")
        .filter_map(|o| match o.kind.as_str() {
            "DATABASE" => Some(o.name.clone()),
            _ => containers(&o.name).1,
        })
        .filter(|d| existing.contains_key(&("DATABASE".into(), d.clone())))
        .collect();
    let statements = databases
        .iter()
        .map(|d| {
            Ok((
                format!("SHOW SCHEMAS IN DATABASE {}", sql_name(d)?),
                format!("reading schemas of {d}"),
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let schema_rows = run_each(session, statements, concurrency).await?;
    let mut schemas_of: BTreeMap<String, BTreeMap<String, Row>> = BTreeMap::new();
    for (d, rows) in databases.iter().zip(&schema_rows) {
        let found = by_name(rows, Some(d));
        for (name, row) in &found {
            existing.insert(("SCHEMA".into(), name.clone()), row.clone());
        }
        schemas_of.insert(d.clone(), found);
    }
    // Tables and views, in adopted schemas.
    let adopted_schemas: Vec<String> = intent
        .objects
        .iter()
        .filter(|o| o.kind == "SCHEMA" && existing.contains_key(&("SCHEMA".into(), o.name.clone())))
        .map(|o| o.name.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut statements = Vec::new();
    for s in &adopted_schemas {
        for kind in ["TABLES", "VIEWS"] {
            statements.push((
                format!("SHOW {kind} IN SCHEMA {}", sql_name(s)?),
                format!("reading {} of {s}", kind.to_ascii_lowercase()),
            ));
        }
    }
    let object_rows = run_each(session, statements, concurrency).await?;
    let mut inside: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (i, rows) in object_rows.iter().enumerate() {
        let schema = &adopted_schemas[i / 2];
        let kind = if i % 2 == 0 { "TABLE" } else { "VIEW" };
        for (name, row) in by_name(rows, Some(schema)) {
            existing.insert((kind.into(), name.clone()), row);
            inside
                .entry(schema.clone())
                .or_default()
                .push((kind.into(), name));
        }
    }
    let adopted: Vec<&Intended> = intent
        .objects
        .iter()
        .filter(|o| existing.contains_key(&(o.kind.clone(), o.name.clone())))
        .collect();
    // Grants of and to adopted roles, roles of adopted users.
    let roles: BTreeSet<String> = adopted
        .iter()
        .filter(|o| o.kind == "ROLE")
        .map(|o| o.name.clone())
        .collect();
    let users: BTreeSet<String> = adopted
        .iter()
        .filter(|o| o.kind == "USER")
        .map(|o| o.name.clone())
        .collect();
    let want = desired::from_source(source);
    let probe = desired::State {
        grantees: roles.clone(),
        ..Default::default()
    };
    let have = live::read(session, &probe, concurrency).await?;
    let mut statements = Vec::new();
    for r in &roles {
        statements.push((
            format!("SHOW GRANTS OF ROLE {}", sql_name(r)?),
            format!("reading grants of role {r}"),
        ));
    }
    for u in &users {
        statements.push((
            format!("SHOW GRANTS TO USER {}", sql_name(u)?),
            format!("reading roles of user {u}"),
        ));
    }
    let holders = run_each(session, statements, concurrency).await?;
    let mut granted: BTreeMap<String, Vec<Holding>> = BTreeMap::new();
    for (name, rows) in roles.iter().chain(&users).zip(&holders) {
        let is_role = roles.contains(name);
        granted.insert(
            name.clone(),
            compare::role_holders(name, is_role, rows, &intent)?,
        );
    }
    let mut out = Vec::new();
    for o in adopted {
        let row = &existing[&(o.kind.clone(), o.name.clone())];
        let mut holds = Vec::new();
        holds.extend(compare::owner(o, row));
        holds.extend(compare::properties(o, row, &want));
        match o.kind.as_str() {
            "ROLE" => holds.extend(compare::extra_grants(&o.name, &want, &have)),
            "DATABASE" => holds.extend(compare::foreign(
                schemas_of
                    .get(&o.name)
                    .into_iter()
                    .flat_map(|m| m.keys().map(|k| ("SCHEMA".to_string(), k.clone()))),
                &intent,
            )),
            "SCHEMA" => holds.extend(compare::foreign(
                inside.get(&o.name).into_iter().flatten().cloned(),
                &intent,
            )),
            _ => {}
        }
        if let Some(g) = granted
            .get(&o.name)
            .filter(|_| o.kind == "ROLE" || o.kind == "USER")
        {
            holds.extend(g.iter().cloned());
        }
        holds.sort();
        holds.dedup();
        out.push(Adoption {
            kind: o.kind.clone(),
            name: o.name.clone(),
            at: o.at.clone(),
            holds,
        });
    }
    Ok(out)
}

/// The read statements, for the validator test.
#[cfg(test)]
fn statements_for_test() -> Vec<String> {
    let mut v: Vec<String> = ACCOUNT_KINDS.iter().map(|(_, s)| s.to_string()).collect();
    v.push(format!(
        "SHOW SCHEMAS IN DATABASE {}",
        sql_name("\"my db\"").unwrap()
    ));
    v.push(format!(
        "SHOW TABLES IN SCHEMA {}",
        sql_name("\"my db\".S").unwrap()
    ));
    v.push(format!("SHOW VIEWS IN SCHEMA {}", sql_name("D.S").unwrap()));
    v.push(format!(
        "SHOW GRANTS OF ROLE {}",
        sql_name("\"tenant-b role\"").unwrap()
    ));
    v.push(format!(
        "SHOW GRANTS TO USER {}",
        sql_name("SIGMA").unwrap()
    ));
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_read_statement_passes_the_validator() {
        for sql in super::statements_for_test() {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }
}
