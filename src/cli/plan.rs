//! `snowtenant plan OLD NEW [--allow-destructive] [--out FILE]`: an offline migration between
//! two packages (see `crate::migrate`). Exits 0 when everything planned is emitted,
//! [`migrate::EXIT_HELD_BACK`] (3) when destructive statements were held back, 1 on an error or
//! a refused change.

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
    /// A migration applied to OLD since it was deployed (repeatable, in order): the account is
    /// OLD plus these, so statements an earlier plan held back are planned again.
    #[arg(long, value_name = "MIGRATION")]
    pub applied: Vec<PathBuf>,
    /// Plan from packages whose files differ from their manifest.json (listed).
    #[arg(long)]
    pub allow_modified: bool,
}

pub fn run(args: &PlanArgs) -> ExitCode {
    // A tampered package must not reach a migration (crate::apply::integrity).
    for package in [&args.old, &args.new] {
        match crate::apply::integrity::verify_package(package, args.allow_modified) {
            Ok(d) => {
                for line in d.lines() {
                    eprintln!("warning: {}: --allow-modified: {line}", package.display());
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e}", package.display());
                return ExitCode::from(EXIT_INVALID);
            }
        }
    }
    let migration = match migrate::plan_after(&args.old, &args.applied, &args.new) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let script = migration.file(args.allow_destructive);
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
    if !args.allow_destructive && migration.destructive().next().is_some() {
        return ExitCode::from(migrate::EXIT_HELD_BACK);
    }
    ExitCode::SUCCESS
}
