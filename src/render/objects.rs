//! One function per planned object, each filling the templates it needs.

use askama::Template;

use crate::model::{Column, Frequency, Monitor, TriggerAction, Warehouse};
use crate::plan::{BudgetRow, Grant, GrantTarget, MappingRow, Object, ViewBranch};
use crate::quote::{Ident, Name, SqlString};

/// The templates, one statement each.
mod t {
    use super::*;

    macro_rules! template {
        ($name:ident, $path:literal, { $($field:ident : $ty:ty),* $(,)? }) => {
            #[derive(Template)]
            #[template(path = $path, escape = "none")]
            pub struct $name<'a> { $(pub $field: $ty,)* pub _life: std::marker::PhantomData<&'a ()> }
        };
    }

    template!(CreateRole, "sql/create_role.sql", { name: &'a Ident, comment: SqlString });
    template!(AlterRole, "sql/alter_role.sql", { name: &'a Ident, comment: SqlString });
    template!(CreateUser, "sql/create_user.sql", { name: &'a Ident, role: &'a Ident, warehouse: &'a Ident, comment: Option<SqlString> });
    template!(AlterUser, "sql/alter_user.sql", { name: &'a Ident, role: &'a Ident, warehouse: &'a Ident, query_tag: SqlString });
    template!(CreateWarehouse, "sql/create_warehouse.sql", { name: &'a Ident, props: String, initially_suspended: Option<&'static str> });
    template!(AlterWarehouse, "sql/alter_warehouse.sql", { name: &'a Ident, props: String });
    template!(CreateDatabase, "sql/create_database.sql", { name: &'a Ident });
    template!(CreateSchema, "sql/create_schema.sql", { name: &'a Name });
    template!(CreateTable, "sql/create_table.sql", { name: &'a Name, columns: &'a [Column], policy: Option<(&'a Name, &'a Ident)> });
    template!(CreateMappingTable, "sql/create_mapping_table.sql", { name: &'a Name });
    template!(MergeMappingTable, "sql/merge_mapping_table.sql", { name: &'a Name, rows: Vec<(SqlString, SqlString, SqlString, &'static str, SqlString)> });
    template!(DeleteMappingRows, "sql/delete_mapping_rows.sql", { name: &'a Name, tenants: Vec<SqlString> });
    template!(PolicyBody, "sql/row_access_policy_body.sql", { exempt: Vec<SqlString>, mapping_table: &'a Name });
    template!(CreatePolicy, "sql/create_row_access_policy.sql", { name: &'a Name, body: &'a str });
    template!(AlterPolicy, "sql/alter_row_access_policy.sql", { name: &'a Name, body: &'a str });
    template!(CrossTenantView, "sql/cross_tenant_view.sql", { name: &'a Name, columns: &'a [Column], branches: &'a [ViewBranch] });
    template!(CurrentTenantView, "sql/current_tenant_view.sql", { name: &'a Name, mapping_table: &'a Name });
    template!(QueryCostView, "sql/query_cost_view.sql", { name: &'a Name, mapping_table: &'a Name });
    template!(CreateBudgetTable, "sql/create_budget_table.sql", { name: &'a Name });
    template!(CreateBudgetNotificationsTable, "sql/create_budget_notifications_table.sql", { name: &'a Name });
    template!(MergeBudgetTable, "sql/merge_budget_table.sql", { name: &'a Name, rows: Vec<(SqlString, String, SqlString, String)> });
    template!(BudgetStatusView, "sql/budget_status_view.sql", { name: &'a Name, budget: &'a Name, notifications: &'a Name, mapping_table: &'a Name });
    template!(BudgetProcedure, "sql/budget_procedure.sql", { name: &'a Name, notifications_text: String, status_text: String, due_sql: String, record_sql: String, integration: String });
    template!(GrantDatabaseRole, "sql/grant_database_role.sql", { role: &'static str, grantee: &'a Ident });
    template!(WarehouseCostView, "sql/warehouse_cost_view.sql", { name: &'a Name, mapping_table: &'a Name });
    template!(SetTagProcedure, "sql/set_query_tag_procedure.sql", { name: &'a Name, name_text: String, with_model: bool, current_tenant_sql: String, max_tag: usize });
    template!(RestoreTagProcedure, "sql/restore_query_tag_procedure.sql", { name: &'a Name, name_text: String, max_tag: usize });
    template!(CreateMonitor, "sql/create_resource_monitor.sql", { name: &'a Ident, quota: String, frequency: Option<&'static str>, notify_users: &'a [Ident], triggers: Vec<(u32, &'static str)> });
    template!(AlterMonitor, "sql/alter_resource_monitor.sql", { name: &'a Ident, quota: String, notify_users: &'a [Ident] });
    template!(AssignMonitor, "sql/assign_monitor.sql", { warehouse: Option<&'a Ident>, monitor: &'a Ident });
    template!(CreateApiIntegration, "sql/create_api_integration.sql", { name: &'a Ident, provider: &'a str, properties: Vec<(&'static str, SqlString)>, prefixes: Vec<SqlString> });
    template!(AlterApiIntegration, "sql/alter_api_integration.sql", { name: &'a Ident, properties: Vec<(&'static str, SqlString)>, prefixes: Vec<SqlString> });
    template!(CreateNotificationIntegration, "sql/create_notification_integration.sql", { name: &'a Ident, recipients: Vec<SqlString> });
    template!(AlterNotificationIntegration, "sql/alter_notification_integration.sql", { name: &'a Ident, recipients: Vec<SqlString> });
    template!(UnsetAllowedRecipients, "sql/unset_allowed_recipients.sql", { name: &'a Ident });
    template!(CreateExternalFunction, "sql/create_external_function.sql", { name: &'a Name, integration: &'a Ident, url: SqlString });
    template!(CreateAlert, "sql/create_alert.sql", { name: &'a Name, warehouse: Option<&'a Ident>, schedule: SqlString, status_view: &'a Name, procedure: &'a Name });
    template!(ResumeAlert, "sql/resume_alert.sql", { name: &'a Name });
    template!(GrantRole, "sql/grant_role.sql", { role: &'a Ident, to_user: bool, grantee: &'a Ident });
    template!(GrantPrivilege, "sql/grant_privilege.sql", { privileges: &'a str, on: String, grantee: &'a Ident });
}

use std::marker::PhantomData as P;

/// Renders a template; they only format values, so failure means a broken template (a bug).
fn sql(t: impl Template) -> String {
    t.render()
        .expect("SQL templates only format infallible values")
}

pub fn render_object(object: &Object) -> Vec<(&'static str, String)> {
    match object {
        Object::Role { name, comment, .. } => {
            let comment = SqlString::new(comment.clone());
            vec![
                (
                    "create_role",
                    sql(t::CreateRole {
                        name,
                        comment: comment.clone(),
                        _life: P,
                    }),
                ),
                // CREATE ... IF NOT EXISTS leaves an existing role's comment as it was.
                (
                    "alter_role",
                    sql(t::AlterRole {
                        name,
                        comment,
                        _life: P,
                    }),
                ),
            ]
        }
        Object::ServiceUser {
            name,
            default_role,
            default_warehouse,
            query_tag,
            comment,
            ..
        } => vec![
            (
                "create_user",
                sql(t::CreateUser {
                    name,
                    role: default_role,
                    warehouse: default_warehouse,
                    comment: comment.clone().map(SqlString::new),
                    _life: P,
                }),
            ),
            (
                "alter_user",
                // CREATE ... IF NOT EXISTS leaves an existing user as it was; ALTER converges it
                // (e.g. a tenant moved to a dedicated warehouse).
                sql(t::AlterUser {
                    name,
                    role: default_role,
                    warehouse: default_warehouse,
                    query_tag: SqlString::new(query_tag.clone()),
                    _life: P,
                }),
            ),
        ],
        Object::Warehouse(w) => warehouse(w),
        Object::Database { name } => {
            vec![("create_database", sql(t::CreateDatabase { name, _life: P }))]
        }
        Object::Schema { name, .. } => {
            vec![("create_schema", sql(t::CreateSchema { name, _life: P }))]
        }
        Object::MappingTable { name, rows } => mapping_table(name, rows),
        Object::TenantTable { name, columns, .. } => {
            vec![(
                "create_table",
                sql(t::CreateTable {
                    name,
                    columns,
                    policy: None,
                    _life: P,
                }),
            )]
        }
        Object::RowAccessPolicy {
            name,
            mapping_table,
            exempt_roles,
        } => {
            let body = sql(t::PolicyBody {
                exempt: exempt_roles.iter().map(Ident::literal).collect(),
                mapping_table,
                _life: P,
            });
            vec![
                (
                    "create_row_access_policy",
                    sql(t::CreatePolicy {
                        name,
                        body: &body,
                        _life: P,
                    }),
                ),
                (
                    "alter_row_access_policy",
                    sql(t::AlterPolicy {
                        name,
                        body: &body,
                        _life: P,
                    }),
                ),
            ]
        }
        Object::SharedTable {
            name,
            columns,
            tenant_column,
            policy,
        } => {
            vec![(
                "create_table",
                sql(t::CreateTable {
                    name,
                    columns,
                    policy: Some((policy, tenant_column)),
                    _life: P,
                }),
            )]
        }
        Object::CrossTenantView {
            name,
            columns,
            branches,
        } if !branches.is_empty() => {
            vec![(
                "create_secure_view",
                sql(t::CrossTenantView {
                    name,
                    columns,
                    branches,
                    _life: P,
                }),
            )]
        }
        Object::CrossTenantView { .. } => Vec::new(),
        Object::CurrentTenantView {
            name,
            mapping_table,
        } => {
            vec![(
                "create_secure_view",
                sql(t::CurrentTenantView {
                    name,
                    mapping_table,
                    _life: P,
                }),
            )]
        }
        Object::CostViews {
            query_cost,
            warehouse_cost,
            mapping_table,
        } => vec![
            // Attribution by role: QUERY_HISTORY.ROLE_NAME joined to the mapping table
            // (https://docs.snowflake.com/en/sql-reference/account-usage/query_history), the
            // credits from QUERY_ATTRIBUTION_HISTORY by QUERY_ID
            // (https://docs.snowflake.com/en/sql-reference/account-usage/query_attribution_history).
            // Sigma's sessions run as the tenant role it switches to, so they count for that
            // tenant; the query tag, which any session can set, is kept as detail only.
            (
                "create_view",
                sql(t::QueryCostView {
                    name: query_cost,
                    mapping_table,
                    _life: P,
                }),
            ),
            (
                "create_view",
                sql(t::WarehouseCostView {
                    name: warehouse_cost,
                    mapping_table,
                    _life: P,
                }),
            ),
        ],
        Object::QueryTagProcedures {
            set,
            restore,
            current_tenant,
        } => {
            let current_tenant_sql = serde_json::Value::String(format!(
                "SELECT TENANT_ID, QUERY_TAG FROM {current_tenant}"
            ))
            .to_string();
            let max_tag = crate::model::MAX_QUERY_TAG;
            let set_proc = |with_model| t::SetTagProcedure {
                name: set,
                name_text: set.last().as_str().to_string(),
                with_model,
                current_tenant_sql: current_tenant_sql.clone(),
                max_tag,
                _life: P,
            };
            vec![
                ("create_procedure", sql(set_proc(false))),
                ("create_procedure", sql(set_proc(true))),
                (
                    "create_procedure",
                    sql(t::RestoreTagProcedure {
                        name: restore,
                        name_text: restore.last().as_str().to_string(),
                        max_tag,
                        _life: P,
                    }),
                ),
            ]
        }
        Object::ResourceMonitor(m) => monitor(m),
        Object::MonitorAssignment { warehouse, monitor } => {
            vec![(
                "alter_warehouse",
                sql(t::AssignMonitor {
                    warehouse: Some(warehouse),
                    monitor,
                    _life: P,
                }),
            )]
        }
        Object::AccountMonitor { monitor } => vec![(
            "alter_account",
            sql(t::AssignMonitor {
                warehouse: None,
                monitor,
                _life: P,
            }),
        )],
        Object::ApiIntegration(f) => api_integration(f),
        Object::NotificationIntegration { name, recipients } => {
            notification_integration(name, recipients)
        }
        Object::AccountPrerequisites {
            sys_admin,
            alerts,
            integrations,
        } => {
            // The cost views read QUERY_ATTRIBUTION_HISTORY and WAREHOUSE_METERING_HISTORY
            // (USAGE_VIEWER) and QUERY_HISTORY (GOVERNANCE_VIEWER); these database roles give
            // exactly those views, where IMPORTED PRIVILEGES would open all of the SNOWFLAKE
            // database (https://docs.snowflake.com/en/sql-reference/snowflake-db-roles).
            let mut out: Vec<(&'static str, String)> =
                ["SNOWFLAKE.USAGE_VIEWER", "SNOWFLAKE.GOVERNANCE_VIEWER"]
                    .into_iter()
                    .map(|role| {
                        (
                            "grant_database_role",
                            sql(t::GrantDatabaseRole {
                                role,
                                grantee: sys_admin,
                                _life: P,
                            }),
                        )
                    })
                    .collect();
            if *alerts {
                out.push(account_grant("EXECUTE ALERT", "ACCOUNT".into(), sys_admin));
                out.push(account_grant(
                    "EXECUTE MANAGED ALERT",
                    "ACCOUNT".into(),
                    sys_admin,
                ));
            }
            for i in integrations {
                out.push(account_grant(
                    "USAGE",
                    format!("INTEGRATION {i}"),
                    sys_admin,
                ));
            }
            out
        }
        Object::ExternalFunction {
            name,
            integration,
            url,
        } => vec![(
            "create_external_function",
            sql(t::CreateExternalFunction {
                name,
                integration,
                url: SqlString::new(url.clone()),
                _life: P,
            }),
        )],
        Object::BudgetTables {
            budget,
            notifications,
            rows,
        } => budget_tables(budget, notifications, rows),
        Object::BudgetStatusView {
            name,
            budget,
            notifications,
            mapping_table,
        } => vec![(
            "create_view",
            sql(t::BudgetStatusView {
                name,
                budget,
                notifications,
                mapping_table,
                _life: P,
            }),
        )],
        Object::BudgetProcedure {
            name,
            status_view,
            notifications,
            integration,
        } => {
            let js = |text: String| serde_json::Value::String(text).to_string();
            vec![(
                "create_procedure",
                sql(t::BudgetProcedure {
                    name,
                    notifications_text: notifications.last().as_str().to_string(),
                    status_text: status_view.to_string(),
                    due_sql: js(format!(
                        "SELECT TENANT_ID, TO_CHAR(PERIOD_START, 'YYYY-MM-DD'), CREDITS, MONTHLY_CREDITS, RECIPIENTS, WEBHOOK_INTEGRATION FROM {status_view} WHERE OVER_BUDGET AND NOT NOTIFIED"
                    )),
                    record_sql: js(format!(
                        "INSERT INTO {notifications} (TENANT_ID, PERIOD_START, CREDITS, MONTHLY_CREDITS, SENT_AT) SELECT ?, TO_DATE(?, 'YYYY-MM-DD'), ?, ?, CURRENT_TIMESTAMP()"
                    )),
                    integration: js(integration.as_str().to_string()),
                    _life: P,
                }),
            )]
        }
        // One alert over every tenant's budget; the status view bounds it to the current period
        // and the notifications table makes each crossing notify once
        // (https://docs.snowflake.com/en/sql-reference/sql/create-alert). Alerts are created
        // suspended, hence the RESUME.
        Object::BudgetAlert {
            name,
            warehouse,
            schedule,
            status_view,
            procedure,
        } => vec![
            (
                "create_alert",
                sql(t::CreateAlert {
                    name,
                    warehouse: warehouse.as_ref(),
                    schedule: SqlString::new(schedule.clone()),
                    status_view,
                    procedure,
                    _life: P,
                }),
            ),
            ("alter_alert", sql(t::ResumeAlert { name, _life: P })),
        ],
        Object::DbtRole { name } => {
            let comment = SqlString::new("dbt: builds models; holds no tenant role".to_string());
            vec![
                (
                    "create_role",
                    sql(t::CreateRole {
                        name,
                        comment: comment.clone(),
                        _life: P,
                    }),
                ),
                (
                    "alter_role",
                    sql(t::AlterRole {
                        name,
                        comment,
                        _life: P,
                    }),
                ),
            ]
        }
        Object::Grant(g) => vec![grant(g)],
    }
}

/// CREATE ... IF NOT EXISTS, then ALTER ... SET of what the spec sets, so a re-deploy converges
/// an existing integration. Never CREATE OR REPLACE: a new API integration gets a new
/// API_AWS_EXTERNAL_ID (DESC INTEGRATION), which the IAM role's trust policy pins, so replacing
/// it breaks every external function until the trust policy is edited by hand
/// (https://docs.snowflake.com/en/sql-reference/external-functions-creating-aws-common-api-integration-proxy-link;
/// for storage integrations the docs say so outright:
/// https://docs.snowflake.com/en/user-guide/data-load-s3-config-storage-integration).
/// API_PROVIDER cannot be altered (https://docs.snowflake.com/en/sql-reference/sql/alter-api-integration).
fn api_integration(f: &crate::model::ExternalFunction) -> Vec<(&'static str, String)> {
    // The provider's own properties (API_AWS_ROLE_ARN, or Azure's or Google's), in spec order.
    let properties: Vec<(&'static str, SqlString)> = f
        .provider_properties
        .iter()
        .map(|(k, v)| (*k, SqlString::new(v.clone())))
        .collect();
    let prefixes: Vec<SqlString> = f
        .allowed_prefixes
        .iter()
        .cloned()
        .map(SqlString::new)
        .collect();
    vec![
        (
            "create_api_integration",
            sql(t::CreateApiIntegration {
                name: &f.integration,
                provider: &f.provider,
                properties: properties.clone(),
                prefixes: prefixes.clone(),
                _life: P,
            }),
        ),
        (
            "alter_api_integration",
            sql(t::AlterApiIntegration {
                name: &f.integration,
                // ALTER API INTEGRATION ... SET takes API_AWS_ROLE_ARN and AZURE_AD_APPLICATION_ID,
                // not AZURE_TENANT_ID or GOOGLE_AUDIENCE (sql-reference/sql/alter-api-integration).
                properties: properties
                    .into_iter()
                    .filter(|(k, _)| matches!(*k, "API_AWS_ROLE_ARN" | "AZURE_AD_APPLICATION_ID"))
                    .collect(),
                prefixes,
                _life: P,
            }),
        ),
    ]
}

/// CREATE ... IF NOT EXISTS, then ALTER ... SET the recipients; with none, UNSET them, as the
/// CREATE leaves them unset (any verified user of the account)
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-notification-integration-email).
fn notification_integration(name: &Ident, recipients: &[String]) -> Vec<(&'static str, String)> {
    let recipients: Vec<SqlString> = recipients.iter().cloned().map(SqlString::new).collect();
    let mut out = vec![
        (
            "create_notification_integration",
            sql(t::CreateNotificationIntegration {
                name,
                recipients: recipients.clone(),
                _life: P,
            }),
        ),
        (
            "alter_notification_integration",
            sql(t::AlterNotificationIntegration {
                name,
                recipients: recipients.clone(),
                _life: P,
            }),
        ),
    ];
    if recipients.is_empty() {
        out.push((
            "alter_notification_integration",
            sql(t::UnsetAllowedRecipients { name, _life: P }),
        ));
    }
    out
}

fn account_grant(privileges: &'static str, on: String, grantee: &Ident) -> (&'static str, String) {
    (
        "grant",
        sql(t::GrantPrivilege {
            privileges,
            on,
            grantee,
            _life: P,
        }),
    )
}

pub fn grant(g: &Grant) -> (&'static str, String) {
    let on = match &g.target {
        GrantTarget::Role(role) => {
            return (
                "grant_role",
                sql(t::GrantRole {
                    role,
                    to_user: g.to_user,
                    grantee: &g.grantee,
                    _life: P,
                }),
            );
        }
        GrantTarget::Object {
            kind,
            name,
            signature,
        } => format!("{kind} {name}{}", signature.unwrap_or("")),
        GrantTarget::AllIn { kinds, schema } => format!("ALL {kinds} IN SCHEMA {schema}"),
        GrantTarget::FutureIn { kinds, schema } => format!("FUTURE {kinds} IN SCHEMA {schema}"),
    };
    (
        "grant",
        sql(t::GrantPrivilege {
            privileges: g.privileges,
            on,
            grantee: &g.grantee,
            _life: P,
        }),
    )
}

fn warehouse(w: &Warehouse) -> Vec<(&'static str, String)> {
    let mut props = Vec::new();
    if let Some(s) = &w.size {
        props.push(format!("WAREHOUSE_SIZE = {s}"));
    }
    if let Some(s) = w.auto_suspend_seconds {
        props.push(format!("AUTO_SUSPEND = {s}"));
    }
    if let Some(r) = w.auto_resume {
        props.push(format!("AUTO_RESUME = {}", bool_sql(r)));
    }
    if let Some(t) = w.statement_timeout_seconds {
        props.push(format!("STATEMENT_TIMEOUT_IN_SECONDS = {t}"));
    }
    let props = props.join(" ");
    let mut out = vec![(
        "create_warehouse",
        sql(t::CreateWarehouse {
            name: &w.name,
            props: props.clone(),
            initially_suspended: w.initially_suspended.map(bool_sql),
            _life: P,
        }),
    )];
    // CREATE ... IF NOT EXISTS leaves an existing warehouse as it was; ALTER converges it.
    if !props.is_empty() {
        out.push((
            "alter_warehouse",
            sql(t::AlterWarehouse {
                name: &w.name,
                props,
                _life: P,
            }),
        ));
    }
    out
}

fn monitor(m: &Monitor) -> Vec<(&'static str, String)> {
    // A monthly monitor leaves FREQUENCY and START_TIMESTAMP unset: its quota then resets at the
    // start of each calendar month (https://docs.snowflake.com/en/sql-reference/sql/create-resource-monitor,
    // "Default: No value (i.e. legacy behavior where credit quota resets at the beginning of each
    // calendar month)"), the period of the soft budgets; START_TIMESTAMP = IMMEDIATELY would reset
    // it monthly from the day of the deploy instead.
    let frequency = match m.frequency {
        Frequency::Monthly => None,
        Frequency::Daily => Some("DAILY"),
        Frequency::Weekly => Some("WEEKLY"),
        Frequency::Yearly => Some("YEARLY"),
        Frequency::Never => Some("NEVER"),
    };
    let triggers = m
        .triggers
        .iter()
        .map(|(pct, action)| {
            let action = match action {
                TriggerAction::Notify => "NOTIFY",
                TriggerAction::Suspend => "SUSPEND",
                TriggerAction::SuspendImmediate => "SUSPEND_IMMEDIATE",
            };
            (*pct, action)
        })
        .collect();
    let quota = number(m.credit_quota);
    vec![
        (
            "create_resource_monitor",
            sql(t::CreateMonitor {
                name: &m.name,
                quota: quota.clone(),
                frequency,
                notify_users: &m.notify_users,
                triggers,
                _life: P,
            }),
        ),
        // The quota and NOTIFY_USERS converge on re-runs (NOTIFY_USERS: users with verified emails,
        // https://docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor): re-setting
        // START_TIMESTAMP would restart the interval and re-listing TRIGGERS re-sends passed
        // notifications; `plan` changes those.
        (
            "alter_resource_monitor",
            sql(t::AlterMonitor {
                name: &m.name,
                quota,
                notify_users: &m.notify_users,
                _life: P,
            }),
        ),
    ]
}

/// One MERGE of mapping rows.
fn merge_mapping_rows(name: &Name, batch: &[MappingRow]) -> String {
    let values = batch
        .iter()
        .map(|r| {
            (
                SqlString::new(r.value.clone()),
                r.role.literal(),
                r.warehouse.literal(),
                bool_sql(r.dedicated_warehouse),
                SqlString::new(r.query_tag.clone()),
            )
        })
        .collect();
    sql(t::MergeMappingTable {
        name,
        rows: values,
        _life: P,
    })
}

/// The budget table (created, merged from the spec, rows of tenants without a budget deleted)
/// and the sent-notifications table.
fn budget_tables(
    budget: &Name,
    notifications: &Name,
    rows: &[BudgetRow],
) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "create_table",
            sql(t::CreateBudgetTable {
                name: budget,
                _life: P,
            }),
        ),
        (
            "create_table",
            sql(t::CreateBudgetNotificationsTable {
                name: notifications,
                _life: P,
            }),
        ),
    ];
    for batch in rows.chunks(MERGE_BATCH_ROWS) {
        let values = batch
            .iter()
            .map(|r| {
                (
                    SqlString::new(r.value.clone()),
                    number(r.monthly_credits),
                    SqlString::new(r.recipients.clone()),
                    r.webhook_integration
                        .as_ref()
                        .map_or_else(|| "NULL".to_string(), |w| w.literal().to_string()),
                )
            })
            .collect();
        out.push((
            "merge",
            sql(t::MergeBudgetTable {
                name: budget,
                rows: values,
                _life: P,
            }),
        ));
    }
    let delete = if rows.is_empty() {
        format!("DELETE FROM {budget}")
    } else {
        sql(t::DeleteMappingRows {
            name: budget,
            tenants: rows
                .iter()
                .map(|r| SqlString::new(r.value.clone()))
                .collect(),
            _life: P,
        })
    };
    out.push(("delete", delete));
    out
}

fn mapping_table(name: &Name, rows: &[MappingRow]) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "create_table",
        sql(t::CreateMappingTable { name, _life: P }),
    )];
    if rows.is_empty() {
        return out;
    }
    for batch in rows.chunks(MERGE_BATCH_ROWS) {
        out.push(("merge", merge_mapping_rows(name, batch)));
    }
    // Tenants no longer in the spec lose row access at once; their objects go with `offboard/`.
    out.push((
        "delete",
        sql(t::DeleteMappingRows {
            name,
            tenants: rows
                .iter()
                .map(|r| SqlString::new(r.value.clone()))
                .collect(),
            _life: P,
        }),
    ));
    out
}

/// Mapping rows per MERGE. Snowflake asks for statements under 1 MB and truncates longer ones in its
/// query history, so they cannot be re-run from there
/// (https://docs.snowflake.com/en/user-guide/query-size-limits); a row is up to ~2.2 KB with a
/// 2,000-character query tag, typically ~150 bytes, so 400 rows stay under 1 MB at the worst.
pub const MERGE_BATCH_ROWS: usize = 400;

fn bool_sql(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

/// Credits as Snowflake numbers: integers without a fraction, others as written.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
