//! ALTER forms that rename an object or set its catalog properties: ALTER PROCEDURE [sql/alter-procedure]
//! (RENAME TO, SET / UNSET COMMENT and logging properties, SET SECRETS, EXECUTE AS), ALTER FUNCTION
//! [sql/alter-function] (RENAME TO, SET / UNSET SECURE, SET / UNSET properties, SET SECRETS), ALTER ALERT
//! [sql/alter-alert] (SET / UNSET, MODIFY CONDITION EXISTS (...), MODIFY ACTION) and ALTER NETWORK
//! POLICY [sql/alter-network-policy] (RENAME TO, SET / UNSET COMMENT). Properties are read through
//! the catalog.

use std::fmt;

use sqlparser::ast::{DataType, Ident, ObjectName, Statement};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::{kind_named, ours};
use super::grammar::GrammarError;
use super::procedure::ExecuteAs;
use super::routine::parse_secrets;
use super::words::{Commas, Property, Quoted, eat_words, expect_one_of, expect_words, flag};

/// `ALTER <kind> [IF EXISTS] name [(arg types)] <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterObject {
    /// Upper-cased keywords of the kind (`PROCEDURE`, `ALERT`, `NETWORK POLICY`).
    pub object_kind: String,
    pub if_exists: bool,
    pub name: ObjectName,
    /// A procedure's argument types (Snowflake identifies it by signature).
    pub signature: Option<Vec<DataType>>,
    pub action: ObjectAction,
}

/// What the ALTER does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ObjectAction {
    RenameTo(ObjectName),
    Set(Vec<Property>),
    Unset(Vec<Ident>),
    ExecuteAs(ExecuteAs),
    /// `MODIFY CONDITION EXISTS (query)` of an alert.
    ModifyCondition(Box<Statement>),
    /// `MODIFY ACTION statement` of an alert.
    ModifyAction(Box<Statement>),
    /// `SET SECURE` (true) or `UNSET SECURE` of a function [sql/alter-function].
    Secure(bool),
    /// `SET SECRETS = ('variable' = secret, ...)` of a function or procedure.
    SetSecrets(Vec<(String, ObjectName)>),
}

/// `ALTER { PROCEDURE | FUNCTION } [IF EXISTS] name (types) <action>`.
pub fn parse_alter_routine(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER"])?;
    let kind = ["PROCEDURE", "FUNCTION"][expect_one_of(p, &["PROCEDURE", "FUNCTION"])?];
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    let types = if p.consume_token(&Token::RParen) {
        Vec::new()
    } else {
        let t = p.parse_comma_separated(|p| p.parse_data_type())?;
        p.expect_token(&Token::RParen)?;
        t
    };
    let routine_action = if kind == "FUNCTION" && eat_words(p, &["SET", "SECURE"]) {
        Some(ObjectAction::Secure(true))
    } else if kind == "FUNCTION" && eat_words(p, &["UNSET", "SECURE"]) {
        Some(ObjectAction::Secure(false))
    } else if eat_words(p, &["SET", "SECRETS"]) {
        Some(ObjectAction::SetSecrets(parse_secrets(p)?))
    } else {
        None
    };
    if let Some(action) = routine_action {
        return Ok(SnowflakeStatement::AlterObject(AlterObject {
            object_kind: kind.to_string(),
            if_exists,
            name,
            signature: Some(types),
            action,
        }));
    }
    parse_action(p, kind, if_exists, name, Some(types))
}

/// The action after `ALTER <kind> [IF EXISTS] name [(types)]`, which the caller has read.
pub fn parse_action(
    p: &mut Parser,
    kind: &str,
    if_exists: bool,
    name: ObjectName,
    signature: Option<Vec<DataType>>,
) -> Result<SnowflakeStatement, GrammarError> {
    let catalog_kind = kind_named(kind).expect("callers name catalog kinds");
    let vocab = Vocabulary {
        kind: catalog_kind,
        extra: &[],
    };
    let mut choices = vec!["SET", "UNSET"];
    match kind {
        "PROCEDURE" => choices.extend(["RENAME", "EXECUTE"]),
        "FUNCTION" => choices.push("RENAME"),
        "ALERT" => choices.push("MODIFY"),
        _ => choices.push("RENAME"),
    }
    let action = match choices[expect_one_of(p, &choices)?] {
        "SET" => ObjectAction::Set(ours::parse_props(p, &vocab, Form::Set)?),
        "UNSET" => ObjectAction::Unset(ours::parse_unset(p, &vocab)?),
        "RENAME" => {
            expect_words(p, &["TO"])?;
            ObjectAction::RenameTo(p.parse_object_name(false)?)
        }
        "EXECUTE" => {
            expect_words(p, &["AS"])?;
            ObjectAction::ExecuteAs(
                match expect_one_of(p, &["OWNER", "CALLER", "RESTRICTED"])? {
                    0 => ExecuteAs::Owner,
                    1 => ExecuteAs::Caller,
                    _ => {
                        expect_words(p, &["CALLER"])?;
                        ExecuteAs::RestrictedCaller
                    }
                },
            )
        }
        _ => {
            if expect_one_of(p, &["CONDITION", "ACTION"])? == 0 {
                expect_words(p, &["EXISTS"])?;
                p.expect_token(&Token::LParen)?;
                let condition = p.parse_statement()?;
                p.expect_token(&Token::RParen)?;
                ObjectAction::ModifyCondition(Box::new(condition))
            } else {
                ObjectAction::ModifyAction(Box::new(p.parse_statement()?))
            }
        }
    };
    Ok(SnowflakeStatement::AlterObject(AlterObject {
        object_kind: kind.to_string(),
        if_exists,
        name,
        signature,
        action,
    }))
}

impl fmt::Display for AlterObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ALTER {}", self.object_kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        if let Some(sig) = &self.signature {
            write!(f, "({})", Commas(sig))?;
        }
        match &self.action {
            ObjectAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
            ObjectAction::Set(props) => {
                f.write_str(" SET")?;
                for p in props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
            ObjectAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
            ObjectAction::ExecuteAs(e) => f.write_str(match e {
                ExecuteAs::Owner => " EXECUTE AS OWNER",
                ExecuteAs::Caller => " EXECUTE AS CALLER",
                ExecuteAs::RestrictedCaller => " EXECUTE AS RESTRICTED CALLER",
            }),
            ObjectAction::ModifyCondition(s) => write!(f, " MODIFY CONDITION EXISTS ({s})"),
            ObjectAction::ModifyAction(s) => write!(f, " MODIFY ACTION {s}"),
            ObjectAction::Secure(true) => f.write_str(" SET SECURE"),
            ObjectAction::Secure(false) => f.write_str(" UNSET SECURE"),
            ObjectAction::SetSecrets(secrets) => {
                f.write_str(" SET SECRETS = (")?;
                for (i, (var, secret)) in secrets.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} = {secret}", Quoted(var))?;
                }
                f.write_str(")")
            }
        }
    }
}
