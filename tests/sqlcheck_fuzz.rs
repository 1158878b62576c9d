//! Fuzz-style properties: no input, however broken, panics the validator.

use proptest::prelude::*;
use snowtenant::sqlcheck::{render, validate_script};

/// Statements from the valid corpus, used as seeds for mutation.
const SEEDS: &[&str] = &[
    "CREATE RESOURCE MONITOR IF NOT EXISTS RM WITH CREDIT_QUOTA = 100 FREQUENCY = MONTHLY START_TIMESTAMP = IMMEDIATELY TRIGGERS ON 75 PERCENT DO NOTIFY ON 100 PERCENT DO SUSPEND",
    "ALTER WAREHOUSE WH SET RESOURCE_MONITOR = RM",
    "CREATE SCHEMA IF NOT EXISTS DB.S WITH MANAGED ACCESS",
    "CREATE ROW ACCESS POLICY P AS (T VARCHAR) RETURNS BOOLEAN -> EXISTS (SELECT 1 FROM M WHERE M.T = T AND IS_ROLE_IN_SESSION(M.R)) COMMENT = 'x'",
    "CREATE MASKING POLICY M AS (V STRING) RETURNS STRING -> CASE WHEN IS_ROLE_IN_SESSION('A') THEN V ELSE '***' END",
    "ALTER TABLE T DROP ROW ACCESS POLICY A, ADD ROW ACCESS POLICY B ON (C)",
    "CREATE PROCEDURE P(A VARCHAR DEFAULT 'x') RETURNS VARCHAR LANGUAGE SQL EXECUTE AS CALLER AS $$ BEGIN RETURN A; END $$",
    "CREATE SECURE EXTERNAL FUNCTION F(D VARCHAR) RETURNS VARIANT API_INTEGRATION = I HEADERS = ('a-b' = 'c') CONTEXT_HEADERS = (CURRENT_ROLE) AS 'https://x'",
    "CREATE ALERT A WAREHOUSE = W SCHEDULE = '5 MINUTE' IF (EXISTS (SELECT 1)) THEN CALL P()",
    "CREATE NETWORK POLICY NP ALLOWED_IP_LIST = ('10.0.0.0/8') COMMENT = 'x'",
    "GRANT OWNERSHIP ON SCHEMA DB.S TO ROLE R COPY CURRENT GRANTS",
    "CREATE OR REPLACE SECURE VIEW V COPY GRANTS AS SELECT * FROM A WHERE IS_ROLE_IN_SESSION('R') UNION ALL SELECT * FROM B",
    "CREATE TAG T ALLOWED_VALUES 'a', 'b'",
    // Catalog paths.
    "CREATE WAREHOUSE W WITH WAREHOUSE_SIZE = 'X-LARGE' MIN_CLUSTER_COUNT = 1 MAX_CLUSTER_COUNT = 3 SCALING_POLICY = ECONOMY",
    "ALTER USER U SET DEFAULT_ROLE = R DEFAULT_SECONDARY_ROLES = ('ALL') QUERY_TAG = 'x'",
    "ALTER SESSION SET QUERY_TAG = 'x' TIMEZONE = 'UTC'",
    "ALTER SCHEMA D.S SET DATA_RETENTION_TIME_IN_DAYS = 7 COMMENT = 'c'",
    "GRANT CREATE TABLE, CREATE ROW ACCESS POLICY ON SCHEMA D.S TO DATABASE ROLE D.R",
    "GRANT OWNERSHIP ON TAG D.S.T TO ROLE R COPY CURRENT GRANTS",
    "SHOW TERSE ROW ACCESS POLICIES LIKE 'x' IN SCHEMA D.S STARTS WITH 'a' LIMIT 3 FROM 'b'",
    "DESCRIBE PROCEDURE D.S.P(VARCHAR, NUMBER)",
    "CREATE DATABASE ROLE IF NOT EXISTS D.R COMMENT = 'x'",
    "ALTER VIEW V SET SECURE",
    "DECLARE X INT; BEGIN X := 1; IF (X = 1) THEN RETURN CASE WHEN X = 1 THEN 1 END; END IF; END",
    // Tasks, streams, secrets, integrations, shares (bodies after AS are validated recursively).
    "CREATE OR ALTER TASK T WITH TAG (G.T = 'x') WAREHOUSE = W QUERY_TAG = 'q' AFTER A, B WHEN SYSTEM$STREAM_HAS_DATA('S') AS ALTER WAREHOUSE W SET AUTO_SUSPEND = 60",
    "ALTER TASK T SET SCHEDULE = 'USING CRON 0 9 * * * UTC' TASK_AUTO_RETRY_ATTEMPTS = 2",
    "ALTER TASK T MODIFY AS CREATE TASK U AS SELECT 1",
    "CREATE STREAM S COPY GRANTS ON TABLE T AT (OFFSET => -60) APPEND_ONLY = TRUE COMMENT = 'c'",
    "CREATE SECRET S TYPE = OAUTH2 API_AUTHENTICATION = I OAUTH_SCOPES = ('a', 'b')",
    "CREATE STORAGE INTEGRATION I TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = 'a' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://b/')",
    "ALTER SHARE SH ADD ACCOUNTS = O.A, O.B SHARE_RESTRICTIONS = FALSE",
    // Functions, handler procedures, views with policies, tags at CREATE, caller grants.
    "CREATE OR REPLACE SECURE AGGREGATE FUNCTION F(A INT, B INT DEFAULT 1) RETURNS TABLE (X INT) NOT NULL LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('p') IMPORTS = ('@s/f.py') HANDLER = 'h' SECRETS = ('c' = S) STRICT IMMUTABLE COMMENT = 'c' AS $$ x $$",
    "CREATE FUNCTION F() RETURNS INT SERVICE = S ENDPOINT = E MAX_BATCH_ROWS = 10 AS '/p'",
    "ALTER FUNCTION F(INT) SET SECRETS = ('c' = D.S.T)",
    "CREATE PROCEDURE P(A INT) RETURNS INT LANGUAGE JAVA RUNTIME_VERSION = '17' PACKAGES = ('com.snowflake:snowpark:latest') IMPORTS = ('@s/p.jar') HANDLER = 'C.m' EXECUTE AS RESTRICTED CALLER",
    "CREATE RECURSIVE VIEW V (A WITH MASKING POLICY M USING (A, B) PROJECTION POLICY P WITH TAG (T = 'x') COMMENT 'c') WITH ROW ACCESS POLICY R ON (A) AGGREGATION POLICY G ENTITY KEY (A) CHANGE_TRACKING = TRUE COPY = (TAGS, GRANTS) AS SELECT 1 AS A",
    "CREATE WAREHOUSE W WAREHOUSE_SIZE = XSMALL WITH TAG (A.B.C = 'x', D = 'y')",
    "GRANT ALL INHERITED CALLER PRIVILEGES ON ALL TABLES IN SCHEMA D.S TO DATABASE ROLE D.R",
];

/// Validation plus rendering of every diagnostic: both must survive any input.
fn exercise(src: &str) {
    let report = validate_script(src);
    for d in &report.diagnostics {
        let _ = render(d);
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pieces = prop::sample::select(vec![
        "$$", "'", "\"", ";", "(", ")", "--", "/*", ",", "->", "\\", "ON", "WITH", "é",
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), pieces).prop_map(|(a, s)| Mutation::Insert(a, s)),
    ]
}

fn mutate(seed: &str, ms: &[Mutation]) -> String {
    let mut toks: Vec<String> = seed.split(' ').map(str::to_string).collect();
    for m in ms {
        if toks.is_empty() {
            break;
        }
        let n = toks.len();
        match *m {
            Mutation::Delete(i) => {
                toks.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let t = toks[i % n].clone();
                toks.insert(i % n, t);
            }
            Mutation::Swap(a, b) => toks.swap(a % n, b % n),
            Mutation::Insert(i, s) => toks.insert(i % (n + 1), s.to_string()),
        }
    }
    toks.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,300}") {
        exercise(&s);
    }

    #[test]
    fn sql_shaped_noise_never_panics(s in "([A-Z_]{1,8}|[ ;,()'\"$=.>\\-*/\\\\\n]|[0-9]{1,3}){0,80}") {
        exercise(&s);
    }

    #[test]
    fn mutated_valid_statements_never_panic(
        seed in prop::sample::select(SEEDS.to_vec()),
        ms in prop::collection::vec(mutation(), 1..6),
    ) {
        exercise(&mutate(seed, &ms));
    }
}

/// Property names of the catalog and values of every shape, in every catalog-checked statement.
fn catalog_statement() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "WAREHOUSE_SIZE",
        "MIN_CLUSTER_COUNT",
        "MAX_CLUSTER_COUNT",
        "GENERATION",
        "WAREHOUSE_TYPE",
        "RESOURCE_CONSTRAINT",
        "QUERY_TAG",
        "DEFAULT_SECONDARY_ROLES",
        "TYPE",
        "DATA_RETENTION_TIME_IN_DAYS",
        "AUTO_SUSPEND",
        "FOO",
        "COMMENT",
        "QUERY_ACCELERATION_MAX_SCALE_FACTOR",
        "SCHEDULE",
        "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
        "FINALIZE",
        "STORAGE_PROVIDER",
        "ENABLED",
        "ALLOWED_NETWORK_RULES",
        "APPEND_ONLY",
        "USERNAME",
        "VALUE_LIST",
        // Issue 16: integrations by TYPE, monitors, network policies, routines.
        "API_PROVIDER",
        "API_AWS_ROLE_ARN",
        "API_ALLOWED_PREFIXES",
        "NOTIFICATION_PROVIDER",
        "WEBHOOK_URL",
        "OAUTH_CLIENT",
        "OAUTH_REFRESH_TOKEN_VALIDITY",
        "EXTERNAL_OAUTH_TYPE",
        "EXTERNAL_OAUTH_ANY_ROLE_MODE",
        "SAML2_ISSUER",
        "CREDIT_QUOTA",
        "FREQUENCY",
        "NOTIFY_USERS",
        "ALLOWED_IP_LIST",
        "RUNTIME_VERSION",
        "HANDLER",
        "PACKAGES",
        "TARGET_PATH",
    ]);
    let values = prop::sample::select(vec![
        "1",
        "-1",
        "99999999999999999999999",
        "NULL",
        "TRUE",
        "'X-LARGE'",
        "'SNOWPARK-OPTIMIZED'",
        "MEMORY_16X",
        "()",
        "('ALL')",
        "('a', ('b'))",
        "''",
        "'2'",
        "'5 MINUTE'",
        "'USING CRON'",
        "'99999999999999999999 HOURS'",
        "'S3'",
        "PASSWORD",
        "x.y.z",
        "(a = 1)",
        "'AWS_API_GATEWAY'",
        "WEBHOOK",
        "EMAIL",
        "SCIM",
        "MONTHLY",
        "('1.2.3.4/33')",
        "'3.11'",
        "('snowflake-snowpark-python')",
    ]);
    let heads = prop::sample::select(vec![
        "CREATE WAREHOUSE w",
        "ALTER WAREHOUSE w SET",
        "CREATE USER u",
        "ALTER USER u SET",
        "ALTER SESSION SET",
        "ALTER SCHEMA s SET",
        "CREATE TRANSIENT SCHEMA s",
        "ALTER WAREHOUSE w UNSET",
        "CREATE TASK t",
        "ALTER TASK t SET",
        "CREATE SECRET s",
        "ALTER SECRET s SET",
        "CREATE STORAGE INTEGRATION i",
        "CREATE EXTERNAL ACCESS INTEGRATION i",
        "CREATE STREAM s ON TABLE t",
        "CREATE STREAM s ON EXTERNAL TABLE t",
        "ALTER SHARE s SET",
        "ALTER NETWORK RULE r SET",
        "CREATE API INTEGRATION i",
        "CREATE NOTIFICATION INTEGRATION i",
        "CREATE SECURITY INTEGRATION i",
        "ALTER SECURITY INTEGRATION i SET",
        "CREATE RESOURCE MONITOR m WITH",
        "ALTER RESOURCE MONITOR m SET",
        "CREATE NETWORK POLICY p",
        "ALTER NETWORK POLICY p SET",
        "CREATE FUNCTION f(a INT) RETURNS INT LANGUAGE PYTHON",
        "CREATE OR REPLACE PROCEDURE p() RETURNS TABLE () LANGUAGE JAVA",
        "CREATE SECURE VIEW v",
    ]);
    let tails = prop::sample::select(vec![
        "",
        " AS SELECT 1",
        " AFTER a WHEN TRUE AS CREATE TASK u AS",
        " AS ALTER WAREHOUSE w SET FOO = 1",
        " AS '",
    ]);
    (heads, prop::collection::vec((names, values), 0..5), tails).prop_map(|(h, props, t)| {
        let body: Vec<String> = props.iter().map(|(n, v)| format!("{n} = {v}")).collect();
        format!("{h} {}{t}", body.join(" "))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn catalog_checked_statements_never_panic(s in catalog_statement()) {
        exercise(&s);
    }
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let src = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
    let report = validate_script(&src);
    assert_eq!(report.diagnostics.len(), 1);
    let policy = format!(
        "CREATE ROW ACCESS POLICY P AS (T VARCHAR) RETURNS BOOLEAN -> {}TRUE{}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert_eq!(validate_script(&policy).diagnostics.len(), 1);
}
