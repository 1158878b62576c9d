//! `snowtenant apply PACKAGE_OR_MIGRATION --connection NAME`: runs a package or a migration
//! against Snowflake (see `crate::apply`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::{EXIT_INVALID, EXIT_LOCKED, EXIT_VERIFY};
use crate::apply;

/// Arguments of `snowtenant apply`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// A package directory (from `build`), a file inside one, or a `.sql` migration (from `plan`).
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
    /// Journal file (JSON lines, a cache of the account's ledger); default
    /// `<input>.<connection>.journal.jsonl` beside the input.
    #[arg(long)]
    pub journal: Option<PathBuf>,
    /// Use a package even when its files differ from manifest.json (edited after build); the
    /// differences are listed.
    #[arg(long)]
    pub allow_modified: bool,
    /// Also run the package's sigma/snowflake.sql (Sigma's service user and its tenant roles) last.
    #[arg(long)]
    pub with_sigma: bool,
    /// Seconds to wait for another apply's lock on the account (0: refuse at once).
    #[arg(long, default_value_t = 0)]
    pub lock_timeout: u64,
    /// Remove the account's lock first (left by an apply that died); says whose it was.
    #[arg(long)]
    pub force_unlock: bool,
    /// Seconds to follow a statement still running on the server before giving up on it.
    #[arg(long, default_value_t = 3600)]
    pub poll_timeout: u64,
    /// The ledger's schema (`DB.SCHEMA`) when neither the package nor the migration names it.
    #[arg(long)]
    pub ledger_schema: Option<String>,
    /// Skip reading back what the input sets after a successful apply (verify is on by default;
    /// a difference exits 5).
    #[arg(long)]
    pub no_verify: bool,
}

/// Prints one line on standard output; `false` when the reader has gone (`| head`).
fn out(line: &str) -> bool {
    writeln!(std::io::stdout().lock(), "{line}").is_ok()
}

pub fn run(args: &ApplyArgs) -> ExitCode {
    if !args.dry_run
        && let Err(e) = apply::client::require_client()
    {
        eprintln!("error: {e}");
        return ExitCode::from(super::EXIT_USAGE);
    }
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
    let journal = args
        .journal
        .clone()
        .unwrap_or_else(|| apply::default_journal(&args.input, &connection));
    let mut options = apply::Options::new(args.input.clone(), settings, journal);
    options.sessions = usize::from(args.sessions);
    options.dry_run = args.dry_run;
    options.allow_modified = args.allow_modified;
    options.with_sigma = args.with_sigma;
    options.lock_timeout = Duration::from_secs(args.lock_timeout);
    options.force_unlock = args.force_unlock;
    options.poll_timeout = Duration::from_secs(args.poll_timeout);
    options.verify = !args.no_verify;
    options.ledger = args
        .ledger_schema
        .as_ref()
        .map(|s| apply::ledger::Location {
            schema: apply::names::normalize_name(s),
            role: None,
        });
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
            let locked = e.starts_with("the account is locked");
            return ExitCode::from(if locked { EXIT_LOCKED } else { EXIT_INVALID });
        }
    };
    for line in &report.modified {
        eprintln!("warning: --allow-modified: {line}");
    }
    if let Some(b) = &report.broke_lock {
        eprintln!("warning: removed the lock held by {b}");
    }
    for line in &report.planned {
        if !out(line) {
            // The reader stopped reading (`apply --dry-run | head`): nothing more to say.
            return ExitCode::SUCCESS;
        }
    }
    if let Some(done) = &report.already_deployed {
        out(&format!("nothing to do: the same input was {done}"));
        return ExitCode::SUCCESS;
    }
    let verb = if args.dry_run { "would run" } else { "ran" };
    let count = if args.dry_run {
        report.planned.len()
    } else {
        report.ran
    };
    let deployment = if args.dry_run {
        String::new()
    } else {
        format!(
            ", deployment {}{}",
            report.deployment,
            if report.resumed { " (resumed)" } else { "" }
        )
    };
    out(&format!(
        "{verb} {count} of {} statements ({} already done){deployment}, longest dependency chain {}, {} session(s), {:.1} s",
        report.total,
        report.skipped,
        report.depth,
        options.sessions,
        report.elapsed.as_secs_f64()
    ));
    if report.failures.is_empty() {
        if report.verified {
            if report.verify.is_empty() {
                out("verified: the account has every setting the input makes");
            } else {
                for f in &report.verify {
                    eprintln!("error: verify: {f}");
                }
                eprintln!(
                    "verify: {} setting(s) of deployment {} are not in effect in the account (the \
                     statements succeeded); find what changed them, then apply again",
                    report.verify.len(),
                    report.deployment
                );
                return ExitCode::from(EXIT_VERIFY);
            }
        }
        return ExitCode::SUCCESS;
    }
    for f in &report.failures {
        eprintln!("error: {f}");
    }
    eprintln!(
        "apply stopped; fix the cause and re-run the same command to resume deployment {} (journal: {})",
        report.deployment,
        options.journal.display()
    );
    ExitCode::from(EXIT_INVALID)
}
