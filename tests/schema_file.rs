//! `snowtenant.schema.json` at the repository root is what `snowtenant schema` prints, and the
//! example spec's `yaml-language-server` comment points at it (editors validate and complete the
//! spec from it). After a change to the spec's types, regenerate it with
//! `UPDATE_SCHEMA=1 cargo test --test schema_file`, and review the diff.

use std::path::Path;

const SCHEMA_FILE: &str = "snowtenant.schema.json";

fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&snowtenant::spec::json_schema()).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let want = generated();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_FILE, &want).unwrap();
    }
    let have = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_else(|e| {
        panic!("{SCHEMA_FILE} is missing ({e}); run UPDATE_SCHEMA=1 cargo test --test schema_file")
    });
    assert!(
        have == want,
        "{SCHEMA_FILE} is stale: run UPDATE_SCHEMA=1 cargo test --test schema_file and review the diff"
    );
}

/// Every `$schema=` comment of a spec under examples/ resolves, relative to the spec, to the
/// shipped file.
#[test]
fn the_examples_point_at_the_shipped_schema() {
    let mut checked = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(line) = text
            .lines()
            .find(|l| l.starts_with("# yaml-language-server:"))
        else {
            continue;
        };
        let target = line
            .split_once("$schema=")
            .map(|(_, t)| t.trim())
            .unwrap_or_else(|| panic!("{}: no $schema= in {line}", path.display()));
        let resolved = path.parent().unwrap().join(target);
        assert_eq!(
            resolved.canonicalize().ok(),
            Path::new(SCHEMA_FILE).canonicalize().ok(),
            "{}: $schema={target} does not resolve to {SCHEMA_FILE}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 1, "no example carries a $schema comment");
}
