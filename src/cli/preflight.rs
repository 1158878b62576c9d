//! `snowtenant preflight PACKAGE --connection NAME`: before the first apply, the existing objects
//! the package's `IF NOT EXISTS` statements would adopt, and what they hold beyond it
//! (see `crate::preflight`).
//!
//! A command of its own rather than `check --connection` (check reads a spec, offline, and must
//! stay so for CI) or a `drift` mode (drift compares a deployed package; preflight runs before
//! anything is deployed, and its exit code gates the first apply).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_ADOPTS;
use crate::{apply, preflight};

/// Arguments of `snowtenant preflight`.
#[derive(Args, Debug)]
pub struct PreflightArgs {
    /// A package directory (from `build`).
    pub package: PathBuf,
    /// Connection name in connections.toml / config.toml (as for `apply` and `drift`).
    #[arg(long, short = 'c')]
    pub connection: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How many per-object queries run at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Exit 0 when nothing would be adopted, 3 when something would, 1 on error.
pub fn run(args: &PreflightArgs) -> ExitCode {
    if let Err(e) = crate::apply::client::require_client() {
        eprintln!("error: {e}");
        return ExitCode::from(super::EXIT_USAGE);
    }
    super::report_found(
        adoptions(args),
        args.format == Format::Json,
        "object(s) would be adopted",
        EXIT_ADOPTS,
    )
}

fn adoptions(args: &PreflightArgs) -> Result<Vec<preflight::Adoption>, String> {
    let settings = apply::connection::from_environment(args.connection.as_deref())?;
    let source = apply::source::load(&args.package).map_err(|e| e.to_string())?;
    let session = apply::client::Session::open(&settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(preflight::preflight(
        &session,
        &source,
        usize::from(args.concurrency),
    ))
}
