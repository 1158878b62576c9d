//! The plan page: a migration script (from `snowtenant plan`) read as typed statements against
//! the package it leads to.
//!
//! The package is the state after the migration. What the migration grants is found by applying
//! its GRANTs to an empty model seeded with the package's tables and views (so `ALL ... IN
//! SCHEMA` expands as in Snowflake); what it revokes, by applying each REVOKE turned into the
//! GRANT it undoes. A changed tenant's reach before the migration is then its reach now, minus
//! what was granted, plus what was revoked. A dropped role takes its grants with it without a
//! REVOKE, so a removed tenant shows what the drops lose rather than a graph.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{Expr, Grant, InTarget, Statement};

use super::reach::{Index, Reach};
use super::svg;
use crate::apply::source::headline;
use crate::audit::input::text;
use crate::audit::model::AccessModel;
use crate::audit::names::object;
use crate::audit::{At, Context};
use crate::sqlcheck::ast::{AttachAction, SnowflakeStatement};
use crate::sqlcheck::{Checked, Typed};

/// The plan, as the page shows it.
pub struct PlanView {
    pub name: String,
    pub statements: usize,
    pub destructive: usize,
    /// By tenant (`None`: platform / shared), then object.
    pub groups: BTreeMap<Option<String>, BTreeMap<String, Vec<Change>>>,
    /// Changed tenants: `(tenant, role, before, after)` SVG, or a note when there is no graph.
    pub graphs: Vec<TenantChange>,
}

/// One statement of the migration.
pub struct Change {
    pub line: usize,
    pub headline: String,
    pub destructive: bool,
    /// What a destructive statement loses.
    pub loses: Vec<String>,
}

/// A changed tenant's graphs.
pub struct TenantChange {
    pub tenant: String,
    pub role: String,
    pub before: String,
    pub after: String,
    pub note: String,
}

/// Reads the migration `text` (named `name` in messages) against the package in `ctx`.
pub fn plan(ctx: &Context, index: &Index, name: &str, text: &str) -> Result<PlanView, String> {
    let report = crate::sqlcheck::validate_script_named(name, text);
    if let Some(e) = report.diagnostics.first() {
        return Err(format!(
            "{name}:{}:{}: {} (the plan page needs every statement parsed)",
            e.line, e.col, e.message
        ));
    }
    let seeded = || AccessModel {
        relations: ctx.model.relations.clone(),
        schemas: ctx.model.schemas.clone(),
        ..AccessModel::default()
    };
    let (mut granted, mut revoked) = (seeded(), seeded());
    let (mut role_a, mut role_b) = (String::new(), String::new());
    let mut removed_tenants: BTreeSet<String> = BTreeSet::new();
    for c in &report.statements {
        if let Some(undone) = undo_of(&c.stmt) {
            let c = Checked {
                stmt: undone,
                ..c.clone()
            };
            revoked.apply(name, &c, &mut role_b);
        } else if is_grant(&c.stmt) {
            granted.apply(name, c, &mut role_a);
        }
        if let Some(t) = deleted_tenant(&c.stmt) {
            removed_tenants.insert(t);
        }
    }
    let by_line = |m: &AccessModel| -> BTreeMap<usize, Vec<Fact>> {
        let mut out: BTreeMap<usize, Vec<Fact>> = BTreeMap::new();
        for (p, at) in &m.privileges {
            out.entry(at.line).or_default().push(Fact {
                who: p.grantee.clone(),
                object: p.object.name.clone(),
                what: format!(
                    "{} loses {} on {} {}",
                    p.grantee,
                    p.privilege,
                    p.object.kind.to_ascii_lowercase(),
                    p.object.name
                ),
            });
        }
        for (g, at) in &m.future {
            out.entry(at.line).or_default().push(Fact {
                who: g.grantee.clone(),
                object: g.container.clone(),
                what: format!(
                    "{} loses {} on future {}s in {}",
                    g.grantee,
                    g.privilege,
                    g.kind.to_ascii_lowercase(),
                    g.container
                ),
            });
        }
        for ((granted, grantee), at) in m.role_grants.iter().chain(&m.user_grants) {
            out.entry(at.line).or_default().push(Fact {
                who: granted.clone(),
                object: granted.clone(),
                what: format!("{grantee} loses role {granted}"),
            });
        }
        out
    };
    let (granted_at, revoked_at) = (by_line(&granted), by_line(&revoked));
    let tenant_of = |name: &str| -> Option<String> {
        if let Some(t) = ctx
            .own
            .role_tenant
            .get(name)
            .or_else(|| ctx.own.tenant(name))
        {
            return Some(t.clone());
        }
        // Objects the package no longer has: a removed tenant's, by name.
        removed_tenants
            .iter()
            .find(|t| name.contains(t.as_str()))
            .cloned()
    };
    let mut view = PlanView {
        name: name.to_string(),
        statements: report
            .statements
            .iter()
            .filter(|c| !is_use(&c.stmt))
            .count(),
        destructive: 0,
        groups: BTreeMap::new(),
        graphs: Vec::new(),
    };
    let mut changed: BTreeSet<String> = BTreeSet::new();
    for c in &report.statements {
        if is_use(&c.stmt) {
            continue;
        }
        let facts: Vec<&Fact> = granted_at
            .get(&c.line)
            .into_iter()
            .chain(revoked_at.get(&c.line))
            .flatten()
            .collect();
        let (tenant, obj) = match facts.first() {
            Some(f) => (
                tenant_of(&f.who).or_else(|| tenant_of(&f.object)),
                f.object.clone(),
            ),
            None => {
                let obj = statement_object(&c.stmt).unwrap_or_else(|| c.stmt.kind());
                // A removed tenant's mapping row is that tenant's change.
                (deleted_tenant(&c.stmt).or_else(|| tenant_of(&obj)), obj)
            }
        };
        let loses = if converges_mapping(&c.stmt, &ctx.own.tenants) {
            Vec::new()
        } else {
            losses(&c.stmt, revoked_at.get(&c.line), &ctx.own.mapping)
        };
        let destructive = !loses.is_empty();
        view.destructive += usize::from(destructive);
        if let Some(t) = &tenant
            && (destructive || !facts.is_empty())
        {
            changed.insert(t.clone());
        }
        view.groups
            .entry(tenant)
            .or_default()
            .entry(obj)
            .or_default()
            .push(Change {
                line: c.line,
                headline: headline(&c.text).to_string(),
                destructive,
                loses,
            });
    }
    let role_of: BTreeMap<&String, &String> =
        ctx.own.role_tenant.iter().map(|(r, t)| (t, r)).collect();
    for tenant in changed {
        let Some(role) = role_of.get(&tenant) else {
            view.graphs.push(TenantChange {
                tenant: tenant.clone(),
                role: String::new(),
                before: String::new(),
                after: String::new(),
                note: "removed: its role and objects are dropped (see what each drop loses above)"
                    .into(),
            });
            continue;
        };
        let after = index.reach(role, Some(&tenant));
        let session = index.session(role);
        let mut before = after.clone();
        adjust(index, &mut before, &granted, &session, &tenant, false);
        adjust(index, &mut before, &revoked, &session, &tenant, true);
        let (b, a) = svg::draw_change(&tenant, role, &before, &after);
        view.graphs.push(TenantChange {
            tenant: tenant.clone(),
            role: role.to_string(),
            before: b,
            after: a,
            note: String::new(),
        });
    }
    Ok(view)
}

/// Takes out of (or, `add`, puts back into) `reach` the privileges of `m` held by the session.
fn adjust(
    index: &Index,
    reach: &mut Reach,
    m: &AccessModel,
    session: &BTreeSet<String>,
    tenant: &str,
    add: bool,
) {
    let privileges = m
        .privileges
        .keys()
        .filter(|p| session.contains(&p.grantee))
        .map(|p| {
            let item = index.item_of(&p.object.kind, &p.object.name, Some(tenant));
            (item, &p.privilege)
        });
    let future = m
        .future
        .keys()
        .filter(|g| session.contains(&g.grantee))
        .map(|g| (index.future_item(g, Some(tenant)), &g.privilege));
    for (item, privilege) in privileges.chain(future) {
        if add {
            reach.entry(item).or_default().insert(privilege.clone());
        } else if let Some(set) = reach.get_mut(&item) {
            set.remove(privilege);
            if set.is_empty() {
                reach.remove(&item);
            }
        }
    }
}

/// A fact a migration statement grants or revokes: the role it is about (the grantee, or the role
/// granted), the object, and its loss in words.
struct Fact {
    who: String,
    object: String,
    what: String,
}

fn is_use(s: &Typed) -> bool {
    matches!(s, Typed::Sql(s) if matches!(s.as_ref(), Statement::Use(_)))
}

fn is_grant(s: &Typed) -> bool {
    match s {
        Typed::Sql(s) => matches!(s.as_ref(), Statement::Grant(_)),
        Typed::Snowflake(s) => {
            matches!(s.as_ref(), SnowflakeStatement::FutureGrantInDatabase(g) if !g.revoke)
        }
    }
}

/// The GRANT a REVOKE undoes.
fn undo_of(s: &Typed) -> Option<Typed> {
    match s {
        Typed::Sql(s) => match s.as_ref() {
            Statement::Revoke(r) => Some(Typed::Sql(Box::new(Statement::Grant(Grant {
                privileges: r.privileges.clone(),
                objects: r.objects.clone(),
                grantees: r.grantees.clone(),
                with_grant_option: false,
                as_grantor: None,
                granted_by: None,
                current_grants: None,
            })))),
            _ => None,
        },
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::FutureGrantInDatabase(g) if g.revoke => {
                let mut g = g.clone();
                g.revoke = false;
                Some(Typed::Snowflake(Box::new(
                    SnowflakeStatement::FutureGrantInDatabase(g),
                )))
            }
            _ => None,
        },
    }
}

/// `DELETE FROM map WHERE TENANT_ID = 'X'`: the tenant X (offboarding).
fn deleted_tenant(s: &Typed) -> Option<String> {
    let Typed::Sql(s) = s else { return None };
    let Statement::Delete(d) = s.as_ref() else {
        return None;
    };
    match d.selection.as_ref()? {
        Expr::BinaryOp { left, right, .. } => match left.as_ref() {
            Expr::Identifier(i) if i.value.eq_ignore_ascii_case("TENANT_ID") => {
                text(Some(right.as_ref()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `DELETE ... WHERE TENANT_ID NOT IN (every tenant of the package)`: the mapping table's converging
/// delete, which removes only rows of tenants the package does not have (`snowtenant plan` does not
/// count it as destructive either; a removed tenant's own `DELETE ... = 'X'` is).
fn converges_mapping(s: &Typed, tenants: &BTreeSet<String>) -> bool {
    let Typed::Sql(s) = s else { return false };
    let Statement::Delete(d) = s.as_ref() else {
        return false;
    };
    match &d.selection {
        Some(Expr::In {
            target: InTarget::List(list),
            negated: true,
            ..
        }) => list
            .iter()
            .all(|e| text(Some(e)).is_some_and(|t| tenants.contains(&t))),
        _ => false,
    }
}

/// The object a statement creates, changes or drops, when it names one.
fn statement_object(s: &Typed) -> Option<String> {
    match s {
        Typed::Sql(s) => match s.as_ref() {
            Statement::CreateRole(r) => r.names.first().map(object),
            Statement::CreateTable(t) => Some(object(&t.name)),
            Statement::CreateView(v) => Some(object(&v.name)),
            Statement::CreateDatabase { db_name, .. } => Some(object(db_name)),
            Statement::CreateUser(u) => Some(crate::audit::names::ident(&u.name)),
            Statement::AlterUser(u) => Some(crate::audit::names::ident(&u.name)),
            Statement::Drop { names, .. } => names.first().map(object),
            // A grant that expands to nothing yet (ALL VIEWS of an empty schema): its grantee.
            Statement::Grant(g) => grantee(&g.grantees),
            Statement::Revoke(r) => grantee(&r.grantees),
            Statement::Merge(m) => match &m.table {
                sqlparser::ast::TableFactor::Table { name, .. } => Some(object(name)),
                _ => None,
            },
            Statement::Delete(d) => match &d.from {
                sqlparser::ast::FromTable::WithFromKeyword(t)
                | sqlparser::ast::FromTable::WithoutKeyword(t) => match &t.first()?.relation {
                    sqlparser::ast::TableFactor::Table { name, .. } => Some(object(name)),
                    _ => None,
                },
            },
            _ => None,
        },
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::CreateResourceMonitor(m) => Some(object(&m.name)),
            SnowflakeStatement::AlterResourceMonitor(m) => Some(object(&m.name)),
            SnowflakeStatement::AlterWarehouse(w) => Some(object(&w.name)),
            SnowflakeStatement::CreateSchema(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateRowAccessPolicy(p) => Some(object(&p.name)),
            SnowflakeStatement::AlterPolicy(p) => Some(object(&p.name)),
            SnowflakeStatement::AlterPolicyAttachment(a) => Some(object(&a.name)),
            SnowflakeStatement::CreateRole(r) => Some(object(&r.name)),
            SnowflakeStatement::AlterRole(r) => Some(object(&r.name)),
            SnowflakeStatement::CreateAlert(a) => Some(object(&a.name)),
            SnowflakeStatement::AlterAlert(a) => Some(object(&a.name)),
            SnowflakeStatement::DropObject(d) => Some(object(&d.name)),
            SnowflakeStatement::CreateExternalFunction(f) => Some(object(&f.name)),
            SnowflakeStatement::CreateProcedure(p) => Some(object(&p.name)),
            _ => None,
        },
    }
}

/// The first grantee's name.
fn grantee(grantees: &[sqlparser::ast::Grantee]) -> Option<String> {
    match grantees.first()?.name.as_ref()? {
        sqlparser::ast::GranteeName::ObjectName(n) => Some(object(n)),
        _ => None,
    }
}

/// What a destructive statement loses; empty for a statement that loses nothing.
fn losses(s: &Typed, revoked: Option<&Vec<Fact>>, mapping: &Option<(String, At)>) -> Vec<String> {
    let dropped = |kind: &str, name: &str| -> String {
        match kind {
            "TABLE" => format!(
                "table {name}: every row in it, its grants and its row access policy attachment (recoverable only with UNDROP within the retention period)"
            ),
            "SCHEMA" => {
                format!("schema {name}: every table and view in it, with their rows and grants")
            }
            "ROLE" => format!(
                "role {name}: every privilege granted to it; the users and roles it was granted to lose them"
            ),
            "VIEW" => format!("view {name}: its definition and grants (no data)"),
            "WAREHOUSE" => format!(
                "warehouse {name}: compute only (no data); sessions and alerts using it fail"
            ),
            "RESOURCE MONITOR" => format!(
                "resource monitor {name}: the credit limit on the warehouses it was assigned to"
            ),
            "ROW ACCESS POLICY" => format!(
                "row access policy {name}: the tables it protected show every row to anyone with SELECT"
            ),
            other => format!("{} {name}", other.to_ascii_lowercase()),
        }
    };
    match s {
        Typed::Sql(st) => match st.as_ref() {
            Statement::Revoke(_) => match revoked {
                Some(list) if !list.is_empty() => list.iter().map(|f| f.what.clone()).collect(),
                _ => vec!["a privilege the package does not describe".into()],
            },
            Statement::Drop {
                object_type, names, ..
            } => {
                let kind = object_type.to_string().to_ascii_uppercase();
                names.iter().map(|n| dropped(&kind, &object(n))).collect()
            }
            Statement::DropFunction(d) => d
                .func_desc
                .iter()
                .map(|f| format!("function {}: the function and its grants", object(&f.name)))
                .collect(),
            Statement::DropProcedure { proc_desc, .. } => proc_desc
                .iter()
                .map(|p| {
                    format!(
                        "procedure {}: the procedure and its grants",
                        object(&p.name)
                    )
                })
                .collect(),
            Statement::Delete(_) => {
                let table = statement_object(s).unwrap_or_default();
                let mut out = vec![format!("rows of {table} matching its WHERE clause")];
                if mapping.as_ref().is_some_and(|(m, _)| *m == table) {
                    let who = deleted_tenant(s)
                        .map(|t| format!("tenant {t}'s"))
                        .unwrap_or("the deleted tenants'".into());
                    out.push(format!("{who} mapping row: its role no longer passes the row access policy or the secure views' guards"));
                }
                out
            }
            _ => Vec::new(),
        },
        Typed::Snowflake(st) => match st.as_ref() {
            SnowflakeStatement::DropObject(d) => vec![dropped(&d.object_kind, &object(&d.name))],
            SnowflakeStatement::FutureGrantInDatabase(g) if g.revoke => vec![format!(
                "{} loses {} on future {} in database {}",
                object(&g.role),
                g.privileges.join(", "),
                g.kind.to_ascii_lowercase(),
                object(&g.database)
            )],
            SnowflakeStatement::AlterPolicyAttachment(a) => match &a.action {
                AttachAction::DropRowAccessPolicy { policy, .. } => vec![format!(
                    "{}: the row access policy {} (until re-attached, SELECT shows every row)",
                    object(&a.name),
                    object(policy)
                )],
                AttachAction::DropAllRowAccessPolicies => vec![format!(
                    "{}: every row access policy (SELECT shows every row)",
                    object(&a.name)
                )],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
    }
}
