//! `apply` over real HTTP against the fake Snowflake server: happy path, failure then resume
//! from the journal, dependency order under 16 sessions, dry run, bad credentials.

#[path = "support/deploy.rs"]
mod deploy;
#[path = "support/example_package.rs"]
mod example_package;
#[path = "support/fake_snowflake.rs"]
mod fake_snowflake;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use deploy::{build_spec, options_with, statements, with_new_tenant};
use example_package::example_package;
use fake_snowflake::{FakeSnowflake, Received};
use snowtenant::apply::{self, connection::Auth, source};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_runs_every_statement_once_as_its_files_role() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&options_with(&server, &input, 4))
        .await
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let loaded = source::load(&input).unwrap();
    assert_eq!(report.total, loaded.steps.len());
    assert_eq!(report.ran, report.total);
    let received = server.received();
    let ran = statements(&received);
    assert_eq!(ran.len(), loaded.steps.len());
    let mut expected_role: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in &loaded.steps {
        let role = loaded.contexts[s.context].role.as_deref().unwrap();
        expected_role.entry(s.text.as_str()).or_default().push(role);
    }
    for r in &ran {
        let roles = &expected_role[r.sql.as_str()];
        assert!(
            roles.contains(&r.role.as_str()),
            "{} ran as {}",
            r.sql,
            r.role
        );
    }
    assert!(server.logins() <= 4);
    // The journal records one success per statement, under the deployment's id.
    let cache = apply::journal::load(&apply::default_journal(&input, "fake")).unwrap();
    let d = cache.get(&report.deployment).unwrap();
    assert!(d.finished && d.unknown.is_empty());
    assert_eq!(d.ok.len(), loaded.steps.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_apply_resumes_from_the_journal_without_rerunning_anything() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let failing = "GRANT USAGE ON WAREHOUSE ANALYTICS_WH TO ROLE CLIENT_JON_DOE_TECH_ROLE";
    server.fail(failing, 1);
    let first = apply::apply(&options_with(&server, &input, 2))
        .await
        .unwrap();
    assert_eq!(first.failures.len(), 1, "{:?}", first.failures);
    let failure = &first.failures[0];
    let text = std::fs::read_to_string(input.join("sql/11_grants.sql")).unwrap();
    let line = text.lines().position(|l| l.starts_with(failing)).unwrap() + 1;
    assert_eq!(failure.location, format!("sql/11_grants.sql:{line}"));
    assert!(failure.message.contains("002003"), "{}", failure.message);
    assert!(
        failure.message.contains("Object does not exist"),
        "{}",
        failure.message
    );
    assert!(failure.to_string().contains(failing));
    assert!(first.ran < first.total);

    let first_ok: HashSet<String> = statements(&server.received())
        .iter()
        .filter(|r| !r.sql.contains(failing))
        .map(|r| r.sql.clone())
        .collect();
    server.clear();
    let second = apply::apply(&options_with(&server, &input, 2))
        .await
        .unwrap();
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert_eq!(second.skipped, first.ran);
    assert_eq!(second.ran, second.total - first.ran);
    let again = server.received();
    let rerun: Vec<&str> = statements(&again)
        .iter()
        .map(|r| r.sql.as_str())
        .filter(|s| first_ok.contains(*s))
        .collect();
    assert!(rerun.is_empty(), "re-ran {rerun:?}");
    assert!(statements(&again).iter().any(|r| r.sql.contains(failing)));

    // A new apply of the same package after it succeeded is a new deployment: it runs whole
    // (re-applying restores what was changed by hand since).
    server.clear();
    let third = apply::apply(&options_with(&server, &input, 2))
        .await
        .unwrap();
    assert_eq!((third.ran, third.skipped), (third.total, 0));
    assert_ne!(third.deployment, second.deployment);
    assert_eq!(second.deployment, first.deployment);
    assert!(second.resumed && !third.resumed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_sessions_respect_every_dependency() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    server.delay_ms(5);
    let report = apply::apply(&options_with(&server, &input, 16))
        .await
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let loaded = source::load(&input).unwrap();
    let graph = apply::graph::build(&loaded);
    let received = server.received();
    let by_text: HashMap<&str, &Received> = statements(&received)
        .into_iter()
        .map(|r| (r.sql.as_str(), r))
        .collect();
    let at = |i: usize| by_text[loaded.steps[i].text.as_str()];
    for (i, deps) in graph.deps.iter().enumerate() {
        for &j in deps {
            assert!(
                at(j).end < at(i).start,
                "{} started before {} finished",
                loaded.steps[i].location(),
                loaded.steps[j].location()
            );
        }
    }
    // Domain rules, independent of the graph: roles before grants to them, the policy and
    // the table before the views over it, schemas before their tables.
    let first = |needle: &str| {
        statements(&received)
            .into_iter()
            .find(|r| r.sql.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not run"))
            .clone()
    };
    let role = first("CREATE ROLE IF NOT EXISTS CLIENT_ACME_INDUSTRIES_ROLE");
    for r in statements(&received) {
        if r.sql.contains("TO ROLE CLIENT_ACME_INDUSTRIES_ROLE") {
            assert!(role.end < r.start, "{} before its role", r.sql);
        }
    }
    let policy = first("CREATE ROW ACCESS POLICY");
    let table = first("CREATE TABLE IF NOT EXISTS ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS");
    assert!(policy.end < table.start);
    let schema = first("CREATE SCHEMA IF NOT EXISTS ANALYTICS_PLATFORM.GOLD ");
    assert!(schema.end < table.start);
    // And it did run statements at once.
    let overlapping = statements(&received)
        .iter()
        .filter(|r| {
            statements(&received)
                .iter()
                .any(|o| o.start < r.start && r.start < o.end)
        })
        .count();
    assert!(overlapping > 0);
    assert!(report.depth < report.total / 2, "depth {}", report.depth);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_connects_to_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let mut opts = options_with(&server, &input, 4);
    opts.dry_run = true;
    let report = apply::apply(&opts).await.unwrap();
    assert_eq!(report.planned.len(), report.total);
    assert!(report.planned[0].starts_with("sql/01_roles.sql:4 [USERADMIN] CREATE ROLE"));
    assert_eq!(report.ran, 0);
    assert_eq!(server.logins(), 0);
    assert!(server.received().is_empty());
    assert!(!opts.journal.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_login_is_reported_with_snowflakes_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let mut opts = options_with(&server, &input, 1);
    opts.settings.auth = Auth::Password("wrong".into());
    let err = apply::apply(&opts).await.unwrap_err();
    assert!(err.contains("Incorrect username or password"), "{err}");
    assert!(statements(&server.received()).is_empty());
}

#[test]
fn invalid_sql_is_refused_before_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("migration.sql");
    std::fs::write(&script, "USE ROLE SYSADMIN;\nCREATE WAREHOUSE;\n").unwrap();
    let err = source::load(&script).unwrap_err().to_string();
    assert!(err.contains("migration.sql"), "{err}");
    assert!(err.contains("nothing applied"), "{err}");
}

#[test]
fn the_cli_dry_run_needs_no_credentials_and_a_real_run_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .args(args)
            .env("SNOWFLAKE_HOME", dir.path())
            .env_remove("SNOWFLAKE_ACCOUNT")
            .env_remove("SNOWFLAKE_USER")
            .env_remove("SNOWFLAKE_PASSWORD")
            .output()
            .unwrap()
    };
    let pkg = input.to_str().unwrap();
    let dry = run(&["apply", pkg, "--connection", "prod", "--dry-run"]);
    assert!(dry.status.success());
    let out = String::from_utf8_lossy(&dry.stdout);
    // Every statement of the example's step files (the manifest counts them).
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(input.join("manifest.json")).unwrap()).unwrap();
    let n = manifest["statements"].as_u64().unwrap();
    assert!(
        out.contains(&format!("would run {n} of {n} statements")),
        "{out}"
    );
    let real = run(&["apply", pkg, "--connection", "prod"]);
    assert_eq!(real.status.code(), Some(1));
    let err = String::from_utf8_lossy(&real.stderr);
    assert!(
        err.contains("connection `prod`") && err.contains("`account` is missing"),
        "{err}"
    );
}

/// Applies `input`, which must be refused before anything is sent; returns the error.
async fn refused_before_connecting(input: &Path) -> String {
    let server = FakeSnowflake::start().await;
    let err = apply::apply(&options_with(&server, input, 4))
        .await
        .unwrap_err();
    assert!(server.received().is_empty() && server.logins() == 0);
    err
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_edited_after_build_is_refused_before_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let grants = input.join("sql/11_grants.sql");
    let mut text = std::fs::read_to_string(&grants).unwrap();
    text.push_str("\nGRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n");
    std::fs::write(&grants, text).unwrap();
    let err = refused_before_connecting(&input).await;
    assert!(
        err.starts_with(
            "changed after build (SHA-256 differs from manifest.json): sql/11_grants.sql;"
        ),
        "{err}"
    );
    // Run as it is only when asked to.
    let server = FakeSnowflake::start().await;
    let mut allowed = options_with(&server, &input, 4);
    allowed.allow_modified = true;
    let report = apply::apply(&allowed).await.unwrap();
    assert!(report.failures.is_empty() && report.ran == report.total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_dropped_into_a_package_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    std::fs::write(
        input.join("sql/12_extra.sql"),
        "USE ROLE SECURITYADMIN;\nGRANT ROLE ACCOUNTADMIN TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n",
    )
    .unwrap();
    let err = refused_before_connecting(&input).await;
    assert!(
        err.starts_with(
            "not part of the built package (missing from manifest.json): sql/12_extra.sql;"
        ),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_with_an_unreadable_manifest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    std::fs::write(input.join("manifest.json"), "{\"files\": 3}").unwrap();
    let err = refused_before_connecting(&input).await;
    assert!(err.ends_with("manifest.json: no \"files\" list"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_sigma_also_runs_the_sigma_file_after_the_roles_it_grants() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let sigma = std::fs::read_to_string(input.join("sigma/snowflake.sql")).unwrap();
    let server = FakeSnowflake::start().await;
    let mut opts = options_with(&server, &input, 4);
    opts.with_sigma = true;
    let report = apply::apply(&opts).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let received = server.received();
    let ran = statements(&received);
    let position = |needle: &str| {
        ran.iter()
            .position(|r| r.sql.contains(needle))
            .unwrap_or_else(|| panic!("{needle} did not run"))
    };
    let grant = "GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER SIGMA_SERVICE_USER";
    assert!(sigma.contains(grant));
    // The grant runs as the Sigma file's role, after the role and the user exist.
    assert!(position("CREATE ROLE IF NOT EXISTS CLIENT_ACME_INDUSTRIES_ROLE") < position(grant));
    assert!(position("CREATE USER IF NOT EXISTS SIGMA_SERVICE_USER") < position(grant));
    assert_eq!(ran[position(grant)].role, "SECURITYADMIN");
    // Without the flag the Sigma file is left to run by hand.
    let server = FakeSnowflake::start().await;
    let mut plain = options_with(&server, &input, 4);
    plain.journal = dir.path().join("plain.journal.jsonl");
    let report = apply::apply(&plain).await.unwrap();
    assert!(report.ran > 0 && report.ran == report.total);
    assert!(
        !server
            .received()
            .iter()
            .any(|r| r.sql.contains("SIGMA_SERVICE_USER"))
    );
}

/// Issue 19: with 16 sessions and random delays, the tenant's `ON ALL` / `ON FUTURE` grants and
/// its schema's `CREATE TABLE` used to race (the table created after the ALL grant ran and before
/// the FUTURE grant existed got neither). The stateful server expands `ON ALL` when it runs and
/// applies future grants to later tables, as docs.snowflake.com/en/sql-reference/sql/grant-privilege
/// documents; every run must leave every tenant role SELECT on every table of its schema.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tenant_role_selects_every_table_of_its_schema_under_16_sessions_and_random_delays() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let loaded = source::load(&input).unwrap();
    let want = snowtenant::drift::desired::from_source(&loaded);
    let schema_grants: Vec<(String, String)> = want
        .schema_wide
        .iter()
        .filter(|g| g.0 == "SELECT" && g.1 == "TABLE" && !g.3 && !g.4)
        .map(|g| (g.2.clone(), g.5.clone()))
        .collect();
    assert_eq!(schema_grants.len(), 2, "{schema_grants:?}");
    for run in 0..6 {
        let server = FakeSnowflake::start().await;
        server.jitter_ms(10);
        let mut opts = options_with(&server, &input, 16);
        opts.journal = dir.path().join(format!("race-{run}.journal.jsonl"));
        let report = apply::apply(&opts).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        server.with_account(|a| {
            let mut lost = Vec::new();
            for (schema, role) in &schema_grants {
                let tables = a.objects_in("TABLE", schema);
                assert!(!tables.is_empty(), "run {run}: no table in {schema}");
                for t in tables {
                    if !a.role_holds(role, "SELECT", "TABLE", &t) {
                        lost.push(format!("{role} on {t}"));
                    }
                }
            }
            assert!(lost.is_empty(), "run {run}: no SELECT for {lost:?}");
        });
    }
}

/// Issue 19: a migration adding a tenant grants its role to Sigma's service user, which only
/// `apply --with-sigma` creates. The script says so in a header line and `apply` refuses it without
/// `--with-sigma`, naming the statement, before sending anything; with the flag, on an account whose
/// Sigma side was deployed, it runs to the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migration_with_sigma_side_statements_needs_with_sigma_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string("examples/platform.yaml").unwrap();
    let old = build_spec(dir.path(), "old", &spec);
    let new = build_spec(dir.path(), "new", &with_new_tenant(&spec));
    let migration = snowtenant::migrate::plan(&old, &new).unwrap();
    let script = migration.file(false);
    let grant = "GRANT ROLE CLIENT_NEW_CO_ROLE TO USER SIGMA_SERVICE_USER";
    assert!(
        script.contains(&format!("{}{grant}", snowtenant::migrate::SIGMA_HEADER)),
        "{script}"
    );
    let path = dir.path().join("migration.sql");
    std::fs::write(&path, &script).unwrap();

    // Deployed without the Sigma side: refused, nothing sent.
    let server = FakeSnowflake::start().await;
    let mut deploy = options_with(&server, &old, 4);
    deploy.journal = dir.path().join("old.journal.jsonl");
    assert!(apply::apply(&deploy).await.unwrap().failures.is_empty());
    server.clear();
    let mut migrate = options_with(&server, &path, 4);
    migrate.journal = dir.path().join("m.journal.jsonl");
    let err = apply::apply(&migrate).await.unwrap_err();
    assert!(err.contains(grant) && err.contains("--with-sigma"), "{err}");
    assert!(err.contains("migration.sql:"), "{err}");
    assert!(server.received().is_empty());

    // Deployed with the Sigma side: the migration runs whole.
    let server = FakeSnowflake::start().await;
    let mut deploy = options_with(&server, &old, 4);
    deploy.journal = dir.path().join("old2.journal.jsonl");
    deploy.with_sigma = true;
    assert!(apply::apply(&deploy).await.unwrap().failures.is_empty());
    let mut migrate = options_with(&server, &path, 4);
    migrate.journal = dir.path().join("m2.journal.jsonl");
    migrate.with_sigma = true;
    let report = apply::apply(&migrate).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.ran, report.total);
    server.with_account(|a| {
        assert!(a.grants.contains(&(
            "USAGE".into(),
            "ROLE".into(),
            "CLIENT_NEW_CO_ROLE".into(),
            "USER".into(),
            "SIGMA_SERVICE_USER".into()
        )))
    });
}

/// The test account follows docs.snowflake.com/en/sql-reference/sql/grant-privilege: `ON ALL`
/// covers the tables that exist when it runs, `ON FUTURE` the ones created after it (and a table
/// created between an ALL grant and a later FUTURE grant gets neither: the race of issue 19).
#[test]
fn the_test_account_expands_on_all_when_it_runs_and_applies_future_grants_later() {
    use fake_snowflake::snowflake_state::Account;
    let run = |script: &[&str]| {
        let mut a = Account::default();
        for sql in script {
            a.execute(sql, "SYSADMIN").unwrap();
        }
        a
    };
    let base = ["CREATE ROLE R", "CREATE DATABASE D", "CREATE SCHEMA D.S"];
    let all = "GRANT SELECT ON ALL TABLES IN SCHEMA D.S TO ROLE R";
    let future = "GRANT SELECT ON FUTURE TABLES IN SCHEMA D.S TO ROLE R";
    let table = "CREATE TABLE D.S.T (A VARCHAR)";
    for (order, holds) in [
        ([table, all, future], true),
        ([future, all, table], true),
        ([all, table, future], false),
    ] {
        let mut script = base.to_vec();
        script.extend(order);
        let a = run(&script);
        assert_eq!(
            a.role_holds("R", "SELECT", "TABLE", "D.S.T"),
            holds,
            "{order:?}"
        );
    }
    // Granting to a role or user that does not exist fails as Snowflake does.
    let mut a = run(&base);
    let err = a
        .execute("GRANT ROLE R TO USER SIGMA_SERVICE_USER", "SECURITYADMIN")
        .unwrap_err();
    assert_eq!(err.code, "002003");
}

/// Issue 19, forced: 24 schemas whose `ON ALL` grant, `ON FUTURE` grant and table creation are
/// all ready at once (a migration that grants before it creates). Without ordering, a table created
/// after the ALL grant ran and before the FUTURE grant existed got neither, in about one triple in
/// six; the graph makes the creation wait for the FUTURE grant and the ALL grant for the creation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_wide_grants_and_table_creations_never_race_under_16_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let mut script = String::from("USE ROLE SYSADMIN;\nCREATE DATABASE IF NOT EXISTS D;\n");
    for i in 0..24 {
        script.push_str(&format!(
            "USE ROLE USERADMIN;\nCREATE ROLE IF NOT EXISTS R{i};\n\
             USE ROLE SYSADMIN;\nCREATE SCHEMA IF NOT EXISTS D.S{i};\n\
             USE ROLE SECURITYADMIN;\n\
             GRANT SELECT ON ALL TABLES IN SCHEMA D.S{i} TO ROLE R{i};\n\
             GRANT SELECT ON FUTURE TABLES IN SCHEMA D.S{i} TO ROLE R{i};\n\
             USE ROLE SYSADMIN;\nCREATE TABLE IF NOT EXISTS D.S{i}.T (A INT);\n"
        ));
    }
    let path = dir.path().join("grants_first.sql");
    std::fs::write(&path, script).unwrap();
    for run in 0..4 {
        let server = FakeSnowflake::start().await;
        server.jitter_ms(10);
        let mut opts = options_with(&server, &path, 16);
        opts.journal = dir.path().join(format!("forced-{run}.journal.jsonl"));
        opts.ledger = Some(apply::ledger::Location {
            schema: "D.GOVERNANCE".into(),
            role: Some("SYSADMIN".into()),
        });
        let report = apply::apply(&opts).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        server.with_account(|a| {
            let lost: Vec<usize> = (0..24)
                .filter(|i| {
                    !a.role_holds(&format!("R{i}"), "SELECT", "TABLE", &format!("D.S{i}.T"))
                })
                .collect();
            assert!(lost.is_empty(), "run {run}: roles without SELECT: {lost:?}");
        });
    }
}

/// Issue 12: `apply` reads back what the package sets once it succeeded (verify, on by default).
/// An account that answered success but dropped one grant and ran another policy body fails
/// verify, naming both; a clean apply passes; `--no-verify` skips it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_after_apply_names_a_grant_the_account_dropped_and_a_changed_policy_body() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let policy = "ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY";
    let dropped = "GRANT USAGE ON WAREHOUSE ANALYTICS_WH TO ROLE CLIENT_JON_DOE_TECH_ROLE";
    let server = FakeSnowflake::start().await;
    server.rewrite(dropped, "");
    server.rewrite(
        "SET BODY ->",
        &format!("ALTER ROW ACCESS POLICY {policy} SET BODY -> TRUE"),
    );
    let report = apply::apply(&options_with(&server, &input, 4))
        .await
        .unwrap();
    assert!(report.failures.is_empty() && report.ran == report.total);
    assert!(report.verified);
    let found: Vec<String> = report.verify.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0],
        "DRIFT001 CLIENT_JON_DOE_TECH_ROLE: missing grant: USAGE ON WAREHOUSE ANALYTICS_WH TO ROLE CLIENT_JON_DOE_TECH_ROLE"
    );
    assert!(
        found[1].starts_with(&format!("DRIFT020 {policy}: body is `TRUE`")),
        "{found:#?}"
    );

    // A clean apply passes verify; skipping it reads nothing back.
    let clean = FakeSnowflake::start().await;
    let mut o = options_with(&clean, &input, 4);
    o.journal = dir.path().join("clean.journal.jsonl");
    let report = apply::apply(&o).await.unwrap();
    assert!(
        report.verified && report.verify.is_empty(),
        "{:?}",
        report.verify
    );
    let reads = clean
        .received()
        .iter()
        .filter(|r| r.sql.starts_with("SHOW GRANTS TO ROLE") || r.sql.starts_with("DESCRIBE"))
        .count();
    assert!(reads > 5, "{reads}");
    clean.clear();
    o.verify = false;
    let report = apply::apply(&o).await.unwrap();
    assert!(!report.verified && report.verify.is_empty());
    assert!(
        !clean
            .received()
            .iter()
            .any(|r| r.sql.starts_with("SHOW GRANTS TO ROLE") || r.sql.starts_with("DESCRIBE"))
    );
}

/// The CLI exits 5 when verify finds a difference (the statements all succeeded), naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exits_5_when_verify_finds_a_difference_and_0_with_no_verify() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    deploy::connection(dir.path(), &server);
    let pkg = input.to_str().unwrap();
    server.rewrite(
        "GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER JON_DOE_TECH_SVC",
        "",
    );
    let out = deploy::run_cli(dir.path(), &["apply", pkg, "-c", "fake"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("error: verify: DRIFT021 JON_DOE_TECH_SVC: role CLIENT_JON_DOE_TECH_ROLE is not granted to user JON_DOE_TECH_SVC"),
        "{stderr}"
    );
    let out = deploy::run_cli(dir.path(), &["apply", pkg, "-c", "fake"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("verified"));
    server.rewrite(
        "GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER JON_DOE_TECH_SVC",
        "",
    );
    server.with_account(|a| {
        a.execute(
            "REVOKE ROLE CLIENT_JON_DOE_TECH_ROLE FROM USER JON_DOE_TECH_SVC",
            "SECURITYADMIN",
        )
        .unwrap();
    });
    let out = deploy::run_cli(dir.path(), &["apply", pkg, "-c", "fake", "--no-verify"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
