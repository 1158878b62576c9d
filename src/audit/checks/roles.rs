//! ISO003 / ISO020 / ISO021 / ISO022 / ISO023: the role tree and the tenant mapping.
//!
//! ## What it does
//! ISO003: every mapping row (tenant -> role) agrees with the manifest's inventory.
//! No tenant role is granted to another tenant's role; no tenant role and no tenant-owned object
//! is granted to PUBLIC; every tenant role is granted, directly or through other roles, to
//! SYSADMIN. ISO023: no tenant's user is granted another tenant's role.
//!
//! ## Why is this bad?
//! A role granted to another tenant's role hands that tenant everything the role holds. PUBLIC
//! is every user of the account. A custom role tree that does not end at SYSADMIN leaves
//! objects that "not even the ACCOUNTADMIN role can modify or drop" (`reference/snowflake-sql.md` §10).
//!
//! ## Example
//! `GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO ROLE CLIENT_JON_DOE_TECH_ROLE;`

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::context::Context;
use crate::audit::finding::Finding;

const HELP_CROSS: &str = "A role granted to another tenant's role gives that tenant all of its privileges. \
Grant tenant roles only to SYSADMIN (or a platform role) and to the tenant's own users.";
const HELP_PUBLIC: &str = "PUBLIC is granted to every user and role in the account; tenant data granted to it is \
readable by everyone. Grant to the tenant's role instead.";
const HELP_MAP: &str = "Row access policies read the mapping table: a row that maps one tenant to another \
tenant's role shows that role the first tenant's rows. Fix the mapping row.";
const HELP_USER: &str = "A tenant's user (e.g. its Sigma service user) holding another tenant's role can switch \
to it and read that tenant's data. Grant users only their own tenant's role.";
const HELP_SYSADMIN: &str = "Snowflake's guidance: grant the top of every custom role tree to SYSADMIN, or objects \
the role owns become unmanageable by administrators. Add `GRANT ROLE <role> TO ROLE SYSADMIN`.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let m = &ctx.model;
    let rt = &ctx.own.role_tenant;
    for ((granted, grantee), at) in &m.role_grants {
        if let (Some(a), Some(b)) = (rt.get(granted), rt.get(grantee))
            && a != b
        {
            out.push(
                Finding::error(
                    "ISO020",
                    format!("{granted} (tenant {a}) is granted to {grantee} (tenant {b})"),
                    HELP_CROSS,
                )
                .at(at),
            );
        }
        if grantee == "PUBLIC"
            && let Some(t) = ctx.own.tenant(granted)
        {
            out.push(
                Finding::error(
                    "ISO021",
                    format!("tenant role {granted} (tenant {t}) is granted to PUBLIC"),
                    HELP_PUBLIC,
                )
                .at(at),
            );
        }
    }
    for ((granted, user), at) in &m.user_grants {
        if let (Some(a), Some(b)) = (rt.get(granted), ctx.own.tenant_of.get(user))
            && a != b
        {
            out.push(
                Finding::error(
                    "ISO023",
                    format!("{granted} (tenant {a}) is granted to user {user} (tenant {b})"),
                    HELP_USER,
                )
                .at(at),
            );
        }
    }
    for (p, at) in &m.privileges {
        if p.grantee == "PUBLIC"
            && let Some(t) = ctx.own.tenant(&p.object.name)
        {
            out.push(
                Finding::error(
                    "ISO021",
                    format!(
                        "{} on {} {} (tenant {t}) is granted to PUBLIC",
                        p.privilege, p.object.kind, p.object.name
                    ),
                    HELP_PUBLIC,
                )
                .at(at),
            );
        }
    }
    for (g, at) in &m.future {
        if g.grantee == "PUBLIC"
            && let Some(t) = ctx.own.tenant(&g.container)
        {
            out.push(
                Finding::error(
                    "ISO021",
                    format!(
                        "{} on future {}s in {} (tenant {t}) is granted to PUBLIC",
                        g.privilege, g.kind, g.container
                    ),
                    HELP_PUBLIC,
                )
                .at(at),
            );
        }
    }
    if let Some((map, at)) = &ctx.own.mapping {
        for (role, declared, mapped) in &ctx.own.conflicts {
            out.push(
                Finding::error(
                    "ISO003",
                    format!("{map} maps tenant {mapped} to {role}, which the manifest gives to tenant {declared}"),
                    HELP_MAP,
                )
                .at(at),
            );
        }
    }
    let parents = m.parents();
    let mut memo: BTreeMap<&str, bool> = BTreeMap::new();
    for role in rt.keys() {
        if !reaches_sysadmin(role, &parents, &mut memo, &mut BTreeSet::new()) {
            let mut f = Finding::error(
                "ISO022",
                format!(
                    "tenant role {role} is not granted to SYSADMIN, directly or through other roles"
                ),
                HELP_SYSADMIN,
            );
            if let Some(at) = m.roles.get(role) {
                f = f.at(at);
            }
            out.push(f);
        }
    }
    out
}

/// Memoized walk up the grant tree (cycles count as not reaching).
fn reaches_sysadmin<'a>(
    role: &'a str,
    parents: &BTreeMap<&'a str, Vec<&'a str>>,
    memo: &mut BTreeMap<&'a str, bool>,
    path: &mut BTreeSet<&'a str>,
) -> bool {
    if role == "SYSADMIN" {
        return true;
    }
    if let Some(done) = memo.get(role) {
        return *done;
    }
    if !path.insert(role) {
        return false;
    }
    let result = parents
        .get(role)
        .into_iter()
        .flatten()
        .any(|p| reaches_sysadmin(p, parents, memo, path));
    path.remove(role);
    memo.insert(role, result);
    result
}
