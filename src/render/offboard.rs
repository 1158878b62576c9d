//! `offboard/<TENANT>.sql`: revoke everywhere first (reversible), then delete and drop
//! (destructive, marked). Each block runs under the role that can do what it holds.

use askama::Template;

use crate::model::{Platform, SigmaAuth};
use crate::plan::{BUDGET_NOTIFICATIONS_TABLE, BUDGET_TABLE, MAPPING_TABLE};
use crate::quote::{Ident, Name};

/// Statements run under one role (and warehouse, for DML), with the comments that explain them.
struct Block<'a> {
    comments: Vec<String>,
    role: &'a Ident,
    warehouse: Option<&'a Ident>,
    statements: Vec<String>,
}

impl<'a> Block<'a> {
    fn new(role: &'a Ident) -> Self {
        Block {
            comments: Vec::new(),
            role,
            warehouse: None,
            statements: Vec::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "sql/offboard.sql", escape = "none")]
struct Offboard<'a> {
    tenant: &'a str,
    role: &'a Ident,
    version: &'a str,
    safe: Vec<Block<'a>>,
    destructive: Vec<Block<'a>>,
}

/// The users the package grants the tenant's role to: its service users and, with key-pair auth,
/// Sigma's connection user (`sigma/snowflake.sql` grants it every tenant role), or under External
/// OAuth the tenant's OAuth users (`sigma/snowflake.sql` creates them).
fn holders(p: &Platform, tenant_index: usize) -> Vec<&Ident> {
    let t = &p.tenants[tenant_index];
    let mut users: Vec<&Ident> = Vec::new();
    if let Some(sigma) = &p.sigma
        && let SigmaAuth::KeyPair(Some(u)) = &sigma.auth
    {
        users.push(&u.name);
    }
    users.extend(t.service_users.iter().map(|u| &u.name));
    users.extend(t.oauth_users.iter().map(|u| &u.name));
    users
}

/// The offboarding script of one tenant of the platform.
pub fn offboard(p: &Platform, tenant_index: usize) -> String {
    let t = &p.tenants[tenant_index];
    let admin = &p.admin;
    let map = p.governance(MAPPING_TABLE);
    // The tenant's data value, as the mapping table and shared tables hold it.
    let id = crate::quote::SqlString::new(t.value.clone());

    // Step 1. REVOKE needs MANAGE GRANTS (SECURITYADMIN) or ownership of the role
    // (https://docs.snowflake.com/en/sql-reference/sql/revoke-role).
    let mut safe = Vec::new();
    let users = holders(p, tenant_index);
    if !users.is_empty() {
        let mut revoke = Block::new(&admin.security_admin);
        revoke.statements = users
            .iter()
            .map(|u| format!("REVOKE ROLE {} FROM USER {u}", t.role))
            .collect();
        safe.push(revoke);
    }
    if let Some(crate::model::SigmaConnection {
        auth: SigmaAuth::Oauth(_),
        ..
    }) = &p.sigma
    {
        let mut note = Block::new(&admin.security_admin);
        note.comments.push(format!(
            "External OAuth: also remove the scope session:role:{} from the identity provider",
            t.role
        ));
        note.comments
            .push("for this tenant's users, and check who still holds the role:".into());
        note.statements
            .push(format!("SHOW GRANTS OF ROLE {}", t.role));
        safe.push(note);
    }
    // DML needs a warehouse in the session; the admin one runs the package's own DML.
    let mut rows = Block::new(&admin.sys_admin);
    rows.warehouse = Some(&p.admin_warehouse);
    rows.statements
        .push(format!("DELETE FROM {map} WHERE TENANT_ID = {id}"));
    if p.budget_alerts.is_some() {
        rows.statements.push(format!(
            "DELETE FROM {} WHERE TENANT_ID = {id}",
            p.governance(BUDGET_TABLE)
        ));
    }
    safe.push(rows);

    let mut destructive = Vec::new();
    let mut data = Block::new(&admin.sys_admin);
    data.warehouse = Some(&p.admin_warehouse);
    if !p.shared_tables.is_empty() {
        // A DELETE sees only the rows the row access policy shows the role running it
        // (https://docs.snowflake.com/en/user-guide/security-row-intro): SYSADMIN inherits the
        // tenant's role, which the policy admits through the tenant's mapping row, deleted in step 1
        // (or by a deploy without the tenant). The row comes back for the DELETE and goes after it.
        data.statements.push(format!(
            "-- The row access policy shows SYSADMIN a tenant's rows only through the tenant's mapping\n\
             -- row: put it back for the DELETE, remove it after. Deleted rows stay in each table's\n\
             -- Time Travel (DATA_RETENTION_TIME_IN_DAYS), then 7 days of Fail-safe\n\
             -- (https://docs.snowflake.com/en/user-guide/data-failsafe).\n{}",
            restore_mapping_row(&map, &crate::plan::mapping_row(t))
        ));
        for table in &p.shared_tables {
            data.statements.push(format!(
                "DELETE FROM {} WHERE {} = {id}",
                p.gold(&table.name),
                table.tenant_column
            ));
        }
        data.statements
            .push(format!("DELETE FROM {map} WHERE TENANT_ID = {id}"));
    }
    if p.budget_alerts.is_some() {
        data.statements.push(format!(
            "DELETE FROM {} WHERE TENANT_ID = {id}",
            p.governance(BUDGET_NOTIFICATIONS_TABLE)
        ));
    }
    if let Some(schema) = &t.schema {
        let name = Name::of(&[&p.database, schema]);
        // https://docs.snowflake.com/en/sql-reference/sql/drop-schema: a dropped schema stays in
        // Time Travel for its DATA_RETENTION_TIME_IN_DAYS (UNDROP SCHEMA restores it), then a
        // permanent schema spends 7 days in Fail-safe, recoverable only by Snowflake Support.
        data.statements.push(format!(
            "-- Retention: the dropped schema stays restorable with UNDROP SCHEMA for its\n\
             -- DATA_RETENTION_TIME_IN_DAYS (1 day unless set; up to 90 on Enterprise Edition), then\n\
             -- spends 7 days in Fail-safe (recoverable by Snowflake Support only, billed as storage)\n\
             -- (https://docs.snowflake.com/en/sql-reference/sql/drop-schema). To keep less, first run\n\
             -- ALTER SCHEMA {name} SET DATA_RETENTION_TIME_IN_DAYS = 0\n\
             DROP SCHEMA IF EXISTS {name}"
        ));
    }
    if t.dedicated_warehouse {
        data.statements
            .push(format!("DROP WAREHOUSE IF EXISTS {}", t.warehouse));
    }
    if !data.statements.is_empty() {
        destructive.push(data);
    }
    if let Some(m) = &t.monitor {
        let mut monitors = Block::new(&admin.account_admin);
        monitors
            .statements
            .push(format!("DROP RESOURCE MONITOR IF EXISTS {m}"));
        destructive.push(monitors);
    }
    if !t.service_users.is_empty() || !t.oauth_users.is_empty() {
        let mut users = Block::new(&admin.user_admin);
        users.statements = t
            .service_users
            .iter()
            .map(|u| &u.name)
            .chain(t.oauth_users.iter().map(|u| &u.name))
            .map(|u| format!("DROP USER IF EXISTS {u}"))
            .collect();
        destructive.push(users);
    }
    // The role has FUTURE grants (its schema's SELECT ON FUTURE TABLES/VIEWS): dropping it takes
    // ownership and MANAGE GRANTS until bundle 2026_01
    // (https://docs.snowflake.com/en/sql-reference/sql/drop-role,
    // https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_01/bcr-2167). SECURITYADMIN has
    // MANAGE GRANTS and inherits USERADMIN, the role's owner; USERADMIN alone may be refused.
    let mut role = Block::new(&admin.security_admin);
    role.comments.push(
        "Dropping a role with future grants needs its ownership (USERADMIN's, which SECURITYADMIN"
            .into(),
    );
    role.comments.push(
        "inherits) and MANAGE GRANTS (https://docs.snowflake.com/en/sql-reference/sql/drop-role)."
            .into(),
    );
    role.statements
        .push(format!("DROP ROLE IF EXISTS {}", t.role));
    destructive.push(role);

    Offboard {
        tenant: t.id.as_str(),
        role: &t.role,
        version: env!("CARGO_PKG_VERSION"),
        safe,
        destructive,
    }
    .render()
    .expect("the offboarding template only formats strings")
}

/// `INSERT ... SELECT ... WHERE NOT EXISTS`: the tenant's mapping row back if a deploy without the
/// tenant (or step 1) deleted it; the DELETE after it removes it again.
fn restore_mapping_row(map: &Name, r: &crate::plan::MappingRow) -> String {
    format!(
        "INSERT INTO {map} (TENANT_ID, ROLE_NAME, WAREHOUSE_NAME, DEDICATED_WAREHOUSE, QUERY_TAG) \
         SELECT {}, {}, {}, {}, {} WHERE NOT EXISTS (SELECT 1 FROM {map} WHERE TENANT_ID = {})",
        crate::quote::SqlString::new(r.value.clone()),
        r.role.literal(),
        r.warehouse.literal(),
        if r.dedicated_warehouse {
            "TRUE"
        } else {
            "FALSE"
        },
        crate::quote::SqlString::new(r.query_tag.clone()),
        crate::quote::SqlString::new(r.value.clone()),
    )
}
