//! ISO004 (and ISO001 / ISO010 through database-level FUTURE grants).
//!
//! ## What it does
//! For every database-level FUTURE grant (`GRANT ... ON FUTURE TABLES IN DATABASE db TO ROLE r`),
//! finds the schemas of `db` where it applies: those without a schema-level future grant for the
//! same object type, because "the schema-level grants take precedence over the database level
//! grants, and the database level grants are ignored" (`reference/snowflake-sql.md` §10
//! [sql/grant-privilege]).
//! - ISO004 (warning): the grant is ignored in some schemas (it does not do what it says there).
//! - ISO001: where it applies and `r` is (or is inherited by) a tenant role, another tenant's
//!   schema gets its future objects granted to that tenant.
//! - ISO010: ... or a shared schema's future objects reach the tenant with no row access policy.
//!
//! ## Why is this bad?
//! A database-level rule looks like it covers the whole database: it silently stops applying in
//! schemas that have their own rules, and where it does apply it reaches every schema, tenant
//! schemas of other tenants included.
//!
//! ## Example
//! `GRANT SELECT ON FUTURE TABLES IN DATABASE ANALYTICS_PLATFORM TO ROLE CLIENT_JON_DOE_TECH_ROLE;`

use std::collections::BTreeSet;

use crate::audit::context::Context;
use crate::audit::finding::Finding;
use crate::audit::model::Level;

const HELP_SHADOWED: &str = "Snowflake ignores a database-level future grant in every schema that has a \
schema-level future grant for the same object type. Grant at schema level where it must apply.";
const HELP_REACH: &str = "A database-level future grant to a tenant role reaches every schema of the database \
without its own future grants, other tenants' and shared ones included. Grant at schema level, on the tenant's \
own schema.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let m = &ctx.model;
    let mut out = Vec::new();
    for (g, at) in m.future.iter().filter(|(g, _)| g.level == Level::Database) {
        let prefix = format!("{}.", g.container);
        let schemas: Vec<&String> = m
            .schemas
            .range(prefix.clone()..)
            .take_while(|(s, _)| s.starts_with(&prefix))
            .map(|(s, _)| s)
            .collect();
        let (shadowed, applies): (Vec<&String>, Vec<&String>) =
            schemas.into_iter().partition(|s| {
                m.future_rules_for(&g.kind, s)
                    .iter()
                    .any(|(r, _)| r.level == Level::Schema)
            });
        if !shadowed.is_empty() {
            let first: Vec<&str> = shadowed.iter().take(3).map(|s| s.as_str()).collect();
            out.push(
                Finding::warning(
                    "ISO004",
                    format!(
                        "database-level future grant of {} on {}s in {} to {} is ignored in {} schema(s) with their own future {} grants ({}{})",
                        g.privilege,
                        g.kind,
                        g.container,
                        g.grantee,
                        shadowed.len(),
                        g.kind,
                        first.join(", "),
                        if shadowed.len() > 3 { ", ..." } else { "" }
                    ),
                    HELP_SHADOWED,
                )
                .at(at),
            );
        }
        let tenants: BTreeSet<&String> = ctx
            .tenant_roles()
            .filter(|(r, _)| ctx.sessions[*r].contains(&g.grantee))
            .map(|(_, t)| t)
            .collect();
        for tenant in tenants {
            for schema in &applies {
                let finding = match ctx.own.tenant(schema) {
                    Some(t) if t != tenant => Finding::error(
                        "ISO001",
                        format!(
                            "tenant {tenant} gets {} on future {}s in {schema} (tenant {t}) through a database-level future grant to {}",
                            g.privilege, g.kind, g.grantee
                        ),
                        HELP_REACH,
                    ),
                    None if g.privilege == "SELECT" || g.privilege == "ALL" => Finding::error(
                        "ISO010",
                        format!(
                            "tenant {tenant} can read every future {} in shared schema {schema} through a database-level future grant to {}, which no row access policy protects when created",
                            g.kind, g.grantee
                        ),
                        HELP_REACH,
                    ),
                    _ => continue,
                };
                out.push(finding.at(at));
            }
        }
    }
    out
}
