//! ISO001 / ISO002: what a tenant role can reach.
//!
//! ## What it does
//! For every tenant role, takes the roles in its session (itself and every role granted to it,
//! transitively) and every privilege and FUTURE grant those roles hold. Each object must belong
//! to the role's tenant (manifest inventory, or a tenant schema's object) or be shared (declared
//! in the inventory without a tenant).
//!
//! ## Why is this bad?
//! A grant on another tenant's schema or table, direct or inherited, lets one customer read
//! another's data, and no row access policy protects tenant schemas.
//!
//! ## Example
//! `GRANT USAGE ON SCHEMA ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES TO ROLE CLIENT_JON_DOE_TECH_ROLE;`

use crate::audit::context::Context;
use crate::audit::finding::Finding;
use crate::audit::model::Level;

const HELP_OTHER: &str = "A tenant role may hold privileges only on its own tenant's objects and on shared \
platform objects. Remove the grant (and any role grant that carries it), or move the object to the right tenant.";
const HELP_UNDECLARED: &str = "The manifest's inventory does not say whose this object is, so the audit cannot \
prove it is shared. Declare it in the spec or remove the grant.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let by_grantee = ctx.model.privileges_by_grantee();
    let future = ctx.model.future_by_grantee();
    let mut out = Vec::new();
    for (role, tenant) in ctx.tenant_roles() {
        for held in &ctx.sessions[role] {
            let via = if held == role {
                String::new()
            } else {
                format!(" (through inherited role {held})")
            };
            for (p, at) in by_grantee.get(held.as_str()).into_iter().flatten() {
                let name = &p.object.name;
                match ctx.own.tenant(name) {
                    Some(t) if t != tenant => out.push(
                        Finding::error(
                            "ISO001",
                            format!(
                                "{role} (tenant {tenant}) holds {} on {} {name}, which belongs to tenant {t}{via}",
                                p.privilege, p.object.kind
                            ),
                            HELP_OTHER,
                        )
                        .at(at),
                    ),
                    Some(_) => {}
                    None if ctx.own.declared.contains(name) || p.object.kind == "ACCOUNT" => {}
                    None => out.push(
                        Finding::warning(
                            "ISO002",
                            format!(
                                "{role} (tenant {tenant}) holds {} on {} {name}, which the manifest does not declare{via}",
                                p.privilege, p.object.kind
                            ),
                            HELP_UNDECLARED,
                        )
                        .at(at),
                    ),
                }
            }
            // Database-level rules: `future.rs`, which knows where they apply.
            let schema_level = future.get(held.as_str()).into_iter().flatten();
            for (g, at) in schema_level.filter(|(g, _)| g.level == Level::Schema) {
                if let Some(t) = ctx.own.tenant(&g.container).filter(|t| *t != tenant) {
                    out.push(
                        Finding::error(
                            "ISO001",
                            format!(
                                "{role} (tenant {tenant}) holds {} on future {}s in {}, which belongs to tenant {t}{via}",
                                g.privilege, g.kind, g.container
                            ),
                            HELP_OTHER,
                        )
                        .at(at),
                    );
                }
            }
        }
    }
    out
}
