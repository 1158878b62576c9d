//! The grants that give each tenant role exactly its own objects, and tie role trees to SYSADMIN.

use crate::model::Platform;
use crate::quote::{Ident, Name};

use super::objects::{CURRENT_TENANT_VIEW, RESTORE_TAG_PROCEDURE, ROW_POLICY, SET_TAG_PROCEDURE};
use super::{Object, Step};

#[derive(Debug, Clone)]
pub enum GrantTarget {
    /// `GRANT ROLE <role> TO ROLE <to>`
    Role(Ident),
    /// `GRANT <privs> ON <kind> <name>`
    Object {
        kind: &'static str,
        name: Name,
        signature: Option<&'static str>,
    },
    /// `GRANT <privs> ON ALL <kinds> IN SCHEMA <schema>`
    AllIn { kinds: &'static str, schema: Name },
    /// `GRANT <privs> ON FUTURE <kinds> IN SCHEMA <schema>`
    FutureIn { kinds: &'static str, schema: Name },
}

#[derive(Debug, Clone)]
pub struct Grant {
    /// Empty for role grants.
    pub privileges: &'static str,
    pub target: GrantTarget,
    pub to_user: bool,
    pub grantee: Ident,
    pub tenant: Option<Ident>,
}

fn grant(privileges: &'static str, target: GrantTarget, grantee: &Ident, tenant: &Ident) -> Object {
    Object::Grant(Grant {
        privileges,
        target,
        to_user: false,
        grantee: grantee.clone(),
        tenant: Some(tenant.clone()),
    })
}

pub fn plan_grants(p: &Platform, out: &mut Vec<(Step, Object)>) {
    let db = Name::of(&[&p.database]);
    let gold = Name::of(&[&p.database, &p.gold_schema]);
    let governance = Name::of(&[&p.database, &p.governance_schema]);
    let mut push = |o| out.push((Step::Grants, o));
    for t in &p.tenants {
        let r = &t.role;
        // Role trees end at SYSADMIN so administrators can manage what tenant roles own.
        push(Object::Grant(Grant {
            privileges: "",
            target: GrantTarget::Role(r.clone()),
            to_user: false,
            grantee: p.admin.sys_admin.clone(),
            tenant: Some(t.id.clone()),
        }));
        push(grant(
            "USAGE",
            GrantTarget::Object {
                kind: "DATABASE",
                name: db.clone(),
                signature: None,
            },
            r,
            &t.id,
        ));
        push(grant(
            "USAGE",
            GrantTarget::Object {
                kind: "WAREHOUSE",
                name: Name::of(&[&t.warehouse]),
                signature: None,
            },
            r,
            &t.id,
        ));
        if let Some(schema) = &t.schema {
            let s = Name::of(&[&p.database, schema]);
            push(grant(
                "USAGE",
                GrantTarget::Object {
                    kind: "SCHEMA",
                    name: s.clone(),
                    signature: None,
                },
                r,
                &t.id,
            ));
            for kinds in ["TABLES", "VIEWS"] {
                push(grant(
                    "SELECT",
                    GrantTarget::AllIn {
                        kinds,
                        schema: s.clone(),
                    },
                    r,
                    &t.id,
                ));
                push(grant(
                    "SELECT",
                    GrantTarget::FutureIn {
                        kinds,
                        schema: s.clone(),
                    },
                    r,
                    &t.id,
                ));
            }
        }
        let reads_gold = t.isolation.row && !p.shared_tables.is_empty()
            || t.schema.is_some() && p.cross_tenant_view.is_some();
        if reads_gold {
            push(grant(
                "USAGE",
                GrantTarget::Object {
                    kind: "SCHEMA",
                    name: gold.clone(),
                    signature: None,
                },
                r,
                &t.id,
            ));
        }
        if t.isolation.row {
            for table in &p.shared_tables {
                push(grant(
                    "SELECT",
                    GrantTarget::Object {
                        kind: "TABLE",
                        name: p.gold(&table.name),
                        signature: None,
                    },
                    r,
                    &t.id,
                ));
            }
        }
        if t.schema.is_some()
            && let Some(v) = &p.cross_tenant_view
        {
            push(grant(
                "SELECT",
                GrantTarget::Object {
                    kind: "VIEW",
                    name: p.gold(&v.name),
                    signature: None,
                },
                r,
                &t.id,
            ));
        }
        push(grant(
            "USAGE",
            GrantTarget::Object {
                kind: "SCHEMA",
                name: governance.clone(),
                signature: None,
            },
            r,
            &t.id,
        ));
        push(grant(
            "SELECT",
            GrantTarget::Object {
                kind: "VIEW",
                name: p.governance(CURRENT_TENANT_VIEW),
                signature: None,
            },
            r,
            &t.id,
        ));
        for (proc_name, signature) in [
            (SET_TAG_PROCEDURE, "()"),
            (SET_TAG_PROCEDURE, "(VARCHAR)"),
            (RESTORE_TAG_PROCEDURE, "(VARCHAR)"),
        ] {
            push(grant(
                "USAGE",
                GrantTarget::Object {
                    kind: "PROCEDURE",
                    name: p.governance(proc_name),
                    signature: Some(signature),
                },
                r,
                &t.id,
            ));
        }
        if let Some(f) = &p.external_function {
            push(grant(
                "USAGE",
                GrantTarget::Object {
                    kind: "FUNCTION",
                    name: p.governance(f.function.as_str()),
                    signature: Some("(VARCHAR, VARCHAR, VARCHAR)"),
                },
                r,
                &t.id,
            ));
        }
        for u in &t.service_users {
            push(Object::Grant(Grant {
                privileges: "",
                target: GrantTarget::Role(r.clone()),
                to_user: true,
                grantee: u.name.clone(),
                tenant: Some(t.id.clone()),
            }));
        }
    }
}

/// What dbt needs and nothing more: USAGE on the database, the admin warehouse and the schemas it
/// builds in; CREATE TABLE and CREATE VIEW there (it owns the models it creates); APPLY on the row
/// access policy, which attaching it to a model needs
/// (https://docs.snowflake.com/en/user-guide/security-row-intro, "APPLY on the row access policy");
/// no tenant role, so the policy shows it no tenant's rows and a model cannot copy one tenant's
/// rows into another's schema. Its tree ends at SYSADMIN like every role.
pub fn plan_dbt_grants(p: &Platform, out: &mut Vec<(Step, Object)>) {
    let Some(dbt) = &p.dbt_role else { return };
    // Platform grants (tenant None): they are dbt's, not any tenant's to carry.
    let mut push = |privileges: &'static str, kind: &'static str, name: Name| {
        out.push((
            Step::Grants,
            Object::Grant(Grant {
                privileges,
                target: GrantTarget::Object {
                    kind,
                    name,
                    signature: None,
                },
                to_user: false,
                grantee: dbt.clone(),
                tenant: None,
            }),
        ))
    };
    push("USAGE", "DATABASE", Name::of(&[&p.database]));
    push("USAGE", "WAREHOUSE", Name::of(&[&p.admin_warehouse]));
    push(
        "USAGE",
        "SCHEMA",
        Name::of(&[&p.database, &p.governance_schema]),
    );
    push("APPLY", "ROW ACCESS POLICY", p.governance(ROW_POLICY));
    let gold = Name::of(&[&p.database, &p.gold_schema]);
    push("USAGE", "SCHEMA", gold.clone());
    push("CREATE TABLE, CREATE VIEW", "SCHEMA", gold);
    for t in &p.tenants {
        if let Some(schema) = &t.schema {
            let s = Name::of(&[&p.database, schema]);
            push("USAGE", "SCHEMA", s.clone());
            push("CREATE TABLE, CREATE VIEW", "SCHEMA", s);
        }
    }
    out.push((
        Step::Grants,
        Object::Grant(Grant {
            privileges: "",
            target: GrantTarget::Role(dbt.clone()),
            to_user: false,
            grantee: p.admin.sys_admin.clone(),
            tenant: None,
        }),
    ));
}
