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
    /// CREATE / ALTER DATABASE ROLE.
    DatabaseRole,
    /// ALTER VIEW's Snowflake actions.
    View,
    /// ALTER USER SET / UNSET <kind> POLICY.
    UserPolicy,
    /// CREATE / ALTER of kinds that are a name and catalog properties (`property_object.rs`).
    PropertyObject,
    /// GRANT / REVOKE on kinds or with privileges sqlparser cannot read (`grant.rs`).
    Grant,
    /// UNDROP, DESCRIBE and SHOW of catalog kinds (`describe.rs`).
    ObjectVerb,
    /// CREATE / ALTER / EXECUTE TASK (`task.rs`).
    Task,
    /// CREATE / ALTER STREAM (`stream.rs`).
    Stream,
    /// ALTER PROCEDURE and ALTER FUNCTION (`alter_object.rs`).
    AlterObject,
    /// CREATE FUNCTION (`routine.rs`).
    Function,
    /// GRANT / REVOKE [ALL] [INHERITED] CALLER (`caller_grant.rs`).
    CallerGrant,
    /// CREATE VIEW with Snowflake's policy, tag, contact and tracking clauses (`view_create.rs`).
    CreateView,
}

/// `CREATE <object>` privileges sqlparser 0.64 reads (its `ActionCreateObjectType`).
const SQLPARSER_CREATE_PRIVILEGES: &[&str] = &[
    "ACCOUNT",
    "APPLICATION",
    "COMPUTE",
    "DATA",
    "DATABASE",
    "EXTERNAL",
    "FAILOVER",
    "INTEGRATION",
    "NETWORK",
    "ORGANIZATION",
    "REPLICATION",
    "ROLE",
    "SCHEMA",
    "SHARE",
    "USER",
    "WAREHOUSE",
];

/// Object kinds sqlparser 0.64's GRANT names (its `GrantObjects`); the rest come to `grant.rs`.
const SQLPARSER_GRANT_KINDS: &[&[&str]] = &[
    &["DATABASE"],
    &["SCHEMA"],
    &["TABLE"],
    &["VIEW"],
    &["WAREHOUSE"],
    &["INTEGRATION"],
    &["USER"],
    &["CONNECTION"],
    &["SEQUENCE"],
    &["RESOURCE", "MONITOR"],
    &["COMPUTE", "POOL"],
    &["FAILOVER", "GROUP"],
    &["REPLICATION", "GROUP"],
    &["EXTERNAL", "VOLUME"],
    &["FUNCTION"],
    &["PROCEDURE"],
];

/// `ALL ... IN SCHEMA` and `FUTURE ... IN SCHEMA` forms sqlparser 0.64 parses.
const SQLPARSER_BULK: &[&[&str]] = &[
    &["ALL", "TABLES", "IN", "SCHEMA"],
    &["ALL", "VIEWS", "IN", "SCHEMA"],
    &["ALL", "MATERIALIZED", "VIEWS", "IN", "SCHEMA"],
    &["ALL", "EXTERNAL", "TABLES", "IN", "SCHEMA"],
    &["ALL", "FUNCTIONS", "IN", "SCHEMA"],
    &["ALL", "PROCEDURES", "IN", "SCHEMA"],
    &["ALL", "SEQUENCES", "IN", "SCHEMA"],
    &["FUTURE", "SCHEMAS", "IN", "DATABASE"],
    &["FUTURE", "TABLES", "IN", "SCHEMA"],
    &["FUTURE", "EXTERNAL", "TABLES", "IN", "SCHEMA"],
    &["FUTURE", "VIEWS", "IN", "SCHEMA"],
    &["FUTURE", "MATERIALIZED", "VIEWS", "IN", "SCHEMA"],
    &["FUTURE", "SEQUENCES", "IN", "SCHEMA"],
];

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
    if at(0, &["EXECUTE"]) && at(1, &["TASK"]) {
        return Some(Family::Task);
    }
    let grant_verb = at(0, &["GRANT"]) || at(0, &["REVOKE"]);
    let caller = [
        &["CALLER"][..],
        &["INHERITED", "CALLER"],
        &["ALL", "CALLER"],
        &["ALL", "INHERITED", "CALLER"],
    ];
    if grant_verb && caller.iter().any(|w| at(1, w)) {
        return Some(Family::CallerGrant);
    }
    if at(0, &["UNDROP"]) || at(0, &["DESCRIBE"]) || at(0, &["DESC"]) {
        return Some(Family::ObjectVerb);
    }
    if at(0, &["SHOW"]) {
        let i = if at(1, &["TERSE"]) { 2 } else { 1 };
        let typed =
            matches!(sig.get(i), Some(Token::Word(w)) if super::describe::sqlparser_show(&w.value));
        return (!typed).then_some(Family::ObjectVerb);
    }
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
            (&["DATABASE", "ROLE"], Family::DatabaseRole),
            (&["SESSION", "POLICY"], Family::PropertyObject),
            (&["PASSWORD", "POLICY"], Family::PropertyObject),
            (&["AUTHENTICATION", "POLICY"], Family::PropertyObject),
            (&["SECRET"], Family::PropertyObject),
            (&["STORAGE", "INTEGRATION"], Family::PropertyObject),
            (
                &["EXTERNAL", "ACCESS", "INTEGRATION"],
                Family::PropertyObject,
            ),
            (&["SHARE"], Family::PropertyObject),
            (&["TASK"], Family::Task),
            (&["STREAM"], Family::Stream),
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
        ];
        if let Some((_, fam)) = rest.iter().find(|(w, _)| at(i, w)) {
            return Some(*fam);
        }
        // User-defined functions (and UDAFs) [sql/create-function]; EXTERNAL and DATA METRIC
        // functions are matched above or stay with their own forms.
        if at(i, &["FUNCTION"]) || at(i, &["AGGREGATE", "FUNCTION"]) {
            return Some(Family::Function);
        }
        // Views with clauses sqlparser cannot read [sql/create-view]; plain views stay with it.
        let mut v = i;
        while [
            "LOCAL",
            "GLOBAL",
            "VOLATILE",
            "RECURSIVE",
            "TEMP",
            "TEMPORARY",
        ]
        .iter()
        .any(|w| at(v, &[w]))
        {
            v += 1;
        }
        // Only a view pays for the scans below.
        if at(v, &["VIEW"]) {
            let tag_list = (0..sig.len())
                .any(|k| at(k, &["TAG"]) && matches!(sig.get(k + 1), Some(Token::LParen)));
            let view_clauses = [
                &["ROW", "ACCESS", "POLICY"][..],
                &["AGGREGATION", "POLICY"],
                &["PROJECTION", "POLICY"],
                &["MASKING", "POLICY"],
                &["JOIN", "POLICY"],
                &["WITH", "CONTACT"],
                &["CHANGE_TRACKING"],
                &["COPY", "TAGS"],
                &["RECURSIVE"],
            ];
            // LOCAL / GLOBAL TEMPORARY and VOLATILE, which sqlparser does not read before VIEW.
            let session_view = ["LOCAL", "GLOBAL", "VOLATILE"].iter().any(|w| at(i, &[w]));
            let copy_list = (0..sig.len())
                .any(|k| at(k, &["COPY"]) && matches!(sig.get(k + 1), Some(Token::Eq)));
            if tag_list || copy_list || session_view || view_clauses.iter().any(|w| has(w)) {
                return Some(Family::CreateView);
            }
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
            (&["DATABASE", "ROLE"], Family::DatabaseRole),
            (&["SESSION", "POLICY"], Family::PropertyObject),
            (&["PASSWORD", "POLICY"], Family::PropertyObject),
            (&["AUTHENTICATION", "POLICY"], Family::PropertyObject),
            (&["SECRET"], Family::PropertyObject),
            (&["STORAGE", "INTEGRATION"], Family::PropertyObject),
            (
                &["EXTERNAL", "ACCESS", "INTEGRATION"],
                Family::PropertyObject,
            ),
            (&["SHARE"], Family::PropertyObject),
            (&["NETWORK", "RULE"], Family::PropertyObject),
            (&["TASK"], Family::Task),
            (&["STREAM"], Family::Stream),
            (&["PROCEDURE"], Family::AlterObject),
            (&["FUNCTION"], Family::AlterObject),
            (&["TAG"], Family::Tag),
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
        ];
        if let Some((_, fam)) = kinds.iter().find(|(w, _)| at(1, w)) {
            return Some(*fam);
        }
        let set_unset = has(&["SET"]) || has(&["UNSET"]);
        if at(1, &["SCHEMA"]) && (has(&["MANAGED"]) || set_unset) {
            return Some(Family::Schema);
        }
        let policy_words = has(&["ROW", "ACCESS"]) || has(&["MASKING", "POLICY"]);
        if (at(1, &["TABLE"]) || at(1, &["VIEW"])) && policy_words {
            return Some(Family::PolicyAttach);
        }
        if at(1, &["VIEW"]) {
            return Some(Family::View);
        }
        let policy_of_user = ["AUTHENTICATION", "PASSWORD", "SESSION"]
            .iter()
            .any(|k| has(&["SET", k, "POLICY"]) || has(&["UNSET", k, "POLICY"]));
        if at(1, &["USER"]) && policy_of_user {
            return Some(Family::UserPolicy);
        }
        return None;
    }
    // sqlparser parses FUTURE grants in a schema and FUTURE SCHEMAS IN DATABASE, not the
    // database level for other object types.
    let grant = at(0, &["GRANT"]) || at(0, &["REVOKE"]);
    if grant && has(&["ON", "FUTURE"]) && has(&["IN", "DATABASE"]) && !has(&["FUTURE", "SCHEMAS"]) {
        return Some(Family::FutureGrant);
    }
    if grant && let Some(on) = (1..sig.len()).find(|&i| at(i, &["ON"])) {
        let word = |i: usize| match sig.get(i) {
            Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.as_str()),
            _ => None,
        };
        let creates_schema_object = (1..on).any(|i| {
            at(i, &["CREATE"])
                && word(i + 1).is_some_and(|w| {
                    !SQLPARSER_CREATE_PRIVILEGES
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(w))
                })
        });
        let target_known = if at(on + 1, &["ACCOUNT"]) {
            true
        } else if at(on + 1, &["ALL"]) || at(on + 1, &["FUTURE"]) {
            SQLPARSER_BULK.iter().any(|ws| at(on + 1, ws))
        } else {
            !at(on + 1, &["DATABASE", "ROLE"])
                && SQLPARSER_GRANT_KINDS.iter().any(|ws| at(on + 1, ws))
        };
        // sqlparser reads APPLY only with its policy kind (`APPLY MASKING POLICY` on the account).
        let bare_apply = (1..on).any(|i| {
            at(i, &["APPLY"]) && (i + 1 == on || matches!(sig.get(i + 1), Some(Token::Comma)))
        });
        // sqlparser has no SHARE grantee privileges such as REFERENCE_USAGE; grant.rs reads them all.
        let share = has(&["TO", "SHARE"]) || has(&["FROM", "SHARE"]);
        if creates_schema_object || bare_apply || !target_known || share {
            return Some(Family::Grant);
        }
    }
    if at(0, &["DROP"]) && DROPPABLE.iter().any(|k| at(1, k)) {
        return Some(Family::Drop);
    }
    None
}
