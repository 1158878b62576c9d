//! Applying one typed statement to the [`AccessModel`], in deployment order (GRANT and REVOKE
//! in [`super::grants`]).

use sqlparser::ast::helpers::key_value_options::{KeyValueOption, KeyValueOptionKind};
use sqlparser::ast::{Expr, ObjectType, SelectItem, SetExpr, Statement, TableFactor, Use};

use super::finding::At;
use super::model::{
    AccessModel, Alert, FutureGrant, MergedRows, Monitor, ObjectKey, Policy, Privilege, Relation,
    SecondaryRoles, User,
};
use super::names::{ident, object, parent};
use crate::sqlcheck::ast::{
    AccountAction, AttachAction, GrantOn, PolicyAction, PropertyAction, SnowflakeStatement,
    TriggerAction,
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
            let obj = ObjectKey {
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
                if u.if_not_exists && self.users.contains_key(&ident(&u.name)) {
                    return;
                }
                if u.or_replace {
                    // The old user is dropped with the roles granted to it.
                    self.drop_object(ObjectType::User, &ident(&u.name));
                }
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
                        user.properties.remove(&prop.to_ascii_uppercase());
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
            Statement::CreateDatabase {
                db_name,
                if_not_exists,
                or_replace,
                ..
            } => {
                let name = object(db_name);
                if *if_not_exists && self.databases.contains_key(&name) {
                    return;
                }
                if *or_replace {
                    self.drop_object(ObjectType::Database, &name);
                }
                self.own("DATABASE", &name, role, &at);
                self.databases.insert(name, at);
            }
            Statement::CreateWarehouse(w) => self.create_warehouse(w, role, at),
            Statement::CreateSchema {
                schema_name,
                if_not_exists,
                or_replace,
                ..
            } => {
                // Keyed like our grammar's CREATE SCHEMA (part by part), not by its text.
                let name = super::names::schema(schema_name);
                if !self.replace_schema(&name, *if_not_exists, *or_replace) {
                    return;
                }
                self.own("SCHEMA", &name, role, &at);
                self.schemas.insert(name, (false, at));
            }
            Statement::CreateTable(t) => {
                let name = object(&t.name);
                // `IF NOT EXISTS` on an existing table changes nothing: neither its columns nor
                // its policy.
                if t.if_not_exists && self.relations.contains_key(&name) {
                    return;
                }
                let inherit = self.replace_relation(&name, t.or_replace, t.copy_grants);
                if let Some(p) = &t.with_row_access_policy {
                    let cols = p.on.iter().map(ident).collect();
                    self.attachments
                        .entry(name.clone())
                        .or_default()
                        .insert(object(&p.policy), (cols, at.clone()));
                }
                let columns = t.columns.iter().map(|c| ident(&c.name)).collect();
                let types = t
                    .columns
                    .iter()
                    .map(|c| (ident(&c.name), c.data_type.to_string()))
                    .collect();
                self.created("TABLE", &name, columns, None, false, role, at, inherit);
                if let Some(r) = self.relations.get_mut(&name) {
                    r.types = types;
                }
            }
            Statement::CreateView(v) => {
                let name = object(&v.name);
                // `IF NOT EXISTS` on an existing view changes nothing (docs.snowflake.com/en/sql-reference/sql/create-view).
                if v.if_not_exists && self.relations.contains_key(&name) {
                    return;
                }
                let inherit = self.replace_relation(&name, v.or_replace, v.copy_grants);
                let columns = v.columns.iter().map(|c| ident(&c.name)).collect();
                let query = Some(v.query.clone());
                self.created("VIEW", &name, columns, query, v.secure, role, at, inherit);
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
            Statement::AlterTable(a) => self.alter_table(a),
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
        inherit_future: bool,
    ) {
        self.own(kind, name, role, &at);
        if let Some(schema) = parent(name).filter(|_| inherit_future) {
            let rules: Vec<(FutureGrant, At)> = self
                .future_rules_for(kind, schema)
                .into_iter()
                .map(|(g, a)| (g.clone(), a.clone()))
                .collect();
            for (g, a) in rules {
                let p = Privilege {
                    grantee: g.grantee,
                    object: ObjectKey {
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
            types: std::collections::BTreeMap::new(),
            query,
            at,
        };
        self.relations.insert(name.to_string(), relation);
    }

    /// `CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS] w WITH ...`: `IF NOT EXISTS` on an existing
    /// warehouse changes nothing, its settings included ("Do nothing if the warehouse already
    /// exists", docs.snowflake.com/en/sql-reference/sql/create-warehouse); `OR REPLACE` drops the
    /// old one with its grants. The settings it sets are kept as `ALTER WAREHOUSE ... SET` keeps them
    /// (`INITIALLY_SUSPENDED` only applies at creation: no ALTER can set it, so it is no setting).
    fn create_warehouse(&mut self, w: &sqlparser::ast::CreateWarehouse, role: &str, at: At) {
        let name = object(&w.name);
        let exists = self.warehouses.contains_key(&name);
        if exists && w.if_not_exists {
            return;
        }
        if exists && w.or_replace {
            self.drop_object(ObjectType::Warehouse, &name);
        }
        self.own("WAREHOUSE", &name, role, &at);
        let mut settings = std::collections::BTreeMap::new();
        for o in &w.options.options {
            let KeyValueOptionKind::Single(v) = &o.option_value else {
                continue;
            };
            match o.option_name.to_ascii_uppercase().as_str() {
                "INITIALLY_SUSPENDED" => {}
                "RESOURCE_MONITOR" => {
                    if let Some(m) = option_name(&v.value) {
                        self.warehouse_monitor.insert(name.clone(), (m, at.clone()));
                    }
                }
                key => {
                    settings.insert(key.to_string(), setting_text(&v.value.to_string()));
                }
            }
        }
        if !settings.is_empty() {
            self.warehouse_settings.insert(name.clone(), settings);
        }
        self.warehouses.insert(name, at);
    }

    /// Whether a `CREATE SCHEMA` acts: not with `IF NOT EXISTS` on an existing schema (which keeps
    /// its contents and managed access); `OR REPLACE` drops the old schema and what it holds first
    /// (docs.snowflake.com/en/sql-reference/sql/create-schema).
    fn replace_schema(&mut self, name: &str, if_not_exists: bool, or_replace: bool) -> bool {
        let exists = self.schemas.contains_key(name);
        if exists && if_not_exists {
            return false;
        }
        if exists && or_replace {
            self.drop_schema(name);
        }
        true
    }

    /// `CREATE OR REPLACE` of an existing table or view, before the new one is recorded; returns
    /// whether the new object inherits the schema's future grants. Following
    /// docs.snowflake.com/en/release-notes/bcr-bundles/2026_08/bcr-2433 ("before the change", the
    /// behaviour while that bundle is disabled by default): without `COPY GRANTS` the privileges
    /// granted on the replaced object are dropped and the replacement inherits future grants; with
    /// it they are kept and no future grant applies. A replaced table loses its rows. The replaced
    /// object's row access policy goes with it (a re-created object "initially lacks policy
    /// references", docs.snowddl.com/basic/yaml-configs/row-access-policy); the statement's own
    /// `WITH ROW ACCESS POLICY` attaches one again.
    fn replace_relation(&mut self, name: &str, or_replace: bool, copy_grants: bool) -> bool {
        if !self.relations.contains_key(name) || !or_replace {
            return true;
        }
        self.merged.remove(name);
        self.attachments.remove(name);
        if copy_grants {
            return false;
        }
        self.privileges.retain(|p, _| {
            !(p.object.name == name && matches!(p.object.kind.as_str(), "TABLE" | "VIEW"))
        });
        true
    }

    fn drop_object(&mut self, kind: ObjectType, name: &str) {
        match kind {
            ObjectType::Role => {
                self.roles.remove(name);
                self.role_grants.retain(|(a, b), _| a != name && b != name);
                self.user_grants.retain(|(a, _), _| a != name);
                self.privileges.retain(|p, _| p.grantee != name);
                self.future.retain(|g, _| g.grantee != name);
                self.all_grants.retain(|g, _| g.grantee != name);
            }
            ObjectType::Table | ObjectType::View => {
                let k = if kind == ObjectType::Table {
                    "TABLE"
                } else {
                    "VIEW"
                };
                self.relations.remove(name);
                self.merged.remove(name);
                self.forget(k, name);
            }
            ObjectType::Schema => self.drop_schema(name),
            ObjectType::Database => {
                self.databases.remove(name);
                self.forget("DATABASE", name);
                self.future.retain(|g, _| g.container != name);
                self.all_grants.retain(|g, _| g.container != name);
                let prefix = format!("{name}.");
                let schemas: Vec<String> = self
                    .schemas
                    .keys()
                    .filter(|s| s.starts_with(&prefix))
                    .cloned()
                    .collect();
                for schema in schemas {
                    self.drop_schema(&schema);
                }
            }
            ObjectType::Warehouse => {
                self.warehouses.remove(name);
                self.warehouse_monitor.remove(name);
                self.warehouse_settings.remove(name);
                self.forget("WAREHOUSE", name);
            }
            ObjectType::User => {
                self.users.remove(name);
                self.user_grants.retain(|(_, u), _| u != name);
            }
            _ => {}
        }
    }

    /// `ALTER TABLE t ADD COLUMN c T` and `DROP COLUMN c`: a table's columns change in place.
    fn alter_table(&mut self, a: &sqlparser::ast::AlterTable) {
        use sqlparser::ast::AlterTableOperation as Op;
        let Some(rel) = self.relations.get_mut(&object(&a.name)) else {
            return;
        };
        for op in &a.operations {
            match op {
                Op::AddColumn { column_def, .. } => {
                    let name = ident(&column_def.name);
                    if !rel.columns.contains(&name) {
                        rel.columns.push(name.clone());
                        rel.types.insert(name, column_def.data_type.to_string());
                    }
                }
                Op::DropColumn { column_names, .. } => {
                    for c in column_names {
                        let name = ident(c);
                        rel.columns.retain(|x| *x != name);
                        rel.types.remove(&name);
                    }
                }
                _ => {}
            }
        }
    }

    /// Dropping a schema drops what it holds: relations (with their rows), policies, routines,
    /// alerts, and the future grants defined on it.
    fn drop_schema(&mut self, name: &str) {
        self.schemas.remove(name);
        self.forget("SCHEMA", name);
        let in_schema =
            |g: &FutureGrant| g.level == super::model::Level::Schema && g.container == name;
        self.future.retain(|g, _| !in_schema(g));
        self.all_grants.retain(|g, _| !in_schema(g));
        for relation in self.relations_in(name, false) {
            let kind = self.relations[&relation].kind.clone();
            self.relations.remove(&relation);
            self.merged.remove(&relation);
            self.forget(&kind, &relation);
        }
        let inside = |n: &str| parent(n) == Some(name);
        self.policies.retain(|p, _| !inside(p));
        // Grants on the policies and routines it held go with them (APPLY to dbt's role).
        self.privileges.retain(|p, _| !inside(&p.object.name));
        self.session_policies.retain(|p, _| !inside(p));
        for attached in self.attachments.values_mut() {
            attached.retain(|p, _| !inside(p));
        }
        self.attachments.retain(|_, a| !a.is_empty());
        self.alerts.retain(|a, _| !inside(a));
        let routines: Vec<String> = self
            .routines
            .keys()
            .filter(|r| inside(r))
            .cloned()
            .collect();
        for r in routines {
            self.routines.remove(&r);
            self.forget("PROCEDURE", &r);
            self.forget("FUNCTION", &r);
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
        // `k NOT IN (...)` keeps the listed keys; `k IN (...)` and `k = v` (the offboarding
        // script's form) remove them.
        let (column, list, keep_listed): (&Expr, Vec<&Expr>, bool) = match &d.selection {
            Some(Expr::In {
                expr,
                target: sqlparser::ast::InTarget::List(list),
                negated,
                ..
            }) => (expr, list.iter().collect(), *negated),
            Some(Expr::BinaryOp {
                left,
                op: sqlparser::ast::BinaryOperator::Eq,
                right,
            }) => (left, vec![right.as_ref()], false),
            _ => return,
        };
        let Expr::Identifier(column) = column else {
            return;
        };
        if merged.columns.first() != Some(&ident(column)) {
            return;
        }
        let listed: std::collections::HashSet<String> =
            list.iter().map(ToString::to_string).collect();
        merged.rows.retain(|r| {
            r.first()
                .is_some_and(|k| listed.contains(&k.to_string()) == keep_listed)
        });
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
                let name = object(&c.name);
                if self.replace_schema(&name, c.if_not_exists, c.or_replace) {
                    self.schemas.insert(name, (c.managed_access, at));
                }
            }
            SnowflakeStatement::AlterSchemaManagedAccess(a) => {
                if let Some(entry) = self.schemas.get_mut(&object(&a.name)) {
                    entry.0 = a.enable;
                }
            }
            SnowflakeStatement::CreateRowAccessPolicy(p) => {
                let name = object(&p.name);
                // `IF NOT EXISTS` on an existing policy changes nothing.
                if p.if_not_exists && self.policies.contains_key(&name) {
                    return;
                }
                let args = p.args.iter().map(|(i, _)| ident(i)).collect();
                let types: Vec<String> = p.args.iter().map(|(_, t)| t.to_string()).collect();
                let policy = Policy {
                    args,
                    signature: format!("({}) RETURNS {}", types.join(", "), p.returns),
                    body: p.body.clone(),
                    at,
                };
                self.policies.insert(name, policy);
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
                // A relation without policies has no entry (as if never attached).
                self.attachments.retain(|_, a| !a.is_empty());
            }
            SnowflakeStatement::CreateResourceMonitor(m) => {
                let name = object(&m.name);
                // `IF NOT EXISTS` on an existing monitor changes nothing.
                if m.if_not_exists && self.monitors.contains_key(&name) {
                    return;
                }
                let triggers = sorted_triggers(m.triggers.iter().flatten());
                let mut monitor = Monitor {
                    triggers,
                    credit_quota: None,
                    // Without FREQUENCY a monitor resets monthly (sql/create-resource-monitor).
                    frequency: Some(crate::sqlcheck::ast::Frequency::Monthly.to_string()),
                    notify_users: Vec::new(),
                    at,
                };
                set_monitor(&mut monitor, &m.props);
                self.monitors.insert(name, monitor);
            }
            SnowflakeStatement::AlterResourceMonitor(m) => {
                if let Some(mon) = self.monitors.get_mut(&object(&m.name)) {
                    if let Some(t) = &m.triggers {
                        mon.triggers = sorted_triggers(t.iter());
                    }
                    if let Some(props) = &m.set {
                        set_monitor(mon, props);
                    }
                }
            }
            SnowflakeStatement::AlterWarehouse(w) => {
                // UNSET puts a setting back to Snowflake's default: the model keeps no value for
                // it, as for a warehouse created without it.
                if let crate::sqlcheck::ast::WarehouseAction::Unset(names) = &w.action {
                    let wh = object(&w.name);
                    for n in names {
                        let key = ident(n);
                        if key == "RESOURCE_MONITOR" {
                            self.warehouse_monitor.remove(&wh);
                        } else if let Some(settings) = self.warehouse_settings.get_mut(&wh) {
                            settings.remove(&key);
                        }
                    }
                    self.warehouse_settings.retain(|_, s| !s.is_empty());
                }
                if let crate::sqlcheck::ast::WarehouseAction::Set(props) = &w.action {
                    let settings = self.warehouse_settings.entry(object(&w.name)).or_default();
                    for p in props.iter().filter(|p| !p.is("RESOURCE_MONITOR")) {
                        settings.insert(ident(&p.name), setting_text(&p.value.to_string()));
                    }
                    self.warehouse_settings.retain(|_, s| !s.is_empty());
                }
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
            SnowflakeStatement::AlterAccount(a) => match &a.action {
                AccountAction::Set(props) => {
                    if let Some(p) = props.iter().find(|p| p.is("RESOURCE_MONITOR")) {
                        self.account_monitor = prop_name(&p.value).map(|m| (m, at));
                    }
                }
                AccountAction::Unset(names) => {
                    if names
                        .iter()
                        .any(|n| n.value.eq_ignore_ascii_case("RESOURCE_MONITOR"))
                    {
                        self.account_monitor = None;
                    }
                }
                // An account-level authentication, password or session policy grants no
                // access the model tracks.
                AccountAction::Policy { .. } => {}
            },
            // `CREATE OR REPLACE` of a routine drops the privileges granted on it unless
            // `COPY GRANTS` (docs.snowflake.com/en/release-notes/bcr-bundles/2026_08/bcr-2433,
            // "before the change"). The model keys overloads together, as their grants.
            SnowflakeStatement::CreateProcedure(p) => {
                let name = object(&p.name);
                if p.or_replace && !p.copy_grants && self.routines.contains_key(&name) {
                    self.forget("PROCEDURE", &name);
                }
                self.routines.insert(name, at);
            }
            SnowflakeStatement::CreateExternalFunction(f) => {
                let name = object(&f.name);
                if f.or_replace && self.routines.contains_key(&name) {
                    self.forget("FUNCTION", &name);
                }
                self.routines.insert(name, at);
            }
            SnowflakeStatement::CreateAlert(a) => {
                // `IF NOT EXISTS` keeps an existing alert as it is (resumed or not); `OR REPLACE`
                // makes a new, suspended one (docs.snowflake.com/en/sql-reference/sql/create-alert).
                if a.if_not_exists && self.alerts.contains_key(&object(&a.name)) {
                    return;
                }
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
            // The grants our grammar parses (schema `CREATE <object>` privileges, APPLY on a
            // policy): the access model keeps those to roles on one object.
            SnowflakeStatement::GrantPrivileges(g) => {
                if let (GrantOn::Object { kind, name, .. }, "ROLE", false) =
                    (&g.on, g.grantee_kind.as_str(), g.grant_option_for)
                {
                    for privilege in &g.privileges {
                        let p = Privilege {
                            grantee: object(&g.grantee),
                            object: ObjectKey {
                                kind: kind.clone(),
                                name: object(name),
                            },
                            privilege: privilege.clone(),
                        };
                        if g.revoke {
                            self.privileges.remove(&p);
                        } else {
                            self.privileges.insert(p, at.clone());
                        }
                    }
                }
            }
            SnowflakeStatement::CreatePropertyObject(c) if c.object_kind == "SESSION POLICY" => {
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
            SnowflakeStatement::AlterPropertyObject(a) if a.object_kind == "SESSION POLICY" => {
                if let PropertyAction::Set(props) = &a.action
                    && let Some(policy) = self.session_policies.get_mut(&object(&a.name))
                {
                    session_policy_props(policy, props);
                    policy.at = at.clone();
                }
            }
            SnowflakeStatement::AlterUserPolicy(a) if a.policy_kind == "SESSION" => {
                if let Some(user) = self.users.get_mut(&ident(&a.name)) {
                    user.session_policy = a.policy.as_ref().map(|p| (object(p), at.clone()));
                }
            }
            SnowflakeStatement::DropObject(d) => {
                let name = object(&d.name);
                match d.object_kind.as_str() {
                    "ROW ACCESS POLICY" => {
                        self.policies.remove(&name);
                        // Grants on a dropped object go with it (APPLY to dbt's role).
                        self.privileges.retain(|p, _| p.object.name != name);
                    }
                    "RESOURCE MONITOR" => {
                        self.monitors.remove(&name);
                        self.warehouse_monitor.retain(|_, (m, _)| *m != name);
                        if self
                            .account_monitor
                            .as_ref()
                            .is_some_and(|(m, _)| *m == name)
                        {
                            self.account_monitor = None;
                        }
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
        if let KeyValueOptionKind::Single(v) = &o.option_value {
            user.properties
                .insert(name.clone(), property_text(&v.value));
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
    props: &[crate::sqlcheck::ast::Property],
) {
    use crate::sqlcheck::ast::PropValue;
    // `()` allows no secondary role; `('ALL')` blocks or allows every role
    // (https://docs.snowflake.com/en/sql-reference/sql/create-session-policy).
    let all = |v: &PropValue| matches!(v, PropValue::List(l) if l.iter().any(|x| matches!(x, PropValue::String(s) if s.eq_ignore_ascii_case("ALL"))));
    for p in props {
        if p.is("ALLOWED_SECONDARY_ROLES") {
            policy.allowed_none = Some(matches!(&p.value, PropValue::List(l) if l.is_empty()));
        } else if p.is("BLOCKED_SECONDARY_ROLES") {
            policy.blocked_all = all(&p.value);
        }
    }
}

/// A warehouse setting's value as one text whichever statement wrote it (`TRUE`, `60`, `XSMALL`).
fn setting_text(v: &str) -> String {
    if v.starts_with('\'') {
        v.to_string()
    } else {
        v.to_ascii_uppercase()
    }
}

/// A property value as the model keeps it: a bare word upper-cased (a name as a key), a string
/// quoted as written, anything else as sqlparser prints it.
fn property_text(v: &sqlparser::ast::Value) -> String {
    match v {
        sqlparser::ast::Value::Placeholder(w) => w.to_ascii_uppercase(),
        other => other.to_string(),
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

/// Triggers as `(percent, action)`, sorted: their order in the statement means nothing.
fn sorted_triggers<'a>(
    t: impl Iterator<Item = &'a crate::sqlcheck::ast::Trigger>,
) -> Vec<(u64, String)> {
    let mut v: Vec<(u64, String)> = t.map(|t| (t.percent, trigger_action(&t.action))).collect();
    v.sort();
    v
}

/// The properties a CREATE or ALTER RESOURCE MONITOR sets.
fn set_monitor(m: &mut Monitor, props: &crate::sqlcheck::ast::MonitorProps) {
    if let Some(q) = &props.credit_quota {
        let text = q.to_string();
        let text = text.trim_matches('\'');
        m.credit_quota = Some(
            text.parse::<f64>()
                .map_or(text.to_string(), |f| f.to_string()),
        );
    }
    if let Some(f) = &props.frequency {
        m.frequency = Some(f.to_string());
    }
    if let Some(users) = &props.notify_users {
        m.notify_users = users.iter().map(ident).collect();
    }
}

/// A trigger's action as Snowflake writes it (`SUSPEND_IMMEDIATE`, the word `SHOW RESOURCE
/// MONITORS` prints as `suspend_immediately_at`).
fn trigger_action(a: &TriggerAction) -> String {
    match a {
        TriggerAction::Notify => "NOTIFY",
        TriggerAction::Suspend => "SUSPEND",
        TriggerAction::SuspendImmediate => "SUSPEND_IMMEDIATE",
    }
    .to_string()
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
