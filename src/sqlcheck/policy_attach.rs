//! Attaching and detaching policies: ALTER TABLE | VIEW ... ADD / DROP ROW ACCESS POLICY,
//! DROP ALL ROW ACCESS POLICIES, { ALTER | MODIFY } COLUMN ... SET / UNSET MASKING POLICY
//! [sql/alter-table, sql/alter-view]. sqlparser parses other ALTER TABLE forms itself.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{Commas, eat_words, expect_one_of, expect_words, flag, parse_ident_list};

/// TABLE or VIEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    Table,
    View,
}

/// `ALTER {TABLE | VIEW} [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterPolicyAttachment {
    pub relation: Relation,
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: AttachAction,
}

/// How the policies on the relation change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttachAction {
    /// `ADD ROW ACCESS POLICY p ON (cols)`.
    AddRowAccessPolicy { policy: ObjectName, on: Vec<Ident> },
    /// `DROP ROW ACCESS POLICY p [, ADD ROW ACCESS POLICY q ON (cols)]` (the swap form).
    DropRowAccessPolicy {
        policy: ObjectName,
        then_add: Option<(ObjectName, Vec<Ident>)>,
    },
    /// `DROP ALL ROW ACCESS POLICIES`.
    DropAllRowAccessPolicies,
    /// `MODIFY COLUMN c SET MASKING POLICY p [USING (c, ...)] [FORCE]`.
    SetMaskingPolicy {
        column: Ident,
        policy: ObjectName,
        using: Vec<Ident>,
        force: bool,
    },
    /// `MODIFY COLUMN c UNSET MASKING POLICY`.
    UnsetMaskingPolicy { column: Ident },
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER"])?;
    let relation = if expect_one_of(p, &["TABLE", "VIEW"])? == 0 {
        Relation::Table
    } else {
        Relation::View
    };
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let action = match expect_one_of(p, &["ADD", "DROP", "MODIFY", "ALTER"])? {
        0 => {
            let (policy, on) = parse_add_tail(p)?;
            AttachAction::AddRowAccessPolicy { policy, on }
        }
        1 if eat_words(p, &["ALL"]) => {
            expect_words(p, &["ROW", "ACCESS", "POLICIES"])?;
            AttachAction::DropAllRowAccessPolicies
        }
        1 => {
            expect_words(p, &["ROW", "ACCESS", "POLICY"])?;
            let policy = p.parse_object_name(false)?;
            let then_add = if p.consume_token(&Token::Comma) {
                expect_words(p, &["ADD"])?;
                Some(parse_add_tail(p)?)
            } else {
                None
            };
            AttachAction::DropRowAccessPolicy { policy, then_add }
        }
        _ => {
            eat_words(p, &["COLUMN"]);
            let column = p.parse_identifier()?;
            if eat_words(p, &["UNSET"]) {
                expect_words(p, &["MASKING", "POLICY"])?;
                AttachAction::UnsetMaskingPolicy { column }
            } else {
                expect_words(p, &["SET", "MASKING", "POLICY"])?;
                let policy = p.parse_object_name(false)?;
                let using = if eat_words(p, &["USING"]) {
                    parse_ident_list(p)?
                } else {
                    Vec::new()
                };
                let force = eat_words(p, &["FORCE"]);
                AttachAction::SetMaskingPolicy {
                    column,
                    policy,
                    using,
                    force,
                }
            }
        }
    };
    Ok(SnowflakeStatement::AlterPolicyAttachment(
        AlterPolicyAttachment {
            relation,
            if_exists,
            name,
            action,
        },
    ))
}

/// `ROW ACCESS POLICY p ON (cols)` after ADD.
fn parse_add_tail(p: &mut Parser) -> Result<(ObjectName, Vec<Ident>), GrammarError> {
    expect_words(p, &["ROW", "ACCESS", "POLICY"])?;
    let policy = p.parse_object_name(false)?;
    expect_words(p, &["ON"])?;
    Ok((policy, parse_ident_list(p)?))
}

impl fmt::Display for AlterPolicyAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rel = match self.relation {
            Relation::Table => "TABLE",
            Relation::View => "VIEW",
        };
        write!(f, "ALTER {rel}")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            AttachAction::AddRowAccessPolicy { policy, on } => {
                write!(f, " ADD ROW ACCESS POLICY {policy} ON ({})", Commas(on))
            }
            AttachAction::DropRowAccessPolicy { policy, then_add } => {
                write!(f, " DROP ROW ACCESS POLICY {policy}")?;
                match then_add {
                    Some((q, on)) => write!(f, ", ADD ROW ACCESS POLICY {q} ON ({})", Commas(on)),
                    None => Ok(()),
                }
            }
            AttachAction::DropAllRowAccessPolicies => f.write_str(" DROP ALL ROW ACCESS POLICIES"),
            AttachAction::SetMaskingPolicy {
                column,
                policy,
                using,
                force,
            } => {
                write!(f, " MODIFY COLUMN {column} SET MASKING POLICY {policy}")?;
                if !using.is_empty() {
                    write!(f, " USING ({})", Commas(using))?;
                }
                flag(f, *force, "FORCE")
            }
            AttachAction::UnsetMaskingPolicy { column } => {
                write!(f, " MODIFY COLUMN {column} UNSET MASKING POLICY")
            }
        }
    }
}
