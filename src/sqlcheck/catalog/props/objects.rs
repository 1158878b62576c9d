//! Properties of secrets, storage and external access integrations, shares, network rules,
//! streams and tasks [sql/create-secret, sql/create-storage-integration,
//! sql/create-external-access-integration, sql/create-share, sql/alter-share,
//! sql/create-network-rule, sql/create-stream, sql/create-task, and their ALTER pages].

use super::super::{ALL, ANY_STRING, CREATE, CREATE_SET, Prop, Rule, SET, Value, int, p};

const SECRET_DOC: &str = "sql-reference/sql/create-secret";
const STORAGE_DOC: &str = "sql-reference/sql/create-storage-integration";
const EAI_DOC: &str = "sql-reference/sql/create-external-access-integration";
const SHARE_DOC: &str = "sql-reference/sql/alter-share";
const RULE_DOC: &str = "sql-reference/sql/alter-network-rule";
const STREAM_DOC: &str = "sql-reference/sql/create-stream";
const TASK_DOC: &str = "sql-reference/sql/create-task";
const ALTER_TASK_DOC: &str = "sql-reference/sql/alter-task";

const LIST: Value = Value::List { max: 10_000 };

const SECRET_TYPES: &[&str] = &[
    "OAUTH2",
    "PASSWORD",
    "GENERIC_STRING",
    "CLOUD_PROVIDER_TOKEN",
    "SYMMETRIC_KEY",
];

/// Secret properties. TYPE is chosen once; the rest depend on it.
#[rustfmt::skip]
pub const SECRET: &[Prop] = &[
    p("TYPE", Value::Enum(SECRET_TYPES), CREATE, SECRET_DOC),
    p("API_AUTHENTICATION", Value::Name, CREATE_SET, SECRET_DOC),
    p("OAUTH_SCOPES", LIST, CREATE_SET, SECRET_DOC),
    p("OAUTH_REFRESH_TOKEN", ANY_STRING, CREATE_SET, SECRET_DOC),
    p("OAUTH_REFRESH_TOKEN_EXPIRY_TIME", ANY_STRING, CREATE_SET, SECRET_DOC),
    p("USERNAME", ANY_STRING, CREATE_SET, SECRET_DOC),
    p("PASSWORD", ANY_STRING, CREATE_SET, SECRET_DOC),
    p("SECRET_STRING", ANY_STRING, CREATE_SET, SECRET_DOC),
    p("ALGORITHM", Value::Enum(&["GENERIC"]), CREATE, SECRET_DOC),
    p("ENABLED", Value::Bool, CREATE_SET, SECRET_DOC),
    p("COMMENT", ANY_STRING, ALL, SECRET_DOC),
];

/// What each secret TYPE takes: a property of another type does not apply.
#[rustfmt::skip]
pub const SECRET_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: SECRET_DOC },
    Rule::NeedsWhen { prop: "TYPE", values: &["OAUTH2", "CLOUD_PROVIDER_TOKEN"], other: "API_AUTHENTICATION", doc: SECRET_DOC },
    Rule::NeedsWhen { prop: "TYPE", values: &["PASSWORD"], other: "USERNAME", doc: SECRET_DOC },
    Rule::NeedsWhen { prop: "TYPE", values: &["PASSWORD"], other: "PASSWORD", doc: SECRET_DOC },
    Rule::NeedsWhen { prop: "TYPE", values: &["GENERIC_STRING"], other: "SECRET_STRING", doc: SECRET_DOC },
    Rule::NeedsWhen { prop: "TYPE", values: &["SYMMETRIC_KEY"], other: "ALGORITHM", doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["PASSWORD", "GENERIC_STRING", "SYMMETRIC_KEY"], other: "API_AUTHENTICATION", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["PASSWORD", "GENERIC_STRING", "SYMMETRIC_KEY", "CLOUD_PROVIDER_TOKEN"], other: "OAUTH_SCOPES", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["PASSWORD", "GENERIC_STRING", "SYMMETRIC_KEY", "CLOUD_PROVIDER_TOKEN"], other: "OAUTH_REFRESH_TOKEN", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["OAUTH2", "GENERIC_STRING", "SYMMETRIC_KEY", "CLOUD_PROVIDER_TOKEN"], other: "USERNAME", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["OAUTH2", "GENERIC_STRING", "SYMMETRIC_KEY", "CLOUD_PROVIDER_TOKEN"], other: "PASSWORD", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["OAUTH2", "PASSWORD", "SYMMETRIC_KEY", "CLOUD_PROVIDER_TOKEN"], other: "SECRET_STRING", allowed: &[], doc: SECRET_DOC },
    Rule::WhenThen { prop: "TYPE", values: &["OAUTH2", "PASSWORD", "GENERIC_STRING", "CLOUD_PROVIDER_TOKEN"], other: "ALGORITHM", allowed: &[], doc: SECRET_DOC },
    // Client credentials (scopes) and authorization code (refresh token) are two flows.
    Rule::Excludes { a: "OAUTH_SCOPES", b: "OAUTH_REFRESH_TOKEN", doc: SECRET_DOC },
];

const PROVIDERS: &[&str] = &["S3", "S3GOV", "S3CHINA", "GCS", "AZURE"];
const AWS: &[&str] = &["S3", "S3GOV", "S3CHINA"];

/// Storage integration properties.
#[rustfmt::skip]
pub const STORAGE_INTEGRATION: &[Prop] = &[
    p("TYPE", Value::Enum(&["EXTERNAL_STAGE"]), CREATE, STORAGE_DOC),
    p("STORAGE_PROVIDER", Value::Enum(PROVIDERS), CREATE, STORAGE_DOC),
    p("ENABLED", Value::Bool, ALL, STORAGE_DOC),
    p("STORAGE_AWS_ROLE_ARN", ANY_STRING, CREATE_SET, STORAGE_DOC),
    p("STORAGE_AWS_EXTERNAL_ID", ANY_STRING, CREATE_SET, STORAGE_DOC),
    p("STORAGE_AWS_OBJECT_ACL", Value::Enum(&["bucket-owner-full-control"]), ALL, STORAGE_DOC),
    p("AZURE_TENANT_ID", ANY_STRING, CREATE_SET, STORAGE_DOC),
    p("USE_PRIVATELINK_ENDPOINT", Value::Bool, ALL, STORAGE_DOC),
    p("STORAGE_ALLOWED_LOCATIONS", LIST, CREATE_SET, STORAGE_DOC),
    p("STORAGE_BLOCKED_LOCATIONS", LIST, ALL, STORAGE_DOC),
    p("COMMENT", ANY_STRING, ALL, STORAGE_DOC),
];

/// Required storage integration properties and what each provider takes.
#[rustfmt::skip]
pub const STORAGE_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: STORAGE_DOC },
    Rule::Required { prop: "STORAGE_PROVIDER", doc: STORAGE_DOC },
    Rule::Required { prop: "ENABLED", doc: STORAGE_DOC },
    Rule::Required { prop: "STORAGE_ALLOWED_LOCATIONS", doc: STORAGE_DOC },
    Rule::NeedsWhen { prop: "STORAGE_PROVIDER", values: AWS, other: "STORAGE_AWS_ROLE_ARN", doc: STORAGE_DOC },
    Rule::NeedsWhen { prop: "STORAGE_PROVIDER", values: &["AZURE"], other: "AZURE_TENANT_ID", doc: STORAGE_DOC },
    Rule::WhenThen { prop: "STORAGE_PROVIDER", values: &["GCS", "AZURE"], other: "STORAGE_AWS_ROLE_ARN", allowed: &[], doc: STORAGE_DOC },
    Rule::WhenThen { prop: "STORAGE_PROVIDER", values: &["GCS", "AZURE"], other: "STORAGE_AWS_OBJECT_ACL", allowed: &[], doc: STORAGE_DOC },
    Rule::WhenThen { prop: "STORAGE_PROVIDER", values: &["S3", "S3GOV", "S3CHINA", "GCS"], other: "AZURE_TENANT_ID", allowed: &[], doc: STORAGE_DOC },
];

/// External access integration properties.
#[rustfmt::skip]
pub const EXTERNAL_ACCESS_INTEGRATION: &[Prop] = &[
    p("ALLOWED_NETWORK_RULES", LIST, CREATE_SET, EAI_DOC),
    p("ALLOWED_API_AUTHENTICATION_INTEGRATIONS", LIST, ALL, EAI_DOC),
    p("ALLOWED_AUTHENTICATION_SECRETS", LIST, ALL, EAI_DOC),
    p("ENABLED", Value::Bool, CREATE_SET, EAI_DOC),
    p("COMMENT", ANY_STRING, ALL, EAI_DOC),
];

/// Required external access integration properties.
#[rustfmt::skip]
pub const EAI_RULES: &[Rule] = &[
    Rule::Required { prop: "ALLOWED_NETWORK_RULES", doc: EAI_DOC },
    Rule::Required { prop: "ENABLED", doc: EAI_DOC },
];

/// Share properties (ACCOUNTS has its own grammar: a list without parentheses).
#[rustfmt::skip]
pub const SHARE: &[Prop] = &[
    p("COMMENT", ANY_STRING, ALL, SHARE_DOC),
    p("SECURE_OBJECTS_ONLY", Value::Bool, SET, SHARE_DOC),
];

/// Network rule properties that ALTER takes (CREATE is `network.rs`).
#[rustfmt::skip]
pub const NETWORK_RULE: &[Prop] = &[
    p("VALUE_LIST", LIST, super::super::ALTER, RULE_DOC),
    p("COMMENT", ANY_STRING, ALL, RULE_DOC),
];

/// Stream properties; which source kind takes which is checked in `stream.rs`.
#[rustfmt::skip]
pub const STREAM: &[Prop] = &[
    p("APPEND_ONLY", Value::Bool, CREATE, STREAM_DOC),
    p("INSERT_ONLY", Value::Bool, CREATE, STREAM_DOC),
    p("SHOW_INITIAL_ROWS", Value::Bool, CREATE, STREAM_DOC),
    p("COMMENT", ANY_STRING, ALL, STREAM_DOC),
];

const STATEMENT_SIZES: &[&str] = &["XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE"];
const LOG_LEVELS: &[&str] = &["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];

/// Task properties; session parameters are taken too (the kind's vocabulary adds them).
#[rustfmt::skip]
pub const TASK: &[Prop] = &[
    p("WAREHOUSE", Value::Name, ALL, TASK_DOC),
    p("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", Value::Enum(super::warehouse::SIZES), ALL, TASK_DOC),
    p("SCHEDULE", ANY_STRING, ALL, TASK_DOC),
    p("CONFIG", ANY_STRING, ALL, TASK_DOC),
    p("ALLOW_OVERLAPPING_EXECUTION", Value::Bool, ALL, TASK_DOC),
    p("OVERLAP_POLICY", Value::Enum(&["NO_OVERLAP", "ALLOW_CHILD_OVERLAP", "ALLOW_ALL_OVERLAP"]), ALL, TASK_DOC),
    p("USER_TASK_TIMEOUT_MS", int(0, i64::MAX), ALL, TASK_DOC),
    p("SUSPEND_TASK_AFTER_NUM_FAILURES", int(0, i64::MAX), ALL, TASK_DOC),
    p("ERROR_INTEGRATION", Value::Name, ALL, TASK_DOC),
    p("SUCCESS_INTEGRATION", Value::Name, ALL, TASK_DOC),
    p("LOG_LEVEL", Value::Enum(LOG_LEVELS), ALL, TASK_DOC),
    p("COMMENT", ANY_STRING, ALL, TASK_DOC),
    p("FINALIZE", Value::Name, ALL, ALTER_TASK_DOC),
    p("TASK_AUTO_RETRY_ATTEMPTS", int(0, 30), ALL, TASK_DOC),
    p("USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS", int(0, i64::MAX), ALL, TASK_DOC),
    p("TARGET_COMPLETION_INTERVAL", ANY_STRING, ALL, TASK_DOC),
    p("SERVERLESS_TASK_MIN_STATEMENT_SIZE", Value::Enum(STATEMENT_SIZES), ALL, TASK_DOC),
    p("SERVERLESS_TASK_MAX_STATEMENT_SIZE", Value::Enum(STATEMENT_SIZES), ALL, TASK_DOC),
];

/// A task runs on a warehouse or serverless, and a finalizer has no schedule of its own.
#[rustfmt::skip]
pub const TASK_RULES: &[Rule] = &[
    Rule::Excludes { a: "WAREHOUSE", b: "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", doc: TASK_DOC },
    Rule::Excludes { a: "FINALIZE", b: "SCHEDULE", doc: TASK_DOC },
];

const ALERT_DOC: &str = "sql-reference/sql/alter-alert";
const PROCEDURE_DOC: &str = "sql-reference/sql/alter-procedure";

/// Alert properties that ALTER ALERT SET / UNSET take (CREATE ALERT is `alert.rs`).
#[rustfmt::skip]
pub const ALERT: &[Prop] = &[
    p("WAREHOUSE", Value::Name, ALL, ALERT_DOC),
    p("SCHEDULE", ANY_STRING, ALL, ALERT_DOC),
    p("CONFIG", ANY_STRING, ALL, ALERT_DOC),
    p("COMMENT", ANY_STRING, ALL, ALERT_DOC),
    p("SUSPEND_ALERT_AFTER_NUM_FAILURES", int(0, i64::MAX), ALL, ALERT_DOC),
];

/// Procedure properties that ALTER PROCEDURE SET / UNSET take.
#[rustfmt::skip]
pub const PROCEDURE: &[Prop] = &[
    p("COMMENT", ANY_STRING, ALL, PROCEDURE_DOC),
    p("LOG_LEVEL", Value::Enum(LOG_LEVELS), ALL, PROCEDURE_DOC),
    p("TRACE_LEVEL", Value::Enum(&["ALWAYS", "ON_EVENT", "PROPAGATE", "OFF"]), ALL, PROCEDURE_DOC),
    p("AUTO_EVENT_LOGGING", Value::Enum(&["LOGGING", "TRACING", "ALL", "OFF"]), ALL, PROCEDURE_DOC),
    p("EXTERNAL_ACCESS_INTEGRATIONS", LIST, ALL, PROCEDURE_DOC),
];
