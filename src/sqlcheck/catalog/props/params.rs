//! Session parameters: what ALTER SESSION SET takes, and what CREATE USER / ALTER USER SET take as
//! a user's defaults [sql-reference/parameters "Session parameters", sql/alter-session].

use super::super::{ALL, Prop, Value, int, p, string};

const DOC: &str = "sql-reference/parameters";

/// QUERY_TAG holds at most 2000 characters [sql-reference/parameters "QUERY_TAG"].
pub const MAX_QUERY_TAG: usize = 2000;

const TEXT: Value = Value::Name;
const WEEK: Value = int(0, 7);

/// Session parameters (each settable per session, per user, or on the account).
#[rustfmt::skip]
pub const SESSION: &[Prop] = &[
    p("ABORT_DETACHED_QUERY", Value::Bool, ALL, DOC),
    p("AUTOCOMMIT", Value::Bool, ALL, DOC),
    p("BINARY_INPUT_FORMAT", Value::Enum(&["HEX", "BASE64", "UTF8", "UTF-8"]), ALL, DOC),
    p("BINARY_OUTPUT_FORMAT", Value::Enum(&["HEX", "BASE64"]), ALL, DOC),
    p("CLIENT_MEMORY_LIMIT", int(1, i64::MAX), ALL, DOC),
    p("CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX", Value::Bool, ALL, DOC),
    p("CLIENT_PREFETCH_THREADS", int(1, 10), ALL, DOC),
    p("CLIENT_RESULT_CHUNK_SIZE", int(48, 160), ALL, DOC),
    p("CLIENT_RESULT_COLUMN_CASE_INSENSITIVE", Value::Bool, ALL, DOC),
    p("CLIENT_SESSION_KEEP_ALIVE", Value::Bool, ALL, DOC),
    p("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", int(900, 3600), ALL, DOC),
    p("CLIENT_TIMESTAMP_TYPE_MAPPING", Value::Enum(&["TIMESTAMP_LTZ", "TIMESTAMP_NTZ"]), ALL, DOC),
    p("DATE_INPUT_FORMAT", TEXT, ALL, DOC),
    p("DATE_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("ERROR_ON_NONDETERMINISTIC_MERGE", Value::Bool, ALL, DOC),
    p("ERROR_ON_NONDETERMINISTIC_UPDATE", Value::Bool, ALL, DOC),
    p("GEOGRAPHY_OUTPUT_FORMAT", Value::Enum(&["GEOJSON", "WKT", "WKB", "EWKT", "EWKB"]), ALL, DOC),
    p("GEOMETRY_OUTPUT_FORMAT", Value::Enum(&["GEOJSON", "WKT", "WKB", "EWKT", "EWKB"]), ALL, DOC),
    p("JDBC_TREAT_DECIMAL_AS_INT", Value::Bool, ALL, DOC),
    p("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", Value::Bool, ALL, DOC),
    p("JDBC_USE_SESSION_TIMEZONE", Value::Bool, ALL, DOC),
    p("JSON_INDENT", int(0, 16), ALL, DOC),
    p("LOCK_TIMEOUT", int(0, i64::MAX), ALL, DOC),
    p("LOG_LEVEL", Value::Enum(&["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"]), ALL, DOC),
    p("MULTI_STATEMENT_COUNT", int(0, i64::MAX), ALL, DOC),
    p("ODBC_TREAT_DECIMAL_AS_INT", Value::Bool, ALL, DOC),
    p("QUERY_TAG", string(MAX_QUERY_TAG), ALL, DOC),
    p("QUOTED_IDENTIFIERS_IGNORE_CASE", Value::Bool, ALL, DOC),
    p("ROWS_PER_RESULTSET", int(0, i64::MAX), ALL, DOC),
    p("S3_STAGE_VPCE_DNS_NAME", TEXT, ALL, DOC),
    p("SEARCH_PATH", TEXT, ALL, DOC),
    p("SIMULATED_DATA_SHARING_CONSUMER", TEXT, ALL, DOC),
    p("STATEMENT_QUEUED_TIMEOUT_IN_SECONDS", int(0, i64::MAX), ALL, DOC),
    p("STATEMENT_TIMEOUT_IN_SECONDS", int(0, 604_800), ALL, DOC),
    p("STRICT_JSON_OUTPUT", Value::Bool, ALL, DOC),
    p("TIMESTAMP_DAY_IS_ALWAYS_24H", Value::Bool, ALL, DOC),
    p("TIMESTAMP_INPUT_FORMAT", TEXT, ALL, DOC),
    p("TIMESTAMP_LTZ_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("TIMESTAMP_NTZ_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("TIMESTAMP_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("TIMESTAMP_TYPE_MAPPING", Value::Enum(&["TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ"]), ALL, DOC),
    p("TIMESTAMP_TZ_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("TIMEZONE", TEXT, ALL, DOC),
    p("TIME_INPUT_FORMAT", TEXT, ALL, DOC),
    p("TIME_OUTPUT_FORMAT", TEXT, ALL, DOC),
    p("TRACE_LEVEL", Value::Enum(&["ALWAYS", "ON_EVENT", "PROPAGATE", "OFF"]), ALL, DOC),
    p("TRANSACTION_ABORT_ON_ERROR", Value::Bool, ALL, DOC),
    p("TRANSACTION_DEFAULT_ISOLATION_LEVEL", Value::Enum(&["READ COMMITTED"]), ALL, DOC),
    p("TWO_DIGIT_CENTURY_START", int(1900, 2100), ALL, DOC),
    p("UNSUPPORTED_DDL_ACTION", Value::Enum(&["IGNORE", "FAIL"]), ALL, DOC),
    p("USE_CACHED_RESULT", Value::Bool, ALL, DOC),
    p("WEEK_OF_YEAR_POLICY", int(0, 1), ALL, DOC),
    p("WEEK_START", WEEK, ALL, DOC),
];
