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
/// Soft budgets: one row per tenant, read by the one budget alert.
pub const BUDGET_TABLE: &str = "TENANT_BUDGET";
/// Notifications sent, one row per tenant and period, so a crossing is notified once.
pub const BUDGET_NOTIFICATIONS_TABLE: &str = "TENANT_BUDGET_NOTIFICATIONS";
/// Each budgeted tenant's credits in the current period, and whether it was notified.
pub const BUDGET_STATUS_VIEW: &str = "TENANT_BUDGET_STATUS";
/// Sends the due notifications and records them.
pub const BUDGET_PROCEDURE: &str = "NOTIFY_TENANT_BUDGETS";
/// The one scheduled alert over every tenant's budget.
pub const BUDGET_ALERT: &str = "TENANT_BUDGET_ALERT";

/// One tenant's soft budget as the budget table holds it.
#[derive(Debug, Clone)]
pub struct BudgetRow {
    pub tenant: Ident,
    /// The tenant's data value (`Tenant::value`): what `TENANT_ID` holds.
    pub value: String,
    pub monthly_credits: f64,
    /// Comma-separated verified emails (may be empty when a webhook is given).
    pub recipients: String,
    pub webhook_integration: Option<Ident>,
}

#[derive(Debug, Clone)]
pub struct MappingRow {
    pub tenant: Ident,
    /// The tenant's data value (`Tenant::value`): what `TENANT_ID` holds, and what the policy
    /// compares with the tenant column.
    pub value: String,
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
    /// The budget table (merged from the spec) and the sent-notifications table.
    BudgetTables {
        budget: Name,
        notifications: Name,
        rows: Vec<BudgetRow>,
    },
    /// Each budgeted tenant's credits in the current calendar month (UTC), by role.
    BudgetStatusView {
        name: Name,
        budget: Name,
        notifications: Name,
        mapping_table: Name,
    },
    /// Mails (and posts to webhooks) the tenants due a notification, then records them.
    BudgetProcedure {
        name: Name,
        status_view: Name,
        notifications: Name,
        integration: Ident,
    },
    /// One scheduled alert for every tenant's budget.
    BudgetAlert {
        name: Name,
        warehouse: Option<Ident>,
        schedule: String,
        status_view: Name,
        procedure: Name,
    },
    /// The role dbt runs as: creates tenant and shared models, attaches the row access policy,
    /// holds no tenant role.
    DbtRole {
        name: Ident,
    },
    Grant(Grant),
}

impl Object {
    /// The tenant the object belongs to; `None` for platform objects.
    pub fn tenant(&self) -> Option<&Ident> {
        match self {
            Object::Role { tenant, .. }
            | Object::ServiceUser { tenant, .. }
            | Object::TenantTable { tenant, .. } => Some(tenant),
            Object::Schema { tenant, .. } => tenant.as_ref(),
            Object::Warehouse(w) => w.tenant.as_ref(),
            Object::ResourceMonitor(m) => m.tenant.as_ref(),
            Object::Grant(g) => g.tenant.as_ref(),
            _ => None,
        }
    }
}

/// The tenant role's comment: the tenant id only. SHOW ROLES lists every role's comment to any
/// role in the account (https://docs.snowflake.com/en/sql-reference/sql/show-roles), so a
/// customer's display name there would tell every tenant who the other customers are.
fn role_comment(t: &Tenant) -> String {
    format!("Tenant role of {}", t.id.as_str())
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
    let budgets = p.budget_alerts.as_ref().map(|b| Budgets {
        alerts: b,
        table: p.governance(BUDGET_TABLE),
        notifications: p.governance(BUDGET_NOTIFICATIONS_TABLE),
        status_view: p.governance(BUDGET_STATUS_VIEW),
        procedure: p.governance(BUDGET_PROCEDURE),
    });
    if let Some(b) = &budgets {
        out.push((
            Step::Database,
            Object::BudgetTables {
                budget: b.table.clone(),
                notifications: b.notifications.clone(),
                rows: p.tenants.iter().filter_map(budget_row).collect(),
            },
        ));
    }

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
    if let Some(b) = &budgets {
        out.push((
            Step::Views,
            Object::BudgetStatusView {
                name: b.status_view.clone(),
                budget: b.table.clone(),
                notifications: b.notifications.clone(),
                mapping_table: mapping_table.clone(),
            },
        ));
        out.push((
            Step::Procedures,
            Object::BudgetProcedure {
                name: b.procedure.clone(),
                status_view: b.status_view.clone(),
                notifications: b.notifications.clone(),
                integration: b.alerts.notification_integration.clone(),
            },
        ));
    }
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
        // Webhook integrations (customer-facing, one per tenant that asks) are created by the
        // operator with the customer's secret; the alert's owner needs USAGE on each.
        let mut webhooks: Vec<Ident> = p
            .tenants
            .iter()
            .filter_map(|t| t.soft_budget.as_ref()?.webhook_integration.clone())
            .collect();
        webhooks.sort();
        webhooks.dedup();
        integrations.extend(webhooks);
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
    if let Some(b) = &budgets {
        out.push((
            Step::Alerts,
            Object::BudgetAlert {
                name: p.governance(BUDGET_ALERT),
                warehouse: b.alerts.warehouse.clone(),
                schedule: b.alerts.schedule.clone(),
                status_view: b.status_view.clone(),
                procedure: b.procedure.clone(),
            },
        ));
    }
    if let Some(dbt) = &p.dbt_role {
        out.push((Step::Roles, Object::DbtRole { name: dbt.clone() }));
    }
}

/// The names of the budget objects, when the spec has budget alerts.
struct Budgets<'a> {
    alerts: &'a crate::model::BudgetAlerts,
    table: Name,
    notifications: Name,
    status_view: Name,
    procedure: Name,
}

fn budget_row(t: &Tenant) -> Option<BudgetRow> {
    let b = t.soft_budget.as_ref()?;
    Some(BudgetRow {
        tenant: t.id.clone(),
        value: t.value.clone(),
        monthly_credits: b.monthly_credits,
        recipients: b.recipients.join(", "),
        webhook_integration: b.webhook_integration.clone(),
    })
}

pub fn mapping_row(t: &Tenant) -> MappingRow {
    MappingRow {
        tenant: t.id.clone(),
        value: t.value.clone(),
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
        Object::BudgetTables {
            budget,
            notifications,
            ..
        } => ("tables", format!("{budget}, {notifications}")),
        Object::BudgetStatusView { name, .. } => ("view", name.to_string()),
        Object::BudgetProcedure { name, .. } => ("procedure", name.to_string()),
        Object::DbtRole { name } => ("role", name.to_string()),
        Object::MonitorAssignment { .. }
        | Object::AccountMonitor { .. }
        | Object::AccountPrerequisites { .. }
        | Object::Grant(_) => return None,
    })
}
