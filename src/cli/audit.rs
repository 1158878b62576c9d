//! `snowtenant audit PACKAGE_DIR` and `snowtenant graph PACKAGE_DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::audit::{PackageInput, audit, graph};

use super::EXIT_INVALID;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// A built package folder (`dist/`).
    pub package: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    pub format: ReportFormat,
    /// Audit a package whose files differ from its manifest.json (listed); otherwise refused.
    #[arg(long)]
    pub allow_modified: bool,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// A built package folder (`dist/`).
    pub package: PathBuf,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
}

fn load(dir: &Path) -> Result<PackageInput, ExitCode> {
    PackageInput::from_dir(dir).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_INVALID)
    })
}

pub fn run(args: &AuditArgs) -> ExitCode {
    let input = match load(&args.package) {
        Ok(i) => i,
        Err(code) => return code,
    };
    // What is audited must be what was built: every file's digest, deploy.sql included.
    match crate::apply::integrity::verify_package(&args.package, args.allow_modified) {
        Ok(d) => {
            for line in d.lines() {
                eprintln!("warning: --allow-modified: {line}");
            }
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.package.display());
            return ExitCode::from(EXIT_INVALID);
        }
    }
    let report = audit(&input);
    match args.format {
        ReportFormat::Human => print!("{}", report.to_human()),
        ReportFormat::Json => println!("{}", report.to_json()),
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

pub fn run_graph(args: &GraphArgs) -> ExitCode {
    let input = match load(&args.package) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let ctx = crate::audit::Context::new(&input);
    match args.format {
        GraphFormat::Mermaid => print!("{}", graph::mermaid(&ctx)),
        GraphFormat::Dot => print!("{}", graph::dot(&ctx)),
    }
    ExitCode::SUCCESS
}
