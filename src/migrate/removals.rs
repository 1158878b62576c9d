//! Removals: removed tenants (OLD's offboarding scripts), revoked grants, detached policies
//! and dropped objects. All destructive.

use std::collections::BTreeSet;
use std::path::Path;

use sqlparser::ast::{
    DataType, DropFunction, FunctionDesc, ObjectName, OperateFunctionArg, Revoke, Statement,
};

use super::Planned;
use super::diff::{attachment, object_name, push};
use super::state::State;
use crate::apply::names::mentions;
use crate::apply::source;
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{AttachAction, DropObject, SnowflakeStatement};

/// Tenants with an offboarding script in OLD and none in NEW.
fn removed_tenants(old_dir: &Path, new_dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let list = |d: &Path| -> BTreeSet<String> {
        std::fs::read_dir(d.join("offboard"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".sql"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let new = list(new_dir);
    list(old_dir)
        .into_iter()
        .filter(|f| !new.contains(f))
        .map(|f| {
            let path = old_dir.join("offboard").join(&f);
            (f.trim_end_matches(".sql").to_string(), path)
        })
        .collect()
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

/// Appends the removals from `old` to `new`; `resigned` policies are re-created elsewhere.
pub fn plan(
    old: &State,
    new: &State,
    resigned: &BTreeSet<&String>,
    old_dir: &Path,
    new_dir: &Path,
    out: &mut Vec<Planned>,
) -> Result<(), String> {
    // 4. Removed tenants: OLD's offboarding scripts.
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    for (tenant, path) in removed_tenants(old_dir, new_dir) {
        let script = source::load(&path).map_err(|e| e.to_string())?;
        for step in &script.steps {
            let role = script.contexts[step.context]
                .role
                .clone()
                .unwrap_or_default();
            let destructive = is_destructive(&step.stmt);
            if let Some(d) = mentions(&step.text).defined
                && destructive
            {
                dropped.insert(d);
            }
            let why = format!("tenant {tenant} removed (offboard/{tenant}.sql)");
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
    let inside_dropped = |text: &str| {
        mentions(text).full.iter().any(|n| {
            dropped
                .iter()
                .chain(gone_roots.iter().copied())
                .any(|d| n == d || n.starts_with(&format!("{d}.")))
        })
    };

    // 5. Removed grants and attachments on objects that stay.
    for (text, (role, g)) in &old.grants {
        if new.grants.contains_key(text) || inside_dropped(text) {
            continue;
        }
        let revoke = Revoke {
            grant_option_for: false,
            privileges: g.privileges.clone(),
            objects: g.objects.clone(),
            grantees: g.grantees.clone(),
            granted_by: None,
            cascade: None,
        };
        push(out, role, revoke.to_string(), true, "grant removed");
    }
    for ((table, policy), (role, _)) in &old.attachments {
        let key = (table.clone(), policy.clone());
        if new.attachments.contains_key(&key) || resigned.contains(policy) || inside_dropped(table)
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
            push(out, role, detach, true, "policy attachment removed");
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
            push(out, &role, drop.to_string(), true, "object removed");
        }
    }
    Ok(())
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
