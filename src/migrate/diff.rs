//! The migration between two packages' end states ([`super::state`]). New statements are the
//! NEW package's own (idempotent) statements; changed monitors, policies and removals are
//! rendered from typed statements (`Display` of the validator's AST), never by pasting text.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use sqlparser::ast::{Expr, Ident, ObjectName, Statement};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;

use super::state::{self, State};
use super::{Migration, Planned};
use crate::apply::names::mentions;
use crate::apply::source::Source;
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{
    AlterPolicy, AlterPolicyAttachment, AlterResourceMonitor, AttachAction, CreateResourceMonitor,
    DropObject, MonitorProps, PolicyAction, PolicyKind, Relation, SnowflakeStatement,
};

/// A key (`DB.S."odd"`) back to an object name.
pub fn object_name(key: &str) -> Option<ObjectName> {
    Parser::new(&SnowflakeDialect {})
        .try_with_sql(key)
        .and_then(|mut p| p.parse_object_name(false))
        .ok()
}

pub(super) fn ident(key: &str) -> Ident {
    match key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
        Some(inner) => Ident::with_quote('"', inner.replace("\"\"", "\"")),
        None => Ident::new(key),
    }
}

/// The NEW package's typed monitors and policies, for statements rendered from them.
#[derive(Default)]
struct Typed2 {
    monitors: BTreeMap<String, (CreateResourceMonitor, Option<sqlparser::ast::Value>)>,
    policy_bodies: BTreeMap<String, Expr>,
}

fn typed_of(src: &Source) -> Typed2 {
    let mut t = Typed2::default();
    for step in &src.steps {
        let Typed::Snowflake(st) = &step.stmt else {
            continue;
        };
        let key = |n: &ObjectName| crate::apply::names::normalize_name(&n.to_string());
        match st.as_ref() {
            SnowflakeStatement::CreateResourceMonitor(c) => {
                let q = c.props.credit_quota.clone();
                t.monitors.insert(key(&c.name), (c.clone(), q));
            }
            SnowflakeStatement::AlterResourceMonitor(a) => {
                if let (Some(entry), Some(q)) = (
                    t.monitors.get_mut(&key(&a.name)),
                    a.set.as_ref().and_then(|p| p.credit_quota.clone()),
                ) {
                    entry.1 = Some(q);
                }
            }
            SnowflakeStatement::CreateRowAccessPolicy(p) => {
                t.policy_bodies.insert(key(&p.name), p.body.clone());
            }
            SnowflakeStatement::AlterPolicy(a) => {
                if let PolicyAction::SetBody(b) = &a.action {
                    t.policy_bodies.insert(key(&a.name), b.clone());
                }
            }
            _ => {}
        }
    }
    t
}

pub(super) fn push(out: &mut Vec<Planned>, role: &str, text: String, destructive: bool, why: &str) {
    out.push(Planned {
        role: role.to_string(),
        text,
        destructive,
        why: why.to_string(),
    });
}

/// Plans the migration from OLD to NEW.
pub fn diff(
    old_src: &Source,
    new_src: &Source,
    old_dir: &Path,
    new_dir: &Path,
) -> Result<Migration, String> {
    let old = state::fold(old_src);
    let new = state::fold(new_src);
    let typed = typed_of(new_src);
    let old_texts: HashSet<&str> = old_src.steps.iter().map(|s| s.text.trim()).collect();
    let mut out = Vec::new();

    let resigned: BTreeSet<&String> = new
        .policies
        .iter()
        .filter(|(k, p)| {
            old.policies
                .get(*k)
                .is_some_and(|o| o.signature != p.signature)
        })
        .map(|(k, _)| k)
        .collect();

    // 1. The NEW package's statements for what is new or changed, in its order.
    for step in &new_src.steps {
        let role = new_src.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        let text = step.text.trim();
        let m = mentions(text);
        let defined = m.defined.clone().unwrap_or_default();
        let emit = match &step.stmt {
            Typed::Sql(s) => match s.as_ref() {
                Statement::Grant(g) => !old.grants.contains_key(&g.to_string()),
                Statement::Insert(_)
                | Statement::Update { .. }
                | Statement::Delete(_)
                | Statement::Merge { .. } => !old_texts.contains(text),
                _ => changed_object(&old, &new, &defined, text, &old_texts),
            },
            Typed::Snowflake(s) => match s.as_ref() {
                SnowflakeStatement::CreateResourceMonitor(_)
                | SnowflakeStatement::AlterResourceMonitor(_) => {
                    !old.monitors.contains_key(&defined)
                }
                SnowflakeStatement::CreateRowAccessPolicy(_)
                | SnowflakeStatement::AlterPolicy(_) => !old.policies.contains_key(&defined),
                SnowflakeStatement::AlterPolicyAttachment(_) => {
                    let fresh = new.attachments.keys().any(|(t, p)| {
                        t == &defined && !old.attachments.contains_key(&(t.clone(), p.clone()))
                    });
                    fresh && !m.full.iter().any(|n| resigned.contains(n))
                }
                _ => changed_object(&old, &new, &defined, text, &old_texts),
            },
        };
        if emit {
            push(
                &mut out,
                &role,
                text.to_string(),
                false,
                "new or changed in NEW",
            );
        }
    }

    // 2. Changed monitors: quota and the full trigger list (ALTER ... TRIGGERS replaces it).
    for (name, want) in &new.monitors {
        let Some(had) = old.monitors.get(name) else {
            continue;
        };
        if had == want {
            continue;
        }
        let (Some((create, quota)), Some(role)) = (typed.monitors.get(name), role_of(&new, name))
        else {
            continue;
        };
        let alter = AlterResourceMonitor {
            if_exists: false,
            name: create.name.clone(),
            set: Some(MonitorProps {
                credit_quota: quota.clone(),
                ..MonitorProps::default()
            }),
            triggers: create.triggers.clone(),
        };
        push(
            &mut out,
            &role,
            alter.to_string(),
            false,
            "monitor quota or triggers changed",
        );
    }

    // 3. Changed policies: SET BODY in place; a new signature needs detach, drop, create, re-attach.
    for (name, want) in &new.policies {
        let Some(had) = old.policies.get(name) else {
            continue;
        };
        let Some(pname) = object_name(name) else {
            continue;
        };
        let role = want.create.0.clone();
        if had.signature == want.signature {
            if had.body != want.body
                && let Some(body) = typed.policy_bodies.get(name)
            {
                let alter = AlterPolicy {
                    kind: PolicyKind::RowAccess,
                    if_exists: false,
                    name: pname.clone(),
                    action: PolicyAction::SetBody(body.clone()),
                };
                push(
                    &mut out,
                    &role,
                    alter.to_string(),
                    false,
                    "policy body changed",
                );
            }
            continue;
        }
        let why = "policy signature changed: detach, drop, create, re-attach";
        for ((table, policy), (arole, _)) in &old.attachments {
            if policy == name
                && let Some(t) = object_name(table)
            {
                let detach = attachment(
                    t,
                    AttachAction::DropRowAccessPolicy {
                        policy: pname.clone(),
                        then_add: None,
                    },
                );
                push(&mut out, arole, detach, true, why);
            }
        }
        let drop = DropObject {
            object_kind: "ROW ACCESS POLICY".into(),
            if_exists: true,
            name: pname.clone(),
        };
        push(&mut out, &role, drop.to_string(), true, why);
        push(&mut out, &role, want.create.1.clone(), true, why);
        for ((table, policy), (arole, cols)) in &new.attachments {
            if policy == name
                && let Some(t) = object_name(table)
            {
                let on = cols.iter().map(|c| ident(c)).collect();
                let add = attachment(
                    t,
                    AttachAction::AddRowAccessPolicy {
                        policy: pname.clone(),
                        on,
                    },
                );
                push(&mut out, arole, add, true, why);
            }
        }
    }

    super::removals::plan(&old, &new, &resigned, old_dir, new_dir, &mut out)?;
    Ok(Migration {
        steps: out,
        ..Migration::default()
    })
}

fn role_of(s: &State, name: &str) -> Option<String> {
    s.objects
        .get(name)
        .and_then(|o| o.defs.first())
        .map(|d| d.0.clone())
}

pub(super) fn attachment(table: ObjectName, action: AttachAction) -> String {
    AlterPolicyAttachment {
        relation: Relation::Table,
        if_exists: false,
        name: table,
        action,
    }
    .to_string()
}

/// A statement for an object that is new in NEW, or whose defining statements changed.
fn changed_object(
    old: &State,
    new: &State,
    defined: &str,
    text: &str,
    old_texts: &HashSet<&str>,
) -> bool {
    if defined.is_empty() {
        return !old_texts.contains(text);
    }
    match (old.objects.get(defined), new.objects.get(defined)) {
        (Some(o), Some(n)) => o.defs != n.defs,
        (None, Some(_)) => true,
        _ => !old_texts.contains(text),
    }
}
