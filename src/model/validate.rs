//! The validation driver: resolves every section and collects every error before giving up.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::quote::Ident;
use crate::spec::{ColumnSpec, Sp, Spec};

use super::cost::{monitor, warehouse};
use super::guard;
use super::names::{Registry, check_length, identifier};
use super::tenants::{self, safe_text};
use super::{AdminRoles, BudgetAlerts, Column, CrossTenantView, ExternalFunction, Platform, Table};

/// Validates a spec into a [`Platform`], or returns every problem found.
pub fn validate(spec: &Spec) -> Result<Platform, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let d = &mut diags;
    let mut registry = Registry::default();
    let p = &spec.platform;
    let database = identifier(&p.database, "database name", d);
    if let Some(db) = &database {
        registry.claim("database", db, p.database.span, d);
    }
    let gold_schema = identifier(&p.gold_schema, "schema name", d);
    let governance_schema = identifier(&p.governance_schema, "schema name", d);
    if let Some(g) = &gold_schema {
        registry.claim("schema", g, p.gold_schema.span, d);
    }
    if let Some(g) = &governance_schema {
        registry.claim("schema", g, p.governance_schema.span, d);
    }
    let admin_warehouse = identifier(&p.admin_warehouse, "warehouse name", d);
    let admin = AdminRoles {
        user_admin: identifier(&p.admin_roles.user_admin, "role name", d)
            .unwrap_or_else(|| Ident::new("USERADMIN")),
        security_admin: identifier(&p.admin_roles.security_admin, "role name", d)
            .unwrap_or_else(|| Ident::new("SECURITYADMIN")),
        sys_admin: identifier(&p.admin_roles.sys_admin, "role name", d)
            .unwrap_or_else(|| Ident::new("SYSADMIN")),
        account_admin: identifier(&p.admin_roles.account_admin, "role name", d)
            .unwrap_or_else(|| Ident::new("ACCOUNTADMIN")),
    };
    // Roles the package runs as or exempts: no tenant role may take their names.
    for (field, role) in [
        ("user_admin", &admin.user_admin),
        ("security_admin", &admin.security_admin),
        ("sys_admin", &admin.sys_admin),
        ("account_admin", &admin.account_admin),
    ] {
        let span = match field {
            "user_admin" => p.admin_roles.user_admin.span,
            "security_admin" => p.admin_roles.security_admin.span,
            "sys_admin" => p.admin_roles.sys_admin.span,
            _ => p.admin_roles.account_admin.span,
        };
        registry.reserve("role", role, span, format!("the platform's `{field}` role"));
    }
    guard::admin_roles(spec, &admin, d);
    let exempt_roles: Vec<Ident> = p
        .exempt_roles
        .iter()
        .filter_map(|r| {
            let role = identifier(r, "role name", d)?;
            if role.as_str() == "PUBLIC" {
                d.push(
                    Diagnostic::new("SPEC080", "PUBLIC cannot be an exempt role")
                        .at(r.span, "every user holds PUBLIC: no row would be protected"),
                );
                return None;
            }
            registry.reserve(
                "role",
                &role,
                r.span,
                "an exempt role (sees every tenant's rows)",
            );
            Some(role)
        })
        .collect();
    for pattern in [
        &p.naming.tenant_role,
        &p.naming.tenant_schema,
        &p.naming.tenant_warehouse,
        &p.naming.tenant_monitor,
    ] {
        naming_pattern(pattern, d);
    }

    // Platform monitors, then shared warehouses (which reference them).
    let mut monitors = Vec::new();
    let mut monitor_spans: HashMap<Ident, _> = HashMap::new();
    for m in &spec.resource_monitors {
        let Some(name_sp) = &m.name else {
            d.push(
                Diagnostic::new("SPEC014", "a platform resource monitor needs a `name`")
                    .at(m.credits.span, "this monitor"),
            );
            continue;
        };
        let Some(name) = identifier(name_sp, "resource monitor name", d) else {
            continue;
        };
        registry.claim("resource monitor", &name, name_sp.span, d);
        guard::credits(&m.credits, "credit quota", d);
        monitor_spans.insert(name.clone(), name_sp.span);
        monitors.push(monitor(m, name, None, d));
    }
    let account_monitors: Vec<_> = spec
        .resource_monitors
        .iter()
        .filter_map(|m| m.account.as_ref().filter(|a| a.value))
        .collect();
    if account_monitors.len() > 1 {
        d.push(
            Diagnostic::new(
                "SPEC043",
                "only one resource monitor can be the account monitor",
            )
            .at(account_monitors[1].span, "second account monitor")
            .at(account_monitors[0].span, "first account monitor"),
        );
    }

    let mut warehouses = Vec::new();
    let mut shared: HashMap<Ident, _> = HashMap::new();
    for w in &spec.warehouses {
        let Some(name_sp) = &w.name else {
            d.push(
                Diagnostic::new("SPEC014", "a shared warehouse needs a `name`")
                    .at(Default::default(), "in `warehouses`"),
            );
            continue;
        };
        let Some(name) = identifier(name_sp, "warehouse name", d) else {
            continue;
        };
        registry.claim("warehouse", &name, name_sp.span, d);
        shared.insert(name.clone(), name_sp.span);
        let mut wh = warehouse(w, name, None, d);
        if let Some(m) = &w.monitor {
            wh.monitor = reference(m, "resource monitor", &monitor_spans, d);
        }
        warehouses.push(wh);
    }
    if admin_warehouse.is_some() {
        reference(&p.admin_warehouse, "warehouse", &shared, d);
    }

    let default_recipients: Vec<String> = spec
        .budget_alerts
        .as_ref()
        .map(|b| {
            b.recipients
                .iter()
                .filter_map(|r| guard::email(r, d))
                .collect()
        })
        .unwrap_or_default();
    guard::recipients_limit(
        spec.budget_alerts.iter().flat_map(|b| &b.recipients).chain(
            spec.tenants
                .iter()
                .filter_map(|t| t.soft_budget.as_ref())
                .flat_map(|b| &b.value.notify),
        ),
        d,
    );
    let cx = tenants::Context {
        naming: &p.naming,
        shared_warehouses: &shared,
        default_recipients: &default_recipients,
    };
    let resolved = tenants::resolve(&spec.tenants, &cx, &mut registry, d);
    warehouses.extend(resolved.warehouses);
    monitors.extend(resolved.monitors);
    let tenants = resolved.tenants;
    if spec.tenants.is_empty() {
        d.push(
            Diagnostic::new("SPEC015", "the spec declares no tenant")
                .at(Default::default(), "add a `tenants:` list"),
        );
    }

    let shared_tables = spec
        .shared_tables
        .iter()
        .filter_map(|t| {
            let name = identifier(&t.name, "table name", d)?;
            registry.claim("table", &name, t.name.span, d);
            let columns = columns(&t.columns, d);
            let tenant_column = identifier(&t.tenant_column, "column name", d)?;
            if let Some(c) = columns.iter().find(|c| c.name == tenant_column)
                && !guard::is_string_type(&c.data_type)
            {
                let at = t
                    .columns
                    .iter()
                    .find(|s| s.name.value.eq_ignore_ascii_case(tenant_column.as_str()))
                    .map_or(t.tenant_column.span, |s| s.data_type.span);
                d.push(
                    Diagnostic::new(
                        "SPEC018",
                        format!(
                            "the tenant column `{}` is {}, but the row access policy takes VARCHAR",
                            tenant_column.as_str(),
                            c.data_type
                        ),
                    )
                    .at(at, "not a string type")
                    .help("declare the tenant column as VARCHAR; Snowflake attaches a policy only to columns of its signature's type"),
                );
            }
            if !columns.iter().any(|c| c.name == tenant_column) {
                d.push(
                    Diagnostic::new(
                        "SPEC013",
                        format!(
                            "tenant column `{}` is not among the table's columns",
                            tenant_column.as_str()
                        ),
                    )
                    .at(t.tenant_column.span, "not declared in `columns`"),
                );
            }
            Some(Table {
                name,
                tenant_column,
                columns,
            })
        })
        .collect();
    let cross_tenant_view = spec.cross_tenant_view.as_ref().and_then(|v| {
        let name = identifier(&v.name, "view name", d)?;
        registry.claim("table", &name, v.name.span, d);
        // The view selects each tenant's id `AS TENANT_ID` itself (templates/sql/cross_tenant_view.sql).
        if let Some(c) = v
            .columns
            .iter()
            .find(|c| c.name.value.eq_ignore_ascii_case("TENANT_ID"))
        {
            d.push(
                Diagnostic::new("SPEC019", "the cross-tenant view adds `TENANT_ID` itself")
                    .at(c.name.span, "a second TENANT_ID column")
                    .help("remove it: every branch selects the tenant's id AS TENANT_ID"),
            );
        }
        Some(CrossTenantView {
            name,
            source_table: identifier(&v.source_table, "table name", d)?,
            columns: columns(&v.columns, d),
            span: v.name.span,
        })
    });
    let budget_alerts = spec.budget_alerts.as_ref().and_then(|b| {
        let warehouse = b
            .warehouse
            .as_ref()
            .and_then(|w| reference(w, "warehouse", &shared, d));
        let schedule = guard::schedule(&b.schedule, d);
        let integration = identifier(&b.notification_integration, "integration name", d);
        if let Some(i) = &integration {
            registry.claim("integration", i, b.notification_integration.span, d);
        }
        Some(BudgetAlerts {
            notification_integration: integration?,
            schedule: schedule?,
            warehouse,
        })
    });
    if spec.budget_alerts.is_none()
        && let Some(b) = spec.tenants.iter().find_map(|t| t.soft_budget.as_ref())
    {
        d.push(
            Diagnostic::new("SPEC044", "soft budgets need a `budget_alerts` section")
                .at(b.span, "no notification integration to send through")
                .help("add `budget_alerts: { notification_integration: BUDGET_EMAIL }`"),
        );
    }
    let embed = spec
        .embed
        .as_ref()
        .map(|e| super::embed::resolve(e, &tenants, d));
    guard::distinct_secrets(spec, d);
    if let Some(e) = &spec.embed {
        guard::leeway(&e.leeway_seconds, d);
        for k in &e.signing_keys {
            guard::kid(&k.kid, d);
        }
        embed_names(e, &mut registry, d);
    }
    super::embed::check_embed_users_disjoint(spec, d);
    let sigma = spec
        .embed
        .as_ref()
        .and_then(|e| super::sigma::resolve(&e.sigma, admin_warehouse.as_ref(), d));
    super::oauth_users::check(spec, sigma.as_ref(), d);
    let release = spec.platform.release.as_ref().map_or(1, |r| r.value);
    let dbt_role = p
        .dbt_role
        .as_ref()
        .and_then(|r| identifier(r, "role name", d));
    let warnings = super::embed::warnings(spec);
    let external_function = spec.external_function.as_ref().and_then(|f| {
        let urls_ok = std::iter::once(&f.endpoint_url)
            .chain(f.allowed_prefixes.iter())
            .all(|u| {
                let ok = u.value.starts_with("https://") && safe_text(u, "URL", d).is_some();
                if !ok {
                    d.push(
                        Diagnostic::new("SPEC070", "external function URLs must be https://")
                            .at(u.span, "not https"),
                    );
                }
                ok
            });
        if urls_ok
            && !f
                .allowed_prefixes
                .iter()
                .any(|p| f.endpoint_url.value.starts_with(&p.value))
        {
            d.push(
                Diagnostic::new(
                    "SPEC073",
                    "the endpoint URL is outside the integration's allowed prefixes",
                )
                .at(f.endpoint_url.span, "Snowflake would refuse to call it"),
            );
        }
        let provider = f.provider.value.to_ascii_lowercase();
        if !PROVIDERS.contains(&provider.as_str()) {
            d.push(
                Diagnostic::new(
                    "SPEC074",
                    format!("`{}` is not an API provider", f.provider.value),
                )
                .at(f.provider.span, format!("one of {}", PROVIDERS.join(", "))),
            );
        }
        let provider_properties = guard::api_provider(f, &provider, d);
        let integration = identifier(&f.integration, "integration name", d)?;
        registry.claim("integration", &integration, f.integration.span, d);
        Some(ExternalFunction {
            integration,
            provider_properties: provider_properties?,
            provider,
            allowed_prefixes: f.allowed_prefixes.iter().map(|p| p.value.clone()).collect(),
            endpoint_url: f.endpoint_url.value.clone(),
            function: identifier(&f.function, "function name", d)?,
        })
    });

    match (database, gold_schema, governance_schema, admin_warehouse) {
        (Some(database), Some(gold_schema), Some(governance_schema), Some(admin_warehouse))
            if diags.is_empty() =>
        {
            let mut warnings = warnings;
            warnings.extend(super::sigma::oauth_user_mapping(
                spec,
                sigma.as_ref(),
                &tenants,
            ));
            Ok(Platform {
                database,
                gold_schema,
                governance_schema,
                admin_warehouse,
                admin,
                exempt_roles,
                warehouses,
                monitors,
                tenants,
                shared_tables,
                cross_tenant_view,
                budget_alerts,
                connection_auth: spec.embed.as_ref().map(|e| e.sigma.connection_auth.value),
                embed,
                external_function,
                warnings,
                sigma,
                release,
                dbt_role,
            })
        }
        _ => {
            diags.sort_by_key(|d| d.labels.first().map(|l| l.0.offset).unwrap_or(0));
            Err(diags)
        }
    }
}

const PROVIDERS: &[&str] = &[
    "aws_api_gateway",
    "aws_private_api_gateway",
    "aws_gov_api_gateway",
    "aws_gov_private_api_gateway",
    "azure_api_management",
    "google_api_gateway",
];

fn reference(
    value: &Sp<String>,
    kind: &str,
    known: &HashMap<Ident, crate::spec::Span>,
    d: &mut Vec<Diagnostic>,
) -> Option<Ident> {
    let name = identifier(value, &format!("{kind} name"), d)?;
    if known.contains_key(&name) {
        return Some(name);
    }
    let mut diag = Diagnostic::new(
        "SPEC013",
        format!("{kind} `{}` is not declared", name.as_str()),
    )
    .at(value.span, "unknown name");
    if let Some(best) = crate::suggest::closest(name.as_str(), known.keys().map(|k| k.as_str())) {
        diag = diag.help(format!("did you mean `{best}`?"));
    }
    d.push(diag);
    None
}

fn naming_pattern(pattern: &Sp<String>, d: &mut Vec<Diagnostic>) {
    let probe = pattern.value.replace("{tenant}", "T");
    if !pattern.value.contains("{tenant}") {
        d.push(
            Diagnostic::new("SPEC016", "a naming pattern must contain `{tenant}`")
                .at(pattern.span, "every tenant would get the same name"),
        );
    } else if check_length(&probe, pattern.span, "pattern", d).is_some() {
        identifier(
            &Sp {
                value: probe,
                span: pattern.span,
            },
            "naming pattern",
            d,
        );
    }
}

/// The Sigma side's names: its service user is a user the package creates (never a system name, never
/// a tenant's service user), its External OAuth integration an integration; its key must be an RSA key.
fn embed_names(e: &crate::spec::EmbedSpec, registry: &mut Registry, d: &mut Vec<Diagnostic>) {
    if let Some(u) = &e.sigma.service_user {
        if let Some(name) = crate::model::names::check_identifier(
            &u.name.value,
            u.name.span,
            "user name",
            &mut Vec::new(),
        ) {
            registry.claim("user", &name, u.name.span, d);
        }
        if let Some(problem) = super::sigma::public_key_body(&u.rsa_public_key.value)
            .and_then(|body| guard::rsa_key_problem(&body))
        {
            d.push(
                Diagnostic::new("SPEC076", "the Sigma service user's public key is not usable by Snowflake")
                    .at(u.rsa_public_key.span, problem)
                    .help("generate a 2048-bit RSA key: `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt -out rsa_key.p8`, then `openssl rsa -in rsa_key.p8 -pubout`"),
            );
        }
    }
    if let Some(o) = &e.sigma.external_oauth
        && let Some(name) = crate::model::names::check_identifier(
            &o.integration.value,
            o.integration.span,
            "integration name",
            &mut Vec::new(),
        )
    {
        registry.claim("integration", &name, o.integration.span, d);
    }
}

fn columns(specs: &[ColumnSpec], d: &mut Vec<Diagnostic>) -> Vec<Column> {
    let mut seen: HashMap<Ident, crate::spec::Span> = HashMap::new();
    specs
        .iter()
        .filter_map(|c| {
            let name = identifier(&c.name, "column name", d)?;
            if let Some(first) = seen.insert(name.clone(), c.name.span) {
                d.push(
                    Diagnostic::new(
                        "SPEC012",
                        format!("two columns are named `{}` once normalized", name.as_str()),
                    )
                    .at(c.name.span, "this one")
                    .at(first, "collides with this one"),
                );
                return None;
            }
            let t = &c.data_type.value;
            let ok = t.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
                && t.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || " _(),".contains(ch));
            if !ok {
                d.push(
                    Diagnostic::new("SPEC017", format!("`{t}` is not a data type"))
                        .at(c.data_type.span, "e.g. VARCHAR, NUMBER(38,2)"),
                );
                return None;
            }
            Some(Column {
                name,
                data_type: t.to_ascii_uppercase(),
            })
        })
        .collect()
}
