//! Stage 3, plan: the desired Snowflake objects, each with the step (and so the admin role) that
//! deploys it. Rendering turns each object into statements; nothing here knows SQL syntax.

mod grants;
mod objects;

pub use grants::{Grant, GrantTarget};
pub use objects::*;

use crate::model::Platform;

/// Deployment steps in order; each becomes one `.sql` file run under one admin role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Roles,
    Warehouses,
    Monitors,
    Integrations,
    Database,
    Policies,
    Views,
    Procedures,
    ExternalFunctions,
    Alerts,
    Grants,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Roles,
        Step::Warehouses,
        Step::Monitors,
        Step::Integrations,
        Step::Database,
        Step::Policies,
        Step::Views,
        Step::Procedures,
        Step::ExternalFunctions,
        Step::Alerts,
        Step::Grants,
    ];

    /// File name in the package, numbered so a directory listing is the run order.
    pub fn file_name(self) -> String {
        let index = Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1;
        let name = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        format!("{index:02}_{name}.sql")
    }

    /// The admin role that runs the step (DESIGN: USERADMIN roles and users, SECURITYADMIN grants,
    /// SYSADMIN objects, ACCOUNTADMIN only for monitors, their assignment and integrations).
    pub fn role(self, p: &Platform) -> &crate::quote::Ident {
        match self {
            Step::Roles => &p.admin.user_admin,
            Step::Grants => &p.admin.security_admin,
            Step::Monitors | Step::Integrations => &p.admin.account_admin,
            _ => &p.admin.sys_admin,
        }
    }

    /// Steps that run DML or alerts need a warehouse in the session.
    pub fn needs_warehouse(self) -> bool {
        matches!(self, Step::Database)
    }
}

/// The planned package: objects in deployment order.
pub struct Plan {
    pub objects: Vec<(Step, Object)>,
}

pub fn plan(p: &Platform) -> Plan {
    let mut objects = Vec::new();
    objects::plan_objects(p, &mut objects);
    grants::plan_grants(p, &mut objects);
    grants::plan_dbt_grants(p, &mut objects);
    objects.sort_by_key(|(step, _)| *step);
    Plan { objects }
}
