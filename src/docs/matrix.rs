//! The access matrix: roles x protected objects, each cell saying how access is granted or
//! denied, from the model and the execution proof.
//!
//! Cells are short codes so 10,000 rows stay small: `-` no privilege (denied), `p` a privilege
//! and a row access policy, `g` a privilege and a guarded secure view, `o` a privilege and no
//! protection (the audit's ISO010 fails such a package); `:seen/rows` is appended when the
//! execution proof ran that role against the object. `templates/docs/matrix.js` spells them out.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::facts::Tenant;
use super::reach::{Index, Protection, Scope};
use crate::audit::execute::{Executed, OUTSIDER};

/// The matrix, as written to `matrix.json` (and `matrix-data.js` for `file://`).
#[derive(Debug, Serialize)]
pub struct Matrix {
    /// Protected objects: `(name, "policy NAME" | "guard")`.
    pub columns: Vec<(String, String)>,
    /// What each code means (for tools reading `matrix.json`).
    pub codes: BTreeMap<&'static str, &'static str>,
    pub rows: Vec<Row>,
}

/// One role.
#[derive(Debug, Serialize)]
pub struct Row {
    pub role: String,
    /// The tenant (empty for a role of no tenant).
    pub tenant: String,
    /// The tenant page, relative to the site's root (empty when none).
    pub page: String,
    /// For a role of no tenant: why it is a row.
    pub note: String,
    /// One code per column.
    pub cells: Vec<String>,
    /// Objects of its own tenant it reaches.
    pub own: usize,
    /// Objects of other tenants it reaches (must be 0).
    pub foreign: usize,
}

/// Builds the matrix: every tenant role, then the roles the proof ran that are no tenant's (the
/// outsider probe and the roles a policy exempts by name).
pub fn build(index: &Index, tenants: &[Tenant], executed: &[Executed]) -> Matrix {
    let protected = index.protected_objects();
    // (relation, role) -> (rows seen, rows), over every probed chunk of the relation.
    let mut seen: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut extra_roles: Vec<&str> = Vec::new();
    let tenant_roles: std::collections::BTreeSet<&str> =
        tenants.iter().map(|t| t.role.as_str()).collect();
    for e in executed {
        for (role, n) in &e.seen {
            let entry = seen
                .entry((e.relation.as_str(), role.as_str()))
                .or_insert((0, 0));
            entry.0 += n;
            entry.1 += e.rows;
            if !tenant_roles.contains(role.as_str()) && !extra_roles.contains(&role.as_str()) {
                extra_roles.push(role.as_str());
            }
        }
    }
    let columns = protected
        .iter()
        .map(|(n, p)| {
            let how = match p {
                Protection::Policy(name) => format!("policy {name}"),
                _ => "guard".to_string(),
            };
            (n.clone(), how)
        })
        .collect();
    let row = |role: &str, tenant: Option<&Tenant>| -> Row {
        let reach = index.reach(role, tenant.map(|t| t.id.as_str()));
        let mut held: BTreeMap<&str, bool> = BTreeMap::new();
        let (mut own, mut foreign) = (0, 0);
        for item in reach.keys() {
            held.insert(&item.name, true);
            match item.scope {
                Scope::Own => own += 1,
                Scope::Foreign => foreign += 1,
                Scope::Shared => {}
            }
        }
        let cells = protected
            .iter()
            .map(|(name, p)| {
                let mut code = if !held.contains_key(name.as_str()) {
                    "-".to_string()
                } else {
                    match p {
                        Protection::Policy(_) => "p".into(),
                        Protection::Guard => "g".into(),
                        _ => "o".into(),
                    }
                };
                if let Some((s, rows)) = seen.get(&(name.as_str(), role)) {
                    code.push_str(&format!(":{s}/{rows}"));
                }
                code
            })
            .collect();
        Row {
            role: role.to_string(),
            tenant: tenant.map(|t| t.id.clone()).unwrap_or_default(),
            page: tenant
                .map(|t| format!("tenants/{}", t.file))
                .unwrap_or_default(),
            note: match (tenant, role == OUTSIDER) {
                (Some(_), _) => String::new(),
                (None, true) => "audit probe: a role outside the mapping".into(),
                (None, false) => "exempt by name in a policy".into(),
            },
            cells,
            own,
            foreign,
        }
    };
    let mut rows: Vec<Row> = tenants
        .par_iter()
        .filter(|t| !t.role.is_empty())
        .map(|t| row(&t.role, Some(t)))
        .collect();
    extra_roles.sort_by_key(|r| (*r != OUTSIDER, *r));
    rows.extend(extra_roles.into_iter().map(|r| row(r, None)));
    let codes = BTreeMap::from([
        (
            "-",
            "denied: the role's session holds no privilege on the object",
        ),
        ("p", "granted, and a row access policy decides which rows"),
        (
            "g",
            "granted, and the secure view's branches are guarded by IS_ROLE_IN_SESSION",
        ),
        (
            "o",
            "granted with no policy or guard (the audit fails this: ISO010)",
        ),
        (
            ":seen/rows",
            "suffix: the execution proof ran the role and it saw `seen` of `rows` rows",
        ),
    ]);
    Matrix {
        columns,
        codes,
        rows,
    }
}

/// A cell's code in words.
pub fn describe(code: &str) -> String {
    let (kind, seen) = code.split_once(':').unwrap_or((code, ""));
    let what = match kind {
        "-" => "denied",
        "p" => "grant · policy",
        "g" => "grant · guard",
        _ => "GRANT · UNPROTECTED",
    };
    if seen.is_empty() {
        what.to_string()
    } else {
        format!("{what} · saw {seen}")
    }
}
