//! `snowtenant lint FILE.sql...`: runs the SQL validator on any script, hand-written or emitted.
//!
//! Exit codes: 0 when every statement is valid (statements of kinds snowtenant does not check yet
//! count as valid only with `--allow-unsupported`, and are then printed as warnings), 1 when a
//! statement is rejected, 2 when a file cannot be read (usage and I/O errors, like clap's).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::sqlcheck::{self, Code};

/// Arguments of `snowtenant lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// SQL scripts to validate.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Pass statements of kinds snowtenant does not check yet (SQL010, e.g. CREATE PIPE) with a
    /// warning instead of rejecting them.
    #[arg(long)]
    pub allow_unsupported: bool,
}

/// Prints every diagnostic and a one-line summary; exits 2 if a file is unreadable, else 1 if any
/// statement was rejected, else 0.
pub fn run(args: &LintArgs) -> ExitCode {
    let mut valid = 0;
    let mut rejected = 0;
    let mut unchecked = 0;
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut unreadable = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                unreadable += 1;
                continue;
            }
        };
        let report = sqlcheck::validate_script_named(&name, &src);
        for d in &report.diagnostics {
            if args.allow_unsupported && d.code == Code::Unsupported {
                unchecked += 1;
                eprint!("warning: {}", sqlcheck::render(d));
            } else {
                rejected += 1;
                eprint!("{}", sqlcheck::render(d));
            }
        }
        valid += report.statements.len();
        for (k, n) in report.kind_counts() {
            *kinds.entry(k).or_insert(0) += n;
        }
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "{valid} statement(s) valid, {rejected} rejected, {unchecked} not checked (allowed), {unreadable} file(s) unreadable; kinds: {}",
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        }
    );
    if unreadable > 0 {
        ExitCode::from(super::EXIT_USAGE)
    } else if rejected > 0 {
        ExitCode::from(super::EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
