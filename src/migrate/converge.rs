//! The last steps of a plan, computed from the model the planned statements leave
//! (`simulate(model(OLD), steps)`) and model(NEW), so that what NEW's own statements cannot bring
//! about still converges:
//! - [`settings`]: a warehouse setting NEW no longer sets (NEW's `ALTER WAREHOUSE ... SET` re-sent
//!   says nothing of it, and `CREATE WAREHOUSE IF NOT EXISTS` does nothing on an existing
//!   warehouse), a warehouse's monitor, a user's properties: `ALTER ... SET` / `UNSET` rendered
//!   from the difference;
//! - [`grants`]: a grant model(NEW) holds that the migration lost or never sent (a view or procedure
//!   replaced without `COPY GRANTS` loses the privileges granted on it): NEW's own GRANT again.

use std::collections::{BTreeMap, BTreeSet};

use super::Planned;
use super::defs::Definitions;
use super::diff::{ident, object_name, push, role_at, step_at};
use crate::apply::source::Source;
use crate::audit::{AccessModel, At};
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::SnowflakeStatement;

/// The role `ALTER WAREHOUSE ... RESOURCE_MONITOR` and `ALTER ACCOUNT` need
/// (docs.snowflake.com/en/sql-reference/sql/alter-warehouse: only an account administrator assigns
/// a resource monitor).
const ACCOUNT_ADMIN: &str = "ACCOUNTADMIN";

/// Warehouse settings and monitors, and users' default roles, from the difference between `end`
/// (what the planned steps leave) and `want` (model(NEW)).
pub fn settings(end: &AccessModel, want: &AccessModel, new: &Definitions, out: &mut Vec<Planned>) {
    let none = BTreeMap::new();
    for wh in want
        .warehouses
        .keys()
        .filter(|w| end.warehouses.contains_key(*w))
    {
        let Some(name) = object_name(wh) else {
            continue;
        };
        let have = end.warehouse_settings.get(wh).unwrap_or(&none);
        let need = want.warehouse_settings.get(wh).unwrap_or(&none);
        let role = new.role_of(wh).unwrap_or_default();
        let set: Vec<String> = need
            .iter()
            .filter(|(k, v)| have.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        if !set.is_empty() {
            let text = format!("ALTER WAREHOUSE {name} SET {}", set.join(" "));
            push(out, &role, text, false, "warehouse settings changed");
        }
        // A setting NEW leaves out goes back to Snowflake's default (UNSET), as on a warehouse
        // created from NEW.
        let unset: Vec<&str> = have
            .keys()
            .filter(|k| !need.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !unset.is_empty() {
            let text = format!("ALTER WAREHOUSE {name} UNSET {}", unset.join(", "));
            push(
                out,
                &role,
                text,
                false,
                "warehouse settings NEW no longer sets go back to their defaults",
            );
        }
        let monitor = |m: &AccessModel| m.warehouse_monitor.get(wh).map(|(m, _)| m.clone());
        match (monitor(end), monitor(want)) {
            (had, Some(m)) if had.as_ref() != Some(&m) => {
                let text = format!("ALTER WAREHOUSE {name} SET RESOURCE_MONITOR = {m}");
                push(out, ACCOUNT_ADMIN, text, false, "warehouse monitor changed");
            }
            (Some(_), None) => {
                let text = format!("ALTER WAREHOUSE {name} UNSET RESOURCE_MONITOR");
                push(
                    out,
                    ACCOUNT_ADMIN,
                    text,
                    false,
                    "the warehouse no longer has a resource monitor",
                );
            }
            _ => {}
        }
    }
    if let Some((m, _)) = &want.account_monitor
        && end.account_monitor.as_ref().map(|(m, _)| m) != Some(m)
    {
        let text = format!("ALTER ACCOUNT SET RESOURCE_MONITOR = {m}");
        push(
            out,
            ACCOUNT_ADMIN,
            text,
            false,
            "the account's monitor changed",
        );
    }
    // Users' properties (DEFAULT_ROLE, DEFAULT_WAREHOUSE, QUERY_TAG, COMMENT...): `CREATE USER IF
    // NOT EXISTS` changes nothing on an existing user, and NEW's own `ALTER USER ... SET` may not
    // name them all (docs.snowflake.com/en/sql-reference/sql/alter-user: SET and UNSET change only
    // what they name).
    for (user, u) in want.users.iter() {
        let Some(had) = end.users.get(user) else {
            continue;
        };
        let role = new.role_of(user).unwrap_or_default();
        let set: Vec<String> = u
            .properties
            .iter()
            .filter(|(k, v)| had.properties.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        if !set.is_empty() {
            let text = format!("ALTER USER {} SET {}", ident(user), set.join(" "));
            push(out, &role, text, false, "user's properties changed");
        }
        let unset: Vec<&str> = had
            .properties
            .keys()
            .filter(|k| !u.properties.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !unset.is_empty() {
            let text = format!("ALTER USER {} UNSET {}", ident(user), unset.join(", "));
            push(
                out,
                &role,
                text,
                false,
                "user's properties NEW no longer sets go back to their defaults",
            );
        }
    }
}

/// NEW's GRANT statements for the grants model(NEW) holds and `end` lacks, in NEW's order.
pub fn grants(end: &AccessModel, want: &AccessModel, new_src: &Source, out: &mut Vec<Planned>) {
    let mut missing: Vec<&At> = Vec::new();
    fn lacking<'a, K: Ord>(
        want: &'a BTreeMap<K, At>,
        have: &BTreeMap<K, At>,
        out: &mut Vec<&'a At>,
    ) {
        out.extend(
            want.iter()
                .filter(|(k, _)| !have.contains_key(*k))
                .map(|(_, at)| at),
        );
    }
    lacking(&want.privileges, &end.privileges, &mut missing);
    lacking(&want.role_grants, &end.role_grants, &mut missing);
    lacking(&want.user_grants, &end.user_grants, &mut missing);
    lacking(&want.future, &end.future, &mut missing);
    lacking(&want.all_grants, &end.all_grants, &mut missing);
    let mut steps: Vec<(usize, &crate::apply::source::Step, &At)> = missing
        .into_iter()
        .filter_map(|at| {
            let step = step_at(new_src, at)?;
            let index = new_src.steps.iter().position(|s| std::ptr::eq(s, step))?;
            is_grant(&step.stmt).then_some((index, step, at))
        })
        .collect();
    steps.sort_by_key(|(i, _, _)| *i);
    let mut sent: BTreeSet<&str> = BTreeSet::new();
    for (_, step, at) in steps {
        if sent.insert(step.text.trim()) {
            push(
                out,
                &role_at(new_src, at),
                step.text.trim().to_string(),
                false,
                "a grant NEW holds that the account would lack (its object was replaced or the grant never sent)",
            );
        }
    }
}

fn is_grant(stmt: &Typed) -> bool {
    match stmt {
        Typed::Sql(s) => matches!(s.as_ref(), sqlparser::ast::Statement::Grant(_)),
        Typed::Snowflake(s) => {
            matches!(
                s.as_ref(),
                SnowflakeStatement::GrantPrivileges(g) if !g.revoke
            ) || matches!(s.as_ref(), SnowflakeStatement::FutureGrantInDatabase(g) if !g.revoke)
        }
    }
}
