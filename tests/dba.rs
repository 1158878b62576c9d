//! What a Snowflake DBA needs from the package (issue 15): offboarding that cuts a tenant off and
//! runs as roles that can, cost attribution by role, one bounded budget alert, monitors that notify
//! someone, a dbt role with exactly what dbt needs. Each test names the Snowflake doc page it
//! encodes.

#[path = "support/spec_edit.rs"]
mod spec_edit;

use spec_edit::{compile, edit, example, file};

/// Statement texts of a file, in order, with the role and warehouse in use before each.
fn statements(text: &str) -> Vec<(String, Option<String>, String)> {
    let (mut role, mut wh) = (String::new(), None);
    let mut out = Vec::new();
    for piece in snowtenant::sqlcheck::split::split(text) {
        let t = piece
            .text
            .lines()
            .filter(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        let t = t.trim().to_string();
        if let Some(r) = t.strip_prefix("USE ROLE ") {
            role = r.to_string();
        } else if let Some(w) = t.strip_prefix("USE WAREHOUSE ") {
            wh = Some(w.to_string());
        } else if !t.is_empty() {
            out.push((role.clone(), wh.clone(), t));
        }
    }
    out
}

// https://docs.snowflake.com/en/sql-reference/sql/revoke-role,
// https://docs.snowflake.com/en/sql-reference/sql/drop-role (future grants need MANAGE GRANTS),
// https://docs.snowflake.com/en/sql-reference/sql/drop-schema (Time Travel, Fail-safe).
#[test]
fn revoke_role_and_drop_role_docs_offboarding_cuts_sigma_off_first_and_runs_each_statement_as_a_role_that_can()
 {
    let p = compile(&example()).unwrap();
    for (tenant, role) in [
        ("ACME_INDUSTRIES", "CLIENT_ACME_INDUSTRIES_ROLE"),
        ("JON_DOE_TECH", "CLIENT_JON_DOE_TECH_ROLE"),
    ] {
        let text = file(&p, &format!("offboard/{tenant}.sql"));
        let (step1, destructive) = text.split_once("-- DESTRUCTIVE from here on").unwrap();
        let safe = statements(step1);
        // Revoked from Sigma's connection user before anything else.
        assert_eq!(
            safe[0],
            (
                "SECURITYADMIN".into(),
                None,
                format!("REVOKE ROLE {role} FROM USER SIGMA_SERVICE_USER")
            ),
            "{tenant}"
        );
        let all = statements(&text);
        for (run_as, wh, s) in &all {
            if s.starts_with("DELETE") || s.starts_with("INSERT") || s.starts_with("MERGE") {
                assert_eq!(wh.as_deref(), Some("ANALYTICS_WH"), "{tenant}: {s}");
                assert_eq!(run_as, "SYSADMIN", "{tenant}: {s}");
            }
            if s.starts_with("DROP ROLE") {
                assert_eq!(
                    run_as, "SECURITYADMIN",
                    "{tenant}: MANAGE GRANTS for future grants"
                );
            }
            if s.starts_with("DROP RESOURCE MONITOR") {
                assert_eq!(run_as, "ACCOUNTADMIN");
            }
            if s.starts_with("DROP USER") {
                assert_eq!(run_as, "USERADMIN");
            }
        }
        let destructive = statements(destructive.split_once('\n').unwrap().1);
        let shared_delete = format!(
            "DELETE FROM ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS WHERE TENANT_ID = '{tenant}'"
        );
        let at = |needle: &str| {
            destructive
                .iter()
                .position(|(_, _, s)| s.starts_with(needle))
                .unwrap_or_else(|| panic!("{tenant}: no {needle}"))
        };
        // The mapping row is back (the policy shows SYSADMIN the rows only through it) before
        // the shared rows are deleted, and removed after.
        assert!(
            at("INSERT INTO ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ROLE_MAP") < at(&shared_delete)
        );
        assert!(
            at(&shared_delete) < at("DELETE FROM ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ROLE_MAP")
        );
        assert!(
            text.contains("UNDROP SCHEMA") && text.contains("Fail-safe"),
            "{tenant}: retention"
        );
        assert!(!step1.contains("DROP "), "{tenant}: step 1 drops nothing");
    }
}

// https://docs.snowflake.com/en/sql-reference/account-usage/query_history (ROLE_NAME),
// https://docs.snowflake.com/en/sql-reference/account-usage/query_attribution_history.
#[test]
fn query_history_doc_tenant_query_cost_attributes_by_role_with_the_tag_as_detail() {
    let p = compile(&example()).unwrap();
    let views = file(&p, "sql/07_views.sql");
    let cost = views
        .split(";\n")
        .find(|s| s.contains("VIEW ANALYTICS_PLATFORM.GOVERNANCE.TENANT_QUERY_COST "))
        .unwrap();
    assert!(cost.contains("SELECT M.TENANT_ID,"), "{cost}");
    assert!(
        cost.contains("JOIN SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY AS H ON H.QUERY_ID = Q.QUERY_ID")
    );
    assert!(cost.contains(
        "JOIN ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ROLE_MAP AS M ON M.ROLE_NAME = H.ROLE_NAME"
    ));
    assert!(
        cost.contains("AS TAGGED_TENANT_ID"),
        "the tag stays as detail"
    );
    assert!(
        !cost.contains("WHERE TRY_PARSE_JSON"),
        "untagged (Sigma) queries count"
    );
    // Sigma's user switches to the tenant role, which is what the join keys on.
    let sigma = file(&p, "sigma/snowflake.sql");
    assert!(sigma.contains("GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER SIGMA_SERVICE_USER"));
}

fn with_budgets(n: usize) -> String {
    let mut spec = example();
    for i in 0..n {
        spec = edit(
            &spec,
            "embed:\n",
            &format!(
                "  - id: BUDGETED_{i}\n    display_name: Budgeted {i}\n    isolation: [row]\n    warehouse: ANALYTICS_WH\n    soft_budget:\n      monthly_credits: 10\n    allowed_cidrs: [192.0.2.0/24]\n    dashboards:\n      sales_distribution: workbook/Sales-Distribution-1aA1\nembed:\n"
            ),
        );
    }
    spec
}

// https://docs.snowflake.com/en/sql-reference/sql/create-alert,
// https://docs.snowflake.com/en/sql-reference/sql/create-resource-monitor (no FREQUENCY and
// START_TIMESTAMP: the quota resets at the start of each calendar month).
#[test]
fn create_alert_doc_one_alert_for_every_budget_bounded_to_the_period_and_notifying_once() {
    let p = compile(&with_budgets(20)).unwrap();
    let alerts = file(&p, "sql/10_alerts.sql");
    assert_eq!(
        alerts.matches("CREATE OR REPLACE ALERT").count(),
        1,
        "{alerts}"
    );
    assert!(alerts.contains("WHERE OVER_BUDGET AND NOT NOTIFIED"));
    let views = file(&p, "sql/07_views.sql");
    assert!(views.contains("DATE_TRUNC('MONTH', CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP()))"));
    assert!(
        views.contains(
            "WHERE Q.START_TIME >= P.PERIOD_START_AT AND H.START_TIME >= P.PERIOD_START_AT"
        )
    );
    let procs = file(&p, "sql/08_procedures.sql");
    assert!(
        procs.contains("INSERT INTO ANALYTICS_PLATFORM.GOVERNANCE.TENANT_BUDGET_NOTIFICATIONS")
    );
    let db = file(&p, "sql/05_database.sql");
    assert_eq!(
        db.matches(", 10, 'finops@example.com', NULL)").count(),
        20,
        "every budget is a row"
    );
    // Monthly monitors reset with the calendar month, the budgets' period.
    let monitors = file(&p, "sql/03_monitors.sql");
    assert!(!monitors.contains("START_TIMESTAMP"), "{monitors}");
    assert!(!monitors.contains("FREQUENCY = MONTHLY"), "{monitors}");
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor (NOTIFY_USERS).
#[test]
fn alter_resource_monitor_doc_notify_users_are_set_and_converged() {
    let p = compile(&example()).unwrap();
    let monitors = file(&p, "sql/03_monitors.sql");
    assert!(monitors.contains(
        "CLIENT_ACME_INDUSTRIES_MONITOR WITH CREDIT_QUOTA = 100 NOTIFY_USERS = (PLATFORM_FINOPS)"
    ));
    assert!(monitors.contains("ALTER RESOURCE MONITOR CLIENT_ACME_INDUSTRIES_MONITOR SET CREDIT_QUOTA = 100 NOTIFY_USERS = (PLATFORM_FINOPS)"));
}

// https://docs.snowflake.com/en/user-guide/notifications/webhook-notifications.
#[test]
fn webhook_notifications_doc_a_tenant_budget_can_post_to_its_webhook_integration() {
    let spec = edit(
        &example(),
        "      monthly_credits: 25\n",
        "      monthly_credits: 25\n      webhook_integration: JON_DOE_SLACK\n",
    );
    let p = compile(&spec).unwrap();
    let db = file(&p, "sql/05_database.sql");
    assert!(
        db.contains("('JON_DOE_TECH', 25, 'finops@example.com', 'JON_DOE_SLACK')"),
        "{db}"
    );
    let integrations = file(&p, "sql/04_integrations.sql");
    assert!(integrations.contains("GRANT USAGE ON INTEGRATION JON_DOE_SLACK TO ROLE SYSADMIN"));
    let procs = file(&p, "sql/08_procedures.sql");
    assert!(procs.contains("SYSTEM$SEND_SNOWFLAKE_NOTIFICATION"));
}

// https://docs.snowflake.com/en/user-guide/resource-monitors (an account monitor's SUSPEND stops
// every warehouse of the account).
#[test]
fn resource_monitors_doc_an_account_monitor_is_notify_only_unless_suspending_is_accepted() {
    let spec = edit(
        &example(),
        "      - { percent: 90, action: notify }\n      - { percent: 100, action: notify }\n",
        "      - { percent: 90, action: suspend }\n      - { percent: 100, action: notify }\n",
    );
    let diags = compile(&spec).err().expect("refused");
    assert!(diags.iter().any(|d| d.code == "SPEC025"), "{diags:?}");
    let accepted = edit(
        &spec,
        "    account: true\n",
        "    account: true\n    suspend_account: true\n",
    );
    let p = compile(&accepted).unwrap();
    // The build warns that deploying replaces the account's monitor.
    assert!(p.audit_warnings.iter().any(|w| w.code == "ISO044"));
}

// https://docs.snowflake.com/en/sql-reference/sql/create-warehouse (AUTO_SUSPEND 0 never
// suspends; INITIALLY_SUSPENDED defaults to FALSE).
#[test]
fn create_warehouse_doc_auto_suspend_zero_is_refused_and_new_warehouses_start_suspended() {
    let spec = edit(
        &example(),
        "      auto_suspend_seconds: 60\n      initially_suspended: true\n",
        "      auto_suspend_seconds: 0\n",
    );
    let diags = compile(&spec).err().expect("refused");
    assert!(diags.iter().any(|d| d.code == "SPEC065"), "{diags:?}");
    let spec = edit(
        &example(),
        "      initially_suspended: true\n    credit_quota:",
        "    credit_quota:",
    );
    let p = compile(&spec).unwrap();
    assert!(file(&p, "sql/02_warehouses.sql").contains(
        "CREATE WAREHOUSE IF NOT EXISTS CLIENT_ACME_INDUSTRIES_WH WITH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 60 INITIALLY_SUSPENDED = TRUE"
    ));
}

// https://docs.snowflake.com/en/sql-reference/snowflake-db-roles,
// https://docs.snowflake.com/en/sql-reference/sql/create-external-function (CREATE OR ALTER).
#[test]
fn snowflake_db_roles_doc_usage_viewer_instead_of_imported_privileges_and_the_function_keeps_its_grants()
 {
    let p = compile(&example()).unwrap();
    let deploy = file(&p, "deploy.sql");
    assert!(!deploy.contains("IMPORTED PRIVILEGES"));
    assert!(deploy.contains("GRANT DATABASE ROLE SNOWFLAKE.USAGE_VIEWER TO ROLE SYSADMIN"));
    assert!(deploy.contains("GRANT DATABASE ROLE SNOWFLAKE.GOVERNANCE_VIEWER TO ROLE SYSADMIN"));
    assert!(deploy.contains("CREATE OR ALTER SECURE EXTERNAL FUNCTION"));
    assert!(!deploy.contains("CREATE OR REPLACE SECURE EXTERNAL FUNCTION"));
}

// https://docs.snowflake.com/en/user-guide/security-row-intro (APPLY on the policy).
#[test]
fn row_access_policy_doc_the_dbt_role_gets_apply_and_create_but_no_tenant_role() {
    let p = compile(&example()).unwrap();
    let grants = file(&p, "sql/11_grants.sql");
    assert!(grants.contains("GRANT APPLY ON ROW ACCESS POLICY ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY TO ROLE DBT_ROLE"));
    for schema in [
        "GOLD_CLIENT_JON_DOE_TECH",
        "GOLD_CLIENT_ACME_INDUSTRIES",
        "GOLD",
    ] {
        assert!(grants.contains(&format!(
            "GRANT CREATE TABLE, CREATE VIEW ON SCHEMA ANALYTICS_PLATFORM.{schema} TO ROLE DBT_ROLE"
        )));
    }
    assert!(
        !grants
            .lines()
            .any(|l| l.starts_with("GRANT ROLE CLIENT_") && l.ends_with("TO ROLE DBT_ROLE;"))
    );
    assert!(
        !grants
            .lines()
            .any(|l| l.starts_with("GRANT SELECT") && l.contains("DBT_ROLE"))
    );
    // The audit proves it: executing every policy and guarded view as DBT_ROLE shows no row.
    let report = snowtenant::audit::audit(&snowtenant::audit::PackageInput::from_files(&p.files));
    assert!(report.passed(), "{}", report.to_human());
    assert!(
        report
            .proof
            .iter()
            .any(|l| l.contains("dbt's role DBT_ROLE executed"))
    );
}

/// The example with External OAuth instead of the key-pair user.
fn oauth(spec: &str) -> String {
    let start = spec.find("    service_user:").unwrap();
    let end = spec.find("-----END PUBLIC KEY-----\n").unwrap() + "-----END PUBLIC KEY-----\n".len();
    let section = "    external_oauth:\n      type: okta\n      issuer: https://example.okta.com/oauth2/default\n      \
         jws_keys_url: https://example.okta.com/oauth2/default/v1/keys\n";
    let spec = format!("{}{section}{}", &spec[..start], &spec[end..]);
    edit(&spec, "connection_auth: key_pair", "connection_auth: oauth")
}

// https://docs.snowflake.com/en/sql-reference/sql/show-grants (SHOW GRANTS OF ROLE): with External
// OAuth the identity provider, not a Snowflake user grant, gives Sigma's sessions the role.
#[test]
fn show_grants_doc_offboarding_under_external_oauth_lists_who_still_holds_the_role() {
    let p = compile(&oauth(&example())).unwrap();
    let text = file(&p, "offboard/JON_DOE_TECH.sql");
    let (step1, _) = text.split_once("-- DESTRUCTIVE from here on").unwrap();
    assert!(!step1.contains("SIGMA_SERVICE_USER"));
    assert!(step1.contains("session:role:CLIENT_JON_DOE_TECH_ROLE"));
    assert!(step1.contains("SHOW GRANTS OF ROLE CLIENT_JON_DOE_TECH_ROLE;"));
    assert!(step1.contains("REVOKE ROLE CLIENT_JON_DOE_TECH_ROLE FROM USER JON_DOE_TECH_SVC;"));
}

/// The example with `jon_doe_tech` spelled in lower case and Acme's rows tagged `acme-industries`.
fn spelled_as_loaded() -> String {
    let spec = edit(&example(), "id: JON_DOE_TECH\n", "id: jon_doe_tech\n");
    edit(
        &spec,
        "  - id: ACME_INDUSTRIES\n",
        "  - id: ACME_INDUSTRIES\n    tenant_value: acme-industries\n",
    )
}

// https://docs.snowflake.com/en/sql-reference/identifiers-syntax: an unquoted identifier is stored in
// upper case, so the role and schema made from `jon_doe_tech` are JON_DOE_TECH's; the tenant column
// holds data, which Snowflake compares case-sensitively, so the mapping table (and the policy's
// comparison with it) must hold the id as the spec spells it, or `tenant_value` when given.
#[test]
fn identifiers_syntax_doc_rows_spelled_as_in_the_spec_are_visible_to_their_tenant_and_no_other() {
    let p = compile(&spelled_as_loaded()).unwrap();
    let database = file(&p, "sql/05_database.sql");
    assert!(database.contains("('jon_doe_tech', 'CLIENT_JON_DOE_TECH_ROLE'"));
    assert!(database.contains("('acme-industries', 'CLIENT_ACME_INDUSTRIES_ROLE'"));
    assert!(
        database
            .contains("CREATE SCHEMA IF NOT EXISTS ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH")
    );
    assert!(!database.contains("'JON_DOE_TECH'"), "{database}");
    // The budget table, the tag and offboarding use the same value.
    assert!(database.contains("('jon_doe_tech', 25"), "{database}");
    assert!(file(&p, "sql/01_roles.sql").contains(r#""tenant":"jon_doe_tech"}"#));
    let offboard = file(&p, "offboard/ACME_INDUSTRIES.sql");
    assert!(
        offboard.contains("WHERE TENANT_ID = 'acme-industries'"),
        "{offboard}"
    );
    assert!(!offboard.contains("'ACME_INDUSTRIES'"), "{offboard}");

    // The audit's execution proof (SQLite) loads each shared table with one row per tenant spelled
    // as the spec spells it, and each tenant role sees exactly its own rows.
    let input = snowtenant::audit::PackageInput::from_files(&p.files);
    let ctx = snowtenant::audit::Context::new(&input);
    let tenants: Vec<&str> = ctx.own.tenants.iter().map(String::as_str).collect();
    assert_eq!(tenants, ["acme-industries", "jon_doe_tech"]);
    let (report, executed) = snowtenant::audit::audit_detailed(&ctx);
    let errors: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity == snowtenant::audit::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let events = executed
        .iter()
        .find(|e| e.relation.ends_with("CLIENT_EVENTS"))
        .expect("the shared table is executed");
    for role in ["CLIENT_JON_DOE_TECH_ROLE", "CLIENT_ACME_INDUSTRIES_ROLE"] {
        let seen = events.seen.iter().find(|(r, _)| r == role).map(|(_, n)| *n);
        assert_eq!(seen, Some(1), "{role} in {:?}", events.seen);
    }
}

// Two tenants with one data value would see each other's rows.
#[test]
fn two_tenants_cannot_share_a_tenant_value() {
    let spec = edit(
        &spelled_as_loaded(),
        "tenant_value: acme-industries",
        "tenant_value: jon_doe_tech",
    );
    let Err(errors) = compile(&spec) else {
        panic!("two tenants with one value must not build");
    };
    assert!(
        errors
            .iter()
            .any(|d| d.code == "SPEC012" && d.message.contains("`jon_doe_tech`")),
        "{errors:#?}"
    );
}

// https://docs.snowflake.com/en/user-guide/oauth-ext-overview ("Scopes"): a token opens a session as
// the user its claim maps to (EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE), with the role of its
// session:role: scope only if that role is granted to the user. A tenant without `oauth_users` has no
// user holding its role, so the build warns with the spec fix; the key-pair example gets no warning.
#[test]
fn oauth_ext_overview_doc_external_oauth_warns_with_the_user_and_grant_each_tenant_role_needs() {
    let p = compile(&oauth(&example())).unwrap();
    let warning = p
        .warnings
        .iter()
        .find(|d| d.code == "SPEC079" && d.message.contains("External OAuth"))
        .unwrap_or_else(|| panic!("{:#?}", p.warnings));
    let help = warning.help.clone().unwrap_or_default();
    assert!(
        warning
            .message
            .contains("2 tenant(s) have no `oauth_users`"),
        "{}",
        warning.message
    );
    for needed in [
        "add `oauth_users: [<the token's claim value of each user>]` to tenant JON_DOE_TECH",
        "CREATE USER ... LOGIN_NAME = '...', GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER ...",
        "session:role:CLIENT_JON_DOE_TECH_ROLE",
    ] {
        assert!(help.contains(needed), "{needed} not in {help}");
    }
    let key_pair = compile(&example()).unwrap();
    assert!(
        !key_pair
            .warnings
            .iter()
            .any(|d| d.message.contains("External OAuth")),
        "{:#?}",
        key_pair.warnings
    );
}
