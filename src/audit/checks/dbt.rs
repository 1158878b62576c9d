//! ISO070 / ISO071 / ISO072: dbt's role cannot copy one tenant's rows into another tenant's schema.
//!
//! ## What it does
//! With a dbt role declared by the manifest (`dbt_role`, from the spec's `platform.dbt_role`):
//! - ISO070: the role (with every role it inherits) holds no tenant role, and executing each row
//!   access policy and guarded view as it shows it no tenant's rows ([`crate::audit::execute`]).
//! - ISO071: no row access policy exempts it (or a role it inherits) by name.
//! - ISO072: it reads no tenant's table or view (SELECT, directly, through ALL or FUTURE grants)
//!   while it can create objects in a schema of another tenant or a shared schema.
//!
//! ## Why is this bad?
//! dbt creates models in every tenant's schema, and each tenant's future SELECT grant exposes
//! what lands there. A dbt role that holds tenant roles (as SYSADMIN does: every tenant role tree
//! ends there) sees every tenant's rows through the policy, so one unfiltered model copies them
//! all into one tenant's schema. Attaching the policy to a model needs APPLY on it
//! (<https://docs.snowflake.com/en/user-guide/security-row-intro>), which the dbt role gets
//! instead of a tenant role.
//!
//! ## Example
//! `GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO ROLE DBT_ROLE;`

use std::collections::BTreeMap;

use crate::audit::context::Context;
use crate::audit::finding::Finding;
use crate::audit::model::Level;

pub const HELP_DBT_SEES: &str = "dbt builds models in every tenant's schema, and each tenant's future SELECT \
grant exposes them: a dbt role that sees tenants' rows copies them across tenants with one unfiltered model. \
Give dbt its own role (spec `platform.dbt_role`) with no tenant role and no policy exemption.";
const HELP_EXEMPT: &str = "A role a row access policy exempts sees every tenant's rows; dbt's role writes into \
tenant schemas, so it must not be exempt. Remove it from `exempt_roles`.";
const HELP_READS: &str = "dbt's role can read a tenant's table or view and create objects in another tenant's \
(or a shared) schema: a model copies the rows across. Revoke the SELECT, or build that tenant's models with a \
role that writes only to its schema.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let Some(dbt) = ctx.input.dbt_role.as_deref() else {
        return Vec::new();
    };
    let m = ctx.model;
    let mut memo = BTreeMap::new();
    let roles = m.closure(dbt, &m.inherits(), &mut memo);
    let mut out = Vec::new();
    for role in &roles {
        if let Some(tenant) = ctx.own.role_tenant.get(role) {
            out.push(Finding::error(
                "ISO070",
                format!("dbt's role {dbt} holds tenant {tenant}'s role {role}"),
                HELP_DBT_SEES,
            ));
        }
    }
    for (name, policy) in &m.policies {
        let body = policy.body.to_string().to_ascii_uppercase();
        for role in &roles {
            if body.contains(&format!("'{role}'")) {
                out.push(
                    Finding::error(
                        "ISO071",
                        format!(
                            "row access policy {name} exempts {role}, which dbt's role {dbt} holds"
                        ),
                        HELP_EXEMPT,
                    )
                    .at(&policy.at),
                );
            }
        }
    }
    // Tenants whose tables or views it reads, and the tenants (None: shared) of schemas it writes.
    let mut reads: BTreeMap<&str, String> = BTreeMap::new();
    let mut writes: BTreeMap<Option<&String>, String> = BTreeMap::new();
    for p in m.privileges.keys() {
        if !roles.contains(&p.grantee) {
            continue;
        }
        let kind = p.object.kind.as_str();
        if p.privilege == "SELECT" && (kind == "TABLE" || kind == "VIEW") {
            let owned_by_dbt = m
                .owners
                .get(&p.object)
                .is_some_and(|(o, _)| roles.contains(o));
            if let Some(t) = ctx.own.tenant(&p.object.name)
                && !owned_by_dbt
            {
                reads.insert(t, p.object.name.clone());
            }
        }
        if kind == "SCHEMA" && p.privilege.starts_with("CREATE ") {
            writes.insert(ctx.own.tenant(&p.object.name), p.object.name.clone());
        }
    }
    for rule in m.future.keys() {
        if roles.contains(&rule.grantee)
            && rule.privilege == "SELECT"
            && rule.level == Level::Schema
            && let Some(t) = ctx.own.tenant(&rule.container)
        {
            reads.insert(t, format!("future {}s in {}", rule.kind, rule.container));
        }
    }
    for (tenant, what) in &reads {
        if let Some((_, schema)) = writes
            .iter()
            .find(|(w, _)| w.map(String::as_str) != Some(*tenant))
        {
            out.push(Finding::error(
                "ISO072",
                format!("dbt's role {dbt} reads tenant {tenant}'s {what} and can create objects in {schema}"),
                HELP_READS,
            ));
        }
    }
    out
}
