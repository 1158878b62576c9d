//! Apply: runs a package (or a migration script) against a Snowflake account through the
//! `snowflake-api` crate.
//!
//! Pipeline: [`source::load`] (step files to typed statements with their `USE` context) ->
//! [`graph::build`] (what waits for what) -> [`runner::run`] (bounded sessions, journal,
//! progress). [`connection`] resolves settings in the Snowflake CLI's convention.
//!
//! # Public API
//! - [`apply`]: the whole command: `Options` in, [`Report`] out.
//! - [`Options`]: input path, connection settings, sessions, journal path, dry run, progress.
//! - [`default_journal`]: `<input>.<connection>.journal.jsonl` beside the input.

mod arrow_rows;
pub mod client;
pub mod connection;
pub mod graph;
pub mod integrity;
pub mod journal;
pub mod names;
pub mod progress;
pub mod runner;
pub mod source;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use connection::Settings;
pub use runner::Failure;

/// What to apply and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// A package directory or a `.sql` migration.
    pub input: PathBuf,
    pub settings: Settings,
    /// Sessions run at once (at least 1).
    pub sessions: usize,
    pub journal: PathBuf,
    /// Print what would run; connect to nothing.
    pub dry_run: bool,
    pub progress: progress::Mode,
    /// Run a package whose step files differ from its manifest (see [`integrity`]).
    pub allow_modified: bool,
    /// Also run the package's `sigma/snowflake.sql`, after the step files.
    pub with_sigma: bool,
}

/// What an apply did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Statements in the input (`USE` statements excluded).
    pub total: usize,
    /// Skipped because the journal records them as succeeded.
    pub skipped: usize,
    /// Run and succeeded in this invocation.
    pub ran: usize,
    /// `USE` statements run to put sessions in the right role/warehouse.
    pub context_switches: usize,
    /// Longest dependency chain.
    pub depth: usize,
    pub failures: Vec<Failure>,
    pub elapsed: Duration,
    /// For a dry run: `file:line [role] statement` per statement that would run.
    pub planned: Vec<String>,
}

/// `<input>.<connection>.journal.jsonl`, beside the input (never inside the package).
pub fn default_journal(input: &Path, connection: &str) -> PathBuf {
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package".into());
    input.with_file_name(format!("{name}.{connection}.journal.jsonl"))
}

/// Loads, plans and runs. `Err` is for input that cannot be applied at all (unreadable,
/// invalid SQL, bad journal); statement failures are in [`Report::failures`].
pub async fn apply(options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let files =
        source::package_files(&options.input, options.with_sigma).map_err(|e| e.to_string())?;
    if options.with_sigma && !files.iter().any(|(name, _)| name == source::SIGMA_SQL) {
        return Err(format!(
            "--with-sigma: {} has no {} (the spec has no Sigma connection)",
            options.input.display(),
            source::SIGMA_SQL
        ));
    }
    if options.input.is_dir() && !options.allow_modified {
        integrity::verify(&options.input, &files).map_err(|e| e.to_string())?;
    }
    let source = source::load_files(files).map_err(|e| e.to_string())?;
    let graph = graph::build(&source);
    let skip = journal::succeeded(&options.journal)?;
    let mut report = Report {
        total: source.steps.len(),
        skipped: source.steps.iter().filter(|s| skip.contains(&s.id)).count(),
        depth: graph.depth(),
        ..Report::default()
    };
    if options.dry_run {
        report.planned = source
            .steps
            .iter()
            .filter(|s| !skip.contains(&s.id))
            .map(|s| {
                let role = source.contexts[s.context].role.as_deref().unwrap_or("-");
                let first = s.headline();
                format!("{} [{role}] {first}", s.location())
            })
            .collect();
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let sessions = (0..options.sessions.max(1))
        .map(|_| client::Session::open(&options.settings))
        .collect::<Result<Vec<_>, _>>()?;
    let journal = RefCell::new(journal::Journal::open(&options.journal)?);
    let progress = progress::Progress::new(options.progress, report.total - report.skipped);
    let outcome = runner::run(&source, &graph, &skip, sessions, &journal, &progress).await;
    progress.finish();
    report.ran = outcome.ran;
    report.context_switches = outcome.context_switches;
    report.failures = outcome.failures;
    report.elapsed = started.elapsed();
    Ok(report)
}
