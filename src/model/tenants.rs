//! Tenants: ids, derived names, isolation, warehouse choice, budgets, query tags, networks.

use std::collections::{BTreeMap, HashMap};

use ipnet::IpNet;

use crate::diag::Diagnostic;
use crate::embed_config::SecretRef;
use crate::quote::{Ident, unsafe_text_reason};
use crate::spec::{Isolation, NamingSpec, Sp, Span, TenantSpec};

use super::cost::{monitor, positive, warehouse};
use super::names::{Registry, check_length, from_pattern, identifier};
use super::{IsolationModel, Monitor, ServiceUser, SoftBudget, Tenant, Warehouse};

/// Snowflake's QUERY_TAG holds at most 2,000 characters (parameters).
pub const MAX_QUERY_TAG: usize = 2000;
/// Query-tag keys the platform sets itself.
const RESERVED_TAG_KEYS: &[&str] = &["tenant", "model"];

/// What resolving the tenants adds to the platform.
pub struct Resolved {
    pub tenants: Vec<Tenant>,
    pub warehouses: Vec<Warehouse>,
    pub monitors: Vec<Monitor>,
}

pub struct Context<'a> {
    pub naming: &'a NamingSpec,
    /// Shared warehouses by name, with where they were declared.
    pub shared_warehouses: &'a HashMap<Ident, Span>,
    pub default_recipients: &'a [String],
}

pub fn resolve(
    specs: &[TenantSpec],
    cx: &Context,
    registry: &mut Registry,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    let mut out = Resolved {
        tenants: Vec::new(),
        warehouses: Vec::new(),
        monitors: Vec::new(),
    };
    let mut values: HashMap<String, Span> = HashMap::new();
    for spec in specs {
        // An invalid or colliding id is reported, and the rest of the tenant is still checked so
        // that every error shows at once; such a tenant never reaches the platform.
        let id = identifier(&spec.id, "tenant id", diags);
        let unique = id
            .as_ref()
            .is_some_and(|id| registry.claim("tenant", id, spec.id.span, diags));
        let checked_id = id.unwrap_or_else(|| Ident::new(spec.id.value.to_ascii_uppercase()));
        let mut scratch = Registry::default();
        let names = if unique { &mut *registry } else { &mut scratch };
        if let Some(t) = tenant(spec, checked_id, cx, names, &mut out, diags)
            && unique
        {
            // Two tenants with one data value would see each other's rows.
            if let Some(first) = values.get(&t.value) {
                diags.push(
                    Diagnostic::new(
                        "SPEC012",
                        format!("two tenants have the tenant value `{}`", t.value),
                    )
                    .at(*first, "first tenant")
                    .at(
                        spec.tenant_value.as_ref().map_or(spec.id.span, |v| v.span),
                        "same value: each would see the other's rows",
                    )
                    .help("give each tenant its own `tenant_value`"),
                );
                continue;
            }
            values.insert(
                t.value.clone(),
                spec.tenant_value.as_ref().map_or(spec.id.span, |v| v.span),
            );
            out.tenants.push(t);
        }
    }
    out
}

fn tenant(
    spec: &TenantSpec,
    id: Ident,
    cx: &Context,
    registry: &mut Registry,
    out: &mut Resolved,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tenant> {
    let display_name = safe_text(&spec.display_name, "display name", diags);
    let value = tenant_value(spec, diags)?;
    let isolation = isolation(spec, diags);
    derived_file_name(&id, spec.id.span, diags);
    let role = from_pattern(&cx.naming.tenant_role, &spec.id, &id, "tenant role", diags)?;
    let pattern = |p: &Sp<String>| Some(p.span);
    registry.claim_from(
        "role",
        &role,
        spec.id.span,
        pattern(&cx.naming.tenant_role),
        diags,
    );
    let schema = if isolation.schema {
        let s = from_pattern(
            &cx.naming.tenant_schema,
            &spec.id,
            &id,
            "tenant schema",
            diags,
        )?;
        registry.claim_from(
            "schema",
            &s,
            spec.id.span,
            pattern(&cx.naming.tenant_schema),
            diags,
        );
        Some(s)
    } else {
        None
    };

    let (warehouse_name, dedicated) = match (&spec.warehouse, &spec.dedicated_warehouse) {
        (Some(_), Some(d)) => {
            diags.push(
                Diagnostic::new(
                    "SPEC041",
                    format!(
                        "tenant `{}` names both a shared and a dedicated warehouse",
                        id.as_str()
                    ),
                )
                .at(d.span, "dedicated warehouse")
                .help("keep `warehouse` to share one, or `dedicated_warehouse` for one of its own"),
            );
            return None;
        }
        (None, None) => {
            diags.push(
                Diagnostic::new(
                    "SPEC041",
                    format!("tenant `{}` has no warehouse", id.as_str()),
                )
                .at(
                    spec.id.span,
                    "add `warehouse: <shared warehouse>` or `dedicated_warehouse: {}`",
                ),
            );
            return None;
        }
        (Some(shared), None) => {
            let name = identifier(shared, "warehouse name", diags)?;
            if !cx.shared_warehouses.contains_key(&name) {
                let known: Vec<&str> = cx.shared_warehouses.keys().map(|k| k.as_str()).collect();
                let mut d = Diagnostic::new(
                    "SPEC013",
                    format!("warehouse `{}` is not declared", name.as_str()),
                )
                .at(shared.span, "not in `warehouses`");
                if let Some(best) = crate::suggest::closest(name.as_str(), known) {
                    d = d.help(format!("did you mean `{best}`?"));
                }
                diags.push(d);
                return None;
            }
            (name, false)
        }
        (None, Some(d)) => {
            let (name, span, from) = match &d.value.name {
                Some(n) => (identifier(n, "warehouse name", diags)?, n.span, None),
                None => (
                    from_pattern(
                        &cx.naming.tenant_warehouse,
                        &spec.id,
                        &id,
                        "warehouse name",
                        diags,
                    )?,
                    spec.id.span,
                    pattern(&cx.naming.tenant_warehouse),
                ),
            };
            registry.claim_from("warehouse", &name, span, from, diags);
            if let Some(m) = &d.value.monitor {
                diags.push(
                    Diagnostic::new(
                        "SPEC042",
                        "a dedicated warehouse takes its monitor from the tenant's `credit_quota`",
                    )
                    .at(m.span, "remove this")
                    .help("declare `credit_quota:` on the tenant"),
                );
            }
            let wh = warehouse(&d.value, name.clone(), Some(id.clone()), diags);
            out.warehouses.push(wh);
            (name, true)
        }
    };

    let monitor_name = match &spec.credit_quota {
        None => None,
        Some(q) if !dedicated => {
            diags.push(
                Diagnostic::new(
                    "SPEC040",
                    format!(
                        "tenant `{}` has a credit quota on the shared warehouse `{}`",
                        id.as_str(),
                        warehouse_name.as_str()
                    ),
                )
                .at(q.span, "a resource monitor on a shared warehouse would cap every tenant on it")
                .help("give the tenant a `dedicated_warehouse`, or use a `soft_budget` (an alert) on the shared one"),
            );
            None
        }
        Some(q) => {
            if let Some(a) = &q.value.account
                && a.value
            {
                diags.push(
                    Diagnostic::new("SPEC043", "a tenant's quota cannot be the account monitor")
                        .at(a.span, "remove this"),
                );
            }
            let (name, span, from) = match &q.value.name {
                Some(n) => (identifier(n, "resource monitor name", diags)?, n.span, None),
                None => (
                    from_pattern(
                        &cx.naming.tenant_monitor,
                        &spec.id,
                        &id,
                        "resource monitor name",
                        diags,
                    )?,
                    spec.id.span,
                    pattern(&cx.naming.tenant_monitor),
                ),
            };
            registry.claim_from("resource monitor", &name, span, from, diags);
            super::guard::credits(&q.value.credits, "credit quota", diags);
            out.monitors
                .push(monitor(&q.value, name.clone(), Some(id.clone()), diags));
            if let Some(wh) = out.warehouses.iter_mut().find(|w| w.name == warehouse_name) {
                wh.monitor = Some(name.clone());
            }
            Some(name)
        }
    };

    let soft_budget = spec.soft_budget.as_ref().map(|b| {
        positive(&b.value.monthly_credits, "soft budget", diags);
        super::guard::credits(&b.value.monthly_credits, "soft budget", diags);
        // The tenant's alert, BUDGET_ALERT_<id>, is a name of its own (Tenant::budget_alert).
        let alert = format!("BUDGET_ALERT_{}", id.as_str());
        check_length(&alert, spec.id.span, "budget alert name", diags);
        let mut recipients: Vec<String> = b
            .value
            .notify
            .iter()
            .filter_map(|e| super::guard::email(e, diags))
            .collect();
        if b.value.notify.is_empty() {
            recipients = cx.default_recipients.to_vec();
        }
        let webhook_integration = b
            .value
            .webhook_integration
            .as_ref()
            .and_then(|w| identifier(w, "integration name", diags));
        if recipients.is_empty() && b.value.notify.is_empty() && webhook_integration.is_none() {
            diags.push(
                Diagnostic::new("SPEC044", "a soft budget needs someone to notify")
                    .at(b.span, "no `notify` and no `budget_alerts.recipients`"),
            );
        }
        SoftBudget {
            monthly_credits: b.value.monthly_credits.value,
            recipients,
            webhook_integration,
        }
    });

    let query_tag = query_tag(&value, &spec.query_tag, spec.id.span, diags);
    let service_users = spec
        .service_users
        .iter()
        .filter_map(|u| {
            let name = identifier(&u.name, "user name", diags)?;
            registry.claim("user", &name, u.name.span, diags);
            let comment = u
                .comment
                .as_ref()
                .and_then(|c| safe_text(c, "comment", diags));
            Some(ServiceUser { name, comment })
        })
        .collect();
    let allowed_cidrs = spec
        .allowed_cidrs
        .iter()
        .filter_map(|c| cidr(c, diags))
        .collect();
    let dashboards = dashboards(&spec.dashboards, diags);

    Some(Tenant {
        display_name: display_name.unwrap_or_default(),
        isolation,
        role,
        schema,
        warehouse: warehouse_name,
        dedicated_warehouse: dedicated,
        monitor: monitor_name,
        soft_budget,
        query_tag,
        value,
        service_users,
        allowed_cidrs,
        dashboards,
        teams: if spec.teams.is_empty() {
            vec![id.as_str().to_string()]
        } else {
            spec.teams.iter().map(|t| t.value.clone()).collect()
        },
        api_key: spec
            .api_key
            .as_ref()
            .map(|k| k.value.clone())
            .unwrap_or_else(|| SecretRef::Env(format!("SNOWTENANT_API_KEY_{}", id.as_str()))),
        embed_users: super::embed::embed_users(spec, diags),
        cors_origins: super::embed::cors_origins(spec, diags),
        oauth_users: super::oauth_users::resolve(spec, &id, registry, diags),
        id,
    })
}

/// Most file systems (ext4, APFS, NTFS) cap a file name at 255 bytes; the tenant's offboarding
/// script is `offboard/<ID>.sql`, so an id longer than 251 bytes would pass the identifier limit
/// and fail when the package is written.
pub const MAX_FILE_NAME_BYTES: usize = 255;

fn derived_file_name(id: &Ident, span: Span, diags: &mut Vec<Diagnostic>) {
    let file = format!("{}.sql", id.as_str());
    // An id over the identifier limit is SPEC011 already.
    if file.len() > MAX_FILE_NAME_BYTES
        && id.as_str().chars().count() <= crate::quote::MAX_IDENT_CHARS
    {
        diags.push(
            Diagnostic::new(
                "SPEC011",
                format!(
                    "the tenant id is {} characters long; its offboarding script `offboard/{}...sql` would not fit a file name",
                    id.as_str().len(),
                    &id.as_str()[..20.min(id.as_str().len())]
                ),
            )
            .at(
                span,
                format!(
                    "at most {} characters (file names hold {MAX_FILE_NAME_BYTES} bytes)",
                    MAX_FILE_NAME_BYTES - ".sql".len()
                ),
            )
            .help("shorten the id"),
        );
    }
}

fn isolation(spec: &TenantSpec, diags: &mut Vec<Diagnostic>) -> IsolationModel {
    let mut model = IsolationModel::default();
    for i in &spec.isolation {
        let slot = match i.value {
            Isolation::Schema => &mut model.schema,
            Isolation::Row => &mut model.row,
        };
        if *slot {
            diags.push(
                Diagnostic::new("SPEC045", "isolation model listed twice").at(i.span, "duplicate"),
            );
        }
        *slot = true;
    }
    if !model.schema && !model.row {
        diags.push(
            Diagnostic::new("SPEC045", "a tenant needs an isolation model")
                .at(spec.id.span, "`isolation` is empty")
                .help("use `[schema]`, `[row]` or `[schema, row]`"),
        );
    }
    model
}

/// Text that goes into SQL string literals must be printable; it is escaped, but never blindly.
pub fn safe_text(value: &Sp<String>, what: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match unsafe_text_reason(&value.value) {
        Some(reason) => {
            diags.push(
                Diagnostic::new(
                    "SPEC050",
                    format!("this {what} cannot be embedded safely in SQL"),
                )
                .at(value.span, reason)
                .help("use printable characters only"),
            );
            None
        }
        None => Some(value.value.clone()),
    }
}

/// The tenant's data value: `tenant_value`, else the id as written (never upper-cased: rows loaded
/// with the spec's spelling must match it).
fn tenant_value(spec: &TenantSpec, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(v) = &spec.tenant_value else {
        return Some(spec.id.value.clone());
    };
    let text = safe_text(v, "tenant value", diags)?;
    if text.is_empty() || text.chars().count() > MAX_TENANT_VALUE {
        diags.push(
            Diagnostic::new(
                "SPEC050",
                format!("the tenant value must hold 1 to {MAX_TENANT_VALUE} characters"),
            )
            .at(v.span, "tenant value")
            .help("write the value the tenant's rows carry in the tenant column"),
        );
        return None;
    }
    Some(text)
}

/// A tenant value fits the mapping table's VARCHAR and a query tag with room to spare.
pub const MAX_TENANT_VALUE: usize = 256;

fn query_tag(
    id: &str,
    attrs: &BTreeMap<String, Sp<String>>,
    id_span: Span,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut tag = serde_json::Map::new();
    tag.insert("tenant".into(), id.into());
    for (key, value) in attrs {
        let key_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok || RESERVED_TAG_KEYS.contains(&key.as_str()) {
            diags.push(
                Diagnostic::new(
                    "SPEC051",
                    format!("`{key}` cannot be a query-tag attribute"),
                )
                .at(value.span, "its value")
                .help("use lower-case snake_case keys other than `tenant` and `model`"),
            );
            continue;
        }
        if let Some(v) = safe_text(value, "query-tag value", diags) {
            tag.insert(key.clone(), v.into());
        }
    }
    let text = serde_json::Value::Object(tag).to_string();
    if text.chars().count() > MAX_QUERY_TAG {
        diags.push(
            Diagnostic::new(
                "SPEC051",
                format!("the query tag is {} characters long", text.chars().count()),
            )
            .at(
                id_span,
                format!("QUERY_TAG holds at most {MAX_QUERY_TAG} characters"),
            ),
        );
    }
    text
}

fn cidr(value: &Sp<String>, diags: &mut Vec<Diagnostic>) -> Option<IpNet> {
    let parsed = value
        .value
        .parse::<IpNet>()
        .or_else(|_| value.value.parse::<std::net::IpAddr>().map(IpNet::from));
    match parsed {
        Ok(net) if net.trunc() == net => Some(net),
        Ok(net) => {
            diags.push(
                Diagnostic::new("SPEC030", format!("`{}` has host bits set", value.value))
                    .at(value.span, "not a network address")
                    .help(format!("did you mean `{}`?", net.trunc())),
            );
            None
        }
        Err(_) => {
            diags.push(
                Diagnostic::new("SPEC030", format!("`{}` is not a CIDR", value.value)).at(
                    value.span,
                    "expected e.g. `203.0.113.0/24` or `2001:db8::/32`",
                ),
            );
            None
        }
    }
}

fn dashboards(
    spec: &BTreeMap<String, Sp<String>>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, path) in spec {
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let path_ok = !path.value.is_empty()
            && !path.value.starts_with('/')
            && !path
                .value
                .split('/')
                .any(|seg| seg.is_empty() || seg == "." || seg == "..")
            && path
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c));
        if !name_ok || !path_ok {
            diags.push(
                Diagnostic::new("SPEC053", format!("dashboard `{name}` has an unusable name or workbook path"))
                    .at(path.span, "names: letters, digits, `_`, `-`; paths: relative, segments of letters, digits, `-_.`")
                    .help("e.g. `sales_distribution: workbook/Sales-Distribution-5aR2`"),
            );
            continue;
        }
        out.insert(name.clone(), path.value.clone());
    }
    out
}
