//! The fold follows Snowflake's documented semantics statement by statement: a model that is kinder
//! than Snowflake (an `IF NOT EXISTS` that changes an existing object, a `CREATE OR REPLACE` that
//! keeps grants) would let `plan` prove `model(OLD + migration) == model(NEW)` for a migration that
//! leaves the account elsewhere.

use crate::audit::AccessModel;
use crate::audit::model::{ObjectKey, Privilege};

fn model_of(script: &str) -> AccessModel {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.sql");
    std::fs::write(&path, script).unwrap();
    let source = crate::apply::source::load(&path).unwrap_or_else(|e| panic!("{e}\n{script}"));
    crate::migrate::model::of(&source)
}

fn holds(m: &AccessModel, role: &str, privilege: &str, kind: &str, name: &str) -> bool {
    m.privileges.contains_key(&Privilege {
        grantee: role.into(),
        object: ObjectKey {
            kind: kind.into(),
            name: name.into(),
        },
        privilege: privilege.into(),
    })
}

const SCHEMA: &str = "USE ROLE SYSADMIN;\nCREATE DATABASE IF NOT EXISTS D;\nCREATE SCHEMA IF NOT EXISTS D.S;\nCREATE ROLE IF NOT EXISTS R;\n";

/// docs.snowflake.com/en/sql-reference/sql/create-warehouse: `IF NOT EXISTS` does nothing when the
/// warehouse exists, so its size stays; only ALTER changes it.
#[test]
fn create_warehouse_if_not_exists_keeps_an_existing_warehouses_settings() {
    let m = model_of(
        "USE ROLE SYSADMIN;\n\
         CREATE WAREHOUSE IF NOT EXISTS W WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 INITIALLY_SUSPENDED = TRUE;\n\
         CREATE WAREHOUSE IF NOT EXISTS W WITH WAREHOUSE_SIZE = LARGE AUTO_SUSPEND = 300;\n",
    );
    let w = &m.warehouse_settings["W"];
    assert_eq!(w["WAREHOUSE_SIZE"], "XSMALL");
    assert_eq!(w["AUTO_SUSPEND"], "60");
    assert!(
        !w.contains_key("INITIALLY_SUSPENDED"),
        "a creation option, not a setting"
    );
}

/// docs.snowflake.com/en/sql-reference/sql/alter-warehouse: SET changes what it names, UNSET puts a
/// property back to its default (no value in the model, as if never set).
#[test]
fn alter_warehouse_set_and_unset_change_the_settings() {
    let m = model_of(
        "USE ROLE SYSADMIN;\n\
         CREATE WAREHOUSE IF NOT EXISTS W WITH WAREHOUSE_SIZE = XSMALL STATEMENT_TIMEOUT_IN_SECONDS = 3600;\n\
         ALTER WAREHOUSE W SET WAREHOUSE_SIZE = SMALL;\n\
         ALTER WAREHOUSE W UNSET STATEMENT_TIMEOUT_IN_SECONDS;\n",
    );
    let w = &m.warehouse_settings["W"];
    assert_eq!(w["WAREHOUSE_SIZE"], "SMALL");
    assert!(!w.contains_key("STATEMENT_TIMEOUT_IN_SECONDS"), "{w:?}");
}

/// docs.snowflake.com/en/release-notes/bcr-bundles/2026_08/bcr-2433 ("before the change"):
/// `CREATE OR REPLACE` without `COPY GRANTS` drops the privileges granted on the replaced view and
/// the replacement inherits the schema's future grants; with `COPY GRANTS` they are kept.
#[test]
fn create_or_replace_view_drops_its_grants_unless_copy_grants() {
    let base = format!(
        "{SCHEMA}CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR);\n\
         CREATE OR REPLACE VIEW D.S.V AS SELECT K FROM D.S.T;\n\
         GRANT SELECT ON VIEW D.S.V TO ROLE R;\n"
    );
    let replaced = model_of(&format!(
        "{base}CREATE OR REPLACE VIEW D.S.V AS SELECT K FROM D.S.T;\n"
    ));
    assert!(!holds(&replaced, "R", "SELECT", "VIEW", "D.S.V"));
    let copied = model_of(&format!(
        "{base}CREATE OR REPLACE VIEW D.S.V COPY GRANTS AS SELECT K FROM D.S.T;\n"
    ));
    assert!(holds(&copied, "R", "SELECT", "VIEW", "D.S.V"));
    let future = model_of(&format!(
        "{base}GRANT SELECT ON FUTURE VIEWS IN SCHEMA D.S TO ROLE F;\n\
         CREATE OR REPLACE VIEW D.S.V AS SELECT K FROM D.S.T;\n"
    ));
    assert!(holds(&future, "F", "SELECT", "VIEW", "D.S.V"), "inherited");
}

/// docs.snowflake.com/en/sql-reference/sql/create-view: `IF NOT EXISTS` on an existing view leaves
/// its query, columns and grants as they are.
#[test]
fn create_view_if_not_exists_on_an_existing_view_changes_nothing() {
    let base = format!(
        "{SCHEMA}CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR, N NUMBER);\n\
         CREATE VIEW IF NOT EXISTS D.S.V AS SELECT K FROM D.S.T;\n\
         GRANT SELECT ON VIEW D.S.V TO ROLE R;\n"
    );
    let before = model_of(&base);
    let after = model_of(&format!(
        "{base}CREATE VIEW IF NOT EXISTS D.S.V AS SELECT K, N FROM D.S.T;\n"
    ));
    assert_eq!(before.relations["D.S.V"], after.relations["D.S.V"]);
    assert!(holds(&after, "R", "SELECT", "VIEW", "D.S.V"));
}

/// A replaced table is a new, empty table without the old one's grants; its row access policy goes
/// with the old table (docs.snowddl.com/basic/yaml-configs/row-access-policy: re-created objects
/// "initially lack policy references").
#[test]
fn create_or_replace_table_drops_its_grants_and_its_policy() {
    let m = model_of(&format!(
        "{SCHEMA}CREATE ROW ACCESS POLICY IF NOT EXISTS D.S.P AS (K VARCHAR) RETURNS BOOLEAN -> TRUE;\n\
         CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR);\n\
         ALTER TABLE D.S.T ADD ROW ACCESS POLICY D.S.P ON (K);\n\
         GRANT SELECT ON TABLE D.S.T TO ROLE R;\n\
         CREATE OR REPLACE TABLE D.S.T (K VARCHAR);\n"
    ));
    assert!(!m.attachments.contains_key("D.S.T"), "{:?}", m.attachments);
    assert!(!holds(&m, "R", "SELECT", "TABLE", "D.S.T"));
}

/// docs.snowflake.com/en/sql-reference/sql/create-schema: `IF NOT EXISTS` keeps the existing schema,
/// its managed access and its contents.
#[test]
fn create_schema_if_not_exists_keeps_managed_access_and_contents() {
    let m = model_of(
        "USE ROLE SYSADMIN;\nCREATE DATABASE IF NOT EXISTS D;\n\
         CREATE SCHEMA IF NOT EXISTS D.S WITH MANAGED ACCESS;\n\
         CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR);\n\
         CREATE SCHEMA IF NOT EXISTS D.S;\n",
    );
    assert!(m.schemas["D.S"].0, "managed access kept");
    assert!(m.relations.contains_key("D.S.T"));
}

/// docs.snowflake.com/en/sql-reference/sql/create-alert: `IF NOT EXISTS` leaves a resumed alert
/// resumed; `OR REPLACE` creates it again, suspended.
#[test]
fn create_alert_if_not_exists_keeps_it_resumed_and_or_replace_suspends_it() {
    let alert = |head: &str| {
        format!(
            "CREATE {head} D.S.A WAREHOUSE = W SCHEDULE = '60 MINUTE' IF (EXISTS (SELECT 1)) THEN SELECT 1;\n"
        )
    };
    let base = format!(
        "{SCHEMA}{}ALTER ALERT D.S.A RESUME;\n",
        alert("ALERT IF NOT EXISTS")
    );
    assert!(model_of(&format!("{base}{}", alert("ALERT IF NOT EXISTS"))).alerts["D.S.A"].resumed);
    assert!(!model_of(&format!("{base}{}", alert("OR REPLACE ALERT"))).alerts["D.S.A"].resumed);
}

/// bcr-2433 ("before the change"): replacing a procedure without `COPY GRANTS` drops USAGE on it.
#[test]
fn create_or_replace_procedure_drops_usage_unless_copy_grants() {
    let create = |copy: &str| {
        format!(
            "CREATE OR REPLACE PROCEDURE D.S.PR() {copy}RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN RETURN 1; END';\n"
        )
    };
    let base = format!(
        "{SCHEMA}{}GRANT USAGE ON PROCEDURE D.S.PR() TO ROLE R;\n",
        create("")
    );
    assert!(holds(&model_of(&base), "R", "USAGE", "PROCEDURE", "D.S.PR"));
    let replaced = model_of(&format!("{base}{}", create("")));
    assert!(!holds(&replaced, "R", "USAGE", "PROCEDURE", "D.S.PR"));
    let copied = model_of(&format!("{base}{}", create("COPY GRANTS ")));
    assert!(holds(&copied, "R", "USAGE", "PROCEDURE", "D.S.PR"));
}

/// docs.snowflake.com/en/sql-reference/sql/drop-table: the grants on a dropped table and its policy
/// reference go with it.
#[test]
fn drop_table_removes_its_grants_and_its_policy_reference() {
    let m = model_of(&format!(
        "{SCHEMA}CREATE ROW ACCESS POLICY IF NOT EXISTS D.S.P AS (K VARCHAR) RETURNS BOOLEAN -> TRUE;\n\
         CREATE TABLE IF NOT EXISTS D.S.T (K VARCHAR);\n\
         ALTER TABLE D.S.T ADD ROW ACCESS POLICY D.S.P ON (K);\n\
         GRANT SELECT ON TABLE D.S.T TO ROLE R;\n\
         DROP TABLE D.S.T;\n"
    ));
    assert!(m.attachments.is_empty() && !holds(&m, "R", "SELECT", "TABLE", "D.S.T"));
}

/// docs.snowflake.com/en/sql-reference/sql/create-user: `CREATE OR REPLACE USER` is a new user,
/// without the roles granted to the old one; `IF NOT EXISTS` keeps the old one's defaults.
#[test]
fn create_user_or_replace_loses_its_roles_and_if_not_exists_keeps_its_defaults() {
    let base = "USE ROLE USERADMIN;\nCREATE ROLE IF NOT EXISTS R;\n\
        CREATE USER IF NOT EXISTS U DEFAULT_ROLE = R;\nGRANT ROLE R TO USER U;\n";
    let kept = model_of(&format!(
        "{base}CREATE USER IF NOT EXISTS U DEFAULT_ROLE = X;\n"
    ));
    assert_eq!(kept.users["U"].default_role.as_deref(), Some("R"));
    assert!(kept.user_grants.contains_key(&("R".into(), "U".into())));
    let replaced = model_of(&format!("{base}CREATE OR REPLACE USER U;\n"));
    assert!(replaced.users["U"].default_role.is_none());
    assert!(replaced.user_grants.is_empty());
}
