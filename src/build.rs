//! The pipeline end to end: spec text in, package (in memory) out.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diag::{Diagnostic, SourceFile};
use crate::package::Package;

/// Runs load, validate, plan, render, parse, package and audit. Errors are the spec's diagnostics, or
/// one compiler-bug diagnostic when the emitted SQL fails the validator.
pub fn compile(source: &SourceFile) -> Result<Package, Vec<Diagnostic>> {
    // Shape errors and semantic errors in one run: the spec is validated whenever it could be read,
    // after shape errors from its repaired text (see `spec::Loaded`).
    let loaded = crate::spec::load_all(source);
    let Some(spec) = &loaded.spec else {
        return Err(loaded.diags);
    };
    let platform = match crate::model::validate(spec) {
        Ok(platform) if loaded.diags.is_empty() => platform,
        Ok(_) => return Err(loaded.diags),
        Err(semantic) => {
            let semantic = loaded.restore(semantic);
            let mut diags = loaded.diags;
            diags.extend(semantic);
            diags.sort_by_key(|d| d.labels.first().map_or(0, |l| l.0.offset));
            return Err(diags);
        }
    };
    let plan = crate::plan::plan(&platform);
    let scripts = crate::render::render(&plan);
    statement_sizes(&platform, &scripts)?;
    let mut package = crate::package::assemble(&platform, &plan, &scripts, &source.text);
    let report = verify(&package).map_err(|d| vec![d])?;
    package.audit_warnings = report
        .findings
        .into_iter()
        .filter(|f| f.severity == crate::audit::Severity::Warning)
        .collect();
    Ok(package)
}

/// Snowflake limits a view definition to 1 MB (docs.snowflake.com/en/sql-reference/sql/create-view)
/// and truncates any statement over 1 MB in its query history
/// (docs.snowflake.com/en/user-guide/query-size-limits).
pub const MAX_STATEMENT_BYTES: usize = 1 << 20;

/// SPEC078: a statement over [`MAX_STATEMENT_BYTES`]. Only the cross-tenant view grows without bound
/// in what the spec controls (a UNION ALL branch per schema-isolated tenant: about 5,000 tenants fill
/// it); the mapping MERGE is batched. The error points at the view in the spec.
fn statement_sizes(
    platform: &crate::model::Platform,
    scripts: &[crate::render::StepScript],
) -> Result<(), Vec<Diagnostic>> {
    let over: Vec<Diagnostic> = scripts
        .iter()
        .flat_map(|s| &s.statements)
        .filter(|st| st.text.len() > MAX_STATEMENT_BYTES)
        .map(|st| {
            let d = Diagnostic::new(
                "SPEC078",
                format!(
                    "a `{}` statement would be {} bytes, over Snowflake's 1 MB limit",
                    st.kind,
                    st.text.len()
                ),
            );
            match &platform.cross_tenant_view {
                Some(view) if st.kind == "create_secure_view" => d
                    .at(
                        view.span,
                        format!(
                            "this view unions {} tenant schemas",
                            schema_tenants(platform)
                        ),
                    )
                    .help(VIEW_TOO_BIG_HELP),
                _ => d,
            }
        })
        .collect();
    if over.is_empty() { Ok(()) } else { Err(over) }
}

const VIEW_TOO_BIG_HELP: &str = "Snowflake refuses a view definition over 1 MB. Put part of the tenants on \
row isolation (a shared table needs no branch), or drop the cross-tenant view.";

fn schema_tenants(platform: &crate::model::Platform) -> usize {
    platform
        .tenants
        .iter()
        .filter(|t| t.schema.is_some())
        .count()
}

/// Parses every SQL file of the package and audits it; a statement the validator rejects is BUG001,
/// an error-level audit finding is AUDIT. Each statement is parsed once: the files the audit reads
/// are folded into its model as they parse, the others (an offboarding script per tenant, ad hoc
/// scripts) get the verdict only, so no statement tree outlives its step.
pub fn verify(package: &Package) -> Result<crate::audit::Report, Diagnostic> {
    let input = crate::audit::PackageInput::from_files(&package.files);
    let audited: BTreeSet<&str> = input.files.iter().map(String::as_str).collect();
    let mut failures = sql_failures(package, |path| !audited.contains(path));
    failures.extend(input.sql_errors.iter().map(crate::sqlcheck::render));
    compiler_bug(failures)?;
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

/// Parses every SQL file of the package, keeping only the verdict. Skipped: deploy.sql and
/// `schemachange/` repeat the step files (the package tests check they do), and `dbt/` holds Jinja
/// macros, whose compiled output the dbt interop suite validates.
/// A failure is a bug in snowtenant, never in the spec: say so and show the statement.
pub fn check_sql(package: &Package) -> Result<(), Diagnostic> {
    compiler_bug(sql_failures(package, |_| true))
}

/// The rendered validator diagnostics of the checked SQL files that `select` keeps; no statement tree
/// outlives its check.
fn sql_failures(package: &Package, select: impl Fn(&str) -> bool + Sync) -> Vec<String> {
    sql_files(package)
        .filter(|(path, _)| select(path))
        .flat_map_iter(|(path, text)| {
            let report = crate::sqlcheck::check_script_named(path, &text);
            report
                .diagnostics
                .iter()
                .map(crate::sqlcheck::render)
                .collect::<Vec<_>>()
        })
        .collect()
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
