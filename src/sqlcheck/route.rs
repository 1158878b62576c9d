//! Decides, from a statement's leading keywords, whether sqlparser or our grammar parses it.
//!
//! Only kinds sqlparser 0.64 cannot parse come to us (measured in
//! `shared/reference/measurements.md` and in this module's tests), so a syntax error in a kind
//! sqlparser supports is reported by sqlparser, with its own message and position.

use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::drop::DROPPABLE;
use super::tag::TAGGABLE;
use super::words::is_word;

/// A family of statements our grammar parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    ResourceMonitor,
    Warehouse,
    Account,
    Schema,
    Policy,
    PolicyAttach,
    Procedure,
    Integration,
    Role,
    ExternalFunction,
    Tag,
    Network,
    Alert,
    Drop,
    FutureGrant,
    SessionPolicy,
}

/// The family for `tokens`, or `None` when sqlparser should parse the statement.
pub fn route(tokens: &[TokenWithSpan]) -> Option<Family> {
    let sig: Vec<&Token> = tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .collect();
    let at = |i: usize, words: &[&str]| {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| sig.get(i + k).is_some_and(|t| is_word(t, w)))
    };
    let has = |words: &[&str]| (0..sig.len()).any(|i| at(i, words));
    if at(0, &["CREATE"]) {
        let mut i = 1;
        let or_clause = at(1, &["OR", "REPLACE"]) || at(1, &["OR", "ALTER"]);
        if or_clause {
            i = 3;
        }
        let transient = at(i, &["TRANSIENT"]);
        while at(i, &["SECURE"])
            || at(i, &["TEMP"])
            || at(i, &["TEMPORARY"])
            || at(i, &["TRANSIENT"])
        {
            i += 1;
        }
        let rest: &[(&[&str], Family)] = &[
            (&["RESOURCE", "MONITOR"], Family::ResourceMonitor),
            (&["ROW", "ACCESS", "POLICY"], Family::Policy),
            (&["MASKING", "POLICY"], Family::Policy),
            (&["PROCEDURE"], Family::Procedure),
            (&["API", "INTEGRATION"], Family::Integration),
            (&["NOTIFICATION", "INTEGRATION"], Family::Integration),
            (&["SECURITY", "INTEGRATION"], Family::Integration),
            (&["EXTERNAL", "FUNCTION"], Family::ExternalFunction),
            (&["TAG"], Family::Tag),
            (&["NETWORK"], Family::Network),
            (&["ALERT"], Family::Alert),
            (&["SESSION", "POLICY"], Family::SessionPolicy),
        ];
        if let Some((_, fam)) = rest.iter().find(|(w, _)| at(i, w)) {
            return Some(*fam);
        }
        // sqlparser parses plain CREATE SCHEMA; it lacks managed access, TRANSIENT and properties.
        let schema_extras =
            transient || has(&["MANAGED"]) || sig.iter().any(|t| matches!(t, Token::Eq));
        if at(i, &["SCHEMA"]) && schema_extras {
            return Some(Family::Schema);
        }
        // sqlparser parses plain CREATE ROLE; it rejects the COMMENT.
        if at(i, &["ROLE"]) && has(&["COMMENT"]) {
            return Some(Family::Role);
        }
        return None;
    }
    if at(0, &["ALTER"]) {
        let tagging = has(&["SET", "TAG"]) || has(&["UNSET", "TAG"]);
        // sqlparser 0.64 parses ALTER USER ... SET TAG only for undotted tag names, so all
        // tagging comes here.
        if tagging && TAGGABLE.iter().any(|k| at(1, k)) {
            return Some(Family::Tag);
        }
        let kinds: &[(&[&str], Family)] = &[
            (&["RESOURCE", "MONITOR"], Family::ResourceMonitor),
            (&["WAREHOUSE"], Family::Warehouse),
            (&["ACCOUNT"], Family::Account),
            (&["ROW", "ACCESS", "POLICY"], Family::Policy),
            (&["MASKING", "POLICY"], Family::Policy),
            (&["ALERT"], Family::Alert),
            (&["NETWORK", "POLICY"], Family::Network),
            (&["ROLE"], Family::Role),
            (&["INTEGRATION"], Family::Integration),
            (&["API", "INTEGRATION"], Family::Integration),
            (&["NOTIFICATION", "INTEGRATION"], Family::Integration),
            (&["SECURITY", "INTEGRATION"], Family::Integration),
            (&["SESSION", "POLICY"], Family::SessionPolicy),
        ];
        if let Some((_, fam)) = kinds.iter().find(|(w, _)| at(1, w)) {
            return Some(*fam);
        }
        // sqlparser 0.64 has no ALTER USER ... { SET | UNSET } <kind> POLICY.
        let user_policy = ["SESSION", "AUTHENTICATION", "PASSWORD"]
            .iter()
            .any(|k| has(&["SET", k, "POLICY"]) || has(&["UNSET", k, "POLICY"]));
        if at(1, &["USER"]) && user_policy {
            return Some(Family::SessionPolicy);
        }
        if at(1, &["SCHEMA"]) && has(&["MANAGED"]) {
            return Some(Family::Schema);
        }
        let policy_words = has(&["ROW", "ACCESS"]) || has(&["MASKING", "POLICY"]);
        if (at(1, &["TABLE"]) || at(1, &["VIEW"])) && policy_words {
            return Some(Family::PolicyAttach);
        }
        return None;
    }
    // sqlparser parses FUTURE grants in a schema and FUTURE SCHEMAS IN DATABASE, not the
    // database level for other object types.
    let grant = at(0, &["GRANT"]) || at(0, &["REVOKE"]);
    if grant && has(&["ON", "FUTURE"]) && has(&["IN", "DATABASE"]) && !has(&["FUTURE", "SCHEMAS"]) {
        return Some(Family::FutureGrant);
    }
    if at(0, &["DROP"]) && DROPPABLE.iter().any(|k| at(1, k)) {
        return Some(Family::Drop);
    }
    None
}
