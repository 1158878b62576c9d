//! `dist/dbt/`: an installable dbt package whose macros know the platform's tenants.
//!
//! The macros are Jinja, rendered by askama with the `dbt` syntax of `askama.toml` (`<[ ]>`,
//! `<{ }>`), so Jinja's own `{{ }}`/`{% %}` pass through untouched. Only the registry carries spec
//! values, each a [`JinjaString`]; the other macro files are fixed text.

use std::collections::BTreeMap;

use askama::Template;

use crate::model::{MAX_QUERY_TAG, Platform, Tenant};
use crate::plan::{GrantTarget, Object, Plan, ROW_POLICY, Step};
use crate::quote::{Ident, JinjaString, Name};

/// A tenant as the registry macro lists it; every field is a Jinja literal.
pub struct RegistryTenant {
    pub id: JinjaString,
    pub display_name: JinjaString,
    pub role: JinjaString,
    pub schema: JinjaString,
    pub warehouse: JinjaString,
    pub query_tag: JinjaString,
    pub grants: Vec<JinjaString>,
}

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_registry.sql",
    syntax = "dbt",
    escape = "none"
)]
struct Registry<'a> {
    database: JinjaString,
    governance_schema: JinjaString,
    policy: JinjaString,
    tenant_column: JinjaString,
    max_query_tag: usize,
    tenants: &'a [RegistryTenant],
}

#[derive(Template)]
#[template(path = "dbt/dbt_project.yml", syntax = "dbt", escape = "none")]
struct Project<'a> {
    version: &'a str,
}

#[derive(Template)]
#[template(path = "dbt/README.md", syntax = "dbt", escape = "none")]
struct Readme {
    database: String,
    tenant_count: usize,
    policy: String,
}

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_tenants.sql",
    syntax = "dbt",
    escape = "none"
)]
struct TenantsMacros;

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_query_tag.sql",
    syntax = "dbt",
    escape = "none"
)]
struct QueryTagMacros;

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_row_access_policy.sql",
    syntax = "dbt",
    escape = "none"
)]
struct RowAccessPolicyMacros;

/// The files of `dist/dbt/`, keyed by their path in the package.
pub fn files(p: &Platform, plan: &Plan) -> BTreeMap<String, Vec<u8>> {
    let policy = p.governance(ROW_POLICY);
    let tenants: Vec<RegistryTenant> = p
        .tenants
        .iter()
        .map(|t| registry_tenant(p, plan, t))
        .collect();
    let mut out = BTreeMap::new();
    let mut put = |path: &str, text: String| {
        out.insert(format!("dbt/{path}"), text.into_bytes());
    };
    put(
        "dbt_project.yml",
        render(Project {
            version: env!("CARGO_PKG_VERSION"),
        }),
    );
    put(
        "README.md",
        render(Readme {
            database: p.database.to_string(),
            tenant_count: p.tenants.len(),
            policy: policy.to_string(),
        }),
    );
    put(
        "macros/snowtenant_registry.sql",
        render(Registry {
            database: JinjaString::new(p.database.to_string()),
            governance_schema: JinjaString::new(p.governance_schema.to_string()),
            policy: JinjaString::new(policy.to_string()),
            tenant_column: JinjaString(tenant_column(p).map(|c| c.to_string())),
            max_query_tag: MAX_QUERY_TAG,
            tenants: &tenants,
        }),
    );
    put("macros/snowtenant_tenants.sql", render(TenantsMacros));
    put("macros/snowtenant_query_tag.sql", render(QueryTagMacros));
    put(
        "macros/snowtenant_row_access_policy.sql",
        render(RowAccessPolicyMacros),
    );
    out
}

fn render(t: impl Template) -> String {
    let mut text = t
        .render()
        .expect("dbt templates only format infallible values");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The registry entry of one tenant. `query_tag` is `Tenant::query_tag` itself, the text the SQL
/// package stores in its mapping table and sets through SET_CLIENT_QUERY_TAG.
pub fn registry_tenant(p: &Platform, plan: &Plan, t: &Tenant) -> RegistryTenant {
    RegistryTenant {
        id: JinjaString::new(t.id.as_str()),
        display_name: JinjaString::new(t.display_name.clone()),
        role: JinjaString::new(t.role.as_str()),
        schema: JinjaString(t.schema.as_ref().map(|s| s.as_str().to_string())),
        warehouse: JinjaString::new(t.warehouse.as_str()),
        query_tag: JinjaString::new(t.query_tag.clone()),
        grants: t
            .schema
            .as_ref()
            .map(|s| schema_grants(plan, t, &Name::of(&[&p.database, s])))
            .unwrap_or_default()
            .into_iter()
            .map(JinjaString::new)
            .collect(),
    }
}

/// The planned grants of the tenant's own schema, rendered as the SQL package renders them.
fn schema_grants(plan: &Plan, t: &Tenant, schema: &Name) -> Vec<String> {
    plan.objects
        .iter()
        .filter(|(step, _)| *step == Step::Grants)
        .filter_map(|(_, o)| match o {
            Object::Grant(g) if g.tenant.as_ref() == Some(&t.id) => {
                let on_schema = match &g.target {
                    GrantTarget::Object { kind, name, .. } => *kind == "SCHEMA" && name == schema,
                    GrantTarget::AllIn { schema: s, .. }
                    | GrantTarget::FutureIn { schema: s, .. } => s == schema,
                    GrantTarget::Role(_) => false,
                };
                on_schema.then_some(o)
            }
            _ => None,
        })
        .flat_map(crate::render::render_one)
        .map(|s| s.text)
        .collect()
}

/// The column the policy is attached on by default: the shared tables' tenant column when they all
/// agree (otherwise the macro's caller must name one).
fn tenant_column(p: &Platform) -> Option<&Ident> {
    let first = &p.shared_tables.first()?.tenant_column;
    p.shared_tables
        .iter()
        .all(|t| &t.tenant_column == first)
        .then_some(first)
}
