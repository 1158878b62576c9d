//! The pipeline end to end: spec text in, package (in memory) out.

use rayon::prelude::*;

use crate::diag::{Diagnostic, SourceFile};
use crate::package::Package;

/// Runs load, validate, plan, render, parse and package. Errors are the spec's diagnostics, or
/// one compiler-bug diagnostic when the emitted SQL fails the validator.
pub fn compile(source: &SourceFile) -> Result<Package, Vec<Diagnostic>> {
    let spec = crate::spec::load(source).map_err(|d| vec![d])?;
    let platform = crate::model::validate(&spec)?;
    let plan = crate::plan::plan(&platform);
    let scripts = crate::render::render(&plan);
    let package = crate::package::assemble(&platform, &plan, &scripts, &source.text);
    check_sql(&package).map_err(|d| vec![d])?;
    Ok(package)
}

/// Parses every SQL file of the package (deploy.sql repeats the step files, so it is skipped).
/// A failure is a bug in snowtenant, never in the spec: say so and show the statement.
pub fn check_sql(package: &Package) -> Result<(), Diagnostic> {
    let failures: Vec<String> = package
        .files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".sql") && path.as_str() != "deploy.sql")
        .flat_map_iter(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            // Verdict only: keeping every tree until the check ends cost hundreds of MB at 10,000
            // tenants (docs/performance.md).
            let report = crate::sqlcheck::check_script_named(path, &text);
            report
                .diagnostics
                .iter()
                .map(crate::sqlcheck::render)
                .collect::<Vec<_>>()
        })
        .collect();
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
