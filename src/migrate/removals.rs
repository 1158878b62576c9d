//! Removals: removed tenants (OLD's offboarding scripts), revoked grants, detached policies
//! and dropped objects. All destructive.

use std::collections::BTreeSet;

use sqlparser::ast::{
    DataType, DropFunction, FunctionDesc, Grant, GrantObjects, ObjectName, OperateFunctionArg,
    Privileges, Revoke, Statement,
};

use super::Planned;
use super::defs::{self, Definitions};
use super::diff::{Models, attachment, changes, object_name, push, role_at};
use super::offboard::Scripts;
use crate::apply::source::{self, Source};
use crate::audit::{AccessModel, At};
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{AttachAction, DropObject, SnowflakeStatement};

/// Tenants with an offboarding script in OLD (its package's, or one a migration applied since
/// carries) and none in NEW, with their script.
fn removed_tenants<'a>(
    (old, new): (&'a Scripts, &Scripts),
) -> impl Iterator<Item = (&'a String, &'a String)> {
    old.iter().filter(|(t, _)| !new.contains_key(*t))
}

/// A statement that drops, revokes or detaches.
pub fn is_destructive(stmt: &Typed) -> bool {
    match stmt {
        Typed::Sql(s) => matches!(
            s.as_ref(),
            Statement::Drop { .. }
                | Statement::DropFunction(_)
                | Statement::DropProcedure { .. }
                | Statement::Revoke(_)
                | Statement::Delete(_)
                | Statement::Truncate(_)
        ),
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::DropObject(_) => true,
            SnowflakeStatement::AlterPolicyAttachment(a) => {
                !matches!(a.action, AttachAction::AddRowAccessPolicy { .. })
            }
            _ => false,
        },
    }
}

/// What removals are planned from.
pub struct Inputs<'a> {
    /// Which statements define each object of OLD and NEW.
    pub old: &'a Definitions,
    pub new: &'a Definitions,
    /// OLD's statements (those of the migrations applied since included): where each fact of
    /// model(OLD) comes from.
    pub old_src: &'a Source,
    pub models: &'a Models,
    /// Policies whose signature changes: detached and re-attached by the policy step.
    pub resigned: &'a BTreeSet<&'a String>,
    /// Tables whose attachments the table step planned.
    pub attached_here: &'a BTreeSet<String>,
}

/// Appends the removals from `old` to `new`; returns the statements that must run before NEW's
/// (a removed tenant's role taken from a user NEW keeps, before that user is granted NEW's role:
/// otherwise the user holds two tenants' roles in between).
pub fn plan(
    inputs: &Inputs,
    offboarding: (&Scripts, &Scripts),
    out: &mut Vec<Planned>,
) -> Result<Vec<Planned>, String> {
    let mut prelude = Vec::new();
    let (old, new, models) = (inputs.old, inputs.new, inputs.models);
    // 4. Removed tenants: OLD's offboarding scripts, less what NEW still has (a tenant renamed
    //    keeps its service user: the statement that would remove something of model(NEW) is left
    //    out, found by applying it to model(NEW)).
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    for (tenant, text) in removed_tenants(offboarding) {
        let name = format!("offboard/{tenant}.sql");
        let script = source::load_texts(vec![(name.clone(), text.clone())])
            .map_err(|e| format!("{name}: {e}"))?;
        // What the script would remove that model(NEW) still has stays (a renamed tenant's
        // service user).
        let kept: Vec<&source::Step> = script
            .steps
            .iter()
            .filter(|step| !changes(&models.new, &script, step))
            .collect();
        // Offboarded already (by a migration applied since OLD, `plan --applied` / `--from`):
        // nothing left of its script changes model(OLD) any more.
        if !kept.iter().any(|step| changes(&models.old, &script, step)) {
            continue;
        }
        for step in kept {
            let role = script.contexts[step.context]
                .role
                .clone()
                .unwrap_or_default();
            let destructive = is_destructive(&step.stmt);
            if let Some(d) = defs::defined(&step.stmt)
                && destructive
            {
                dropped.insert(d);
            }
            let mut why = format!("tenant {tenant} removed (offboard/{tenant}.sql)");
            if let Some(user) = revoked_from_user(&step.stmt)
                && models.new.users.contains_key(&user)
            {
                let why = format!("{why}: user {user} stays, under NEW's roles only");
                push(
                    &mut prelude,
                    &role,
                    step.text.trim().to_string(),
                    false,
                    &why,
                );
                continue;
            }
            if let Some(lost) = loses(&models.old, &step.stmt) {
                why = format!("{why}: {lost}");
            }
            push(out, &role, step.text.trim().to_string(), destructive, &why);
        }
    }
    // Objects removed outright (not by an offboarding script, not inside a removed parent).
    let gone: Vec<&String> = old
        .objects
        .keys()
        .filter(|k| !new.objects.contains_key(*k))
        .filter(|k| {
            !dropped
                .iter()
                .any(|d| *k == d || k.starts_with(&format!("{d}.")))
        })
        .collect();
    let gone_roots: Vec<&String> = gone
        .iter()
        .filter(|k| !gone.iter().any(|p| k.starts_with(&format!("{p}."))))
        .copied()
        .collect();
    let inside_dropped = |key: &str| {
        dropped
            .iter()
            .chain(gone_roots.iter().copied())
            .any(|d| key == d || key.starts_with(&format!("{d}.")))
    };

    // 5. Removed grants and attachments on objects that stay: what model(OLD) holds and
    //    model(NEW) does not, each revoked by the REVOKE of the statement that granted it.
    for (role, g) in revoked_grants(inputs.old_src, models) {
        let named =
            crate::audit::grants::named_keys(&g.privileges, g.objects.as_ref(), &g.grantees);
        if named.iter().any(|k| inside_dropped(k)) {
            continue;
        }
        let text = g.to_string();
        let why = format!("grant removed: {}", text.trim_start_matches("GRANT "));
        push(out, &role, revoke_text(&g), true, &why);
    }
    for (table, attached) in &models.old.attachments {
        for (policy, (_, at)) in attached {
            let kept = models
                .new
                .attachments
                .get(table)
                .is_some_and(|a| a.contains_key(policy));
            if kept
                || inputs.resigned.contains(policy)
                || inputs.attached_here.contains(table)
                || inside_dropped(table)
            {
                continue;
            }
            if let (Some(t), Some(p)) = (object_name(table), object_name(policy)) {
                let detach = attachment(
                    t,
                    AttachAction::DropRowAccessPolicy {
                        policy: p,
                        then_add: None,
                    },
                );
                let why = format!("{table} loses row access policy {policy}");
                push(out, &role_at(inputs.old_src, at), detach, true, &why);
            }
        }
    }
    // 6. Drops: routines first, since an external function calls through an API integration that may go too.
    let is_routine = |kind: &str| kind.contains("PROCEDURE") || kind.contains("FUNCTION");
    let mut drops = gone_roots;
    drops.sort_by_key(|k| !is_routine(&old.objects[*k].kind));
    for key in drops {
        let obj = &old.objects[key];
        let role = obj.defs.first().map(|d| d.0.clone()).unwrap_or_default();
        if is_routine(&obj.kind) {
            if let Some(name) = object_name(key) {
                for args in obj.signatures.values() {
                    let drop = drop_routine(&obj.kind, name.clone(), args);
                    push(out, &role, drop.to_string(), true, "routine removed");
                }
            }
            continue;
        }
        if let Some(name) = object_name(key) {
            let drop = DropObject {
                object_kind: obj.kind.clone(),
                if_exists: true,
                name,
            };
            let why = lost_with(&models.old, &obj.kind, key);
            push(out, &role, drop.to_string(), true, &why);
        }
    }
    Ok(prelude)
}

/// The grants of model(OLD) that model(NEW) lacks (privileges, role grants, `ON ALL` and `ON
/// FUTURE` grants), each as the `GRANT` that made it, narrowed to the privilege and grantee that
/// go, with the role that ran it; in OLD's statement order, once each. A privilege an `ON ALL` or
/// `ON FUTURE` grant gave is revoked with that grant, never object by object; ownership is not
/// revoked (it goes with its object).
fn revoked_grants(old_src: &Source, models: &Models) -> Vec<(String, Grant)> {
    let (old, new) = (&models.old, &models.new);
    // (where it was granted, privilege or None for a role grant, grantee, a privilege on one
    // object (which an ON ALL or ON FUTURE grant may have given))
    let mut facts: Vec<(&At, Option<&str>, &str, bool)> = Vec::new();
    for (p, at) in old
        .privileges
        .iter()
        .filter(|(p, _)| !new.privileges.contains_key(*p))
    {
        facts.push((at, Some(&p.privilege), &p.grantee, true));
    }
    for (k, at) in old
        .role_grants
        .iter()
        .filter(|(k, _)| !new.role_grants.contains_key(*k))
    {
        facts.push((at, None, &k.1, false));
    }
    for (k, at) in old
        .user_grants
        .iter()
        .filter(|(k, _)| !new.user_grants.contains_key(*k))
    {
        facts.push((at, None, &k.1, false));
    }
    for (g, at) in old
        .future
        .iter()
        .filter(|(g, _)| !new.future.contains_key(*g))
    {
        facts.push((at, Some(&g.privilege), &g.grantee, false));
    }
    for (g, at) in old
        .all_grants
        .iter()
        .filter(|(g, _)| !new.all_grants.contains_key(*g))
    {
        facts.push((at, Some(&g.privilege), &g.grantee, false));
    }
    let index: std::collections::HashMap<(&str, usize), usize> = old_src
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.file.as_str(), s.line), i))
        .collect();
    let mut found: std::collections::BTreeMap<usize, Vec<(String, Grant)>> = Default::default();
    for (at, privilege, grantee, on_one_object) in facts {
        let Some(&i) = index.get(&(at.file.as_str(), at.line)) else {
            continue;
        };
        let step = &old_src.steps[i];
        let Typed::Sql(s) = &step.stmt else { continue };
        let Statement::Grant(g) = s.as_ref() else {
            continue;
        };
        let bulk = matches!(
            g.objects,
            Some(
                GrantObjects::AllTablesInSchema { .. }
                    | GrantObjects::AllViewsInSchema { .. }
                    | GrantObjects::FutureTablesInSchema { .. }
                    | GrantObjects::FutureViewsInSchema { .. }
                    | GrantObjects::FutureSchemasInDatabase { .. }
            )
        );
        // A privilege a bulk grant gave: revoked with the bulk grant's own record.
        if bulk && on_one_object {
            continue;
        }
        let role = old_src.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        let narrowed = narrowed(g, privilege, grantee);
        let list = found.entry(i).or_default();
        if !list.iter().any(|(_, x)| x == &narrowed) {
            list.push((role, narrowed));
        }
    }
    found.into_values().flatten().collect()
}

/// `g` granting only `privilege` (all of its privileges when `None`) to `grantee` alone.
fn narrowed(g: &Grant, privilege: Option<&str>, grantee: &str) -> Grant {
    let mut g = g.clone();
    if let (Some(p), Privileges::Actions(actions)) = (privilege, &mut g.privileges) {
        actions.retain(|a| crate::audit::grants::action_name(a) == p);
    }
    g.grantees
        .retain(|x| crate::audit::grants::grantee_name(x).as_deref() == Some(grantee));
    g
}

/// The user of `REVOKE ROLE r FROM USER u`.
fn revoked_from_user(stmt: &Typed) -> Option<String> {
    let Typed::Sql(s) = stmt else { return None };
    let Statement::Revoke(r) = s.as_ref() else {
        return None;
    };
    let g = r.grantees.first()?;
    if g.grantee_type != sqlparser::ast::GranteesType::User {
        return None;
    }
    match g.name.as_ref()? {
        sqlparser::ast::GranteeName::ObjectName(n) => Some(crate::audit::names::object(n)),
        _ => None,
    }
}

/// `REVOKE` of a grant. sqlparser prints a table grant without its `TABLE` keyword, which Snowflake
/// requires (docs.snowflake.com/en/sql-reference/sql/revoke-privilege: `ON { ... | TABLE <name> }`).
pub fn revoke_text(g: &Grant) -> String {
    let revoke = Revoke {
        grant_option_for: false,
        privileges: g.privileges.clone(),
        objects: g.objects.clone(),
        grantees: g.grantees.clone(),
        granted_by: None,
        cascade: None,
    };
    let text = revoke.to_string();
    match &g.objects {
        Some(GrantObjects::Tables(_)) => text.replacen(" ON ", " ON TABLE ", 1),
        _ => text,
    }
}

/// What a drop or delete of an offboarding script loses, named from model(OLD).
fn loses(old: &AccessModel, stmt: &Typed) -> Option<String> {
    match stmt {
        Typed::Sql(s) => match s.as_ref() {
            Statement::Drop {
                object_type, names, ..
            } => {
                let kind = object_type.to_string().to_ascii_uppercase();
                let name = names.first().map(crate::audit::names::object)?;
                Some(lost_with(old, &kind, &name))
            }
            Statement::Delete(_) => {
                Some("deletes its mapping row: its role loses row access at once".into())
            }
            Statement::Revoke(_) => Some("its users lose the tenant's role".into()),
            _ => None,
        },
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::DropObject(d) => Some(lost_with(
                old,
                &d.object_kind,
                &crate::audit::names::object(&d.name),
            )),
            _ => None,
        },
    }
}

/// `drops schema S with tables T1, T2 and their data`, `drops role R and every grant to it`...
fn lost_with(old: &AccessModel, kind: &str, name: &str) -> String {
    let kind = kind.to_ascii_uppercase();
    match kind.as_str() {
        "SCHEMA" => {
            let tables: Vec<String> = old
                .relations_in(name, false)
                .into_iter()
                .filter(|r| old.relations[r].kind == "TABLE")
                .collect();
            if tables.is_empty() {
                format!("drops schema {name} (no tables)")
            } else {
                format!(
                    "drops schema {name} with table(s) {} and their data",
                    tables.join(", ")
                )
            }
        }
        "TABLE" => format!("drops table {name} and its data"),
        "DATABASE" => format!("drops database {name} and all its data"),
        "ROLE" => format!("drops role {name} and every grant to it: its users lose that access"),
        "USER" => format!("drops user {name}: it can no longer sign in"),
        "VIEW" => format!("drops view {name}: roles that read it lose it"),
        other => format!("drops {} {name}", other.to_ascii_lowercase()),
    }
}

/// `DROP PROCEDURE|FUNCTION IF EXISTS name(types)`; external functions are dropped with DROP FUNCTION
/// (https://docs.snowflake.com/en/sql-reference/sql/drop-function).
fn drop_routine(kind: &str, name: ObjectName, args: &[DataType]) -> Statement {
    let desc = FunctionDesc {
        name,
        args: Some(
            args.iter()
                .map(|t| OperateFunctionArg::unnamed(t.clone()))
                .collect(),
        ),
    };
    if kind.contains("PROCEDURE") {
        Statement::DropProcedure {
            if_exists: true,
            proc_desc: vec![desc],
            drop_behavior: None,
        }
    } else {
        Statement::DropFunction(DropFunction {
            if_exists: true,
            func_desc: vec![desc],
            drop_behavior: None,
        })
    }
}
