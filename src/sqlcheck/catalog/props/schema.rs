//! Schema properties [sql/create-schema, sql/alter-schema].

use super::super::{ALL, ANY_STRING, CREATE, Prop, SET, Value, int, p};

const DOC: &str = "sql-reference/sql/create-schema";
const ALTER_DOC: &str = "sql-reference/sql/alter-schema";

/// A transient schema keeps Time Travel data at most one day [sql/create-schema
/// "DATA_RETENTION_TIME_IN_DAYS": "Transient schemas: 0 or 1"].
pub const TRANSIENT_MAX_RETENTION_DAYS: i64 = 1;

const LOG_LEVELS: &[&str] = &["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];
const TRACE_LEVELS: &[&str] = &["ALWAYS", "ON_EVENT", "PROPAGATE", "OFF"];

/// Schema properties and parameters.
#[rustfmt::skip]
pub const PROPS: &[Prop] = &[
    p("DATA_RETENTION_TIME_IN_DAYS", int(0, 90), ALL, DOC),
    p("MAX_DATA_EXTENSION_TIME_IN_DAYS", int(0, 90), ALL, DOC),
    p("EXTERNAL_VOLUME", Value::Name, ALL, DOC),
    p("CATALOG", Value::Name, ALL, DOC),
    p("REPLACE_INVALID_CHARACTERS", Value::Bool, ALL, DOC),
    p("DEFAULT_DDL_COLLATION", ANY_STRING, ALL, DOC),
    p("STORAGE_SERIALIZATION_POLICY", Value::Enum(&["COMPATIBLE", "OPTIMIZED"]), ALL, DOC),
    p("CLASSIFICATION_PROFILE", ANY_STRING, ALL, DOC),
    p("LOG_LEVEL", Value::Enum(LOG_LEVELS), ALL, DOC),
    p("TRACE_LEVEL", Value::Enum(TRACE_LEVELS), ALL, DOC),
    p("SUSPEND_TASK_AFTER_NUM_FAILURES", int(0, i64::MAX), ALL, DOC),
    p("TASK_AUTO_RETRY_ATTEMPTS", int(0, 30), ALL, DOC),
    p("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", Value::Enum(super::warehouse::SIZES), ALL, DOC),
    p("USER_TASK_TIMEOUT_MS", int(0, 604_800_000), ALL, DOC),
    p("USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS", int(10, 604_800), ALL, DOC),
    p("QUOTED_IDENTIFIERS_IGNORE_CASE", Value::Bool, ALL, DOC),
    p("ENABLE_CONSOLE_OUTPUT", Value::Bool, ALL, DOC),
    p("PIPE_EXECUTION_PAUSED", Value::Bool, SET, ALTER_DOC),
    p("CATALOG_SYNC", ANY_STRING, ALL, DOC),
    p("BASE_LOCATION_PREFIX", ANY_STRING, ALL, DOC),
    p("DEFAULT_STREAMLIT_NOTEBOOK_WAREHOUSE", Value::Name, ALL, ALTER_DOC),
    p("REPLICABLE_WITH_FAILOVER_GROUPS", Value::Enum(&["YES", "NO"]), SET | CREATE, ALTER_DOC),
    p("COMMENT", ANY_STRING, ALL, DOC),
];
