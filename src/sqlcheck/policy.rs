//! CREATE / ALTER ROW ACCESS POLICY and MASKING POLICY [sql/create-row-access-policy,
//! sql/alter-row-access-policy, sql/create-masking-policy, sql/alter-masking-policy].
//! Bodies are parsed with sqlparser's `parse_expr`, so the audit can evaluate them.

use std::fmt;

use sqlparser::ast::{DataType, Expr, Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Quoted, comment, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{or_replace, parse_bool, parse_comment, parse_if_not_exists, parse_or_replace};
use super::words::{parse_string, peek_words};

/// Which kind of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    RowAccess,
    Masking,
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RowAccess => "ROW ACCESS POLICY",
            Self::Masking => "MASKING POLICY",
        })
    }
}

/// `CREATE [OR REPLACE | OR ALTER] ROW ACCESS POLICY [IF NOT EXISTS] name AS (args)
/// RETURNS BOOLEAN -> body [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateRowAccessPolicy {
    pub or_replace: bool,
    pub or_alter: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub args: Vec<(Ident, DataType)>,
    /// Always BOOLEAN once parsed (anything else is rejected with SQL005).
    pub returns: DataType,
    pub body: Expr,
    pub comment: Option<String>,
}

/// `CREATE [OR REPLACE | OR ALTER] MASKING POLICY [IF NOT EXISTS] name AS (val type, ...)
/// RETURNS type -> body [COMMENT = '...'] [EXEMPT_OTHER_POLICIES = TRUE|FALSE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateMaskingPolicy {
    pub or_replace: bool,
    pub or_alter: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub args: Vec<(Ident, DataType)>,
    /// Same type family as the first argument (else SQL006).
    pub returns: DataType,
    pub body: Expr,
    pub comment: Option<String>,
    pub exempt_other_policies: Option<bool>,
}

/// `ALTER {ROW ACCESS | MASKING} POLICY [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterPolicy {
    pub kind: PolicyKind,
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: PolicyAction,
}

/// What ALTER POLICY does.
// One value per statement: boxing the body would only make the audit's access noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PolicyAction {
    /// `SET BODY -> expr`: the way to change an attached policy.
    SetBody(Expr),
    RenameTo(ObjectName),
    SetComment(String),
    UnsetComment,
}

/// Parses CREATE or ALTER of either policy kind.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER"]) {
        return parse_alter(p);
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let kind = parse_kind(p)?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    expect_words(p, &["AS"])?;
    p.expect_token(&Token::LParen)?;
    let args = p.parse_comma_separated(|p| Ok((p.parse_identifier()?, p.parse_data_type()?)))?;
    p.expect_token(&Token::RParen)?;
    expect_words(p, &["RETURNS"])?;
    let type_at = p.peek_token();
    let returns = p.parse_data_type()?;
    p.expect_token(&Token::Arrow)?;
    let body = p.parse_expr()?;
    match kind {
        PolicyKind::RowAccess => {
            if returns != DataType::Boolean {
                let msg = format!("a row access policy must return BOOLEAN, not {returns}");
                return Err(GrammarError::at(Code::RowAccessPolicyReturn, msg, &type_at));
            }
            let comment = parse_comment(p)?;
            Ok(SnowflakeStatement::CreateRowAccessPolicy(
                CreateRowAccessPolicy {
                    or_replace,
                    or_alter,
                    if_not_exists,
                    name,
                    args,
                    returns,
                    body,
                    comment,
                },
            ))
        }
        PolicyKind::Masking => {
            if let Some((arg, ty)) = args.first()
                && type_family(ty) != type_family(&returns)
            {
                let msg = format!(
                    "a masking policy must return the type of its first argument {arg} ({ty}), not {returns}"
                );
                return Err(GrammarError::at(Code::MaskingPolicyReturn, msg, &type_at));
            }
            let (mut comment, mut exempt) = (None, None);
            loop {
                if comment.is_none() && peek_words(p, &["COMMENT"]) {
                    comment = parse_comment(p)?;
                } else if exempt.is_none() && eat_words(p, &["EXEMPT_OTHER_POLICIES"]) {
                    expect_eq(p)?;
                    exempt = Some(parse_bool(p)?);
                } else {
                    break;
                }
            }
            Ok(SnowflakeStatement::CreateMaskingPolicy(
                CreateMaskingPolicy {
                    or_replace,
                    or_alter,
                    if_not_exists,
                    name,
                    args,
                    returns,
                    body,
                    comment,
                    exempt_other_policies: exempt,
                },
            ))
        }
    }
}

fn parse_kind(p: &mut Parser) -> Result<PolicyKind, GrammarError> {
    if eat_words(p, &["ROW", "ACCESS", "POLICY"]) {
        return Ok(PolicyKind::RowAccess);
    }
    expect_words(p, &["MASKING", "POLICY"])?;
    Ok(PolicyKind::Masking)
}

fn parse_alter(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let kind = parse_kind(p)?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let action = if eat_words(p, &["RENAME", "TO"]) {
        PolicyAction::RenameTo(p.parse_object_name(false)?)
    } else if eat_words(p, &["UNSET", "COMMENT"]) {
        PolicyAction::UnsetComment
    } else {
        expect_words(p, &["SET"])?;
        if expect_one_of(p, &["BODY", "COMMENT"])? == 0 {
            p.expect_token(&Token::Arrow)?;
            PolicyAction::SetBody(p.parse_expr()?)
        } else {
            expect_eq(p)?;
            PolicyAction::SetComment(parse_string(p)?)
        }
    };
    Ok(SnowflakeStatement::AlterPolicy(AlterPolicy {
        kind,
        if_exists,
        name,
        action,
    }))
}

/// Snowflake's synonyms collapse to one family: VARCHAR = STRING = TEXT, NUMBER = INT = DECIMAL.
/// Lengths and precisions do not matter for the masking-policy rule.
pub fn type_family(t: &DataType) -> String {
    let text = t.to_string().to_ascii_uppercase();
    let base = text.split('(').next().unwrap_or("").trim();
    match base {
        "VARCHAR" | "STRING" | "TEXT" | "CHAR" | "CHARACTER" | "NVARCHAR" | "NCHAR"
        | "CHARACTER VARYING" | "CHAR VARYING" => "TEXT".into(),
        "NUMBER" | "NUMERIC" | "DECIMAL" | "DEC" | "INT" | "INTEGER" | "BIGINT" | "SMALLINT"
        | "TINYINT" | "BYTEINT" => "NUMBER".into(),
        "FLOAT" | "FLOAT4" | "FLOAT8" | "DOUBLE" | "DOUBLE PRECISION" | "REAL" => "FLOAT".into(),
        "DATETIME" | "TIMESTAMP_NTZ" | "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP_NTZ".into(),
        other => other.to_string(),
    }
}

fn write_signature(
    f: &mut fmt::Formatter<'_>,
    args: &[(Ident, DataType)],
    returns: &DataType,
    body: &Expr,
) -> fmt::Result {
    f.write_str(" AS (")?;
    for (i, (name, ty)) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{name} {ty}")?;
    }
    write!(f, ") RETURNS {returns} -> {body}")
}

impl fmt::Display for CreateRowAccessPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        f.write_str(" ROW ACCESS POLICY")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        write_signature(f, &self.args, &self.returns, &self.body)?;
        comment(f, &self.comment)
    }
}

impl fmt::Display for CreateMaskingPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        f.write_str(" MASKING POLICY")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        write_signature(f, &self.args, &self.returns, &self.body)?;
        comment(f, &self.comment)?;
        match self.exempt_other_policies {
            Some(b) => write!(
                f,
                " EXEMPT_OTHER_POLICIES = {}",
                if b { "TRUE" } else { "FALSE" }
            ),
            None => Ok(()),
        }
    }
}

impl fmt::Display for AlterPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ALTER {}", self.kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            PolicyAction::SetBody(e) => write!(f, " SET BODY -> {e}"),
            PolicyAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
            PolicyAction::SetComment(c) => write!(f, " SET COMMENT = {}", Quoted(c)),
            PolicyAction::UnsetComment => f.write_str(" UNSET COMMENT"),
        }
    }
}
