//! The valid corpus: every statement under `tests/sql/valid/` parses to the kind its
//! `-- kind:` line states, and prints back to SQL that parses to an equal statement.

use std::fs;
use std::path::{Path, PathBuf};

use snowtenant::sqlcheck::{Typed, check_script_named, validate_script_named, validate_statement};

/// The issue asks for at least 150 documented and emitted statements.
const MIN_VALID_STATEMENTS: usize = 150;

fn sql_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
}

fn expected_kind(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("-- kind:"))
        .map(str::trim)
}

#[test]
fn every_valid_statement_parses_to_its_stated_kind() {
    let mut total = 0;
    let mut failures = Vec::new();
    for file in sql_files("tests/sql/valid") {
        let src = fs::read_to_string(&file).expect("read corpus file");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let report = validate_script_named(&name, &src);
        let verdict = check_script_named(&name, &src);
        assert!(
            verdict.is_clean(),
            "{name}: {:?}",
            verdict.diagnostics.first()
        );
        assert_eq!(verdict.valid, report.statements.len(), "{name}");
        for d in &report.diagnostics {
            failures.push(format!(
                "{name}:{}:{}: {} {}",
                d.line, d.col, d.code, d.message
            ));
        }
        for c in &report.statements {
            total += 1;
            match expected_kind(&c.text) {
                Some(k) if k == c.stmt.kind() => {}
                Some(k) => failures.push(format!(
                    "{name}:{}: expected kind {k}, got {}",
                    c.line,
                    c.stmt.kind()
                )),
                None => failures.push(format!("{name}:{}: no `-- kind:` line", c.line)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
    assert!(
        total >= MIN_VALID_STATEMENTS,
        "only {total} valid statements; the corpus needs {MIN_VALID_STATEMENTS}"
    );
}

/// sqlparser-rs's `verified_stmt` idea: parse, print, parse again, and require equality. For
/// sqlparser's statements this checks its printer; for ours, our `Display`.
#[test]
fn every_valid_statement_round_trips_through_display() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in sql_files("tests/sql/valid") {
        let src = fs::read_to_string(&file).expect("read corpus file");
        for c in validate_script_named("corpus", &src).statements {
            let printed = c.stmt.to_string();
            match validate_statement(&printed) {
                Ok(again) if again == c.stmt => checked += 1,
                Ok(again) => failures.push(format!("{printed}\n  reparsed differently: {again}")),
                Err(e) => failures.push(format!("{printed}\n  does not reparse: {e}")),
            }
            // Printing is canonical: a second round prints the same text.
            if let Ok(again) = validate_statement(&printed) {
                assert_eq!(again.to_string(), printed);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "round-trip failures:\n{}",
        failures.join("\n")
    );
    assert!(checked >= MIN_VALID_STATEMENTS);
}

#[test]
fn corpus_covers_both_parsers() {
    let mut ours = 0;
    let mut theirs = 0;
    for file in sql_files("tests/sql/valid") {
        let src = fs::read_to_string(&file).expect("read corpus file");
        for c in validate_script_named("corpus", &src).statements {
            match c.stmt {
                Typed::Sql(_) => theirs += 1,
                Typed::Snowflake(_) => ours += 1,
            }
        }
    }
    assert!(
        ours >= 60 && theirs >= 60,
        "ours {ours}, sqlparser {theirs}"
    );
}
