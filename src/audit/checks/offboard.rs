//! ISO080 / ISO081: an offboarding script's step 1 really cuts the tenant off.
//!
//! ## What it does
//! For each `offboard/<TENANT>.sql`, its step 1 (the part before the DESTRUCTIVE marker) is applied
//! to the users the deployed package grants the tenant's role to (the step files and
//! `sigma/snowflake.sql`). ISO080: after it, no user still holds the tenant's role (Sigma's
//! connection user included). ISO081: every DML statement of step 1 (DELETE, MERGE, INSERT) runs
//! after a `USE WAREHOUSE`.
//!
//! ## Why is this bad?
//! Step 1 is what an operator runs the day a customer leaves, holding the destructive part back.
//! A role still granted to Sigma's connection user keeps the tenant's dashboards (and data)
//! reachable through every embed session that switches to it. DML without a warehouse in the
//! session fails ("No active warehouse selected") unless the user happens to have a default one,
//! leaving the script half run.
//!
//! ## Example
//! An offboarding script whose step 1 revokes the role from the tenant's service user but not
//! from `SIGMA_SERVICE_USER`.

use std::collections::BTreeMap;

use sqlparser::ast::{Statement, Use};

use crate::audit::context::Context;
use crate::audit::finding::{At, Finding};
use crate::audit::model::AccessModel;
use crate::sqlcheck::Typed;

const HELP_STILL_HELD: &str = "Offboarding step 1 must revoke the tenant's role from every user holding it, \
Sigma's connection user included (sigma/snowflake.sql grants it every tenant role): otherwise embedded \
dashboards keep switching to it. Add `REVOKE ROLE <role> FROM USER <user>` to step 1.";
const HELP_WAREHOUSE: &str = "DML needs a running warehouse in the session; without `USE WAREHOUSE` the \
statement fails unless the user has a default warehouse. Add `USE WAREHOUSE <admin warehouse>` before it.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // Role to the users the deployed package grants it to.
    let mut holders: BTreeMap<&str, Vec<(&String, &At)>> = BTreeMap::new();
    for ((role, user), at) in &ctx.model.user_grants {
        holders.entry(role.as_str()).or_default().push((user, at));
    }
    let role_of: BTreeMap<&str, &str> = ctx
        .own
        .role_tenant
        .iter()
        .map(|(role, tenant)| (tenant.as_str(), role.as_str()))
        .collect();
    for (path, step1) in &ctx.input.offboarding {
        let tenant = path
            .strip_prefix("offboard/")
            .and_then(|f| f.strip_suffix(".sql"))
            .unwrap_or(path);
        let Some(role) = role_of.get(tenant) else {
            continue;
        };
        let mut overlay = AccessModel::default();
        for (user, at) in holders.get(role).into_iter().flatten() {
            overlay
                .user_grants
                .insert((role.to_string(), (*user).clone()), (*at).clone());
        }
        let mut current_role = String::new();
        let mut warehouse = false;
        let mut missing_warehouse = Vec::new();
        let _ = crate::sqlcheck::visit_script_named(path, step1, |c| {
            if let Typed::Sql(s) = &c.stmt {
                match s.as_ref() {
                    Statement::Use(Use::Warehouse(_)) => warehouse = true,
                    Statement::Delete(_) | Statement::Merge(_) | Statement::Insert(_)
                        if !warehouse =>
                    {
                        missing_warehouse.push(c.line)
                    }
                    _ => {}
                }
            }
            overlay.apply(path, &c, &mut current_role);
        });
        for ((_, user), granted_at) in &overlay.user_grants {
            out.push(
                Finding::error(
                    "ISO080",
                    format!(
                        "after step 1 of {path}, user {user} still holds tenant {tenant}'s role {role}"
                    ),
                    HELP_STILL_HELD,
                )
                .at(granted_at)
                .at(&At {
                    file: path.clone(),
                    line: 0,
                }),
            );
        }
        for line in missing_warehouse {
            out.push(
                Finding::error(
                    "ISO081",
                    format!("step 1 of {path} runs DML with no warehouse set"),
                    HELP_WAREHOUSE,
                )
                .at(&At {
                    file: path.clone(),
                    line,
                }),
            );
        }
    }
    out
}
