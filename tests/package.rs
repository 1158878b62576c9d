//! The example package: every file snapshotted, deterministic, and written atomically.

use std::path::Path;

use snowtenant::diag::SourceFile;

fn example() -> SourceFile {
    let text = std::fs::read_to_string("examples/platform.yaml").unwrap();
    SourceFile::new("examples/platform.yaml", text)
}

#[test]
fn every_file_of_the_example_package_is_snapshotted() {
    let package = snowtenant::build::compile(&example()).expect("the example is valid");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/example_package");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (path, bytes) in &package.files {
            let text = String::from_utf8(bytes.clone()).unwrap();
            insta::assert_snapshot!(path.replace('/', "__"), text);
        }
    });
    for expected in [
        "deploy.sql",
        "manifest.json",
        "embed/config.json",
        "offboard/ACME_INDUSTRIES.sql",
        "sql/01_roles.sql",
        "sql/11_grants.sql",
    ] {
        assert!(package.files.contains_key(expected), "missing {expected}");
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let a = snowtenant::build::compile(&example()).unwrap();
    let b = snowtenant::build::compile(&example()).unwrap();
    assert_eq!(a.files, b.files);
}

#[test]
fn each_step_file_starts_with_its_admin_role() {
    let package = snowtenant::build::compile(&example()).unwrap();
    let expect = [
        ("sql/01_roles.sql", "USERADMIN"),
        ("sql/02_warehouses.sql", "SYSADMIN"),
        ("sql/03_monitors.sql", "ACCOUNTADMIN"),
        ("sql/04_integrations.sql", "ACCOUNTADMIN"),
        ("sql/05_database.sql", "SYSADMIN"),
        ("sql/11_grants.sql", "SECURITYADMIN"),
    ];
    for (file, role) in expect {
        let text = String::from_utf8(package.files[file].clone()).unwrap();
        let first_statement = text
            .lines()
            .find(|l| !l.starts_with("--") && !l.is_empty())
            .unwrap();
        assert_eq!(first_statement, format!("USE ROLE {role};"), "{file}");
    }
}

#[test]
fn no_statement_replaces_objects_that_may_be_attached_or_granted_without_copy_grants() {
    let package = snowtenant::build::compile(&example()).unwrap();
    let deploy = String::from_utf8(package.files["deploy.sql"].clone()).unwrap();
    for line in deploy
        .lines()
        .filter(|l| l.starts_with("CREATE OR REPLACE"))
    {
        let replaceable = line.contains(" VIEW ")
            || line.contains(" PROCEDURE ")
            || line.contains(" ALERT ")
            || line.contains(" EXTERNAL FUNCTION ");
        assert!(
            replaceable,
            "CREATE OR REPLACE on an object that may be attached: {line}"
        );
        if line.contains(" VIEW ") {
            assert!(
                line.contains("COPY GRANTS"),
                "view replaced without COPY GRANTS: {line}"
            );
        }
    }
    assert!(!deploy.contains("CREATE OR REPLACE ROW ACCESS POLICY"));
    assert!(!deploy.contains("CREATE OR REPLACE RESOURCE MONITOR"));
}

#[test]
fn manifest_hashes_match_the_files() {
    let package = snowtenant::build::compile(&example()).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&package.files["manifest.json"]).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        package.files.len() - 1,
        "every file but the manifest is listed"
    );
    for f in files {
        let path = f["path"].as_str().unwrap();
        let digest = snowtenant::package::sha256_hex(&package.files[path]);
        assert_eq!(f["sha256"].as_str().unwrap(), digest, "{path}");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_package_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let bin = env!("CARGO_BIN_EXE_snowtenant");
    let ok = std::process::Command::new(bin)
        .args(["build", "examples/platform.yaml", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = std::fs::read(out.join("deploy.sql")).unwrap();

    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "platform: {database: X, admin_warehouse: W}\ntenants: [{id: 'bad id', display_name: B, warehouse: W}]\n").unwrap();
    let failed = std::process::Command::new(bin)
        .arg("build")
        .arg(&broken)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("broken.yaml:2:"),
        "error names file:line:column: {stderr}"
    );
    assert_eq!(std::fs::read(out.join("deploy.sql")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no temporary folder left behind: {leftovers:?}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let bin = env!("CARGO_BIN_EXE_snowtenant");
    let out = std::process::Command::new(bin)
        .args(["build"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(Path::new("examples/platform.yaml").exists());
}

#[test]
fn every_emitted_sql_file_outside_the_derived_copies_is_validated() {
    // deploy.sql, schemachange/ and dbt/ repeat or template the step files; everything else that
    // Snowflake runs, including the files outside sql/NN_*.sql, must parse or the build fails.
    let package = snowtenant::build::compile(&example()).unwrap();
    snowtenant::build::check_sql(&package).expect("the example's SQL is valid");
    for path in [
        "sigma/snowflake.sql",
        "offboard/ACME_INDUSTRIES.sql",
        "sql/ad_hoc/cost_by_tenant.sql",
    ] {
        let text = String::from_utf8_lossy(&package.files[path]);
        let report = snowtenant::sqlcheck::check_script_named(path, &text);
        assert!(report.valid > 0, "{path} has no valid statement");
        let mut broken = snowtenant::build::compile(&example()).unwrap();
        let text = String::from_utf8(broken.files[path].clone()).unwrap();
        broken.files.insert(
            path.to_string(),
            format!("{text}\nGRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER;\n").into_bytes(),
        );
        for result in [
            snowtenant::build::verify(&broken).map(|_| ()),
            snowtenant::build::check_sql(&broken),
        ] {
            let d = result.expect_err(path);
            assert_eq!(d.code, "BUG001", "{path}");
            assert!(format!("{d:?}").contains(path), "{path}: {d:?}");
        }
    }
}

#[test]
fn the_mapping_merge_is_batched_under_snowflakes_statement_size_limit() {
    // https://docs.snowflake.com/en/user-guide/query-size-limits: statements over 1 MB are truncated
    // in the query history. 1,000 tenants make three MERGEs; the audit sees every row once.
    let tenants = 1_000;
    let spec = SourceFile::new("generated.yaml", snowtenant::spec::generate(tenants));
    let package = snowtenant::build::compile(&spec).unwrap();
    let text = String::from_utf8(package.files["sql/05_database.sql"].clone()).unwrap();
    let merges: Vec<&str> = snowtenant::sqlcheck::split::split(&text)
        .into_iter()
        .map(|p| p.text)
        .filter(|t| t.starts_with("MERGE INTO") && t.contains(".TENANT_ROLE_MAP "))
        .collect();
    let batch = snowtenant::render::MERGE_BATCH_ROWS;
    assert_eq!(merges.len(), tenants.div_ceil(batch));
    assert!(merges.iter().all(|m| m.len() < 1_000_000));
    let input = snowtenant::audit::PackageInput::from_files(&package.files);
    let (_, map) = input
        .model
        .merged
        .iter()
        .find(|(_, rows)| rows.columns.iter().any(|c| c == "ROLE_NAME"))
        .expect("the mapping table is merged");
    assert_eq!(map.rows.len(), tenants);
}
