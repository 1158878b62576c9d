//! `GRANT <privileges> ON FUTURE <object types> IN DATABASE <db> TO ROLE <role>` and its REVOKE
//! (`... FROM ROLE <role>`): database-level future grants, which sqlparser 0.64 lacks (it parses
//! only the schema form and FUTURE SCHEMAS IN DATABASE). Grammar: `reference/snowflake-sql.md` §10
//! [sql/grant-privilege, sql/revoke-privilege].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{eat_words, expect_one_of, expect_words, expected_err, is_word};

/// Object types a future grant can name, plural, as keyword sequences.
const KINDS: &[&[&str]] = &[
    &["MATERIALIZED", "VIEWS"],
    &["EXTERNAL", "TABLES"],
    &["DYNAMIC", "TABLES"],
    &["ICEBERG", "TABLES"],
    &["EVENT", "TABLES"],
    &["FILE", "FORMATS"],
    &["TABLES"],
    &["VIEWS"],
    &["SEQUENCES"],
    &["FUNCTIONS"],
    &["PROCEDURES"],
    &["STAGES"],
    &["STREAMS"],
    &["TASKS"],
    &["PIPES"],
];

/// A database-level future grant or revoke.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FutureGrantInDatabase {
    /// REVOKE rather than GRANT.
    pub revoke: bool,
    /// Privileges, upper case (`SELECT`, `ALL PRIVILEGES`...).
    pub privileges: Vec<String>,
    /// The object type, plural, upper case (`TABLES`, `MATERIALIZED VIEWS`).
    pub kind: String,
    pub database: ObjectName,
    pub role: ObjectName,
}

impl FutureGrantInDatabase {
    /// The object type, singular (`TABLE`, `MATERIALIZED VIEW`).
    pub fn singular_kind(&self) -> String {
        self.kind
            .strip_suffix('S')
            .unwrap_or(&self.kind)
            .to_string()
    }
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let revoke = expect_one_of(p, &["GRANT", "REVOKE"])? == 1;
    let mut privileges = Vec::new();
    let mut current: Vec<String> = Vec::new();
    loop {
        let tok = p.peek_token_ref().token.clone();
        match tok {
            Token::Comma => {
                p.advance_token();
                privileges.push(current.join(" "));
                current.clear();
            }
            Token::Word(w) if !is_word(&tok, "ON") => {
                p.advance_token();
                current.push(w.value.to_ascii_uppercase());
            }
            _ => break,
        }
    }
    if current.is_empty() {
        return Err(expected_err("a privilege", p.peek_token_ref()).into());
    }
    privileges.push(current.join(" "));
    expect_words(p, &["ON", "FUTURE"])?;
    let Some(kind) = KINDS.iter().find(|k| eat_words(p, k)) else {
        return Err(expected_err("an object type (TABLES, VIEWS...)", p.peek_token_ref()).into());
    };
    expect_words(p, &["IN", "DATABASE"])?;
    let database = p.parse_object_name(false)?;
    expect_words(p, &[if revoke { "FROM" } else { "TO" }])?;
    let _ = eat_words(p, &["ROLE"]);
    let role = p.parse_object_name(false)?;
    Ok(SnowflakeStatement::FutureGrantInDatabase(
        FutureGrantInDatabase {
            revoke,
            privileges,
            kind: kind.join(" "),
            database,
            role,
        },
    ))
}

impl fmt::Display for FutureGrantInDatabase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, to) = if self.revoke {
            ("REVOKE", "FROM")
        } else {
            ("GRANT", "TO")
        };
        write!(
            f,
            "{verb} {} ON FUTURE {} IN DATABASE {} {to} ROLE {}",
            self.privileges.join(", "),
            self.kind,
            self.database,
            self.role
        )
    }
}
