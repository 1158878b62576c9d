//! `snowtenant docs`: a static site of a package (and of a migration plan) for people who review
//! by looking: an overview with the audit's verdict and proofs, one page per tenant with the
//! graph of what its role reaches, the access matrix, and the plan.
//!
//! Everything comes from the audit: the access model built from the package's typed statements,
//! its ownership, the execution proof, plus facts the model does not keep, collected from the
//! same statements in the same parsing pass ([`facts::Observed`]). Nothing re-parses SQL text.
//!
//! The site is self-contained (no network: CSS and JS are inline or files of the site) and opens
//! from `file://`; the matrix's data is a script (`matrix-data.js`) because browsers refuse
//! `fetch` from `file://`, and also `matrix.json` for tools. Same package, same bytes: every
//! collection is ordered and nothing depends on time or on the machine.
//!
//! # Public API
//! - [`load`]: a package folder to a [`Loaded`] (audit input + observed facts).
//! - [`site`]: the site's files (relative path -> bytes), for [`crate::package::write_site`].

pub mod facts;
pub mod matrix;
mod pages;
pub mod plan;
pub mod reach;
pub mod svg;

use std::collections::BTreeMap;
use std::path::Path;

use crate::audit::{Context, PackageInput};

pub use facts::{Observed, page_name};

/// A package read for the site.
pub struct Loaded {
    pub input: PackageInput,
    pub observed: Observed,
}

/// Reads a package folder: the audit's input and the observed facts, in one parsing pass.
pub fn load(dir: &Path) -> Result<Loaded, String> {
    let files = crate::audit::input::read_dir_files(dir)?;
    Ok(from_files(&files))
}

/// [`load`] on a package's files in memory.
pub fn from_files(files: &BTreeMap<String, Vec<u8>>) -> Loaded {
    let mut observed = Observed::default();
    let input = PackageInput::from_files_observed(files, &mut |_, c| observed.observe(c));
    Loaded { input, observed }
}

/// The site's files. `plan`: a migration script (its name and text) for the plan page.
pub fn site(
    loaded: &Loaded,
    plan: Option<(&str, &str)>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let ctx = Context::new(&loaded.input);
    let (report, executed) = crate::audit::audit_detailed(&ctx);
    let tenants = facts::tenants(&ctx, &loaded.observed);
    let index = reach::Index::new(&ctx);
    let matrix = matrix::build(&index, &tenants, &executed);
    let plan = match plan {
        Some((name, text)) => Some(plan::plan(&ctx, &index, name, text)?),
        None => None,
    };
    pages::render(&pages::Site {
        ctx: &ctx,
        observed: &loaded.observed,
        report: &report,
        executed: &executed,
        tenants: &tenants,
        index: &index,
        matrix: &matrix,
        plan: plan.as_ref(),
    })
}
