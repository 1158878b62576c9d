//! Caller grants, which bound what an executable running with restricted caller's rights may do
//! [sql/grant-caller, sql/revoke-caller]:
//! - `GRANT CALLER priv [, ...] | ALL CALLER PRIVILEGES ON <kind> <name> TO ...` on one object;
//! - `GRANT INHERITED CALLER priv [, ...] | ALL INHERITED CALLER PRIVILEGES ON ALL <plural>
//!   IN { ACCOUNT | DATABASE d | SCHEMA s | APPLICATION a | APPLICATION PACKAGE p } TO ...`;
//! - `REVOKE` of each, with FROM; the grantee is a ROLE, DATABASE ROLE or APPLICATION.
//!
//! Each privilege must exist on the kind (the catalog's per-kind privileges).

use std::fmt;

use sqlparser::ast::{DataType, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::{Kind, find_kind, find_plural};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, eat_words, expect_one_of, expect_words, expected_err, is_word};

const DOC: &str = "[docs.snowflake.com/en/sql-reference/sql/grant-caller]";

/// A caller grant or its revocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CallerGrant {
    pub revoke: bool,
    /// `INHERITED CALLER` (on all objects of a kind in a container) rather than `CALLER`.
    pub inherited: bool,
    /// Upper case; empty for `ALL [INHERITED] CALLER PRIVILEGES`.
    pub privileges: Vec<String>,
    pub on: CallerOn,
    /// `ROLE`, `DATABASE ROLE` or `APPLICATION`.
    pub grantee_kind: String,
    pub grantee: ObjectName,
}

/// What the caller grant is on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallerOn {
    /// `<kind> name [(arg types)]`.
    Object {
        kind: String,
        name: ObjectName,
        signature: Option<Vec<DataType>>,
    },
    /// `ALL <plural> IN ACCOUNT` (`container` is `None`) or `IN <container kind> name`.
    All {
        plural: String,
        container: Option<(String, ObjectName)>,
    },
}

/// Parses GRANT / REVOKE [ALL] [INHERITED] CALLER ....
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let revoke = expect_one_of(p, &["GRANT", "REVOKE"])? == 1;
    let priv_at = p.peek_token_ref().span;
    let all = eat_words(p, &["ALL"]);
    let inherited = eat_words(p, &["INHERITED"]);
    expect_words(p, &["CALLER"])?;
    let privileges = if all {
        expect_words(p, &["PRIVILEGES"])?;
        Vec::new()
    } else {
        parse_privileges(p)?
    };
    expect_words(p, &["ON"])?;
    let on_at = p.peek_token();
    let (on, kind) = if inherited {
        parse_all(p)?
    } else {
        if is_word(&on_at.token, "ALL") {
            let message = format!(
                "CALLER grants name one object; grants on ALL objects of a kind are INHERITED CALLER {DOC}"
            );
            return Err(GrammarError::at(Code::Syntax, message, &on_at));
        }
        parse_object(p)?
    };
    for privilege in &privileges {
        if !kind.grants(privilege) {
            let message = format!(
                "{privilege} is not a privilege on a {} (its privileges: {}) {DOC}",
                kind.name(),
                kind.privileges.join(", ")
            );
            return Err(GrammarError {
                code: Code::UnknownProperty,
                message,
                at: priv_at,
            });
        }
    }
    expect_words(p, &[if revoke { "FROM" } else { "TO" }])?;
    let grantee_kind = ["DATABASE ROLE", "ROLE", "APPLICATION"]
        .iter()
        .find(|k| eat_words(p, &k.split(' ').collect::<Vec<_>>()))
        .map(|k| (*k).to_string())
        .ok_or_else(|| {
            expected_err(
                &format!("ROLE, DATABASE ROLE or APPLICATION (the executable's owner) {DOC}"),
                p.peek_token_ref(),
            )
        })?;
    let grantee = p.parse_object_name(false)?;
    Ok(SnowflakeStatement::CallerGrant(CallerGrant {
        revoke,
        inherited,
        privileges,
        on,
        grantee_kind,
        grantee,
    }))
}

/// Privilege words up to ON, separated by commas.
fn parse_privileges(p: &mut Parser) -> Result<Vec<String>, GrammarError> {
    let mut privileges = Vec::new();
    let mut current: Vec<String> = Vec::new();
    loop {
        let tok = p.peek_token_ref().token.clone();
        match tok {
            Token::Comma if !current.is_empty() => {
                p.advance_token();
                privileges.push(current.join(" "));
                current.clear();
            }
            Token::Word(w) if !is_word(&tok, "ON") && w.quote_style.is_none() => {
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
    Ok(privileges)
}

fn words_ahead(p: &Parser, n: usize) -> Vec<String> {
    (0..n)
        .map(|k| match &p.peek_nth_token_ref(k).token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect()
}

fn parse_object(p: &mut Parser) -> Result<(CallerOn, &'static Kind), GrammarError> {
    let ahead = words_ahead(p, 4);
    let Some((kind, n)) = find_kind(|i| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty()))
    else {
        return Err(expected_err("an object kind (TABLE, VIEW...)", p.peek_token_ref()).into());
    };
    for _ in 0..n {
        p.advance_token();
    }
    let name = p.parse_object_name(false)?;
    let signature = if p.consume_token(&Token::LParen) {
        let types = if p.consume_token(&Token::RParen) {
            Vec::new()
        } else {
            let t = p.parse_comma_separated(|p| p.parse_data_type())?;
            p.expect_token(&Token::RParen)?;
            t
        };
        Some(types)
    } else {
        None
    };
    let on = CallerOn::Object {
        kind: kind.name(),
        name,
        signature,
    };
    Ok((on, kind))
}

fn parse_all(p: &mut Parser) -> Result<(CallerOn, &'static Kind), GrammarError> {
    let at = p.peek_token();
    if !eat_words(p, &["ALL"]) {
        let message = format!(
            "INHERITED CALLER grants are on ALL <objects> IN an account, database or schema {DOC}"
        );
        return Err(GrammarError::at(Code::Syntax, message, &at));
    }
    let ahead = words_ahead(p, 4);
    let Some((kind, n)) =
        find_plural(|i| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty()))
    else {
        return Err(expected_err(
            "an object kind, plural (TABLES, VIEWS...)",
            p.peek_token_ref(),
        )
        .into());
    };
    for _ in 0..n {
        p.advance_token();
    }
    expect_words(p, &["IN"])?;
    let container = match expect_one_of(p, &["ACCOUNT", "DATABASE", "SCHEMA", "APPLICATION"])? {
        0 => None,
        1 => Some(("DATABASE".to_string(), p.parse_object_name(false)?)),
        2 => Some(("SCHEMA".to_string(), p.parse_object_name(false)?)),
        _ => {
            let kind = if eat_words(p, &["PACKAGE"]) {
                "APPLICATION PACKAGE"
            } else {
                "APPLICATION"
            };
            Some((kind.to_string(), p.parse_object_name(false)?))
        }
    };
    let on = CallerOn::All {
        plural: kind.plural.join(" "),
        container,
    };
    Ok((on, kind))
}

impl fmt::Display for CallerGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.revoke { "REVOKE" } else { "GRANT" })?;
        let inherited = if self.inherited { " INHERITED" } else { "" };
        if self.privileges.is_empty() {
            write!(f, " ALL{inherited} CALLER PRIVILEGES")?;
        } else {
            write!(f, "{inherited} CALLER {}", self.privileges.join(", "))?;
        }
        f.write_str(" ON ")?;
        match &self.on {
            CallerOn::Object {
                kind,
                name,
                signature,
            } => {
                write!(f, "{kind} {name}")?;
                if let Some(sig) = signature {
                    write!(f, "({})", Commas(sig))?;
                }
            }
            CallerOn::All { plural, container } => {
                write!(f, "ALL {plural} IN ")?;
                match container {
                    None => f.write_str("ACCOUNT")?,
                    Some((kind, name)) => write!(f, "{kind} {name}")?,
                }
            }
        }
        write!(
            f,
            " {} {} {}",
            if self.revoke { "FROM" } else { "TO" },
            self.grantee_kind,
            self.grantee
        )
    }
}
