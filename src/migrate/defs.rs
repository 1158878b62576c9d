//! Which statements define each object of a package, keyed by the account model's identity of
//! the object ([`crate::audit::names`], from the parsed statement's name): what `plan` re-sends
//! when an object's definition changed, and what it needs to drop an object that is gone (the kind
//! word of its `DROP`, a routine's overloads). This is an index of statements, not a state: what the
//! account holds (grants, monitors, policies, attachments, columns, users...) is the account model
//! ([`super::model`]).

use std::collections::BTreeMap;

use sqlparser::ast::{DataType, FunctionDesc, Statement};

use crate::apply::names::mentions;
use crate::apply::source::Source;
use crate::audit::names::{ident, object, schema};
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::SnowflakeStatement;

/// An object and the statements that defined it (`(role, text)`, in order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object {
    /// `WAREHOUSE`, `ROW ACCESS POLICY`, `SCHEMA`...: the words of its `DROP`.
    pub kind: String,
    pub defs: Vec<(String, String)>,
    /// Procedures and functions: the argument types of each overload, keyed by their text
    /// (`VARCHAR, VARCHAR`). Snowflake names a routine by name and argument types, so a DROP needs them.
    pub signatures: BTreeMap<String, Vec<DataType>>,
}

/// The objects of a package (or of a package and the migrations applied to it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definitions {
    pub objects: BTreeMap<String, Object>,
}

impl Definitions {
    /// The role that created `key`.
    pub fn role_of(&self, key: &str) -> Option<String> {
        self.objects
            .get(key)
            .and_then(|o| o.defs.first())
            .map(|d| d.0.clone())
    }

    /// The statement that created `key` (its first definition).
    pub fn created_by(&self, key: &str) -> Option<&(String, String)> {
        self.objects.get(key).and_then(|o| o.defs.first())
    }
}

/// The model key of the object a statement creates, changes or drops, from its parsed name (never
/// from its tokens): every kind of our grammar that names an object, and sqlparser's. A statement of
/// a kind listed nowhere here defines nothing for `plan`.
pub fn defined(stmt: &Typed) -> Option<String> {
    match stmt {
        Typed::Sql(s) => match s.as_ref() {
            Statement::CreateRole(r) => r.names.first().map(object),
            Statement::CreateUser(u) => Some(ident(&u.name)),
            Statement::AlterUser(u) => Some(ident(&u.name)),
            Statement::CreateDatabase { db_name, .. } => Some(object(db_name)),
            Statement::CreateWarehouse(w) => Some(object(&w.name)),
            Statement::CreateSchema { schema_name, .. } => Some(schema(schema_name)),
            Statement::CreateTable(t) => Some(object(&t.name)),
            Statement::CreateView(v) => Some(object(&v.name)),
            Statement::AlterTable(a) => Some(object(&a.name)),
            Statement::Drop { names, .. } => names.first().map(object),
            Statement::DropFunction(d) => d.func_desc.first().map(|f| object(&f.name)),
            Statement::DropProcedure { proc_desc, .. } => {
                proc_desc.first().map(|f| object(&f.name))
            }
            // Grants and DML define no object.
            Statement::Grant(_)
            | Statement::Revoke(_)
            | Statement::Merge(_)
            | Statement::Delete(_)
            | Statement::Insert(_)
            | Statement::Update { .. } => None,
            _ => None,
        },
        Typed::Snowflake(s) => match s.as_ref() {
            SnowflakeStatement::CreateResourceMonitor(m) => Some(object(&m.name)),
            SnowflakeStatement::AlterResourceMonitor(m) => Some(object(&m.name)),
            SnowflakeStatement::AlterWarehouse(w) => Some(object(&w.name)),
            SnowflakeStatement::CreateSchema(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterSchemaManagedAccess(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateRowAccessPolicy(p) => Some(object(&p.name)),
            SnowflakeStatement::AlterPolicy(p) => Some(object(&p.name)),
            SnowflakeStatement::AlterPolicyAttachment(a) => Some(object(&a.name)),
            SnowflakeStatement::CreateRole(r) => Some(object(&r.name)),
            SnowflakeStatement::AlterRole(r) => Some(object(&r.name)),
            SnowflakeStatement::CreateAlert(a) => Some(object(&a.name)),
            SnowflakeStatement::AlterAlert(a) => Some(object(&a.name)),
            SnowflakeStatement::DropObject(d) => Some(object(&d.name)),
            SnowflakeStatement::CreateExternalFunction(f) => Some(object(&f.name)),
            SnowflakeStatement::CreateProcedure(p) => Some(object(&p.name)),
            SnowflakeStatement::CreateIntegration(i) => Some(object(&i.name)),
            SnowflakeStatement::AlterIntegration(i) => Some(object(&i.name)),
            SnowflakeStatement::CreatePropertyObject(c) => Some(object(&c.name)),
            SnowflakeStatement::AlterPropertyObject(a) => Some(object(&a.name)),
            SnowflakeStatement::AlterUserPolicy(a) => Some(ident(&a.name)),
            SnowflakeStatement::CreateMaskingPolicy(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateTag(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterTag(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterObjectTags(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateNetworkRule(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateNetworkPolicy(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterNetworkPolicy(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterSchemaProperties(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateDatabaseRole(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterDatabaseRole(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterView(x) => Some(object(&x.name)),
            SnowflakeStatement::UndropObject(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateTask(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterTask(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateStream(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterStream(x) => Some(object(&x.name)),
            SnowflakeStatement::AlterObject(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateFunction(x) => Some(object(&x.name)),
            SnowflakeStatement::CreateSnowflakeView(x) => Some(object(&x.name)),
            SnowflakeStatement::CloneAlert(x) => Some(object(&x.name)),
            SnowflakeStatement::GrantPrivileges(_)
            | SnowflakeStatement::FutureGrantInDatabase(_)
            | SnowflakeStatement::AlterAccount(_) => None,
            _ => None,
        },
    }
}

/// Indexes every statement of `source`, in order.
pub fn index(source: &Source) -> Definitions {
    let mut d = Definitions::default();
    for step in &source.steps {
        let role = source.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        d.add(&role, step.text.trim(), &step.stmt);
    }
    d
}

impl Definitions {
    /// Adds one statement run as `role`.
    pub fn add(&mut self, role: &str, text: &str, stmt: &Typed) {
        match stmt {
            Typed::Sql(s) => match s.as_ref() {
                Statement::DropFunction(f) => return self.drop_routines(&f.func_desc),
                Statement::DropProcedure { proc_desc, .. } => {
                    return self.drop_routines(proc_desc);
                }
                Statement::Drop { .. } => {
                    if let Some(name) = defined(stmt) {
                        self.drop_object(&name);
                    }
                    return;
                }
                _ => {}
            },
            Typed::Snowflake(s) => {
                if let SnowflakeStatement::DropObject(o) = s.as_ref() {
                    return self.drop_object(&object(&o.name));
                }
            }
        }
        let Some(name) = defined(stmt) else {
            return;
        };
        if text.trim_start().to_ascii_uppercase().starts_with("CREATE") {
            let obj = self.objects.entry(name).or_default();
            if obj.kind.is_empty() {
                obj.kind = created_kind(text);
            }
            obj.defs.push((role.to_string(), text.to_string()));
            if let Some(args) = created_routine(stmt) {
                obj.signatures.insert(signature_key(&args), args);
            }
        } else if let Some(obj) = self.objects.get_mut(&name) {
            obj.defs.push((role.to_string(), text.to_string()));
        }
    }

    /// `DROP FUNCTION|PROCEDURE name(types)`: removes that overload; the routine goes when its last
    /// overload does.
    fn drop_routines(&mut self, descs: &[FunctionDesc]) {
        for d in descs {
            let name = object(&d.name);
            let types: Vec<DataType> = d
                .args
                .iter()
                .flatten()
                .map(|a| a.data_type.clone())
                .collect();
            let Some(obj) = self.objects.get_mut(&name) else {
                continue;
            };
            obj.signatures.remove(&signature_key(&types));
            if obj.signatures.is_empty() {
                self.drop_object(&name);
            }
        }
    }

    /// Removes an object and every object inside it.
    fn drop_object(&mut self, name: &str) {
        let inside = |k: &str| k == name || k.starts_with(&format!("{name}."));
        self.objects.retain(|k, _| !inside(k));
    }
}

/// The kind words of a `CREATE` (`SECURE VIEW` -> `VIEW`), for the matching `DROP`.
pub fn created_kind(text: &str) -> String {
    const SKIP: &[&str] = &[
        "CREATE",
        "OR",
        "REPLACE",
        "SECURE",
        "TRANSIENT",
        "IF",
        "NOT",
        "EXISTS",
    ];
    let m = mentions(text);
    let name = m.defined.unwrap_or_default();
    let mut kind = Vec::new();
    for w in m.full {
        if w == name {
            break;
        }
        if !SKIP.contains(&w.as_str()) {
            kind.push(w);
        }
    }
    kind.join(" ")
}

/// The argument types of a `CREATE PROCEDURE` or `CREATE EXTERNAL FUNCTION`.
fn created_routine(stmt: &Typed) -> Option<Vec<DataType>> {
    match stmt {
        Typed::Snowflake(st) => match st.as_ref() {
            SnowflakeStatement::CreateProcedure(p) => {
                Some(p.args.iter().map(|a| a.data_type.clone()).collect())
            }
            SnowflakeStatement::CreateExternalFunction(f) => {
                Some(f.args.iter().map(|(_, t)| t.clone()).collect())
            }
            _ => None,
        },
        Typed::Sql(_) => None,
    }
}

/// `VARCHAR, NUMBER(38, 0)`: how an overload is told apart from the others.
pub fn signature_key(args: &[DataType]) -> String {
    args.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlcheck::validate_statement;

    fn run(d: &mut Definitions, text: &str) {
        let stmt = validate_statement(text).expect("valid statement");
        d.add("SYSADMIN", text, &stmt);
    }

    const PROC: &str = "ANALYTICS_PLATFORM.GOVERNANCE.SET_TAG";

    fn create_overloads(d: &mut Definitions) {
        for args in ["", "MODEL VARCHAR"] {
            run(
                d,
                &format!(
                    "CREATE OR REPLACE PROCEDURE {PROC}({args}) RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN RETURN 1; END'"
                ),
            );
        }
    }

    #[test]
    fn each_overload_of_a_routine_keeps_its_argument_types() {
        let mut d = Definitions::default();
        create_overloads(&mut d);
        let keys: Vec<&String> = d.objects[PROC].signatures.keys().collect();
        assert_eq!(keys, ["", "VARCHAR"]);
        assert_eq!(d.objects[PROC].kind, "PROCEDURE");
    }

    #[test]
    fn a_routine_goes_with_its_last_overload() {
        let mut d = Definitions::default();
        create_overloads(&mut d);
        run(&mut d, &format!("DROP PROCEDURE IF EXISTS {PROC}()"));
        assert!(d.objects.contains_key(PROC), "one overload is left");
        run(&mut d, &format!("DROP PROCEDURE IF EXISTS {PROC}(VARCHAR)"));
        assert!(!d.objects.contains_key(PROC));
    }

    #[test]
    fn sqlparser_and_our_grammar_define_one_schema_under_one_key() {
        let mut d = Definitions::default();
        run(&mut d, "CREATE SCHEMA IF NOT EXISTS db.\"odd s\"");
        run(&mut d, "ALTER SCHEMA db.\"odd s\" ENABLE MANAGED ACCESS");
        assert_eq!(d.objects.keys().collect::<Vec<_>>(), ["DB.\"odd s\""]);
        assert_eq!(d.objects["DB.\"odd s\""].defs.len(), 2);
    }
}

#[cfg(test)]
mod identity_tests {
    use super::defined;
    use crate::sqlcheck::validate_statement;

    /// The key comes from the parsed name, for every kind our grammar names an object in. The token
    /// scan this replaced knew only statements starting with CREATE, ALTER or DROP, so an `UNDROP`
    /// (which brings an object back) defined nothing.
    #[test]
    fn keys_come_from_the_parsed_statement_for_every_kind_of_our_grammar() {
        for (sql, key) in [
            ("UNDROP SCHEMA DB.S", "DB.S"),
            ("UNDROP TABLE DB.S.T", "DB.S.T"),
            (
                "CREATE NETWORK POLICY NP ALLOWED_IP_LIST = ('10.0.0.0/8')",
                "NP",
            ),
            ("ALTER NETWORK POLICY NP SET COMMENT = 'x'", "NP"),
            ("CREATE TAG IF NOT EXISTS DB.S.T", "DB.S.T"),
            (
                "CREATE OR REPLACE SECURE VIEW DB.S.V COPY GRANTS AS SELECT 1 AS A",
                "DB.S.V",
            ),
            ("CREATE STREAM S ON TABLE DB.S.T", "S"),
        ] {
            let stmt = validate_statement(sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
            assert_eq!(defined(&stmt).as_deref(), Some(key), "{sql}");
        }
    }
}
