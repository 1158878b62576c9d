//! The audit: the example package audits clean; each broken package under
//! `tests/audit/broken/<name>/mutation.txt` (the example's SQL mutated) produces its expected
//! finding; reports are snapshotted under `snapshots/audit/`.
//!
//! `mutation.txt`: `# comment`, `expect: CODE ...`, `file: PATH`, then hunks: `- old line` lines
//! (one text that must occur exactly once in the file) followed by `+ new line` lines replacing
//! it; `+` lines without `-` lines are appended to the file.

use std::collections::BTreeMap;
use std::path::Path;

use snowtenant::audit::{AccessModel, PackageInput, audit};
use snowtenant::diag::SourceFile;

fn example_files() -> BTreeMap<String, Vec<u8>> {
    let text = std::fs::read_to_string("examples/platform.yaml").unwrap();
    let source = SourceFile::new("examples/platform.yaml", text);
    snowtenant::build::compile(&source)
        .expect("the example builds")
        .files
}

struct Mutation {
    expect: Vec<String>,
    /// `(file, old, new)`; an empty `old` appends.
    edits: Vec<(String, String, String)>,
}

fn parse_mutation(text: &str) -> Mutation {
    let mut m = Mutation {
        expect: Vec::new(),
        edits: Vec::new(),
    };
    let mut file = String::new();
    let (mut old, mut new): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |file: &str, old: &mut Vec<&str>, new: &mut Vec<&str>, edits: &mut Vec<_>| {
        if !old.is_empty() || !new.is_empty() {
            edits.push((file.to_string(), old.join("\n"), new.join("\n")));
        }
        old.clear();
        new.clear();
    };
    for line in text.lines() {
        if let Some(codes) = line.strip_prefix("expect:") {
            m.expect = codes.split_whitespace().map(str::to_string).collect();
        } else if let Some(f) = line.strip_prefix("file:") {
            flush(&file, &mut old, &mut new, &mut m.edits);
            file = f.trim().to_string();
        } else if let Some(l) = line.strip_prefix('-') {
            if !new.is_empty() {
                flush(&file, &mut old, &mut new, &mut m.edits);
            }
            old.push(l.strip_prefix(' ').unwrap_or(l));
        } else if let Some(l) = line.strip_prefix('+') {
            new.push(l.strip_prefix(' ').unwrap_or(l));
        } else {
            assert!(
                line.starts_with('#') || line.trim().is_empty(),
                "bad line: {line}"
            );
        }
    }
    flush(&file, &mut old, &mut new, &mut m.edits);
    m
}

fn apply(files: &mut BTreeMap<String, Vec<u8>>, m: &Mutation, name: &str) {
    for (file, old, new) in &m.edits {
        let bytes = files
            .get_mut(file)
            .unwrap_or_else(|| panic!("{name}: no file {file}"));
        let text = String::from_utf8(bytes.clone()).unwrap();
        let changed = if old.is_empty() {
            format!("{}\n{new}\n", text.trim_end())
        } else {
            assert_eq!(
                text.matches(old.as_str()).count(),
                1,
                "{name}: `{old}` must occur once in {file}"
            );
            text.replacen(old.as_str(), new, 1)
        };
        assert_ne!(text, changed, "{name}: the mutation changes nothing");
        *bytes = changed.into_bytes();
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots/audit");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn the_example_package_audits_clean_and_every_tenant_is_probed() {
    let input = PackageInput::from_files(&example_files());
    let report = audit(&input);
    // Clean: no error; the one warning is ISO044, the opted-in account monitor replacing any
    // monitor already set on the account (the build shows it before anything is deployed).
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["ISO044"], "{}", report.to_human());
    assert!(report.passed());
    assert_eq!(report.tenants, 2);
    assert_eq!(report.proof.len(), 4, "{:?}", report.proof);
    assert!(
        report.proof[..3]
            .iter()
            .all(|l| l.contains("every 2 tenant role(s)"))
    );
    // Sigma's connection user (sigma/snowflake.sql) is executed as each tenant role it holds.
    assert!(
        report.proof[3]
            .starts_with("user SIGMA_SERVICE_USER (no network policy): holds 2 tenant role(s) without secondary roles, and USE SECONDARY ROLES ALL is refused by its session policy")
            && report.proof[3].ends_with(
                "without a role switch (DEFAULT_ROLE PUBLIC) the 3 probe(s) above executed"
            ),
        "{}",
        report.proof[3]
    );
    settings().bind(|| insta::assert_snapshot!("example_clean", report.to_human()));
}

#[test]
fn every_broken_package_produces_its_expected_finding() {
    let base = example_files();
    let mut dirs: Vec<_> = std::fs::read_dir("tests/audit/broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "only {} broken packages", dirs.len());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let m = parse_mutation(&std::fs::read_to_string(dir.join("mutation.txt")).unwrap());
        assert!(!m.expect.is_empty(), "{name}: no expect line");
        let mut files = base.clone();
        apply(&mut files, &m, &name);
        let report = audit(&PackageInput::from_files(&files));
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
        for code in &m.expect {
            assert!(
                codes.contains(&code.as_str()),
                "{name}: expected {code}, got:\n{}",
                report.to_human()
            );
        }
        settings().bind(|| insta::assert_snapshot!(name.clone(), report.to_human()));
    }
}

#[test]
fn json_report_carries_codes_severities_and_locations() {
    let mut files = example_files();
    let m = parse_mutation(
        "expect: ISO020\nfile: sql/11_grants.sql\n+ GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n",
    );
    apply(&mut files, &m, "json");
    let report = audit(&PackageInput::from_files(&files));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let first = &json["findings"][0];
    assert_eq!(first["severity"], "error");
    assert!(first["code"].as_str().unwrap().starts_with("ISO"));
    assert_eq!(first["at"][0]["file"], "sql/11_grants.sql");
    assert!(!report.passed());
}

/// The model of `order`'s files applied in that order, each parsed on its own.
fn model_of(files: &BTreeMap<String, Vec<u8>>, order: &[&str]) -> AccessModel {
    let mut model = AccessModel::default();
    for file in order {
        let text = String::from_utf8_lossy(&files[*file]);
        let report = snowtenant::sqlcheck::validate_script_named(file, &text);
        assert!(
            report.diagnostics.is_empty(),
            "{file}: {:?}",
            report.diagnostics
        );
        let mut role = String::new();
        for c in &report.statements {
            model.apply(file, c, &mut role);
        }
    }
    model
}

#[test]
fn the_model_is_canonical_and_applies_revoke_and_drop() {
    let files = example_files();
    let steps: Vec<String> = PackageInput::from_files(&files).files;
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let full = model_of(&files, &steps);
    // The same facts from the same statements in a second run: equal.
    assert_eq!(full, model_of(&files, &steps));
    // A grant followed by its REVOKE leaves the model as it was.
    let mut changed = files.clone();
    let grants = String::from_utf8(changed["sql/11_grants.sql"].clone()).unwrap();
    let extra = "GRANT SELECT ON TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS TO ROLE PLATFORM_ADMIN_ROLE;\n\
                 REVOKE SELECT ON TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS FROM ROLE PLATFORM_ADMIN_ROLE;\n";
    changed.insert(
        "sql/11_grants.sql".into(),
        format!("{grants}\n{extra}").into_bytes(),
    );
    assert_eq!(full, model_of(&changed, &steps));
    // DROP TABLE removes the table, its grants and its policy attachment.
    let dropped = format!("{grants}\nDROP TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS;\n");
    changed.insert("sql/11_grants.sql".into(), dropped.into_bytes());
    let after = model_of(&changed, &steps);
    assert_ne!(full, after);
    assert!(
        !after
            .relations
            .contains_key("ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS")
    );
    assert!(
        !after
            .attachments
            .contains_key("ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS")
    );
    assert!(
        after
            .privileges
            .keys()
            .all(|p| p.object.name != "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS")
    );
}

#[test]
fn schema_future_grants_override_database_ones_for_new_objects() {
    use snowtenant::audit::model::{FutureGrant, Level};
    let mut model = AccessModel::default();
    let g = |level, container: &str, grantee: &str| FutureGrant {
        level,
        container: container.into(),
        kind: "TABLE".into(),
        privilege: "SELECT".into(),
        grantee: grantee.into(),
    };
    model
        .future
        .insert(g(Level::Database, "D", "DB_READER"), Default::default());
    assert_eq!(
        model.future_rules_for("TABLE", "D.S")[0].0.grantee,
        "DB_READER"
    );
    model
        .future
        .insert(g(Level::Schema, "D.S", "SCHEMA_READER"), Default::default());
    let rules = model.future_rules_for("TABLE", "D.S");
    assert_eq!(rules.len(), 1, "the database-level rule is ignored for D.S");
    assert_eq!(rules[0].0.grantee, "SCHEMA_READER");
    assert_eq!(
        model.future_rules_for("TABLE", "D.OTHER")[0].0.grantee,
        "DB_READER"
    );
}

#[test]
fn the_graph_has_a_cluster_per_tenant() {
    let input = PackageInput::from_files(&example_files());
    let ctx = snowtenant::audit::Context::new(&input);
    let dot = snowtenant::audit::graph::dot(&ctx);
    assert!(dot.contains("label=\"tenant ACME_INDUSTRIES\""));
    assert!(dot.contains("label=\"tenant JON_DOE_TECH\""));
    let mermaid = snowtenant::audit::graph::mermaid(&ctx);
    assert!(mermaid.starts_with("flowchart LR"));
    assert!(mermaid.contains("tenant JON_DOE_TECH"));
    // Users and the roles granted to them, Sigma's connection user (sigma/snowflake.sql) included.
    assert!(dot.contains(
        "nSIGMA_5f_SERVICE_5f_USER [label=\"SIGMA_SERVICE_USER\\n(user)\", shape=hexagon];"
    ));
    for role in [
        "CLIENT_5f_ACME_5f_INDUSTRIES_5f_ROLE",
        "CLIENT_5f_JON_5f_DOE_5f_TECH_5f_ROLE",
    ] {
        assert!(
            dot.contains(&format!(
                "n{role} -> nSIGMA_5f_SERVICE_5f_USER [label=\"granted to\"];"
            )),
            "{dot}"
        );
    }
    assert!(mermaid.contains("nJON_5f_DOE_5f_TECH_5f_SVC{{\"JON_DOE_TECH_SVC (user)\"}}"));
}

#[test]
fn user_defaults_follow_create_alter_and_unset() {
    let sql = "CREATE USER U TYPE = SERVICE DEFAULT_ROLE = public DEFAULT_SECONDARY_ROLES = ();\n\
               ALTER USER U SET DEFAULT_ROLE = R1;\n\
               CREATE USER V DEFAULT_SECONDARY_ROLES = ('ALL');\n\
               ALTER USER V UNSET DEFAULT_SECONDARY_ROLES;\n\
               CREATE USER W;\n\
               GRANT ROLE R1 TO USER W;\n\
               ALTER USER W RENAME TO W2;\n";
    let report = snowtenant::sqlcheck::validate_script_named("users.sql", sql);
    assert!(report.diagnostics.is_empty());
    let mut model = AccessModel::default();
    let mut role = String::new();
    for c in &report.statements {
        model.apply("users.sql", c, &mut role);
    }
    let u = &model.users["U"];
    assert_eq!(u.default_role.as_deref(), Some("R1"));
    assert!(!u.all_secondary_roles());
    assert_eq!(
        u.at.line, 2,
        "the ALTER that set a default is the user's location"
    );
    // ('ALL') explicitly, unset, and never set are all secondary roles ALL (bundle 2024_08).
    assert!(model.users["V"].all_secondary_roles());
    assert!(model.users["W2"].all_secondary_roles());
    // A renamed user keeps its grants.
    assert!(!model.users.contains_key("W"));
    let grants: Vec<_> = model.user_grants.keys().collect();
    assert_eq!(grants, [&("R1".to_string(), "W2".to_string())]);
}

#[test]
fn a_folder_that_is_not_a_package_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    assert!(PackageInput::from_dir(dir.path()).is_err());
    std::fs::write(dir.path().join("manifest.json"), b"{not json").unwrap();
    let report = audit(&PackageInput::from_dir(Path::new(dir.path())).unwrap());
    assert_eq!(report.findings[0].code, "ISO000");
}

#[test]
fn the_audit_command_exits_1_on_an_error_and_0_on_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let files = example_files();
    snowtenant::package::write_atomically(&out, &files).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .args(args)
            .output()
            .unwrap()
    };
    let path = out.to_str().unwrap();
    let ok = run(&["audit", path]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let dot = run(&["graph", path, "--format", "dot"]);
    assert!(String::from_utf8_lossy(&dot.stdout).starts_with("digraph access {"));
    let grants = out.join("sql/11_grants.sql");
    let text = std::fs::read_to_string(&grants).unwrap();
    std::fs::write(
        &grants,
        format!("{text}\nGRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO ROLE PUBLIC;\n"),
    )
    .unwrap();
    // Edited after build: refused unless asked to audit it as it is.
    let refused = run(&["audit", path]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("changed after build"));
    let bad = run(&["audit", path, "--format", "json", "--allow-modified"]);
    assert_eq!(bad.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "ISO021");
    let missing = run(&["audit", dir.path().join("nope").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the package"));
}

#[test]
fn the_audit_command_reads_the_sigma_connection_sql() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    snowtenant::package::write_atomically(&out, &example_files()).unwrap();
    let sigma = out.join("sigma/snowflake.sql");
    let text = std::fs::read_to_string(&sigma).unwrap();
    std::fs::write(
        &sigma,
        format!("{text}\nGRANT ROLE SYSADMIN TO USER SIGMA_SERVICE_USER;\n"),
    )
    .unwrap();
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .args([
            "audit",
            out.to_str().unwrap(),
            "--format",
            "json",
            "--allow-modified",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["code"], "ISO051");
    assert_eq!(finding["at"][0]["file"], "sigma/snowflake.sql");
}

#[test]
fn a_cross_tenant_view_of_more_than_400_branches_is_probed_in_chunks_and_passes() {
    // 4,010 generated tenants give 401 schema-isolated tenants: the view has 401 branches, more
    // than one SQLite compound SELECT holds. Each chunk must expect only its own branches' tenants.
    // sqlparser's UNION tree is 401 levels deep (parse, clone and drop recurse): a debug build needs
    // more than the test thread's 2 MB of stack.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(chunked_view)
        .unwrap()
        .join()
        .unwrap();
}

fn chunked_view() {
    let source = SourceFile::new("generated.yaml", snowtenant::spec::generate(4_010));
    let package = snowtenant::build::compile(&source).expect("builds, audit included");
    let report = audit(&PackageInput::from_files(&package.files));
    assert!(report.passed(), "{}", report.to_human());
    assert!(
        report.proof.iter().any(|l| l.contains("branches 401..401")),
        "{:?}",
        report.proof
    );
    assert!(
        report
            .proof
            .iter()
            .all(|l| l.contains("a sample of 24 tenant role(s)"))
    );
}
