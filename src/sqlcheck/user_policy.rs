//! `ALTER USER ... { SET | UNSET } { AUTHENTICATION | PASSWORD | SESSION } POLICY` with the
//! policy's qualified name [sql/alter-user, sql/create-session-policy "Attach to a user"]; sqlparser
//! 0.64 takes only an undotted policy name there. The account form is in `warehouse.rs`.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{eat_words, expect_one_of, expect_words, flag};

/// Policies a user or the account takes with SET ... POLICY.
pub const ATTACHABLE: &[&str] = &["AUTHENTICATION", "PASSWORD", "SESSION"];

/// `ALTER USER [IF EXISTS] name { SET <kind> POLICY p [FORCE] | UNSET <kind> POLICY }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterUserPolicy {
    pub if_exists: bool,
    pub name: Ident,
    /// `SESSION`, `PASSWORD` or `AUTHENTICATION`.
    pub policy_kind: String,
    /// The policy for SET; `None` for UNSET.
    pub policy: Option<ObjectName>,
    pub force: bool,
}

/// `{ SET <kind> POLICY p [FORCE] | UNSET <kind> POLICY }` after the object's name.
pub fn parse_attachment(
    p: &mut Parser,
) -> Result<(String, Option<ObjectName>, bool), GrammarError> {
    let set = expect_one_of(p, &["SET", "UNSET"])? == 0;
    let kind = ATTACHABLE[expect_one_of(p, ATTACHABLE)?].to_string();
    expect_words(p, &["POLICY"])?;
    if !set {
        return Ok((kind, None, false));
    }
    let policy = p.parse_object_name(false)?;
    let force = eat_words(p, &["FORCE"]);
    Ok((kind, Some(policy), force))
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER", "USER"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_identifier()?;
    let (policy_kind, policy, force) = parse_attachment(p)?;
    Ok(SnowflakeStatement::AlterUserPolicy(AlterUserPolicy {
        if_exists,
        name,
        policy_kind,
        policy,
        force,
    }))
}

/// Prints ` SET <kind> POLICY p [FORCE]` or ` UNSET <kind> POLICY`.
pub fn write_attachment(
    f: &mut fmt::Formatter<'_>,
    kind: &str,
    policy: &Option<ObjectName>,
    force: bool,
) -> fmt::Result {
    match policy {
        Some(p) => {
            write!(f, " SET {kind} POLICY {p}")?;
            flag(f, force, "FORCE")
        }
        None => write!(f, " UNSET {kind} POLICY"),
    }
}

impl fmt::Display for AlterUserPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER USER")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        write_attachment(f, &self.policy_kind, &self.policy, self.force)
    }
}
