//! `snowtenant plan OLD NEW [--allow-destructive] [--out FILE]`: an offline migration between
//! two packages (see `crate::migrate`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_INVALID;
use crate::migrate;

/// Arguments of `snowtenant plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The package deployed now.
    pub old: PathBuf,
    /// The package to deploy.
    pub new: PathBuf,
    /// Emit drops, revokes and detaches (otherwise listed and held back).
    #[arg(long)]
    pub allow_destructive: bool,
    /// Write the migration script here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &PlanArgs) -> ExitCode {
    let migration = match migrate::plan(&args.old, &args.new) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let script = migration.script(args.allow_destructive);
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &script) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(EXIT_INVALID);
            }
        }
        None => print!("{script}"),
    }
    eprint!("{}", migration.summary(args.allow_destructive));
    ExitCode::SUCCESS
}
