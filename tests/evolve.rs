//! Issue 11, checked without the account model: for realistic evolutions of
//! `examples/platform.yaml`, OLD's package is applied to the stateful fake Snowflake
//! (`support/snowflake_state.rs`), then `plan OLD NEW --allow-destructive`'s migration, then `drift`
//! (both readings) compares the account with NEW's package: no difference may remain. The plan's
//! own proof (`tests/plan.rs`, `tests/plan_prop.rs`) folds statements through the model plan reads;
//! this one runs them through a separate implementation of Snowflake's rules, read back by drift.
//!
//! What drift cannot see is not checked here (see docs/apply.md, "What plan proves"): table and
//! view columns, users' defaults, mapping rows. Warehouse settings it reads back (DRIFT029), so a
//! size or auto-suspend change that the migration did not converge fails here.

#[path = "support/spec_edit.rs"]
mod spec_edit;

use spec_edit::edit;

#[path = "support/deploy.rs"]
mod deploy;
#[path = "support/fake_snowflake.rs"]
mod fake_snowflake;

use std::path::Path;

use deploy::{build_spec, example_spec, options_with, session, with_new_tenant};
use fake_snowflake::FakeSnowflake;
use snowtenant::apply::{self, source};
use snowtenant::drift;

/// Applies `input` (a package or a migration) with the Sigma side in `sessions` sessions, and
/// asserts it all ran.
async fn apply_all(server: &FakeSnowflake, input: &Path, sessions: usize) {
    let mut o = options_with(server, input, sessions);
    o.with_sigma = true;
    let report = apply::apply(&o).await.unwrap();
    assert!(
        report.failures.is_empty(),
        "{}: {:#?}",
        input.display(),
        report.failures
    );
}

/// What an evolution leaves, for the checks a case adds.
struct Evolved {
    server: FakeSnowflake,
    new: std::path::PathBuf,
    migration: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// The account is at package `new`: drift against it (both readings) finds nothing, and planning
/// from the account to it again is empty. `script` (what was applied last) is shown on failure.
async fn assert_account_at(admin: &apply::client::Session, new: &Path, script: &str) {
    let want = source::load_with_sigma(new).unwrap();
    let live = drift::drift_live(admin, &want, 4).await.unwrap();
    let viewed = drift::drift(admin, &want).await.unwrap();
    let show = |f: &[drift::Finding]| {
        f.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        live.is_empty() && viewed.is_empty(),
        "drift after the migration:\nlive:\n{}\nviews:\n{}\n{script}",
        show(&live),
        show(&viewed)
    );
    let at = snowtenant::apply::ledger::locate(&want).expect("NEW names its ledger");
    let again = snowtenant::apply::deployed::plan_from(admin, new, &at)
        .await
        .unwrap_or_else(|err| panic!("{err:?}"));
    assert!(
        again.is_empty(),
        "plan --from after the migration:\n{}\n--- after ---\n{script}",
        again.file(true)
    );
}

/// OLD applied, then plan(OLD, NEW) with `--allow-destructive`: drift against NEW finds nothing.
async fn evolve(old_spec: &str, new_spec: &str) -> Evolved {
    let dir = tempfile::tempdir().unwrap();
    let old = build_spec(dir.path(), "old", old_spec);
    let new = build_spec(dir.path(), "new", new_spec);
    let server = FakeSnowflake::start().await;
    apply_all(&server, &old, 4).await;
    let migration = snowtenant::migrate::plan(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    let script = migration.file(true);
    let path = dir.path().join("migration.sql");
    std::fs::write(&path, &script).unwrap();
    // Four sessions, as a DBA would: apply's dependency graph must keep the script's order where it
    // matters (a renamed tenant's `DROP ROLE` once ran before the `REVOKE ROLE ... FROM USER` of the
    // same role, because the migration never creates that role).
    apply_all(&server, &path, 4).await;
    assert_account_at(&session(&server), &new, &script).await;
    Evolved {
        server,
        new,
        migration: path,
        _dir: dir,
    }
}

fn without_acme(spec: &str) -> String {
    let start = spec.find("  - id: ACME_INDUSTRIES").unwrap();
    let end = spec.find("embed:\n").unwrap();
    format!("{}{}", &spec[..start], &spec[end..])
}

const ACME_QUOTA: &str = "    credit_quota:\n      credits: 100\n      frequency: monthly\n      notify_users: [PLATFORM_FINOPS]";

macro_rules! evolution {
    ($name:ident, $new:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let old = example_spec();
            let new: fn(&str) -> String = $new;
            evolve(&old, &new(&old)).await;
        }
    };
}

evolution!(a_tenant_added, |s| with_new_tenant(s));
evolution!(a_tenant_removed, |s| without_acme(s));
evolution!(a_tenant_removed_then_added_back, |s| with_new_tenant(
    &without_acme(s)
));
evolution!(a_tenant_renamed, |s| edit(
    s,
    "  - id: JON_DOE_TECH\n",
    "  - id: JDT\n"
));
evolution!(isolation_mode_schema_only, |s| edit(
    s,
    "    isolation: [schema, row]\n    warehouse: ANALYTICS_WH",
    "    isolation: [schema]\n    warehouse: ANALYTICS_WH"
));
evolution!(shared_to_dedicated_warehouse, |s| edit(
    s,
    "    warehouse: ANALYTICS_WH          # shared: attribution by query tag, a soft budget\n",
    "    dedicated_warehouse:\n      size: XSMALL\n      auto_suspend_seconds: 60\n      initially_suspended: true\n    credit_quota: { credits: 40 }\n",
));
evolution!(dedicated_to_shared_warehouse, |s| {
    let start = s
        .find("    dedicated_warehouse:             # its own")
        .unwrap();
    let end = s
        .find("    query_tag:\n      department: Operations")
        .unwrap();
    format!("{}    warehouse: ANALYTICS_WH\n{}", &s[..start], &s[end..])
});
evolution!(warehouse_size_and_auto_suspend, |s| edit(
    &edit(s, "    size: XSMALL\n", "    size: MEDIUM\n"),
    "      size: SMALL\n      auto_suspend_seconds: 60",
    "      size: LARGE\n      auto_suspend_seconds: 300"
));
evolution!(warehouse_statement_timeout_removed, |s| edit(
    s,
    "    statement_timeout_seconds: 3600\n",
    ""
));
evolution!(monitor_quota, |s| edit(
    s,
    "    credit_quota:\n      credits: 100",
    "    credit_quota:\n      credits: 250"
));
evolution!(monitor_frequency_and_notify_users, |s| edit(
    s,
    ACME_QUOTA,
    "    credit_quota:\n      credits: 100\n      frequency: weekly\n      notify_users: [FINOPS_LEAD]"
));
evolution!(monitor_triggers, |s| edit(
    s,
    "        - { percent: 90, action: suspend }\n",
    "        - { percent: 95, action: suspend }\n"
));
evolution!(account_monitor_off, |s| edit(
    s,
    "    account: true\n",
    "    account: false\n"
));
evolution!(columns_added, |s| edit(
    &edit(
        s,
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n",
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n      - { name: CURRENCY, type: VARCHAR }\n",
    ),
    "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n",
    "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n    - { name: METRIC_UNIT, type: VARCHAR }\n",
));
evolution!(tenant_column_changed, |s| edit(
    s,
    "tenant_column: TENANT_ID",
    "tenant_column: EVENT_TYPE"
));
// The ledger lives in the governance schema: the migration names where it is (GOVERNANCE) and where
// it moves (GOV). apply keeps it in GOV from the start, copies GOVERNANCE's history over, and the
// migration's DROP SCHEMA GOVERNANCE takes the old copy (and its lock) with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn governance_schema_renamed() {
    let old = example_spec();
    let e = evolve(&old, &governance_renamed(&old)).await;
    let script = std::fs::read_to_string(&e.migration).unwrap();
    assert!(
        script.contains("-- snowtenant: ledger ANALYTICS_PLATFORM.GOVERNANCE ")
            && script.contains("-- snowtenant: ledger-moves-to ANALYTICS_PLATFORM.GOV "),
        "{script}"
    );
    let history = e
        .server
        .with_account(|a| {
            a.select(
                "SELECT INPUT_NAME, OUTCOME FROM ANALYTICS_PLATFORM.GOV.SNOWTENANT_DEPLOYMENTS \
                 ORDER BY DEPLOYMENT_ID",
            )
        })
        .unwrap();
    let rows: Vec<String> = history
        .rows
        .iter()
        .map(|r| format!("{} {}", r[0].as_str().unwrap(), r[1].as_str().unwrap()))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("old") && rows[0].ends_with(" succeeded"),
        "{rows:?}"
    );
    assert!(rows[1].ends_with("migration.sql succeeded"), "{rows:?}");
    // Each deployment's statements and files came along: `plan --from` rebuilds from the new ledger.
    let at = snowtenant::apply::ledger::locate(&source::load(&e.new).unwrap()).unwrap();
    assert_eq!(at.schema, "ANALYTICS_PLATFORM.GOV");
    let admin = session(&e.server);
    let again = snowtenant::apply::deployed::plan_from(&admin, &e.new, &at)
        .await
        .unwrap_or_else(|err| panic!("{err:?}"));
    assert!(again.is_empty(), "{}", again.file(true));
    assert!(
        !e.server
            .with_account(|a| a.has("SCHEMA", "ANALYTICS_PLATFORM.GOVERNANCE"))
    );
    // Applied again, the migration is refused (the account is at NEW), and the old schema is not
    // brought back by the ledger's bootstrap.
    let mut o = options_with(&e.server, &e.migration, 2);
    o.with_sigma = true;
    let err = apply::apply(&o).await.unwrap_err();
    assert!(err.contains("its last deployment is"), "{err}");
    assert!(
        !e.server
            .with_account(|a| a.has("SCHEMA", "ANALYTICS_PLATFORM.GOVERNANCE"))
    );
}

fn governance_renamed(s: &str) -> String {
    edit(s, "governance_schema: GOVERNANCE", "governance_schema: GOV")
}

evolution!(schema_naming_template_changed, |s| edit(
    s,
    "tenant_schema: \"GOLD_CLIENT_{tenant}\"",
    "tenant_schema: \"DATA_{tenant}\""
));
evolution!(exempt_roles_changed, |s| edit(
    s,
    "exempt_roles: [PLATFORM_ADMIN_ROLE]",
    "exempt_roles: [PLATFORM_ADMIN_ROLE, AUDITOR_ROLE]"
));
evolution!(dbt_role_changed, |s| edit(
    s,
    "dbt_role: DBT_ROLE",
    "dbt_role: TRANSFORMER_ROLE"
));
evolution!(embed_settings_changed, |s| edit(
    &edit(s, "token_ttl_seconds: 300", "token_ttl_seconds: 120"),
    "session_ttl_seconds: 3600",
    "session_ttl_seconds: 1800"
));
evolution!(display_name_and_query_tag_changed, |s| edit(
    &edit(
        s,
        "display_name: Acme Industries",
        "display_name: Acme Industries Ltd"
    ),
    "department: Operations",
    "department: Ops"
));

/// Day 2 as a DBA runs it: v0's package applied, then each next version planned from the account
/// (`plan --from`: the ledger's package plus every migration applied since, here up to four) with
/// `--allow-destructive` and applied with 4 sessions. After each step drift against that version
/// finds nothing and planning from the account again is empty. The chain adds a tenant and changes
/// a quota; removes a tenant, changes a service user's comment and a warehouse's size; renames the
/// governance schema (the ledger moves) and a tenant; then goes back to v0 (every change undone,
/// the ledger moving back).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chain_of_versions_each_planned_from_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let v0 = example_spec();
    let v1 = edit(
        &with_new_tenant(&v0),
        "      credits: 100",
        "      credits: 250",
    );
    let v2 = edit(
        &edit(
            &without_acme(&v1),
            "comment: Sigma connection for Jon Doe Tech",
            "comment: JDT dashboards",
        ),
        "    size: XSMALL",
        "    size: MEDIUM",
    );
    let v3 = edit(
        &governance_renamed(&v2),
        "  - id: JON_DOE_TECH\n",
        "  - id: JDT\n",
    );
    let versions = [v0, v1, v2, v3.clone(), example_spec()];
    let server = FakeSnowflake::start().await;
    let admin = session(&server);
    let first = build_spec(dir.path(), "v0", &versions[0]);
    apply_all(&server, &first, 4).await;
    let mut deployed = first;
    for (i, spec) in versions.iter().enumerate().skip(1) {
        let next = build_spec(dir.path(), &format!("v{i}"), spec);
        // The ledger is where the last applied version keeps it.
        let at = snowtenant::apply::ledger::locate(&source::load(&deployed).unwrap()).unwrap();
        let migration = snowtenant::apply::deployed::plan_from(&admin, &next, &at)
            .await
            .unwrap_or_else(|e| panic!("v{i}: {e:?}"));
        assert!(!migration.is_empty(), "v{i}: nothing planned");
        if i == 4 {
            // JDT came with v3's migration, so v0's package has no script for it: the migration
            // carried it, and the tenant's rows in the shared table go as a direct plan would.
            let script = migration.script(true);
            assert!(
                script.contains(
                    "DELETE FROM ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS WHERE TENANT_ID = 'JDT'"
                ) && script.contains(
                    "DELETE FROM ANALYTICS_PLATFORM.GOV.TENANT_ROLE_MAP WHERE TENANT_ID = 'JDT'"
                ),
                "{script}"
            );
        }
        let path = dir.path().join(format!("to_v{i}.sql"));
        std::fs::write(&path, migration.file(true)).unwrap();
        apply_all(&server, &path, 4).await;
        assert_account_at(&admin, &next, &format!("v{i}:\n{}", migration.file(true))).await;
        deployed = next;
    }
}

/// The governance rename's migration fails half way (a statement after the ledger moved), then runs
/// again: it resumes from the new ledger (the statements that succeeded are not sent again), copies
/// no history twice, and ends where NEW is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_governance_rename_resumes_from_the_moved_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let old = build_spec(dir.path(), "old", &example_spec());
    let new = build_spec(dir.path(), "new", &governance_renamed(&example_spec()));
    let server = FakeSnowflake::start().await;
    apply_all(&server, &old, 4).await;
    let migration = snowtenant::migrate::plan(&old, &new).unwrap();
    let path = dir.path().join("migration.sql");
    std::fs::write(&path, migration.file(true)).unwrap();
    // The policy swap on the shared table: the old schema's DROP waits for it, so the old ledger
    // still exists when the migration runs again, and its history is offered for copying again.
    let failing = "ALTER TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS DROP ROW ACCESS POLICY ANALYTICS_PLATFORM.GOVERNANCE.";
    assert!(migration.file(true).contains(failing));
    server.fail(failing, 1);
    let mut o = options_with(&server, &path, 4);
    o.with_sigma = true;
    let first = apply::apply(&o).await.unwrap();
    assert!(!first.failures.is_empty(), "the injected failure");
    assert!(server.with_account(|a| a.has("SCHEMA", "ANALYTICS_PLATFORM.GOVERNANCE")));
    let history = |table: &str| {
        server
            .with_account(|a| {
                a.select(&format!(
                    "SELECT DEPLOYMENT_ID FROM ANALYTICS_PLATFORM.GOV.{table} ORDER BY DEPLOYMENT_ID"
                ))
            })
            .unwrap()
            .rows
            .len()
    };
    let (deployments, statements) = (
        history("SNOWTENANT_DEPLOYMENTS"),
        history("SNOWTENANT_STATEMENTS"),
    );
    assert_eq!(
        deployments, 2,
        "OLD's deployment copied, the migration's recorded"
    );
    let second = apply::apply(&o).await.unwrap();
    assert!(second.resumed, "{second:?}");
    assert!(second.failures.is_empty(), "{:#?}", second.failures);
    assert!(
        second.skipped > 0 && second.ran < second.total,
        "{second:?}"
    );
    assert_eq!(
        history("SNOWTENANT_DEPLOYMENTS"),
        2,
        "no history copied twice"
    );
    // The resumed run adds the rows of what it ran now, and nothing of OLD's deployment again.
    assert_eq!(history("SNOWTENANT_STATEMENTS"), statements + second.ran);
    assert!(!server.with_account(|a| a.has("SCHEMA", "ANALYTICS_PLATFORM.GOVERNANCE")));
    assert_account_at(&session(&server), &new, &migration.file(true)).await;
}
