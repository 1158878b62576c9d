//! `drift` against the fake Snowflake server answering canned result sets: one query per
//! kind, a faithful account has no drift, each kind of difference is reported.

#[path = "support/deploy.rs"]
mod deploy;
#[path = "support/example_package.rs"]
mod example_package;
#[path = "support/fake_snowflake.rs"]
mod fake_snowflake;

use deploy::{options as deployer, session};
use example_package::example_package;
use fake_snowflake::FakeSnowflake;
use serde_json::{Value, json};
use snowtenant::apply::{self, source};
use snowtenant::drift::{self, desired};

fn split(object: &str) -> (Value, Value, Value) {
    let parts: Vec<&str> = object.split('.').collect();
    match parts.as_slice() {
        [a, b, c] => (json!(a), json!(b), json!(c)),
        [a, b] => (json!(a), Value::Null, json!(b)),
        [a] => (Value::Null, Value::Null, json!(a)),
        _ => (Value::Null, Value::Null, Value::Null),
    }
}

/// Result sets describing exactly the state in `s`, in the account views' shapes.
fn answer(server: &FakeSnowflake, s: &desired::State, extra_grants: &[[&str; 4]]) {
    let mut grants: Vec<Vec<Value>> = s
        .grants
        .iter()
        .map(|(p, k, o, g)| {
            let (cat, sch, name) = if k == "ACCOUNT" {
                (Value::Null, Value::Null, json!("MYACCOUNT"))
            } else {
                split(o)
            };
            // SCHEMA rows carry the database in TABLE_CATALOG and the schema in NAME.
            vec![
                json!(p),
                json!(k.replace('_', " ")),
                name,
                cat,
                sch,
                json!(g),
            ]
        })
        .collect();
    for [p, k, o, g] in extra_grants {
        let (cat, sch, name) = split(o);
        grants.push(vec![json!(p), json!(k), name, cat, sch, json!(g)]);
    }
    server.result(
        "SELECT PRIVILEGE",
        &[
            "PRIVILEGE",
            "GRANTED_ON",
            "NAME",
            "TABLE_CATALOG",
            "TABLE_SCHEMA",
            "GRANTEE_NAME",
        ],
        grants,
    );
    let monitors = s
        .monitors
        .iter()
        .map(|(name, m)| {
            let at = |action: &str| {
                let list: Vec<String> = m
                    .triggers
                    .iter()
                    .filter(|(_, a)| a == action)
                    .map(|(p, _)| format!("{p}%"))
                    .collect();
                if list.is_empty() {
                    Value::Null
                } else {
                    json!(list.join(","))
                }
            };
            let level = if s.account_monitor.as_ref() == Some(name) {
                json!("ACCOUNT")
            } else {
                json!("WAREHOUSE")
            };
            vec![
                json!(name),
                json!(format!("{:.2}", m.credit_quota.unwrap_or_default())),
                level,
                json!(m.frequency.clone().unwrap_or_default()),
                at("NOTIFY"),
                at("SUSPEND"),
                at("SUSPEND_IMMEDIATE"),
                json!(m.notify_users.clone().unwrap_or_default().join(", ")),
            ]
        })
        .collect();
    // SHOW RESOURCE MONITORS' columns (docs.snowflake.com/en/sql-reference/sql/show-resource-monitors),
    // those drift reads.
    server.result(
        "SHOW RESOURCE MONITORS",
        &[
            "name",
            "credit_quota",
            "level",
            "frequency",
            "notify_at",
            "suspend_at",
            "suspend_immediately_at",
            "notify_users",
        ],
        monitors,
    );
    policy_references(server, "SELECT POLICY_DB", s.attachments.iter());
    schema_wide(server, s);
    settings_into_account(server, s);
}

/// The settings of `s` (policy bodies, roles granted to users, warehouses' monitors, users'
/// defaults) put in the stateful account, which answers their queries (no canned answers).
fn settings_into_account(server: &FakeSnowflake, s: &desired::State) {
    server.with_account(|a| {
        a.policy_bodies.extend(s.policy_bodies.clone());
        for (role, user) in &s.user_grants {
            a.roles.insert(role.clone());
            a.users.entry(user.clone()).or_default();
            a.grants.insert((
                "USAGE".into(),
                "ROLE".into(),
                role.clone(),
                "USER".into(),
                user.clone(),
            ));
        }
        for (warehouse, monitor) in &s.warehouse_monitors {
            a.objects.insert(("WAREHOUSE".into(), warehouse.clone()));
            a.monitor_of.insert(warehouse.clone(), monitor.clone());
        }
        // The warehouse settings the package gives, as SHOW WAREHOUSES prints them (DRIFT029).
        for (warehouse, props) in &s.warehouse_settings {
            let key = ("WAREHOUSE".to_string(), warehouse.clone());
            a.objects.insert(key.clone());
            a.properties.entry(key).or_default().extend(props.clone());
        }
        for (user, props) in &s.user_defaults {
            a.users
                .entry(user.clone())
                .or_default()
                .extend(props.clone());
        }
    });
}

/// Queries the settings add to the view reading: one per kind (policy bodies, roles granted to
/// users, warehouses), one per user, and the ledger's objects (for leftovers).
fn settings_queries(s: &desired::State) -> usize {
    3 + s.user_defaults.len() + 1
}

/// Queries the settings add to the live reading: one per policy, per role created or granted to a
/// user, per user; warehouses; the ledger's objects.
fn settings_queries_live(s: &desired::State) -> usize {
    let roles: std::collections::BTreeSet<&String> = s
        .roles
        .iter()
        .chain(s.user_grants.iter().map(|(r, _)| r))
        .collect();
    s.policy_bodies.len() + roles.len() + 1 + s.user_defaults.len() + 1
}

/// `ON ALL` containers hold no objects (so the grants expand to nothing) and each schema of a
/// future grant lists the package's future grants, in SHOW FUTURE GRANTS' shape.
fn schema_wide(server: &FakeSnowflake, s: &desired::State) {
    let columns = ["created_on", "name", "database_name", "schema_name", "kind"];
    server.result("SHOW TABLES IN", &columns, Vec::new());
    server.result("SHOW VIEWS IN", &columns, Vec::new());
    let mut by_schema: std::collections::BTreeMap<&str, Vec<Vec<Value>>> = Default::default();
    for (p, k, c, _, future, g) in &s.schema_wide {
        if *future {
            by_schema.entry(c).or_default().push(vec![
                json!("2026-11-26 10:00:00.000 -0800"),
                json!(p),
                json!(k),
                json!(format!("{c}.<{k}>")),
                json!("ROLE"),
                json!(g),
                json!("false"),
            ]);
        }
    }
    for (schema, rows) in by_schema {
        server.result(
            &format!("SHOW FUTURE GRANTS IN SCHEMA {schema}"),
            &[
                "created_on",
                "privilege",
                "grant_on",
                "name",
                "grant_to",
                "grantee_name",
                "grant_option",
            ],
            rows,
        );
    }
}

/// Queries the `ON ALL` / `ON FUTURE` reading adds: one per (kind, container) of ALL grants and
/// one per container of FUTURE grants.
fn schema_wide_queries(s: &desired::State) -> usize {
    let all: std::collections::BTreeSet<_> = s
        .schema_wide
        .iter()
        .filter(|g| !g.4)
        .map(|g| (&g.1, &g.2))
        .collect();
    let future: std::collections::BTreeSet<_> =
        s.schema_wide.iter().filter(|g| g.4).map(|g| &g.2).collect();
    all.len() + future.len()
}

/// Answers statements starting with `prefix` with these `(table, policy)` attachments, in the shape
/// of the POLICY_REFERENCES view and table function.
fn policy_references<'a>(
    server: &FakeSnowflake,
    prefix: &str,
    attachments: impl Iterator<Item = &'a (String, String)>,
) {
    let refs = attachments
        .map(|(table, policy)| {
            let (pd, ps, pn) = split(policy);
            let (td, ts, tn) = split(table);
            vec![pd, ps, pn, td, ts, tn]
        })
        .collect();
    server.result(
        prefix,
        &[
            "POLICY_DB",
            "POLICY_SCHEMA",
            "POLICY_NAME",
            "REF_DATABASE_NAME",
            "REF_SCHEMA_NAME",
            "REF_ENTITY_NAME",
        ],
        refs,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_matching_the_package_has_no_drift_and_is_read_in_one_query_per_kind() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let want = drift::desired_state(&loaded);
    assert!(want.grants.len() > 20 && !want.monitors.is_empty() && !want.attachments.is_empty());
    assert!(!want.policy_bodies.is_empty() && !want.user_grants.is_empty());
    let server = FakeSnowflake::start().await;
    answer(&server, &want, &[]);
    let found = drift::drift(&session(&server), &loaded).await.unwrap();
    assert!(found.is_empty(), "{found:#?}");
    let queries: Vec<String> = server.received().into_iter().map(|r| r.sql).collect();
    assert!(schema_wide_queries(&want) >= 4);
    assert_eq!(
        queries.len(),
        3 + schema_wide_queries(&want) + settings_queries(&want),
        "{queries:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_difference_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let want = drift::desired_state(&loaded);
    let mut have = want.clone();
    // A revoked grant, a hand-made grant to a managed role and one to an unmanaged role.
    let revoked = have
        .grants
        .iter()
        .find(|(p, k, _, g)| p == "USAGE" && k == "WAREHOUSE" && g == "CLIENT_JON_DOE_TECH_ROLE")
        .cloned()
        .unwrap();
    have.grants.remove(&revoked);
    // A quota raised by hand and a trigger list replaced by an ALTER ... TRIGGERS.
    let monitor = have.monitors.values_mut().next().unwrap();
    monitor.credit_quota = Some(500.0);
    monitor.triggers = vec![(100, "SUSPEND".into())];
    // Its reset frequency and the users it notifies changed by hand (issue 11).
    monitor.frequency = Some("WEEKLY".into());
    monitor.notify_users = Some(vec!["SOMEONE_ELSE".into()]);
    // A missing monitor and a detached policy.
    let dropped = have.monitors.keys().last().cloned().unwrap();
    have.monitors.remove(&dropped);
    let detached = have.attachments.iter().next().cloned().unwrap();
    have.attachments.remove(&detached);
    let server = FakeSnowflake::start().await;
    answer(
        &server,
        &have,
        &[
            [
                "INSERT",
                "TABLE",
                "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS",
                "CLIENT_ACME_INDUSTRIES_ROLE",
            ],
            [
                "SELECT",
                "TABLE",
                "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS",
                "SOMEONE_ELSES_ROLE",
            ],
        ],
    );
    let found = drift::drift(&session(&server), &loaded).await.unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/drift");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let text: Vec<String> = found.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!("every_kind_of_difference", text.join("\n"));
    });
    let codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).collect();
    for code in [
        "DRIFT001", "DRIFT002", "DRIFT003", "DRIFT004", "DRIFT005", "DRIFT006", "DRIFT026",
        "DRIFT027", "DRIFT028",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(!found.iter().any(|f| f.object == "SOMEONE_ELSES_ROLE"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_query_is_an_error_naming_the_kind() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let server = FakeSnowflake::start().await;
    server.fail("SHOW RESOURCE MONITORS", 1);
    let err = drift::drift(&session(&server), &loaded).await.unwrap_err();
    assert!(
        err.starts_with("reading resource monitors: Snowflake error 002003"),
        "{err}"
    );
}

/// Live result sets for the state in `s`: `SHOW GRANTS TO ROLE` per grantee (lower-case columns, as
/// SHOW prints them), the policy references table function per policy, `SHOW RESOURCE MONITORS`.
fn answer_live(server: &FakeSnowflake, s: &desired::State, extra_grants: &[[&str; 4]]) {
    let mut by_role: std::collections::BTreeMap<String, Vec<Vec<Value>>> =
        s.grantees.iter().map(|g| (g.clone(), Vec::new())).collect();
    let rows = s
        .grants
        .iter()
        .map(|(p, k, o, g)| [p.as_str(), k.as_str(), o.as_str(), g.as_str()])
        .chain(extra_grants.iter().copied());
    for [p, k, o, g] in rows {
        // Routines print with their signature inside the quoted last part.
        let name = match k {
            "ACCOUNT" => "MYACCOUNT".to_string(),
            "PROCEDURE" | "FUNCTION" => {
                let (head, last) = o.rsplit_once('.').unwrap();
                format!("{head}.\"{last}(ARG VARCHAR):VARCHAR(16777216)\"")
            }
            _ => o.to_string(),
        };
        by_role.entry(g.to_string()).or_default().push(vec![
            json!("2026-11-26 10:00:00.000 -0800"),
            json!(p),
            json!(k.replace('_', " ")),
            json!(name),
            json!("ROLE"),
            json!(g),
            json!("false"),
            json!("SECURITYADMIN"),
        ]);
    }
    for (role, rows) in by_role {
        server.result(
            &format!("SHOW GRANTS TO ROLE {role}"),
            &[
                "created_on",
                "privilege",
                "granted_on",
                "name",
                "granted_to",
                "grantee_name",
                "grant_option",
                "granted_by",
            ],
            rows,
        );
    }
    for policy in &s.policies {
        let sql = drift::live::policy_references(policy).unwrap();
        policy_references(
            server,
            &sql,
            s.attachments.iter().filter(|(_, p)| p == policy),
        );
    }
    // Monitors have the view reading's shape; registered last, so its catch-all `SELECT POLICY_DB`
    // answer does not shadow the per-policy ones above.
    let mut rest = s.clone();
    rest.grants.clear();
    answer(server, &rest, &[]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reading_asks_each_role_and_policy_and_finds_no_drift_on_a_faithful_account() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let want = drift::desired_state(&loaded);
    let server = FakeSnowflake::start().await;
    answer_live(&server, &want, &[]);
    let found = drift::drift_live(&session(&server), &loaded, 4)
        .await
        .unwrap();
    assert!(found.is_empty(), "{found:#?}");
    let queries: Vec<String> = server.received().into_iter().map(|r| r.sql).collect();
    assert!(
        !queries.iter().any(|q| q.contains("ACCOUNT_USAGE")),
        "{queries:?}"
    );
    for role in &want.grantees {
        assert!(
            queries.contains(&format!("SHOW GRANTS TO ROLE {role}")),
            "{queries:?}"
        );
    }
    assert_eq!(
        queries.len(),
        want.grantees.len()
            + want.policies.len()
            + 1
            + schema_wide_queries(&want)
            + settings_queries_live(&want),
        "{queries:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reading_reports_a_revoked_grant_and_an_extra_one_but_not_a_system_roles_other_grants()
{
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let want = drift::desired_state(&loaded);
    assert!(want.grantees.contains("SYSADMIN") && !want.roles.contains("SYSADMIN"));
    let mut have = want.clone();
    let revoked = have
        .grants
        .iter()
        .find(|(p, k, _, g)| p == "USAGE" && k == "PROCEDURE" && g == "CLIENT_JON_DOE_TECH_ROLE")
        .cloned()
        .unwrap();
    have.grants.remove(&revoked);
    let server = FakeSnowflake::start().await;
    answer_live(
        &server,
        &have,
        &[
            ["CREATE DATABASE", "ACCOUNT", "", "SYSADMIN"],
            [
                "INSERT",
                "TABLE",
                "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS",
                "CLIENT_ACME_INDUSTRIES_ROLE",
            ],
        ],
    );
    let found = drift::drift_live(&session(&server), &loaded, 2)
        .await
        .unwrap();
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            format!(
                "DRIFT001 CLIENT_JON_DOE_TECH_ROLE: missing grant: USAGE ON PROCEDURE {} TO ROLE CLIENT_JON_DOE_TECH_ROLE",
                revoked.2
            ),
            "DRIFT002 CLIENT_ACME_INDUSTRIES_ROLE: not in the package: INSERT ON TABLE ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS TO ROLE CLIENT_ACME_INDUSTRIES_ROLE".to_string(),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_live_query_names_the_role() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = source::load(&example_package(dir.path())).unwrap();
    let want = drift::desired_state(&loaded);
    let server = FakeSnowflake::start().await;
    answer_live(&server, &want, &[]);
    server.fail("SHOW GRANTS TO ROLE CLIENT_ACME_INDUSTRIES_ROLE", 1);
    let err = drift::drift_live(&session(&server), &loaded, 4)
        .await
        .unwrap_err();
    assert!(
        err.starts_with("reading grants to role CLIENT_ACME_INDUSTRIES_ROLE: Snowflake error"),
        "{err}"
    );
}

/// Issue 19: the example applied to the stateful server (ON ALL expanded when it ran, future grants
/// kept), then read back: both readings report nothing, so a clean deploy shows no drift.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freshly_applied_example_has_zero_differences_in_both_readings() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&deployer(&server, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let loaded = source::load(&input).unwrap();
    let live = drift::drift_live(&session(&server), &loaded, 4)
        .await
        .unwrap();
    assert!(live.is_empty(), "{live:#?}");
    let viewed = drift::drift(&session(&server), &loaded).await.unwrap();
    assert!(viewed.is_empty(), "{viewed:#?}");
    // The expansion is what the account holds: SELECT on each tenant's table via ON ALL.
    server.with_account(|a| {
        assert!(a.role_holds(
            "CLIENT_ACME_INDUSTRIES_ROLE",
            "SELECT",
            "TABLE",
            "ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.DASHBOARD_METRICS"
        ))
    });
}

/// Issue 19: a revoked future grant, and a table of the schema the role lost SELECT on, are drift.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_future_grant_and_a_lost_on_all_privilege_are_drift() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&deployer(&server, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let admin = session(&server);
    let schema = "ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH";
    admin
        .exec(&format!(
            "REVOKE SELECT ON FUTURE TABLES IN SCHEMA {schema} FROM ROLE CLIENT_JON_DOE_TECH_ROLE"
        ))
        .await
        .unwrap();
    admin
        .exec(&format!(
            "REVOKE SELECT ON TABLE {schema}.DASHBOARD_METRICS FROM ROLE CLIENT_JON_DOE_TECH_ROLE"
        ))
        .await
        .unwrap();
    let loaded = source::load(&input).unwrap();
    let found = drift::drift_live(&admin, &loaded, 4).await.unwrap();
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            format!(
                "DRIFT001 CLIENT_JON_DOE_TECH_ROLE: missing grant: SELECT ON TABLE {schema}.DASHBOARD_METRICS TO ROLE CLIENT_JON_DOE_TECH_ROLE"
            ),
            format!(
                "DRIFT008 CLIENT_JON_DOE_TECH_ROLE: missing future grant: SELECT ON FUTURE TABLES IN SCHEMA {schema} TO ROLE CLIENT_JON_DOE_TECH_ROLE"
            ),
        ]
    );
}

/// Issue 11: a monitor's frequency and users notified changed by hand, and the account's monitor
/// unset, on the stateful account after a clean deploy: both readings report each (DRIFT026-028).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn monitor_frequency_notify_users_and_the_account_monitor_changed_by_hand_are_drift() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&deployer(&server, &input)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let loaded = source::load(&input).unwrap();
    let want = desired::from_source(&loaded);
    let account_monitor = want.account_monitor.clone().expect("the example sets one");
    let monitor = "CLIENT_ACME_INDUSTRIES_MONITOR";
    assert_eq!(
        want.monitors[monitor].notify_users.as_deref(),
        Some(&["PLATFORM_FINOPS".to_string()][..])
    );
    let admin = session(&server);
    for sql in [
        format!(
            "ALTER RESOURCE MONITOR {monitor} SET FREQUENCY = WEEKLY START_TIMESTAMP = IMMEDIATELY"
        ),
        format!("ALTER RESOURCE MONITOR {monitor} SET NOTIFY_USERS = (SOMEONE_ELSE)"),
        "ALTER ACCOUNT UNSET RESOURCE_MONITOR".to_string(),
    ] {
        admin.exec(&sql).await.unwrap();
    }
    let expected = [
        format!("DRIFT026 {monitor}: frequency is WEEKLY, package says MONTHLY"),
        format!("DRIFT027 {monitor}: notifies SOMEONE_ELSE, package says PLATFORM_FINOPS"),
        format!(
            "DRIFT028 ACCOUNT: the account's resource monitor is none, package says {account_monitor}"
        ),
    ];
    let live = drift::drift_live(&admin, &loaded, 4).await.unwrap();
    let text: Vec<String> = live.iter().map(ToString::to_string).collect();
    assert_eq!(text, expected);
    let viewed = drift::drift(&admin, &loaded).await.unwrap();
    let text: Vec<String> = viewed.iter().map(ToString::to_string).collect();
    assert_eq!(text, expected);
}

const POLICY: &str = "ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY";

/// The findings of both readings, as text, with the given codes only.
async fn both_readings(
    server: &FakeSnowflake,
    input: &std::path::Path,
    codes: &[&str],
) -> [Vec<String>; 2] {
    let loaded = source::load(input).unwrap();
    let admin = session(server);
    let keep = |found: Vec<drift::Finding>| -> Vec<String> {
        found
            .iter()
            .filter(|f| codes.contains(&f.code.as_str()))
            .map(ToString::to_string)
            .collect()
    };
    [
        keep(drift::drift_live(&admin, &loaded, 4).await.unwrap()),
        keep(drift::drift(&admin, &loaded).await.unwrap()),
    ]
}

/// Issue 12: `ALTER ROW ACCESS POLICY ... SET BODY -> TRUE` by hand opens every row to every
/// tenant; the attachment is unchanged, so only the body shows it. Both readings report it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_body_set_to_true_by_hand_is_drift_in_both_readings() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&deployer(&server, &input)).await.unwrap();
    assert!(
        report.failures.is_empty() && report.verify.is_empty(),
        "{report:?}"
    );
    session(&server)
        .exec(&format!(
            "ALTER ROW ACCESS POLICY {POLICY} SET BODY -> TRUE"
        ))
        .await
        .unwrap();
    for found in both_readings(&server, &input, &["DRIFT020"]).await {
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(&format!(
                "DRIFT020 {POLICY}: body is `TRUE`, the package says `IS_ROLE_IN_SESSION("
            )),
            "{found:?}"
        );
    }
    // Every other finding: none.
    let all = both_readings(
        &server,
        &input,
        &[
            "DRIFT001", "DRIFT002", "DRIFT006", "DRIFT007", "DRIFT021", "DRIFT022", "DRIFT025",
        ],
    )
    .await;
    assert_eq!(all, [Vec::<String>::new(), Vec::new()]);
}

/// Issue 12: a tenant role granted to a user the package does not name, and the tenant's role
/// revoked from its service user, are drift (DRIFT022, DRIFT021) in both readings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_role_granted_to_an_extra_user_or_revoked_from_its_service_user_is_drift() {
    let dir = tempfile::tempdir().unwrap();
    let input = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let report = apply::apply(&deployer(&server, &input)).await.unwrap();
    assert!(
        report.failures.is_empty() && report.verify.is_empty(),
        "{report:?}"
    );
    let admin = session(&server);
    for sql in [
        "CREATE USER INTRUDER",
        "GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER INTRUDER",
        "REVOKE ROLE CLIENT_JON_DOE_TECH_ROLE FROM USER JON_DOE_TECH_SVC",
    ] {
        admin.exec(sql).await.unwrap();
    }
    let want = [
        "DRIFT021 JON_DOE_TECH_SVC: role CLIENT_JON_DOE_TECH_ROLE is not granted to user JON_DOE_TECH_SVC".to_string(),
        "DRIFT022 INTRUDER: role CLIENT_ACME_INDUSTRIES_ROLE is granted to user INTRUDER; the package does not grant it".to_string(),
    ];
    let found = both_readings(&server, &input, &["DRIFT021", "DRIFT022"]).await;
    assert_eq!(found, [want.to_vec(), want.to_vec()]);
}

/// Issue 12: a tenant removed from the spec leaves its role, schema and monitor behind unless its
/// offboarding script runs. The ledger records what each deployment created, so drift of the
/// package without the tenant names them (DRIFT025); once they are dropped, nothing is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_of_a_removed_tenant_that_an_earlier_deployment_created_are_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let spec = deploy::example_spec();
    let with_new = deploy::build_spec(dir.path(), "with_new", &deploy::with_new_tenant(&spec));
    let without = deploy::build_spec(dir.path(), "without", &spec);
    let server = FakeSnowflake::start().await;
    // Without a ledger there is nothing to say.
    let loaded = source::load(&without).unwrap();
    let before = drift::leftovers::read(&session(&server), &loaded)
        .await
        .unwrap();
    assert!(before.is_empty(), "{before:?}");
    let report = apply::apply(&deployer(&server, &with_new)).await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let [live, viewed] = both_readings(&server, &without, &["DRIFT025"]).await;
    assert_eq!(live, viewed);
    for expected in [
        "DRIFT025 CLIENT_NEW_CO_ROLE: ROLE CLIENT_NEW_CO_ROLE was created by an earlier deployment",
        "DRIFT025 ANALYTICS_PLATFORM.GOLD_CLIENT_NEW_CO: SCHEMA ANALYTICS_PLATFORM.GOLD_CLIENT_NEW_CO was created",
    ] {
        assert!(
            live.iter().any(|f| f.starts_with(expected)),
            "{expected} not in {live:#?}"
        );
    }
    // Only the removed tenant's objects.
    assert!(live.iter().all(|f| f.contains("NEW_CO")), "{live:#?}");
    // Offboarded: nothing left.
    let admin = session(&server);
    let names: Vec<(String, String)> = live
        .iter()
        .map(|f| {
            let (_, rest) = f.split_once(": ").unwrap();
            let mut w = rest.split(' ');
            let mut kind = w.next().unwrap().to_string();
            if kind == "RESOURCE" {
                kind = "RESOURCE MONITOR".into();
                w.next();
            }
            (kind, w.next().unwrap().to_string())
        })
        .collect();
    for (kind, name) in names {
        admin
            .exec(&format!("DROP {kind} IF EXISTS {name}"))
            .await
            .unwrap();
    }
    let after = both_readings(&server, &without, &["DRIFT025"]).await;
    assert_eq!(after, [Vec::<String>::new(), Vec::new()]);
}
