//! The pipeline end to end: spec text in, package (in memory) out.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diag::{Diagnostic, SourceFile};
use crate::package::Package;
use crate::sqlcheck::ScriptReport;

/// Runs load, validate, plan, render, parse, package and audit. Errors are the spec's diagnostics, or
/// one compiler-bug diagnostic when the emitted SQL fails the validator.
pub fn compile(source: &SourceFile) -> Result<Package, Vec<Diagnostic>> {
    let spec = crate::spec::load(source)?;
    let platform = crate::model::validate(&spec)?;
    let plan = crate::plan::plan(&platform);
    let scripts = crate::render::render(&plan);
    let package = crate::package::assemble(&platform, &plan, &scripts, &source.text);
    let parsed = parse_sql(&package).map_err(|d| vec![d])?;
    audit_package(&package, parsed).map_err(|d| vec![d])?;
    Ok(package)
}

/// Audits the package in memory (the statements already parsed); an error-level finding fails
/// the build with the audit's report.
pub fn audit_package(
    package: &Package,
    parsed: BTreeMap<String, ScriptReport>,
) -> Result<crate::audit::Report, Diagnostic> {
    let input = crate::audit::PackageInput::from_files(&package.files, Some(parsed));
    let report = crate::audit::audit(&input);
    if report.passed() {
        return Ok(report);
    }
    Err(Diagnostic::new(
        "AUDIT",
        format!(
            "the package fails the isolation audit with {} error(s); the SQL snowtenant produced would not isolate tenants",
            report.errors()
        ),
    )
    .help(report.to_human()))
}

/// Parses every SQL file of the package. Skipped: deploy.sql and `schemachange/` repeat the step
/// files (the package tests check they do), and `dbt/` holds Jinja macros, whose compiled output
/// the dbt interop suite validates.
/// A failure is a bug in snowtenant, never in the spec: say so and show the statement.
pub fn check_sql(package: &Package) -> Result<(), Diagnostic> {
    // Verdict only: no statement tree outlives its check (see `parse_sql` for the audit's use).
    let failures: Vec<String> = sql_files(package)
        .flat_map_iter(|(path, text)| {
            let report = crate::sqlcheck::check_script_named(path, &text);
            report
                .diagnostics
                .iter()
                .map(crate::sqlcheck::render)
                .collect::<Vec<_>>()
        })
        .collect();
    compiler_bug(failures)
}

/// [`check_sql`], keeping the parsed statements of the step files, which the audit reads. The other
/// files (one offboarding script per tenant, ad hoc scripts) get the verdict only: keeping their trees
/// too doubled the build's peak memory at 10,000 tenants.
pub fn parse_sql(package: &Package) -> Result<BTreeMap<String, ScriptReport>, Diagnostic> {
    let steps: std::collections::BTreeSet<&str> = package
        .manifest
        .steps
        .iter()
        .map(|s| s.file.as_str())
        .collect();
    // Per file: its report when kept, and its rendered failures.
    type Parsed = (Option<(String, ScriptReport)>, Vec<String>);
    let parsed: Vec<Parsed> = sql_files(package)
        .map(|(path, text)| {
            if steps.contains(path.as_str()) {
                let report = crate::sqlcheck::validate_script_named(path, &text);
                let failed = report
                    .diagnostics
                    .iter()
                    .map(crate::sqlcheck::render)
                    .collect();
                (Some((path.clone(), report)), failed)
            } else {
                let report = crate::sqlcheck::check_script_named(path, &text);
                let failed = report
                    .diagnostics
                    .iter()
                    .map(crate::sqlcheck::render)
                    .collect();
                (None, failed)
            }
        })
        .collect();
    let mut reports = BTreeMap::new();
    let mut failures = Vec::new();
    for (kept, failed) in parsed {
        reports.extend(kept);
        failures.extend(failed);
    }
    compiler_bug(failures).map(|()| reports)
}

/// The package's SQL files that are checked, as text, in parallel.
fn sql_files(
    package: &Package,
) -> impl ParallelIterator<Item = (&String, std::borrow::Cow<'_, str>)> {
    package
        .files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".sql") && !is_derived_copy(path))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(bytes)))
}

/// SQL that fails validation is a bug in snowtenant, never in the spec: say so, show it.
fn compiler_bug(failures: Vec<String>) -> Result<(), Diagnostic> {
    if failures.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::new(
        "BUG001",
        format!(
            "snowtenant produced {} statement(s) that fail SQL validation; this is a bug in snowtenant, not in the spec \
             (please report it with the spec)",
            failures.len()
        ),
    )
    .help(failures.join("\n")))
}

/// Package files the build does not parse: copies of the step files and Jinja macros.
pub fn is_derived_copy(path: &str) -> bool {
    path == "deploy.sql" || path.starts_with("schemachange/") || path.starts_with("dbt/")
}
