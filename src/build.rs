//! The pipeline end to end: spec text in, package (in memory) out.

use crate::diag::{Diagnostic, SourceFile};
use crate::package::Package;

/// Runs load, validate, plan, render and package. Errors are the spec's diagnostics.
pub fn compile(source: &SourceFile) -> Result<Package, Vec<Diagnostic>> {
    let spec = crate::spec::load(source).map_err(|d| vec![d])?;
    let platform = crate::model::validate(&spec)?;
    let plan = crate::plan::plan(&platform);
    let scripts = crate::render::render(&plan);
    Ok(crate::package::assemble(
        &platform,
        &plan,
        &scripts,
        &source.text,
    ))
}
