//! The migration between two packages' account models ([`super::model`]). What changed is read
//! from model(OLD) and model(NEW); the statements sent for new and changed objects are NEW's own
//! (idempotent) statements, found through the index of which statements define each object
//! ([`super::defs`]), except a `CREATE ... IF NOT EXISTS` of an object the account has (a no-op in
//! Snowflake); changed monitors are rendered from model(NEW), policies and removals from typed
//! statements (`Display` of the validator's AST), never by pasting text; [`super::converge`] renders
//! what is still missing from the model the planned steps leave.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use sqlparser::ast::helpers::key_value_options::KeyValueOptionKind;
use sqlparser::ast::{AlterUser, Ident, ObjectName, Statement};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;

use super::defs::{self, Definitions};
use super::{Migration, Planned, model};
use crate::apply::source::Source;
use crate::audit::{AccessModel, At, names, walk};
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{
    AlterPolicy, AlterPolicyAttachment, AlterResourceMonitor, AttachAction, DropObject, Frequency,
    MonitorProps, PolicyAction, PolicyKind, Relation, SnowflakeStatement, StartTimestamp, Trigger,
    TriggerAction, WarehouseAction,
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

pub(super) fn push(out: &mut Vec<Planned>, role: &str, text: String, destructive: bool, why: &str) {
    out.push(Planned {
        role: role.to_string(),
        text,
        destructive,
        why: why.to_string(),
    });
}

/// The statement at `at` in `src` (the model's provenance leads back to it).
pub(crate) fn step_at<'a>(src: &'a Source, at: &At) -> Option<&'a crate::apply::source::Step> {
    src.steps
        .iter()
        .find(|s| s.file == at.file && s.line == at.line)
}

/// The role of the statement at `at` in `src`.
pub(super) fn role_at(src: &Source, at: &At) -> String {
    step_at(src, at)
        .and_then(|s| src.contexts[s.context].role.clone())
        .unwrap_or_default()
}

/// Whether running `step` on `model` changes a fact of it.
pub(super) fn changes(
    model: &AccessModel,
    src: &Source,
    step: &crate::apply::source::Step,
) -> bool {
    let mut probe = model.clone();
    model::apply(&mut probe, src, step);
    probe != *model
}

/// The policies an attachment statement names.
fn attached_policies(stmt: &Typed) -> Vec<String> {
    let Typed::Snowflake(s) = stmt else {
        return Vec::new();
    };
    let SnowflakeStatement::AlterPolicyAttachment(a) = s.as_ref() else {
        return Vec::new();
    };
    match &a.action {
        AttachAction::AddRowAccessPolicy { policy, .. } => vec![names::object(policy)],
        AttachAction::DropRowAccessPolicy { policy, then_add } => {
            let mut v = vec![names::object(policy)];
            v.extend(then_add.iter().map(|(p, _)| names::object(p)));
            v
        }
        _ => Vec::new(),
    }
}

/// Plans the migration from OLD to NEW.
pub fn diff(
    old_src: &Source,
    new_src: &Source,
    new_dir: &Path,
    offboarding: (&super::offboard::Scripts, &super::offboard::Scripts),
) -> Result<Migration, String> {
    let old = defs::index(old_src);
    let new = defs::index(new_src);
    let models = Models {
        old: model::of(old_src),
        new: model::of(new_src),
    };
    let old_texts: HashSet<&str> = old_src.steps.iter().map(|s| s.text.trim()).collect();
    let mut out = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    // Tables whose policy attachments are planned here (so removals leave them alone).
    let mut attached_here: BTreeSet<String> = BTreeSet::new();

    // Policies whose signature (argument names and types, return type) changes.
    let resigned: BTreeSet<&String> = models
        .new
        .policies
        .iter()
        .filter(|(k, p)| {
            models
                .old
                .policies
                .get(*k)
                .is_some_and(|o| o.signature != p.signature || o.args != p.args)
        })
        .map(|(k, _)| k)
        .collect();
    let attaches_resigned = |table: &str| {
        models
            .new
            .attachments
            .get(table)
            .is_some_and(|a| a.keys().any(|p| resigned.contains(p)))
    };

    // 1. The NEW package's statements for what is new or changed, in its order.
    for step in &new_src.steps {
        let role = new_src.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        let text = step.text.trim();
        let defined = defs::defined(&step.stmt).unwrap_or_default();
        let mut destructive = false;
        let mut why = "new or changed in NEW".to_string();
        // `CREATE ... IF NOT EXISTS` of an object the account has is a no-op (Snowflake leaves the
        // object as it is); what changed in it is planned from the models instead.
        if creates_if_not_exists(&step.stmt) && old.objects.contains_key(&defined) {
            continue;
        }
        let emit = match &step.stmt {
            Typed::Sql(s) => match s.as_ref() {
                // A grant model(OLD) lacks; a grant the model does not follow, when its text is new.
                Statement::Grant(_) => {
                    changes(&models.old, new_src, step) || !old_texts.contains(text)
                }
                // A table that exists keeps its data: it changes column by column and its policy
                // is swapped in one statement; `CREATE TABLE IF NOT EXISTS` would change nothing.
                Statement::CreateTable(t)
                    if models.old.relations.contains_key(&names::object(&t.name)) =>
                {
                    let table = names::object(&t.name);
                    let at = format!("{}:{}", new_dir.join(&step.file).display(), step.line);
                    table_columns(&models, &table, &role, &at, &mut out, &mut refused);
                    if !attaches_resigned(&table) {
                        table_policy(&models, &table, &role, &resigned, &mut out);
                    }
                    attached_here.insert(table);
                    false
                }
                Statement::CreateView(v) => {
                    let emit = changed_object(&old, &new, &defined, (&role, text), &old_texts);
                    if emit && let Some(lost) = view_loses(&models, &names::object(&v.name)) {
                        destructive = true;
                        why = lost;
                    }
                    emit
                }
                // Mapping rows of removed tenants go with their offboarding (destructive, held
                // back without the flag); NEW's `DELETE ... NOT IN (...)` would remove the rows of
                // tenants whose removal is held back.
                Statement::Delete(_) => false,
                // Rows the model keeps (the mapping table's) are needed when model(OLD) lacks
                // them: OLD may have run the same MERGE into a table a migration dropped since.
                Statement::Insert(_) | Statement::Update { .. } | Statement::Merge { .. } => {
                    !old_texts.contains(text) || changes(&models.old, new_src, step)
                }
                // The model keeps every property such a statement sets or unsets: it is needed
                // exactly when it changes model(OLD).
                Statement::AlterUser(a) if sets_user_properties_only(a) => {
                    changes(&models.old, new_src, step)
                }
                _ => changed_object(&old, &new, &defined, (&role, text), &old_texts),
            },
            Typed::Snowflake(s) => match s.as_ref() {
                SnowflakeStatement::CreateResourceMonitor(_)
                | SnowflakeStatement::AlterResourceMonitor(_) => {
                    !models.old.monitors.contains_key(&defined)
                }
                SnowflakeStatement::CreateRowAccessPolicy(_)
                | SnowflakeStatement::AlterPolicy(_) => !models.old.policies.contains_key(&defined),
                // The model keeps every setting SET and UNSET change (and the warehouse's monitor):
                // the statement is needed exactly when it changes model(OLD).
                SnowflakeStatement::AlterWarehouse(w)
                    if matches!(
                        w.action,
                        WarehouseAction::Set(_) | WarehouseAction::Unset(_)
                    ) =>
                {
                    changes(&models.old, new_src, step)
                }
                SnowflakeStatement::AlterPolicyAttachment(_) => {
                    let had = models.old.attachments.get(&defined);
                    let fresh = models.new.attachments.get(&defined).is_some_and(|want| {
                        want.keys().any(|p| !had.is_some_and(|h| h.contains_key(p)))
                    });
                    fresh
                        && !attached_policies(&step.stmt)
                            .iter()
                            .any(|p| resigned.contains(p))
                }
                _ => changed_object(&old, &new, &defined, (&role, text), &old_texts),
            },
        };
        if emit {
            push(&mut out, &role, text.to_string(), destructive, &why);
        }
    }
    if !refused.is_empty() {
        return Err(refused.join("\n"));
    }

    // 2. Changed monitors, property by property (docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor:
    //    SET changes only what it names; TRIGGERS replaces the whole list, so it is sent only when
    //    the triggers changed, as re-sending them re-arms their notifications).
    for (name, want) in &models.new.monitors {
        let Some(had) = models.old.monitors.get(name) else {
            continue;
        };
        if had == want {
            continue;
        }
        let (Some(mname), Some(role)) = (object_name(name), new.role_of(name)) else {
            continue;
        };
        // Rendered from model(NEW): what the account must hold, whichever statements of NEW say it.
        let mut set = MonitorProps::default();
        let mut changed = Vec::new();
        if had.credit_quota != want.credit_quota {
            set.credit_quota = want
                .credit_quota
                .clone()
                .map(|q| sqlparser::ast::Value::Number(q, false));
            changed.push("credit quota");
        }
        if had.frequency != want.frequency {
            // NEW without FREQUENCY means Snowflake's default, MONTHLY: say it, to leave WEEKLY.
            set.frequency = Some(frequency(want.frequency.as_deref()));
            // The new interval starts now: Snowflake pairs FREQUENCY with START_TIMESTAMP.
            set.start_timestamp = Some(StartTimestamp::Immediately);
            changed.push("frequency");
        }
        if had.notify_users != want.notify_users {
            set.notify_users = Some(want.notify_users.iter().map(|u| ident(u)).collect());
            changed.push("users notified");
        }
        let triggers = (had.triggers != want.triggers).then(|| {
            want.triggers
                .iter()
                .map(|(percent, action)| Trigger {
                    percent: *percent,
                    action: trigger_action(action),
                })
                .collect()
        });
        if triggers.is_some() {
            changed.push("triggers");
        }
        let alter = AlterResourceMonitor {
            if_exists: false,
            name: mname,
            set: (set != MonitorProps::default()).then_some(set),
            triggers,
        };
        let why = format!("monitor {} changed", changed.join(", "));
        push(&mut out, &role, alter.to_string(), false, &why);
    }
    // The account's monitor turned off (ALTER ACCOUNT UNSET, docs.snowflake.com/en/sql-reference/sql/alter-account).
    if models.old.account_monitor.is_some() && models.new.account_monitor.is_none() {
        push(
            &mut out,
            ACCOUNT_ADMIN,
            "ALTER ACCOUNT UNSET RESOURCE_MONITOR".into(),
            false,
            "the account no longer has a resource monitor",
        );
    }

    // 3. Changed policies: SET BODY in place; a new signature needs detach, drop, create, re-attach.
    for (name, want) in &models.new.policies {
        let Some(had) = models.old.policies.get(name) else {
            continue;
        };
        let (Some(pname), Some((role, create))) = (object_name(name), new.created_by(name)) else {
            continue;
        };
        if !resigned.contains(name) {
            if had.body != want.body {
                let alter = AlterPolicy {
                    kind: PolicyKind::RowAccess,
                    if_exists: false,
                    name: pname.clone(),
                    action: PolicyAction::SetBody(want.body.clone()),
                };
                push(
                    &mut out,
                    role,
                    alter.to_string(),
                    false,
                    "policy body changed",
                );
            }
            continue;
        }
        // Snowflake cannot change a signature in place nor drop an attached policy, and a table
        // between a detach and an attach shows every tenant's rows. So the tables move to a
        // stand-in policy (NEW's signature and body under another name) in one statement each,
        // the policy is re-created, the tables move back, the stand-in goes.
        let why = "policy signature changed: tables move to a stand-in while it is re-created";
        let Some(stand_in) = stand_in_policy(create) else {
            continue;
        };
        let stand_in_name = stand_in.0;
        push(&mut out, role, stand_in.1, false, why);
        // NEW's attachments of the policy: (table, role of the statement attaching it, columns).
        let tables: Vec<(&String, String, &Vec<String>)> = models
            .new
            .attachments
            .iter()
            .filter_map(|(t, a)| {
                a.get(name)
                    .map(|(cols, at)| (t, role_at(new_src, at), cols))
            })
            .collect();
        let had_it = |t: &String| {
            models
                .old
                .attachments
                .get(t)
                .is_some_and(|a| a.contains_key(name))
        };
        let swap = |t: &String, from: &ObjectName, to: &ObjectName, cols: &[String]| {
            object_name(t).map(|table| {
                attachment(
                    table,
                    AttachAction::DropRowAccessPolicy {
                        policy: from.clone(),
                        then_add: Some((to.clone(), cols.iter().map(|c| ident(c)).collect())),
                    },
                )
            })
        };
        for (t, arole, cols) in &tables {
            if had_it(t)
                && let Some(text) = swap(t, &pname, &stand_in_name, cols)
            {
                push(&mut out, arole, text, false, why);
            }
        }
        let drop = DropObject {
            object_kind: "ROW ACCESS POLICY".into(),
            if_exists: true,
            name: pname.clone(),
        };
        push(&mut out, role, drop.to_string(), false, why);
        push(&mut out, role, create.clone(), false, why);
        // Dropping the policy took its grants (APPLY to dbt's role): NEW's grants on it again.
        let mut regranted: BTreeSet<&str> = BTreeSet::new();
        for (_, at) in models
            .new
            .privileges
            .iter()
            .filter(|(p, _)| p.object.name == *name)
        {
            if let Some(step) = step_at(new_src, at)
                && regranted.insert(step.text.trim())
            {
                push(
                    &mut out,
                    &role_at(new_src, at),
                    step.text.trim().to_string(),
                    false,
                    why,
                );
            }
        }
        for (t, arole, cols) in &tables {
            let text = if had_it(t) {
                swap(t, &stand_in_name, &pname, cols)
            } else {
                object_name(t).map(|table| {
                    attachment(
                        table,
                        AttachAction::AddRowAccessPolicy {
                            policy: pname.clone(),
                            on: cols.iter().map(|c| ident(c)).collect(),
                        },
                    )
                })
            };
            if let Some(text) = text {
                push(&mut out, arole, text, false, why);
            }
        }
        let drop = DropObject {
            object_kind: "ROW ACCESS POLICY".into(),
            if_exists: true,
            name: stand_in_name,
        };
        push(&mut out, role, drop.to_string(), false, why);
    }

    let removed = super::removals::Inputs {
        old: &old,
        new: &new,
        old_src,
        models: &models,
        resigned: &resigned,
        attached_here: &attached_here,
    };
    let prelude = super::removals::plan(&removed, offboarding, &mut out)?;
    out.splice(0..0, prelude);
    let end = simulate(&models.old, &out);
    super::converge::settings(&end, &models.new, &new, &mut out);
    let end = simulate(&models.old, &out);
    super::converge::grants(&end, &models.new, new_src, &mut out);
    Ok(Migration {
        steps: out,
        warehouse: admin_warehouse(new_src),
        ..Migration::default()
    })
}

/// A frequency as the model keeps it (`WEEKLY`); none is Snowflake's default, MONTHLY.
fn frequency(f: Option<&str>) -> Frequency {
    match f.unwrap_or("MONTHLY") {
        "DAILY" => Frequency::Daily,
        "WEEKLY" => Frequency::Weekly,
        "YEARLY" => Frequency::Yearly,
        "NEVER" => Frequency::Never,
        _ => Frequency::Monthly,
    }
}

/// A trigger's action as the model keeps it (`SUSPEND_IMMEDIATE`).
fn trigger_action(a: &str) -> TriggerAction {
    match a {
        "SUSPEND" => TriggerAction::Suspend,
        "SUSPEND_IMMEDIATE" => TriggerAction::SuspendImmediate,
        _ => TriggerAction::Notify,
    }
}

/// The model after `steps` run on `start`, each as its role.
pub(super) fn simulate(start: &AccessModel, steps: &[Planned]) -> AccessModel {
    let mut m = start.clone();
    for p in steps {
        apply_planned(&mut m, p);
    }
    m
}

/// Folds one planned statement into `m`, run as its role.
pub(super) fn apply_planned(m: &mut AccessModel, p: &Planned) {
    if let Ok(stmt) = crate::sqlcheck::validate_statement(&p.text) {
        let mut role = p.role.clone();
        let checked = crate::sqlcheck::Checked {
            offset: 0,
            line: 0,
            col: 1,
            text: p.text.clone(),
            stmt,
        };
        m.apply("migration", &checked, &mut role);
    }
}

/// `CREATE ... IF NOT EXISTS`: a statement that does nothing when its object exists.
fn creates_if_not_exists(stmt: &Typed) -> bool {
    match stmt {
        Typed::Sql(s) => match s.as_ref() {
            Statement::CreateRole(r) => r.if_not_exists,
            Statement::CreateUser(u) => u.if_not_exists,
            Statement::CreateDatabase { if_not_exists, .. } => *if_not_exists,
            Statement::CreateWarehouse(w) => w.if_not_exists,
            Statement::CreateSchema { if_not_exists, .. } => *if_not_exists,
            Statement::CreateView(v) => v.if_not_exists,
            _ => false,
        },
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::CreateSchema(c) => c.if_not_exists,
            SnowflakeStatement::CreateRole(r) => r.if_not_exists,
            SnowflakeStatement::CreateAlert(a) => a.if_not_exists,
            SnowflakeStatement::CreateIntegration(i) => i.if_not_exists,
            SnowflakeStatement::CreatePropertyObject(c) => c.if_not_exists,
            _ => false,
        },
    }
}

/// NEW's `CREATE ROW ACCESS POLICY` under a stand-in name (`<name>_SNOWTENANT_NEXT`, same
/// schema): its name and statement.
fn stand_in_policy(create: &str) -> Option<(ObjectName, String)> {
    let Ok(Typed::Snowflake(st)) = crate::sqlcheck::validate_statement(create) else {
        return None;
    };
    let SnowflakeStatement::CreateRowAccessPolicy(mut p) = *st else {
        return None;
    };
    let last = p.name.0.pop()?;
    let sqlparser::ast::ObjectNamePart::Identifier(id) = last else {
        return None;
    };
    let mut renamed = id.clone();
    renamed.value = format!("{}_SNOWTENANT_NEXT", id.value);
    p.name
        .0
        .push(sqlparser::ast::ObjectNamePart::Identifier(renamed));
    p.or_replace = false;
    p.or_alter = false;
    p.if_not_exists = true;
    Some((p.name.clone(), p.to_string()))
}

/// The role ALTER ACCOUNT needs.
const ACCOUNT_ADMIN: &str = "ACCOUNTADMIN";

/// OLD's and NEW's account models.
pub struct Models {
    pub old: AccessModel,
    pub new: AccessModel,
}

/// The warehouse NEW's own DML runs on: the first `USE WAREHOUSE` of its files.
fn admin_warehouse(src: &Source) -> Option<String> {
    src.contexts.iter().find_map(|c| {
        let text = c.uses.get("WAREHOUSE")?;
        let words: Vec<&str> = text.trim_end_matches(';').split_whitespace().collect();
        words.get(2).map(|w| (*w).to_string())
    })
}

/// `ALTER TABLE ... ADD COLUMN` for NEW's new columns; `DROP COLUMN` (destructive) for removed
/// ones; a type change is refused: Snowflake cannot convert a column to another type in place
/// (docs.snowflake.com/en/sql-reference/sql/alter-table-column).
fn table_columns(
    models: &Models,
    table: &str,
    role: &str,
    at: &str,
    out: &mut Vec<Planned>,
    refused: &mut Vec<String>,
) {
    let (Some(o), Some(n)) = (
        models.old.relations.get(table),
        models.new.relations.get(table),
    ) else {
        return;
    };
    let Some(name) = object_name(table) else {
        return;
    };
    for c in &n.columns {
        let Some(ty) = n.types.get(c) else { continue };
        match o.types.get(c) {
            None => {
                let text = format!("ALTER TABLE {name} ADD COLUMN {} {ty}", ident(c));
                push(out, role, text, false, &format!("column {c} added to {table}"));
            }
            Some(had) if had != ty => refused.push(format!(
                "{at}: column {table}.{c} changes type {had} -> {ty}, which Snowflake cannot do in place \
                 (docs.snowflake.com/en/sql-reference/sql/alter-table-column)\n  hint: keep the type and add a \
                 column with a new name, or rebuild the table yourself (CREATE TABLE ... AS SELECT with the \
                 converted column, then swap) and plan again from the rebuilt package"
            )),
            Some(_) => {}
        }
    }
    for c in o.columns.iter().filter(|c| !n.columns.contains(c)) {
        let text = format!("ALTER TABLE {name} DROP COLUMN {}", ident(c));
        let why = format!("drops column {table}.{c} and its data");
        push(out, role, text, true, &why);
    }
}

/// A table's row access policy as NEW wants it: added, or swapped in one statement (`DROP ROW
/// ACCESS POLICY old, ADD ROW ACCESS POLICY new ON (...)`) so its rows are never unprotected, or
/// removed (destructive). Policies whose signature changes are re-attached by the policy step.
fn table_policy(
    models: &Models,
    table: &str,
    role: &str,
    resigned: &BTreeSet<&String>,
    out: &mut Vec<Planned>,
) {
    let get = |m: &AccessModel| -> Vec<(String, Vec<String>)> {
        m.attachments
            .get(table)
            .map(|a| a.iter().map(|(p, (c, _))| (p.clone(), c.clone())).collect())
            .unwrap_or_default()
    };
    let (had, want) = (get(&models.old), get(&models.new));
    if had == want || had.iter().chain(&want).any(|(p, _)| resigned.contains(p)) {
        return;
    }
    let Some(t) = object_name(table) else { return };
    let on = |cols: &[String]| cols.iter().map(|c| ident(c)).collect::<Vec<_>>();
    match (had.first(), want.first()) {
        (Some((old_p, _)), Some((new_p, cols))) => {
            let (Some(op), Some(np)) = (object_name(old_p), object_name(new_p)) else {
                return;
            };
            let swap = attachment(
                t,
                AttachAction::DropRowAccessPolicy {
                    policy: op,
                    then_add: Some((np, on(cols))),
                },
            );
            let why = format!(
                "{table}: row access policy {new_p} ON ({}) replaces {old_p} in one statement",
                cols.join(", ")
            );
            push(out, role, swap, false, &why);
        }
        (None, Some((new_p, cols))) => {
            let Some(np) = object_name(new_p) else { return };
            let add = attachment(
                t,
                AttachAction::AddRowAccessPolicy {
                    policy: np,
                    on: on(cols),
                },
            );
            push(
                out,
                role,
                add,
                false,
                &format!("{table}: row access policy {new_p} attached"),
            );
        }
        (Some((old_p, _)), None) => {
            let Some(op) = object_name(old_p) else { return };
            let detach = attachment(
                t,
                AttachAction::DropRowAccessPolicy {
                    policy: op,
                    then_add: None,
                },
            );
            let why = format!(
                "{table} loses its row access policy: every role that reads it sees every tenant's rows"
            );
            push(out, role, detach, true, &why);
        }
        (None, None) => {}
    }
}

/// What replacing a view loses: the tables (still holding data) its old query read and its new one
/// does not, or `None` when it reads all of them still.
fn view_loses(models: &Models, view: &str) -> Option<String> {
    let sources = |m: &AccessModel| -> BTreeSet<String> {
        m.relations
            .get(view)
            .and_then(|r| r.query.as_ref())
            .map(|q| {
                walk::branches(q)
                    .into_iter()
                    .filter_map(walk::source)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (had, want) = (sources(&models.old), sources(&models.new));
    let lost: Vec<&String> = had
        .iter()
        .filter(|s| !want.contains(*s))
        .filter(|s| {
            models
                .old
                .relations
                .get(*s)
                .is_some_and(|r| r.kind == "TABLE")
        })
        .collect();
    (!lost.is_empty()).then(|| {
        format!(
            "view {view} no longer reads {}: their rows leave the view",
            lost.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
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

/// An `ALTER USER` that only sets or unsets properties (single values, and
/// `DEFAULT_SECONDARY_ROLES`), all of which the model keeps.
fn sets_user_properties_only(a: &AlterUser) -> bool {
    a.rename_to.is_none()
        && !a.reset_password
        && !a.abort_all_queries
        && a.add_role_delegation.is_none()
        && a.remove_role_delegation.is_none()
        && !a.enroll_mfa
        && a.set_default_mfa_method.is_none()
        && a.remove_mfa_method.is_none()
        && a.modify_mfa_method.is_none()
        && a.add_mfa_method_otp.is_none()
        && a.set_policy.is_none()
        && a.unset_policy.is_none()
        && a.set_tag.options.is_empty()
        && a.unset_tag.is_empty()
        && a.password.is_none()
        && a.set_props.options.iter().all(|o| {
            matches!(o.option_value, KeyValueOptionKind::Single(_))
                || o.option_name
                    .eq_ignore_ascii_case("DEFAULT_SECONDARY_ROLES")
        })
}

/// A statement for an object that is new in NEW, or whose defining statements changed and that
/// does not already hold in OLD.
fn changed_object(
    old: &Definitions,
    new: &Definitions,
    defined: &str,
    (role, text): (&str, &str),
    old_texts: &HashSet<&str>,
) -> bool {
    if defined.is_empty() {
        return !old_texts.contains(text);
    }
    match (old.objects.get(defined), new.objects.get(defined)) {
        (Some(o), Some(n)) => o.defs != n.defs && !in_effect(&o.defs, &n.defs, (role, text)),
        (None, Some(_)) => true,
        _ => !old_texts.contains(text),
    }
}

/// Whether NEW's statement `def` on an object already holds in OLD: OLD ran it as the same role,
/// and every statement on the object after it is one NEW runs too. So a migration applied since
/// (`plan --applied`, `plan --from`) that ran NEW's `CREATE OR REPLACE VIEW` or `ALTER WAREHOUSE
/// ... SET` is not planned again, while a later statement that changed the object again is undone.
fn in_effect(
    old_defs: &[(String, String)],
    new_defs: &[(String, String)],
    def: (&str, &str),
) -> bool {
    let Some(last) = old_defs.iter().rposition(|(r, t)| r == def.0 && t == def.1) else {
        return false;
    };
    old_defs[last + 1..].iter().all(|d| new_defs.contains(d))
}
