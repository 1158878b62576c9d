//! `dist/dbt/`: an installable dbt package whose macros know the platform's tenants.
//!
//! The macros are Jinja, rendered by askama with the `dbt` syntax of `askama.toml` (`<[ ]>`,
//! `<{ }>`), so Jinja's own `{{ }}`/`{% %}` pass through untouched. Only the registry carries spec
//! values, each a [`JinjaString`]; the other macro files are fixed text.

use std::collections::{BTreeMap, HashMap};

use askama::Template;

use crate::model::{MAX_QUERY_TAG, Platform, Tenant};
use crate::plan::{GrantTarget, Object, Plan, ROW_POLICY, Step};
use crate::quote::{Ident, JinjaString, Name};

/// A tenant as the registry macro lists it; every field is a Jinja literal.
struct RegistryTenant {
    pub id: JinjaString,
    /// The tenant's data value (`tenant_value`, else the id as the spec spells it): what its rows
    /// carry in the tenant column, so what a model filters by.
    pub value: JinjaString,
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

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_incremental.sql",
    syntax = "dbt",
    escape = "none"
)]
struct IncrementalMacros;

#[derive(Template)]
#[template(
    path = "dbt/macros/snowtenant_macros.yml",
    syntax = "dbt",
    escape = "none"
)]
struct MacroDocs;

/// The files of `dist/dbt/`, keyed by their path in the package.
pub fn files(p: &Platform, plan: &Plan) -> BTreeMap<String, Vec<u8>> {
    let policy = p.governance(ROW_POLICY);
    let mut grants = schema_grants(p, plan);
    let tenants: Vec<RegistryTenant> = p
        .tenants
        .iter()
        .map(|t| registry_tenant(t, grants.remove(&t.id).unwrap_or_default()))
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
    put(
        "macros/snowtenant_incremental.sql",
        render(IncrementalMacros),
    );
    put("macros/snowtenant_macros.yml", render(MacroDocs));
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
fn registry_tenant(t: &Tenant, grants: Vec<String>) -> RegistryTenant {
    RegistryTenant {
        id: JinjaString::new(t.id.as_str()),
        value: JinjaString::new(t.value.clone()),
        display_name: JinjaString::new(t.display_name.clone()),
        role: JinjaString::new(t.role.as_str()),
        schema: JinjaString(t.schema.as_ref().map(|s| s.as_str().to_string())),
        warehouse: JinjaString::new(t.warehouse.as_str()),
        query_tag: JinjaString::new(t.query_tag.clone()),
        grants: grants.into_iter().map(JinjaString::new).collect(),
    }
}

/// Tenant id -> the planned grants on that tenant's own schema, rendered as the SQL package
/// renders them. One pass over the plan (linear in objects, not tenants x objects).
fn schema_grants(p: &Platform, plan: &Plan) -> HashMap<Ident, Vec<String>> {
    let schemas: HashMap<&Ident, Name> = p
        .tenants
        .iter()
        .filter_map(|t| Some((&t.id, Name::of(&[&p.database, t.schema.as_ref()?]))))
        .collect();
    let mut out: HashMap<Ident, Vec<String>> = HashMap::new();
    for (step, o) in &plan.objects {
        let Object::Grant(g) = o else { continue };
        let Some(schema) = g.tenant.as_ref().and_then(|t| schemas.get(t)) else {
            continue;
        };
        let on_schema = *step == Step::Grants
            && match &g.target {
                GrantTarget::Object { kind, name, .. } => *kind == "SCHEMA" && name == schema,
                GrantTarget::AllIn { schema: s, .. } | GrantTarget::FutureIn { schema: s, .. } => {
                    s == schema
                }
                GrantTarget::Role(_) => false,
            };
        if on_schema {
            let texts = crate::render::render_one(o).into_iter().map(|s| s.text);
            out.entry(g.tenant.clone().expect("checked above"))
                .or_default()
                .extend(texts);
        }
    }
    out
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
