//! ALTER VIEW's Snowflake actions [sql/alter-view]: SET / UNSET SECURE, RENAME TO, SET / UNSET
//! COMMENT, SET / UNSET CHANGE_TRACKING. sqlparser 0.64's ALTER VIEW is `ALTER VIEW v AS query`,
//! which Snowflake does not have. Row access and masking policy clauses are in `policy_attach.rs`,
//! tags in `tag.rs`.

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{Quoted, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{parse_bool, parse_string};

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
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER", "VIEW"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
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
        }
    }
}
