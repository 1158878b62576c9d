//! `plan` on pairs of example specs: each migration snapshotted, applying it to OLD gives
//! NEW's end state (grants, objects, monitors, policies, attachments), plan(NEW, NEW) is empty,
//! and destructive statements are held back unless allowed.

use std::path::{Path, PathBuf};

use snowtenant::apply::source::{self, Source};
use snowtenant::diag::SourceFile;
use snowtenant::migrate::{self, state};

fn example() -> String {
    std::fs::read_to_string("examples/platform.yaml").unwrap()
}

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

fn edit(spec: &str, from: &str, to: &str) -> String {
    assert!(spec.contains(from), "spec lacks {from:?}");
    spec.replacen(from, to, 1)
}

/// The audit's access model of a sequence of statements, each run under its `USE ROLE`.
fn access_model(source: &Source) -> snowtenant::audit::AccessModel {
    let mut model = snowtenant::audit::AccessModel::default();
    for step in &source.steps {
        let mut role = source.contexts[step.context]
            .role
            .clone()
            .unwrap_or_default();
        let checked = snowtenant::sqlcheck::Checked {
            offset: 0,
            line: step.line,
            col: 1,
            text: step.text.clone(),
            stmt: step.stmt.clone(),
        };
        model.apply(&step.file, &checked, &mut role);
    }
    model
}

/// OLD's statements followed by the migration's.
fn concat(old: &Source, migration: &Source) -> Source {
    let mut s = old.clone();
    let base = s.contexts.len();
    s.contexts.extend(migration.contexts.iter().cloned());
    s.steps
        .extend(migration.steps.iter().cloned().map(|mut st| {
            st.context += base;
            st
        }));
    s
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
    let end = state::fold(&concat(&load_package(&old), &applied));
    let want = state::fold(&load_package(&new));
    assert_eq!(
        end.access(),
        want.access(),
        "{name}: end state differs\n{script}"
    );
    // The same end state through the audit's access model (issue 7: model(OLD + migration) ==
    // model(NEW)), which also covers ownership, future grants, views and merged mapping rows.
    let through_audit = access_model(&concat(&load_package(&old), &applied));
    let want_audit = access_model(&load_package(&new));
    assert_eq!(
        through_audit, want_audit,
        "{name}: audit model differs\n{script}"
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
    let start = old.find("  - id: ACME_INDUSTRIES").unwrap();
    let end = old.find("embed:\n").unwrap();
    let new = format!("{}{}", &old[..start], &old[end..]);
    let m = check("remove_a_tenant", &old, &new);
    assert!(m.destructive().any(|s| {
        s.text
            .contains("DROP ROLE IF EXISTS CLIENT_ACME_INDUSTRIES_ROLE")
    }));
    let held = m.script(false);
    assert!(!held.lines().any(|l| l.starts_with("DROP ")), "{held}");
    assert!(held.contains("destructive statement(s) not emitted"));
}

#[test]
fn change_a_quota_alters_the_monitor_with_its_full_trigger_list() {
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
    assert!(alter.text.contains("TRIGGERS ON 75 PERCENT DO NOTIFY"));
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
fn change_a_policy_signature_detaches_drops_creates_and_reattaches() {
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
    assert_eq!(
        order,
        ["attach-or-detach", "drop", "create", "attach-or-detach"]
    );
    assert!(
        m.steps
            .iter()
            .all(|s| !s.why.contains("signature") || s.destructive)
    );
    let path = dir.path().join("m.sql");
    std::fs::write(&path, m.script(true)).unwrap();
    let end = state::fold(&concat(&load_package(&old), &source::load(&path).unwrap()));
    let want = state::fold(&load_package(&new));
    assert_eq!(end.access(), want.access());
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
    assert_eq!(integrations.count(), 4, "{m:#?}");
    assert_eq!(m.destructive().count(), 0);
}
