//! `dist/sigma/`: the settings of Sigma's Snowflake connection (`connection.json`) and the
//! Snowflake side of its auth (`snowflake.sql`): a key-pair service user granted every tenant role,
//! so Sigma can switch roles by user attribute, or an External OAuth security integration limited
//! to the tenant roles. The spec's `connection_auth` picks one; the other is never emitted.

use std::collections::BTreeMap;

use askama::Template;
use serde::Serialize;

use crate::model::{ExternalOauth, KeyPairUser, Platform, SigmaAuth, SigmaConnection};
use crate::plan::{Grant, GrantTarget, Object};
use crate::quote::{Ident, SqlString};

use super::HEADER;

#[derive(Template)]
#[template(path = "sigma/create_service_user.sql", escape = "none")]
struct CreateServiceUser<'a> {
    name: &'a Ident,
    warehouse: &'a Ident,
}

/// `CREATE USER IF NOT EXISTS` leaves an existing user as it is: re-set what isolation depends
/// on. DEFAULT_SECONDARY_ROLES unset means `('ALL')` (bundle 2024_08), which would put every
/// tenant role in every Sigma session, whatever role Sigma switches to.
/// <https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1692>
#[derive(Template)]
#[template(path = "sigma/converge_service_user.sql", escape = "none")]
struct ConvergeServiceUser<'a> {
    name: &'a Ident,
    warehouse: &'a Ident,
}

/// The session policy that forbids secondary roles: `DEFAULT_SECONDARY_ROLES = ()` only sets the
/// default, and a session can still run `USE SECONDARY ROLES ALL` and hold every tenant role at once;
/// `ALLOWED_SECONDARY_ROLES = ()` refuses that
/// (<https://docs.snowflake.com/en/sql-reference/sql/create-session-policy>).
#[derive(Template)]
#[template(path = "sigma/session_policy.sql", escape = "none")]
struct SessionPolicySql<'a> {
    create: bool,
    name: &'a crate::quote::Name,
}

/// `FORCE` replaces a policy already attached, so re-running converges
/// (<https://docs.snowflake.com/en/sql-reference/sql/alter-user>).
#[derive(Template)]
#[template(path = "sigma/set_session_policy.sql", escape = "none")]
struct SetSessionPolicy<'a> {
    user: &'a Ident,
    policy: &'a crate::quote::Name,
}

/// Where the Sigma user may log in from
/// (<https://docs.snowflake.com/en/sql-reference/sql/create-network-policy>).
#[derive(Template)]
#[template(path = "sigma/network_policy.sql", escape = "none")]
struct NetworkPolicySql<'a> {
    create: bool,
    name: &'a Ident,
    ips: Vec<SqlString>,
}

#[derive(Template)]
#[template(path = "sigma/set_network_policy.sql", escape = "none")]
struct SetNetworkPolicy<'a> {
    user: &'a Ident,
    policy: &'a Ident,
}

#[derive(Template)]
#[template(path = "sigma/set_rsa_public_key.sql", escape = "none")]
struct SetRsaPublicKey<'a> {
    name: &'a Ident,
    key: SqlString,
}

/// The integration's settings, as `CREATE ... IF NOT EXISTS` (`create`) or as `ALTER ... SET`: one
/// property list for both, so the two cannot drift apart.
#[derive(Template)]
#[template(path = "sigma/external_oauth.sql", escape = "none")]
struct ExternalOauthSql<'a> {
    create: bool,
    name: &'a Ident,
    provider: &'a str,
    issuer: SqlString,
    jws_keys_url: SqlString,
    audience: Vec<SqlString>,
    claim: SqlString,
    attribute: SqlString,
    roles: Vec<SqlString>,
}

/// A tenant's user under External OAuth: the token's claim maps to its LOGIN_NAME (or EMAIL); no
/// password (it signs in through the identity provider only); DEFAULT_ROLE its tenant's role, the
/// one role it holds; no secondary roles, so a session has that role and nothing else
/// (<https://docs.snowflake.com/en/sql-reference/sql/create-user>,
/// <https://docs.snowflake.com/en/user-guide/oauth-ext-overview>).
#[derive(Template)]
#[template(path = "sigma/create_oauth_user.sql", escape = "none")]
struct CreateOauthUser<'a> {
    name: &'a Ident,
    attribute: &'static str,
    login: SqlString,
    role: &'a Ident,
    warehouse: &'a Ident,
}

/// `CREATE USER IF NOT EXISTS` adopts an existing user as it is: re-set what isolation needs.
#[derive(Template)]
#[template(path = "sigma/converge_oauth_user.sql", escape = "none")]
struct ConvergeOauthUser<'a> {
    name: &'a Ident,
    attribute: &'static str,
    login: SqlString,
    role: &'a Ident,
    warehouse: &'a Ident,
}

/// An adopted user keeps no password: it signs in through the identity provider only.
#[derive(Template)]
#[template(path = "sigma/unset_password.sql", escape = "none")]
struct UnsetPassword<'a> {
    name: &'a Ident,
}

#[derive(Template)]
#[template(path = "sigma/unset_external_oauth_audience.sql", escape = "none")]
struct UnsetExternalOauthAudience<'a> {
    name: &'a Ident,
}

/// `connection.json`: what a Sigma admin sets up (docs/embed.md, "Sigma setup"): the connection, the
/// user attributes its Role and Warehouse fields are set to, one team per tenant with that tenant's
/// attribute values, and the account type of embed users.
#[derive(Serialize)]
struct Connection<'a> {
    auth_method: &'static str,
    warehouse: &'a str,
    database: &'a str,
    schema: &'a str,
    /// The connection's role: PUBLIC for key-pair, so a user without the role attribute sees no
    /// tenant's data; none for OAuth (the identity provider's token names the role).
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_integration: Option<&'a str>,
    /// The Sigma user attribute that carries the tenant role (key-pair role switching).
    role_attribute: &'a str,
    /// The Sigma user attribute that carries the tenant's warehouse.
    warehouse_attribute: &'a str,
    /// The Sigma user attribute that carries the tenant id.
    tenant_attribute: &'a str,
    /// The connection's Role and Warehouse fields: "set by user attribute" with these names.
    connection_settings: BTreeMap<&'static str, String>,
    /// Account type of embed users (the JWT's `account_type`): a default type or a custom one that
    /// must exist in Sigma.
    account_type: &'a str,
    /// User attributes to create (Administration > User Attributes), with a default that grants
    /// nothing (Sigma refuses empty values on connection attributes).
    user_attributes: Vec<UserAttribute<'a>>,
    /// Teams to create, one per tenant (the JWT's `teams`), each with its attribute values.
    teams: BTreeMap<String, Team<'a>>,
    /// Tenant id -> the Snowflake role its embed users query as.
    tenant_roles: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct UserAttribute<'a> {
    name: &'a str,
    description: &'static str,
    default: String,
}

#[derive(Serialize)]
struct Team<'a> {
    tenant: &'a str,
    user_attributes: BTreeMap<&'a str, String>,
}

/// The files of `dist/sigma/` (none without an `embed` section).
pub fn files(p: &Platform) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Some(sigma) = &p.sigma else {
        return out;
    };
    let (auth_method, user, integration) = match &sigma.auth {
        SigmaAuth::KeyPair(u) => ("key_pair", u.as_ref().map(|u| u.name.as_str()), None),
        SigmaAuth::Oauth(o) => ("oauth", None, Some(o.integration.as_str())),
    };
    let connection = Connection {
        auth_method,
        warehouse: sigma.warehouse.as_str(),
        database: p.database.as_str(),
        schema: p.gold_schema.as_str(),
        role: matches!(sigma.auth, SigmaAuth::KeyPair(_)).then_some("PUBLIC"),
        user,
        security_integration: integration,
        role_attribute: &sigma.role_attribute,
        warehouse_attribute: &sigma.warehouse_attribute,
        tenant_attribute: &sigma.tenant_attribute,
        connection_settings: connection_settings(sigma),
        account_type: &sigma.account_type,
        user_attributes: user_attributes(sigma),
        teams: teams(p, sigma),
        tenant_roles: p
            .tenants
            .iter()
            .map(|t| (t.id.as_str(), t.role.as_str()))
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&connection).unwrap_or_default();
    json.push('\n');
    out.insert("sigma/connection.json".to_string(), json.into_bytes());
    if let Some(sql) = snowflake_sql(p, sigma) {
        out.insert(super::SIGMA_SQL.to_string(), sql.into_bytes());
    }
    out
}

fn connection_settings(sigma: &SigmaConnection) -> BTreeMap<&'static str, String> {
    let mut m = BTreeMap::new();
    if !sigma.role_attribute.is_empty() {
        m.insert(
            "role",
            format!("set by user attribute {}", sigma.role_attribute),
        );
    }
    if !sigma.warehouse_attribute.is_empty() {
        m.insert(
            "warehouse",
            format!("set by user attribute {}", sigma.warehouse_attribute),
        );
    }
    m
}

fn user_attributes(sigma: &SigmaConnection) -> Vec<UserAttribute<'_>> {
    let mut out = Vec::new();
    if !sigma.role_attribute.is_empty() {
        out.push(UserAttribute {
            name: &sigma.role_attribute,
            description: "Snowflake role the connection switches to (the tenant's role)",
            default: "PUBLIC".into(),
        });
    }
    if !sigma.warehouse_attribute.is_empty() {
        out.push(UserAttribute {
            name: &sigma.warehouse_attribute,
            description: "Snowflake warehouse the connection uses (the tenant's warehouse)",
            default: sigma.warehouse.as_str().to_string(),
        });
    }
    out.push(UserAttribute {
        name: &sigma.tenant_attribute,
        description: "Tenant value (as the tenant's rows carry it), for filters and row-level security in Sigma",
        default: "NONE".into(),
    });
    out
}

/// One team per tenant, named like the JWT's `teams` claim (the tenant's first team), carrying the
/// tenant's role, warehouse and id: embed users get the same values from the JWT's user attributes.
fn teams<'a>(p: &'a Platform, sigma: &'a SigmaConnection) -> BTreeMap<String, Team<'a>> {
    p.tenants
        .iter()
        .flat_map(|t| {
            let mut attrs = BTreeMap::new();
            if !sigma.role_attribute.is_empty() {
                attrs.insert(sigma.role_attribute.as_str(), t.role.as_str().to_string());
            }
            if !sigma.warehouse_attribute.is_empty() {
                attrs.insert(
                    sigma.warehouse_attribute.as_str(),
                    t.warehouse.as_str().to_string(),
                );
            }
            // Sigma filters rows by this attribute: the tenant's data value, as its rows carry it.
            attrs.insert(sigma.tenant_attribute.as_str(), t.value.clone());
            t.teams.iter().map(move |team| {
                (
                    team.clone(),
                    Team {
                        tenant: t.id.as_str(),
                        user_attributes: attrs.clone(),
                    },
                )
            })
        })
        .collect()
}

fn render(t: impl Template) -> String {
    t.render()
        .expect("SQL templates only format infallible values")
        .trim_end()
        .to_string()
}

/// The auth objects, each block under the admin role that may create it.
fn snowflake_sql(p: &Platform, sigma: &SigmaConnection) -> Option<String> {
    let blocks: Vec<(&Ident, Vec<String>)> = match &sigma.auth {
        SigmaAuth::KeyPair(None) => return None,
        SigmaAuth::KeyPair(Some(user)) => key_pair(p, sigma, user),
        SigmaAuth::Oauth(o) => oauth(p, o),
    };
    let mut out = String::from(HEADER);
    out.push_str("-- The Snowflake side of Sigma's connection; run after deploy.sql.\n");
    for (role, statements) in blocks {
        out.push_str(&format!("\nUSE ROLE {role};\n"));
        for s in statements {
            out.push('\n');
            out.push_str(&s);
            out.push_str(";\n");
        }
    }
    Some(out)
}

fn key_pair<'a>(
    p: &'a Platform,
    sigma: &SigmaConnection,
    user: &KeyPairUser,
) -> Vec<(&'a Ident, Vec<String>)> {
    let create = vec![
        render(CreateServiceUser {
            name: &user.name,
            warehouse: &sigma.warehouse,
        }),
        render(ConvergeServiceUser {
            name: &user.name,
            warehouse: &sigma.warehouse,
        }),
        render(SetRsaPublicKey {
            name: &user.name,
            key: SqlString::new(user.rsa_public_key.clone()),
        }),
    ];
    // Every tenant role, so Sigma can `USE ROLE` the one its user attribute names.
    let grants = p
        .tenants
        .iter()
        .flat_map(|t| {
            crate::render::render_one(&Object::Grant(Grant {
                privileges: "",
                target: GrantTarget::Role(t.role.clone()),
                to_user: true,
                grantee: user.name.clone(),
                tenant: Some(t.id.clone()),
            }))
        })
        .map(|s| s.text)
        .collect();
    let session_policy = p.governance(user.session_policy().as_str());
    let mut policies = vec![
        render(SessionPolicySql {
            create: true,
            name: &session_policy,
        }),
        render(SessionPolicySql {
            create: false,
            name: &session_policy,
        }),
        render(SetSessionPolicy {
            user: &user.name,
            policy: &session_policy,
        }),
    ];
    if !user.allowed_ips.is_empty() {
        let network_policy = user.network_policy();
        let ips: Vec<SqlString> = user
            .allowed_ips
            .iter()
            .map(|n| SqlString::new(n.to_string()))
            .collect();
        for create in [true, false] {
            policies.push(render(NetworkPolicySql {
                create,
                name: &network_policy,
                ips: ips.clone(),
            }));
        }
        policies.push(render(SetNetworkPolicy {
            user: &user.name,
            policy: &network_policy,
        }));
    }
    vec![
        (&p.admin.user_admin, create),
        (&p.admin.security_admin, grants),
        // Creating and attaching session and network policies needs CREATE/APPLY privileges that
        // only ACCOUNTADMIN holds by default.
        (&p.admin.account_admin, policies),
    ]
}

/// The integration, then each tenant's OAuth users: created (USERADMIN), granted their tenant's
/// role (SECURITYADMIN), and held to it by a session policy forbidding secondary roles (ACCOUNTADMIN).
fn oauth<'a>(p: &'a Platform, o: &ExternalOauth) -> Vec<(&'a Ident, Vec<String>)> {
    let mut blocks = vec![(&p.admin.account_admin, external_oauth(p, o))];
    let users: Vec<(&crate::model::Tenant, &crate::model::OauthUser)> = p
        .tenants
        .iter()
        .flat_map(|t| t.oauth_users.iter().map(move |u| (t, u)))
        .collect();
    if users.is_empty() {
        return blocks;
    }
    // The user property the integration matches the token's claim against.
    let attribute = match o.user_mapping_attribute {
        "EMAIL_ADDRESS" => "EMAIL",
        _ => "LOGIN_NAME",
    };
    let mut create = Vec::new();
    let mut grants = Vec::new();
    for (t, u) in &users {
        create.push(render(CreateOauthUser {
            name: &u.name,
            attribute,
            login: SqlString::new(u.login.clone()),
            role: &t.role,
            warehouse: &t.warehouse,
        }));
        create.push(render(ConvergeOauthUser {
            name: &u.name,
            attribute,
            login: SqlString::new(u.login.clone()),
            role: &t.role,
            warehouse: &t.warehouse,
        }));
        create.push(render(UnsetPassword { name: &u.name }));
        // Exactly its tenant's role: the one its token's session:role: scope may name.
        grants.extend(
            crate::render::render_one(&Object::Grant(Grant {
                privileges: "",
                target: GrantTarget::Role(t.role.clone()),
                to_user: true,
                grantee: u.name.clone(),
                tenant: Some(t.id.clone()),
            }))
            .into_iter()
            .map(|s| s.text),
        );
    }
    let session_policy = p.governance(&format!("{}_SESSION_POLICY", o.integration.as_str()));
    let mut policies = vec![
        render(SessionPolicySql {
            create: true,
            name: &session_policy,
        }),
        render(SessionPolicySql {
            create: false,
            name: &session_policy,
        }),
    ];
    policies.extend(users.iter().map(|(_, u)| {
        render(SetSessionPolicy {
            user: &u.name,
            policy: &session_policy,
        })
    }));
    blocks.push((&p.admin.user_admin, create));
    blocks.push((&p.admin.security_admin, grants));
    blocks.push((&p.admin.account_admin, policies));
    blocks
}

/// CREATE ... IF NOT EXISTS, then ALTER ... SET of the same settings, so re-running the script
/// converges an existing integration, e.g. a tenant added to the allowed roles
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-security-integration-oauth-external).
fn external_oauth(p: &Platform, o: &ExternalOauth) -> Vec<String> {
    let audience: Vec<SqlString> = o.audience.iter().cloned().map(SqlString::new).collect();
    // Only tenant roles may be used through OAuth: no admin role rides a Sigma token. The allowed
    // list is the block: Snowflake takes an allowed list or a blocked list, not both (the
    // Snowflake Terraform provider marks EXTERNAL_OAUTH_ALLOWED_ROLES_LIST and
    // EXTERNAL_OAUTH_BLOCKED_ROLES_LIST ConflictsWith), and ACCOUNTADMIN, ORGADMIN and
    // SECURITYADMIN stay blocked by the account's EXTERNAL_OAUTH_ADD_PRIVILEGED_ROLES_TO_BLOCKED_LIST
    // (default TRUE). ANY ROLE mode is disabled explicitly, so the ALTER converges an integration
    // that had it on: with it, a token without a session:role: scope could use any role its user
    // holds (sql-reference/sql/create-security-integration-oauth-external).
    let roles: Vec<SqlString> = p.tenants.iter().map(|t| t.role.literal()).collect();
    let statement = |create: bool| {
        render(ExternalOauthSql {
            create,
            name: &o.integration,
            provider: o.provider,
            issuer: SqlString::new(o.issuer.clone()),
            jws_keys_url: SqlString::new(o.jws_keys_url.clone()),
            audience: audience.clone(),
            claim: SqlString::new(o.user_mapping_claim.clone()),
            attribute: SqlString::new(o.user_mapping_attribute),
            roles: roles.clone(),
        })
    };
    let mut out = vec![statement(true), statement(false)];
    // The CREATE leaves the audience list unset without one; converge to that.
    if audience.is_empty() {
        out.push(render(UnsetExternalOauthAudience {
            name: &o.integration,
        }));
    }
    out
}
