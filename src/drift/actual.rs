//! The account's state: one query per kind.

use super::desired::{Monitor, State};
use crate::apply::client::{Rows, Session};
use crate::apply::names::part;

/// Active privileges held by account roles, all roles at once.
pub const GRANTS: &str = "SELECT PRIVILEGE, GRANTED_ON, NAME, TABLE_CATALOG, TABLE_SCHEMA, GRANTEE_NAME \
FROM SNOWFLAKE.ACCOUNT_USAGE.GRANTS_TO_ROLES WHERE DELETED_ON IS NULL AND GRANTED_TO = 'ROLE'";
/// Every resource monitor (docs.snowflake.com/en/sql-reference/sql/show-resource-monitors).
pub const MONITORS: &str = "SHOW RESOURCE MONITORS";
/// Every row access policy attachment
/// (docs.snowflake.com/en/sql-reference/account-usage/policy_references).
pub const POLICY_REFERENCES: &str = "SELECT POLICY_DB, POLICY_SCHEMA, POLICY_NAME, REF_DATABASE_NAME, \
REF_SCHEMA_NAME, REF_ENTITY_NAME FROM SNOWFLAKE.ACCOUNT_USAGE.POLICY_REFERENCES \
WHERE POLICY_KIND = 'ROW_ACCESS_POLICY'";

/// Runs the three queries and reads their rows.
pub async fn read(session: &Session) -> Result<State, String> {
    let grants = session
        .query(GRANTS)
        .await
        .map_err(|e| format!("reading grants: {e}"))?;
    let monitors = session
        .query(MONITORS)
        .await
        .map_err(|e| format!("reading resource monitors: {e}"))?;
    let refs = session
        .query(POLICY_REFERENCES)
        .await
        .map_err(|e| format!("reading policy references: {e}"))?;
    from_rows(&grants, &monitors, &refs)
}

/// The column index of `name` (case-insensitive), or an error naming the query's columns.
/// The indexes of several columns, or an error naming the first missing one.
pub(crate) fn cols<const N: usize>(rows: &Rows, names: [&str; N]) -> Result<[usize; N], String> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = col(rows, name)?;
    }
    Ok(out)
}

pub(crate) fn col(rows: &Rows, name: &str) -> Result<usize, String> {
    rows.columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(name))
        .ok_or_else(|| format!("no column {name} in result ({})", rows.columns.join(", ")))
}

/// A catalog name (as Snowflake stores it) as a key part.
fn key(name: &str) -> String {
    part(name, Some('"'))
}

fn dotted(parts: &[Option<&String>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .map(|p| key(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Builds the account's state from the three result sets.
pub fn from_rows(grants: &Rows, monitors: &Rows, refs: &Rows) -> Result<State, String> {
    let mut s = State::default();
    if !grants.rows.is_empty() {
        let [p, on, n, c, sc, g] = cols(
            grants,
            [
                "PRIVILEGE",
                "GRANTED_ON",
                "NAME",
                "TABLE_CATALOG",
                "TABLE_SCHEMA",
                "GRANTEE_NAME",
            ],
        )?;
        for r in &grants.rows {
            let get = |i: usize| r.get(i).and_then(Option::as_ref);
            let kind = get(on).map(|k| k.replace(' ', "_")).unwrap_or_default();
            // Procedures and functions: `NAME(ARG TYPE):RETURNS`; keep the name.
            let name = get(n).map(|n| n.split('(').next().unwrap_or_default().to_string());
            let object = if kind == "ACCOUNT" {
                String::new()
            } else {
                dotted(&[get(c), get(sc), name.as_ref()])
            };
            let privilege = get(p).cloned().unwrap_or_default();
            let grantee = get(g).map(|g| key(g)).unwrap_or_default();
            s.grants.insert((privilege, kind, object, grantee));
        }
    }
    if !monitors.rows.is_empty() {
        let name = col(monitors, "name")?;
        let quota = col(monitors, "credit_quota")?;
        let kinds = [
            ("notify_at", "NOTIFY"),
            ("suspend_at", "SUSPEND"),
            ("suspend_immediately_at", "SUSPEND_IMMEDIATE"),
        ];
        for r in &monitors.rows {
            let get = |i: usize| r.get(i).and_then(Option::as_ref);
            let mut m = Monitor {
                credit_quota: get(quota).and_then(|q| q.parse().ok()),
                ..monitor_settings(monitors, r)
            };
            for (column, action) in kinds {
                let Ok(i) = col(monitors, column) else {
                    continue;
                };
                for pct in get(i).map(String::as_str).unwrap_or_default().split(',') {
                    if let Ok(n) = pct.trim().trim_end_matches('%').parse() {
                        m.triggers.push((n, action.to_string()));
                    }
                }
            }
            m.triggers.sort();
            if let Some(n) = get(name) {
                if at_account_level(monitors, r) {
                    s.account_monitor = Some(key(n));
                }
                s.monitors.insert(key(n), m);
            }
        }
    }
    if !refs.rows.is_empty() {
        let [pd, ps, pn, rd, rs, rn] = cols(
            refs,
            [
                "POLICY_DB",
                "POLICY_SCHEMA",
                "POLICY_NAME",
                "REF_DATABASE_NAME",
                "REF_SCHEMA_NAME",
                "REF_ENTITY_NAME",
            ],
        )?;
        for r in &refs.rows {
            let get = |i: usize| r.get(i).and_then(Option::as_ref);
            let table = dotted(&[get(rd), get(rs), get(rn)]);
            let policy = dotted(&[get(pd), get(ps), get(pn)]);
            s.attachments.insert((table, policy));
        }
    }
    Ok(s)
}

/// A `SHOW RESOURCE MONITORS` row's `frequency` and `notify_users` (a comma-separated list of user
/// names), each `None` when the result has no such column
/// (docs.snowflake.com/en/sql-reference/sql/show-resource-monitors).
fn monitor_settings(rows: &Rows, row: &[Option<String>]) -> Monitor {
    let get = |name: &str| {
        col(rows, name)
            .ok()
            .map(|i| row.get(i).cloned().flatten().unwrap_or_default())
    };
    let notify_users = get("notify_users").map(|list| {
        let mut users: Vec<String> = list
            .split(',')
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(
                |u| match u.strip_prefix('"').and_then(|u| u.strip_suffix('"')) {
                    Some(quoted) => part(&quoted.replace("\"\"", "\""), Some('"')),
                    None => key(u),
                },
            )
            .collect();
        users.sort();
        users
    });
    Monitor {
        frequency: get("frequency")
            .filter(|f| !f.is_empty())
            .map(|f| f.to_ascii_uppercase()),
        notify_users,
        ..Monitor::default()
    }
}

/// Whether a `SHOW RESOURCE MONITORS` row's `level` is `ACCOUNT`: the monitor set on the account.
fn at_account_level(rows: &Rows, row: &[Option<String>]) -> bool {
    col(rows, "level")
        .ok()
        .and_then(|i| row.get(i).cloned().flatten())
        .is_some_and(|l| l.eq_ignore_ascii_case("ACCOUNT"))
}
