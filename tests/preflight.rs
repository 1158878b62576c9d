//! `preflight` over real HTTP against the stateful test Snowflake server: what the example package's
//! `IF NOT EXISTS` statements would adopt, and what each adopted object holds beyond the package
//! (docs.snowflake.com/en/sql-reference/sql/create-role: IF NOT EXISTS leaves an existing role as it is).

#[path = "support/example_package.rs"]
mod example_package;
#[path = "support/fake_snowflake.rs"]
mod fake_snowflake;

use example_package::example_package;
use fake_snowflake::FakeSnowflake;
use snowtenant::apply::{self, client::Session, connection::Auth, progress::Mode, source};
use snowtenant::preflight::{self, Adoption};

fn settings(server: &FakeSnowflake) -> apply::Settings {
    apply::Settings {
        name: "fake".into(),
        account: "fakeacct".into(),
        user: "dba".into(),
        auth: Auth::Password("secret".into()),
        role: Some("SECURITYADMIN".into()),
        warehouse: None,
        database: None,
        schema: None,
        endpoint: Some(server.endpoint()),
    }
}

async fn run(server: &FakeSnowflake, package: &std::path::Path) -> Vec<Adoption> {
    let source = source::load(package).unwrap();
    let session = Session::open(&settings(server)).unwrap();
    preflight::preflight(&session, &source, 4).await.unwrap()
}

fn find<'a>(found: &'a [Adoption], kind: &str, name: &str) -> &'a Adoption {
    found
        .iter()
        .find(|a| a.kind == kind && a.name == name)
        .unwrap_or_else(|| panic!("{kind} {name} not reported in {found:#?}"))
}

fn details(a: &Adoption, what: &str) -> Vec<String> {
    a.holds
        .iter()
        .filter(|h| h.what == what)
        .map(|h| h.detail.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_account_adopts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let package = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    assert_eq!(run(&server, &package).await, Vec::<Adoption>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_role_schema_and_warehouse_are_named_with_what_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let package = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    server.with_account(|a| {
        for (sql, role) in [
            ("CREATE ROLE CLIENT_ACME_INDUSTRIES_ROLE", "USERADMIN"),
            ("CREATE USER OLD_ANALYST", "USERADMIN"),
            ("CREATE DATABASE LEGACY", "SYSADMIN"),
            (
                "GRANT USAGE ON DATABASE LEGACY TO ROLE CLIENT_ACME_INDUSTRIES_ROLE",
                "SECURITYADMIN",
            ),
            (
                "GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER OLD_ANALYST",
                "SECURITYADMIN",
            ),
            ("CREATE DATABASE ANALYTICS_PLATFORM", "SYSADMIN"),
            (
                "CREATE SCHEMA ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES",
                "ACCOUNTADMIN",
            ),
            (
                "CREATE TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.OLD_EXPORT (A VARCHAR)",
                "ACCOUNTADMIN",
            ),
            (
                "CREATE WAREHOUSE CLIENT_ACME_INDUSTRIES_WH WITH WAREHOUSE_SIZE = LARGE AUTO_SUSPEND = 60",
                "SYSADMIN",
            ),
        ] {
            a.execute(sql, role).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    });
    let found = run(&server, &package).await;

    let role = find(&found, "ROLE", "CLIENT_ACME_INDUSTRIES_ROLE");
    assert!(role.at.starts_with("sql/01_roles.sql:"), "{}", role.at);
    assert_eq!(details(role, "grant"), ["USAGE on DATABASE LEGACY"]);
    assert_eq!(
        details(role, "granted_to"),
        ["USER OLD_ANALYST holds CLIENT_ACME_INDUSTRIES_ROLE"]
    );

    let schema = find(
        &found,
        "SCHEMA",
        "ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES",
    );
    assert_eq!(
        details(schema, "object"),
        ["TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.OLD_EXPORT is not the package's"]
    );
    assert_eq!(
        details(schema, "owner"),
        ["owned by ACCOUNTADMIN; the package creates it as SYSADMIN"]
    );

    let warehouse = find(&found, "WAREHOUSE", "CLIENT_ACME_INDUSTRIES_WH");
    assert_eq!(
        details(warehouse, "property"),
        ["WAREHOUSE_SIZE is Large; the package sets SMALL"]
    );

    // The database is adopted too and holds only the package's schema; nothing else exists.
    let database = find(&found, "DATABASE", "ANALYTICS_PLATFORM");
    assert!(database.holds.is_empty(), "{database:#?}");
    assert_eq!(found.len(), 4, "{found:#?}");
}

/// A second preflight after the package was applied adopts every object, and each holds nothing
/// beyond the package: the comparison has no false positives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_apply_every_object_is_adopted_holding_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let package = example_package(dir.path());
    let server = FakeSnowflake::start().await;
    let mut options = apply::Options::new(
        package.clone(),
        apply::Settings {
            role: Some("SYSADMIN".into()),
            ..settings(&server)
        },
        apply::default_journal(&package, "fake"),
    );
    options.progress = Mode::Quiet;
    apply::apply(&options).await.unwrap();
    let found = run(&server, &package).await;
    let holding: Vec<&Adoption> = found.iter().filter(|a| !a.holds.is_empty()).collect();
    assert!(holding.is_empty(), "{holding:#?}");
    // Every object is found but policies, which the package resets with ALTER ... SET BODY.
    let source = source::load(&package).unwrap();
    let missed: Vec<(String, String)> = preflight::intent::read(&source)
        .objects
        .into_iter()
        .filter(|o| !found.iter().any(|a| a.kind == o.kind && a.name == o.name))
        .map(|o| (o.kind, o.name))
        .collect();
    assert!(
        missed.iter().all(|(k, _)| k.ends_with("_POLICY")),
        "{missed:?}"
    );
    assert!(found.len() > 15, "{found:#?}");
}
