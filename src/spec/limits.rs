//! The spec's JSON Schema for settings that are Snowflake properties, generated from the
//! validator's catalog (`crate::sqlcheck::catalog`), so the schema an editor checks a spec
//! against, the spec checks in `model`, and the validator all take the same values: a catalog
//! change reaches the schema (`UPDATE_SCHEMA=1 cargo test --test schema_file` regenerates it).
//!
//! Values the spec takes in any case (`xsmall` as well as `XSMALL`) get a `pattern` whose letters
//! match either case (JSON Schema patterns have no case-insensitive flag); the spec's shape check
//! reads `enum`, not `pattern`, so an unknown value still gets the spec check's own diagnostic.

use schemars::{Schema, SchemaGenerator, json_schema};

use crate::sqlcheck::catalog::props::{account, warehouse};
use crate::sqlcheck::catalog::{Prop, Value, kind_named};

/// The catalog's property `prop` of `kind`.
fn prop(kind: &str, prop: &str) -> &'static Prop {
    kind_named(kind)
        .and_then(|k| k.any_prop(prop))
        .unwrap_or_else(|| unreachable!("the catalog has {kind} {prop}"))
}

/// The enumeration of `kind`'s `prop`.
pub fn words(kind: &str, name: &str) -> &'static [&'static str] {
    match prop(kind, name).value {
        Value::Enum(words) => words,
        _ => &[],
    }
}

/// The upper bound of `kind`'s integer `prop`.
pub fn max(kind: &str, name: &str) -> i64 {
    match prop(kind, name).value {
        Value::Int { max, .. } => max,
        _ => i64::MAX,
    }
}

/// The item limit of `kind`'s list `prop`.
pub fn max_items(kind: &str, name: &str) -> usize {
    match prop(kind, name).value {
        Value::List { max } => max,
        _ => usize::MAX,
    }
}

/// `^(?:XSMALL|X-SMALL|...)$` with each letter written `[Xx]`: any case of any of `words`.
pub fn any_case_pattern(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                    } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                        c.to_string()
                    } else {
                        format!("\\{c}")
                    }
                })
                .collect()
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

/// `size`: a WAREHOUSE_SIZE of the catalog, any case [sql/create-warehouse].
pub fn warehouse_size(_: &mut SchemaGenerator) -> Schema {
    let sizes = warehouse::SIZES;
    json_schema!({
        "description": format!(
            "WAREHOUSE_SIZE, any case: {} (docs.snowflake.com/en/sql-reference/sql/create-warehouse).",
            sizes.join(", ")
        ),
        "type": ["string", "null"],
        "pattern": any_case_pattern(sizes),
    })
}

/// `statement_timeout_seconds`: STATEMENT_TIMEOUT_IN_SECONDS's range [sql-reference/parameters].
pub fn statement_timeout(_: &mut SchemaGenerator) -> Schema {
    let max = max("WAREHOUSE", "STATEMENT_TIMEOUT_IN_SECONDS");
    json_schema!({
        "description": format!("STATEMENT_TIMEOUT_IN_SECONDS: 0 to {max}."),
        "type": ["integer", "null"],
        "format": "uint32",
        "minimum": 0,
        "maximum": max,
    })
}

/// `notify_users`: at most as many as NOTIFY_USERS takes [sql/create-resource-monitor].
pub fn notify_users(_: &mut SchemaGenerator) -> Schema {
    let max = max_items("RESOURCE MONITOR", "NOTIFY_USERS");
    json_schema!({
        "description": format!(
            "Users (SHOW USERS names, verified emails) notified by the monitor; at most {max} (NOTIFY_USERS)."
        ),
        "type": "array",
        "items": {"type": "string"},
        "maxItems": max,
    })
}

/// `frequency`: the catalog's FREQUENCY values, as the spec writes them (lower case).
pub fn frequency(_: &mut SchemaGenerator) -> Schema {
    let values: Vec<String> = account::FREQUENCIES
        .iter()
        .map(|f| f.to_ascii_lowercase())
        .collect();
    json_schema!({
        "description": "How often the quota resets (FREQUENCY).",
        "type": "string",
        "enum": values,
    })
}

/// `type` of an External OAuth integration: EXTERNAL_OAUTH_TYPE's values, any case
/// [sql/create-security-integration-oauth-external].
pub fn external_oauth_type(_: &mut SchemaGenerator) -> Schema {
    let words = external_oauth_words("EXTERNAL_OAUTH_TYPE");
    json_schema!({
        "description": format!("EXTERNAL_OAUTH_TYPE, any case: {}.", words.join(", ").to_ascii_lowercase()),
        "type": "string",
        "pattern": any_case_pattern(words),
    })
}

/// `user_mapping_attribute`: EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE's values, any case.
pub fn external_oauth_mapping(_: &mut SchemaGenerator) -> Schema {
    let words = external_oauth_words("EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE");
    json_schema!({
        "description": format!(
            "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE, any case: {} (default login_name).",
            words.join(", ").to_ascii_lowercase()
        ),
        "type": "string",
        "pattern": any_case_pattern(words),
    })
}

/// The enumeration of an External OAuth integration's property.
pub fn external_oauth_words(name: &str) -> &'static [&'static str] {
    let variant = kind_named("SECURITY INTEGRATION").and_then(|k| k.variant("EXTERNAL_OAUTH"));
    match variant.and_then(|v| v.prop(name)).map(|p| p.value) {
        Some(Value::Enum(words)) => words,
        _ => &[],
    }
}

/// `provider` of an external function's API integration: API_PROVIDER's values, any case
/// [sql/create-api-integration].
pub fn api_provider(_: &mut SchemaGenerator) -> Schema {
    let words = words("API INTEGRATION", "API_PROVIDER");
    json_schema!({
        "description": format!("API_PROVIDER, any case: {}.", words.join(", ").to_ascii_lowercase()),
        "type": "string",
        "pattern": any_case_pattern(words),
    })
}
