//! `snowtenant lint`: exit codes (rejected 1, usage or I/O 2) and `--allow-unsupported`.

use std::process::Command;

fn lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .arg("lint")
        .args(args)
        .output()
        .expect("run snowtenant");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn script(text: &str) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new()
        .suffix(".sql")
        .tempfile()
        .expect("temp file");
    std::fs::write(f.path(), text).expect("write");
    f
}

#[test]
fn a_valid_script_exits_zero() {
    let f = script("CREATE WAREHOUSE wh WAREHOUSE_SIZE = XSMALL;\nSHOW WAREHOUSES LIKE 'WH%';\n");
    let (code, out, err) = lint(&[f.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_rejected_statement_exits_one() {
    let f = script("CREATE WAREHOUSE wh FOO_BAR = 1 WAREHOUSE_SIZE = 'GIGANTIC';\n");
    let (code, _, err) = lint(&[f.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("SQL011"), "{err}");
}

#[test]
fn an_unreadable_file_exits_two_even_beside_a_rejected_one() {
    let f = script("ALTER USER u SET FOO_BAR = 1;\n");
    let (code, _, err) = lint(&[f.path().to_str().unwrap(), "/nonexistent/x.sql"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot read /nonexistent/x.sql"), "{err}");
}

#[test]
fn unsupported_kinds_fail_unless_allowed_then_warn() {
    let f = script("CREATE PIPE p AS COPY INTO t FROM @st;\nSELECT 1;\n");
    let path = f.path().to_str().unwrap();
    let (code, _, err) = lint(&[path]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("SQL010") && err.contains("does not check CREATE PIPE yet"),
        "{err}"
    );
    let (code, out, err) = lint(&["--allow-unsupported", path]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("warning:") && err.contains("SQL010"), "{err}");
    assert!(out.contains("1 not checked (allowed)"), "{out}");
    // A real error still fails with --allow-unsupported.
    let g = script("CREATE PIPE p AS COPY INTO t FROM @st;\nALTER USER u SET FOO_BAR = 1;\n");
    let (code, _, _) = lint(&["--allow-unsupported", g.path().to_str().unwrap()]);
    assert_eq!(code, 1);
}
