//! What every check reads: the model, who owns what, and each tenant role's session roles.

use std::collections::{BTreeMap, BTreeSet};

use super::input::{Ownership, PackageInput};
use super::model::AccessModel;

/// The audit's shared, precomputed view of a package.
pub struct Context<'a> {
    pub input: &'a PackageInput,
    pub model: &'a AccessModel,
    pub own: Ownership,
    /// Tenant role to the roles in its session (itself and every inherited role).
    pub sessions: BTreeMap<String, BTreeSet<String>>,
    /// User to every role it holds: the roles granted to it and all they inherit (what it can
    /// `USE ROLE`, and what `DEFAULT_SECONDARY_ROLES = ('ALL')` activates in each session).
    pub held: BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Context<'a> {
    pub fn new(input: &'a PackageInput) -> Self {
        let model = &input.model;
        let own = Ownership::new(input, model);
        let inherits = model.inherits();
        let mut memo = BTreeMap::new();
        let sessions = own
            .role_tenant
            .keys()
            .map(|r| (r.clone(), model.closure(r, &inherits, &mut memo)))
            .collect();
        let held = model
            .user_roles()
            .into_iter()
            .map(|(user, granted)| {
                let roles = granted
                    .into_iter()
                    .flat_map(|g| model.closure(g, &inherits, &mut memo))
                    .collect();
                (user.to_string(), roles)
            })
            .collect();
        Context {
            input,
            model,
            own,
            sessions,
            held,
        }
    }

    /// The tenant roles a user holds, in name order.
    pub fn tenant_roles_of(&self, user: &str) -> Vec<&String> {
        self.held
            .get(user)
            .into_iter()
            .flatten()
            .filter(|r| self.own.role_tenant.contains_key(*r))
            .collect()
    }

    /// Tenant roles with their tenant, in name order.
    pub fn tenant_roles(&self) -> impl Iterator<Item = (&String, &String)> {
        self.own.role_tenant.iter()
    }
}
