//! Plan: an offline migration between two packages, from their typed statements.
//!
//! [`state::fold`] reads each package into a small state keyed by object identity;
//! [`diff::diff`] derives the statements that take OLD's state to NEW's: the NEW package's own
//! statements for new and changed objects (a changed role comment or integration setting is
//! the NEW package's `CREATE ... IF NOT EXISTS` and its converging `ALTER ... SET`, never a
//! replace), `ALTER RESOURCE MONITOR ... SET CREDIT_QUOTA ...
//! TRIGGERS ...` with the full trigger list (ALTER replaces the triggers), `ALTER ROW ACCESS
//! POLICY ... SET BODY` for a new body, detach/drop/create/re-attach for a new signature,
//! `REVOKE` for removed grants, OLD's offboarding script for removed tenants and `DROP ...
//! IF EXISTS` for removed objects. Destructive statements (drops, revokes, detaches, deletes)
//! are listed separately and emitted only when allowed.
//!
//! The fold is a stand-in for the audit's access model (`src/audit/model.rs`, built in
//! parallel); the two should be unified once both land.

pub mod diff;
pub mod removals;
pub mod state;

use std::fmt::Write as _;
use std::path::Path;

use crate::apply::source;

/// One planned statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The role it runs as (a normalized name).
    pub role: String,
    pub text: String,
    /// Drops, revokes, detaches or deletes.
    pub destructive: bool,
    /// Why it is planned.
    pub why: String,
}

/// A migration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migration {
    pub steps: Vec<Planned>,
    /// Headlines of the steps that act on the Sigma side (statements of a package's
    /// `sigma/snowflake.sql`, or naming a user it creates): they exist in an account only when it
    /// was deployed with `apply --with-sigma`, so the script says so and `apply` refuses it
    /// without `--with-sigma` (see [`SIGMA_HEADER`]).
    pub requires_sigma: Vec<String>,
    /// Lines `apply` reads before running: the OLD and NEW package fingerprints
    /// (`crate::apply::FROM_HEADER`, `TO_HEADER`) and where the ledger is.
    pub headers: Vec<String>,
}

/// A migration script line naming a statement that needs `apply --with-sigma`.
pub const SIGMA_HEADER: &str = "-- snowtenant: requires --with-sigma: ";

/// Plans the migration from package `old` to package `new`: the step files and, when the packages have
/// one, the Sigma file, so a new tenant's role reaches Sigma's user in the same migration.
pub fn plan(old: &Path, new: &Path) -> Result<Migration, String> {
    let load = |p: &Path| source::load_with_sigma(p).map_err(|e| format!("{}: {e}", p.display()));
    let (old_source, new_source) = (load(old)?, load(new)?);
    let mut migration = diff::diff(&old_source, &new_source, old, new)?;
    migration.requires_sigma = sigma_side(&migration, &[&old_source, &new_source]);
    migration.headers = headers(old, new, &new_source)?;
    Ok(migration)
}

/// The fingerprints of OLD and NEW, and the ledger's location, as script header lines.
fn headers(old: &Path, new: &Path, new_source: &source::Source) -> Result<Vec<String>, String> {
    use crate::apply::{FROM_HEADER, TO_HEADER, integrity, ledger};
    let fp = |p: &Path| integrity::fingerprint(p).map_err(|e| e.to_string());
    let mut out = vec![
        format!("{FROM_HEADER}{}", fp(old)?),
        format!("{TO_HEADER}{}", fp(new)?),
    ];
    out.extend(ledger::locate(new_source).map(|l| l.header()));
    Ok(out)
}

/// Headlines of the planned steps that come from, or name a user created by, a Sigma file.
fn sigma_side(migration: &Migration, sources: &[&source::Source]) -> Vec<String> {
    let sigma_steps = sources
        .iter()
        .flat_map(|s| s.steps.iter())
        .filter(|s| s.file == source::SIGMA_SQL);
    let mut texts = std::collections::BTreeSet::new();
    let mut users = std::collections::BTreeSet::new();
    for step in sigma_steps {
        texts.insert(step.text.trim().to_string());
        if let Some(user) = crate::apply::names::mentions(&step.text).defined
            && step
                .headline()
                .to_ascii_uppercase()
                .starts_with("CREATE USER")
        {
            users.insert(user);
        }
    }
    migration
        .steps
        .iter()
        .filter(|s| {
            texts.contains(s.text.trim())
                || crate::apply::names::mentions(&s.text)
                    .names
                    .iter()
                    .any(|n| users.contains(n))
        })
        .map(|s| crate::apply::source::headline(&s.text).to_string())
        .collect()
}

impl Migration {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn destructive(&self) -> impl Iterator<Item = &Planned> {
        self.steps.iter().filter(|s| s.destructive)
    }

    /// The migration script: `USE ROLE` whenever the role changes; destructive statements
    /// only when `allow_destructive`, otherwise listed in a comment.
    pub fn script(&self, allow_destructive: bool) -> String {
        let mut out = String::from(
            "-- Migration planned by snowtenant plan; apply with `snowtenant apply`.\n",
        );
        for s in &self.steps {
            let headline = crate::apply::source::headline(&s.text);
            if (allow_destructive || !s.destructive)
                && self.requires_sigma.iter().any(|h| h == headline)
            {
                let _ = writeln!(out, "{SIGMA_HEADER}{headline}");
            }
        }
        let mut role: Option<&str> = None;
        for s in self
            .steps
            .iter()
            .filter(|s| allow_destructive || !s.destructive)
        {
            if role != Some(s.role.as_str()) && !s.role.is_empty() {
                let shown = diff::object_name(&s.role).map_or(s.role.clone(), |n| n.to_string());
                let _ = write!(out, "\nUSE ROLE {shown};\n");
                role = Some(&s.role);
            }
            let _ = writeln!(out, "{};", s.text.trim_end_matches(';'));
        }
        let held: Vec<&Planned> = if allow_destructive {
            Vec::new()
        } else {
            self.destructive().collect()
        };
        if !held.is_empty() {
            let _ = writeln!(
                out,
                "\n-- {} destructive statement(s) not emitted (plan again with --allow-destructive):",
                held.len()
            );
            for s in held {
                let first = crate::apply::source::headline(&s.text);
                let _ = writeln!(out, "--   {first}  [{}]", s.why);
            }
        }
        out
    }

    /// The migration file `plan` writes: [`Self::script`] with the [`Self::headers`] `apply` checks
    /// (OLD and NEW fingerprints, the ledger's schema) after its first line. The fingerprints
    /// change with every package, so snapshots compare [`Self::script`].
    pub fn file(&self, allow_destructive: bool) -> String {
        let script = self.script(allow_destructive);
        let (first, rest) = script.split_once('\n').unwrap_or((&script, ""));
        let mut out = format!("{first}\n");
        for h in &self.headers {
            let _ = writeln!(out, "{h}");
        }
        out.push_str(rest);
        out
    }

    /// A human summary: counts and the destructive statements.
    pub fn summary(&self, allow_destructive: bool) -> String {
        let safe = self.steps.iter().filter(|s| !s.destructive).count();
        let destructive: Vec<&Planned> = self.destructive().collect();
        let mut out = format!(
            "{safe} statement(s) to create or change, {} destructive ({})\n",
            destructive.len(),
            if allow_destructive {
                "emitted"
            } else {
                "held back: --allow-destructive emits them"
            }
        );
        for s in destructive {
            let _ = writeln!(
                out,
                "  destructive: {}  [{}]",
                crate::apply::source::headline(&s.text),
                s.why
            );
        }
        out
    }
}
