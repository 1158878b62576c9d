//! ALTER VIEW's Snowflake actions [sql/alter-view]: SET / UNSET SECURE, RENAME TO, SET / UNSET
//! COMMENT, SET / UNSET CHANGE_TRACKING, SET / UNSET DATA_METRIC_SCHEDULE, ADD / DROP DATA METRIC
//! FUNCTION, SET / UNSET CONTACT, ADD / SET / UNSET AGGREGATION POLICY, and a column's projection
//! policy and comment. sqlparser 0.64's ALTER VIEW is `ALTER VIEW v AS query`,
//! which Snowflake does not have. Row access and masking policy clauses are in `policy_attach.rs`,
//! tags in `tag.rs`.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, Quoted, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{parse_bool, parse_string, peek_words};

/// `ALTER [MATERIALIZED] VIEW [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterView {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: ViewAction,
}

/// What ALTER VIEW does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ViewAction {
    RenameTo(ObjectName),
    SetSecure,
    UnsetSecure,
    SetComment(String),
    UnsetComment,
    SetChangeTracking(bool),
    UnsetChangeTracking,
    /// `SET DATA_METRIC_SCHEDULE = '...'` (checked: `'<n> MINUTE'` with n of 5, 15, 30, 60, 720
    /// or 1440, `'USING CRON <5 fields> <time zone>'`, `'TRIGGER_ON_CHANGES'`).
    SetDataMetricSchedule(String),
    UnsetDataMetricSchedule,
    /// `{ ADD | DROP } DATA METRIC FUNCTION f ON (cols) [, ...]`.
    DataMetricFunctions {
        add: bool,
        functions: Vec<(ObjectName, Vec<Ident>)>,
    },
    /// `SET CONTACT purpose = contact [, ...]`.
    SetContact(Vec<(Ident, ObjectName)>),
    /// `UNSET CONTACT purpose`.
    UnsetContact(Ident),
    /// `{ ADD | SET } AGGREGATION POLICY p [ENTITY KEY (cols)] [FORCE]`.
    AggregationPolicy {
        set: bool,
        policy: ObjectName,
        entity_key: Vec<Ident>,
        force: bool,
    },
    UnsetAggregationPolicy,
    /// `{ ALTER | MODIFY } COLUMN c <action>`: projection policy and comment (masking policies
    /// are `policy_attach.rs`, tags `tag.rs`).
    Column {
        column: Ident,
        action: ColumnAction,
    },
}

/// What `ALTER VIEW ... ALTER COLUMN c` does here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnAction {
    SetProjectionPolicy { policy: ObjectName, force: bool },
    UnsetProjectionPolicy,
    Comment(String),
    UnsetComment,
}

/// The minute values a data metric schedule takes [sql/alter-view, user-guide/data-quality-working].
const DMF_MINUTES: &[u32] = &[5, 15, 30, 60, 720, 1440];

fn check_dmf_schedule(s: &str, at: &TokenWithSpan) -> Result<(), GrammarError> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let ok = match parts.as_slice() {
        [n, unit] if unit.eq_ignore_ascii_case("MINUTE") => {
            n.parse::<u32>().is_ok_and(|n| DMF_MINUTES.contains(&n))
        }
        [using, cron, rest @ ..] => {
            using.eq_ignore_ascii_case("USING")
                && cron.eq_ignore_ascii_case("CRON")
                && rest.len() == 6
        }
        [t] => t.eq_ignore_ascii_case("TRIGGER_ON_CHANGES"),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let message = format!(
        "DATA_METRIC_SCHEDULE is '<5, 15, 30, 60, 720 or 1440> MINUTE', 'USING CRON <5 fields> <time zone>' or 'TRIGGER_ON_CHANGES', not '{s}' [docs.snowflake.com/en/sql-reference/sql/alter-view]"
    );
    Err(GrammarError::at(Code::InvalidValue, message, at))
}

fn idents(p: &mut Parser) -> Result<Vec<Ident>, GrammarError> {
    p.expect_token(&Token::LParen)?;
    let items = p.parse_comma_separated(|p| p.parse_identifier())?;
    p.expect_token(&Token::RParen)?;
    Ok(items)
}

fn parse_extended(p: &mut Parser) -> Result<Option<ViewAction>, GrammarError> {
    let add = peek_words(p, &["ADD"]);
    if (add || peek_words(p, &["DROP"])) && peek_words_at(p, 1, &["DATA"]) {
        p.advance_token();
        expect_words(p, &["DATA", "METRIC", "FUNCTION"])?;
        let functions = p.parse_comma_separated(|p| {
            let f = p.parse_object_name(false)?;
            expect_words(p, &["ON"])?;
            p.expect_token(&Token::LParen)?;
            let cols = p.parse_comma_separated(|p| p.parse_identifier())?;
            p.expect_token(&Token::RParen)?;
            Ok((f, cols))
        })?;
        return Ok(Some(ViewAction::DataMetricFunctions { add, functions }));
    }
    let set = peek_words(p, &["SET"]);
    if (add || set) && peek_words_at(p, 1, &["AGGREGATION", "POLICY"]) {
        p.advance_token();
        expect_words(p, &["AGGREGATION", "POLICY"])?;
        let policy = p.parse_object_name(false)?;
        let entity_key = if eat_words(p, &["ENTITY", "KEY"]) {
            idents(p)?
        } else {
            Vec::new()
        };
        let force = eat_words(p, &["FORCE"]);
        return Ok(Some(ViewAction::AggregationPolicy {
            set,
            policy,
            entity_key,
            force,
        }));
    }
    if eat_words(p, &["UNSET", "AGGREGATION", "POLICY"]) {
        return Ok(Some(ViewAction::UnsetAggregationPolicy));
    }
    if eat_words(p, &["SET", "DATA_METRIC_SCHEDULE"]) {
        expect_eq(p)?;
        let at = p.peek_token();
        let s = parse_string(p)?;
        check_dmf_schedule(&s, &at)?;
        return Ok(Some(ViewAction::SetDataMetricSchedule(s)));
    }
    if eat_words(p, &["UNSET", "DATA_METRIC_SCHEDULE"]) {
        return Ok(Some(ViewAction::UnsetDataMetricSchedule));
    }
    if eat_words(p, &["SET", "CONTACT"]) {
        let contacts = p.parse_comma_separated(|p| {
            let purpose = p.parse_identifier()?;
            expect_eq(p)?;
            Ok((purpose, p.parse_object_name(false)?))
        })?;
        return Ok(Some(ViewAction::SetContact(contacts)));
    }
    if eat_words(p, &["UNSET", "CONTACT"]) {
        return Ok(Some(ViewAction::UnsetContact(p.parse_identifier()?)));
    }
    if eat_words(p, &["ALTER", "COLUMN"]) || eat_words(p, &["MODIFY", "COLUMN"]) {
        let column = p.parse_identifier()?;
        let action = if eat_words(p, &["SET", "PROJECTION", "POLICY"]) {
            let policy = p.parse_object_name(false)?;
            let force = eat_words(p, &["FORCE"]);
            ColumnAction::SetProjectionPolicy { policy, force }
        } else if eat_words(p, &["UNSET", "PROJECTION", "POLICY"]) {
            ColumnAction::UnsetProjectionPolicy
        } else if eat_words(p, &["COMMENT"]) {
            ColumnAction::Comment(parse_string(p)?)
        } else if eat_words(p, &["UNSET", "COMMENT"]) {
            ColumnAction::UnsetComment
        } else {
            // After SET / UNSET, point at what follows: that is the word a view column lacks.
            let what = if eat_words(p, &["SET"]) || eat_words(p, &["UNSET"]) {
                "PROJECTION POLICY (a view column has no DEFAULT, type or NOT NULL to set)"
            } else {
                "SET | UNSET PROJECTION POLICY, COMMENT or UNSET COMMENT"
            };
            return Err(super::words::expected_err(what, p.peek_token_ref()).into());
        };
        return Ok(Some(ViewAction::Column { column, action }));
    }
    Ok(None)
}

fn peek_words_at(p: &Parser, k: usize, ws: &[&str]) -> bool {
    ws.iter()
        .enumerate()
        .all(|(i, w)| super::words::is_word(&p.peek_nth_token_ref(k + i).token, w))
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER", "VIEW"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    if let Some(action) = parse_extended(p)? {
        return Ok(SnowflakeStatement::AlterView(AlterView {
            if_exists,
            name,
            action,
        }));
    }
    let action = match expect_one_of(p, &["RENAME", "SET", "UNSET"])? {
        0 => {
            expect_words(p, &["TO"])?;
            ViewAction::RenameTo(p.parse_object_name(false)?)
        }
        1 => match expect_one_of(p, &["SECURE", "COMMENT", "CHANGE_TRACKING"])? {
            0 => ViewAction::SetSecure,
            1 => {
                expect_eq(p)?;
                ViewAction::SetComment(parse_string(p)?)
            }
            _ => {
                expect_eq(p)?;
                ViewAction::SetChangeTracking(parse_bool(p)?)
            }
        },
        _ => match expect_one_of(p, &["SECURE", "COMMENT", "CHANGE_TRACKING"])? {
            0 => ViewAction::UnsetSecure,
            1 => ViewAction::UnsetComment,
            _ => ViewAction::UnsetChangeTracking,
        },
    };
    Ok(SnowflakeStatement::AlterView(AlterView {
        if_exists,
        name,
        action,
    }))
}

impl fmt::Display for AlterView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER VIEW")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            ViewAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
            ViewAction::SetSecure => f.write_str(" SET SECURE"),
            ViewAction::UnsetSecure => f.write_str(" UNSET SECURE"),
            ViewAction::SetComment(c) => write!(f, " SET COMMENT = {}", Quoted(c)),
            ViewAction::UnsetComment => f.write_str(" UNSET COMMENT"),
            ViewAction::SetChangeTracking(b) => write!(
                f,
                " SET CHANGE_TRACKING = {}",
                if *b { "TRUE" } else { "FALSE" }
            ),
            ViewAction::UnsetChangeTracking => f.write_str(" UNSET CHANGE_TRACKING"),
            ViewAction::SetDataMetricSchedule(s) => {
                write!(f, " SET DATA_METRIC_SCHEDULE = {}", Quoted(s))
            }
            ViewAction::UnsetDataMetricSchedule => f.write_str(" UNSET DATA_METRIC_SCHEDULE"),
            ViewAction::DataMetricFunctions { add, functions } => {
                write!(
                    f,
                    " {} DATA METRIC FUNCTION ",
                    if *add { "ADD" } else { "DROP" }
                )?;
                for (i, (func, cols)) in functions.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{func} ON ({})", Commas(cols))?;
                }
                Ok(())
            }
            ViewAction::SetContact(contacts) => {
                f.write_str(" SET CONTACT ")?;
                for (i, (purpose, contact)) in contacts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{purpose} = {contact}")?;
                }
                Ok(())
            }
            ViewAction::UnsetContact(purpose) => write!(f, " UNSET CONTACT {purpose}"),
            ViewAction::AggregationPolicy {
                set,
                policy,
                entity_key,
                force,
            } => {
                write!(
                    f,
                    " {} AGGREGATION POLICY {policy}",
                    if *set { "SET" } else { "ADD" }
                )?;
                if !entity_key.is_empty() {
                    write!(f, " ENTITY KEY ({})", Commas(entity_key))?;
                }
                flag(f, *force, "FORCE")
            }
            ViewAction::UnsetAggregationPolicy => f.write_str(" UNSET AGGREGATION POLICY"),
            ViewAction::Column { column, action } => {
                write!(f, " ALTER COLUMN {column}")?;
                match action {
                    ColumnAction::SetProjectionPolicy { policy, force } => {
                        write!(f, " SET PROJECTION POLICY {policy}")?;
                        flag(f, *force, "FORCE")
                    }
                    ColumnAction::UnsetProjectionPolicy => f.write_str(" UNSET PROJECTION POLICY"),
                    ColumnAction::Comment(c) => write!(f, " COMMENT {}", Quoted(c)),
                    ColumnAction::UnsetComment => f.write_str(" UNSET COMMENT"),
                }
            }
        }
    }
}
