//! Apply: runs a package (or a migration script) against a Snowflake account through the
//! `snowflake-api` crate.
//!
//! Pipeline: [`source::load`] (step files to typed statements with their `USE` context) ->
//! [`graph::build`] (what waits for what) -> [`ledger`] (bootstrap, lock, which deployment this is)
//! -> [`runner::run`] (bounded sessions, journal, progress) -> [`ledger`] (outcomes, release).
//! [`connection`] resolves settings in the Snowflake CLI's convention.
//!
//! # Public API
//! - [`apply`]: the whole command: `Options` in, [`Report`] out.
//! - [`Options`]: input path, connection settings, sessions, journal path, dry run, progress, lock.
//! - [`default_journal`]: `<input>.<connection>.journal.jsonl` beside the input (beside the package
//!   for a file inside one).

#[cfg(feature = "apply")]
mod arrow_rows;
pub mod client;
pub mod connection;
pub mod deployed;
pub mod graph;
pub mod history;
pub mod integrity;
pub mod journal;
pub mod ledger;
pub mod names;
pub mod progress;
pub mod runner;
pub mod source;
pub mod verify;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use connection::Settings;
pub use runner::Failure;

/// What to apply and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// A package directory, a file inside one, or a `.sql` migration.
    pub input: PathBuf,
    pub settings: Settings,
    /// Sessions run at once (at least 1).
    pub sessions: usize,
    pub journal: PathBuf,
    /// Print what would run; connect to nothing.
    pub dry_run: bool,
    pub progress: progress::Mode,
    /// Run a package whose files differ from its manifest (see [`integrity`]).
    pub allow_modified: bool,
    /// Also run the package's `sigma/snowflake.sql`, after the step files.
    pub with_sigma: bool,
    /// How long to wait for another apply's lock (zero: refuse at once).
    pub lock_timeout: Duration,
    /// Remove a stale lock before taking it.
    pub force_unlock: bool,
    /// How long to follow a statement still running on the server.
    pub poll_timeout: Duration,
    /// Where the ledger is, when neither the package nor the migration says.
    pub ledger: Option<ledger::Location>,
    /// After a successful apply, read back what the input sets ([`verify`]).
    pub verify: bool,
}

impl Options {
    /// Options with the defaults the CLI uses.
    pub fn new(input: PathBuf, settings: Settings, journal: PathBuf) -> Self {
        Self {
            input,
            settings,
            sessions: 4,
            journal,
            dry_run: false,
            progress: progress::Mode::Auto,
            allow_modified: false,
            with_sigma: false,
            lock_timeout: Duration::ZERO,
            force_unlock: false,
            poll_timeout: Duration::from_secs(3600),
            ledger: None,
            verify: true,
        }
    }
}

/// What an apply did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Statements in the input (`USE` statements excluded).
    pub total: usize,
    /// Skipped because this deployment already ran them (a resume).
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
    /// The deployment's id in the ledger.
    pub deployment: String,
    /// An unfinished deployment of the same input was continued.
    pub resumed: bool,
    /// With `--allow-modified`: what differs from the manifest.
    pub modified: Vec<String>,
    /// A lock removed before taking it (by `--force-unlock`, or left by a process gone from this host).
    pub broke_lock: Option<String>,
    /// Set when nothing ran because another apply deployed the same input while this one waited.
    pub already_deployed: Option<String>,
    /// Whether [`verify`] ran, and what it found differing.
    pub verified: bool,
    pub verify: Vec<crate::drift::Finding>,
}

/// `<input>.<connection>.journal.jsonl`, beside the input (never inside the package): for a file
/// inside a package, beside the package.
pub fn default_journal(input: &Path, connection: &str) -> PathBuf {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "package".into())
    };
    if input.is_file()
        && let Some(root) = integrity::package_root(input)
    {
        return root.with_file_name(format!(
            "{}.{}.{connection}.journal.jsonl",
            name(&root),
            name(input)
        ));
    }
    input.with_file_name(format!("{}.{connection}.journal.jsonl", name(input)))
}

/// Migration header lines written by `plan`: the package the account must be at, and the one it
/// is at after the migration.
pub const FROM_HEADER: &str = "-- snowtenant: from ";
pub const TO_HEADER: &str = "-- snowtenant: to ";

/// What is being applied, as the ledger records it.
struct Input {
    /// Package fingerprint, or `migration:<sha256>` / `file:<path>:<sha256>`.
    digest: String,
    /// What the account is at once it succeeds.
    fingerprint: String,
    /// A migration's OLD fingerprint.
    requires: Option<String>,
    /// The ledger's location from a migration header.
    ledger: Option<ledger::Location>,
    /// Where a migration moves the ledger (it renames the governance schema).
    ledger_to: Option<ledger::Location>,
    /// The package the input belongs to (for locating the ledger).
    package: Option<PathBuf>,
    /// What differs from the manifest (allowed).
    modified: Vec<String>,
}

fn identify(options: &Options) -> Result<Input, String> {
    let path = &options.input;
    if path.is_dir() {
        let d =
            integrity::verify_package(path, options.allow_modified).map_err(|e| e.to_string())?;
        let fp = integrity::fingerprint(path).map_err(|e| e.to_string())?;
        let sigma = if options.with_sigma { "+sigma" } else { "" };
        return Ok(Input {
            digest: format!("{fp}{sigma}"),
            fingerprint: fp,
            requires: None,
            ledger: None,
            ledger_to: None,
            package: Some(path.clone()),
            modified: d.lines(),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let sha = crate::package::sha256_hex(&bytes);
    if let Some(root) = integrity::package_root(path) {
        // One file of a package: the package is checked whole.
        let d =
            integrity::verify_package(&root, options.allow_modified).map_err(|e| e.to_string())?;
        let fp = integrity::fingerprint(&root).map_err(|e| e.to_string())?;
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        return Ok(Input {
            digest: format!("file:{rel}:{sha}"),
            fingerprint: format!("partial:{fp}:{rel}"),
            requires: None,
            ledger: None,
            ledger_to: None,
            package: Some(root),
            modified: d.lines(),
        });
    }
    let text = String::from_utf8_lossy(&bytes);
    let header = |prefix: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map(|v| v.trim().to_string())
    };
    let digest = format!("migration:{sha}");
    Ok(Input {
        fingerprint: header(TO_HEADER).unwrap_or_else(|| digest.clone()),
        digest,
        requires: header(FROM_HEADER),
        ledger: ledger::from_header(&text),
        ledger_to: ledger::moves_to_header(&text),
        package: None,
        modified: Vec::new(),
    })
}

/// Refuses a migration whose header says it has Sigma-side statements
/// ([`crate::migrate::SIGMA_HEADER`]): they act on the Sigma service user, which exists only where
/// a package was applied with `--with-sigma`; without it the migration would fail half way.
fn sigma_guard(input: &Path, source: &source::Source) -> Result<(), String> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let needed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix(crate::migrate::SIGMA_HEADER))
        .map(str::trim)
        .collect();
    if needed.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = needed
        .iter()
        .map(|h| {
            let at = source
                .steps
                .iter()
                .find(|s| s.headline() == *h)
                .map_or_else(|| "?".to_string(), |s| s.location());
            format!("  {at}: {h}")
        })
        .collect();
    Err(format!(
        "{} has {} Sigma-side statement(s), for the Sigma service user that only `apply --with-sigma` \
         deploys:\n{}\nnothing applied; pass --with-sigma if this account's Sigma side is deployed",
        input.display(),
        named.len(),
        named.join("\n")
    ))
}

/// Loads, plans and runs. `Err` is for input that cannot be applied at all (unreadable,
/// invalid SQL, modified package, bad journal, locked or wrong account); statement failures are in
/// [`Report::failures`].
pub async fn apply(options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let files =
        source::package_files(&options.input, options.with_sigma).map_err(|e| e.to_string())?;
    if options.with_sigma
        && options.input.is_dir()
        && !files.iter().any(|(name, _)| name == source::SIGMA_SQL)
    {
        return Err(format!(
            "--with-sigma: {} has no {} (the spec has no Sigma connection)",
            options.input.display(),
            source::SIGMA_SQL
        ));
    }
    let input = identify(options)?;
    let source = source::load_files(files).map_err(|e| e.to_string())?;
    if options.input.is_file() && !options.with_sigma {
        sigma_guard(&options.input, &source)?;
    }
    let graph = graph::build(&source);
    let cache = journal::load(&options.journal)?;
    let mut report = Report {
        total: source.steps.len(),
        depth: graph.depth(),
        modified: input.modified.clone(),
        ..Report::default()
    };
    if options.dry_run {
        // Without a connection the ledger is unknown: a deployment this client left unfinished
        // would be resumed, anything else runs whole.
        let skip: HashSet<String> = cache
            .unfinished(&input.digest)
            .map(|d| d.ok.clone())
            .unwrap_or_default();
        report.skipped = source.steps.iter().filter(|s| skip.contains(&s.id)).count();
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
    // A migration that renames the governance schema keeps its ledger in the new schema from the
    // start (the migration may drop the old one, ledger included); the old ledger's history is
    // copied over under both locks.
    let mut moved_from = None;
    let location = match (&input.ledger, &options.ledger) {
        (_, Some(l)) => l.clone(),
        (Some(from), None) => match &input.ledger_to {
            Some(to) if to.schema != from.schema => {
                moved_from = Some(from.clone());
                to.clone()
            }
            _ => from.clone(),
        },
        (None, None) => {
            let located = match &input.package {
                Some(p) if options.input.is_file() => {
                    ledger::locate(&source::load(p).map_err(|e| e.to_string())?)
                }
                _ => ledger::locate(&source),
            };
            located.ok_or_else(|| {
                format!(
                    "{}: cannot tell where the ledger goes (no row access policy's schema, no \
                     `{}` line); pass --ledger-schema DB.SCHEMA",
                    options.input.display(),
                    ledger::LEDGER_HEADER.trim()
                )
            })?
        }
    };
    let sessions = (0..options.sessions.max(1))
        .map(|_| client::Session::open_with(&options.settings, options.poll_timeout))
        .collect::<Result<Vec<_>, _>>()?;
    let control = &sessions[0];
    let me = ledger::whoami(&options.settings.user);
    ledger::bootstrap(control, &location).await?;
    let candidate = ledger::new_id();
    let acquired = ledger::acquire(
        control,
        &location,
        &candidate,
        &me,
        options.lock_timeout,
        options.force_unlock,
    )
    .await?;
    report.broke_lock = acquired.broke.as_ref().map(ToString::to_string);
    let mut holds_moved_from = false;
    let deployed = async {
        if let Some(from) = &moved_from
            && ledger::exists(control, from).await?
        {
            let old = ledger::acquire(
                control,
                from,
                &candidate,
                &me,
                options.lock_timeout,
                options.force_unlock,
            )
            .await?;
            holds_moved_from = true;
            if report.broke_lock.is_none() {
                report.broke_lock = old.broke.as_ref().map(ToString::to_string);
            }
            ledger::copy_history(control, from, &location).await?;
        }
        deploy(
            options,
            &input,
            &source,
            &graph,
            &cache,
            &sessions,
            &location,
            &me,
            candidate.clone(),
            &acquired,
            &mut report,
        )
        .await
    }
    .await;
    // The locks go whatever happened; the runner left the control session in another role.
    let released = async {
        if let Some(u) = location.use_role() {
            control.exec(&u).await?;
        }
        ledger::release(control, &location).await?;
        match &moved_from {
            Some(from) if holds_moved_from => ledger::release_moved(control, from).await,
            _ => Ok(()),
        }
    }
    .await;
    deployed?;
    released.map_err(|e| format!("the deployment ended but the lock was not released: {e}"))?;
    if options.verify && report.failures.is_empty() && report.already_deployed.is_none() {
        // Read as the connection's role, not the ledger's.
        if let Some(role) = options
            .settings
            .role
            .as_deref()
            .and_then(crate::drift::live::sql_name)
        {
            control.exec(&format!("USE ROLE {role}")).await?;
        }
        report.verify = verify::check(control, &source, options.sessions.max(1))
            .await
            .map_err(|e| format!("verify (the deployment succeeded): {e}"))?;
        report.verified = true;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Everything done under the lock: which deployment this is, the run, the ledger's record.
#[allow(clippy::too_many_arguments)]
async fn deploy(
    options: &Options,
    input: &Input,
    source: &source::Source,
    graph: &graph::Graph,
    cache: &journal::Cache,
    sessions: &[client::Session],
    location: &ledger::Location,
    me: &str,
    candidate: String,
    acquired: &ledger::Acquired,
    report: &mut Report,
) -> Result<(), String> {
    let control = &sessions[0];
    if let Some(u) = location.use_role() {
        control.exec(&u).await?;
    }
    let last = ledger::last(control, location).await?;
    let unfinished = last
        .as_ref()
        .filter(|l| l.input_digest == input.digest && l.outcome != "succeeded");
    if let Some(old) = &input.requires
        && unfinished.is_none()
    {
        match &last {
            None => {
                return Err(format!(
                    "{}: the migration expects the account at {old}, but its ledger records no \
                     deployment; nothing applied",
                    options.input.display()
                ));
            }
            Some(l) if l.outcome != "succeeded" || &l.fingerprint != old => {
                return Err(format!(
                    "{}: the migration expects the account at {old}, but its last deployment is {} \
                     ({}, {}, deployment {}); nothing applied: plan from what is deployed",
                    options.input.display(),
                    l.fingerprint,
                    l.input_name,
                    l.outcome,
                    l.id
                ));
            }
            Some(_) => {}
        }
    }
    if acquired.waited
        && let Some(l) = &last
        && l.input_digest == input.digest
        && l.outcome == "succeeded"
        && acquired.waited_for.as_ref() == Some(&l.id)
    {
        report.deployment = l.id.clone();
        report.already_deployed = Some(format!(
            "deployed by {} (deployment {}) while this apply waited for the lock",
            l.deployed_by, l.id
        ));
        return Ok(());
    }
    let history_database = location
        .schema
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string();
    let mut journal = journal::Journal::open(&options.journal)?;
    let mut skip: HashSet<String> = HashSet::new();
    let id = match unfinished {
        Some(l) => {
            report.resumed = true;
            skip = ledger::succeeded(control, location, &l.id).await?;
            if let Some(c) = cache.get(&l.id) {
                resume_from_cache(
                    control,
                    location,
                    &l.id,
                    &history_database,
                    options.poll_timeout,
                    source,
                    c,
                    &mut skip,
                    &mut journal,
                )
                .await?;
            }
            l.id.clone()
        }
        None => {
            // The input first: a deployment the ledger lists always has it (`plan --from`).
            deployed::keep(control, location, &candidate, &options.input, source).await?;
            let d = ledger::Deployment {
                id: candidate,
                fingerprint: input.fingerprint.clone(),
                input_digest: input.digest.clone(),
                input_name: options.input.display().to_string(),
                deployed_by: me.to_string(),
                started_at_ms: ledger::now_ms(),
                outcome: "running".into(),
            };
            ledger::begin(control, location, &d, options.with_sigma).await?;
            journal.mark(&d.id, journal::Outcome::Begin, &input.digest)?;
            d.id
        }
    };
    report.deployment = id.clone();
    report.skipped = source.steps.iter().filter(|s| skip.contains(&s.id)).count();
    for s in sessions {
        s.exec(&history::set_tag_sql(&id)).await?;
    }
    let journal = RefCell::new(journal);
    let progress = progress::Progress::new(options.progress, report.total - report.skipped);
    let run = runner::Deployment {
        id: id.clone(),
        history_database,
        poll_timeout: options.poll_timeout,
    };
    let outcome = runner::run(source, graph, &skip, sessions, &journal, &progress, &run).await;
    let done = outcome.failures.is_empty() && report.skipped + outcome.ran == report.total;
    if done {
        progress.finish();
    } else {
        progress.abandon();
    }
    report.ran = outcome.ran;
    report.context_switches = outcome.context_switches;
    report.failures = outcome.failures;
    if let Some(u) = location.use_role() {
        control.exec(&u).await?;
    }
    ledger::record(control, location, &id, &outcome.rows).await?;
    ledger::finish(control, location, &id, done).await?;
    if done {
        journal
            .borrow_mut()
            .mark(&id, journal::Outcome::End, "succeeded")?;
    }
    Ok(())
}

/// On resume: outcomes the journal has and the ledger missed go to the ledger; statements the
/// client sent without learning their outcome are looked up in the query history.
#[allow(clippy::too_many_arguments)]
async fn resume_from_cache(
    control: &client::Session,
    location: &ledger::Location,
    id: &str,
    history_database: &str,
    poll_timeout: Duration,
    source: &source::Source,
    cached: &journal::Cached,
    skip: &mut HashSet<String>,
    journal: &mut journal::Journal,
) -> Result<(), String> {
    let missing: Vec<ledger::StatementRow> = cached
        .outcomes
        .iter()
        .filter(|e| e.outcome == journal::Outcome::Ok && !skip.contains(&e.id))
        .map(|e| ledger::StatementRow {
            step_id: e.id.clone(),
            file: e.file.clone(),
            line: e.line,
            ok: true,
            error: None,
            at_ms: e.at_unix_ms,
        })
        .collect();
    ledger::record(control, location, id, &missing).await?;
    skip.extend(cached.ok.iter().cloned());
    let mut found = Vec::new();
    let unknown: Vec<&source::Step> = source
        .steps
        .iter()
        .filter(|s| cached.unknown.contains(&s.id) && !skip.contains(&s.id))
        .collect();
    for step in unknown {
        if let history::Seen::Succeeded(_) =
            history::seen(control, history_database, id, &step.text, poll_timeout).await?
        {
            journal.record(id, step, journal::Outcome::Ok, None)?;
            found.push(ledger::StatementRow {
                step_id: step.id.clone(),
                file: step.file.clone(),
                line: step.line,
                ok: true,
                error: None,
                at_ms: ledger::now_ms(),
            });
            skip.insert(step.id.clone());
        }
    }
    ledger::record(control, location, id, &found).await
}
