//! Isolation at every step: the audit's isolation checks run on the model after each statement
//! of a migration, in order, not only at its end. A statement after which a tenant role reaches
//! another tenant's rows (a finding neither OLD nor NEW has) refuses the plan.

use std::collections::BTreeSet;
use std::path::Path;

use super::Planned;
use crate::audit::{AccessModel, Context, Finding, PackageInput, checks, execute};

/// The audit codes that mean one tenant can reach another's data (or every tenant's): reach,
/// mapping rows, unprotected shared relations, policies not keyed on the mapping, role grants
/// across tenants or to PUBLIC, users across tenants, unguarded view branches, the executed proof.
const ISOLATION: &[&str] = &[
    "ISO001", "ISO003", "ISO010", "ISO012", "ISO020", "ISO021", "ISO023", "ISO030", "ISO060",
];

/// What the checks need besides the model: both packages' manifests, so the tenants and objects of
/// OLD and NEW are all known while a migration moves from one to the other.
pub struct Checker {
    input: PackageInput,
    /// OLD's and NEW's end models, whose findings are not the migration's doing.
    ends: (AccessModel, AccessModel),
    /// Their findings, computed the first time a step has any (a healthy package has none).
    baseline: Option<BTreeSet<(String, String)>>,
}

impl Checker {
    /// From the two package folders and their end models.
    pub fn new(old_dir: &Path, new_dir: &Path, old: &AccessModel, new: &AccessModel) -> Self {
        let manifest = |d: &Path| -> Option<serde_json::Value> {
            let text = std::fs::read(d.join("manifest.json")).ok()?;
            serde_json::from_slice(&text).ok()
        };
        let (om, nm) = (manifest(old_dir), manifest(new_dir));
        let mut merged = nm.clone().or_else(|| om.clone());
        if let (Some(m), Some(o), Some(n)) = (merged.as_mut(), &om, &nm) {
            let inventory = |v: &serde_json::Value| {
                v.get("inventory")
                    .and_then(|i| i.as_array())
                    .cloned()
                    .unwrap_or_default()
            };
            let mut all = inventory(n);
            all.extend(inventory(o));
            m["inventory"] = serde_json::Value::Array(all);
        }
        let input = PackageInput {
            sigma_user: merged
                .as_ref()
                .and_then(|m| m.pointer("/sigma/connection_user"))
                .and_then(|u| u.as_str())
                .map(str::to_string),
            manifest: merged,
            ..PackageInput::default()
        };
        Checker {
            input,
            ends: (old.clone(), new.clone()),
            baseline: None,
        }
    }

    fn baseline(&mut self) -> &BTreeSet<(String, String)> {
        if self.baseline.is_none() {
            let (old, new) = self.ends.clone();
            let mut found = self.findings(&old);
            found.extend(self.findings(&new));
            self.baseline = Some(found);
        }
        self.baseline.get_or_insert_with(BTreeSet::new)
    }

    /// The isolation findings of a model, as `(code, message)`.
    ///
    /// The audit knows one mapping table. Mid-migration there can be two (the governance schema
    /// renamed: NEW's table filled, OLD's still read by the policy not yet swapped), so the checks
    /// run once per mapping table, the others' rows set aside, and a finding counts when every
    /// choice has it: a policy keyed on either table is keyed on a mapping.
    fn findings(&mut self, model: &AccessModel) -> BTreeSet<(String, String)> {
        let mappings: Vec<&String> = model
            .merged
            .iter()
            .filter(|(_, rows)| {
                rows.columns.iter().any(|c| c == "TENANT_ID")
                    && rows.columns.iter().any(|c| c == "ROLE_NAME")
            })
            .map(|(name, _)| name)
            .collect();
        if mappings.len() < 2 {
            return self.findings_with(model.clone());
        }
        let mut common: Option<BTreeSet<(String, String)>> = None;
        for keep in &mappings {
            let mut one = model.clone();
            one.merged
                .retain(|name, _| name == *keep || !mappings.contains(&name));
            let found = self.findings_with(one);
            common = Some(match common {
                None => found,
                Some(c) => c.intersection(&found).cloned().collect(),
            });
        }
        common.unwrap_or_default()
    }

    fn findings_with(&mut self, model: AccessModel) -> BTreeSet<(String, String)> {
        self.input.model = model;
        let ctx = Context::new(&self.input);
        let mut found: Vec<Finding> = checks::run(&ctx);
        execute::prove(&ctx, &mut found);
        found
            .into_iter()
            .filter(|f| ISOLATION.contains(&f.code))
            .map(|f| (f.code.to_string(), f.message))
            .collect()
    }

    /// Checks the model after each of `steps` (applied to `start` by `apply`), in order; the first
    /// step after which a new isolation finding appears is the error.
    /// The first `checked_already` steps were checked in another sequence with the same prefix.
    pub fn check_steps(
        &mut self,
        start: &AccessModel,
        steps: &[&Planned],
        checked_already: usize,
        apply: impl Fn(&mut AccessModel, &Planned),
    ) -> Result<(), String> {
        let mut model = start.clone();
        for (i, step) in steps.iter().enumerate() {
            apply(&mut model, step);
            if i < checked_already || !step.isolation_relevant() {
                continue;
            }
            let found = self.findings(&model);
            if found.is_empty() {
                continue;
            }
            let baseline = self.baseline();
            let new: Vec<(String, String)> = found
                .into_iter()
                .filter(|f| !baseline.contains(f))
                .collect();
            if let Some((code, message)) = new.first() {
                return Err(format!(
                    "the migration would break tenant isolation after its statement {} ({}): {code} {message}",
                    i + 1,
                    crate::apply::source::headline(&step.text)
                ));
            }
        }
        Ok(())
    }
}
