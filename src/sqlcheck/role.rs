//! CREATE ROLE with a COMMENT and ALTER ROLE, which sqlparser 0.64 rejects in the Snowflake
//! dialect (it parses plain `CREATE ROLE [IF NOT EXISTS] name` itself)
//! [sql/create-role, sql/alter-role]. SET/UNSET TAG on a role lives in `tag.rs`.

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{Quoted, comment, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{
    or_replace, parse_comment, parse_if_not_exists, parse_or_replace, parse_string,
};

/// `CREATE [OR REPLACE | OR ALTER] ROLE [IF NOT EXISTS] name [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateRole {
    pub or_replace: bool,
    pub or_alter: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub comment: Option<String>,
}

/// `ALTER ROLE [IF EXISTS] name { SET COMMENT = '...' | UNSET COMMENT | RENAME TO new }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterRole {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: RoleAction,
}

/// What ALTER ROLE does (a role has no other properties to set).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RoleAction {
    SetComment(String),
    UnsetComment,
    RenameTo(ObjectName),
}

/// Parses the CREATE or ALTER form.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "ROLE"]) {
        return parse_alter(p);
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    expect_words(p, &["ROLE"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let comment = parse_comment(p)?;
    Ok(SnowflakeStatement::CreateRole(CreateRole {
        or_replace,
        or_alter,
        if_not_exists,
        name,
        comment,
    }))
}

fn parse_alter(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let action = match expect_one_of(p, &["SET", "UNSET", "RENAME"])? {
        0 => {
            expect_words(p, &["COMMENT"])?;
            expect_eq(p)?;
            RoleAction::SetComment(parse_string(p)?)
        }
        1 => {
            expect_words(p, &["COMMENT"])?;
            RoleAction::UnsetComment
        }
        _ => {
            expect_words(p, &["TO"])?;
            RoleAction::RenameTo(p.parse_object_name(false)?)
        }
    };
    Ok(SnowflakeStatement::AlterRole(AlterRole {
        if_exists,
        name,
        action,
    }))
}

impl fmt::Display for CreateRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        f.write_str(" ROLE")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        comment(f, &self.comment)
    }
}

impl fmt::Display for AlterRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER ROLE")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            RoleAction::SetComment(c) => write!(f, " SET COMMENT = {}", Quoted(c)),
            RoleAction::UnsetComment => f.write_str(" UNSET COMMENT"),
            RoleAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
        }
    }
}
