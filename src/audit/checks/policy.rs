//! ISO010 / ISO011 / ISO012: row-level protection of shared tables and views.
//!
//! ## What it does
//! Every shared (tenant-less) table or view that a tenant role can read (SELECT or ALL, direct,
//! inherited or through a FUTURE grant on its schema) must be protected: a table by exactly one
//! row access policy attached on one of its columns whose body consults the tenant mapping
//! table through `IS_ROLE_IN_SESSION`; a view by a policy, or by being a secure view whose every
//! branch is guarded by `IS_ROLE_IN_SESSION`. No table carries two policies (Snowflake allows
//! one per table or view, `reference/snowflake-sql.md` §3).
//!
//! ## Why is this bad?
//! A shared table holds every tenant's rows: without a policy keyed on the tenant column, any
//! tenant reads all of them. A `CURRENT_ROLE() = 'X'` body ignores inherited roles and lets an
//! exact role string through regardless of the mapping.
//!
//! ## Example
//! `CREATE TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS (TENANT_ID VARCHAR, ...);` with no
//! `WITH ROW ACCESS POLICY`, then `GRANT SELECT ON TABLE ... TO ROLE CLIENT_JON_DOE_TECH_ROLE`.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::context::Context;
use crate::audit::finding::{At, Finding};
use crate::audit::walk::{branches, session_roles, uses_current_role};

const HELP_MISSING: &str = "Shared tables hold every tenant's rows. Attach the tenant isolation policy \
(`WITH ROW ACCESS POLICY ... ON (<tenant column>)` or `ALTER TABLE ... ADD ROW ACCESS POLICY`), or stop granting \
the table to tenant roles.";
const HELP_TWO: &str = "Snowflake allows one row access policy per table or view; the second attachment fails \
on deployment. Combine the conditions in one policy.";
const HELP_KEY: &str = "The policy must decide from the tenant column and the mapping table \
(`EXISTS (SELECT 1 FROM <map> WHERE MAP.TENANT_ID = <arg> AND IS_ROLE_IN_SESSION(MAP.ROLE_NAME))`), not from \
role-name strings or CURRENT_ROLE(), which ignores inherited roles.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let m = &ctx.model;
    // Shared relations a tenant can read, with the grant that lets it.
    let mut readable: BTreeMap<String, At> = BTreeMap::new();
    let reading = |p: &str| p == "SELECT" || p == "ALL";
    let mut future_shared: BTreeMap<(String, String), At> = BTreeMap::new();
    // Every role some tenant role has in session (linear: one pass over privileges after this).
    let in_tenant_session: BTreeSet<&String> = ctx.sessions.values().flatten().collect();
    for (p, at) in &m.privileges {
        if in_tenant_session.contains(&p.grantee)
            && reading(&p.privilege)
            && (p.object.kind == "TABLE" || p.object.kind == "VIEW")
            && ctx.own.tenant(&p.object.name).is_none()
        {
            readable
                .entry(p.object.name.clone())
                .or_insert_with(|| at.clone());
        }
    }
    for (g, at) in &m.future {
        // Database-level rules: `future.rs`, which knows where they apply.
        if in_tenant_session.contains(&g.grantee)
            && g.level == crate::audit::model::Level::Schema
            && reading(&g.privilege)
            && g.kind != "SCHEMA"
            && ctx.own.tenant(&g.container).is_none()
        {
            future_shared
                .entry((g.container.clone(), g.kind.clone()))
                .or_insert_with(|| at.clone());
        }
    }
    for (name, at) in &readable {
        let attached = m.attachments.get(name).map(|a| a.len()).unwrap_or(0);
        let relation = m.relations.get(name);
        let guarded_view = relation.is_some_and(|r| {
            r.secure
                && r.query.as_ref().is_some_and(|q| {
                    let bs = branches(q);
                    !bs.is_empty()
                        && bs.iter().all(|b| {
                            b.selection.as_ref().is_some_and(|w| {
                                let (lit, dynamic) = session_roles(w);
                                dynamic || !lit.is_empty()
                            })
                        })
                })
        });
        if attached == 0 && !guarded_view {
            let what = relation.map(|r| r.kind.as_str()).unwrap_or("TABLE");
            let mut f = Finding::error(
                "ISO010",
                format!("shared {what} {name} is readable by tenant roles but has no row access policy or session guard"),
                HELP_MISSING,
            )
            .at(at);
            if let Some(r) = relation {
                f = f.at(&r.at);
            }
            out.push(f);
        }
    }
    for ((container, kind), at) in &future_shared {
        out.push(
            Finding::error(
                "ISO010",
                format!("tenant roles can read every future {kind} in shared schema {container}, which no row access policy protects when created"),
                HELP_MISSING,
            )
            .at(at),
        );
    }
    let mapping = ctx.own.mapping.as_ref().map(|(n, _)| n.as_str());
    for (relation, policies) in &m.attachments {
        if policies.len() > 1 {
            let names: Vec<&str> = policies.keys().map(String::as_str).collect();
            let mut f = Finding::error(
                "ISO011",
                format!(
                    "{relation} carries {} row access policies: {}",
                    policies.len(),
                    names.join(", ")
                ),
                HELP_TWO,
            );
            for (_, at) in policies.values() {
                f = f.at(at);
            }
            out.push(f);
        }
        for (policy, (cols, at)) in policies {
            let columns = m.relations.get(relation).map(|r| &r.columns);
            if let Some(missing) = cols
                .iter()
                .find(|c| columns.is_some_and(|cs| !cs.contains(c)))
            {
                out.push(
                    Finding::error(
                        "ISO012",
                        format!("{policy} is attached to {relation} on column {missing}, which the table does not have"),
                        HELP_KEY,
                    )
                    .at(at),
                );
            }
            let Some(p) = m.policies.get(policy) else {
                out.push(
                    Finding::error(
                        "ISO012",
                        format!(
                            "{relation} is attached to {policy}, which the package never creates"
                        ),
                        HELP_KEY,
                    )
                    .at(at),
                );
                continue;
            };
            let body = p.body.to_string().to_ascii_uppercase();
            let (_, dynamic) = session_roles(&p.body);
            let keyed = dynamic && mapping.is_some_and(|map| body.contains(map));
            if !keyed || uses_current_role(&p.body) {
                out.push(
                    Finding::error(
                        "ISO012",
                        format!("{policy} (on {relation}) does not decide by the tenant mapping table and IS_ROLE_IN_SESSION alone"),
                        HELP_KEY,
                    )
                    .at(&p.at)
                    .at(at),
                );
            }
        }
    }
    out
}
