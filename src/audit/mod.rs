//! The audit: proves tenant isolation from the package's SQL itself.
//!
//! It reads a package (the step files parsed to typed statements, `manifest.json`'s inventory
//! for who owns what, `embed/config.json`), never the spec, so a template bug cannot hide
//! behind a correct spec.
//!
//! Pipeline: [`input`] (read and parse) -> [`model`] + [`apply`] (the access model, canonical
//! and incremental) -> [`context`] (ownership, each tenant role's session) -> [`checks`] (one
//! file per rule, codes `ISO0xx`) and [`execute`] (row-level proof in SQLite) -> [`report`].
//! [`graph`] draws the role/object graph.
//!
//! # Public API
//! - [`audit`]: a [`PackageInput`] to a [`Report`].
//! - [`PackageInput::from_files`] / [`PackageInput::from_dir`].
//! - [`AccessModel`]: `PartialEq`, order independent, `apply` one statement at a time (for
//!   `snowtenant plan`: `model(OLD + migration) == model(NEW)`).

pub mod apply;
pub mod checks;
pub mod context;
pub mod execute;
pub mod finding;
pub(crate) mod grants;
pub mod graph;
pub mod input;
pub mod model;
pub mod names;
pub mod report;
mod translate;
pub mod walk;

pub use context::Context;
pub use finding::{At, Finding, Severity};
pub use input::PackageInput;
pub use model::AccessModel;
pub use report::Report;

/// Audits a package.
pub fn audit(input: &PackageInput) -> Report {
    audit_detailed(&Context::new(input)).0
}

/// [`audit`] on a context the caller keeps, plus what the execution proof ran, as data (for
/// `snowtenant docs`).
pub fn audit_detailed(ctx: &Context) -> (Report, Vec<execute::Executed>) {
    let input = ctx.input;
    let mut findings = input.problems.clone();
    findings.extend(checks::run(ctx));
    let (proof, executed) = execute::prove_detailed(ctx, &mut findings);
    findings
        .sort_by(|a, b| (a.severity, a.code, &a.message).cmp(&(b.severity, b.code, &b.message)));
    findings.dedup();
    let report = Report {
        tenants: ctx.own.tenants.len(),
        statements: input.statements,
        proof,
        findings,
    };
    (report, executed)
}
