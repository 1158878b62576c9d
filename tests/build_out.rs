//! `snowtenant build --out` and `snowtenant init`, run as the binary: nothing but a snowtenant package is
//! ever replaced, the swap leaves no staging folder behind, and `init` refuses tenant counts it cannot
//! turn into a valid spec.

use std::path::Path;
use std::process::Command;

fn snowtenant(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn example_in(dir: &Path) {
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/platform.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("platform.yaml"), example).unwrap();
}

#[test]
fn build_out_never_replaces_the_folder_holding_the_spec() {
    // Before: `build spec.yaml --out .` deleted the spec and its notes, and exited 0.
    let dir = tempfile::tempdir().unwrap();
    example_in(dir.path());
    std::fs::write(dir.path().join("notes.md"), "keep").unwrap();
    for out in [".", "..", dir.path().to_str().unwrap()] {
        let o = snowtenant(&["build", "platform.yaml", "--out", out], dir.path());
        assert!(!o.status.success(), "--out {out} was accepted");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("platform.yaml") || err.contains("neither empty"),
            "{err}"
        );
    }
    assert!(dir.path().join("platform.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "keep"
    );
}

#[test]
fn build_out_refuses_a_file_and_a_foreign_folder_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    example_in(dir.path());
    std::fs::write(dir.path().join("report.txt"), "keep").unwrap();
    let o = snowtenant(
        &["build", "platform.yaml", "--out", "report.txt"],
        dir.path(),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.txt") && err.contains("is a file"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.txt")).unwrap(),
        "keep"
    );

    std::fs::create_dir(dir.path().join("photos")).unwrap();
    std::fs::write(dir.path().join("photos/cat.jpg"), "meow").unwrap();
    let o = snowtenant(&["build", "platform.yaml", "--out", "photos"], dir.path());
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("photos"), "{err}");
    assert!(dir.path().join("photos/cat.jpg").exists());
}

#[test]
fn build_out_replaces_its_own_package_and_cleans_killed_builds() {
    let dir = tempfile::tempdir().unwrap();
    example_in(dir.path());
    let out = dir.path().join("dist");
    let o = snowtenant(&["build", "platform.yaml", "--out", "dist"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first = std::fs::read(out.join("manifest.json")).unwrap();
    // What a killed build leaves behind (pid 0 never names a live build).
    let stale = dir.path().join(".snowtenant-build-0-Xy12Ab");
    std::fs::create_dir_all(stale.join("sql")).unwrap();
    std::fs::write(stale.join("sql/01_roles.sql"), "x".repeat(4096)).unwrap();
    let o = snowtenant(&["build", "platform.yaml", "--out", "dist"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), first);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".snowtenant-"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn init_refuses_zero_and_huge_tenant_counts() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["0", "1000000000000"] {
        let o = snowtenant(&["init", "--tenants", n], dir.path());
        assert!(!o.status.success(), "--tenants {n} accepted");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--tenants"), "{err}");
    }
    let o = snowtenant(
        &["init", "--tenants", "3", "--out", "spec.yaml"],
        dir.path(),
    );
    assert!(o.status.success());
    let o = snowtenant(&["check", "spec.yaml"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn file_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken.yaml"), "x").unwrap();
    let o = snowtenant(&["init", "--out", "taken.yaml"], dir.path());
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("taken.yaml"));
}
