//! CREATE and ALTER DATABASE ROLE [sql/create-database-role, sql/alter-database-role], which
//! sqlparser 0.64 reads as CREATE DATABASE "ROLE". DROP is in `drop.rs`, grants in `grant.rs`.

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{Quoted, comment, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{
    or_replace, parse_comment, parse_if_not_exists, parse_or_replace, parse_string,
};

/// `CREATE [OR REPLACE] DATABASE ROLE [IF NOT EXISTS] [db.]name [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateDatabaseRole {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub comment: Option<String>,
}

/// `ALTER DATABASE ROLE [IF EXISTS] name { RENAME TO n | SET COMMENT = '...' | UNSET COMMENT }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterDatabaseRole {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: super::role::RoleAction,
}

/// Parses the CREATE or ALTER form.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "DATABASE", "ROLE"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        let action = match expect_one_of(p, &["SET", "UNSET", "RENAME"])? {
            0 => {
                expect_words(p, &["COMMENT"])?;
                expect_eq(p)?;
                super::role::RoleAction::SetComment(parse_string(p)?)
            }
            1 => {
                expect_words(p, &["COMMENT"])?;
                super::role::RoleAction::UnsetComment
            }
            _ => {
                expect_words(p, &["TO"])?;
                super::role::RoleAction::RenameTo(p.parse_object_name(false)?)
            }
        };
        return Ok(SnowflakeStatement::AlterDatabaseRole(AlterDatabaseRole {
            if_exists,
            name,
            action,
        }));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    if or_alter {
        return Err(super::words::expected_err(
            "DATABASE ROLE (CREATE OR ALTER is not documented for database roles)",
            &p.peek_token(),
        )
        .into());
    }
    expect_words(p, &["DATABASE", "ROLE"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let comment = parse_comment(p)?;
    Ok(SnowflakeStatement::CreateDatabaseRole(CreateDatabaseRole {
        or_replace,
        if_not_exists,
        name,
        comment,
    }))
}

impl fmt::Display for CreateDatabaseRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, false)?;
        f.write_str(" DATABASE ROLE")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        comment(f, &self.comment)
    }
}

impl fmt::Display for AlterDatabaseRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER DATABASE ROLE")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            super::role::RoleAction::SetComment(c) => write!(f, " SET COMMENT = {}", Quoted(c)),
            super::role::RoleAction::UnsetComment => f.write_str(" UNSET COMMENT"),
            super::role::RoleAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
        }
    }
}
