//! Canonical names: how the audit compares identifiers written in different statements.
//!
//! Unquoted identifiers fold to upper case (Snowflake's rule); quoted ones keep their text.
//! Parts join with `.`, so `analytics_platform.gold.t` and `ANALYTICS_PLATFORM.GOLD.T` are one
//! object.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

/// One identifier, folded.
pub fn ident(i: &Ident) -> String {
    match i.quote_style {
        None => i.value.to_ascii_uppercase(),
        Some(_) => i.value.clone(),
    }
}

/// A dotted name, folded.
pub fn object(n: &ObjectName) -> String {
    n.0.iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => ident(i),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The parent of a dotted name (`D.S.T` -> `D.S`), if any.
pub fn parent(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(p, _)| p)
}
