//! Applying one typed statement to the [`AccessModel`], in deployment order (GRANT and REVOKE
//! in [`super::grants`]).

use sqlparser::ast::helpers::key_value_options::{KeyValueOption, KeyValueOptionKind};
use sqlparser::ast::{Expr, ObjectType, SelectItem, SetExpr, Statement, TableFactor, Use};

use super::finding::At;
use super::model::{
    AccessModel, Alert, FutureGrant, MergedRows, Monitor, ObjRef, Policy, Privilege, Relation,
    SecondaryRoles, User,
};
use super::names::{ident, object, parent};
use crate::sqlcheck::ast::{
    AccountAction, AttachAction, PolicyAction, SnowflakeStatement, TriggerAction,
};
use crate::sqlcheck::{Checked, Typed};

impl AccessModel {
    /// Applies one statement; `role` is the role in use (`USE ROLE`), which owns what it creates.
    pub fn apply(&mut self, file: &str, c: &Checked, role: &mut String) {
        let at = At {
            file: file.to_string(),
            line: c.line,
        };
        match &c.stmt {
            Typed::Sql(s) => self.apply_sql(s, at, role),
            Typed::Snowflake(s) => self.apply_snowflake(s, at),
        }
    }

    fn own(&mut self, kind: &str, name: &str, role: &str, at: &At) {
        if !role.is_empty() {
            let obj = ObjRef {
                kind: kind.into(),
                name: name.into(),
            };
            self.owners.insert(obj, (role.to_string(), at.clone()));
        }
    }

    fn apply_sql(&mut self, s: &Statement, at: At, role: &mut String) {
        match s {
            Statement::Use(Use::Role(n)) => *role = object(n),
            Statement::CreateRole(r) => {
                for n in &r.names {
                    self.roles.insert(object(n), at.clone());
                }
            }
            Statement::CreateUser(u) => {
                let mut user = User {
                    at,
                    ..User::default()
                };
                set_user_options(&mut user, &u.options.options, None);
                self.users.insert(ident(&u.name), user);
            }
            Statement::AlterUser(a) => {
                let name = ident(&a.name);
                if let Some(user) = self.users.get_mut(&name) {
                    set_user_options(user, &a.set_props.options, Some(&at));
                    for prop in &a.unset_props {
                        match prop.to_ascii_uppercase().as_str() {
                            "DEFAULT_ROLE" => user.default_role = None,
                            "DEFAULT_SECONDARY_ROLES" => user.secondary_roles = None,
                            "NETWORK_POLICY" => user.network_policy = None,
                            _ => continue,
                        }
                        user.at = at.clone();
                    }
                    if let Some(to) = &a.rename_to {
                        let user = self.users.remove(&name).unwrap_or_default();
                        self.users.insert(ident(to), user);
                        let grants: Vec<_> = self
                            .user_grants
                            .iter()
                            .filter(|((_, u), _)| *u == name)
                            .map(|((r, _), at)| (r.clone(), at.clone()))
                            .collect();
                        for (role, at) in grants {
                            self.user_grants.remove(&(role.clone(), name.clone()));
                            self.user_grants.insert((role, ident(to)), at);
                        }
                    }
                }
            }
            Statement::CreateDatabase { db_name, .. } => {
                let name = object(db_name);
                self.own("DATABASE", &name, role, &at);
                self.databases.insert(name, at);
            }
            Statement::CreateWarehouse(w) => {
                let name = object(&w.name);
                self.own("WAREHOUSE", &name, role, &at);
                self.warehouses.insert(name, at);
            }
            Statement::CreateSchema { schema_name, .. } => {
                let name = schema_name.to_string().to_ascii_uppercase();
                self.own("SCHEMA", &name, role, &at);
                self.schemas.insert(name, (false, at));
            }
            Statement::CreateTable(t) => {
                let name = object(&t.name);
                if let Some(p) = &t.with_row_access_policy {
                    let cols = p.on.iter().map(ident).collect();
                    self.attachments
                        .entry(name.clone())
                        .or_default()
                        .insert(object(&p.policy), (cols, at.clone()));
                }
                let columns = t.columns.iter().map(|c| ident(&c.name)).collect();
                self.created("TABLE", &name, columns, None, false, role, at);
            }
            Statement::CreateView(v) => {
                let name = object(&v.name);
                let columns = v.columns.iter().map(|c| ident(&c.name)).collect();
                let query = Some(v.query.clone());
                self.created("VIEW", &name, columns, query, v.secure, role, at);
            }
            Statement::Grant(g) => {
                self.grant(&g.privileges, g.objects.as_ref(), &g.grantees, &at, true)
            }
            Statement::Revoke(r) => {
                self.grant(&r.privileges, r.objects.as_ref(), &r.grantees, &at, false)
            }
            Statement::Drop {
                object_type, names, ..
            } => {
                for n in names {
                    self.drop_object(*object_type, &object(n));
                }
            }
            // The model keys a routine by name (overloads together), and the package only drops a routine
            // with all of its overloads, so one DROP forgets it.
            Statement::DropFunction(d) => {
                for f in &d.func_desc {
                    self.drop_routine("FUNCTION", &object(&f.name));
                }
            }
            Statement::DropProcedure { proc_desc, .. } => {
                for p in proc_desc {
                    self.drop_routine("PROCEDURE", &object(&p.name));
                }
            }
            Statement::Merge(m) => self.merge(m, at),
            Statement::Delete(d) => self.delete(d),
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn created(
        &mut self,
        kind: &str,
        name: &str,
        columns: Vec<String>,
        query: Option<Box<sqlparser::ast::Query>>,
        secure: bool,
        role: &str,
        at: At,
    ) {
        self.own(kind, name, role, &at);
        if let Some(schema) = parent(name) {
            let rules: Vec<(FutureGrant, At)> = self
                .future_rules_for(kind, schema)
                .into_iter()
                .map(|(g, a)| (g.clone(), a.clone()))
                .collect();
            for (g, a) in rules {
                let p = Privilege {
                    grantee: g.grantee,
                    object: ObjRef {
                        kind: kind.into(),
                        name: name.into(),
                    },
                    privilege: g.privilege,
                };
                self.privileges.insert(p, a);
            }
        }
        let relation = Relation {
            kind: kind.into(),
            secure,
            columns,
            query,
            at,
        };
        self.relations.insert(name.to_string(), relation);
    }

    fn drop_object(&mut self, kind: ObjectType, name: &str) {
        match kind {
            ObjectType::Role => {
                self.roles.remove(name);
                self.role_grants.retain(|(a, b), _| a != name && b != name);
                self.user_grants.retain(|(a, _), _| a != name);
                self.privileges.retain(|p, _| p.grantee != name);
                self.future.retain(|g, _| g.grantee != name);
            }
            ObjectType::Table | ObjectType::View => {
                let k = if kind == ObjectType::Table {
                    "TABLE"
                } else {
                    "VIEW"
                };
                self.relations.remove(name);
                self.forget(k, name);
            }
            ObjectType::Schema => {
                self.schemas.remove(name);
                self.forget("SCHEMA", name);
                // Dropping a schema drops what it holds.
                for relation in self.relations_in(name, false) {
                    let kind = self.relations[&relation].kind.clone();
                    self.relations.remove(&relation);
                    self.forget(&kind, &relation);
                }
            }
            ObjectType::Database => {
                self.databases.remove(name);
                self.forget("DATABASE", name);
            }
            ObjectType::Warehouse => {
                self.warehouses.remove(name);
                self.warehouse_monitor.remove(name);
                self.forget("WAREHOUSE", name);
            }
            ObjectType::User => {
                self.users.remove(name);
                self.user_grants.retain(|(_, u), _| u != name);
            }
            _ => {}
        }
    }

    fn drop_routine(&mut self, kind: &str, name: &str) {
        self.routines.remove(name);
        self.forget(kind, name);
    }

    fn merge(&mut self, m: &sqlparser::ast::Merge, at: At) {
        let TableFactor::Table { name, .. } = &m.table else {
            return;
        };
        let TableFactor::Derived { subquery, .. } = &m.source else {
            return;
        };
        let SetExpr::Select(select) = subquery.body.as_ref() else {
            return;
        };
        let columns: Vec<String> = select
            .projection
            .iter()
            .map(|item| match item {
                SelectItem::ExprWithAlias { alias, .. } => ident(alias),
                other => other.to_string().to_ascii_uppercase(),
            })
            .collect();
        let Some(TableFactor::Derived { subquery, .. }) = select.from.first().map(|f| &f.relation)
        else {
            return;
        };
        let SetExpr::Values(values) = subquery.body.as_ref() else {
            return;
        };
        // Several MERGEs (the package batches them) upsert into one table: a row replaces the row
        // with the same key, the first column (what the package's MERGE joins ON).
        let merged = self
            .merged
            .entry(object(name))
            .or_insert_with(|| MergedRows {
                columns,
                rows: Vec::new(),
                at,
            });
        let key = |row: &[Expr]| row.first().map(ToString::to_string);
        let mut at_key: std::collections::HashMap<Option<String>, usize> = merged
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (key(r), i))
            .collect();
        for row in &values.rows {
            match at_key.get(&key(&row.content)) {
                Some(&i) => merged.rows[i] = row.content.clone(),
                None => {
                    at_key.insert(key(&row.content), merged.rows.len());
                    merged.rows.push(row.content.clone());
                }
            }
        }
    }

    /// `DELETE FROM t WHERE <first column> NOT IN (...)`: how the package drops the mapping rows of
    /// tenants no longer in the spec. Other deletes remove nothing the model knows of.
    fn delete(&mut self, d: &sqlparser::ast::Delete) {
        let (sqlparser::ast::FromTable::WithFromKeyword(from)
        | sqlparser::ast::FromTable::WithoutKeyword(from)) = &d.from;
        let Some(TableFactor::Table { name, .. }) = from.first().map(|t| &t.relation) else {
            return;
        };
        let Some(merged) = self.merged.get_mut(&object(name)) else {
            return;
        };
        let Some(Expr::In {
            expr,
            target: sqlparser::ast::InTarget::List(list),
            negated: true,
            ..
        }) = &d.selection
        else {
            return;
        };
        let Expr::Identifier(column) = expr.as_ref() else {
            return;
        };
        if merged.columns.first() != Some(&ident(column)) {
            return;
        }
        let keep: std::collections::HashSet<String> =
            list.iter().map(ToString::to_string).collect();
        merged
            .rows
            .retain(|r| r.first().is_some_and(|k| keep.contains(&k.to_string())));
    }

    fn apply_snowflake(&mut self, s: &SnowflakeStatement, at: At) {
        match s {
            // CREATE ROLE ... COMMENT comes here; plain CREATE ROLE through sqlparser.
            SnowflakeStatement::CreateRole(r) => {
                self.roles.insert(object(&r.name), at);
            }
            // A role's comment and an integration's settings grant nothing (USAGE on an
            // integration is a GRANT). The compiler emits no ALTER ROLE ... RENAME, which the
            // model does not follow.
            SnowflakeStatement::AlterRole(_)
            | SnowflakeStatement::CreateIntegration(_)
            | SnowflakeStatement::AlterIntegration(_) => {}
            SnowflakeStatement::CreateSchema(c) => {
                self.schemas.insert(object(&c.name), (c.managed_access, at));
            }
            SnowflakeStatement::AlterSchemaManagedAccess(a) => {
                if let Some(entry) = self.schemas.get_mut(&object(&a.name)) {
                    entry.0 = a.enable;
                }
            }
            SnowflakeStatement::CreateRowAccessPolicy(p) => {
                let args = p.args.iter().map(|(i, _)| ident(i)).collect();
                let policy = Policy {
                    args,
                    body: p.body.clone(),
                    at,
                };
                self.policies.insert(object(&p.name), policy);
            }
            SnowflakeStatement::AlterPolicy(a) => match &a.action {
                PolicyAction::SetBody(body) => {
                    if let Some(p) = self.policies.get_mut(&object(&a.name)) {
                        p.body = body.clone();
                        p.at = at;
                    }
                }
                PolicyAction::RenameTo(to) => {
                    if let Some(p) = self.policies.remove(&object(&a.name)) {
                        self.policies.insert(object(to), p);
                    }
                }
                _ => {}
            },
            SnowflakeStatement::AlterPolicyAttachment(a) => {
                let rel = object(&a.name);
                let entry = self.attachments.entry(rel).or_default();
                match &a.action {
                    AttachAction::AddRowAccessPolicy { policy, on } => {
                        entry.insert(object(policy), (on.iter().map(ident).collect(), at));
                    }
                    AttachAction::DropRowAccessPolicy { policy, then_add } => {
                        entry.remove(&object(policy));
                        if let Some((p, on)) = then_add {
                            entry.insert(object(p), (on.iter().map(ident).collect(), at));
                        }
                    }
                    AttachAction::DropAllRowAccessPolicies => entry.clear(),
                    _ => {}
                }
            }
            SnowflakeStatement::CreateResourceMonitor(m) => {
                let triggers = m
                    .triggers
                    .iter()
                    .flatten()
                    .map(|t| (t.percent, trigger_action(&t.action)))
                    .collect();
                self.monitors
                    .insert(object(&m.name), Monitor { triggers, at });
            }
            SnowflakeStatement::AlterResourceMonitor(m) => {
                if let (Some(t), Some(mon)) = (&m.triggers, self.monitors.get_mut(&object(&m.name)))
                {
                    mon.triggers = t
                        .iter()
                        .map(|t| (t.percent, trigger_action(&t.action)))
                        .collect();
                }
            }
            SnowflakeStatement::AlterWarehouse(w) => {
                if let Some(v) = w.resource_monitor() {
                    let wh = object(&w.name);
                    match prop_name(v) {
                        Some(m) => {
                            self.warehouse_monitor.insert(wh, (m, at));
                        }
                        None => {
                            self.warehouse_monitor.remove(&wh);
                        }
                    }
                }
            }
            SnowflakeStatement::AlterAccount(a) => {
                if let AccountAction::Set(props) = &a.action
                    && let Some(p) = props.iter().find(|p| p.is("RESOURCE_MONITOR"))
                {
                    self.account_monitor = prop_name(&p.value).map(|m| (m, at));
                }
            }
            SnowflakeStatement::CreateProcedure(p) => {
                self.routines.insert(object(&p.name), at);
            }
            SnowflakeStatement::CreateExternalFunction(f) => {
                self.routines.insert(object(&f.name), at);
            }
            SnowflakeStatement::CreateAlert(a) => {
                let alert = Alert {
                    resumed: false,
                    condition: a.condition.to_string(),
                    at,
                };
                self.alerts.insert(object(&a.name), alert);
            }
            SnowflakeStatement::AlterAlert(a) => {
                if let Some(alert) = self.alerts.get_mut(&object(&a.name)) {
                    alert.resumed = a.resume;
                }
            }
            SnowflakeStatement::FutureGrantInDatabase(g) => self.future_in_database(g, &at),
            SnowflakeStatement::CreateSessionPolicy(c) => {
                let name = object(&c.name);
                if c.or_replace || !self.session_policies.contains_key(&name) {
                    let mut policy = crate::audit::model::SessionPolicy {
                        at: at.clone(),
                        ..Default::default()
                    };
                    session_policy_props(&mut policy, &c.props);
                    self.session_policies.insert(name, policy);
                }
            }
            SnowflakeStatement::AlterSessionPolicy(a) => {
                if let Some(policy) = self.session_policies.get_mut(&object(&a.name)) {
                    session_policy_props(policy, &a.set);
                    policy.at = at.clone();
                }
            }
            SnowflakeStatement::AlterUserPolicy(a) if a.kind == "SESSION" => {
                if let Some(user) = self.users.get_mut(&object(&a.user)) {
                    user.session_policy = a.set.as_ref().map(|(p, _)| (object(p), at.clone()));
                }
            }
            SnowflakeStatement::DropObject(d) => {
                let name = object(&d.name);
                match d.object_kind.as_str() {
                    "ROW ACCESS POLICY" => {
                        self.policies.remove(&name);
                    }
                    "RESOURCE MONITOR" => {
                        self.monitors.remove(&name);
                        self.warehouse_monitor.retain(|_, (m, _)| *m != name);
                    }
                    "ALERT" => {
                        self.alerts.remove(&name);
                    }
                    kind if kind.ends_with("INTEGRATION") => self.forget("INTEGRATION", &name),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// `DEFAULT_ROLE` and `DEFAULT_SECONDARY_ROLES` from CREATE USER / ALTER USER SET options;
/// an ALTER that sets either becomes the user's location (`at`).
fn set_user_options(user: &mut User, options: &[KeyValueOption], at: Option<&At>) {
    for o in options {
        let name = o.option_name.to_ascii_uppercase();
        if let Some(at) =
            at.filter(|_| matches!(name.as_str(), "DEFAULT_ROLE" | "DEFAULT_SECONDARY_ROLES"))
        {
            user.at = at.clone();
        }
        match name.as_str() {
            "DEFAULT_ROLE" => {
                if let KeyValueOptionKind::Single(v) = &o.option_value {
                    user.default_role = option_name(&v.value);
                }
            }
            "NETWORK_POLICY" => {
                if let KeyValueOptionKind::Single(v) = &o.option_value {
                    user.network_policy =
                        option_name(&v.value).map(|p| (p, at.cloned().unwrap_or_default()));
                }
            }
            // `()` is no secondary roles, `('ALL')` all of them (the only two values Snowflake
            // accepts).
            "DEFAULT_SECONDARY_ROLES" => {
                user.secondary_roles = match &o.option_value {
                    KeyValueOptionKind::Multi(v) if v.is_empty() => Some(SecondaryRoles::None),
                    _ => Some(SecondaryRoles::All),
                };
            }
            _ => {}
        }
    }
}

/// The secondary-role settings of CREATE / ALTER SESSION POLICY.
fn session_policy_props(
    policy: &mut crate::audit::model::SessionPolicy,
    props: &crate::sqlcheck::ast::SessionPolicyProps,
) {
    use crate::sqlcheck::ast::SecondaryRoleList;
    if let Some(a) = &props.allowed_secondary_roles {
        policy.allowed_none = Some(a.is_empty());
    }
    if let Some(b) = &props.blocked_secondary_roles {
        policy.blocked_all = matches!(b, SecondaryRoleList::All);
    }
}

/// A name given as an option value: a bare word folds to upper case, a string keeps its text.
fn option_name(v: &sqlparser::ast::Value) -> Option<String> {
    match v {
        sqlparser::ast::Value::Placeholder(w) => Some(w.to_ascii_uppercase()),
        sqlparser::ast::Value::SingleQuotedString(s) => Some(s.clone()),
        _ => None,
    }
}

fn prop_name(v: &crate::sqlcheck::ast::PropValue) -> Option<String> {
    match v {
        crate::sqlcheck::ast::PropValue::Name(n) => Some(object(n)),
        crate::sqlcheck::ast::PropValue::String(s) => Some(s.to_ascii_uppercase()),
        _ => None,
    }
}

fn trigger_action(a: &TriggerAction) -> String {
    format!("{a:?}").to_ascii_uppercase()
}
