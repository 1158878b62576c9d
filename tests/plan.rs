//! `plan` on pairs of example specs: each migration snapshotted, applying it to OLD gives
//! NEW's end state (the account model, property by property: columns and types, policies and
//! attachments, monitors, warehouses, users, grants, mapping rows), plan(NEW, NEW) is empty,
//! destructive statements are held back unless allowed, and isolation holds after every statement
//! (checked by `plan` itself).

#[path = "support/spec_edit.rs"]
mod spec_edit;

use spec_edit::{edit, example};

use std::path::{Path, PathBuf};

use snowtenant::apply::source::{self, Source};
use snowtenant::diag::SourceFile;
use snowtenant::migrate::{self, model};

fn build(dir: &Path, name: &str, spec: &str) -> PathBuf {
    let package =
        snowtenant::build::compile(&SourceFile::new(format!("{name}.yaml"), spec.to_string()))
            .unwrap_or_else(|d| panic!("{name} spec invalid: {d:?}"));
    let out = dir.join(name);
    snowtenant::package::write_atomically(&out, &package.files).unwrap();
    out
}

/// A package's statements as plan reads them: the step files, then the Sigma file.
fn load_package(dir: &Path) -> Source {
    source::load_with_sigma(dir).unwrap()
}

/// The account model of a sequence of statements, each run under its `USE ROLE`.
fn access_model(source: &Source) -> snowtenant::audit::AccessModel {
    model::of(source)
}

/// OLD's statements followed by the migration's.
fn concat(old: &Source, migration: &Source) -> Source {
    model::concat(old, migration)
}

/// Writes a migration script and loads it as apply would (so the validator accepts it).
fn load_script(dir: &Path, name: &str, script: &str) -> Source {
    let path = dir.join(name);
    std::fs::write(&path, script).unwrap();
    source::load(&path).unwrap_or_else(|e| panic!("{name}: {e}\n{script}"))
}

/// The script's statements, comments left out.
fn statements(script: &str) -> Vec<&str> {
    script
        .lines()
        .filter(|l| !l.starts_with("--") && !l.trim().is_empty())
        .collect()
}

/// The example with ACME_INDUSTRIES removed.
fn without_acme(spec: &str) -> String {
    let start = spec.find("  - id: ACME_INDUSTRIES").unwrap();
    let end = spec.find("embed:\n").unwrap();
    format!("{}{}", &spec[..start], &spec[end..])
}

/// Plans OLD -> NEW, snapshots the script, and checks the end state and plan(NEW, NEW).
fn check(name: &str, old_spec: &str, new_spec: &str) -> migrate::Migration {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", old_spec);
    let new = build(dir.path(), "new", new_spec);
    let migration = migrate::plan(&old, &new).unwrap();
    assert!(!migration.steps.is_empty(), "{name}: empty plan");
    let script = migration.script(true);
    let path = dir.path().join("migration.sql");
    std::fs::write(&path, &script).unwrap();
    // The migration is valid SQL for the validator (and so for apply).
    let applied = source::load(&path).unwrap_or_else(|e| panic!("{name}: {e}\n{script}"));
    // The end state through the account model, the one state plan reads
    // (model(OLD + migration) == model(NEW)), property by property: columns and types, policy
    // signatures and bodies, monitor settings, warehouse settings, users' defaults, ownership,
    // grants (ON ALL grants as written), future grants, attachments, views and mapping rows.
    let through_audit = access_model(&concat(&load_package(&old), &applied));
    let want_audit = access_model(&load_package(&new));
    assert!(
        through_audit == want_audit,
        "{name}: model(OLD + migration) != model(NEW):\n{}\n{script}",
        model::differences(&through_audit, &want_audit).join("\n")
    );
    assert!(
        migrate::plan(&new, &new).unwrap().is_empty(),
        "plan(NEW, NEW) not empty"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/plan");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            name,
            format!("{}\n-- summary:\n{}", script, migration.summary(true))
        );
    });
    migration
}

#[test]
fn plan_of_a_package_against_itself_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let p = build(dir.path(), "same", &example());
    let m = migrate::plan(&p, &p).unwrap();
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn add_a_tenant() {
    let old = example();
    let new = edit(
        &old,
        "embed:\n",
        "  - id: NEW_CO\n    display_name: New Co\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n    allowed_cidrs: [192.0.2.0/24]\n    dashboards:\n      sales_distribution: workbook/Sales-Distribution-1aA1\nembed:\n",
    );
    let m = check("add_a_tenant", &old, &new);
    assert_eq!(m.destructive().count(), 0);
    assert!(m.steps.iter().any(|s| {
        s.text
            .contains("CREATE ROLE IF NOT EXISTS CLIENT_NEW_CO_ROLE")
    }));
}

#[test]
fn remove_a_tenant_runs_its_offboarding_and_holds_it_back_by_default() {
    let old = example();
    let new = without_acme(&old);
    let m = check("remove_a_tenant", &old, &new);
    assert!(m.destructive().any(|s| {
        s.text
            .contains("DROP ROLE IF EXISTS CLIENT_ACME_INDUSTRIES_ROLE")
    }));
    let held = m.script(false);
    assert!(!held.lines().any(|l| l.starts_with("DROP ")), "{held}");
    assert!(held.contains("destructive statement(s) held back"));
    // Held back in full, as comments.
    assert!(
        held.contains("--   DROP ROLE IF EXISTS CLIENT_ACME_INDUSTRIES_ROLE"),
        "{held}"
    );
}

#[test]
fn change_a_quota_alters_the_quota_alone() {
    let old = example();
    let new = edit(
        &old,
        "    credit_quota:\n      credits: 100",
        "    credit_quota:\n      credits: 250",
    );
    let m = check("change_a_quota", &old, &new);
    let alter = m
        .steps
        .iter()
        .find(|s| s.text.starts_with("ALTER RESOURCE MONITOR"))
        .unwrap();
    assert!(alter.text.contains("CREDIT_QUOTA = 250"));
    // Issue 11: the triggers did not change, so they are not re-sent (re-sending re-arms their
    // notifications).
    assert!(!alter.text.contains("TRIGGERS"), "{}", alter.text);
    assert_eq!(m.destructive().count(), 0);
}

#[test]
fn change_a_policy_body_sets_the_body_in_place() {
    let old = example();
    let new = edit(
        &old,
        "exempt_roles: [PLATFORM_ADMIN_ROLE]",
        "exempt_roles: [PLATFORM_ADMIN_ROLE, AUDITOR_ROLE]",
    );
    let m = check("change_a_policy_body", &old, &new);
    assert!(
        m.steps
            .iter()
            .any(|s| s.text.contains("SET BODY ->") && s.text.contains("AUDITOR_ROLE"))
    );
    assert_eq!(m.destructive().count(), 0);
}

#[test]
fn change_a_policy_signature_moves_the_tables_to_a_stand_in_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", &example());
    let new = build(dir.path(), "new", &example());
    // The same package with the policy's argument typed STRING: a signature change.
    let policies = new.join("sql/06_policies.sql");
    let text = std::fs::read_to_string(&policies).unwrap();
    std::fs::write(
        &policies,
        text.replace("(TENANT_KEY VARCHAR)", "(TENANT_KEY STRING)"),
    )
    .unwrap();
    let m = migrate::plan(&old, &new).unwrap();
    let order: Vec<&str> = m
        .steps
        .iter()
        .filter(|s| s.why.contains("signature"))
        .map(|s| s.text.split_whitespace().take(2).collect::<Vec<_>>())
        .map(|w| match (w[0], w[1]) {
            ("ALTER", "TABLE") => "attach-or-detach",
            ("DROP", _) => "drop",
            ("CREATE", _) => "create",
            _ => "other",
        })
        .collect();
    // The table moves to a stand-in policy and back, each in one statement: its rows are never
    // unprotected (plan checks isolation after every statement), so nothing is destructive.
    assert_eq!(
        order,
        [
            "create",
            "attach-or-detach",
            "drop",
            "create",
            "other",
            "attach-or-detach",
            "drop"
        ]
    );
    // Dropping the policy took its grants: the re-created one is granted again (issue 11: the
    // account model, which compares grants, caught it).
    assert!(
        m.steps
            .iter()
            .any(|s| s.text.starts_with("GRANT APPLY ON ROW ACCESS POLICY")),
        "{m:#?}"
    );
    assert!(m.steps.iter().all(|s| !s.destructive));
    let path = dir.path().join("m.sql");
    std::fs::write(&path, m.script(true)).unwrap();
    let end = access_model(&concat(&load_package(&old), &source::load(&path).unwrap()));
    let want = access_model(&load_package(&new));
    assert!(
        end == want,
        "{}",
        model::differences(&end, &want).join("\n")
    );
    insta::with_settings!({snapshot_path => "../snapshots/plan", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("change_a_policy_signature", m.script(true));
    });
}

#[test]
fn move_a_tenant_to_a_dedicated_warehouse() {
    let old = example();
    let new = edit(
        &old,
        "    warehouse: ANALYTICS_WH          # shared: attribution by query tag, a soft budget\n",
        // A dedicated warehouse comes with its tenant's quota (the audit's ISO040).
        "    dedicated_warehouse:\n      size: XSMALL\n      auto_suspend_seconds: 60\n      initially_suspended: true\n    credit_quota: { credits: 40 }\n",
    );
    let m = check("move_to_a_dedicated_warehouse", &old, &new);
    assert!(m.steps.iter().any(|s| {
        s.text
            .contains("CREATE WAREHOUSE IF NOT EXISTS CLIENT_JON_DOE_TECH_WH")
    }));
    assert!(
        m.destructive()
            .any(|s| s.text.starts_with("REVOKE") && s.text.contains("ANALYTICS_WH"))
    );
}

#[test]
fn remove_the_external_function_drops_it_by_signature() {
    let old = example();
    let at = old
        .find("\nexternal_function:")
        .expect("example has an external function");
    let new = old[..at + 1].to_string();
    let m = check("remove_the_external_function", &old, &new);
    let script = m.script(true);
    // Snowflake identifies a function by name and argument types, so the DROP must carry them
    // (https://docs.snowflake.com/en/sql-reference/sql/drop-function).
    assert!(
        script.contains(
            "DROP FUNCTION IF EXISTS ANALYTICS_PLATFORM.GOVERNANCE.EMBED_URL(VARCHAR, VARCHAR, VARCHAR)"
        ),
        "{script}"
    );
    // Dropped before the integration it calls through.
    let function = script.find("DROP FUNCTION").unwrap();
    assert!(
        function < script.find("DROP API INTEGRATION").unwrap(),
        "{script}"
    );
    // Held back without --allow-destructive, like every drop.
    let held = m.script(false);
    assert!(!held.lines().any(|l| l.starts_with("DROP ")), "{held}");
}

#[test]
fn change_integrations_and_a_role_description_alters_them_in_place() {
    let old = example();
    let new = edit(
        &old,
        "recipients: [finops@example.com]",
        "recipients: [finops@example.com, cfo@example.com]",
    );
    let new = edit(
        &new,
        "allowed_prefixes: [https://abc123.execute-api.us-east-1.amazonaws.com/prod/]",
        "allowed_prefixes: [https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/]",
    );
    let new = edit(
        &new,
        "display_name: Jon Doe Tech",
        "display_name: Jon Doe Technologies",
    );
    let m = check("change_integrations_and_a_role_description", &old, &new);
    for alter in [
        "ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ENABLED = TRUE ALLOWED_RECIPIENTS = ('cfo@example.com', 'finops@example.com')",
        "API_ALLOWED_PREFIXES = ('https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/')",
    ] {
        assert!(
            m.steps.iter().any(|s| s.text.contains(alter)),
            "{alter} not planned"
        );
    }
    // A tenant role's comment names the tenant id only (SHOW ROLES shows comments account-wide),
    // so a new display name changes no role.
    assert!(
        !m.steps
            .iter()
            .any(|s| s.text.contains("Jon Doe Technologies"))
    );
    // The integration is altered in place: never dropped or replaced (a new API integration
    // gets a new external ID, which breaks the IAM trust policy).
    let integrations = m.steps.iter().filter(|s| s.text.contains(" INTEGRATION "));
    assert!(
        integrations
            .clone()
            .all(|s| !s.text.contains("OR REPLACE") && !s.text.starts_with("DROP")),
        "{m:#?}"
    );
    // Only the ALTERs: NEW's `CREATE ... INTEGRATION IF NOT EXISTS` is a no-op on the existing
    // integrations (docs.snowflake.com/en/sql-reference/sql/create-notification-integration).
    assert_eq!(integrations.count(), 2, "{m:#?}");
    assert_eq!(m.destructive().count(), 0);
}

// ---- Issue 11: each bullet of "What is wrong today", reproduced on variants of the example. ----

#[test]
fn rename_the_governance_schema_swaps_the_policy_on_the_shared_table() {
    let old = example();
    let new = edit(
        &old,
        "governance_schema: GOVERNANCE",
        "governance_schema: GOV",
    );
    let m = check("rename_the_governance_schema", &old, &new);
    // The shared table changes policy in one statement: never unprotected, not destructive.
    let swap = m
        .steps
        .iter()
        .find(|s| {
            s.text
                .starts_with("ALTER TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS")
        })
        .unwrap_or_else(|| panic!("{m:#?}"));
    assert_eq!(
        swap.text,
        "ALTER TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS DROP ROW ACCESS POLICY ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY, ADD ROW ACCESS POLICY ANALYTICS_PLATFORM.GOV.TENANT_ISOLATION_POLICY ON (TENANT_ID)"
    );
    assert!(!swap.destructive);
    // Held back, the old schema stays and the table keeps a policy that still works.
    let dir = tempfile::tempdir().unwrap();
    let old_dir = build(dir.path(), "old", &old);
    let held = load_script(dir.path(), "held.sql", &m.script(false));
    let after = access_model(&concat(&load_package(&old_dir), &held));
    let policies = &after.attachments["ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS"];
    assert!(
        policies.contains_key("ANALYTICS_PLATFORM.GOV.TENANT_ISOLATION_POLICY"),
        "{policies:?}"
    );
}

#[test]
fn add_columns_alters_the_tables_in_place() {
    let old = example();
    let new = edit(
        &old,
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n",
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n      - { name: CURRENCY, type: VARCHAR }\n",
    );
    let new = edit(
        &new,
        "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n",
        "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n    - { name: METRIC_UNIT, type: VARCHAR }\n",
    );
    let m = check("add_columns", &old, &new);
    for alter in [
        "ALTER TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS ADD COLUMN CURRENCY VARCHAR",
        "ALTER TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH.DASHBOARD_METRICS ADD COLUMN METRIC_UNIT VARCHAR",
        "ALTER TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.DASHBOARD_METRICS ADD COLUMN METRIC_UNIT VARCHAR",
    ] {
        assert!(m.steps.iter().any(|s| s.text == alter), "{alter}\n{m:#?}");
    }
    // Never the no-op CREATE TABLE IF NOT EXISTS of an existing table.
    assert!(!m.steps.iter().any(|s| s.text.starts_with("CREATE TABLE")));
    // The tables gain their column before the view that reads it is replaced.
    let add = m
        .steps
        .iter()
        .position(|s| s.text.contains("ADD COLUMN METRIC_UNIT"))
        .unwrap();
    let view = m
        .steps
        .iter()
        .position(|s| s.text.contains("DYNAMIC_CLIENT_DATA COPY GRANTS"))
        .unwrap();
    assert!(add < view);
    assert_eq!(m.destructive().count(), 0);
}

#[test]
fn change_a_column_type_is_refused_with_its_location_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", &example());
    let new = build(
        dir.path(),
        "new",
        &edit(
            &example(),
            "{ name: AMOUNT, type: \"NUMBER(38,2)\" }",
            "{ name: AMOUNT, type: VARCHAR }",
        ),
    );
    let err = migrate::plan(&old, &new).unwrap_err();
    assert!(err.contains("sql/06_policies.sql:"), "{err}");
    assert!(
        err.contains("column ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS.AMOUNT changes type NUMBER(38, 2) -> VARCHAR"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn change_the_tenant_column_swaps_the_policy_columns() {
    let old = example();
    let new = edit(
        &old,
        "tenant_column: TENANT_ID",
        "tenant_column: EVENT_TYPE",
    );
    let m = check("change_the_tenant_column", &old, &new);
    assert!(
        m.steps.iter().any(|s| s.text.ends_with(
            "DROP ROW ACCESS POLICY ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY, ADD ROW ACCESS POLICY ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY ON (EVENT_TYPE)"
        )),
        "{m:#?}"
    );
}

#[test]
fn rename_a_tenant_keeping_its_service_user_keeps_the_user() {
    let old = example();
    let new = edit(&old, "  - id: JON_DOE_TECH\n", "  - id: JDT\n");
    let m = check("rename_a_tenant", &old, &new);
    let script = m.script(true);
    assert!(
        !script.contains("DROP USER IF EXISTS JON_DOE_TECH_SVC"),
        "{script}"
    );
    assert!(
        script.contains("DROP ROLE IF EXISTS CLIENT_JON_DOE_TECH_ROLE"),
        "{script}"
    );
    assert!(
        script.contains("GRANT ROLE CLIENT_JDT_ROLE TO USER JON_DOE_TECH_SVC"),
        "{script}"
    );
}

#[test]
fn monitor_frequency_notify_users_and_the_account_monitor_are_altered() {
    let old = example();
    let acme_quota = "    credit_quota:\n      credits: 100\n      frequency: monthly\n      notify_users: [PLATFORM_FINOPS]";
    let new = edit(
        &old,
        acme_quota,
        "    credit_quota:\n      credits: 100\n      frequency: weekly\n      notify_users: [FINOPS_LEAD]",
    );
    let new = edit(&new, "    account: true\n", "    account: false\n");
    let m = check("change_monitor_settings", &old, &new);
    assert!(
        m.steps.iter().any(|s| s.text
            == "ALTER RESOURCE MONITOR CLIENT_ACME_INDUSTRIES_MONITOR SET FREQUENCY = WEEKLY START_TIMESTAMP = IMMEDIATELY NOTIFY_USERS = (FINOPS_LEAD)"),
        "{m:#?}"
    );
    assert!(
        m.steps
            .iter()
            .any(|s| s.text == "ALTER ACCOUNT UNSET RESOURCE_MONITOR" && s.role == "ACCOUNTADMIN"),
        "{m:#?}"
    );
}

#[test]
fn a_held_back_removal_is_planned_again_and_keeps_its_mapping_row() {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", &example());
    let new = build(dir.path(), "new", &without_acme(&example()));
    let m1 = migrate::plan(&old, &new).unwrap();
    let held = m1.script(false);
    insta::with_settings!({snapshot_path => "../snapshots/plan", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("remove_a_tenant_held_back", format!("{held}\n-- summary:\n{}", m1.summary(false)));
    });
    // NEW's `DELETE ... NOT IN (...)` would remove the held-back tenant's mapping row.
    assert!(
        !statements(&held).iter().any(|l| l.starts_with("DELETE")),
        "{held}"
    );
    // What `plan --out` writes: the script with the fingerprint headers apply checks.
    let m1_path = dir.path().join("m1.sql");
    std::fs::write(&m1_path, m1.file(false)).unwrap();
    let after_m1 = access_model(&concat(
        &load_package(&old),
        &source::load(&m1_path).unwrap(),
    ));
    let rows = &after_m1.merged["ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ROLE_MAP"].rows;
    assert!(
        rows.iter().any(|r| r[0].to_string() == "'ACME_INDUSTRIES'"),
        "the held-back tenant keeps its mapping row"
    );
    // The next plan starts from OLD + the applied migration: the held-back drops are still there.
    let m2 = migrate::plan_after(&old, std::slice::from_ref(&m1_path), &new).unwrap();
    // The account was left at m1's NEW, so that is the OLD the next migration requires.
    let header = |m: &migrate::Migration, prefix: &str| {
        m.headers
            .iter()
            .find_map(|h| h.strip_prefix(prefix).map(str::to_string))
    };
    assert_eq!(
        header(&m2, snowtenant::apply::FROM_HEADER),
        header(&m1, snowtenant::apply::TO_HEADER)
    );
    let script = m2.script(true);
    assert!(
        script.contains("DROP ROLE IF EXISTS CLIENT_ACME_INDUSTRIES_ROLE"),
        "{script}"
    );
    assert!(script.contains("DELETE FROM ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ROLE_MAP WHERE TENANT_ID = 'ACME_INDUSTRIES'"), "{script}");
    // ...and applying both reaches NEW exactly.
    let m2_src = load_script(dir.path(), "m2.sql", &script);
    let end = access_model(&concat(
        &concat(&load_package(&old), &source::load(&m1_path).unwrap()),
        &m2_src,
    ));
    let want = access_model(&load_package(&new));
    assert!(
        end == want,
        "{}",
        model::differences(&end, &want).join("\n")
    );
}

#[test]
fn change_the_schema_naming_template_holds_back_the_view_and_names_the_data() {
    let old = example();
    let new = edit(
        &old,
        "tenant_schema: \"GOLD_CLIENT_{tenant}\"",
        "tenant_schema: \"DATA_{tenant}\"",
    );
    let m = check("change_the_schema_naming_template", &old, &new);
    let view = m
        .steps
        .iter()
        .find(|s| {
            s.text
                .contains("VIEW ANALYTICS_PLATFORM.GOLD.DYNAMIC_CLIENT_DATA")
        })
        .unwrap();
    assert!(
        view.destructive,
        "repointing the view away from the data is destructive"
    );
    assert!(
        view.why.contains(
            "no longer reads ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.DASHBOARD_METRICS"
        ),
        "{}",
        view.why
    );
    let drop = m
        .steps
        .iter()
        .find(|s| s.text == "DROP SCHEMA IF EXISTS ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH")
        .unwrap_or_else(|| panic!("{m:#?}"));
    assert!(drop.destructive);
    assert!(
        drop.why.contains(
            "ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH.DASHBOARD_METRICS and their data"
        ),
        "{}",
        drop.why
    );
    let held = m.script(false);
    assert!(
        !statements(&held)
            .iter()
            .any(|l| l.starts_with("DROP") || l.contains("DYNAMIC_CLIENT_DATA COPY GRANTS")),
        "{held}"
    );
    assert!(m.summary(false).contains("and their data"));
}

#[test]
fn migrations_set_a_warehouse_before_dml() {
    let old = example();
    let new = edit(
        &old,
        "display_name: Acme Industries",
        "display_name: Acme Industries Ltd",
    );
    let new = edit(&new, "department: Operations", "department: Ops");
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (
        build(dir.path(), "old", &old),
        build(dir.path(), "new", &new),
    );
    let script = migrate::plan(&o, &n).unwrap().script(true);
    let merge = script
        .find("\nMERGE INTO")
        .unwrap_or_else(|| panic!("{script}"));
    let wh = script
        .find("USE WAREHOUSE ANALYTICS_WH;")
        .unwrap_or_else(|| panic!("{script}"));
    assert!(wh < merge, "{script}");
}

#[test]
fn a_removed_table_grant_is_revoked_with_the_table_keyword() {
    let old = example();
    // Jon Doe Tech keeps its schema but no longer reads the shared tables.
    let new = edit(
        &old,
        "    isolation: [schema, row]\n    warehouse: ANALYTICS_WH",
        "    isolation: [schema]\n    warehouse: ANALYTICS_WH",
    );
    // `check` also loads the script through the validator and checks the end model.
    let m = check("remove_row_isolation", &old, &new);
    assert!(
        m.steps.iter().any(|s| s.text
            == "REVOKE SELECT ON TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS FROM ROLE CLIENT_JON_DOE_TECH_ROLE"),
        "{m:#?}"
    );
}

#[test]
fn plan_exits_3_when_it_holds_statements_back() {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", &example());
    let new = build(dir.path(), "new", &without_acme(&example()));
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .arg("plan")
            .arg(&old)
            .arg(&new)
            .args(extra)
            .output()
            .unwrap()
    };
    let held = run(&[]);
    assert_eq!(held.status.code(), Some(migrate::EXIT_HELD_BACK as i32));
    assert_eq!(run(&["--allow-destructive"]).status.code(), Some(0));
    let same = std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .args(["plan"])
        .arg(&old)
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
}

#[test]
fn a_migration_that_unprotects_a_table_between_statements_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let old_spec = example();
    let new_spec = edit(
        &old_spec,
        "governance_schema: GOVERNANCE",
        "governance_schema: GOV",
    );
    let (old, new) = (
        build(dir.path(), "old", &old_spec),
        build(dir.path(), "new", &new_spec),
    );
    let mut m = migrate::plan(&old, &new).unwrap();
    // Split the one-statement swap into a detach, then an attach: between the two, every tenant
    // reads every row of the shared table.
    let at = m
        .steps
        .iter()
        .position(|s| s.text.contains("DROP ROW ACCESS POLICY"))
        .unwrap();
    let swap = m.steps[at].clone();
    let (detach, add) = swap.text.split_once(", ADD ").unwrap();
    let table = detach.split(" DROP ").next().unwrap();
    m.steps[at].text = detach.to_string();
    let mut attach = swap.clone();
    attach.text = format!("{table} ADD {add}");
    m.steps.insert(at + 1, attach);
    let (o, n) = (load_package(&old), load_package(&new));
    let err = m.check_isolation(&o, &n, &old, &new).unwrap_err();
    assert!(err.contains("ISO0"), "{err}");
    assert!(err.contains(&format!("statement {}", at + 1)), "{err}");
}

/// Plans OLD -> NEW and proves model(OLD + migration) == model(NEW), without a snapshot.
fn prove(old_spec: &str, new_spec: &str) -> migrate::Migration {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", old_spec);
    let new = build(dir.path(), "new", new_spec);
    let migration = migrate::plan(&old, &new).unwrap();
    let script = migration.script(true);
    let applied = load_script(dir.path(), "m.sql", &script);
    let end = access_model(&concat(&load_package(&old), &applied));
    let want = access_model(&load_package(&new));
    assert!(
        end == want,
        "model(OLD + migration) != model(NEW):\n{}\n{script}",
        model::differences(&end, &want).join("\n")
    );
    migration
}

/// Issue 11, found once the model folds `CREATE WAREHOUSE IF NOT EXISTS` as Snowflake does (a no-op
/// on an existing warehouse): a setting NEW no longer sets stayed at OLD's value. Plan unsets it,
/// and never sends the no-op CREATE.
#[test]
fn a_warehouse_setting_removed_from_the_spec_is_unset() {
    let old = example();
    let new = edit(&old, "    statement_timeout_seconds: 3600\n", "");
    let m = prove(&old, &new);
    assert!(
        m.steps
            .iter()
            .any(|s| s.text == "ALTER WAREHOUSE ANALYTICS_WH UNSET STATEMENT_TIMEOUT_IN_SECONDS"),
        "{m:#?}"
    );
    assert!(
        !m.steps
            .iter()
            .any(|s| s.text.starts_with("CREATE WAREHOUSE")),
        "{m:#?}"
    );
}

/// A resized warehouse is altered in place; its no-op `CREATE ... IF NOT EXISTS` is not sent.
#[test]
fn a_resized_warehouse_is_altered_not_created() {
    let old = example();
    let new = edit(&old, "    size: XSMALL\n", "    size: MEDIUM\n");
    let m = prove(&old, &new);
    assert!(
        m.steps
            .iter()
            .any(|s| s.text.starts_with("ALTER WAREHOUSE ANALYTICS_WH SET")
                && s.text.contains("WAREHOUSE_SIZE = MEDIUM")),
        "{m:#?}"
    );
    assert!(
        !m.steps
            .iter()
            .any(|s| s.text.starts_with("CREATE WAREHOUSE"))
    );
}

/// Monitor ALTERs come from model(NEW): only the triggers, as the model holds them.
#[test]
fn a_monitor_triggers_change_is_rendered_from_the_model() {
    let old = example();
    let new = edit(
        &old,
        "        - { percent: 90, action: suspend }\n",
        "        - { percent: 95, action: suspend }\n",
    );
    let m = prove(&old, &new);
    let alter: Vec<&str> = m
        .steps
        .iter()
        .filter(|s| s.text.starts_with("ALTER RESOURCE MONITOR"))
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        alter,
        [
            "ALTER RESOURCE MONITOR CLIENT_ACME_INDUSTRIES_MONITOR TRIGGERS ON 75 PERCENT DO NOTIFY ON 95 PERCENT DO SUSPEND ON 100 PERCENT DO SUSPEND_IMMEDIATE"
        ]
    );
}

/// A service user's comment lives only in `CREATE USER IF NOT EXISTS`, which changes nothing on an
/// existing user: before the model kept users' properties, a changed comment planned nothing and
/// the account kept the old one. Now it is set from model(NEW), and the user's other properties are
/// left alone (SET names only what changed).
#[test]
fn change_a_service_user_comment_sets_it_in_place() {
    let old = example();
    let new = edit(
        &old,
        "comment: Sigma connection for Jon Doe Tech",
        "comment: JDT dashboards",
    );
    let m = check("change_a_service_user_comment", &old, &new);
    let texts: Vec<&str> = m.steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        ["ALTER USER JON_DOE_TECH_SVC SET COMMENT = 'JDT dashboards'"],
        "{texts:?}"
    );
    assert_eq!(m.steps[0].role, "USERADMIN");
}
