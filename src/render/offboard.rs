//! `offboard/<TENANT>.sql`: revoke first (reversible), then drop (destructive, marked).

use askama::Template;

use crate::model::Platform;
use crate::quote::{Ident, Name};

#[derive(Template)]
#[template(path = "sql/offboard.sql", escape = "none")]
struct Offboard<'a> {
    tenant: &'a str,
    version: &'a str,
    safe: Vec<(&'a Ident, String)>,
    destructive: Vec<(&'a Ident, String)>,
}

/// The offboarding script of one tenant of the platform.
pub fn offboard(p: &Platform, tenant_index: usize) -> String {
    let t = &p.tenants[tenant_index];
    let admin = &p.admin;
    let map = p.governance(crate::plan::MAPPING_TABLE);
    let mut safe = vec![(
        &admin.sys_admin,
        format!("DELETE FROM {map} WHERE TENANT_ID = {}", t.id.literal()),
    )];
    if t.soft_budget.is_some() && p.budget_alerts.is_some() {
        safe.push((
            &admin.sys_admin,
            format!(
                "ALTER ALERT IF EXISTS {} SUSPEND",
                p.governance(t.budget_alert().as_str())
            ),
        ));
    }
    for u in &t.service_users {
        safe.push((
            &admin.security_admin,
            format!("REVOKE ROLE {} FROM USER {}", t.role, u.name),
        ));
    }

    let mut destructive = Vec::new();
    if t.soft_budget.is_some() && p.budget_alerts.is_some() {
        destructive.push((
            &admin.sys_admin,
            format!(
                "DROP ALERT IF EXISTS {}",
                p.governance(t.budget_alert().as_str())
            ),
        ));
    }
    if let Some(schema) = &t.schema {
        destructive.push((
            &admin.sys_admin,
            format!("DROP SCHEMA IF EXISTS {}", Name::of(&[&p.database, schema])),
        ));
    }
    if t.dedicated_warehouse {
        destructive.push((
            &admin.sys_admin,
            format!("DROP WAREHOUSE IF EXISTS {}", t.warehouse),
        ));
    }
    if let Some(m) = &t.monitor {
        destructive.push((
            &admin.account_admin,
            format!("DROP RESOURCE MONITOR IF EXISTS {m}"),
        ));
    }
    for u in &t.service_users {
        destructive.push((&admin.user_admin, format!("DROP USER IF EXISTS {}", u.name)));
    }
    destructive.push((&admin.user_admin, format!("DROP ROLE IF EXISTS {}", t.role)));

    Offboard {
        tenant: t.id.as_str(),
        version: env!("CARGO_PKG_VERSION"),
        safe,
        destructive,
    }
    .render()
    .expect("the offboarding template only formats strings")
}
