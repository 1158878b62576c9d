//! What an adopted object holds beyond the package, from its `SHOW` row and grants.

use std::collections::BTreeMap;

use super::Holding;
use super::intent::{Intended, Intent};
use crate::apply::client::Rows;
use crate::apply::names::{containers, part};
use crate::drift::actual;
use crate::drift::desired::{Monitor, State};

type Row = BTreeMap<String, String>;

/// The synthetic column holding a monitor's triggers (`75:NOTIFY,90:SUSPEND`).
const TRIGGERS: &str = "triggers";

fn triggers(m: &Monitor) -> String {
    m.triggers
        .iter()
        .map(|(p, a)| format!("{p}:{a}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Keeps each monitor's triggers, read from `SHOW RESOURCE MONITORS` by drift, in its row.
pub fn remember_monitors(
    existing: &mut BTreeMap<(String, String), Row>,
    monitors: BTreeMap<String, Monitor>,
) {
    for (name, m) in monitors {
        if let Some(row) = existing.get_mut(&("RESOURCE_MONITOR".into(), name)) {
            row.insert(TRIGGERS.into(), triggers(&m));
        }
    }
}

/// Another owner than the role the package creates the object as.
pub fn owner(o: &Intended, row: &Row) -> Option<Holding> {
    let have = row.get("owner").filter(|v| !v.is_empty())?;
    let want = o.owner.as_ref()?;
    (part(have, Some('"')) != *want).then(|| Holding {
        what: "owner",
        detail: format!("owned by {have}; the package creates it as {want}"),
    })
}

/// `(property the package sets, SHOW column)` per kind; the others are not shown by `SHOW`
/// (docs.snowflake.com/en/sql-reference/sql/show-warehouses, /show-users,
/// /show-resource-monitors, /show-integrations).
fn shown(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "WAREHOUSE" => &[
            ("WAREHOUSE_SIZE", "size"),
            ("WAREHOUSE_TYPE", "type"),
            ("AUTO_SUSPEND", "auto_suspend"),
            ("AUTO_RESUME", "auto_resume"),
            ("MIN_CLUSTER_COUNT", "min_cluster_count"),
            ("MAX_CLUSTER_COUNT", "max_cluster_count"),
            ("SCALING_POLICY", "scaling_policy"),
            ("RESOURCE_MONITOR", "resource_monitor"),
        ],
        "USER" => &[
            ("TYPE", "type"),
            ("DEFAULT_ROLE", "default_role"),
            ("DEFAULT_WAREHOUSE", "default_warehouse"),
            ("DEFAULT_NAMESPACE", "default_namespace"),
            ("DEFAULT_SECONDARY_ROLES", "default_secondary_roles"),
            ("DISABLED", "disabled"),
        ],
        "RESOURCE_MONITOR" => &[("CREDIT_QUOTA", "credit_quota"), ("FREQUENCY", "frequency")],
        "INTEGRATION" => &[("ENABLED", "enabled")],
        _ => &[],
    }
}

/// `X-Small`, `XSMALL`, `x_small` -> `XSMALL`; `2X-Large`, `XXLARGE`, `X2LARGE` -> `2XLARGE`
/// (docs.snowflake.com/en/sql-reference/sql/create-warehouse lists the synonyms).
fn size(v: &str) -> String {
    let s: String = v
        .to_ascii_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    for (n, forms) in [
        ("6X", ["XXXXXXLARGE", "X6LARGE"]),
        ("5X", ["XXXXXLARGE", "X5LARGE"]),
        ("4X", ["XXXXLARGE", "X4LARGE"]),
        ("3X", ["XXXLARGE", "X3LARGE"]),
        ("2X", ["XXLARGE", "X2LARGE"]),
    ] {
        if forms.contains(&s.as_str()) {
            return format!("{n}LARGE");
        }
    }
    s
}

/// A value as comparable text: case, quotes, brackets and spaces dropped; numbers as numbers.
fn plain(v: &str) -> String {
    let s: String = v
        .chars()
        .filter(|c| !matches!(c, '"' | '\'' | '[' | ']' | '(' | ')' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    match s.parse::<f64>() {
        Ok(n) => format!("{n}"),
        Err(_) => s,
    }
}

/// Properties the package sets that the existing object has otherwise.
pub fn properties(o: &Intended, row: &Row, want: &State) -> Vec<Holding> {
    let mut out = Vec::new();
    for (property, column) in shown(&o.kind) {
        let (Some(w), Some(h)) = (o.properties.get(*property), row.get(*column)) else {
            continue;
        };
        let same = if *property == "WAREHOUSE_SIZE" {
            size(w) == size(h)
        } else {
            plain(w) == plain(h)
        };
        if !same {
            out.push(Holding {
                what: "property",
                detail: format!("{property} is {h}; the package sets {w}"),
            });
        }
    }
    if o.kind == "RESOURCE_MONITOR"
        && let (Some(w), Some(h)) = (want.monitors.get(&o.name), row.get(TRIGGERS))
        && triggers(w) != *h
    {
        out.push(Holding {
            what: "property",
            detail: format!("TRIGGERS are {h}; the package sets {}", triggers(w)),
        });
    }
    out
}

/// Privileges `role` holds that the package does not grant it (an `ON ALL`/`ON FUTURE` grant of the
/// package covers the objects in its container).
pub fn extra_grants(role: &str, want: &State, have: &State) -> Vec<Holding> {
    have.grants
        .iter()
        .filter(|g| g.3 == role && !want.grants.contains(*g))
        .filter(|(p, k, o, g)| {
            let (schema, database) = containers(o);
            !want.schema_wide.iter().any(|(wp, wk, c, in_db, _, wg)| {
                wp == p
                    && wk == k
                    && wg == g
                    && Some(c)
                        == if *in_db {
                            database.as_ref()
                        } else {
                            schema.as_ref()
                        }
            })
        })
        .map(|(p, k, o, _)| Holding {
            what: "grant",
            detail: if o.is_empty() {
                format!("{p} on {k}")
            } else {
                format!("{p} on {k} {o}")
            },
        })
        .collect()
}

/// Who holds an adopted role (`SHOW GRANTS OF ROLE`), or which roles an adopted user holds
/// (`SHOW GRANTS TO USER`), beyond the package's `GRANT ROLE` statements.
pub fn role_holders(
    name: &str,
    is_role: bool,
    rows: &Rows,
    intent: &Intent,
) -> Result<Vec<Holding>, String> {
    if rows.rows.is_empty() {
        return Ok(Vec::new());
    }
    let [role, to, grantee] = actual::cols(rows, ["role", "granted_to", "grantee_name"])?;
    let mut out = Vec::new();
    for r in &rows.rows {
        let get = |i: usize| {
            r.get(i)
                .and_then(Option::as_ref)
                .map(String::as_str)
                .unwrap_or_default()
        };
        let (granted, kind, holder) = (
            part(get(role), Some('"')),
            get(to).to_string(),
            part(get(grantee), Some('"')),
        );
        if intent
            .role_grants
            .contains(&(granted.clone(), kind.clone(), holder.clone()))
        {
            continue;
        }
        out.push(Holding {
            what: "granted_to",
            detail: if is_role {
                format!("{kind} {holder} holds {name}")
            } else {
                format!("{name} holds ROLE {granted}")
            },
        });
    }
    Ok(out)
}

/// Objects inside an adopted container that the package does not create (a database's
/// `INFORMATION_SCHEMA` and `PUBLIC` come with it, docs.snowflake.com/en/sql-reference/sql/create-database;
/// `apply` keeps its ledger tables next to the mapping table).
pub fn foreign(objects: impl Iterator<Item = (String, String)>, intent: &Intent) -> Vec<Holding> {
    use crate::apply::ledger::TABLES;
    let last = |n: &str| n.rsplit('.').next().unwrap_or_default().to_string();
    objects
        .filter(|(k, n)| {
            !(k == "SCHEMA" && (n.ends_with(".INFORMATION_SCHEMA") || n.ends_with(".PUBLIC")))
        })
        .filter(|(k, n)| !(k == "TABLE" && TABLES.contains(&last(n).as_str())))
        .filter(|o| !intent.created.contains(o))
        .map(|(k, n)| Holding {
            what: "object",
            detail: format!("{k} {n} is not the package's"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warehouse_sizes_compare_across_spellings() {
        assert_eq!(size("X-Small"), size("XSMALL"));
        assert_eq!(size("2X-Large"), size("XXLARGE"));
        assert_eq!(size("X2LARGE"), size("'2X-LARGE'"));
        assert_ne!(size("Large"), size("XSMALL"));
    }

    #[test]
    fn values_compare_without_case_quotes_or_number_format() {
        assert_eq!(plain("100.00"), plain("100"));
        assert_eq!(plain("true"), plain("TRUE"));
        assert_eq!(plain("[]"), plain(""));
        assert_ne!(plain("60"), plain("600"));
    }
}
