//! The end state a sequence of statements leaves, keyed by object identity: which objects
//! exist (and the statements that defined them), the grants, resource monitors' quotas and
//! triggers, row access policies' signatures and bodies, and policy attachments.
//!
//! Built by folding statements in order, so `fold(OLD ++ migration) == fold(NEW)` checks a
//! migration. To be unified with the audit's access model (`src/audit/model.rs`) once both land.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{DataType, FunctionDesc, Grant, Revoke, Statement};

use crate::apply::names::{mentions, normalize_name};
use crate::apply::source::Source;
use crate::drift::desired::Monitor;
use crate::sqlcheck::Typed;
use crate::sqlcheck::ast::{AttachAction, PolicyAction, SnowflakeStatement, TriggerAction};

/// An object and the statements that defined it (`(role, text)`, in order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object {
    /// `WAREHOUSE`, `ROW ACCESS POLICY`, `SCHEMA`...
    pub kind: String,
    pub defs: Vec<(String, String)>,
    /// Procedures and functions: the argument types of each overload, keyed by their text
    /// (`VARCHAR, VARCHAR`). Snowflake names a routine by name and argument types, so a DROP needs them.
    pub signatures: BTreeMap<String, Vec<DataType>>,
}

/// A row access policy's signature (`(ARG TYPE, ...) RETURNS T`) and body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub signature: String,
    pub body: String,
    /// `(role, CREATE text)`.
    pub create: (String, String),
}

/// The state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub objects: BTreeMap<String, Object>,
    /// Canonical `GRANT` text to `(role, grant)`.
    pub grants: BTreeMap<String, (String, Grant)>,
    pub monitors: BTreeMap<String, Monitor>,
    pub policies: BTreeMap<String, Policy>,
    /// `(table, policy)` to `(role, columns)`.
    pub attachments: BTreeMap<(String, String), (String, Vec<String>)>,
}

impl State {
    /// What must be equal for two states to grant the same access: object identities, grants,
    /// monitors, policies (signature and body) and attachments (columns included).
    pub fn access(&self) -> impl PartialEq + std::fmt::Debug + '_ {
        (
            self.objects.keys().collect::<BTreeSet<_>>(),
            self.grants.keys().collect::<BTreeSet<_>>(),
            &self.monitors,
            self.policies
                .iter()
                .map(|(k, p)| (k, &p.signature, &p.body))
                .collect::<Vec<_>>(),
            self.attachments
                .iter()
                .map(|(k, (_, cols))| (k, cols))
                .collect::<Vec<_>>(),
        )
    }
}

/// Folds every statement of `source`, in order.
pub fn fold(source: &Source) -> State {
    let mut s = State::default();
    for step in &source.steps {
        let role = source.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        apply(&mut s, &role, &step.text, &step.stmt);
    }
    s
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

/// The grant a revoke takes back, as its canonical text.
pub fn grant_of(r: &Revoke) -> Grant {
    Grant {
        privileges: r.privileges.clone(),
        objects: r.objects.clone(),
        grantees: r.grantees.clone(),
        with_grant_option: false,
        as_grantor: None,
        granted_by: None,
        current_grants: None,
    }
}

fn triggers(t: &[crate::sqlcheck::ast::Trigger]) -> Vec<(u64, String)> {
    let mut v: Vec<(u64, String)> = t
        .iter()
        .map(|t| {
            let a = match t.action {
                TriggerAction::Notify => "NOTIFY",
                TriggerAction::Suspend => "SUSPEND",
                TriggerAction::SuspendImmediate => "SUSPEND_IMMEDIATE",
            };
            (t.percent, a.to_string())
        })
        .collect();
    v.sort();
    v
}

fn quota(v: Option<&impl ToString>) -> Option<f64> {
    v.and_then(|v| v.to_string().parse().ok())
}

/// Applies one statement run as `role`.
pub fn apply(s: &mut State, role: &str, text: &str, stmt: &Typed) {
    let m = mentions(text);
    let routine = created_routine(stmt);
    match stmt {
        Typed::Sql(st) => match st.as_ref() {
            Statement::Grant(g) => {
                s.grants
                    .insert(g.to_string(), (role.to_string(), g.clone()));
                return;
            }
            Statement::Revoke(r) => {
                s.grants.remove(&grant_of(r).to_string());
                return;
            }
            Statement::Drop { .. } => {
                if let Some(name) = &m.defined {
                    drop_object(s, name);
                }
                return;
            }
            Statement::DropFunction(d) => {
                drop_routines(s, &d.func_desc);
                return;
            }
            Statement::DropProcedure { proc_desc, .. } => {
                drop_routines(s, proc_desc);
                return;
            }
            Statement::CreateTable(_) => {
                // `WITH ROW ACCESS POLICY p ON (cols)`.
                let words = crate::drift::desired::items(text);
                if let Some(at) = words
                    .windows(4)
                    .position(|w| w == ["WITH", "ROW", "ACCESS", "POLICY"])
                    && let (Some(policy), Some(table)) = (words.get(at + 4), &m.defined)
                {
                    let cols = words
                        .iter()
                        .skip(at + 7)
                        .take_while(|w| *w != ")")
                        .filter(|w| *w != ",")
                        .cloned()
                        .collect();
                    s.attachments
                        .entry((table.clone(), policy.clone()))
                        .or_insert((role.to_string(), cols));
                }
            }
            _ => {}
        },
        Typed::Snowflake(st) => match st.as_ref() {
            SnowflakeStatement::DropObject(d) => {
                drop_object(s, &normalize_name(&d.name.to_string()));
                return;
            }
            SnowflakeStatement::CreateResourceMonitor(c) => {
                let name = normalize_name(&c.name.to_string());
                if !(c.if_not_exists && s.monitors.contains_key(&name)) {
                    s.monitors.insert(
                        name,
                        Monitor {
                            credit_quota: quota(c.props.credit_quota.as_ref()),
                            triggers: c.triggers.as_deref().map(triggers).unwrap_or_default(),
                            ..Monitor::default()
                        },
                    );
                }
            }
            SnowflakeStatement::AlterResourceMonitor(a) => {
                let mon = s
                    .monitors
                    .entry(normalize_name(&a.name.to_string()))
                    .or_default();
                if let Some(q) = quota(a.set.as_ref().and_then(|p| p.credit_quota.as_ref())) {
                    mon.credit_quota = Some(q);
                }
                if let Some(t) = &a.triggers {
                    mon.triggers = triggers(t);
                }
            }
            SnowflakeStatement::CreateRowAccessPolicy(p) => {
                let name = normalize_name(&p.name.to_string());
                if p.or_replace || !s.policies.contains_key(&name) {
                    let args: Vec<String> =
                        p.args.iter().map(|(a, t)| format!("{a} {t}")).collect();
                    s.policies.insert(
                        name,
                        Policy {
                            signature: format!("({}) RETURNS {}", args.join(", "), p.returns),
                            body: p.body.to_string(),
                            create: (role.to_string(), text.trim().to_string()),
                        },
                    );
                }
            }
            SnowflakeStatement::AlterPolicy(a) => {
                if let (PolicyAction::SetBody(body), Some(p)) = (
                    &a.action,
                    s.policies.get_mut(&normalize_name(&a.name.to_string())),
                ) {
                    p.body = body.to_string();
                }
            }
            SnowflakeStatement::AlterPolicyAttachment(a) => {
                let table = normalize_name(&a.name.to_string());
                match &a.action {
                    AttachAction::AddRowAccessPolicy { policy, on } => {
                        let cols = on.iter().map(|c| normalize_name(&c.to_string())).collect();
                        s.attachments.insert(
                            (table, normalize_name(&policy.to_string())),
                            (role.to_string(), cols),
                        );
                    }
                    AttachAction::DropRowAccessPolicy { policy, then_add } => {
                        s.attachments
                            .remove(&(table.clone(), normalize_name(&policy.to_string())));
                        if let Some((p, on)) = then_add {
                            let cols = on.iter().map(|c| normalize_name(&c.to_string())).collect();
                            s.attachments.insert(
                                (table, normalize_name(&p.to_string())),
                                (role.to_string(), cols),
                            );
                        }
                    }
                    AttachAction::DropAllRowAccessPolicies => {
                        s.attachments.retain(|(t, _), _| t != &table);
                    }
                    _ => {}
                }
                return;
            }
            _ => {}
        },
    }
    let Some(name) = m.defined else { return };
    if text.trim_start().to_ascii_uppercase().starts_with("CREATE") {
        let obj = s.objects.entry(name).or_default();
        if obj.kind.is_empty() {
            obj.kind = created_kind(text);
        }
        obj.defs.push((role.to_string(), text.trim().to_string()));
        if let Some(args) = routine {
            obj.signatures.insert(signature_key(&args), args);
        }
    } else if let Some(obj) = s.objects.get_mut(&name) {
        obj.defs.push((role.to_string(), text.trim().to_string()));
    }
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

/// `DROP FUNCTION|PROCEDURE name(types)`: removes that overload; the routine, with its grants,
/// goes when its last overload does.
fn drop_routines(s: &mut State, descs: &[FunctionDesc]) {
    for d in descs {
        let name = normalize_name(&d.name.to_string());
        let types: Vec<DataType> = d
            .args
            .iter()
            .flatten()
            .map(|a| a.data_type.clone())
            .collect();
        let Some(obj) = s.objects.get_mut(&name) else {
            continue;
        };
        obj.signatures.remove(&signature_key(&types));
        if obj.signatures.is_empty() {
            drop_object(s, &name);
        }
    }
}

/// Removes an object and everything that lives on or in it.
fn drop_object(s: &mut State, name: &str) {
    let inside = |k: &str| k == name || k.starts_with(&format!("{name}."));
    s.objects.retain(|k, _| !inside(k));
    s.monitors.retain(|k, _| !inside(k));
    s.policies.retain(|k, _| !inside(k));
    s.attachments.retain(|(t, p), _| !inside(t) && !inside(p));
    s.grants.retain(|text, _| {
        let m = mentions(text);
        !m.full.iter().any(|n| inside(n))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlcheck::validate_statement;

    fn run(s: &mut State, text: &str) {
        let stmt = validate_statement(text).expect("valid statement");
        apply(s, "SYSADMIN", text, &stmt);
    }

    const PROC: &str = "ANALYTICS_PLATFORM.GOVERNANCE.SET_TAG";

    fn create_overloads(s: &mut State) {
        for args in ["", "MODEL VARCHAR"] {
            run(
                s,
                &format!(
                    "CREATE OR REPLACE PROCEDURE {PROC}({args}) RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN RETURN 1; END'"
                ),
            );
        }
        run(
            s,
            &format!("GRANT USAGE ON PROCEDURE {PROC}(VARCHAR) TO ROLE TENANT_A"),
        );
    }

    #[test]
    fn each_overload_of_a_routine_keeps_its_argument_types() {
        let mut s = State::default();
        create_overloads(&mut s);
        let keys: Vec<&String> = s.objects[PROC].signatures.keys().collect();
        assert_eq!(keys, ["", "VARCHAR"]);
    }

    #[test]
    fn a_routine_goes_with_its_last_overload_and_takes_its_grants() {
        let mut s = State::default();
        create_overloads(&mut s);
        run(&mut s, &format!("DROP PROCEDURE IF EXISTS {PROC}()"));
        assert!(s.objects.contains_key(PROC), "one overload is left");
        run(&mut s, &format!("DROP PROCEDURE IF EXISTS {PROC}(VARCHAR)"));
        assert!(!s.objects.contains_key(PROC));
        assert!(s.grants.is_empty(), "{:?}", s.grants.keys());
    }
}
