//! Database properties [sql/create-database, sql/alter-database]. sqlparser parses CREATE
//! DATABASE into typed fields; ALTER DATABASE SET/UNSET is checked against this list.

use super::super::{ALL, ANY_STRING, Prop, Value, int, p};

const DOC: &str = "sql-reference/sql/create-database";

/// Database properties and parameters.
#[rustfmt::skip]
pub const PROPS: &[Prop] = &[
    p("DATA_RETENTION_TIME_IN_DAYS", int(0, 90), ALL, DOC),
    p("MAX_DATA_EXTENSION_TIME_IN_DAYS", int(0, 90), ALL, DOC),
    p("EXTERNAL_VOLUME", Value::Name, ALL, DOC),
    p("CATALOG", Value::Name, ALL, DOC),
    p("REPLACE_INVALID_CHARACTERS", Value::Bool, ALL, DOC),
    p("DEFAULT_DDL_COLLATION", ANY_STRING, ALL, DOC),
    p("STORAGE_SERIALIZATION_POLICY", Value::Enum(&["COMPATIBLE", "OPTIMIZED"]), ALL, DOC),
    p("LOG_LEVEL", Value::Enum(&["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"]), ALL, DOC),
    p("TRACE_LEVEL", Value::Enum(&["ALWAYS", "ON_EVENT", "PROPAGATE", "OFF"]), ALL, DOC),
    p("SUSPEND_TASK_AFTER_NUM_FAILURES", int(0, i64::MAX), ALL, DOC),
    p("TASK_AUTO_RETRY_ATTEMPTS", int(0, 30), ALL, DOC),
    p("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", Value::Enum(super::warehouse::SIZES), ALL, DOC),
    p("USER_TASK_TIMEOUT_MS", int(0, 604_800_000), ALL, DOC),
    p("QUOTED_IDENTIFIERS_IGNORE_CASE", Value::Bool, ALL, DOC),
    p("ENABLE_CONSOLE_OUTPUT", Value::Bool, ALL, DOC),
    p("CATALOG_SYNC", ANY_STRING, ALL, DOC),
    p("COMMENT", ANY_STRING, ALL, DOC),
];
