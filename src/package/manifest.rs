//! `manifest.json`: what the package holds, so CI and `plan` can compare packages without parsing.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{Platform, SigmaAuth, SigmaConnection};
use crate::plan::{Object, Step};
use crate::render::StepScript;

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub spec_sha256: String,
    /// `platform.release`: names a deployment; `build` warns when the package changed but the
    /// release did not (see [`super::schemachange`]).
    pub release: u32,
    /// The digest of what is deployed (the step files and Sigma's SQL), the fingerprint the
    /// schemachange scripts carry: equal packages, equal digests.
    pub deploy_sha256: String,
    pub tenants: usize,
    pub statements: usize,
    pub statements_by_kind: BTreeMap<&'static str, usize>,
    /// Every file except the manifest, with its digest.
    pub files: Vec<FileEntry>,
    pub steps: Vec<StepEntry>,
    pub inventory: Vec<InventoryEntry>,
    /// Sigma's connection, when the spec has one: the audit reads the connection user from here
    /// (never from a name pattern) to tell it from a user that should not hold several tenant roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sigma: Option<SigmaEntry>,
    /// The role dbt runs as (spec `platform.dbt_role`): the audit proves it can copy no tenant's
    /// rows into another tenant's schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dbt_role: Option<String>,
}

/// Who Sigma's connection is in Snowflake.
#[derive(Debug, Serialize)]
pub struct SigmaEntry {
    /// `key_pair` or `oauth`.
    pub connection_auth: &'static str,
    /// The key-pair service user granted every tenant role (`sigma/snowflake.sql`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_user: Option<String>,
    /// The External OAuth security integration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_integration: Option<String>,
    /// Under External OAuth, each tenant's OAuth user (`sigma/snowflake.sql`) to its tenant's data
    /// value: the audit proves each holds that tenant's role and nothing else.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub oauth_users: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: usize,
}

#[derive(Debug, Serialize)]
pub struct StepEntry {
    pub file: String,
    pub role: String,
    pub statements: usize,
}

/// One object of the inventory: what it is, who it belongs to, which role deploys it.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct InventoryEntry {
    pub kind: &'static str,
    pub name: String,
    pub tenant: Option<String>,
    pub deploy_role: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Manifest {
    pub fn new(
        p: &Platform,
        objects: &[(Step, Object)],
        scripts: &[StepScript],
        spec_text: &str,
        files: &BTreeMap<String, Vec<u8>>,
    ) -> Self {
        let mut statements_by_kind = BTreeMap::new();
        let mut statements = 0;
        for s in scripts.iter().flat_map(|s| &s.statements) {
            *statements_by_kind.entry(s.kind).or_insert(0) += 1;
            statements += 1;
        }
        Manifest {
            tool: "snowtenant",
            version: env!("CARGO_PKG_VERSION"),
            spec_sha256: sha256_hex(spec_text.as_bytes()),
            release: p.release,
            deploy_sha256: super::schemachange::fingerprint(files),
            tenants: p.tenants.len(),
            statements,
            statements_by_kind,
            files: files
                .iter()
                .map(|(path, b)| FileEntry {
                    path: path.clone(),
                    sha256: sha256_hex(b),
                    bytes: b.len(),
                })
                .collect(),
            steps: scripts
                .iter()
                .map(|s| StepEntry {
                    file: format!("sql/{}", s.step.file_name()),
                    role: s.step.role(p).to_string(),
                    statements: s.statements.len(),
                })
                .collect(),
            inventory: inventory(p, objects),
            sigma: p.sigma.as_ref().map(|s| sigma_entry(p, s)),
            dbt_role: p.dbt_role.as_ref().map(|r| r.as_str().to_string()),
        }
    }
}

fn sigma_entry(p: &Platform, s: &SigmaConnection) -> SigmaEntry {
    match &s.auth {
        SigmaAuth::KeyPair(user) => SigmaEntry {
            connection_auth: "key_pair",
            connection_user: user.as_ref().map(|u| u.name.as_str().to_string()),
            security_integration: None,
            oauth_users: BTreeMap::new(),
        },
        SigmaAuth::Oauth(o) => SigmaEntry {
            connection_auth: "oauth",
            connection_user: None,
            security_integration: Some(o.integration.as_str().to_string()),
            oauth_users: p
                .tenants
                .iter()
                .flat_map(|t| {
                    t.oauth_users
                        .iter()
                        .map(|u| (u.name.as_str().to_string(), t.value.clone()))
                })
                .collect(),
        },
    }
}

/// The inventory of objects (`inventory.json`), with tenant and deploy role.
pub fn inventory(p: &Platform, objects: &[(Step, Object)]) -> Vec<InventoryEntry> {
    objects
        .iter()
        .filter_map(|(step, o)| {
            let (kind, name) = crate::plan::describe(o)?;
            Some(InventoryEntry {
                kind,
                name,
                // The tenant's data value: the audit matches it with the mapping table's TENANT_ID.
                tenant: o.tenant().map(|t| {
                    p.tenants
                        .iter()
                        .find(|x| x.id == *t)
                        .map_or_else(|| t.as_str().to_string(), |x| x.value.clone())
                }),
                deploy_role: step.role(p).to_string(),
            })
        })
        .collect()
}
