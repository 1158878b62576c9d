//! What the site says about the package and each tenant, gathered from the audit's model, its
//! ownership, the statements as they were parsed ([`Observed`]), the manifest and
//! `embed/config.json`. Nothing here parses SQL text.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::audit::Context;
use crate::audit::input::text;
use crate::audit::names::object;
use crate::sqlcheck::ast::{MonitorProps, SnowflakeStatement};
use crate::sqlcheck::{Checked, Typed};

/// Facts the access model does not keep, collected from each typed statement in the audit's
/// single parsing pass ([`crate::audit::PackageInput::from_files_observed`]).
#[derive(Debug, Default)]
pub struct Observed {
    /// Statements by kind (`Grant`, `CreateResourceMonitor`...).
    pub kinds: BTreeMap<String, usize>,
    /// Resource monitor to its last CREDIT_QUOTA and FREQUENCY.
    pub monitors: BTreeMap<String, MonitorFacts>,
}

/// A resource monitor's quota and frequency, as last set.
#[derive(Debug, Default, Clone)]
pub struct MonitorFacts {
    pub quota: Option<String>,
    pub frequency: Option<String>,
}

impl Observed {
    /// Folds one parsed statement.
    pub fn observe(&mut self, c: &Checked) {
        *self.kinds.entry(c.stmt.kind()).or_insert(0) += 1;
        if let Typed::Snowflake(s) = &c.stmt {
            match s.as_ref() {
                SnowflakeStatement::CreateResourceMonitor(m) => {
                    self.monitor(&object(&m.name), Some(&m.props));
                }
                SnowflakeStatement::AlterResourceMonitor(m) => {
                    self.monitor(&object(&m.name), m.set.as_ref());
                }
                _ => {}
            }
        }
    }

    fn monitor(&mut self, name: &str, props: Option<&MonitorProps>) {
        let entry = self.monitors.entry(name.to_string()).or_default();
        let Some(props) = props else { return };
        if let Some(q) = &props.credit_quota {
            entry.quota = Some(q.to_string());
        }
        if let Some(f) = props.frequency {
            entry.frequency = Some(format!("{f:?}").to_ascii_uppercase());
        }
    }
}

/// One tenant, as its page shows it.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    pub id: String,
    pub display_name: String,
    /// The page's file name under `tenants/`.
    pub file: String,
    pub role: String,
    /// Users granted the role directly (Sigma's connection user excluded).
    pub users: Vec<String>,
    /// Whether Sigma's connection user holds the role.
    pub sigma_user: Option<String>,
    pub schemas: Vec<String>,
    pub tables: Vec<String>,
    pub warehouse: Option<String>,
    pub dedicated_warehouse: bool,
    /// `(monitor, quota, frequency, triggers)`.
    pub monitor: Option<(String, String, String, String)>,
    /// Soft budget alerts: `(alert, resumed, condition)`.
    pub budgets: Vec<(String, bool, String)>,
    pub query_tag: Option<String>,
    /// `(dashboard key, workbook)`.
    pub dashboards: Vec<(String, String)>,
    pub allowed_cidrs: Vec<String>,
}

/// A file name for a tenant's page: letters, digits, `_` and `-` kept, anything else as `~XX`
/// (hex), so any tenant id gives a distinct, portable name.
pub fn page_name(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("~{b:02X}"));
        }
    }
    format!("{out}.html")
}

/// Every tenant, in id order.
pub fn tenants(ctx: &Context, observed: &Observed) -> Vec<Tenant> {
    let m = ctx.model;
    let own = &ctx.own;
    // One pass over the ownership index: tenant to its objects.
    let mut owned: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, tenant) in &own.tenant_of {
        owned.entry(tenant).or_default().push(name);
    }
    let mut role_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (role, tenant) in &own.role_tenant {
        role_of.entry(tenant).or_insert(role);
    }
    let mut users_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (role, user) in m.user_grants.keys() {
        users_of.entry(role).or_default().push(user);
    }
    let tags = mapping_column(ctx, "QUERY_TAG");
    // One budget alert reads a budget table (rows merged with TENANT_ID and MONTHLY_CREDITS): a
    // tenant with a row there is covered by every alert no tenant owns.
    let mut budgeted: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for rows in m.merged.values() {
        let col = |n: &str| rows.columns.iter().position(|c| c == n);
        if let (Some(t), Some(_)) = (col("TENANT_ID"), col("MONTHLY_CREDITS")) {
            budgeted.extend(rows.rows.iter().filter_map(|r| text(r.get(t))));
        }
    }
    let shared_alerts: Vec<(String, bool, String)> = m
        .alerts
        .iter()
        .filter(|(name, _)| !own.tenant_of.contains_key(*name))
        .map(|(name, a)| (name.to_string(), a.resumed, a.condition.clone()))
        .collect();
    let embed = embed_tenants(ctx.input.embed.as_ref());
    let sigma = ctx.input.sigma_user.as_deref();
    own.tenants
        .iter()
        .map(|id| {
            let role = role_of.get(id.as_str()).copied().unwrap_or("").to_string();
            let mut t = Tenant {
                id: id.clone(),
                display_name: id.clone(),
                file: page_name(id),
                role: role.clone(),
                query_tag: tags.get(id).cloned(),
                ..Tenant::default()
            };
            for user in users_of.get(role.as_str()).into_iter().flatten() {
                if Some(*user) == sigma {
                    t.sigma_user = Some(user.to_string());
                } else {
                    t.users.push(user.to_string());
                }
            }
            for name in owned.get(id.as_str()).into_iter().flatten() {
                if m.schemas.contains_key(*name) {
                    t.schemas.push(name.to_string());
                } else if m.relations.contains_key(*name) {
                    t.tables.push(name.to_string());
                } else if let Some(alert) = m.alerts.get(*name) {
                    t.budgets
                        .push((name.to_string(), alert.resumed, alert.condition.clone()));
                }
            }
            if t.budgets.is_empty() && budgeted.contains(id.as_str()) {
                t.budgets.extend(shared_alerts.iter().cloned());
            }
            if let Some((wh, dedicated)) = own.warehouse.get(id) {
                t.warehouse = Some(wh.clone());
                t.dedicated_warehouse = *dedicated;
            }
            if let Some(wh) = &t.warehouse
                && let Some((monitor, _)) = m.warehouse_monitor.get(wh)
            {
                let facts = observed.monitors.get(monitor).cloned().unwrap_or_default();
                let triggers = m
                    .monitors
                    .get(monitor)
                    .map(|mon| {
                        mon.triggers
                            .iter()
                            // The model keeps the action as one word.
                            .map(|(p, a)| {
                                format!(
                                    "{p}% {}",
                                    a.replace("SUSPENDIMMEDIATE", "SUSPEND_IMMEDIATE")
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                t.monitor = Some((
                    monitor.clone(),
                    facts.quota.unwrap_or_else(|| "-".into()),
                    // A monitor without FREQUENCY resets monthly (sql/create-resource-monitor).
                    facts.frequency.unwrap_or_else(|| "MONTHLY".into()),
                    triggers,
                ));
            }
            if let Some(e) = embed.get(id.as_str()) {
                if let Some(name) = e.get("display_name").and_then(Value::as_str) {
                    t.display_name = name.to_string();
                }
                if let Some(d) = e.get("dashboards").and_then(Value::as_object) {
                    t.dashboards = d
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .collect();
                }
                if let Some(c) = e.get("allowed_cidrs").and_then(Value::as_array) {
                    t.allowed_cidrs = c
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                }
            }
            t
        })
        .collect()
}

/// A column of the mapping table's merged rows, by tenant.
fn mapping_column(ctx: &Context, column: &str) -> BTreeMap<String, String> {
    let Some((map, _)) = &ctx.own.mapping else {
        return BTreeMap::new();
    };
    let Some(rows) = ctx.model.merged.get(map) else {
        return BTreeMap::new();
    };
    let col = |n: &str| rows.columns.iter().position(|c| c == n);
    let (Some(t), Some(c)) = (col("TENANT_ID"), col(column)) else {
        return BTreeMap::new();
    };
    rows.rows
        .iter()
        .filter_map(|r| Some((text(r.get(t))?, text(r.get(c))?)))
        .collect()
}

/// `embed/config.json`'s tenants by id.
fn embed_tenants(embed: Option<&Value>) -> BTreeMap<&str, &Value> {
    embed
        .and_then(|e| e.get("tenants"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t.get("id")?.as_str()?, t)))
        .collect()
}
