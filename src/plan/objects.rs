//! The objects a platform needs, in the order they must exist.

use crate::model::{Column, Monitor, Platform, Tenant, Warehouse};
use crate::quote::{Ident, Name};

use super::{Grant, Step};

/// Names of the governance objects every package has.
pub const MAPPING_TABLE: &str = "TENANT_ROLE_MAP";
pub const ROW_POLICY: &str = "TENANT_ISOLATION_POLICY";
pub const CURRENT_TENANT_VIEW: &str = "CURRENT_TENANT";
pub const QUERY_COST_VIEW: &str = "TENANT_QUERY_COST";
pub const WAREHOUSE_COST_VIEW: &str = "TENANT_WAREHOUSE_COST";
pub const SET_TAG_PROCEDURE: &str = "SET_CLIENT_QUERY_TAG";
pub const RESTORE_TAG_PROCEDURE: &str = "RESTORE_QUERY_TAG";

#[derive(Debug, Clone)]
pub struct MappingRow {
    pub tenant: Ident,
    pub role: Ident,
    pub warehouse: Ident,
    pub dedicated_warehouse: bool,
    pub query_tag: String,
}

#[derive(Debug, Clone)]
pub struct ViewBranch {
    pub tenant: Ident,
    pub role: Ident,
    pub source: Name,
}

#[derive(Debug, Clone)]
pub enum Object {
    Role {
        name: Ident,
        tenant: Ident,
        /// Says whose role it is, for a DBA reading SHOW ROLES.
        comment: String,
    },
    ServiceUser {
        name: Ident,
        tenant: Ident,
        default_role: Ident,
        default_warehouse: Ident,
        query_tag: String,
        comment: Option<String>,
    },
    Warehouse(Warehouse),
    Database {
        name: Ident,
    },
    Schema {
        name: Name,
        managed: bool,
        tenant: Option<Ident>,
    },
    MappingTable {
        name: Name,
        rows: Vec<MappingRow>,
    },
    TenantTable {
        name: Name,
        columns: Vec<Column>,
        tenant: Ident,
    },
    RowAccessPolicy {
        name: Name,
        mapping_table: Name,
        exempt_roles: Vec<Ident>,
    },
    SharedTable {
        name: Name,
        columns: Vec<Column>,
        tenant_column: Ident,
        policy: Name,
    },
    CrossTenantView {
        name: Name,
        columns: Vec<Column>,
        branches: Vec<ViewBranch>,
    },
    CurrentTenantView {
        name: Name,
        mapping_table: Name,
    },
    CostViews {
        query_cost: Name,
        warehouse_cost: Name,
        mapping_table: Name,
    },
    QueryTagProcedures {
        set: Name,
        restore: Name,
        current_tenant: Name,
    },
    ResourceMonitor(Monitor),
    MonitorAssignment {
        warehouse: Ident,
        monitor: Ident,
    },
    AccountMonitor {
        monitor: Ident,
    },
    ApiIntegration(crate::model::ExternalFunction),
    NotificationIntegration {
        name: Ident,
        recipients: Vec<String>,
    },
    /// Account privileges SYSADMIN needs for what the package asks of it.
    AccountPrerequisites {
        sys_admin: Ident,
        alerts: bool,
        integrations: Vec<Ident>,
    },
    ExternalFunction {
        name: Name,
        integration: Ident,
        url: String,
    },
    BudgetAlert {
        name: Name,
        tenant: Ident,
        credits: f64,
        recipients: Vec<String>,
        integration: Ident,
        warehouse: Option<Ident>,
        schedule: String,
        cost_view: Name,
    },
    Grant(Grant),
}

impl Object {
    /// The tenant the object belongs to; `None` for platform objects.
    pub fn tenant(&self) -> Option<&Ident> {
        match self {
            Object::Role { tenant, .. }
            | Object::ServiceUser { tenant, .. }
            | Object::TenantTable { tenant, .. }
            | Object::BudgetAlert { tenant, .. } => Some(tenant),
            Object::Schema { tenant, .. } => tenant.as_ref(),
            Object::Warehouse(w) => w.tenant.as_ref(),
            Object::ResourceMonitor(m) => m.tenant.as_ref(),
            Object::Grant(g) => g.tenant.as_ref(),
            _ => None,
        }
    }
}

/// The tenant role's comment: the tenant's display name and id, which the spec owns, so a
/// renamed tenant's role is re-commented on the next deploy.
fn role_comment(t: &Tenant) -> String {
    let id = t.id.as_str();
    if t.display_name.is_empty() || t.display_name == id {
        format!("Tenant role of {id}")
    } else {
        format!("Tenant role of {} ({id})", t.display_name)
    }
}

pub fn plan_objects(p: &Platform, out: &mut Vec<(Step, Object)>) {
    let mapping_table = p.governance(MAPPING_TABLE);
    let policy = p.governance(ROW_POLICY);
    let current_tenant = p.governance(CURRENT_TENANT_VIEW);

    for t in &p.tenants {
        out.push((
            Step::Roles,
            Object::Role {
                name: t.role.clone(),
                tenant: t.id.clone(),
                comment: role_comment(t),
            },
        ));
        for u in &t.service_users {
            out.push((
                Step::Roles,
                Object::ServiceUser {
                    name: u.name.clone(),
                    tenant: t.id.clone(),
                    default_role: t.role.clone(),
                    default_warehouse: t.warehouse.clone(),
                    query_tag: t.query_tag.clone(),
                    comment: u.comment.clone(),
                },
            ));
        }
    }
    for w in &p.warehouses {
        out.push((Step::Warehouses, Object::Warehouse(w.clone())));
    }

    out.push((
        Step::Database,
        Object::Database {
            name: p.database.clone(),
        },
    ));
    for schema in [&p.gold_schema, &p.governance_schema] {
        out.push((
            Step::Database,
            Object::Schema {
                name: Name::of(&[&p.database, schema]),
                managed: true,
                tenant: None,
            },
        ));
    }
    for t in &p.tenants {
        if let Some(schema) = &t.schema {
            out.push((
                Step::Database,
                Object::Schema {
                    name: Name::of(&[&p.database, schema]),
                    managed: true,
                    tenant: Some(t.id.clone()),
                },
            ));
            if let Some(v) = &p.cross_tenant_view {
                out.push((
                    Step::Database,
                    Object::TenantTable {
                        name: Name::of(&[&p.database, schema, &v.source_table]),
                        columns: v.columns.clone(),
                        tenant: t.id.clone(),
                    },
                ));
            }
        }
    }
    out.push((
        Step::Database,
        Object::MappingTable {
            name: mapping_table.clone(),
            rows: p.tenants.iter().map(mapping_row).collect(),
        },
    ));

    out.push((
        Step::Policies,
        Object::RowAccessPolicy {
            name: policy.clone(),
            mapping_table: mapping_table.clone(),
            exempt_roles: p.exempt_roles.clone(),
        },
    ));
    for table in &p.shared_tables {
        out.push((
            Step::Policies,
            Object::SharedTable {
                name: p.gold(&table.name),
                columns: table.columns.clone(),
                tenant_column: table.tenant_column.clone(),
                policy: policy.clone(),
            },
        ));
    }

    if let Some(v) = &p.cross_tenant_view {
        let branches = p
            .tenants
            .iter()
            .filter_map(|t| {
                let schema = t.schema.as_ref()?;
                Some(ViewBranch {
                    tenant: t.id.clone(),
                    role: t.role.clone(),
                    source: Name::of(&[&p.database, schema, &v.source_table]),
                })
            })
            .collect();
        out.push((
            Step::Views,
            Object::CrossTenantView {
                name: p.gold(&v.name),
                columns: v.columns.clone(),
                branches,
            },
        ));
    }
    out.push((
        Step::Views,
        Object::CurrentTenantView {
            name: current_tenant.clone(),
            mapping_table: mapping_table.clone(),
        },
    ));
    out.push((
        Step::Views,
        Object::CostViews {
            query_cost: p.governance(QUERY_COST_VIEW),
            warehouse_cost: p.governance(WAREHOUSE_COST_VIEW),
            mapping_table: mapping_table.clone(),
        },
    ));
    out.push((
        Step::Procedures,
        Object::QueryTagProcedures {
            set: p.governance(SET_TAG_PROCEDURE),
            restore: p.governance(RESTORE_TAG_PROCEDURE),
            current_tenant,
        },
    ));

    for m in &p.monitors {
        out.push((Step::Monitors, Object::ResourceMonitor(m.clone())));
        if m.account {
            out.push((
                Step::Monitors,
                Object::AccountMonitor {
                    monitor: m.name.clone(),
                },
            ));
        }
    }
    for w in &p.warehouses {
        if let Some(m) = &w.monitor {
            out.push((
                Step::Monitors,
                Object::MonitorAssignment {
                    warehouse: w.name.clone(),
                    monitor: m.clone(),
                },
            ));
        }
    }
    let mut integrations = Vec::new();
    if let Some(b) = &p.budget_alerts {
        let mut recipients: Vec<String> = p
            .tenants
            .iter()
            .filter_map(|t| t.soft_budget.as_ref())
            .flat_map(|b| b.recipients.clone())
            .collect();
        recipients.sort();
        recipients.dedup();
        out.push((
            Step::Integrations,
            Object::NotificationIntegration {
                name: b.notification_integration.clone(),
                recipients,
            },
        ));
        integrations.push(b.notification_integration.clone());
    }
    if let Some(f) = &p.external_function {
        out.push((Step::Integrations, Object::ApiIntegration(f.clone())));
        integrations.push(f.integration.clone());
    }
    out.push((
        Step::Integrations,
        Object::AccountPrerequisites {
            sys_admin: p.admin.sys_admin.clone(),
            alerts: p.budget_alerts.is_some(),
            integrations,
        },
    ));
    if let Some(f) = &p.external_function {
        out.push((
            Step::ExternalFunctions,
            Object::ExternalFunction {
                name: p.governance(f.function.as_str()),
                integration: f.integration.clone(),
                url: f.endpoint_url.clone(),
            },
        ));
    }
    if let Some(b) = &p.budget_alerts {
        for t in &p.tenants {
            let Some(budget) = &t.soft_budget else {
                continue;
            };
            out.push((
                Step::Alerts,
                Object::BudgetAlert {
                    name: p.governance(t.budget_alert().as_str()),
                    tenant: t.id.clone(),
                    credits: budget.monthly_credits,
                    recipients: budget.recipients.clone(),
                    integration: b.notification_integration.clone(),
                    warehouse: b.warehouse.clone(),
                    schedule: b.schedule.clone(),
                    cost_view: p.governance(QUERY_COST_VIEW),
                },
            ));
        }
    }
}

fn mapping_row(t: &Tenant) -> MappingRow {
    MappingRow {
        tenant: t.id.clone(),
        role: t.role.clone(),
        warehouse: t.warehouse.clone(),
        dedicated_warehouse: t.dedicated_warehouse,
        query_tag: t.query_tag.clone(),
    }
}

/// Kind and name of an object for the inventory; grants are not objects.
pub fn describe(o: &Object) -> Option<(&'static str, String)> {
    Some(match o {
        Object::Role { name, .. } => ("role", name.to_string()),
        Object::ServiceUser { name, .. } => ("user", name.to_string()),
        Object::Warehouse(w) => ("warehouse", w.name.to_string()),
        Object::Database { name } => ("database", name.to_string()),
        Object::Schema { name, .. } => ("schema", name.to_string()),
        Object::MappingTable { name, .. }
        | Object::TenantTable { name, .. }
        | Object::SharedTable { name, .. } => ("table", name.to_string()),
        Object::RowAccessPolicy { name, .. } => ("row_access_policy", name.to_string()),
        Object::CrossTenantView { name, .. } | Object::CurrentTenantView { name, .. } => {
            ("secure_view", name.to_string())
        }
        Object::CostViews {
            query_cost,
            warehouse_cost,
            ..
        } => ("views", format!("{query_cost}, {warehouse_cost}")),
        Object::QueryTagProcedures { set, restore, .. } => {
            ("procedures", format!("{set}, {restore}"))
        }
        Object::ResourceMonitor(m) => ("resource_monitor", m.name.to_string()),
        Object::ApiIntegration(f) => ("api_integration", f.integration.to_string()),
        Object::NotificationIntegration { name, .. } => {
            ("notification_integration", name.to_string())
        }
        Object::ExternalFunction { name, .. } => ("external_function", name.to_string()),
        Object::BudgetAlert { name, .. } => ("alert", name.to_string()),
        Object::MonitorAssignment { .. }
        | Object::AccountMonitor { .. }
        | Object::AccountPrerequisites { .. }
        | Object::Grant(_) => return None,
    })
}
