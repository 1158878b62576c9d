//! ISO024 / ISO051 / ISO052 / ISO053: users that hold tenant roles, and Sigma's connection user.
//!
//! ## What it does
//! A user "holds" every role granted to it and every role those inherit (it can `USE ROLE` any
//! of them). ISO024: no user holds two or more tenant roles, except the user Sigma's connection
//! signs in as, which the manifest declares (`sigma.connection_user`, from the spec; never
//! guessed from a name). That user (`sigma/snowflake.sql`) must hold tenant roles only: ISO051
//! flags any other role it holds (an administrator role, a role that owns tenant objects, any
//! non-tenant role) and a tenant role that owns tenant objects. ISO052: its DEFAULT_ROLE is not a
//! tenant role. ISO053: its DEFAULT_SECONDARY_ROLES is `()`. ISO054: a session policy with
//! `ALLOWED_SECONDARY_ROLES = ()` is attached, so `USE SECONDARY ROLES ALL` is refused (its network
//! policy is modelled too and named in the isolation proof; the build warns, SPEC079, without one).
//!
//! ## Why is this bad?
//! A principal holding several tenant roles can read several tenants' data; only the Sigma
//! connection needs to, and it switches to one tenant role per session by user attribute. An
//! administrator role or an owner role on that user turns every embedded dashboard session into
//! one that can read, grant or drop every tenant's objects. A tenant DEFAULT_ROLE puts a session
//! that never switches roles into that tenant's data. DEFAULT_SECONDARY_ROLES unset means `('ALL')`
//! since bundle 2024_08 (<https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1692>):
//! every granted role is active as a secondary role, so `IS_ROLE_IN_SESSION` is true for every
//! tenant role whatever role Sigma switched to, and row access policies show every tenant's rows.
//!
//! ## Example
//! `GRANT ROLE SYSADMIN TO USER SIGMA_SERVICE_USER;`

use std::collections::BTreeMap;

use crate::audit::context::Context;
use crate::audit::finding::{At, Finding};

/// Snowflake's system administrator roles.
pub const ADMIN_ROLES: &[&str] = &[
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
    "ORGADMIN",
];

const HELP_MANY: &str = "A user holding several tenant roles can switch between tenants' data. Only Sigma's \
connection user (declared by the spec's `embed.sigma.service_user`) may; grant other users their own tenant's \
role only.";
const HELP_SIGMA_ROLE: &str = "Every embedded dashboard runs as Sigma's connection user: it must hold the tenant \
roles and nothing else (no administrator role, no role that owns tenant objects). Revoke the role from the user.";
const HELP_DEFAULT: &str = "A session that never switches roles runs as the DEFAULT_ROLE: a tenant role there \
shows that tenant's data to any Sigma user without the role attribute. Use DEFAULT_ROLE = PUBLIC.";
const HELP_SESSION_POLICY: &str = "DEFAULT_SECONDARY_ROLES = () only sets the default: a session can still run \
USE SECONDARY ROLES ALL and hold every tenant role at once. Attach a session policy with ALLOWED_SECONDARY_ROLES = () \
(ALTER USER ... SET SESSION POLICY ... FORCE); snowtenant emits one in sigma/snowflake.sql.";
const HELP_SECONDARY: &str = "With secondary roles ALL (the default when DEFAULT_SECONDARY_ROLES is unset), every \
tenant role granted to the user is active in each session, so IS_ROLE_IN_SESSION admits every tenant's rows \
whatever role Sigma switches to. Set DEFAULT_SECONDARY_ROLES = () in CREATE USER and ALTER USER.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let sigma = ctx.input.sigma_user.as_deref();
    for user in ctx.held.keys() {
        let tenant_roles = ctx.tenant_roles_of(user);
        if tenant_roles.len() >= 2 && Some(user.as_str()) != sigma {
            out.push(many_tenant_roles(ctx, user, &tenant_roles));
        }
    }
    if let Some(user) = sigma {
        out.extend(sigma_roles(ctx, user));
        out.extend(sigma_defaults(ctx, user));
    }
    out
}

fn many_tenant_roles(ctx: &Context, user: &str, roles: &[&String]) -> Finding {
    let shown: Vec<String> = roles
        .iter()
        .take(3)
        .map(|r| format!("{r} (tenant {})", ctx.own.role_tenant[*r]))
        .collect();
    let more = if roles.len() > 3 {
        format!(" and {} more", roles.len() - 3)
    } else {
        String::new()
    };
    let mut f = Finding::error(
        "ISO024",
        format!(
            "user {user} holds {} tenant roles: {}{more}; only Sigma's connection user may",
            roles.len(),
            shown.join(", ")
        ),
        HELP_MANY,
    );
    // The grants to the user, in file order (at most three locations).
    let mut grants: Vec<&At> = grants_to(ctx, user).into_iter().map(|(_, at)| at).collect();
    grants.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    f.at.extend(grants.into_iter().take(3).cloned());
    f
}

/// `(role, where)` of each role granted directly to `user`.
fn grants_to<'a>(ctx: &'a Context, user: &str) -> Vec<(&'a String, &'a At)> {
    ctx.model
        .user_grants
        .iter()
        .filter(|((_, u), _)| u == user)
        .map(|((r, _), at)| (r, at))
        .collect()
}

/// ISO051: every role the Sigma user holds is a tenant role that owns no tenant object.
fn sigma_roles(ctx: &Context, user: &str) -> Vec<Finding> {
    let owned = tenant_objects_by_owner(ctx);
    let inherits = ctx.model.inherits();
    let mut memo = BTreeMap::new();
    let mut out = Vec::new();
    for (granted, at) in grants_to(ctx, user) {
        for role in ctx.model.closure(granted, &inherits, &mut memo) {
            let tenant = ctx.own.role_tenant.get(&role);
            let why = if ADMIN_ROLES.contains(&role.as_str()) {
                "an administrator role".to_string()
            } else if let Some(object) = owned.get(role.as_str()) {
                format!("a role that owns tenant object {object}")
            } else if tenant.is_none() && role != "PUBLIC" {
                "not a tenant role".to_string()
            } else {
                continue;
            };
            let through = if role == *granted {
                String::new()
            } else {
                format!(" (through {granted})")
            };
            out.push(
                Finding::error(
                    "ISO051",
                    format!("Sigma's connection user {user} holds {role}{through}, {why}"),
                    HELP_SIGMA_ROLE,
                )
                .at(at),
            );
        }
    }
    out
}

/// Role to one tenant object it owns (the first by name), from the ownership facts.
fn tenant_objects_by_owner<'a>(ctx: &'a Context) -> BTreeMap<&'a str, &'a str> {
    let mut out = BTreeMap::new();
    for (object, (owner, _)) in &ctx.model.owners {
        if ctx.own.tenant(&object.name).is_some() {
            out.entry(owner.as_str()).or_insert(object.name.as_str());
        }
    }
    out
}

/// ISO052 / ISO053: where a Sigma session lands before (and besides) its role switch.
fn sigma_defaults(ctx: &Context, user: &str) -> Vec<Finding> {
    let Some(u) = ctx.model.users.get(user) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(role) = &u.default_role
        && let Some(tenant) = ctx.own.role_tenant.get(role)
    {
        out.push(
            Finding::error(
                "ISO052",
                format!(
                    "Sigma's connection user {user} has DEFAULT_ROLE {role}, tenant {tenant}'s role"
                ),
                HELP_DEFAULT,
            )
            .at(&u.at),
        );
    }
    if u.all_secondary_roles() && !ctx.tenant_roles_of(user).is_empty() {
        let how = match u.secondary_roles {
            Some(_) => "DEFAULT_SECONDARY_ROLES = ('ALL')",
            None => "DEFAULT_SECONDARY_ROLES unset, so ('ALL')",
        };
        out.push(
            Finding::error(
                "ISO053",
                format!(
                    "Sigma's connection user {user} has {how}: its {} tenant role(s) are active in every session",
                    ctx.tenant_roles_of(user).len()
                ),
                HELP_SECONDARY,
            )
            .at(&u.at),
        );
    }
    if u.may_use_secondary_roles(ctx.model) && ctx.tenant_roles_of(user).len() >= 2 {
        out.push(
            Finding::error(
                "ISO054",
                format!(
                    "Sigma's connection user {user} can run USE SECONDARY ROLES ALL: no session policy with ALLOWED_SECONDARY_ROLES = () is attached, so one session can hold its {} tenant roles at once",
                    ctx.tenant_roles_of(user).len()
                ),
                HELP_SESSION_POLICY,
            )
            .at(&u.at),
        );
    }
    out
}
