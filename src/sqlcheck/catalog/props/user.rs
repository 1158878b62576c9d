//! User properties and object parameters [sql/create-user, sql/alter-user]. Session parameters,
//! which CREATE USER and ALTER USER SET also take as the user's defaults, are in `params.rs`.

use super::super::{ALL, ANY_STRING, CREATE_SET, Prop, Value, int, p, string};

const DOC: &str = "sql-reference/sql/create-user";
const PARAMS: &str = "sql-reference/parameters";

/// User properties (objectProperties) and object parameters (objectParams).
#[rustfmt::skip]
pub const PROPS: &[Prop] = &[
    p("PASSWORD", ANY_STRING, ALL, DOC),
    p("LOGIN_NAME", Value::Name, ALL, DOC),
    p("DISPLAY_NAME", Value::Name, ALL, DOC),
    p("FIRST_NAME", Value::Name, ALL, DOC),
    p("MIDDLE_NAME", Value::Name, ALL, DOC),
    p("LAST_NAME", Value::Name, ALL, DOC),
    p("EMAIL", Value::Name, ALL, DOC),
    p("MUST_CHANGE_PASSWORD", Value::Bool, ALL, DOC),
    p("DISABLED", Value::Bool, ALL, DOC),
    p("DAYS_TO_EXPIRY", int(0, i64::MAX), ALL, DOC),
    p("MINS_TO_UNLOCK", int(0, i64::MAX), ALL, DOC),
    p("DEFAULT_WAREHOUSE", Value::Name, ALL, DOC),
    p("DEFAULT_NAMESPACE", Value::Name, ALL, DOC),
    p("DEFAULT_ROLE", Value::Name, ALL, DOC),
    p("DEFAULT_SECONDARY_ROLES", Value::EnumList(&["ALL"]), ALL, DOC),
    p("MINS_TO_BYPASS_MFA", int(0, i64::MAX), ALL, DOC),
    p("RSA_PUBLIC_KEY", ANY_STRING, ALL, DOC),
    p("RSA_PUBLIC_KEY_FP", ANY_STRING, ALL, DOC),
    p("RSA_PUBLIC_KEY_2", ANY_STRING, ALL, DOC),
    p("RSA_PUBLIC_KEY_2_FP", ANY_STRING, ALL, DOC),
    p("TYPE", Value::Enum(&["PERSON", "SERVICE", "LEGACY_SERVICE", "NULL"]), CREATE_SET, DOC),
    p("COMMENT", string(16_777_216), ALL, DOC),
    p("WORKLOAD_IDENTITY", Value::List { max: 64 }, ALL, DOC),
    // objectParams of a user [sql/create-user "objectParams"].
    p("ENABLE_UNREDACTED_QUERY_SYNTAX_ERROR", Value::Bool, ALL, PARAMS),
    p("ENABLE_UNREDACTED_SECURE_OBJECT_ERROR", Value::Bool, ALL, PARAMS),
    p("NETWORK_POLICY", Value::Name, ALL, PARAMS),
    p("PREVENT_UNLOAD_TO_INTERNAL_STAGES", Value::Bool, ALL, PARAMS),
];
