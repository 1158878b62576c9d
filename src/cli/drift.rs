//! `snowtenant drift PACKAGE --connection NAME`: what the account has that the package does
//! not say, and the reverse (see `crate::drift`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_DRIFT;
use crate::{apply, drift};

/// Arguments of `snowtenant drift`.
#[derive(Args, Debug)]
pub struct DriftArgs {
    /// A package directory (from `build`).
    pub package: PathBuf,
    /// Connection name in connections.toml / config.toml (Snowflake CLI convention); default
    /// $SNOWFLAKE_DEFAULT_CONNECTION_NAME, else config.toml's default_connection_name, else `default`.
    #[arg(long, short = 'c')]
    pub connection: Option<String>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read the account as it is now (SHOW GRANTS per role, POLICY_REFERENCES per policy) instead of
    /// ACCOUNT_USAGE, which lags by up to 2 hours: for checking a deploy that just ran.
    #[arg(long)]
    pub live: bool,
    /// With --live: how many queries run at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

/// Exit 0 without drift, 3 with drift, 1 on error (a failed query is not drift).
pub fn run(args: &DriftArgs) -> ExitCode {
    if let Err(e) = crate::apply::client::require_client() {
        eprintln!("error: {e}");
        return ExitCode::from(super::EXIT_USAGE);
    }
    super::report_found(findings(args), args.json, "difference(s)", EXIT_DRIFT)
}

fn findings(args: &DriftArgs) -> Result<Vec<drift::Finding>, String> {
    let settings = apply::connection::from_environment(args.connection.as_deref())?;
    let source = apply::source::load(&args.package).map_err(|e| e.to_string())?;
    let session = apply::client::Session::open(&settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    if args.live {
        runtime.block_on(drift::drift_live(
            &session,
            &source,
            usize::from(args.concurrency),
        ))
    } else {
        runtime.block_on(drift::drift(&session, &source))
    }
}
