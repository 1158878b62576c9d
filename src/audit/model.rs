//! The access model: what the package's statements leave behind in an account, built only from
//! typed statements (never from the spec).
//!
//! # Design
//! - **Canonical and order independent.** Every fact lives in a `BTreeMap` keyed by the fact
//!   itself, the value being where it came from ([`At`], which never takes part in equality).
//!   Two models are equal when they hold the same facts, so a future `snowtenant plan` can prove
//!   a migration with `model(OLD + migration) == model(NEW)`.
//! - **Incremental.** [`AccessModel::apply`] takes one statement at a time, including REVOKE and
//!   DROP, in deployment order. `ALL <kind> IN SCHEMA` expands to the objects existing at that
//!   point; FUTURE grants are kept as rules and applied to objects created later, the
//!   schema-level rule overriding the database-level one for the same object type (Snowflake:
//!   "the schema-level grants take precedence over the database level grants, and the database
//!   level grants are ignored" [sql/grant-privilege], `reference/snowflake-sql.md` §10).
//! - **Linear.** Role reachability is one memoized DFS per role over the role graph
//!   ([`AccessModel::closure`]), never pairs of tenants.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{Expr, Query};

use super::finding::At;

/// An object's identity: its kind (`TABLE`, `VIEW`, `SCHEMA`, `DATABASE`, `WAREHOUSE`,
/// `PROCEDURE`, `FUNCTION`, `INTEGRATION`, `ACCOUNT`...) and its name's parts folded from the
/// parsed statement ([`super::names::object`]). Audit, plan and drift key objects by it; the maps
/// of [`AccessModel`] that hold one kind of object are keyed by its `name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub kind: String,
    pub name: String,
}

impl ObjectKey {
    /// The key of a parsed name of the given kind.
    pub fn of(kind: &str, name: &sqlparser::ast::ObjectName) -> Self {
        ObjectKey {
            kind: kind.to_string(),
            name: super::names::object(name),
        }
    }
}

/// `GRANT privilege ON object TO ROLE grantee` (PUBLIC is the role `PUBLIC`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Privilege {
    pub grantee: String,
    pub object: ObjectKey,
    pub privilege: String,
}

/// Where a FUTURE grant is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Database,
    Schema,
}

/// `GRANT privilege ON FUTURE <kind>s IN {DATABASE | SCHEMA} container TO ROLE grantee`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FutureGrant {
    pub level: Level,
    pub container: String,
    /// `TABLE`, `VIEW`, `SCHEMA`...
    pub kind: String,
    pub privilege: String,
    pub grantee: String,
}

/// A table or a view.
#[derive(Debug, Clone, Eq)]
pub struct Relation {
    /// `TABLE` or `VIEW`.
    pub kind: String,
    pub secure: bool,
    /// Column names, in the order the relation lists them.
    pub columns: Vec<String>,
    /// A table's column types by column name (`NUMBER(38,2)`), as the statement wrote them.
    pub types: BTreeMap<String, String>,
    /// The view's query.
    pub query: Option<Box<Query>>,
    pub at: At,
}

/// A table's columns compare as a set of (name, type): `ALTER TABLE ... ADD COLUMN` appends, so a
/// column added to the middle of the spec ends last in the account, holding the same data. A
/// view's column order is its query's, compared as written.
impl PartialEq for Relation {
    fn eq(&self, other: &Self) -> bool {
        let columns = if self.kind == "TABLE" {
            self.columns.iter().collect::<BTreeSet<_>>()
                == other.columns.iter().collect::<BTreeSet<_>>()
        } else {
            self.columns == other.columns
        };
        self.kind == other.kind
            && self.secure == other.secure
            && columns
            && self.types == other.types
            && self.query == other.query
    }
}

/// A row access policy: argument names, its signature (argument types and return type) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub args: Vec<String>,
    /// `(VARCHAR) RETURNS BOOLEAN`: Snowflake cannot change it in place.
    pub signature: String,
    pub body: Expr,
    pub at: At,
}

/// A resource monitor: triggers `(percent, action)`, credit quota, frequency and the users it
/// notifies ([sql/alter-resource-monitor] changes each in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    pub triggers: Vec<(u64, String)>,
    /// The quota as written (`100`, `12.5`), normalized through `f64`.
    pub credit_quota: Option<String>,
    /// `MONTHLY`, `DAILY`, ...
    pub frequency: Option<String>,
    pub notify_users: Vec<String>,
    pub at: At,
}

/// An alert and whether it was resumed (alerts are created suspended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub resumed: bool,
    pub condition: String,
    pub at: At,
}

/// Rows merged into a table from literal VALUES (the tenant mapping table).
#[derive(Debug, Clone, Eq)]
pub struct MergedRows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Expr>>,
    pub at: At,
}

/// A table's rows are a set: the order MERGEs and DELETEs left them in means nothing.
impl PartialEq for MergedRows {
    fn eq(&self, other: &Self) -> bool {
        let set = |m: &MergedRows| {
            m.rows
                .iter()
                .map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>())
                .collect::<BTreeSet<_>>()
        };
        self.columns == other.columns && set(self) == set(other)
    }
}

/// A user's session defaults: what a session lands in before any `USE ROLE`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct User {
    /// `DEFAULT_ROLE`, when set.
    pub default_role: Option<String>,
    /// `DEFAULT_SECONDARY_ROLES`: `None` when never set, which Snowflake treats as `('ALL')`
    /// since bundle 2024_08 (every granted role active in every session).
    /// <https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1692>
    pub secondary_roles: Option<SecondaryRoles>,
    pub at: At,
    /// The session policy attached (`ALTER USER ... SET SESSION POLICY`), and where.
    pub session_policy: Option<(String, At)>,
    /// The user's `NETWORK_POLICY`, and where it was set.
    pub network_policy: Option<(String, At)>,
    /// Every single-valued property CREATE or ALTER USER ... SET gives (`DEFAULT_WAREHOUSE`,
    /// `COMMENT`, ...; `DEFAULT_ROLE` too), UNSET removes: a name upper-cased as a key, a string as
    /// written (quoted), a number or boolean as written. What `drift` reads users' defaults from.
    pub properties: BTreeMap<String, String>,
}

/// `DEFAULT_SECONDARY_ROLES = ('ALL')` or `= ()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondaryRoles {
    All,
    None,
}

impl User {
    /// Whether every role granted to the user is active in each of its sessions.
    pub fn all_secondary_roles(&self) -> bool {
        self.secondary_roles != Some(SecondaryRoles::None)
    }

    /// Whether a session can still run `USE SECONDARY ROLES ALL`: only a session policy with
    /// `ALLOWED_SECONDARY_ROLES = ()` stops it (DEFAULT_SECONDARY_ROLES is only the default).
    /// <https://docs.snowflake.com/en/sql-reference/sql/create-session-policy>
    pub fn may_use_secondary_roles(&self, model: &AccessModel) -> bool {
        !self
            .session_policy
            .as_ref()
            .and_then(|(p, _)| model.session_policies.get(p))
            .is_some_and(|p| p.forbids_secondary_roles())
    }
}

/// A session policy's secondary-role settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionPolicy {
    /// `ALLOWED_SECONDARY_ROLES`: `None` when unset (Snowflake's default `('ALL')`), `Some(true)`
    /// when `()`, `Some(false)` for `('ALL')` or a role list.
    pub allowed_none: Option<bool>,
    /// `BLOCKED_SECONDARY_ROLES = ('ALL')`.
    pub blocked_all: bool,
    pub at: At,
}

impl SessionPolicy {
    pub fn forbids_secondary_roles(&self) -> bool {
        self.allowed_none == Some(true) || self.blocked_all
    }
}

/// Everything the statements leave behind, as canonical facts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessModel {
    pub roles: BTreeMap<String, At>,
    pub users: BTreeMap<String, User>,
    /// `(role granted, grantee role)`: the grantee inherits the role.
    pub role_grants: BTreeMap<(String, String), At>,
    /// `(role granted, user)`.
    pub user_grants: BTreeMap<(String, String), At>,
    pub privileges: BTreeMap<Privilege, At>,
    pub future: BTreeMap<FutureGrant, At>,
    /// `GRANT privilege ON ALL <kind>s IN {DATABASE | SCHEMA} container TO ROLE grantee` as the
    /// package wrote it (same shape as a future grant). The account keeps only the per-object
    /// privileges it expanded to (in `privileges`); drift expands it again over the objects the
    /// account has when it reads.
    pub all_grants: BTreeMap<FutureGrant, At>,
    pub owners: BTreeMap<ObjectKey, (String, At)>,
    pub databases: BTreeMap<String, At>,
    /// Schema name to `(managed access, where)`.
    pub schemas: BTreeMap<String, (bool, At)>,
    pub relations: BTreeMap<String, Relation>,
    pub policies: BTreeMap<String, Policy>,
    /// Relation to policy to `(columns, where)`.
    pub attachments: BTreeMap<String, BTreeMap<String, (Vec<String>, At)>>,
    pub warehouses: BTreeMap<String, At>,
    /// Warehouse to its settings (`WAREHOUSE_SIZE`, `AUTO_SUSPEND`...) other than its monitor.
    pub warehouse_settings: BTreeMap<String, BTreeMap<String, String>>,
    pub monitors: BTreeMap<String, Monitor>,
    /// Warehouse to `(monitor, where)`.
    pub warehouse_monitor: BTreeMap<String, (String, At)>,
    pub account_monitor: Option<(String, At)>,
    pub alerts: BTreeMap<String, Alert>,
    pub merged: BTreeMap<String, MergedRows>,
    /// Procedures and functions (name without the signature).
    pub routines: BTreeMap<String, At>,
    /// Session policies by name.
    pub session_policies: BTreeMap<String, SessionPolicy>,
}

impl AccessModel {
    /// The roles a session with `role` active has: the role and every role granted to it,
    /// transitively (one memoized DFS per role; `memo` is shared across calls).
    pub fn closure<'a>(
        &'a self,
        role: &str,
        inherits: &BTreeMap<&'a str, Vec<&'a str>>,
        memo: &mut BTreeMap<String, BTreeSet<String>>,
    ) -> BTreeSet<String> {
        if let Some(done) = memo.get(role) {
            return done.clone();
        }
        // Guard against cycles (Snowflake refuses them, a hand-edited package may not).
        memo.insert(role.to_string(), BTreeSet::from([role.to_string()]));
        let mut out = BTreeSet::from([role.to_string()]);
        for child in inherits.get(role).into_iter().flatten() {
            out.extend(self.closure(child, inherits, memo));
        }
        memo.insert(role.to_string(), out.clone());
        out
    }

    /// Grantee role to the roles granted to it (what it inherits).
    pub fn inherits(&self) -> BTreeMap<&str, Vec<&str>> {
        group(
            self.role_grants
                .keys()
                .map(|(granted, grantee)| (grantee, granted)),
        )
    }

    /// Role to the roles it is granted to (its parents).
    pub fn parents(&self) -> BTreeMap<&str, Vec<&str>> {
        group(
            self.role_grants
                .keys()
                .map(|(granted, grantee)| (granted, grantee)),
        )
    }

    /// User to the roles granted to it directly.
    pub fn user_roles(&self) -> BTreeMap<&str, Vec<&str>> {
        group(
            self.user_grants
                .keys()
                .map(|(granted, user)| (user, granted)),
        )
    }

    /// Privileges by grantee.
    pub fn privileges_by_grantee(&self) -> BTreeMap<&str, Vec<(&Privilege, &At)>> {
        let mut map: BTreeMap<&str, Vec<(&Privilege, &At)>> = BTreeMap::new();
        for (p, at) in &self.privileges {
            map.entry(p.grantee.as_str()).or_default().push((p, at));
        }
        map
    }

    /// Future grants by grantee.
    pub fn future_by_grantee(&self) -> BTreeMap<&str, Vec<(&FutureGrant, &At)>> {
        let mut map: BTreeMap<&str, Vec<(&FutureGrant, &At)>> = BTreeMap::new();
        for (g, at) in &self.future {
            map.entry(g.grantee.as_str()).or_default().push((g, at));
        }
        map
    }

    /// The future grants that apply to a new object of `kind` in `schema`: the schema's own
    /// rules when it has any for that kind, else the database's (schema level wins).
    pub fn future_rules_for(&self, kind: &str, schema: &str) -> Vec<(&FutureGrant, &At)> {
        // FutureGrant orders by (level, container, kind, ...): one range per level, not a scan.
        let of = |level: Level, container: &str| -> Vec<(&FutureGrant, &At)> {
            let from = FutureGrant {
                level,
                container: container.to_string(),
                kind: kind.to_string(),
                privilege: String::new(),
                grantee: String::new(),
            };
            self.future
                .range(from..)
                .take_while(|(g, _)| g.level == level && g.container == container && g.kind == kind)
                .collect()
        };
        let schema_rules = of(Level::Schema, schema);
        if !schema_rules.is_empty() {
            return schema_rules;
        }
        match super::names::parent(schema) {
            Some(db) => of(Level::Database, db),
            None => Vec::new(),
        }
    }

    /// Names of the relations directly in `schema` (`S.x`) or, for a database, in its schemas
    /// (`D.s.x`): a range over the sorted names, not a scan.
    pub fn relations_in(&self, container: &str, database: bool) -> Vec<String> {
        let prefix = format!("{container}.");
        self.relations
            .range(prefix.clone()..)
            .take_while(|(n, _)| n.starts_with(&prefix))
            .filter(|(n, _)| n[prefix.len()..].contains('.') == database)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// Drops every fact about an object (DROP): its grants, ownership and attachments.
    pub fn forget(&mut self, kind: &str, name: &str) {
        self.privileges
            .retain(|p, _| !(p.object.name == name && p.object.kind == kind));
        self.owners
            .retain(|o, _| !(o.name == name && o.kind == kind));
        self.attachments.remove(name);
    }
}

/// `(key, value)` pairs grouped by key, values in input order.
fn group<'a>(
    pairs: impl Iterator<Item = (&'a String, &'a String)>,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in pairs {
        map.entry(key.as_str()).or_default().push(value.as_str());
    }
    map
}
