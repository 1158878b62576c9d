//! The state a package asks for, from its typed statements.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::tokenizer::Token;

use crate::apply::names::normalize_name;
use crate::apply::source::Source;
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{AttachAction, SnowflakeStatement, TriggerAction};

/// A privilege on an object held by a role: `(privilege, object kind, object, grantee)`.
/// Kinds use `_` between words (`RESOURCE_MONITOR`); procedure and function names drop their
/// argument lists; the object of an `ACCOUNT` grant is empty.
pub type Grant = (String, String, String, String);

/// `GRANT p ON {ALL|FUTURE} <kinds> IN {SCHEMA|DATABASE} c TO ROLE r`:
/// `(privilege, kind (singular, `_`-joined), container, in a database, future, grantee)`.
pub type SchemaWideGrant = (String, String, String, bool, bool, String);

/// A resource monitor's credit quota and triggers (`(percent, action)`, sorted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Monitor {
    pub credit_quota: Option<f64>,
    pub triggers: Vec<(u64, String)>,
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
}

/// Reads a package.
pub fn from_source(source: &Source) -> State {
    let mut s = State::default();
    for step in &source.steps {
        match &step.stmt {
            // Grants our grammar parses (schema `CREATE <object>`, APPLY on a policy) read like
            // sqlparser's.
            Typed::Snowflake(st) if matches!(**st, SnowflakeStatement::GrantPrivileges(_)) => {
                sql(&mut s, &step.text)
            }
            Typed::Snowflake(st) => snowflake(&mut s, st),
            Typed::Sql(_) => sql(&mut s, &step.text),
        }
    }
    s
}

fn action_name(a: TriggerAction) -> String {
    match a {
        TriggerAction::Notify => "NOTIFY",
        TriggerAction::Suspend => "SUSPEND",
        TriggerAction::SuspendImmediate => "SUSPEND_IMMEDIATE",
    }
    .to_string()
}

fn quota(v: Option<&impl ToString>) -> Option<f64> {
    v.and_then(|v| v.to_string().trim_matches('\'').parse().ok())
}

fn snowflake(s: &mut State, st: &SnowflakeStatement) {
    match st {
        // `CREATE ROLE ... COMMENT = '...'` (the plain form is sqlparser's, read in `sql`).
        SnowflakeStatement::CreateRole(r) => {
            s.roles.insert(normalize_name(&r.name.to_string()));
        }
        SnowflakeStatement::CreateResourceMonitor(c) => {
            let m = s
                .monitors
                .entry(normalize_name(&c.name.to_string()))
                .or_default();
            m.credit_quota = quota(c.props.credit_quota.as_ref()).or(m.credit_quota);
            if let Some(t) = &c.triggers {
                m.triggers = t
                    .iter()
                    .map(|t| (t.percent, action_name(t.action)))
                    .collect();
                m.triggers.sort();
            }
        }
        SnowflakeStatement::AlterResourceMonitor(a) => {
            let m = s
                .monitors
                .entry(normalize_name(&a.name.to_string()))
                .or_default();
            if let Some(q) = quota(a.set.as_ref().and_then(|p| p.credit_quota.as_ref())) {
                m.credit_quota = Some(q);
            }
            if let Some(t) = &a.triggers {
                m.triggers = t
                    .iter()
                    .map(|t| (t.percent, action_name(t.action)))
                    .collect();
                m.triggers.sort();
            }
        }
        SnowflakeStatement::CreateRowAccessPolicy(p) => {
            s.policies.insert(normalize_name(&p.name.to_string()));
        }
        SnowflakeStatement::AlterPolicyAttachment(a) => {
            let table = normalize_name(&a.name.to_string());
            match &a.action {
                AttachAction::AddRowAccessPolicy { policy, .. } => {
                    s.attachments
                        .insert((table, normalize_name(&policy.to_string())));
                }
                AttachAction::DropRowAccessPolicy { policy, then_add } => {
                    s.attachments
                        .remove(&(table.clone(), normalize_name(&policy.to_string())));
                    if let Some((p, _)) = then_add {
                        s.attachments
                            .insert((table, normalize_name(&p.to_string())));
                    }
                }
                AttachAction::DropAllRowAccessPolicies => {
                    s.attachments.retain(|(t, _)| t != &table);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// Words (dotted chains joined), `(`, `)` and `,` of a statement.
pub fn items(text: &str) -> Vec<String> {
    crate::apply::names::dotted_words(text, |t, out| match t {
        Token::LParen => {
            out.push("(".into());
            false
        }
        Token::RParen => {
            out.push(")".into());
            false
        }
        Token::Comma => {
            out.push(",".into());
            false
        }
        _ => true,
    })
}

fn sql(s: &mut State, text: &str) {
    let it = items(text);
    let first = it.first().map(String::as_str);
    if first == Some("CREATE")
        && let Some(at) = it
            .windows(4)
            .position(|w| w == ["WITH", "ROW", "ACCESS", "POLICY"])
        && let Some(policy) = it.get(at + 4)
        && let Some(table) = crate::apply::names::mentions(text).defined
    {
        s.attachments.insert((table, policy.clone()));
    }
    if first == Some("CREATE")
        && it.get(1).map(String::as_str) == Some("ROLE")
        && let Some(role) = crate::apply::names::mentions(text).defined
    {
        s.roles.insert(role);
    }
    if first != Some("GRANT") {
        return;
    }
    let Some(to) = it.iter().rposition(|w| w == "TO") else {
        return;
    };
    if it.get(to + 1).map(String::as_str) != Some("ROLE") {
        return;
    }
    let Some(grantee) = it.get(to + 2).cloned() else {
        return;
    };
    s.grantees.insert(grantee.clone());
    // `GRANT ROLE x TO ROLE y`.
    if it.get(1).map(String::as_str) == Some("ROLE") {
        if let Some(role) = it.get(2) {
            s.grants
                .insert(("USAGE".into(), "ROLE".into(), role.clone(), grantee));
        }
        return;
    }
    let Some(on) = it[..to].iter().position(|w| w == "ON") else {
        return;
    };
    let target = &it[on + 1..to];
    if target.iter().any(|w| w == "ALL" || w == "FUTURE") {
        s.unchecked_grants += 1;
        if let Some(w) = crate::apply::names::schema_wide(text) {
            for p in it[1..on].split(|w| w == ",").map(|p| p.join(" ")) {
                s.schema_wide.insert((
                    p,
                    w.kind.clone(),
                    w.container.clone(),
                    w.in_database,
                    w.future,
                    grantee.clone(),
                ));
            }
        }
        return;
    }
    let privileges: Vec<String> = it[1..on]
        .split(|w| w == ",")
        .map(|p| p.join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    // Kind words, then the name; a `(` starts a signature.
    let end = target.iter().position(|w| w == "(").unwrap_or(target.len());
    let (kind, object) = match &target[..end] {
        [k] if k == "ACCOUNT" => ("ACCOUNT".to_string(), String::new()),
        [kind @ .., name] => (kind.join("_"), name.clone()),
        [] => return,
    };
    for p in privileges {
        s.grants
            .insert((p, kind.clone(), object.clone(), grantee.clone()));
    }
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
    fn grants_monitors_and_attachments_are_read_from_statements() {
        let s = state(
            "GRANT USAGE, MONITOR ON WAREHOUSE wh TO ROLE r;\n\
             GRANT ROLE r TO ROLE SYSADMIN;\n\
             GRANT SELECT ON ALL TABLES IN SCHEMA d.s TO ROLE r;\n\
             GRANT USAGE ON PROCEDURE d.s.p(VARCHAR) TO ROLE r;\n\
             CREATE RESOURCE MONITOR IF NOT EXISTS m WITH CREDIT_QUOTA = 100 TRIGGERS ON 90 PERCENT DO SUSPEND ON 75 PERCENT DO NOTIFY;\n\
             ALTER RESOURCE MONITOR m SET CREDIT_QUOTA = 40;\n\
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
        assert!(s.attachments.contains(&("D.S.T".into(), "D.G.P".into())));
    }
}
