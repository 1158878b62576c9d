//! DROP for the object kinds sqlparser's DROP does not know.

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{eat_words, expect_words, expected_err, flag};

/// Kinds dropped here, as keyword sequences.
pub const DROPPABLE: &[&[&str]] = &[
    &["DATABASE", "ROLE"],
    &["SESSION", "POLICY"],
    &["PASSWORD", "POLICY"],
    &["AUTHENTICATION", "POLICY"],
    &["RESOURCE", "MONITOR"],
    &["ROW", "ACCESS", "POLICY"],
    &["MASKING", "POLICY"],
    &["NETWORK", "POLICY"],
    &["NETWORK", "RULE"],
    &["TAG"],
    &["ALERT"],
    &["INTEGRATION"],
    &["API", "INTEGRATION"],
    &["NOTIFICATION", "INTEGRATION"],
    &["STORAGE", "INTEGRATION"],
    &["EXTERNAL", "ACCESS", "INTEGRATION"],
    &["SECRET"],
    &["SHARE"],
    &["TASK"],
    &["STREAM"],
];

/// `DROP <kind> [IF EXISTS] name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DropObject {
    /// Upper-cased keywords joined by spaces, e.g. `ROW ACCESS POLICY`.
    pub object_kind: String,
    pub if_exists: bool,
    pub name: ObjectName,
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["DROP"])?;
    let Some(kind) = DROPPABLE.iter().find(|k| eat_words(p, k)) else {
        return Err(expected_err("an object kind after DROP", p.peek_token_ref()).into());
    };
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    Ok(SnowflakeStatement::DropObject(DropObject {
        object_kind: kind.join(" "),
        if_exists,
        name,
    }))
}

impl fmt::Display for DropObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DROP {}", self.object_kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)
    }
}
