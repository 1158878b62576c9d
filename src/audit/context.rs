//! What every check reads: the model, who owns what, and each tenant role's session roles.

use std::collections::{BTreeMap, BTreeSet};

use super::input::{Ownership, PackageInput};
use super::model::AccessModel;

/// The audit's shared, precomputed view of a package.
pub struct Context<'a> {
    pub input: &'a PackageInput,
    pub model: AccessModel,
    pub own: Ownership,
    /// Tenant role to the roles in its session (itself and every inherited role).
    pub sessions: BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Context<'a> {
    pub fn new(input: &'a PackageInput) -> Self {
        let mut model = AccessModel::default();
        for (file, statements) in &input.scripts {
            let mut role = String::new();
            for c in statements {
                model.apply(file, c, &mut role);
            }
        }
        let own = Ownership::new(input, &model);
        let inherits = model.inherits();
        let mut memo = BTreeMap::new();
        let sessions = own
            .role_tenant
            .keys()
            .map(|r| (r.clone(), model.closure(r, &inherits, &mut memo)))
            .collect();
        Context {
            input,
            model,
            own,
            sessions,
        }
    }

    /// Tenant roles with their tenant, in name order.
    pub fn tenant_roles(&self) -> impl Iterator<Item = (&String, &String)> {
        self.own.role_tenant.iter()
    }
}
