//! `snowtenant lint FILE.sql...`: runs the SQL validator on any script, hand-written or emitted.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::sqlcheck;

/// Arguments of `snowtenant lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// SQL scripts to validate.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Prints every diagnostic and a one-line summary; exits 1 if any statement (or file) failed.
pub fn run(args: &LintArgs) -> ExitCode {
    let mut total = sqlcheck::ScriptReport::default();
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
            eprint!("{}", sqlcheck::render(d));
        }
        total.statements.extend(report.statements);
        total.diagnostics.extend(report.diagnostics);
    }
    let kinds: Vec<String> = total
        .kind_counts()
        .into_iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "{} statement(s) valid, {} rejected, {} file(s) unreadable; kinds: {}",
        total.statements.len(),
        total.diagnostics.len(),
        unreadable,
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        }
    );
    if total.is_clean() && unreadable == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_INVALID)
    }
}
