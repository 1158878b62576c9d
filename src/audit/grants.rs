//! GRANT and REVOKE: privileges, role grants, ALL and FUTURE grants, ownership.

use sqlparser::ast::{Action, GrantObjects, Grantee, GranteeName, GranteesType, Privileges};

use super::finding::At;
use super::model::{AccessModel, FutureGrant, Level, ObjectKey, Privilege};
use super::names::object;

/// A bulk grant's target: ALL or FUTURE objects of a kind in a container.
enum Bulk {
    All(Level),
    Future(Level),
}

impl AccessModel {
    /// `GRANT ... ON FUTURE <kind>S IN DATABASE db TO ROLE r` (and its REVOKE).
    pub(super) fn future_in_database(
        &mut self,
        g: &crate::sqlcheck::ast::FutureGrantInDatabase,
        at: &At,
    ) {
        for privilege in &g.privileges {
            let privilege = if privilege == "ALL PRIVILEGES" {
                "ALL"
            } else {
                privilege
            };
            let rule = FutureGrant {
                level: Level::Database,
                container: object(&g.database),
                kind: g.singular_kind(),
                privilege: privilege.to_string(),
                grantee: object(&g.role),
            };
            if g.revoke {
                self.future.remove(&rule);
            } else {
                self.future.insert(rule, at.clone());
            }
        }
    }

    /// Applies GRANT (`add`) or REVOKE.
    pub(super) fn grant(
        &mut self,
        privileges: &Privileges,
        objects: Option<&GrantObjects>,
        grantees: &[Grantee],
        at: &At,
        add: bool,
    ) {
        let privs: Vec<String> = match privileges {
            Privileges::All { .. } => vec!["ALL".into()],
            Privileges::Actions(actions) => {
                let mut out = Vec::new();
                for a in actions {
                    if let Action::Role { role } = a {
                        self.role_grant(&object(role), grantees, at, add);
                    } else {
                        out.push(action_name(a));
                    }
                }
                out
            }
        };
        let Some(objects) = objects else { return };
        let roles: Vec<String> = grantees.iter().filter_map(grantee_role).collect();
        let (bulk, kind, names) = targets(objects);
        for role in &roles {
            for privilege in &privs {
                for name in &names {
                    match bulk {
                        None => {
                            let p = Privilege {
                                grantee: role.clone(),
                                object: ObjectKey {
                                    kind: kind.into(),
                                    name: name.clone(),
                                },
                                privilege: privilege.clone(),
                            };
                            self.set_privilege(p, at, add);
                        }
                        Some(Bulk::All(level)) => {
                            let g = FutureGrant {
                                level,
                                container: name.clone(),
                                kind: kind.into(),
                                privilege: privilege.clone(),
                                grantee: role.clone(),
                            };
                            if add {
                                self.all_grants.insert(g, at.clone());
                            } else {
                                self.all_grants.remove(&g);
                            }
                            let existing: Vec<String> = self
                                .relations_in(name, level == Level::Database)
                                .into_iter()
                                .filter(|n| self.relations[n].kind == kind)
                                .collect();
                            for n in existing {
                                let p = Privilege {
                                    grantee: role.clone(),
                                    object: ObjectKey {
                                        kind: kind.into(),
                                        name: n,
                                    },
                                    privilege: privilege.clone(),
                                };
                                self.set_privilege(p, at, add);
                            }
                        }
                        Some(Bulk::Future(level)) => {
                            let g = FutureGrant {
                                level,
                                container: name.clone(),
                                kind: kind.into(),
                                privilege: privilege.clone(),
                                grantee: role.clone(),
                            };
                            if add {
                                self.future.insert(g, at.clone());
                            } else {
                                self.future.remove(&g);
                            }
                        }
                    }
                }
            }
        }
    }

    fn set_privilege(&mut self, p: Privilege, at: &At, add: bool) {
        if p.privilege == "OWNERSHIP" && add {
            self.owners
                .insert(p.object.clone(), (p.grantee.clone(), at.clone()));
        } else if add {
            self.privileges.insert(p, at.clone());
        } else {
            self.privileges.remove(&p);
        }
    }

    fn role_grant(&mut self, role: &str, grantees: &[Grantee], at: &At, add: bool) {
        for g in grantees {
            let Some(name) = grantee_name(g) else {
                continue;
            };
            let key = (role.to_string(), name);
            let map = match g.grantee_type {
                GranteesType::User => &mut self.user_grants,
                _ => &mut self.role_grants,
            };
            if add {
                map.insert(key, at.clone());
            } else {
                map.remove(&key);
            }
        }
    }
}

/// Every object key a GRANT or REVOKE names, from its parsed tree: the granted roles, the objects
/// (the containers of an `ON ALL` / `ON FUTURE` grant) and the grantees.
pub(crate) fn named_keys(
    privileges: &Privileges,
    objects: Option<&GrantObjects>,
    grantees: &[Grantee],
) -> Vec<String> {
    let mut out = Vec::new();
    if let Privileges::Actions(actions) = privileges {
        out.extend(actions.iter().filter_map(|a| match a {
            Action::Role { role } => Some(object(role)),
            _ => None,
        }));
    }
    if let Some(o) = objects {
        out.extend(targets(o).2);
    }
    out.extend(grantees.iter().filter_map(grantee_name));
    out
}

pub(crate) fn action_name(a: &Action) -> String {
    let text = a.to_string().to_ascii_uppercase();
    // `SELECT (col, ...)` and the like keep only the privilege word(s) before any list.
    text.split('(').next().unwrap_or("").trim().to_string()
}

pub(crate) fn grantee_name(g: &Grantee) -> Option<String> {
    if g.grantee_type == GranteesType::Public {
        return Some("PUBLIC".into());
    }
    match &g.name {
        Some(GranteeName::ObjectName(n)) => Some(object(n)),
        _ => None,
    }
}

/// The role a privilege goes to (`PUBLIC` included); users and shares are not roles.
fn grantee_role(g: &Grantee) -> Option<String> {
    match g.grantee_type {
        GranteesType::Role | GranteesType::Public | GranteesType::None => grantee_name(g),
        _ => None,
    }
}

fn targets(o: &GrantObjects) -> (Option<Bulk>, &'static str, Vec<String>) {
    let names = |v: &Vec<sqlparser::ast::ObjectName>| v.iter().map(object).collect::<Vec<_>>();
    let fnames = |v: &Vec<sqlparser::ast::FunctionDesc>| {
        v.iter().map(|f| object(&f.name)).collect::<Vec<_>>()
    };
    use GrantObjects as G;
    match o {
        G::AllTablesInSchema { schemas } => {
            (Some(Bulk::All(Level::Schema)), "TABLE", names(schemas))
        }
        G::AllViewsInSchema { schemas } => (Some(Bulk::All(Level::Schema)), "VIEW", names(schemas)),
        G::FutureTablesInSchema { schemas } => {
            (Some(Bulk::Future(Level::Schema)), "TABLE", names(schemas))
        }
        G::FutureViewsInSchema { schemas } => {
            (Some(Bulk::Future(Level::Schema)), "VIEW", names(schemas))
        }
        G::FutureSchemasInDatabase { databases } => (
            Some(Bulk::Future(Level::Database)),
            "SCHEMA",
            names(databases),
        ),
        G::Databases(v) => (None, "DATABASE", names(v)),
        G::Schemas(v) => (None, "SCHEMA", names(v)),
        // sqlparser reads `ON ACCOUNT` as a table named ACCOUNT.
        G::Tables(v) if names(v) == ["ACCOUNT"] => (None, "ACCOUNT", names(v)),
        G::Tables(v) => (None, "TABLE", names(v)),
        G::Views(v) => (None, "VIEW", names(v)),
        G::Warehouses(v) => (None, "WAREHOUSE", names(v)),
        G::Integrations(v) => (None, "INTEGRATION", names(v)),
        G::ResourceMonitors(v) => (None, "RESOURCE MONITOR", names(v)),
        G::Users(v) => (None, "USER", names(v)),
        G::Procedures(v) => (None, "PROCEDURE", fnames(v)),
        G::Functions(v) => (None, "FUNCTION", fnames(v)),
        _ => (None, "OTHER", vec![o.to_string()]),
    }
}

#[cfg(test)]
mod tests {
    use sqlparser::ast::Statement;
    use sqlparser::dialect::SnowflakeDialect;
    use sqlparser::parser::Parser;

    fn keys(sql: &str) -> Vec<String> {
        let stmt = Parser::parse_sql(&SnowflakeDialect {}, sql)
            .unwrap()
            .remove(0);
        match stmt {
            Statement::Grant(g) => {
                super::named_keys(&g.privileges, g.objects.as_ref(), &g.grantees)
            }
            Statement::Revoke(r) => {
                super::named_keys(&r.privileges, r.objects.as_ref(), &r.grantees)
            }
            other => panic!("not a grant: {other}"),
        }
    }

    #[test]
    fn a_grant_names_its_roles_objects_and_grantees_as_the_model_keys_them() {
        assert_eq!(keys("GRANT ROLE r_a TO USER svc"), ["R_A", "SVC"]);
        assert_eq!(
            keys("GRANT SELECT ON FUTURE TABLES IN SCHEMA db.\"Gold x\" TO ROLE r"),
            ["DB.\"Gold x\"", "R"]
        );
        assert_eq!(
            keys("REVOKE USAGE ON WAREHOUSE \"wh\" FROM ROLE r2"),
            ["\"wh\"", "R2"]
        );
        // A quoted name with a dot in it is one name, not a container and an object.
        assert_eq!(
            keys("GRANT SELECT ON TABLE db.s.t TO ROLE \"a.b\""),
            ["DB.S.T", "\"a.b\""]
        );
    }
}
