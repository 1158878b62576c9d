//! Reading a package: its step files parsed and folded into the access model as they parse, the
//! manifest's inventory and the embed config. Never the spec.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sqlparser::ast::{Expr, Value};

use super::finding::{At, Finding};
use super::model::AccessModel;
use crate::sqlcheck::SqlError;

/// A package as the audit sees it.
#[derive(Debug, Default)]
pub struct PackageInput {
    /// What the audited files do, folded statement by statement: the step files in deployment order,
    /// then [`SIGMA_SQL`] (run after them). No statement tree is kept: at 10,000 tenants keeping them
    /// all was most of the build's memory.
    pub model: AccessModel,
    /// The audited files, in the order they were applied.
    pub files: Vec<String>,
    /// Statements applied.
    pub statements: usize,
    /// The validator's diagnostics for the audited files (`build` reports them as BUG001).
    pub sql_errors: Vec<SqlError>,
    /// The user Sigma's connection signs in as, declared by the manifest (`sigma.connection_user`):
    /// the one user allowed to hold several tenant roles.
    pub sigma_user: Option<String>,
    /// The role dbt runs as, declared by the manifest (`dbt_role`).
    pub dbt_role: Option<String>,
    /// Under External OAuth, each tenant's OAuth user to its tenant, declared by the manifest
    /// (`sigma.oauth_users`): each must hold that tenant's role only (ISO055).
    pub oauth_users: BTreeMap<String, String>,
    /// The External OAuth integrations the audited statements create, with their settings (ISO056).
    pub oauth_integrations: BTreeMap<String, super::checks::oauth::OauthIntegration>,
    /// Each offboarding script (`offboard/<TENANT>.sql`): its path and step 1, the text before
    /// the DESTRUCTIVE marker, which must leave no user holding the tenant's role.
    pub offboarding: Vec<(String, String)>,
    /// `manifest.json` (parsed), if present.
    pub manifest: Option<serde_json::Value>,
    /// `embed/config.json` (parsed), if present.
    pub embed: Option<serde_json::Value>,
    /// Problems reading the package (unparsable statements, bad JSON).
    pub problems: Vec<Finding>,
}

pub use crate::package::SIGMA_SQL;

/// The line that starts the destructive part of an offboarding script.
pub const OFFBOARD_DESTRUCTIVE: &str = "-- DESTRUCTIVE from here on";

const HELP_INPUT: &str = "The audit proves properties of the statements that will run; a statement it cannot \
parse or a manifest it cannot read leaves the proof incomplete. Rebuild the package with `snowtenant build`.";

impl PackageInput {
    /// From a package's files (as `package::assemble` makes them or as read from disk), parsing the
    /// audited files ([`audited_files`]) and folding each statement into the model as it parses.
    pub fn from_files(files: &BTreeMap<String, Vec<u8>>) -> Self {
        Self::from_files_observed(files, &mut |_, _| {})
    }

    /// [`Self::from_files`], also showing each parsed statement (with its file) to `observe` in
    /// the same single pass, for readers that need more than the model (`snowtenant docs`).
    pub fn from_files_observed(
        files: &BTreeMap<String, Vec<u8>>,
        observe: &mut dyn FnMut(&str, &crate::sqlcheck::Checked),
    ) -> Self {
        let mut input = PackageInput::default();
        let json = |name: &str, input: &mut PackageInput| -> Option<serde_json::Value> {
            let bytes = files.get(name)?;
            match serde_json::from_slice(bytes) {
                Ok(v) => Some(v),
                Err(e) => {
                    let f = Finding::error(
                        "ISO000",
                        format!("{name} is not valid JSON: {e}"),
                        HELP_INPUT,
                    );
                    input.problems.push(f);
                    None
                }
            }
        };
        input.manifest = json("manifest.json", &mut input);
        input.embed = json("embed/config.json", &mut input);
        if input.manifest.is_none() && input.problems.is_empty() {
            let f = Finding::error(
                "ISO000",
                "manifest.json is missing: tenant ownership is unknown".into(),
                HELP_INPUT,
            );
            input.problems.push(f);
        }
        input.sigma_user = input
            .manifest
            .as_ref()
            .and_then(|m| m.pointer("/sigma/connection_user"))
            .and_then(|u| u.as_str())
            .map(str::to_string);
        input.dbt_role = input
            .manifest
            .as_ref()
            .and_then(|m| m.get("dbt_role"))
            .and_then(|u| u.as_str())
            .map(str::to_string);
        input.oauth_users = input
            .manifest
            .as_ref()
            .and_then(|m| m.pointer("/sigma/oauth_users"))
            .and_then(|u| u.as_object())
            .map(|users| {
                users
                    .iter()
                    .filter_map(|(u, t)| Some((u.clone(), t.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        for (path, bytes) in files.range("offboard/".to_string()..) {
            if !path.starts_with("offboard/") {
                break;
            }
            let text = String::from_utf8_lossy(bytes);
            let step1 = text.split(OFFBOARD_DESTRUCTIVE).next().unwrap_or_default();
            input.offboarding.push((path.clone(), step1.to_string()));
        }
        for path in audited_files(files, input.manifest.as_ref()) {
            let text = String::from_utf8_lossy(&files[&path]);
            // A file's `USE ROLE` context starts empty: each file is run on its own.
            let mut role = String::new();
            let (model, statements) = (&mut input.model, &mut input.statements);
            let integrations = &mut input.oauth_integrations;
            let errors = crate::sqlcheck::visit_script_named(&path, &text, |c| {
                model.apply(&path, &c, &mut role);
                super::checks::oauth::observe(integrations, &path, &c);
                observe(&path, &c);
                *statements += 1;
            });
            for d in &errors {
                let at = At {
                    file: path.clone(),
                    line: d.line,
                };
                let msg = format!("statement not understood, so not audited: {}", d.message);
                input
                    .problems
                    .push(Finding::error("ISO000", msg, HELP_INPUT).at(&at));
            }
            input.sql_errors.extend(errors);
            input.files.push(path);
        }
        input
    }

    /// From a package folder on disk.
    pub fn from_dir(dir: &Path) -> Result<Self, String> {
        Ok(Self::from_files(&read_dir_files(dir)?))
    }
}

/// Every file of a package folder, by path relative to it (`/`-separated).
pub fn read_dir_files(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    read_tree(dir, dir, &mut files)
        .map_err(|e| format!("cannot read the package {}: {e}", dir.display()))?;
    if files.is_empty() {
        return Err(format!(
            "{} holds no files: is it a package folder?",
            dir.display()
        ));
    }
    Ok(files)
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_tree(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let key = rel.to_string_lossy().replace('\\', "/");
            out.insert(key, std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// The files the audit reads, in the order they run: the step files, then [`SIGMA_SQL`] when present.
pub fn audited_files(
    files: &BTreeMap<String, Vec<u8>>,
    manifest: Option<&serde_json::Value>,
) -> Vec<String> {
    let mut out = step_files(files, manifest);
    if files.contains_key(SIGMA_SQL) {
        out.push(SIGMA_SQL.to_string());
    }
    out
}

/// The files that deploy, in order: the manifest's steps, else `sql/NN_*.sql` sorted.
fn step_files(
    files: &BTreeMap<String, Vec<u8>>,
    manifest: Option<&serde_json::Value>,
) -> Vec<String> {
    let from_manifest: Vec<String> = manifest
        .and_then(|m| m.get("steps"))
        .and_then(|s| s.as_array())
        .map(|steps| {
            steps
                .iter()
                .filter_map(|s| s.get("file")?.as_str().map(str::to_string))
                .filter(|f| files.contains_key(f))
                .collect()
        })
        .unwrap_or_default();
    if !from_manifest.is_empty() {
        return from_manifest;
    }
    files
        .keys()
        .filter(|k| {
            k.starts_with("sql/")
                && k.ends_with(".sql")
                && k.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
        })
        .cloned()
        .collect()
}

/// Who owns what: tenants of objects and roles, from the manifest's inventory and the mapping
/// table rows merged by the SQL.
#[derive(Debug, Default)]
pub struct Ownership {
    pub tenants: BTreeSet<String>,
    /// Object (or role, user, warehouse...) name to its tenant.
    pub tenant_of: BTreeMap<String, String>,
    /// Every name the inventory declares (tenant-owned or shared).
    pub declared: BTreeSet<String>,
    /// Tenant role to tenant.
    pub role_tenant: BTreeMap<String, String>,
    /// Tenant to its warehouse and whether it is dedicated (mapping rows).
    pub warehouse: BTreeMap<String, (String, bool)>,
    /// The mapping table's name and where its rows were merged.
    pub mapping: Option<(String, At)>,
    /// Mapping rows that give a role to another tenant than the inventory does:
    /// `(role, inventory tenant, mapping tenant)`.
    pub conflicts: Vec<(String, String, String)>,
}

impl Ownership {
    pub fn new(input: &PackageInput, model: &AccessModel) -> Self {
        let mut o = Ownership::default();
        let inventory = input
            .manifest
            .as_ref()
            .and_then(|m| m.get("inventory"))
            .and_then(|i| i.as_array());
        for entry in inventory.into_iter().flatten() {
            let kind = entry.get("kind").and_then(|k| k.as_str()).unwrap_or("");
            let tenant = entry.get("tenant").and_then(|t| t.as_str());
            let names = entry.get("name").and_then(|n| n.as_str()).unwrap_or("");
            for name in names.split(", ").filter(|n| !n.is_empty()) {
                o.declared.insert(name.to_string());
                if let Some(t) = tenant {
                    o.tenants.insert(t.to_string());
                    o.tenant_of.insert(name.to_string(), t.to_string());
                    if kind == "role" {
                        o.role_tenant.insert(name.to_string(), t.to_string());
                    }
                }
            }
        }
        for (table, rows) in &model.merged {
            let col = |n: &str| rows.columns.iter().position(|c| c == n);
            let (Some(t), Some(r)) = (col("TENANT_ID"), col("ROLE_NAME")) else {
                continue;
            };
            o.mapping = Some((table.clone(), rows.at.clone()));
            for row in &rows.rows {
                let (Some(tenant), Some(role)) = (text(row.get(t)), text(row.get(r))) else {
                    continue;
                };
                o.tenants.insert(tenant.clone());
                if let Some(declared) = o.role_tenant.get(&role).filter(|t| **t != tenant) {
                    o.conflicts
                        .push((role.clone(), declared.clone(), tenant.clone()));
                    continue;
                }
                o.role_tenant.insert(role.clone(), tenant.clone());
                o.tenant_of.entry(role).or_insert(tenant.clone());
                if let (Some(w), Some(d)) = (col("WAREHOUSE_NAME"), col("DEDICATED_WAREHOUSE"))
                    && let Some(wh) = text(row.get(w))
                {
                    let dedicated = matches!(row.get(d), Some(Expr::Value(v)) if v.value == Value::Boolean(true));
                    o.warehouse.insert(tenant, (wh, dedicated));
                }
            }
        }
        o
    }

    /// The tenant an object belongs to, if any (a tenant schema's objects belong to its tenant).
    pub fn tenant(&self, name: &str) -> Option<&String> {
        self.tenant_of.get(name).or_else(|| {
            let parent = super::names::parent(name)?;
            self.tenant_of.get(parent)
        })
    }
}

/// A string literal's text.
pub fn text(e: Option<&Expr>) -> Option<String> {
    match e? {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}
