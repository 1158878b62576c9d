//! ISO030: every branch of a cross-tenant view is guarded for exactly its tenant's role.
//!
//! ## What it does
//! For every view, each UNION branch that reads a tenant-owned table (a table in a tenant
//! schema) must be filtered by `IS_ROLE_IN_SESSION('<that tenant's role>')` and by no other
//! tenant's role.
//!
//! ## Why is this bad?
//! The view unions every tenant's schema; a branch guarded by the wrong role shows one tenant
//! another's rows, and an unguarded branch shows them to everyone who can read the view.
//!
//! ## Example
//! `SELECT ... FROM ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.DASHBOARD_METRICS WHERE
//! IS_ROLE_IN_SESSION('CLIENT_JON_DOE_TECH_ROLE')`

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::context::Context;
use crate::audit::finding::Finding;
use crate::audit::walk::{branches, session_roles, source};

const HELP: &str = "Each branch must show its rows only to the tenant whose schema it reads: guard it with \
`WHERE IS_ROLE_IN_SESSION('<that tenant's role>')` and nothing else.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut roles_of: BTreeMap<&String, BTreeSet<&String>> = BTreeMap::new();
    for (role, tenant) in &ctx.own.role_tenant {
        roles_of.entry(tenant).or_default().insert(role);
    }
    for (view, r) in &ctx.model.relations {
        let Some(q) = &r.query else { continue };
        for (i, b) in branches(q).iter().enumerate() {
            let Some(src) = source(b) else { continue };
            let Some(tenant) = ctx.own.tenant(&src) else {
                continue;
            };
            let expected: BTreeSet<&String> = roles_of.get(tenant).cloned().unwrap_or_default();
            let (literals, dynamic) = b.selection.as_ref().map(session_roles).unwrap_or_default();
            let got: BTreeSet<&String> = literals.iter().collect();
            let wrong: Vec<&&String> = got.difference(&expected).collect();
            let problem = if got.is_empty() && !dynamic {
                Some("is not guarded by IS_ROLE_IN_SESSION".to_string())
            } else if !wrong.is_empty() {
                let names: Vec<&str> = wrong.iter().map(|s| s.as_str()).collect();
                Some(format!(
                    "is guarded by {} instead of its tenant's role",
                    names.join(", ")
                ))
            } else if dynamic {
                Some("is guarded by a computed role name, not its tenant's role".to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    Finding::error(
                        "ISO030",
                        format!(
                            "{view}: branch {} reads {src} (tenant {tenant}) and {problem}",
                            i + 1
                        ),
                        HELP,
                    )
                    .at(&r.at),
                );
            }
        }
    }
    out
}
