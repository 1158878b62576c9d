//! The account model plan reads: the audit's [`AccessModel`] folded from a package's (or a
//! migration's) typed statements, each run under the role of its `USE ROLE`. The same model the
//! audit proves isolation on, so `model(OLD + migration) == model(NEW)` compares properties
//! (columns and types, policy signatures and bodies, monitor settings, warehouse settings, users'
//! defaults, grants, future grants, attachments, mapping rows), not only names.

use crate::apply::source::{Source, Step};
use crate::audit::AccessModel;
use crate::sqlcheck::Checked;

/// The model a sequence of statements leaves.
pub fn of(source: &Source) -> AccessModel {
    let mut model = AccessModel::default();
    for step in &source.steps {
        apply(&mut model, source, step);
    }
    model
}

/// Applies one step of `source` to `model`.
pub fn apply(model: &mut AccessModel, source: &Source, step: &Step) {
    let mut role = source.contexts[step.context]
        .role
        .clone()
        .unwrap_or_default();
    let checked = Checked {
        offset: 0,
        line: step.line,
        col: 1,
        text: step.text.clone(),
        stmt: step.stmt.clone(),
    };
    model.apply(&step.file, &checked, &mut role);
}

/// `a` followed by `b` (contexts re-indexed): the statements of OLD, then a migration applied to it.
pub fn concat(a: &Source, b: &Source) -> Source {
    let mut s = a.clone();
    let base = s.contexts.len();
    s.contexts.extend(b.contexts.iter().cloned());
    s.steps.extend(b.steps.iter().cloned().map(|mut st| {
        st.context += base;
        st
    }));
    s
}

/// Where two models differ, one line per differing entry (`field key: left | right`), for test
/// failures that must say what a migration missed.
pub fn differences(a: &AccessModel, b: &AccessModel) -> Vec<String> {
    fn maps<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
        field: &str,
        a: &std::collections::BTreeMap<K, V>,
        b: &std::collections::BTreeMap<K, V>,
        out: &mut Vec<String>,
    ) {
        let keys: std::collections::BTreeSet<&K> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let (x, y) = (a.get(k), b.get(k));
            if x != y {
                let show = |v: Option<&V>| {
                    let s = format!("{v:?}");
                    s.chars().take(300).collect::<String>()
                };
                out.push(format!("{field} {k:?}: {} | {}", show(x), show(y)));
            }
        }
    }
    let mut out = Vec::new();
    maps("roles", &a.roles, &b.roles, &mut out);
    maps("users", &a.users, &b.users, &mut out);
    maps("role_grants", &a.role_grants, &b.role_grants, &mut out);
    maps("user_grants", &a.user_grants, &b.user_grants, &mut out);
    maps("privileges", &a.privileges, &b.privileges, &mut out);
    maps("future", &a.future, &b.future, &mut out);
    maps("all_grants", &a.all_grants, &b.all_grants, &mut out);
    maps("owners", &a.owners, &b.owners, &mut out);
    maps("databases", &a.databases, &b.databases, &mut out);
    maps("schemas", &a.schemas, &b.schemas, &mut out);
    maps("relations", &a.relations, &b.relations, &mut out);
    maps("policies", &a.policies, &b.policies, &mut out);
    maps("attachments", &a.attachments, &b.attachments, &mut out);
    maps("warehouses", &a.warehouses, &b.warehouses, &mut out);
    maps(
        "warehouse_settings",
        &a.warehouse_settings,
        &b.warehouse_settings,
        &mut out,
    );
    maps("monitors", &a.monitors, &b.monitors, &mut out);
    maps(
        "warehouse_monitor",
        &a.warehouse_monitor,
        &b.warehouse_monitor,
        &mut out,
    );
    if a.account_monitor != b.account_monitor {
        out.push(format!(
            "account_monitor: {:?} | {:?}",
            a.account_monitor, b.account_monitor
        ));
    }
    maps("alerts", &a.alerts, &b.alerts, &mut out);
    maps("merged", &a.merged, &b.merged, &mut out);
    maps("routines", &a.routines, &b.routines, &mut out);
    maps(
        "session_policies",
        &a.session_policies,
        &b.session_policies,
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_of(script: &str) -> AccessModel {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sql");
        std::fs::write(&path, script).unwrap();
        of(&crate::apply::source::load(&path).unwrap())
    }

    const BASE: &str = "USE ROLE SYSADMIN;\n\
        CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR, N NUMBER(38,2));\n\
        CREATE RESOURCE MONITOR IF NOT EXISTS M WITH CREDIT_QUOTA = 100 FREQUENCY = MONTHLY START_TIMESTAMP = IMMEDIATELY TRIGGERS ON 90 PERCENT DO SUSPEND;\n\
        CREATE ROW ACCESS POLICY IF NOT EXISTS D.S.P AS (K VARCHAR) RETURNS BOOLEAN -> TRUE;\n";

    /// Same names, different properties: the models differ (the old check compared names only).
    #[test]
    fn models_compare_properties_not_names() {
        let base = model_of(BASE);
        for changed in [
            BASE.replace("N NUMBER(38,2)", "N VARCHAR"),
            BASE.replace("FREQUENCY = MONTHLY", "FREQUENCY = WEEKLY"),
            BASE.replace("CREDIT_QUOTA = 100", "CREDIT_QUOTA = 50"),
            BASE.replace("AS (K VARCHAR)", "AS (K NUMBER)"),
        ] {
            assert!(model_of(&changed) != base, "{changed}");
        }
    }

    /// What a migration does to an existing account, statement by statement.
    #[test]
    fn alters_and_no_op_creates_are_followed() {
        let m = model_of(&format!(
            "{BASE}ALTER TABLE D.S.T ADD COLUMN C VARCHAR;\n\
             CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR);\n\
             ALTER RESOURCE MONITOR M SET FREQUENCY = WEEKLY START_TIMESTAMP = IMMEDIATELY NOTIFY_USERS = (U1);\n\
             ALTER ACCOUNT SET RESOURCE_MONITOR = M;\n\
             ALTER ACCOUNT UNSET RESOURCE_MONITOR;\n"
        ));
        let t = &m.relations["D.S.T"];
        assert_eq!(t.columns, ["K", "N", "C"], "IF NOT EXISTS keeps the table");
        assert_eq!(t.types["C"], "VARCHAR");
        let mon = &m.monitors["M"];
        assert_eq!(mon.frequency.as_deref(), Some("WEEKLY"));
        assert_eq!(mon.notify_users, ["U1"]);
        assert_eq!(mon.triggers, [(90, "SUSPEND".to_string())]);
        assert!(m.account_monitor.is_none());
    }
}
