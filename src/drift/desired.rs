//! The state a package asks for: a projection of the account model its typed statements build
//! ([`crate::audit::AccessModel`], the one model audit and plan read), in the shape drift compares
//! with what it reads from the account.

use std::collections::{BTreeMap, BTreeSet};

use crate::apply::source::Source;
use crate::audit::AccessModel;
use crate::audit::model::{FutureGrant, Level};

/// A privilege on an object held by a role: `(privilege, object kind, object, grantee)`.
/// Kinds use `_` between words (`RESOURCE_MONITOR`); procedure and function names drop their
/// argument lists; the object of an `ACCOUNT` grant is empty.
pub type Grant = (String, String, String, String);

/// `GRANT p ON {ALL|FUTURE} <kinds> IN {SCHEMA|DATABASE} c TO ROLE r`:
/// `(privilege, kind (singular, `_`-joined), container, in a database, future, grantee)`.
pub type SchemaWideGrant = (String, String, String, bool, bool, String);
/// A resource monitor's settings: credit quota, triggers (`(percent, action)`, sorted),
/// frequency and the users it notifies (sorted). On the account side `frequency` and
/// `notify_users` are `None` when `SHOW RESOURCE MONITORS` did not print the column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Monitor {
    pub credit_quota: Option<f64>,
    pub triggers: Vec<(u64, String)>,
    /// `MONTHLY`, `WEEKLY`, ...
    pub frequency: Option<String>,
    pub notify_users: Option<Vec<String>>,
}

/// Grants, monitors and row access policy attachments, keyed by object identity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub grants: BTreeSet<Grant>,
    /// `ON ALL` / `ON FUTURE` grants: not compared (the account lists them per object).
    pub unchecked_grants: usize,
    /// `ON ALL` / `ON FUTURE` grants, compared by `drift` after expanding `ALL` against the account's
    /// objects (`crate::drift::schema_wide`).
    pub schema_wide: BTreeSet<SchemaWideGrant>,
    /// Roles the package grants to: only their grants are compared.
    pub grantees: BTreeSet<String>,
    /// Roles the package creates: only they are expected to hold nothing but what it grants (a system
    /// role such as SYSADMIN, which the package also grants to, holds much else).
    pub roles: BTreeSet<String>,
    pub monitors: BTreeMap<String, Monitor>,
    /// The account's resource monitor (`ALTER ACCOUNT SET RESOURCE_MONITOR`): on the account side,
    /// the monitor `SHOW RESOURCE MONITORS` prints at `level` `ACCOUNT`.
    pub account_monitor: Option<String>,
    /// `(table or view, policy)`.
    pub attachments: BTreeSet<(String, String)>,
    /// Row access policies the package creates: only their attachments are compared.
    pub policies: BTreeSet<String>,
    /// Policy to its body, whitespace collapsed (`crate::drift::settings`).
    pub policy_bodies: BTreeMap<String, String>,
    /// `(role, user)`: a role granted to a user (`crate::drift::settings`).
    pub user_grants: BTreeSet<(String, String)>,
    /// Warehouse to the resource monitor assigned to it (`crate::drift::settings`).
    pub warehouse_monitors: BTreeMap<String, String>,
    /// User to the defaults set on it, `DEFAULT_ROLE` etc. (`crate::drift::settings`).
    pub user_defaults: BTreeMap<String, BTreeMap<String, String>>,
    /// Warehouse to the settings the package gives it besides its monitor (`WAREHOUSE_SIZE`,
    /// `AUTO_SUSPEND`, ...: the catalog's readback properties), values normalised by the catalog
    /// (`crate::drift::settings`).
    pub warehouse_settings: BTreeMap<String, BTreeMap<String, String>>,
}

/// Reads a package: the model its statements build, projected.
pub fn from_source(source: &Source) -> State {
    from_model(&crate::migrate::model::of(source))
}

/// `RESOURCE MONITOR` -> `RESOURCE_MONITOR`, as the account's catalog names kinds.
fn catalog_kind(kind: &str) -> String {
    kind.replace(' ', "_")
}

/// A model's ALL or FUTURE grant as drift compares it.
fn schema_wide(g: &FutureGrant, future: bool) -> SchemaWideGrant {
    (
        g.privilege.clone(),
        catalog_kind(&g.kind),
        g.container.clone(),
        g.level == Level::Database,
        future,
        g.grantee.clone(),
    )
}

/// The state a model asks for.
pub fn from_model(m: &AccessModel) -> State {
    let mut s = State {
        roles: m.roles.keys().cloned().collect(),
        policies: m.policies.keys().cloned().collect(),
        account_monitor: m.account_monitor.as_ref().map(|(name, _)| name.clone()),
        unchecked_grants: m.all_grants.len() + m.future.len(),
        ..State::default()
    };
    for p in m.privileges.keys() {
        let object = if p.object.kind == "ACCOUNT" {
            String::new()
        } else {
            p.object.name.clone()
        };
        s.grants.insert((
            p.privilege.clone(),
            catalog_kind(&p.object.kind),
            object,
            p.grantee.clone(),
        ));
        s.grantees.insert(p.grantee.clone());
    }
    for (granted, grantee) in m.role_grants.keys() {
        s.grants.insert((
            "USAGE".into(),
            "ROLE".into(),
            granted.clone(),
            grantee.clone(),
        ));
        s.grantees.insert(grantee.clone());
    }
    for g in m.future.keys() {
        s.schema_wide.insert(schema_wide(g, true));
        s.grantees.insert(g.grantee.clone());
    }
    for g in m.all_grants.keys() {
        s.schema_wide.insert(schema_wide(g, false));
        s.grantees.insert(g.grantee.clone());
    }
    for (name, mon) in &m.monitors {
        let mut notify_users = mon.notify_users.clone();
        notify_users.sort();
        let monitor = Monitor {
            credit_quota: mon.credit_quota.as_ref().and_then(|q| q.parse().ok()),
            triggers: mon.triggers.clone(),
            frequency: mon.frequency.clone(),
            notify_users: Some(notify_users),
        };
        s.monitors.insert(name.clone(), monitor);
    }
    for (relation, policies) in &m.attachments {
        for policy in policies.keys() {
            s.attachments.insert((relation.clone(), policy.clone()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(script: &str) -> State {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sql");
        std::fs::write(&path, script).unwrap();
        from_source(&crate::apply::source::load(&path).unwrap())
    }

    #[test]
    fn grants_monitors_their_settings_and_attachments_are_read_through_the_model() {
        let s = state(
            "GRANT USAGE, MONITOR ON WAREHOUSE wh TO ROLE r;\n\
             GRANT ROLE r TO ROLE SYSADMIN;\n\
             GRANT SELECT ON ALL TABLES IN SCHEMA d.s TO ROLE r;\n\
             GRANT USAGE ON PROCEDURE d.s.p(VARCHAR) TO ROLE r;\n\
             CREATE RESOURCE MONITOR IF NOT EXISTS m WITH CREDIT_QUOTA = 100 TRIGGERS ON 90 PERCENT DO SUSPEND ON 75 PERCENT DO NOTIFY;\n\
             ALTER RESOURCE MONITOR m SET CREDIT_QUOTA = 40;\n\
             ALTER RESOURCE MONITOR m SET FREQUENCY = WEEKLY START_TIMESTAMP = IMMEDIATELY NOTIFY_USERS = (u1, \"Mary\");\n\
             ALTER ACCOUNT SET RESOURCE_MONITOR = m;\n\
             ALTER TABLE d.s.t ADD ROW ACCESS POLICY d.g.p ON (k);\n",
        );
        assert!(
            s.grants
                .contains(&("USAGE".into(), "WAREHOUSE".into(), "WH".into(), "R".into()))
        );
        assert!(s.grants.contains(&(
            "MONITOR".into(),
            "WAREHOUSE".into(),
            "WH".into(),
            "R".into()
        )));
        assert!(
            s.grants
                .contains(&("USAGE".into(), "ROLE".into(), "R".into(), "SYSADMIN".into()))
        );
        assert!(s.grants.contains(&(
            "USAGE".into(),
            "PROCEDURE".into(),
            "D.S.P".into(),
            "R".into()
        )));
        assert_eq!(s.unchecked_grants, 1);
        let m = &s.monitors["M"];
        assert_eq!(m.credit_quota, Some(40.0));
        assert_eq!(
            m.triggers,
            vec![(75, "NOTIFY".into()), (90, "SUSPEND".into())]
        );
        assert_eq!(m.frequency.as_deref(), Some("WEEKLY"));
        assert_eq!(
            m.notify_users.as_deref(),
            Some(&["\"Mary\"".to_string(), "U1".to_string()][..])
        );
        assert_eq!(s.account_monitor.as_deref(), Some("M"));
        assert!(s.attachments.contains(&("D.S.T".into(), "D.G.P".into())));
    }
}
