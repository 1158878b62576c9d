//! `snowtenant plan OLD NEW [--allow-destructive] [--out FILE]`: an offline migration between
//! two packages (see `crate::migrate`). Exits 0 when everything planned is emitted,
//! [`migrate::EXIT_HELD_BACK`] (3) when destructive statements were held back, 1 on an error or
//! a refused change. `plan --from CONNECTION NEW` plans from what the account's ledger says it last
//! received (`crate::apply::deployed`); an account without a ledger exits 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{EXIT_INVALID, EXIT_USAGE};
use crate::migrate;

/// Arguments of `snowtenant plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The package deployed now (with --from: the package to deploy).
    pub old: PathBuf,
    /// The package to deploy (not with --from).
    #[arg(required_unless_present = "from")]
    pub new: Option<PathBuf>,
    /// Plan from what the account behind this connection last received successfully (its
    /// ledger keeps the deployed package and the migrations applied since), instead of OLD.
    #[arg(long, value_name = "CONNECTION", conflicts_with = "applied")]
    pub from: Option<String>,
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
    /// With --from: the ledger's schema (`DB.SCHEMA`) when it is not NEW's governance schema
    /// (NEW renames it: the account's ledger is still in the old one).
    #[arg(long, value_name = "DB.SCHEMA", requires = "from")]
    pub ledger_schema: Option<String>,
}

pub fn run(args: &PlanArgs) -> ExitCode {
    let (old, new) = match (&args.from, &args.new) {
        (Some(_), None) => (None, &args.old),
        (None, Some(new)) => (Some(&args.old), new),
        _ => {
            eprintln!("error: with --from, give only NEW (the account is OLD)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // A tampered package must not reach a migration (crate::apply::integrity).
    for package in old.into_iter().chain([new]) {
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
    let planned = match (&args.from, old) {
        (Some(connection), _) => from_deployed(connection, new, args.ledger_schema.as_deref()),
        (None, Some(old)) => {
            migrate::plan_after(old, &args.applied, new).map_err(|e| (EXIT_INVALID, e))
        }
        (None, None) => unreachable!("OLD is given without --from"),
    };
    let migration = match planned {
        Ok(m) => m,
        Err((code, e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(code);
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

/// `--from CONNECTION`: the ledger's location from NEW, the account's deployed package from it.
fn from_deployed(
    connection: &str,
    new: &std::path::Path,
    ledger_schema: Option<&str>,
) -> Result<migrate::Migration, (u8, String)> {
    use crate::apply::{self, deployed::FromError};
    let invalid = |e: String| (EXIT_INVALID, e);
    apply::client::require_client().map_err(|e| (super::EXIT_USAGE, e))?;
    let settings = apply::connection::from_environment(Some(connection)).map_err(invalid)?;
    let source = apply::source::load(new).map_err(|e| invalid(e.to_string()))?;
    let at = match ledger_schema {
        Some(s) => apply::ledger::Location {
            schema: apply::names::normalize_name(s),
            role: apply::ledger::locate(&source).and_then(|l| l.role),
        },
        None => apply::ledger::locate(&source).ok_or_else(|| {
            invalid(format!(
                "{}: cannot tell where the ledger is (the package has no row access policy); \
                 pass --ledger-schema DB.SCHEMA",
                new.display()
            ))
        })?,
    };
    let session = apply::client::Session::open(&settings).map_err(invalid)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| invalid(format!("cannot start the async runtime: {e}")))?;
    runtime
        .block_on(apply::deployed::plan_from(&session, new, &at))
        .map_err(|e| match e {
            FromError::NoLedger(m) => (EXIT_USAGE, format!("--from {connection}: {m}")),
            FromError::Other(m) => (EXIT_INVALID, format!("--from {connection}: {m}")),
        })
}
