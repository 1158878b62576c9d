//! Issue 12 over real HTTP against the stateful fake Snowflake server: the ledger in the account
//! (rollbacks run, another account runs everything), the lock, kill -9 and resume, statements still
//! running (333334) and lost answers, migrations for the wrong OLD, integrity, exit codes and
//! broken pipes of the CLI.

#[path = "support/deploy.rs"]
mod deploy;
#[path = "support/example_package.rs"]
mod example_package;
#[path = "support/fake_snowflake.rs"]
mod fake_snowflake;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use deploy::{
    assert_each_ran_once, build_spec, cli, connection, example_spec, options, run_cli, statements,
    with_quota,
};
use example_package::example_package;
use fake_snowflake::FakeSnowflake;
use snowtenant::apply::{self, source};

fn quota(server: &FakeSnowflake) -> Option<f64> {
    server.with_account(|a| a.monitors["PLATFORM_MONTHLY_MONITOR"].credit_quota)
}

/// Rows of the ledger's deployments table, oldest first: (fingerprint, outcome).
fn deployments(server: &FakeSnowflake) -> Vec<(String, String)> {
    server.with_account(|a| {
        a.select(
            "SELECT FINGERPRINT, OUTCOME FROM ANALYTICS_PLATFORM.GOVERNANCE.SNOWTENANT_DEPLOYMENTS ORDER BY DEPLOYMENT_ID",
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_string(),
                r[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolling_back_v1_v2_v1_leaves_v1s_settings_and_the_ledger_records_three_deployments() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = build_spec(dir.path(), "v1", &example_spec());
    let v2 = build_spec(dir.path(), "v2", &with_quota(250));
    let server = FakeSnowflake::start().await;
    for (package, want) in [(&v1, 100.0), (&v2, 250.0), (&v1, 100.0)] {
        let report = apply::apply(&options(&server, package)).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!((report.ran, report.skipped), (report.total, 0));
        assert_eq!(quota(&server), Some(want));
    }
    let fp = |p: &Path| apply::integrity::fingerprint(p).unwrap();
    assert_eq!(
        deployments(&server),
        [
            (fp(&v1), "succeeded".to_string()),
            (fp(&v2), "succeeded".to_string()),
            (fp(&v1), "succeeded".to_string())
        ]
    );
    // One statement row per statement of each deployment.
    let rows = server.with_account(|a| {
        a.select("SELECT COUNT(*) FROM ANALYTICS_PLATFORM.GOVERNANCE.SNOWTENANT_STATEMENTS WHERE OUTCOME = 'ok'")
            .unwrap()
            .rows[0][0]
            .clone()
    });
    let total = source::load(&v1).unwrap().steps.len();
    assert_eq!(rows, serde_json::json!((3 * total).to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_account_behind_the_same_connection_name_receives_everything() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let first = FakeSnowflake::start().await;
    let report = apply::apply(&options(&first, &input)).await.unwrap();
    assert_eq!(report.ran, report.total);
    // Same connection name, same journal file, another account.
    let second = FakeSnowflake::start().await;
    let report = apply::apply(&options(&second, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!((report.ran, report.skipped), (report.total, 0));
    assert_each_ran_once(&second, &input);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_concurrent_applies_one_refuses_naming_the_holder_and_nothing_runs_twice() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    server.delay_ms(3);
    let a = options(&server, &input);
    let mut b = options(&server, &input);
    b.journal = dir.path().join("other-client.journal.jsonl");
    let (ra, rb) = tokio::join!(apply::apply(&a), apply::apply(&b));
    let (won, lost) = match (ra, rb) {
        (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
        other => panic!("expected one refusal: {other:?}"),
    };
    assert_eq!(won.ran, won.total);
    assert!(
        lost.starts_with("the account is locked by another apply: deployer@")
            && lost.contains("--force-unlock"),
        "{lost}"
    );
    assert_each_ran_once(&server, &input);

    // With a lock timeout the second waits; the same package deployed meanwhile, it runs nothing.
    let server = FakeSnowflake::start().await;
    server.delay_ms(3);
    let a = options(&server, &input);
    let mut b = options(&server, &input);
    b.journal = dir.path().join("waiter.journal.jsonl");
    b.lock_timeout = Duration::from_secs(60);
    let (ra, rb) = tokio::join!(apply::apply(&a), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        apply::apply(&b).await
    });
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.ran, ra.total);
    assert_eq!(rb.ran, 0);
    assert!(rb.already_deployed.is_some(), "{rb:?}");
    assert_each_ran_once(&server, &input);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn force_unlock_removes_a_stale_lock_and_says_whose_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    assert!(apply::apply(&options(&server, &input)).await.is_ok());
    // A lock left by an apply on another machine.
    server.with_account(|a| {
        a.execute(
            "CREATE TABLE ANALYTICS_PLATFORM.GOVERNANCE.SNOWTENANT_LOCK (DEPLOYMENT_ID VARCHAR, HOLDER VARCHAR, ACQUIRED_AT_MS NUMBER(20,0))",
            "SYSADMIN",
        )
        .unwrap();
        a.execute(
            "INSERT INTO ANALYTICS_PLATFORM.GOVERNANCE.SNOWTENANT_LOCK (DEPLOYMENT_ID, HOLDER, ACQUIRED_AT_MS) VALUES ('0000000000001-deadbeef', 'ci@runner-9 (pid 77)', 1)",
            "SYSADMIN",
        )
        .unwrap();
    });
    let err = apply::apply(&options(&server, &input)).await.unwrap_err();
    assert!(
        err.contains("ci@runner-9 (pid 77) (deployment 0000000000001-deadbeef"),
        "{err}"
    );
    let mut forced = options(&server, &input);
    forced.force_unlock = true;
    let report = apply::apply(&forced).await.unwrap();
    assert!(
        report
            .broke_lock
            .unwrap()
            .starts_with("ci@runner-9 (pid 77)")
    );
    assert_eq!(report.ran, report.total);
    assert!(
        !server.with_account(|a| a.has("TABLE", "ANALYTICS_PLATFORM.GOVERNANCE.SNOWTENANT_LOCK"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_still_running_after_the_synchronous_wait_is_polled_to_its_result() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let slow =
        "GRANT SELECT ON ALL TABLES IN SCHEMA ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES";
    server.still_running(slow, 3);
    let report = apply::apply(&options(&server, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.ran, report.total);
    assert_eq!(server.polls(), 3);
    assert_each_ran_once(&server, &input);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_looked_up_in_the_query_history_and_not_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let lost = "GRANT USAGE ON WAREHOUSE ANALYTICS_WH TO ROLE CLIENT_JON_DOE_TECH_ROLE";
    server.lose_answer(lost, 1);
    let report = apply::apply(&options(&server, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.ran, report.total);
    assert_each_ran_once(&server, &input);
    assert!(
        server
            .received()
            .iter()
            .any(|r| r.sql.contains("QUERY_HISTORY_BY_USER"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migration_for_the_wrong_old_is_refused_naming_both_packages() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = build_spec(dir.path(), "v1", &example_spec());
    let v2 = build_spec(dir.path(), "v2", &with_quota(250));
    let v3 = build_spec(dir.path(), "v3", &with_quota(300));
    let write = |old: &Path, new: &Path, name: &str| {
        let script = snowtenant::migrate::plan(old, new).unwrap().file(false);
        let path = dir.path().join(name);
        std::fs::write(&path, script).unwrap();
        path
    };
    let m12 = write(&v1, &v2, "v1-v2.sql");
    let m23 = write(&v2, &v3, "v2-v3.sql");
    let server = FakeSnowflake::start().await;
    // No deployment recorded yet: refused.
    let err = apply::apply(&options(&server, &m12)).await.unwrap_err();
    assert!(err.contains("records no deployment"), "{err}");
    assert!(apply::apply(&options(&server, &v1)).await.is_ok());
    let fp = |p: &Path| apply::integrity::fingerprint(p).unwrap();
    let err = apply::apply(&options(&server, &m23)).await.unwrap_err();
    assert!(
        err.contains(&format!("expects the account at {}", fp(&v2)))
            && err.contains(&format!("its last deployment is {}", fp(&v1))),
        "{err}"
    );
    assert_eq!(quota(&server), Some(100.0));
    // In order, both apply; the account ends at v3.
    for m in [&m12, &m23] {
        let r = apply::apply(&options(&server, m)).await.unwrap();
        assert!(r.failures.is_empty() && r.ran == r.total, "{r:?}");
    }
    assert_eq!(quota(&server), Some(300.0));
    assert_eq!(deployments(&server).last().unwrap().0, fp(&v3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_step_file_applied_on_its_own_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let grants = input.join("sql/11_grants.sql");
    let mut text = std::fs::read_to_string(&grants).unwrap();
    text.push_str("\nGRANT ROLE ACCOUNTADMIN TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n");
    std::fs::write(&grants, text).unwrap();
    let server = FakeSnowflake::start().await;
    let err = apply::apply(&options(&server, &grants)).await.unwrap_err();
    assert!(
        err.contains("changed after build") && err.contains("sql/11_grants.sql"),
        "{err}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_then_resume_runs_every_statement_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    server.delay_ms(40);
    connection(dir.path(), &server);
    let pkg = input.to_str().unwrap().to_string();
    let mut child = cli(dir.path())
        .args(["apply", &pkg, "-c", "fake", "--sessions", "4"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while statements(&server.received()).len() < 30 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    server.delay_ms(0);
    let home = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        cli(&home)
            .args(["apply", &pkg, "-c", "fake", "--sessions", "4"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("(resumed)"), "{stdout}");
    assert!(
        stderr.contains("removed the lock held by deployer@"),
        "{stderr}"
    );
    assert_each_ran_once(&server, &input);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_exits_3_for_drift_and_1_for_a_failed_query() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    assert!(apply::apply(&options(&server, &input)).await.is_ok());
    connection(dir.path(), &server);
    let pkg = input.to_str().unwrap().to_string();
    let home = dir.path().to_path_buf();
    let run = move |args: Vec<String>| {
        let home = home.clone();
        tokio::task::spawn_blocking(move || cli(&home).args(args).output().unwrap())
    };
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["drift", &pkg, "-c", "fake", "--live"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let clean = run(args(&[])).await.unwrap();
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    server.with_account(|a| {
        a.execute(
            "REVOKE USAGE ON WAREHOUSE ANALYTICS_WH FROM ROLE CLIENT_JON_DOE_TECH_ROLE",
            "SECURITYADMIN",
        )
        .unwrap();
    });
    let drifted = run(args(&[])).await.unwrap();
    assert_eq!(drifted.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&drifted.stdout).contains("DRIFT001"));
    server.fail("SHOW RESOURCE MONITORS", 1);
    let failed = run(args(&[])).await.unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("reading resource monitors"));
}

#[test]
fn a_dry_run_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Enough output to fill the pipe: a generated 60-tenant package.
    let spec = snowtenant::spec::generate(60);
    let input = build_spec(dir.path(), "big", &spec);
    let mut child = cli(dir.path())
        .args(["apply", input.to_str().unwrap(), "-c", "x", "--dry-run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone (`| head`).
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}

#[test]
fn audit_and_plan_refuse_a_tampered_package_and_allow_modified_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let deploy = input.join("deploy.sql");
    let mut text = std::fs::read_to_string(&deploy).unwrap();
    text.push_str("\nGRANT ROLE ACCOUNTADMIN TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n");
    std::fs::write(&deploy, text).unwrap();
    let pkg = input.to_str().unwrap();
    let audit = cli(dir.path()).args(["audit", pkg]).output().unwrap();
    assert_eq!(audit.status.code(), Some(1));
    let err = String::from_utf8_lossy(&audit.stderr);
    assert!(
        err.contains("changed after build") && err.contains("deploy.sql"),
        "{err}"
    );
    let clean = build_spec(dir.path(), "clean", &example_spec());
    let plan = cli(dir.path())
        .args(["plan", clean.to_str().unwrap(), pkg])
        .output()
        .unwrap();
    assert_eq!(plan.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&plan.stderr).contains("deploy.sql"));
    let allowed = cli(dir.path())
        .args(["plan", clean.to_str().unwrap(), pkg, "--allow-modified"])
        .output()
        .unwrap();
    assert!(allowed.status.success());
    assert!(String::from_utf8_lossy(&allowed.stderr).contains("changed: deploy.sql"));
    // A corrupt manifest is an error, even with --allow-modified.
    std::fs::write(input.join("manifest.json"), "{\"files\": [").unwrap();
    let corrupt = cli(dir.path())
        .args(["audit", pkg, "--allow-modified"])
        .output()
        .unwrap();
    assert_eq!(corrupt.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&corrupt.stderr).contains("manifest.json: not JSON"));
}

/// Issue 12: the ledger keeps the deployed package, so `plan --from CONNECTION NEW` plans from what
/// the account received: after applying v1, it gives the migration `plan v1 v2` gives, byte for
/// byte (headers included), and the same exit code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_from_the_account_gives_the_migration_plan_v1_v2_gives() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = build_spec(dir.path(), "v1", &example_spec());
    let v2 = build_spec(dir.path(), "v2", &with_quota(250));
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&options(&server, &v1)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    connection(dir.path(), &server);
    let offline = run_cli(
        dir.path(),
        &["plan", v1.to_str().unwrap(), v2.to_str().unwrap()],
    )
    .await;
    let from = run_cli(
        dir.path(),
        &["plan", "--from", "fake", v2.to_str().unwrap()],
    )
    .await;
    assert_eq!(
        from.status.code(),
        offline.status.code(),
        "{}",
        String::from_utf8_lossy(&from.stderr)
    );
    let script = String::from_utf8_lossy(&from.stdout);
    assert_eq!(script, String::from_utf8_lossy(&offline.stdout));
    assert!(script.contains("CREDIT_QUOTA = 250"), "{script}");
    // The migration applies: the account is at v2.
    let m = dir.path().join("from.sql");
    std::fs::write(&m, script.as_bytes()).unwrap();
    let r = apply::apply(&options(&server, &m)).await.unwrap();
    assert!(r.failures.is_empty() && r.verify.is_empty(), "{r:?}");
    assert_eq!(quota(&server), Some(250.0));
}

/// Issue 12: a migration that held destructive statements back leaves the account short of NEW;
/// `plan --from` counts them as not applied (the migration is kept in the ledger with its held-back
/// comments) and plans them again, as `plan OLD NEW --applied MIGRATION` does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_from_after_a_migration_that_held_statements_back_plans_them_again() {
    let dir = tempfile::tempdir().unwrap();
    let spec = example_spec();
    let v1 = build_spec(dir.path(), "v1", &deploy::with_new_tenant(&spec));
    let v2 = build_spec(dir.path(), "v2", &spec);
    let server = FakeSnowflake::start().await;
    // The Sigma side too: removing a tenant revokes its role from Sigma's user.
    let with_sigma = |input: &Path| {
        let mut o = options(&server, input);
        o.with_sigma = true;
        o
    };
    assert!(
        apply::apply(&with_sigma(&v1))
            .await
            .unwrap()
            .failures
            .is_empty()
    );
    let migration = snowtenant::migrate::plan(&v1, &v2).unwrap();
    let held = migration.destructive().count();
    assert!(held > 0, "removing a tenant is destructive");
    let m12 = dir.path().join("v1-v2.sql");
    std::fs::write(&m12, migration.file(false)).unwrap();
    let r = apply::apply(&with_sigma(&m12)).await.unwrap();
    assert!(r.failures.is_empty() && r.verify.is_empty(), "{r:?}");
    connection(dir.path(), &server);
    let from = run_cli(
        dir.path(),
        &["plan", "--from", "fake", v2.to_str().unwrap()],
    )
    .await;
    let stderr = String::from_utf8_lossy(&from.stderr);
    assert_eq!(from.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(&format!("{held} destructive")), "{stderr}");
    let offline = snowtenant::migrate::plan_after(&v1, std::slice::from_ref(&m12), &v2).unwrap();
    assert_eq!(offline.destructive().count(), held);
    assert_eq!(String::from_utf8_lossy(&from.stdout), offline.file(false));
}

/// Issue 12: `plan --from` a connection whose account has no ledger is an error saying so (exit 2).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_from_a_connection_without_a_ledger_exits_2_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = build_spec(dir.path(), "v1", &example_spec());
    let server = FakeSnowflake::start().await;
    connection(dir.path(), &server);
    let out = run_cli(
        dir.path(),
        &["plan", "--from", "fake", v1.to_str().unwrap()],
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "--from fake: the account has no snowtenant ledger at ANALYTICS_PLATFORM.GOVERNANCE"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    // Nothing was created by asking.
    assert!(!server.with_account(|a| a.has("SCHEMA", "ANALYTICS_PLATFORM.GOVERNANCE")));
}

/// Issue 11: NEW renames the governance schema, where the ledger is. `plan --from` looks in NEW's
/// schema, finds nothing and says how to point it at the deployed one; with `--ledger-schema` it
/// plans what `plan v1 v2` plans (byte for byte, the ledger's move included), and the migration
/// applies: the ledger moves with the schema, its history along.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_from_when_new_renames_the_governance_schema_reads_the_ledger_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = build_spec(dir.path(), "v1", &example_spec());
    let renamed = example_spec().replace("governance_schema: GOVERNANCE", "governance_schema: GOV");
    let v2 = build_spec(dir.path(), "v2", &renamed);
    let server = FakeSnowflake::start().await;
    // The session policy of Sigma's user lives in the governance schema: both sides move.
    let with_sigma = |p: &Path| {
        let mut o = options(&server, p);
        o.with_sigma = true;
        o
    };
    let report = apply::apply(&with_sigma(&v1)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    connection(dir.path(), &server);
    let v2_arg = v2.to_str().unwrap();
    let lost = run_cli(dir.path(), &["plan", "--from", "fake", v2_arg]).await;
    let stderr = String::from_utf8_lossy(&lost.stderr);
    assert_eq!(lost.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no snowtenant ledger at ANALYTICS_PLATFORM.GOV ")
            && stderr.contains("pass --ledger-schema DB.SCHEMA"),
        "{stderr}"
    );
    let args = [
        "plan",
        "--from",
        "fake",
        "--ledger-schema",
        "ANALYTICS_PLATFORM.GOVERNANCE",
        "--allow-destructive",
        v2_arg,
    ];
    let from = run_cli(dir.path(), &args).await;
    let offline = run_cli(
        dir.path(),
        &["plan", "--allow-destructive", v1.to_str().unwrap(), v2_arg],
    )
    .await;
    assert_eq!(
        from.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from.stderr)
    );
    let script = String::from_utf8_lossy(&from.stdout);
    assert_eq!(script, String::from_utf8_lossy(&offline.stdout));
    assert!(
        script.contains("-- snowtenant: ledger ANALYTICS_PLATFORM.GOVERNANCE SYSADMIN\n")
            && script.contains("-- snowtenant: ledger-moves-to ANALYTICS_PLATFORM.GOV SYSADMIN\n"),
        "{script}"
    );
    let m = dir.path().join("from.sql");
    std::fs::write(&m, script.as_bytes()).unwrap();
    let r = apply::apply(&with_sigma(&m)).await.unwrap();
    assert!(r.failures.is_empty() && r.verify.is_empty(), "{r:?}");
    // The ledger is now in GOV: plain `plan --from` finds it, and the account is at v2.
    let again = run_cli(dir.path(), &["plan", "--from", "fake", v2_arg]).await;
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .starts_with("0 statement(s) to create or change, 0 destructive"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
