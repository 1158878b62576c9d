//! Session, password and authentication policy properties [sql/create-session-policy,
//! sql/create-password-policy, sql/create-authentication-policy].

use super::super::{ALL, ANY_STRING, Prop, Rule, Value, int, p};

const SESSION_DOC: &str = "sql-reference/sql/create-session-policy";
const PASSWORD_DOC: &str = "sql-reference/sql/create-password-policy";
const AUTH_DOC: &str = "sql-reference/sql/create-authentication-policy";

/// Session policy properties.
#[rustfmt::skip]
pub const SESSION: &[Prop] = &[
    p("SESSION_IDLE_TIMEOUT_MINS", int(5, 1440), ALL, SESSION_DOC),
    p("SESSION_UI_IDLE_TIMEOUT_MINS", int(5, 1440), ALL, SESSION_DOC),
    p("SESSION_MAX_LIFESPAN_MINS", int(1, i64::MAX), ALL, SESSION_DOC),
    p("SESSION_UI_MAX_LIFESPAN_MINS", int(1, i64::MAX), ALL, SESSION_DOC),
    p("ALLOWED_SECONDARY_ROLES", Value::List { max: 10_000 }, ALL, SESSION_DOC),
    p("BLOCKED_SECONDARY_ROLES", Value::List { max: 10_000 }, ALL, SESSION_DOC),
    p("COMMENT", ANY_STRING, ALL, SESSION_DOC),
];

/// Password policy properties.
#[rustfmt::skip]
pub const PASSWORD: &[Prop] = &[
    p("PASSWORD_MIN_LENGTH", int(8, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MAX_LENGTH", int(8, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MIN_UPPER_CASE_CHARS", int(0, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MIN_LOWER_CASE_CHARS", int(0, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MIN_NUMERIC_CHARS", int(0, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MIN_SPECIAL_CHARS", int(0, 256), ALL, PASSWORD_DOC),
    p("PASSWORD_MIN_AGE_DAYS", int(0, 999), ALL, PASSWORD_DOC),
    p("PASSWORD_MAX_AGE_DAYS", int(0, 999), ALL, PASSWORD_DOC),
    p("PASSWORD_MAX_RETRIES", int(1, 10), ALL, PASSWORD_DOC),
    p("PASSWORD_LOCKOUT_TIME_MINS", int(1, 999), ALL, PASSWORD_DOC),
    p("PASSWORD_HISTORY", int(0, 24), ALL, PASSWORD_DOC),
    p("COMMENT", ANY_STRING, ALL, PASSWORD_DOC),
];

/// Rules of a password policy.
pub const PASSWORD_RULES: &[Rule] = &[Rule::AtMost {
    lo: "PASSWORD_MIN_LENGTH",
    hi: "PASSWORD_MAX_LENGTH",
    doc: PASSWORD_DOC,
}];

const METHODS: &[&str] = &[
    "ALL",
    "SAML",
    "PASSWORD",
    "OAUTH",
    "KEYPAIR",
    "PROGRAMMATIC_ACCESS_TOKEN",
    "WORKLOAD_IDENTITY",
];
const CLIENTS: &[&str] = &["ALL", "SNOWFLAKE_UI", "DRIVERS", "SNOWSQL", "SNOWFLAKE_CLI"];

/// Authentication policy properties.
#[rustfmt::skip]
pub const AUTHENTICATION: &[Prop] = &[
    p("AUTHENTICATION_METHODS", Value::EnumList(METHODS), ALL, AUTH_DOC),
    p("MFA_AUTHENTICATION_METHODS", Value::EnumList(&["ALL", "SAML", "PASSWORD"]), ALL, AUTH_DOC),
    p("MFA_ENROLLMENT", Value::Enum(&["REQUIRED", "REQUIRED_PASSWORD_ONLY", "OPTIONAL"]), ALL, AUTH_DOC),
    p("CLIENT_TYPES", Value::EnumList(CLIENTS), ALL, AUTH_DOC),
    p("SECURITY_INTEGRATIONS", Value::List { max: 10_000 }, ALL, AUTH_DOC),
    p("MFA_POLICY", Value::List { max: 64 }, ALL, AUTH_DOC),
    p("PAT_POLICY", Value::List { max: 64 }, ALL, AUTH_DOC),
    p("WORKLOAD_IDENTITY_POLICY", Value::List { max: 64 }, ALL, AUTH_DOC),
    p("COMMENT", ANY_STRING, ALL, AUTH_DOC),
];
