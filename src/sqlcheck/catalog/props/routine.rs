//! Properties of user-defined functions and stored procedures: the handler clauses CREATE FUNCTION
//! and CREATE PROCEDURE share (LANGUAGE, RUNTIME_VERSION, PACKAGES, IMPORTS, HANDLER, ...), what
//! ALTER FUNCTION SET / UNSET takes, and which clauses each handler language takes
//! [sql/create-function, sql/create-procedure, sql/alter-function, sql/create-function-spcs].
//!
//! `routine.rs` hands LANGUAGE (SQL when a function omits it), MEMOIZABLE and AGGREGATE to the
//! check as properties, so the language rules below are catalog lines like any other.

use super::super::{ALL, ALTER, ANY_STRING, CREATE, CREATE_SET, Prop, Rule, Value, int, p};

const FUNCTION_DOC: &str = "sql-reference/sql/create-function";
const PROCEDURE_DOC: &str = "sql-reference/sql/create-procedure";
const ALTER_FUNCTION_DOC: &str = "sql-reference/sql/alter-function";
const SERVICE_FUNCTION_DOC: &str = "sql-reference/sql/create-function-spcs";

const LIST: Value = Value::List { max: 10_000 };
const LOG_LEVELS: &[&str] = &["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];

/// The handler languages.
pub const LANGUAGES: &[&str] = &["SQL", "JAVASCRIPT", "PYTHON", "JAVA", "SCALA"];
/// Languages whose handler is a class or function named by HANDLER.
const HANDLER_LANGUAGES: &[&str] = &["PYTHON", "JAVA", "SCALA"];
/// Languages whose body is the code itself (no handler clauses).
const INLINE_LANGUAGES: &[&str] = &["SQL", "JAVASCRIPT"];

/// The clauses of CREATE FUNCTION and CREATE PROCEDURE written `NAME = value` (plus LANGUAGE,
/// MEMOIZABLE and AGGREGATE, which the grammar hands over as properties). CREATE only: ALTER
/// takes what the kind's own table lists.
#[rustfmt::skip]
pub const HANDLER: &[Prop] = &[
    p("LANGUAGE", Value::Enum(LANGUAGES), CREATE, FUNCTION_DOC),
    p("RUNTIME_VERSION", Value::Enum(&["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "11", "17", "21", "2.12"]), CREATE, FUNCTION_DOC),
    p("PACKAGES", LIST, CREATE, FUNCTION_DOC),
    p("IMPORTS", LIST, CREATE, FUNCTION_DOC),
    p("HANDLER", ANY_STRING, CREATE, FUNCTION_DOC),
    p("SECRETS", LIST, CREATE, FUNCTION_DOC),
    p("TARGET_PATH", ANY_STRING, CREATE, FUNCTION_DOC),
    p("ARTIFACT_REPOSITORY", Value::Name, CREATE, FUNCTION_DOC),
    p("MEMOIZABLE", Value::Bool, CREATE, FUNCTION_DOC),
    p("AGGREGATE", Value::Bool, CREATE, FUNCTION_DOC),
];

/// Function properties ALTER FUNCTION SET / UNSET takes (COMMENT, the external access
/// integrations and a service function's batch clauses are CREATE clauses too). SECURE and
/// SECRETS have their own grammar.
#[rustfmt::skip]
pub const FUNCTION: &[Prop] = &[
    p("COMMENT", ANY_STRING, ALL, ALTER_FUNCTION_DOC),
    p("EXTERNAL_ACCESS_INTEGRATIONS", LIST, ALL, ALTER_FUNCTION_DOC),
    p("LOG_LEVEL", Value::Enum(LOG_LEVELS), ALTER, ALTER_FUNCTION_DOC),
    p("TRACE_LEVEL", Value::Enum(&["ALWAYS", "ON_EVENT", "OFF"]), ALTER, ALTER_FUNCTION_DOC),
    p("METRIC_LEVEL", Value::Enum(&["ALL", "NONE"]), ALTER, ALTER_FUNCTION_DOC),
    p("API_INTEGRATION", Value::Name, ALTER, ALTER_FUNCTION_DOC),
    // Service functions (Snowpark Container Services): CREATE, and ALTER FUNCTION SET.
    p("SERVICE", Value::Name, CREATE_SET, SERVICE_FUNCTION_DOC),
    p("ENDPOINT", Value::Name, CREATE_SET, SERVICE_FUNCTION_DOC),
    p("MAX_BATCH_ROWS", int(1, i64::MAX), ALL, SERVICE_FUNCTION_DOC),
    p("MAX_BATCH_RETRIES", int(0, i64::MAX), ALL, SERVICE_FUNCTION_DOC),
    p("ON_BATCH_FAILURE", Value::Enum(&["ABORT", "RETURN_NULL"]), ALL, SERVICE_FUNCTION_DOC),
    p("BATCH_TIMEOUT_SECS", int(1, i64::MAX), ALL, SERVICE_FUNCTION_DOC),
    p("COMPRESSION", Value::Enum(&["NONE", "AUTO", "GZIP", "DEFLATE"]), ALTER, ALTER_FUNCTION_DOC),
    p("CONTEXT_HEADERS", LIST, ALL, SERVICE_FUNCTION_DOC),
    p("REQUEST_TRANSLATOR", Value::Name, ALTER, ALTER_FUNCTION_DOC),
    p("RESPONSE_TRANSLATOR", Value::Name, ALTER, ALTER_FUNCTION_DOC),
];

/// Which clauses each function language takes [sql/create-function].
#[rustfmt::skip]
pub const FUNCTION_RULES: &[Rule] = &[
    Rule::NeedsWhen { prop: "LANGUAGE", values: HANDLER_LANGUAGES, other: "HANDLER", doc: FUNCTION_DOC },
    Rule::NeedsWhen { prop: "LANGUAGE", values: &["PYTHON", "SCALA"], other: "RUNTIME_VERSION", doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "HANDLER", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "RUNTIME_VERSION", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "PACKAGES", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "IMPORTS", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "EXTERNAL_ACCESS_INTEGRATIONS", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "SECRETS", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SQL", "JAVASCRIPT", "PYTHON"], other: "TARGET_PATH", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SQL", "JAVASCRIPT", "JAVA", "SCALA"], other: "ARTIFACT_REPOSITORY", allowed: &[], doc: FUNCTION_DOC },
    // MEMOIZABLE is a clause of SQL UDFs only; AGGREGATE (a UDAF) of Python only.
    Rule::WhenThen { prop: "LANGUAGE", values: &["JAVASCRIPT", "PYTHON", "JAVA", "SCALA"], other: "MEMOIZABLE", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SQL", "JAVASCRIPT", "JAVA", "SCALA"], other: "AGGREGATE", allowed: &[], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["PYTHON"], other: "RUNTIME_VERSION", allowed: &["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["JAVA"], other: "RUNTIME_VERSION", allowed: &["11", "17", "21"], doc: FUNCTION_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SCALA"], other: "RUNTIME_VERSION", allowed: &["2.12"], doc: FUNCTION_DOC },
    // A service function runs in a service, not a handler.
    Rule::Excludes { a: "SERVICE", b: "HANDLER", doc: SERVICE_FUNCTION_DOC },
];

/// Which clauses each procedure language takes: a handler procedure (Python, Java, Scala) needs
/// RUNTIME_VERSION, PACKAGES (with the Snowpark library, checked by `routine.rs`) and HANDLER
/// [sql/create-procedure].
#[rustfmt::skip]
pub const PROCEDURE_RULES: &[Rule] = &[
    Rule::NeedsWhen { prop: "LANGUAGE", values: HANDLER_LANGUAGES, other: "HANDLER", doc: PROCEDURE_DOC },
    Rule::NeedsWhen { prop: "LANGUAGE", values: HANDLER_LANGUAGES, other: "RUNTIME_VERSION", doc: PROCEDURE_DOC },
    Rule::NeedsWhen { prop: "LANGUAGE", values: HANDLER_LANGUAGES, other: "PACKAGES", doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "HANDLER", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "RUNTIME_VERSION", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "PACKAGES", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "IMPORTS", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "EXTERNAL_ACCESS_INTEGRATIONS", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: INLINE_LANGUAGES, other: "SECRETS", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SQL", "JAVASCRIPT", "PYTHON"], other: "TARGET_PATH", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SQL", "JAVASCRIPT", "JAVA", "SCALA"], other: "ARTIFACT_REPOSITORY", allowed: &[], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["PYTHON"], other: "RUNTIME_VERSION", allowed: &["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["JAVA"], other: "RUNTIME_VERSION", allowed: &["11", "17", "21"], doc: PROCEDURE_DOC },
    Rule::WhenThen { prop: "LANGUAGE", values: &["SCALA"], other: "RUNTIME_VERSION", allowed: &["2.12"], doc: PROCEDURE_DOC },
];
