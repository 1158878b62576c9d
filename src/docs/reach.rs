//! What a role reaches, from the access model: each object (or FUTURE rule) with the privileges
//! the role's session holds on it, whose it is, and how a shared relation is protected. The
//! tenant graph and the access matrix both read this.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::Context;
use crate::audit::model::{FutureGrant, Level, Privilege};

/// Whose an object is, seen from one tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// The tenant's own.
    Own,
    /// Platform / shared.
    Shared,
    /// Another tenant's: the audit fails such a package (ISO001); the site shows it in red.
    Foreign,
}

/// How a shared table or view keeps tenants apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protection {
    /// A row access policy (its name).
    Policy(String),
    /// A secure view whose branches are guarded by IS_ROLE_IN_SESSION.
    Guard,
    /// A table or view with neither.
    Open,
    /// Not a relation (schema, warehouse, procedure...).
    NotData,
}

/// One thing a role reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    pub scope: Scope,
    /// `TABLE`, `VIEW`, `SCHEMA`..., or `FUTURE TABLES` for a rule.
    pub kind: String,
    pub name: String,
    pub protection: Protection,
}

/// Item to the privileges held on it.
pub type Reach = BTreeMap<Item, BTreeSet<String>>;

/// Indexes over the model, built once for every role.
pub struct Index<'a> {
    ctx: &'a Context<'a>,
    privileges: BTreeMap<&'a str, Vec<&'a Privilege>>,
    future: BTreeMap<&'a str, Vec<&'a FutureGrant>>,
}

impl<'a> Index<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Self {
        let mut privileges: BTreeMap<&str, Vec<&Privilege>> = BTreeMap::new();
        for p in ctx.model.privileges.keys() {
            privileges.entry(p.grantee.as_str()).or_default().push(p);
        }
        let mut future: BTreeMap<&str, Vec<&FutureGrant>> = BTreeMap::new();
        for g in ctx.model.future.keys() {
            future.entry(g.grantee.as_str()).or_default().push(g);
        }
        Index {
            ctx,
            privileges,
            future,
        }
    }

    /// The roles a session of `role` holds (itself and what it inherits).
    pub fn session(&self, role: &str) -> BTreeSet<String> {
        match self.ctx.sessions.get(role) {
            Some(s) => s.clone(),
            None => {
                let inherits = self.ctx.model.inherits();
                self.ctx
                    .model
                    .closure(role, &inherits, &mut BTreeMap::new())
            }
        }
    }

    /// Everything a session of `role` reaches, seen from `tenant` (None: from no tenant).
    pub fn reach(&self, role: &str, tenant: Option<&str>) -> Reach {
        let mut out = Reach::new();
        for r in self.session(role) {
            for p in self.privileges.get(r.as_str()).into_iter().flatten() {
                let item = self.item_of(&p.object.kind, &p.object.name, tenant);
                out.entry(item).or_default().insert(p.privilege.clone());
            }
            for g in self.future.get(r.as_str()).into_iter().flatten() {
                let item = self.future_item(g, tenant);
                out.entry(item).or_default().insert(g.privilege.clone());
            }
        }
        out
    }

    /// A FUTURE grant's rule as an item (`FUTURE TABLES IN SCHEMA s`).
    pub fn future_item(&self, g: &FutureGrant, tenant: Option<&str>) -> Item {
        let level = match g.level {
            Level::Database => "DATABASE",
            Level::Schema => "SCHEMA",
        };
        let kind = format!("FUTURE {}S IN {level}", g.kind);
        self.item_of(&kind, &g.container, tenant)
    }

    /// An object (or a FUTURE rule's container) seen from `tenant`.
    pub fn item_of(&self, kind: &str, name: &str, tenant: Option<&str>) -> Item {
        let scope = match self.ctx.own.tenant(name) {
            None => Scope::Shared,
            Some(t) if Some(t.as_str()) == tenant => Scope::Own,
            Some(_) => Scope::Foreign,
        };
        Item {
            scope,
            kind: kind.to_string(),
            name: name.to_string(),
            protection: self.protection(name),
        }
    }

    /// How a relation is protected.
    pub fn protection(&self, name: &str) -> Protection {
        let m = self.ctx.model;
        let Some(rel) = m.relations.get(name) else {
            return Protection::NotData;
        };
        if let Some(policy) = m.attachments.get(name).and_then(|p| p.keys().next()) {
            return Protection::Policy(policy.clone());
        }
        if rel.secure && rel.query.is_some() {
            return Protection::Guard;
        }
        Protection::Open
    }

    /// The shared relations that hold several tenants' rows: a policy or a secure view.
    pub fn protected_objects(&self) -> Vec<(String, Protection)> {
        let m = self.ctx.model;
        m.relations
            .keys()
            .filter(|n| self.ctx.own.tenant(n).is_none())
            .filter_map(|n| match self.protection(n) {
                p @ (Protection::Policy(_) | Protection::Guard) => Some((n.clone(), p)),
                _ => None,
            })
            .collect()
    }
}
