//! The catalog of Snowflake statements and properties (`src/sqlcheck/catalog/`): option lists of
//! statements sqlparser parses are checked, unsupported kinds say so, and our own templates'
//! statements go through the catalog path.

use snowtenant::diag::SourceFile;
use snowtenant::sqlcheck::catalog::{KINDS, Support, kind_named};
use snowtenant::sqlcheck::{Code, check_script, validate_script, validate_statement};

fn rejected(sql: &str) -> snowtenant::sqlcheck::SqlError {
    match validate_statement(sql) {
        Ok(s) => panic!("accepted: {sql}\n  as {s}"),
        Err(e) => e,
    }
}

fn accepted(sql: &str) {
    if let Err(e) = validate_statement(sql) {
        panic!("rejected: {sql}\n  {}: {e}", e.code);
    }
}

/// The two reproductions, each located at the offending property.
#[test]
fn unknown_properties_of_sqlparser_statements_are_rejected_where_they_are() {
    let e = rejected("CREATE WAREHOUSE wh FOO_BAR = 1 WAREHOUSE_SIZE = 'GIGANTIC'");
    assert_eq!(e.code, Code::UnknownProperty);
    assert_eq!((e.line, e.col), (1, 21), "{e}");
    assert!(
        e.message.contains("WAREHOUSE has no property FOO_BAR"),
        "{e}"
    );
    let e = rejected("CREATE WAREHOUSE wh WAREHOUSE_SIZE = 'GIGANTIC'");
    assert_eq!(e.code, Code::InvalidValue);
    assert_eq!((e.line, e.col), (1, 38), "{e}");
    let e = rejected("ALTER USER u SET FOO_BAR = 1");
    assert_eq!(e.code, Code::UnknownProperty);
    assert_eq!((e.line, e.col), (1, 18), "{e}");
    let e = rejected("ALTER USER u UNSET DEFAULT_ROL");
    assert_eq!(e.code, Code::UnknownProperty);
    assert!(e.message.contains("did you mean DEFAULT_ROLE?"), "{e}");
}

/// [sql/create-warehouse]: enumerations, ranges and properties that constrain each other.
#[test]
fn warehouse_values_and_rules_follow_the_catalog() {
    accepted(
        "CREATE WAREHOUSE wh WAREHOUSE_SIZE = 'X-LARGE' MIN_CLUSTER_COUNT = 1 MAX_CLUSTER_COUNT = 80 SCALING_POLICY = ECONOMY",
    );
    accepted(
        "CREATE WAREHOUSE so WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' RESOURCE_CONSTRAINT = MEMORY_16X_X86",
    );
    accepted("CREATE WAREHOUSE g2 GENERATION = '2' QUERY_ACCELERATION_MAX_SCALE_FACTOR = 100");
    for (sql, code) in [
        (
            "CREATE WAREHOUSE wh SCALING_POLICY = FAST",
            Code::InvalidValue,
        ),
        ("CREATE WAREHOUSE wh GENERATION = '3'", Code::InvalidValue),
        (
            "CREATE WAREHOUSE wh AUTO_RESUME = 'yes'",
            Code::InvalidValue,
        ),
        (
            "CREATE WAREHOUSE wh QUERY_ACCELERATION_MAX_SCALE_FACTOR = 101",
            Code::InvalidValue,
        ),
        (
            "CREATE WAREHOUSE wh MIN_CLUSTER_COUNT = 4 MAX_CLUSTER_COUNT = 2",
            Code::Conflict,
        ),
        (
            "CREATE WAREHOUSE wh WAREHOUSE_SIZE = LARGE MAX_CLUSTER_COUNT = 161",
            Code::Conflict,
        ),
        (
            "CREATE WAREHOUSE wh WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' RESOURCE_CONSTRAINT = STANDARD_GEN_2",
            Code::Conflict,
        ),
        (
            "CREATE WAREHOUSE wh WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' GENERATION = '2'",
            Code::Conflict,
        ),
        (
            "CREATE OR REPLACE WAREHOUSE IF NOT EXISTS wh",
            Code::Conflict,
        ),
        (
            "ALTER WAREHOUSE wh SET INITIALLY_SUSPENDED = TRUE",
            Code::UnknownProperty,
        ),
        (
            "ALTER WAREHOUSE wh SET MIN_CLUSTER_COUNT = 3 MAX_CLUSTER_COUNT = 2",
            Code::Conflict,
        ),
        (
            "ALTER WAREHOUSE wh SET STATEMENT_TIMEOUT_IN_SECONDS = 604801",
            Code::InvalidValue,
        ),
    ] {
        assert_eq!(rejected(sql).code, code, "{sql}");
    }
}

/// [sql/create-user, sql/alter-user, sql/alter-session, sql-reference/parameters].
#[test]
fn user_and_session_parameters_follow_the_catalog() {
    accepted(
        "CREATE USER u TYPE = PERSON EMAIL = 'a@b.c' DEFAULT_SECONDARY_ROLES = ('ALL') QUERY_TAG = 'x' TIMEZONE = 'UTC'",
    );
    accepted(
        "ALTER USER u SET DEFAULT_SECONDARY_ROLES = () MINS_TO_BYPASS_MFA = 10 NETWORK_POLICY = np",
    );
    accepted("ALTER USER u UNSET QUERY_TAG, DEFAULT_ROLE");
    accepted("ALTER SESSION SET QUERY_TAG = 'tenant' TIMEZONE = 'UTC'");
    accepted("ALTER SESSION UNSET QUERY_TAG");
    for (sql, code) in [
        ("CREATE USER u TYPE = ROBOT", Code::InvalidValue),
        (
            "CREATE USER u DEFAULT_SECONDARY_ROLES = ('SOME')",
            Code::InvalidValue,
        ),
        ("CREATE USER u DISABLED = 1", Code::InvalidValue),
        ("ALTER SESSION SET QUERY_TAGS = 'x'", Code::UnknownProperty),
        ("ALTER SESSION SET WEEK_START = 8", Code::InvalidValue),
        ("CREATE ROLE r LOGIN", Code::Syntax),
    ] {
        assert_eq!(rejected(sql).code, code, "{sql}");
    }
    let long_tag = format!("ALTER SESSION SET QUERY_TAG = '{}'", "x".repeat(2001));
    assert_eq!(rejected(&long_tag).code, Code::InvalidValue);
}

/// [sql/create-schema, sql/alter-schema].
#[test]
fn schema_properties_and_transient_retention() {
    accepted("ALTER SCHEMA db.s SET DATA_RETENTION_TIME_IN_DAYS = 30 COMMENT = 'x'");
    accepted("ALTER SCHEMA IF EXISTS db.s UNSET DATA_RETENTION_TIME_IN_DAYS, COMMENT");
    accepted("CREATE TRANSIENT SCHEMA s DATA_RETENTION_TIME_IN_DAYS = 1");
    for (sql, code) in [
        ("ALTER SCHEMA s SET RETENTION = 1", Code::UnknownProperty),
        (
            "ALTER SCHEMA s SET DATA_RETENTION_TIME_IN_DAYS = 91",
            Code::InvalidValue,
        ),
        (
            "CREATE TRANSIENT SCHEMA s DATA_RETENTION_TIME_IN_DAYS = 7",
            Code::Conflict,
        ),
        ("CREATE SCHEMA s LOG_LEVEL = LOUD", Code::InvalidValue),
    ] {
        assert_eq!(rejected(sql).code, code, "{sql}");
    }
}

/// Kinds Snowflake has but snowtenant does not check yet say so, with their own code.
#[test]
fn unsupported_kinds_say_so_with_a_distinct_code() {
    let e = rejected("CREATE PIPE p AS COPY INTO t FROM @st");
    assert_eq!(e.code, Code::Unsupported);
    assert!(
        e.message
            .starts_with("snowtenant does not check CREATE PIPE yet"),
        "{e}"
    );
    for sql in [
        "CREATE OR REPLACE PIPE p AS COPY INTO t FROM @st",
        "ALTER PIPE p REFRESH",
        "DROP PIPE p",
        "CREATE PROJECTION POLICY p AS () RETURNS PROJECTION_CONSTRAINT -> PROJECTION_CONSTRAINT(ALLOW => false)",
        "CREATE STAGE st",
    ] {
        assert_eq!(rejected(sql).code, Code::Unsupported, "{sql}");
    }
    // Kinds Snowflake does not have are grammar errors, and name no PostgreSQL kind.
    for sql in [
        "CREATE TRIGGER t",
        "CREATE EXTENSION e",
        "DROP INDEX i",
        "UNDROP WAREHOUSE w",
    ] {
        let e = rejected(sql);
        assert_eq!(e.code, Code::Syntax, "{sql}");
        assert!(!e.message.contains("COLLATION"), "{e}");
    }
}

/// The catalog's own consistency: one line per property, a doc page on each, no duplicates.
#[test]
fn every_property_and_kind_cites_a_doc_page_and_appears_once() {
    for kind in KINDS {
        assert!(kind.doc.starts_with("sql-reference/"), "{}", kind.name());
        for (i, p) in kind.props.iter().enumerate() {
            assert!(!p.doc.is_empty(), "{}.{}", kind.name(), p.name);
            assert!(
                !kind.props[..i].iter().any(|q| q.name == p.name),
                "{} lists {} twice",
                kind.name(),
                p.name
            );
        }
        let checked = [
            kind.create,
            kind.alter,
            kind.drop,
            kind.undrop,
            kind.describe,
        ];
        assert!(
            checked.iter().any(|s| *s != Support::Absent),
            "{}",
            kind.name()
        );
    }
    assert!(kind_named("row access policy").is_some());
}

fn example_package() -> snowtenant::package::Package {
    let text = std::fs::read_to_string("examples/platform.yaml").expect("example spec");
    snowtenant::build::compile(&SourceFile::new("examples/platform.yaml", text)).expect("valid")
}

/// Our templates' statements with option lists go through the catalog: each property name in
/// them, misspelt, is rejected with SQL011 (so the build, which validates every emitted statement,
/// checks their names against the catalog), and as emitted they pass.
#[test]
fn template_statements_are_checked_against_the_catalog() {
    let package = example_package();
    let mut kinds_seen = std::collections::BTreeSet::new();
    let mut mutated = 0;
    for (path, bytes) in &package.files {
        if !path.ends_with(".sql") || path.starts_with("dbt/") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let report = validate_script(&text);
        assert!(
            report.is_clean(),
            "{path}: {:?}",
            report.diagnostics.first()
        );
        for c in &report.statements {
            let kind = c.stmt.kind();
            let with_options = [
                "CreateWarehouse",
                "AlterWarehouse",
                "CreateUser",
                "AlterUser",
            ];
            if !with_options.contains(&kind.as_str()) {
                continue;
            }
            kinds_seen.insert(kind);
            for name in property_names(&c.text) {
                let typo = c
                    .text
                    .replacen(&format!(" {name} ="), &format!(" {name}X ="), 1);
                let e = validate_statement(&typo).expect_err(&typo);
                assert_eq!(e.code, Code::UnknownProperty, "{typo}");
                mutated += 1;
            }
        }
    }
    assert_eq!(
        kinds_seen.into_iter().collect::<Vec<_>>(),
        [
            "AlterUser",
            "AlterWarehouse",
            "CreateUser",
            "CreateWarehouse"
        ]
    );
    assert!(mutated >= 10, "only {mutated} property names exercised");
}

/// `NAME =` pairs outside quotes in a one-line statement.
fn property_names(sql: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_string = false;
    let words: Vec<&str> = sql.split(' ').collect();
    for pair in words.windows(2) {
        in_string ^= pair[0].matches('\'').count() % 2 == 1;
        if !in_string
            && pair[1] == "="
            && pair[0].chars().all(|c| c.is_ascii_uppercase() || c == '_')
        {
            names.push(pair[0].to_string());
        }
    }
    names
}

/// `check_script` (what `build` runs) applies the same catalog checks.
#[test]
fn the_build_verdict_uses_the_catalog_too() {
    let report = check_script("CREATE WAREHOUSE wh FOO_BAR = 1;\nALTER USER u SET FOO_BAR = 1;");
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::UnknownProperty, Code::UnknownProperty]);
}

/// Session, password and authentication policies: CREATE / ALTER read entirely from the catalog
/// [sql/create-session-policy, sql/create-password-policy, sql/create-authentication-policy].
#[test]
fn policies_with_properties_follow_the_catalog() {
    accepted(
        "CREATE SESSION POLICY IF NOT EXISTS db.s.session_15m SESSION_IDLE_TIMEOUT_MINS = 15 ALLOWED_SECONDARY_ROLES = () COMMENT = 'x'",
    );
    accepted("ALTER SESSION POLICY db.s.p SET SESSION_UI_IDLE_TIMEOUT_MINS = 1440");
    accepted(
        "CREATE OR REPLACE PASSWORD POLICY p PASSWORD_MIN_LENGTH = 12 PASSWORD_MAX_LENGTH = 24 PASSWORD_HISTORY = 5",
    );
    accepted(
        "CREATE AUTHENTICATION POLICY a AUTHENTICATION_METHODS = ('KEYPAIR', 'OAUTH') CLIENT_TYPES = ('DRIVERS')",
    );
    for (sql, code) in [
        (
            "CREATE SESSION POLICY p SESSION_IDLE_TIMEOUT_MINS = 4",
            Code::InvalidValue,
        ),
        (
            "CREATE SESSION POLICY p IDLE_TIMEOUT = 4",
            Code::UnknownProperty,
        ),
        (
            "CREATE PASSWORD POLICY p PASSWORD_MIN_LENGTH = 20 PASSWORD_MAX_LENGTH = 12",
            Code::Conflict,
        ),
        (
            "ALTER PASSWORD POLICY p SET PASSWORD_MAX_RETRIES = 11",
            Code::InvalidValue,
        ),
        (
            "CREATE AUTHENTICATION POLICY a AUTHENTICATION_METHODS = ('TELEPATHY')",
            Code::InvalidValue,
        ),
        (
            "CREATE OR REPLACE SESSION POLICY IF NOT EXISTS p",
            Code::Syntax,
        ),
    ] {
        assert_eq!(rejected(sql).code, code, "{sql}");
    }
}

/// [sql/alter-tag, sql/create-tag "PROPAGATE", "ON_CONFLICT"].
#[test]
fn tags_alter_and_propagate() {
    accepted("ALTER TAG db.s.cost_center ADD ALLOWED_VALUES 'finance', 'eng'");
    accepted("ALTER TAG t SET MASKING POLICY m1, MASKING POLICY m2 FORCE");
    accepted("CREATE TAG t ALLOWED_VALUES 'a' PROPAGATE = ON_DEPENDENCY ON_CONFLICT = 'CONFLICT'");
    let e = rejected("CREATE TAG t ON_CONFLICT = ALLOWED_VALUES_SEQUENCE");
    assert_eq!(e.code, Code::Conflict);
    assert_eq!(
        rejected("ALTER TAG t SET PROPAGATE = EVERYWHERE").code,
        Code::Syntax
    );
}

/// Tasks, streams, secrets, storage and external access integrations, shares and ALTER NETWORK
/// RULE were SQL010 ("not checked yet"); now each is parsed, its properties read through the
/// catalog, and a mistake in one is located where it is [sql/create-task, sql/create-stream,
/// sql/create-secret, sql/create-storage-integration, sql/create-external-access-integration,
/// sql/alter-share, sql/alter-network-rule].
#[test]
fn formerly_unchecked_kinds_are_checked_through_the_catalog() {
    for kind in [
        "TASK",
        "STREAM",
        "SECRET",
        "STORAGE INTEGRATION",
        "EXTERNAL ACCESS INTEGRATION",
        "SHARE",
        "NETWORK RULE",
    ] {
        let k = kind_named(kind).unwrap();
        for (form, s) in [
            ("CREATE", k.create),
            ("ALTER", k.alter),
            ("DROP", k.drop),
            ("DESCRIBE", k.describe),
        ] {
            assert_eq!(s, Support::Checked, "{form} {kind}");
        }
    }
    for sql in [
        "CREATE TASK t WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS SELECT 1",
        "ALTER TASK t RESUME",
        "ALTER TASK t SET USER_TASK_TIMEOUT_MS = 60000 QUERY_TAG = 'nightly'",
        "EXECUTE TASK t",
        "CREATE OR REPLACE STREAM s ON TABLE t",
        "DROP STREAM s",
        "CREATE OR REPLACE SECRET s TYPE = PASSWORD USERNAME = 'u' PASSWORD = 'p'",
        "ALTER SHARE sh ADD ACCOUNTS = org1.acct1, org1.acct2",
        "DESCRIBE FUNCTION f(NUMBER, VARCHAR)",
    ] {
        accepted(sql);
    }
    // Unknown task property, with its place and a suggestion.
    let e = rejected("CREATE TASK t WAREHOUSE = wh SCHEDUEL = '5 MINUTE' AS SELECT 1");
    assert_eq!(e.code, Code::UnknownProperty);
    assert_eq!((e.line, e.col), (1, 30), "{e}");
    assert!(e.message.contains("did you mean SCHEDULE?"), "{e}");
    // The body after AS is validated like a statement, and located in the whole statement.
    let e = rejected("CREATE TASK t WAREHOUSE = wh\nAS ALTER WAREHOUSE w SET AUTO_SUSPENDED = 1");
    assert_eq!(e.code, Code::UnknownProperty);
    assert_eq!((e.line, e.col), (2, 26), "{e}");
    // Rules between properties: required ones, and the ones that exclude each other.
    let e = rejected("CREATE SECRET s TYPE = PASSWORD PASSWORD = 'p'");
    assert!(
        e.message.contains("TYPE = PASSWORD requires USERNAME"),
        "{e}"
    );
    let e = rejected("CREATE EXTERNAL ACCESS INTEGRATION i ALLOWED_NETWORK_RULES = (r)");
    assert!(e.message.contains("ENABLED is required"), "{e}");
    let e = rejected("CREATE STREAM s ON EXTERNAL TABLE x APPEND_ONLY = TRUE");
    assert_eq!(e.code, Code::Conflict);
    assert_eq!((e.line, e.col), (1, 37), "{e}");
}

/// A task whose body creates a task whose body creates a task... is refused past a small depth
/// instead of exhausting the stack.
#[test]
fn task_bodies_nest_a_bounded_depth() {
    accepted("CREATE TASK a WAREHOUSE = w AS CREATE TASK b WAREHOUSE = w AS SELECT 1");
    let deep = "CREATE TASK t WAREHOUSE = w AS ".repeat(2000) + "SELECT 1";
    let e = rejected(&deep);
    assert!(e.message.contains("nest more than"), "{e}");
}

/// Every property a rendered template sets is a catalog property of its kind: in each CREATE or
/// ALTER of the example package (and its External OAuth variant) that sets a catalog property,
/// misspelling that property makes the validator refuse the statement with SQL011.
#[test]
fn a_misspelled_property_in_any_rendered_statement_is_refused() {
    let example = std::fs::read_to_string("examples/platform.yaml").unwrap();
    let package = snowtenant::build::compile(&SourceFile::new("platform.yaml", example)).unwrap();
    let mut mutated = 0;
    for (path, bytes) in &package.files {
        if !path.ends_with(".sql") || path.starts_with("dbt/") || path.starts_with("schemachange/")
        {
            continue;
        }
        let report = validate_script(&String::from_utf8_lossy(bytes));
        for c in &report.statements {
            let text = c.text.trim();
            let words: Vec<&str> = text.split_whitespace().collect();
            let head = match words.first() {
                Some(w) if w.eq_ignore_ascii_case("CREATE") || w.eq_ignore_ascii_case("ALTER") => 1,
                _ => continue,
            };
            let skip = if words
                .get(head)
                .is_some_and(|w| w.eq_ignore_ascii_case("OR"))
            {
                2
            } else {
                0
            };
            let Some((kind, _)) =
                snowtenant::sqlcheck::catalog::find_kind(|i| words.get(head + skip + i).copied())
            else {
                continue;
            };
            // Kinds whose statements are a property list (a routine's body holds other `x =`).
            let listed = [
                "WAREHOUSE",
                "USER",
                "RESOURCE MONITOR",
                "NETWORK POLICY",
                "API INTEGRATION",
                "NOTIFICATION INTEGRATION",
                "SECURITY INTEGRATION",
                "SCHEMA",
                "DATABASE",
            ];
            if !listed.contains(&kind.name().as_str()) {
                continue;
            }
            // The first `NAME =` whose NAME is a property of the kind.
            let Some(pos) = words
                .windows(2)
                .position(|w| w[1] == "=" && kind.any_prop(w[0]).is_some())
            else {
                continue;
            };
            let name = words[pos];
            let broken = text.replacen(&format!("{name} ="), &format!("{name}X ="), 1);
            let e = rejected(&broken);
            assert_eq!(e.code, Code::UnknownProperty, "{path}: {broken}\n  {e}");
            mutated += 1;
        }
    }
    assert!(
        mutated >= 10,
        "only {mutated} statements set a catalog property"
    );
}
