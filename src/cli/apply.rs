//! `snowtenant apply PACKAGE_OR_MIGRATION --connection NAME`: runs a package or a migration
//! against Snowflake (see `crate::apply`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_INVALID;
use crate::apply;

/// Arguments of `snowtenant apply`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// A package directory (from `build`) or a `.sql` migration (from `plan`).
    pub input: PathBuf,
    /// Connection name in connections.toml / config.toml (Snowflake CLI convention); default
    /// $SNOWFLAKE_DEFAULT_CONNECTION_NAME, else config.toml's default_connection_name, else `default`.
    #[arg(long, short = 'c')]
    pub connection: Option<String>,
    /// Print the statements that would run; connect to nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Snowflake sessions running independent statements at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub sessions: u16,
    /// Journal file (JSON lines); default `<input>.<connection>.journal.jsonl` beside the input.
    #[arg(long)]
    pub journal: Option<PathBuf>,
    /// Run a package even when its step files differ from manifest.json (edited after build).
    #[arg(long)]
    pub allow_modified: bool,
    /// Also run the package's sigma/snowflake.sql (Sigma's service user and its tenant roles) last.
    #[arg(long)]
    pub with_sigma: bool,
}

pub fn run(args: &ApplyArgs) -> ExitCode {
    let connection = apply::connection::name_or_default(args.connection.as_deref());
    let settings = if args.dry_run {
        // A dry run needs no credentials; use them when present.
        apply::connection::from_environment(Some(&connection)).unwrap_or_else(|_| apply::Settings {
            name: connection.clone(),
            account: String::new(),
            user: String::new(),
            auth: apply::connection::Auth::Password(String::new()),
            role: None,
            warehouse: None,
            database: None,
            schema: None,
            endpoint: None,
        })
    } else {
        match apply::connection::from_environment(Some(&connection)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        }
    };
    let options = apply::Options {
        input: args.input.clone(),
        journal: args
            .journal
            .clone()
            .unwrap_or_else(|| apply::default_journal(&args.input, &connection)),
        settings,
        sessions: usize::from(args.sessions),
        dry_run: args.dry_run,
        progress: apply::progress::Mode::Auto,
        allow_modified: args.allow_modified,
        with_sigma: args.with_sigma,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let report = match runtime.block_on(apply::apply(&options)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    for line in &report.planned {
        println!("{line}");
    }
    let verb = if args.dry_run { "would run" } else { "ran" };
    let count = if args.dry_run {
        report.planned.len()
    } else {
        report.ran
    };
    println!(
        "{verb} {count} of {} statements ({} already done per {}), longest dependency chain {}, {} session(s), {:.1} s",
        report.total,
        report.skipped,
        options.journal.display(),
        report.depth,
        options.sessions,
        report.elapsed.as_secs_f64()
    );
    if report.failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    for f in &report.failures {
        eprintln!("error: {f}");
    }
    eprintln!(
        "apply stopped; fix the cause and re-run the same command to resume (journal: {})",
        options.journal.display()
    );
    ExitCode::from(EXIT_INVALID)
}
