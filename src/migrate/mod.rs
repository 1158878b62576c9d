//! Plan: an offline migration between two packages, from their typed statements.
//!
//! [`model::of`] folds each package into the account model the audit proves isolation on
//! (properties included: columns and types, policies, monitors, warehouses, users, mapping rows);
//! [`diff::diff`] derives the statements that take model(OLD) to model(NEW): NEW's own idempotent
//! statements for new and changed objects, `ALTER TABLE ... ADD COLUMN`, a policy swapped in one
//! statement, monitor settings property by property, `ALTER ROW ACCESS POLICY ... SET BODY`,
//! detach/drop/create/re-attach for a new signature, `REVOKE` for removed grants, OLD's offboarding
//! script (less what NEW keeps) for removed tenants and `DROP ... IF EXISTS` for removed objects.
//! What Snowflake cannot change in place (a column's type) is refused. Statements that lose data
//! or access are destructive, held back unless allowed; [`isolation`] runs the audit's isolation
//! checks after every statement.
//!
//! The model is the only state: [`defs`] only indexes which statements define each object (under
//! the model's key), to pick NEW's statements for what changed and to drop what is gone.

pub mod converge;
pub mod defs;
pub mod diff;
pub mod isolation;
pub mod model;
pub mod offboard;
pub mod removals;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::apply::source::{self, Source};

/// One planned statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The role it runs as (a normalized name).
    pub role: String,
    pub text: String,
    /// Loses data or access: drops, revokes, detaches, deletes, a view repointed away from data.
    pub destructive: bool,
    /// Why it is planned; for a destructive statement, what it loses.
    pub why: String,
}

impl Planned {
    /// DML needs a running warehouse (`USE WAREHOUSE` before it in the script).
    pub fn is_dml(&self) -> bool {
        let first = self
            .text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        matches!(first.as_str(), "MERGE" | "DELETE" | "INSERT" | "UPDATE")
    }

    /// Whether the statement can change who reaches which rows (so isolation is checked after it).
    pub fn isolation_relevant(&self) -> bool {
        const INERT: &[&str] = &[
            "CREATE WAREHOUSE",
            "ALTER WAREHOUSE",
            "CREATE RESOURCE",
            "ALTER RESOURCE",
            "ALTER ACCOUNT",
            "CREATE NOTIFICATION",
            "ALTER NOTIFICATION",
            "CREATE API",
            "ALTER API",
            "CREATE ALERT",
            "ALTER ALERT",
            "DROP ALERT",
            "ALTER ROLE",
            "CREATE SCHEMA",
            "CREATE DATABASE",
            "DROP RESOURCE",
            "DROP WAREHOUSE",
        ];
        let head = self
            .text
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        !INERT.contains(&head.as_str())
    }
}

/// A migration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migration {
    pub steps: Vec<Planned>,
    /// The warehouse DML runs on (NEW's admin warehouse, from its `USE WAREHOUSE`).
    pub warehouse: Option<String>,
    /// Headlines of the steps that act on the Sigma side (statements of a package's
    /// `sigma/snowflake.sql`, or naming a user it creates): they exist in an account only when it
    /// was deployed with `apply --with-sigma`, so the script says so and `apply` refuses it
    /// without `--with-sigma` (see [`SIGMA_HEADER`]).
    pub requires_sigma: Vec<String>,
    /// Lines `apply` reads before running: the OLD and NEW package fingerprints
    /// (`crate::apply::FROM_HEADER`, `TO_HEADER`) and where the ledger is.
    pub headers: Vec<String>,
    /// NEW's offboarding scripts that are new or changed, carried at the end of the file for later
    /// plans from the account ([`offboard`]).
    pub offboarding: offboard::Scripts,
}

/// Exit code of `plan` when it held destructive statements back (documented in docs/apply.md).
pub const EXIT_HELD_BACK: u8 = 3;

/// A migration script line naming a statement that needs `apply --with-sigma`.
pub const SIGMA_HEADER: &str = "-- snowtenant: requires --with-sigma: ";

/// Plans the migration from package `old` to package `new`: the step files and, when the packages have
/// one, the Sigma file, so a new tenant's role reaches Sigma's user in the same migration.
pub fn plan(old: &Path, new: &Path) -> Result<Migration, String> {
    plan_after(old, &[], new)
}

/// Plans from `old` with the migrations `applied` since it was deployed (in order) to `new`: the
/// account is model(OLD + applied), so what an earlier plan held back is still there to remove.
pub fn plan_after(old: &Path, applied: &[PathBuf], new: &Path) -> Result<Migration, String> {
    let load = |p: &Path| source::load_with_sigma(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut old_src = load(old)?;
    let old_ledger = crate::apply::ledger::locate(&old_src);
    let mut old_offboard = offboard::of_package(old)?;
    // Each applied migration is read once: its statements, the scripts it carries, its headers.
    let mut last_applied = None;
    for m in applied {
        let text = std::fs::read_to_string(m).map_err(|e| format!("{}: {e}", m.display()))?;
        let name = source::files_of(m)
            .map_err(|e| format!("{}: {e}", m.display()))?
            .remove(0)
            .0;
        let script = source::load_texts(vec![(name, text.clone())])
            .map_err(|e| format!("{}: {e}", m.display()))?;
        old_src = model::concat(&old_src, &script);
        old_offboard.extend(offboard::carried(&text));
        last_applied = Some((m.as_path(), text));
    }
    let new_src = load(new)?;
    let new_offboard = offboard::of_package(new)?;
    let offboarding = (&old_offboard, &new_offboard);
    let mut migration = diff::diff(&old_src, &new_src, new, offboarding)?;
    migration.offboarding = offboard::changed(&old_offboard, &new_offboard);
    migration.check_isolation(&old_src, &new_src, old, new)?;
    migration.requires_sigma = sigma_side(&migration, &[&old_src, &new_src]);
    migration.headers = headers(old, old_ledger, last_applied, new, &new_src)?;
    Ok(migration)
}

/// The fingerprints of OLD and NEW, and the ledger's location, as script header lines.
/// After `--applied` migrations the account was last left at the last one's NEW, so that is the
/// FROM a new migration requires, and the ledger is where that one left it. When NEW's governance
/// schema is another, a second line says where the ledger moves.
fn headers(
    old: &Path,
    old_ledger: Option<crate::apply::ledger::Location>,
    last_applied: Option<(&Path, String)>,
    new: &Path,
    new_source: &source::Source,
) -> Result<Vec<String>, String> {
    use crate::apply::{FROM_HEADER, TO_HEADER, integrity, ledger};
    let fp = |p: &Path| integrity::fingerprint(p).map_err(|e| e.to_string());
    let (from, ledger_at_start) = match last_applied {
        Some((m, text)) => {
            let from = text
                .lines()
                .find_map(|l| l.strip_prefix(TO_HEADER))
                .map(|f| f.trim().to_string())
                .ok_or_else(|| format!("{}: no `{TO_HEADER}` line: plan it again", m.display()))?;
            let at = ledger::moves_to_header(&text).or_else(|| ledger::from_header(&text));
            (from, at.or(old_ledger))
        }
        None => (fp(old)?, old_ledger),
    };
    let mut out = vec![
        format!("{FROM_HEADER}{from}"),
        format!("{TO_HEADER}{}", fp(new)?),
    ];
    let ledger_at_end = ledger::locate(new_source);
    match (ledger_at_start, ledger_at_end) {
        (Some(start), Some(end)) if start.schema != end.schema => {
            out.push(start.header());
            out.push(end.moves_header());
        }
        (start, end) => out.extend(start.or(end).map(|l| l.header())),
    }
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

    /// The statements emitted with or without `--allow-destructive`.
    pub fn emitted(&self, allow_destructive: bool) -> impl Iterator<Item = &Planned> {
        self.steps
            .iter()
            .filter(move |s| allow_destructive || !s.destructive)
    }

    /// Runs the audit's isolation checks after each statement, for the migration as emitted with
    /// and without `--allow-destructive`.
    pub fn check_isolation(
        &self,
        old_src: &Source,
        new_src: &Source,
        old_dir: &Path,
        new_dir: &Path,
    ) -> Result<(), String> {
        if self.steps.is_empty() {
            return Ok(());
        }
        let start = model::of(old_src);
        let end = model::of(new_src);
        let mut checker = isolation::Checker::new(old_dir, new_dir, &start, &end);
        let apply = diff::apply_planned;
        // Without the flag the migration is the same up to its first destructive statement.
        let shared = self
            .steps
            .iter()
            .position(|s| s.destructive)
            .unwrap_or(self.steps.len());
        checker.check_steps(&start, &self.steps.iter().collect::<Vec<_>>(), 0, apply)?;
        if shared < self.steps.len() {
            let safe: Vec<&Planned> = self.emitted(false).collect();
            checker.check_steps(&start, &safe, shared, apply)?;
        }
        Ok(())
    }

    /// The migration script: `USE ROLE` whenever the role changes, `USE WAREHOUSE` before the
    /// first DML; destructive statements only when `allow_destructive`, otherwise written in full
    /// as comments at the end.
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
        let mut warehouse_set = false;
        for s in self.emitted(allow_destructive) {
            if role != Some(s.role.as_str()) && !s.role.is_empty() {
                let shown = diff::object_name(&s.role).map_or(s.role.clone(), |n| n.to_string());
                let _ = write!(out, "\nUSE ROLE {shown};\n");
                role = Some(&s.role);
            }
            if s.is_dml()
                && !warehouse_set
                && let Some(w) = &self.warehouse
            {
                let _ = writeln!(out, "USE WAREHOUSE {w};");
                warehouse_set = true;
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
                "\n-- {} destructive statement(s) held back (plan again with --allow-destructive).\n\
                 -- The account is not at NEW until they run: plan the next change from OLD with\n\
                 -- `--applied` naming this file, so they are planned again.",
                held.len()
            );
            for s in held {
                let _ = writeln!(out, "--\n-- [{}] as {}", s.why, s.role);
                let text = format!("{};", s.text.trim_end_matches(';'));
                for line in text.lines() {
                    let _ = writeln!(out, "--   {line}");
                }
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
        out.push_str(&offboard::trailer(&self.offboarding));
        out
    }

    /// A human summary: counts and the destructive statements with what each loses.
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
