//! ISO055 / ISO056: Sigma's users under External OAuth, and the integration that maps them.
//!
//! ## What it does
//! Under External OAuth, Snowflake opens a session for a token as the user whose `LOGIN_NAME` (or
//! `EMAIL`) equals the token's user-mapping claim, with the role its `session:role:<ROLE>` scope
//! names, if that role is granted to the user and allowed by the integration
//! (<https://docs.snowflake.com/en/user-guide/oauth-ext-overview>, "Scopes"). The manifest declares
//! each tenant's OAuth users (`sigma.oauth_users`, user -> tenant). ISO055: each exists and holds its
//! tenant's role and nothing else (no other tenant's role, no administrator or other non-tenant
//! role besides PUBLIC), and its DEFAULT_ROLE is not another tenant's role. ISO056: every External
//! OAuth integration the package creates has an `EXTERNAL_OAUTH_ALLOWED_ROLES_LIST` of tenant roles
//! only and `EXTERNAL_OAUTH_ANY_ROLE_MODE` disabled
//! (<https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external>).
//! The execution proof then runs each OAuth user's sessions ([`crate::audit::execute`]).
//!
//! ## Why is this bad?
//! A token is minted by the identity provider for whatever scope its policy grants: a user holding
//! two tenants' roles can open either tenant's data with a token naming the other role, and with
//! secondary roles both at once. Without an allowed list, a token may name any role its user holds
//! (SYSADMIN included); with ANY ROLE mode, a token needs no role scope at all.
//!
//! ## Example
//! `GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER ACME_INDUSTRIES_OAUTH_ANA_ACME_EXAMPLE;`

use std::collections::BTreeMap;

use crate::audit::context::Context;
use crate::audit::finding::{At, Finding};
use crate::audit::names::object;
use crate::sqlcheck::ast::{IntegrationAction, IntegrationKind, PropValue};
use crate::sqlcheck::{Checked, SnowflakeStatement, Typed};

const HELP_USER: &str = "An OAuth user is one tenant's Sigma user: grant it exactly that tenant's role \
(sigma/snowflake.sql does), revoke any other, and give its token only the scope session:role:<that role>.";
const HELP_INTEGRATION: &str = "Set EXTERNAL_OAUTH_ALLOWED_ROLES_LIST to the tenant roles only and \
EXTERNAL_OAUTH_ANY_ROLE_MODE = 'DISABLE' (ALTER SECURITY INTEGRATION ... SET), so a Sigma token can open \
nothing but a tenant role its user holds.";

/// An External OAuth integration's properties as the audited statements leave them.
#[derive(Debug, Clone, Default)]
pub struct OauthIntegration {
    /// Upper-case property name to value.
    pub props: BTreeMap<String, PropValue>,
    pub at: At,
}

/// Folds one statement into the integrations' settings (CREATE ... IF NOT EXISTS keeps an existing
/// one; ALTER ... SET and UNSET change the integrations seen so far).
pub fn observe(out: &mut BTreeMap<String, OauthIntegration>, file: &str, c: &Checked) {
    let Typed::Snowflake(s) = &c.stmt else {
        return;
    };
    let at = At {
        file: file.to_string(),
        line: c.line,
    };
    match s.as_ref() {
        SnowflakeStatement::CreateIntegration(ci) if ci.kind == IntegrationKind::Security => {
            let name = object(&ci.name);
            let external = matches!(ci.prop("TYPE"), Some(PropValue::Name(n)) if n.to_string().eq_ignore_ascii_case("EXTERNAL_OAUTH"));
            if !external || (ci.if_not_exists && !ci.or_replace && out.contains_key(&name)) {
                return;
            }
            let props = ci
                .props
                .iter()
                .map(|p| (p.name.value.to_ascii_uppercase(), p.value.clone()))
                .collect();
            out.insert(name, OauthIntegration { props, at });
        }
        SnowflakeStatement::AlterIntegration(a) => {
            let Some(i) = out.get_mut(&object(&a.name)) else {
                return;
            };
            match &a.action {
                IntegrationAction::Set(props) => {
                    for p in props {
                        i.props
                            .insert(p.name.value.to_ascii_uppercase(), p.value.clone());
                    }
                }
                IntegrationAction::Unset(names) => {
                    for n in names {
                        i.props.remove(&n.value.to_ascii_uppercase());
                    }
                }
            }
            i.at = at;
        }
        _ => {}
    }
}

/// A property's text: a string's value or a name, upper-cased.
fn word(v: &PropValue) -> String {
    match v {
        PropValue::String(s) => s.to_ascii_uppercase(),
        PropValue::Name(n) => object(n),
        other => other.to_string().to_ascii_uppercase(),
    }
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, i) in &ctx.input.oauth_integrations {
        out.extend(integration(ctx, name, i));
    }
    for (user, tenant) in &ctx.input.oauth_users {
        out.extend(oauth_user(ctx, user, tenant));
    }
    out
}

/// ISO056: the integration allows tenant roles only, and no role outside its token.
fn integration(ctx: &Context, name: &str, i: &OauthIntegration) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(mode) = i.props.get("EXTERNAL_OAUTH_ANY_ROLE_MODE").map(word)
        && mode != "DISABLE"
    {
        out.push(
            Finding::error(
                "ISO056",
                format!("External OAuth integration {name} has EXTERNAL_OAUTH_ANY_ROLE_MODE = {mode}: a token without a session:role: scope can use any role its user holds"),
                HELP_INTEGRATION,
            )
            .at(&i.at),
        );
    }
    match i.props.get("EXTERNAL_OAUTH_ALLOWED_ROLES_LIST") {
        Some(PropValue::List(roles)) => {
            let outside: Vec<String> = roles
                .iter()
                .map(word)
                .filter(|r| !ctx.own.role_tenant.contains_key(r))
                .collect();
            if !outside.is_empty() {
                out.push(
                    Finding::error(
                        "ISO056",
                        format!(
                            "External OAuth integration {name} allows {} role(s) that are not tenant roles: {}",
                            outside.len(),
                            outside.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                        ),
                        HELP_INTEGRATION,
                    )
                    .at(&i.at),
                );
            }
        }
        _ => out.push(
            Finding::error(
                "ISO056",
                format!("External OAuth integration {name} has no EXTERNAL_OAUTH_ALLOWED_ROLES_LIST: a token may name any role its user holds, SYSADMIN and USERADMIN included"),
                HELP_INTEGRATION,
            )
            .at(&i.at),
        ),
    }
    out
}

/// ISO055: an OAuth user holds its tenant's role and nothing else.
fn oauth_user(ctx: &Context, user: &str, tenant: &str) -> Vec<Finding> {
    let manifest = At {
        file: "manifest.json".into(),
        line: 0,
    };
    let Some(u) = ctx.model.users.get(user) else {
        return vec![
            Finding::error(
                "ISO055",
                format!("OAuth user {user} of tenant {tenant} is declared but never created"),
                HELP_USER,
            )
            .at(&manifest),
        ];
    };
    let mut out = Vec::new();
    let held = ctx.held.get(user);
    let mut own = false;
    let mut foreign = Vec::new();
    for role in held.into_iter().flatten() {
        match ctx.own.role_tenant.get(role) {
            Some(t) if t == tenant => own = true,
            Some(t) => foreign.push(format!("{role} (tenant {t})")),
            None if role == "PUBLIC" => {}
            None => foreign.push(format!("{role} (not a tenant role)")),
        }
    }
    // Where the roles came from: the grants to the user, in file order.
    let mut grants: Vec<&At> = ctx
        .model
        .user_grants
        .iter()
        .filter(|((_, u), _)| u == user)
        .map(|(_, at)| at)
        .collect();
    grants.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    if !foreign.is_empty() {
        let mut f = Finding::error(
            "ISO055",
            format!(
                "OAuth user {user} of tenant {tenant} holds {} other role(s): {}",
                foreign.len(),
                foreign
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            HELP_USER,
        );
        f.at.extend(grants.iter().take(3).map(|a| (*a).clone()));
        out.push(f);
    }
    if !own {
        out.push(
            Finding::error(
                "ISO055",
                format!("OAuth user {user} does not hold tenant {tenant}'s role: its Sigma sessions can open none"),
                HELP_USER,
            )
            .at(&u.at),
        );
    }
    if let Some(role) = &u.default_role
        && let Some(t) = ctx.own.role_tenant.get(role)
        && t != tenant
    {
        out.push(
            Finding::error(
                "ISO055",
                format!("OAuth user {user} of tenant {tenant} has DEFAULT_ROLE {role}, tenant {t}'s role"),
                HELP_USER,
            )
            .at(&u.at),
        );
    }
    out
}
