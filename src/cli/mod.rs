//! Command-line entry point: parses arguments and dispatches to one module per command.

mod apply;
mod audit;
mod build;
mod docs;
mod drift;
mod init;
mod lint;
mod plan;
mod preflight;
pub mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for an invalid spec, failed check or rejected input.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for usage errors (clap uses the same).
pub const EXIT_USAGE: u8 = 2;
/// `drift`: the account differs from the package (1 is kept for errors).
pub const EXIT_DRIFT: u8 = 3;
/// `preflight`: the package would adopt existing objects (the same value as drift: the account is
/// not what the package alone makes it).
pub const EXIT_ADOPTS: u8 = 3;
/// `apply`: another apply holds the account's lock.
pub const EXIT_LOCKED: u8 = 4;
/// `apply`: the deployment succeeded but reading the account back found a setting not in effect.
pub const EXIT_VERIFY: u8 = 5;

#[derive(Parser, Debug)]
#[command(
    name = "snowtenant",
    version,
    about = "Multi-tenant Snowflake platform compiler"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a spec and write its package (default `dist/`).
    Build(build::BuildArgs),
    /// Everything `build` does except writing.
    Check(build::CheckArgs),
    /// Print the JSON Schema of the spec (for editors).
    Schema,
    /// Write a commented example spec (or a generated one with --tenants N).
    Init(init::InitArgs),
    /// Validate SQL scripts with the same checks the build applies.
    Lint(lint::LintArgs),
    /// Run the embed service on a built package.
    Serve(serve::ServeArgs),
    /// Prove tenant isolation from a built package's SQL (exit 1 on any error-level finding).
    Audit(audit::AuditArgs),
    /// Write a package's role/object graph (Mermaid or Graphviz DOT), tenants as clusters.
    Graph(audit::GraphArgs),
    /// Run a package or migration against Snowflake (journal, resume, concurrent sessions).
    Apply(apply::ApplyArgs),
    /// Compare an account's grants, monitors and policy attachments with a package.
    Drift(drift::DriftArgs),
    /// Before the first apply: existing objects the package would adopt (exit 3 if any).
    Preflight(preflight::PreflightArgs),
    /// Plan an offline migration from one package to another.
    Plan(plan::PlanArgs),
    /// Write a static site of a package (and of a migration plan) for review.
    Docs(docs::DocsArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::build(&args),
        Command::Check(args) => build::check(&args),
        Command::Schema => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crate::spec::json_schema()).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::Init(args) => init::init(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Serve(args) => serve::run(args),
        Command::Audit(args) => audit::run(&args),
        Command::Graph(args) => audit::run_graph(&args),
        Command::Apply(args) => apply::run(&args),
        Command::Drift(args) => drift::run(&args),
        Command::Preflight(args) => preflight::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Docs(args) => docs::run(&args),
    }
}

/// Colour only when a person is reading.
pub(crate) fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints what a command that reads the account found (JSON, or a line each and a count line
/// ending in `noun`) and exits `found_code` if there is any, 0 if none, 1 on `Err`. A reader that
/// stops early (`| head`) is not an error.
fn report_found<T: std::fmt::Display + serde::Serialize>(
    found: Result<Vec<T>, String>,
    json: bool,
    noun: &str,
    found_code: u8,
) -> ExitCode {
    use std::io::Write;
    let found = match found {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let mut text = String::new();
    if json {
        text = serde_json::to_string_pretty(&found).unwrap_or_default();
        text.push('\n');
    } else {
        for f in &found {
            text.push_str(&format!("{f}\n"));
        }
        text.push_str(&format!("{} {noun}\n", found.len()));
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(found_code)
    }
}
