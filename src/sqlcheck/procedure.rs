//! CREATE PROCEDURE with a JavaScript or SQL (Snowflake Scripting) body [sql/create-procedure].
//! The body stays text (it is another language or a script), but a SQL body is also parsed as
//! far as sqlparser's Snowflake Scripting support goes, so the audit can look inside it.

use std::fmt;

use sqlparser::ast::{DataType, Expr, Ident, ObjectName, Statement};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Quoted, comment, eat_words, expect_one_of, expect_words, expected_err, flag};
use super::words::{or_replace, parse_comment, parse_or_replace, peek_words};

/// `CREATE [OR REPLACE] [SECURE] PROCEDURE name (args) [COPY GRANTS] RETURNS ... LANGUAGE ...
/// [null handling] [COMMENT = '...'] [EXECUTE AS ...] AS body`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateProcedure {
    pub or_replace: bool,
    pub or_alter: bool,
    pub secure: bool,
    pub name: ObjectName,
    pub args: Vec<ProcedureArg>,
    pub copy_grants: bool,
    pub returns: ProcedureReturns,
    pub not_null: bool,
    pub null_handling: Option<NullHandling>,
    pub comment: Option<String>,
    /// `None` means Snowflake's default, owner's rights.
    pub execute_as: Option<ExecuteAs>,
    pub body: ProcedureBody,
}

/// `name [IN | OUT ...] type [DEFAULT expr]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProcedureArg {
    pub name: Ident,
    /// `IN`, `INPUT`, `OUT` or `OUTPUT` as written, upper-cased.
    pub mode: Option<String>,
    pub data_type: DataType,
    pub default: Option<Expr>,
}

/// `RETURNS type` or `RETURNS TABLE (col type, ...)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProcedureReturns {
    Type(DataType),
    Table(Vec<(Ident, DataType)>),
}

/// `CALLED ON NULL INPUT` or `RETURNS NULL ON NULL INPUT` / `STRICT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NullHandling {
    CalledOnNullInput,
    ReturnsNullOnNullInput,
    Strict,
}

impl fmt::Display for NullHandling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CalledOnNullInput => "CALLED ON NULL INPUT",
            Self::ReturnsNullOnNullInput => "RETURNS NULL ON NULL INPUT",
            Self::Strict => "STRICT",
        })
    }
}

/// Whose rights the procedure runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecuteAs {
    Owner,
    Caller,
    RestrictedCaller,
}

/// The body, by language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProcedureBody {
    /// `LANGUAGE JAVASCRIPT`: the script text.
    JavaScript(String),
    /// `LANGUAGE SQL`: the text, and its statements when sqlparser can parse them.
    Sql {
        text: String,
        parsed: Option<Vec<Statement>>,
    },
}

impl ProcedureBody {
    /// The body text.
    pub fn text(&self) -> &str {
        match self {
            Self::JavaScript(t) | Self::Sql { text: t, .. } => t,
        }
    }
}

/// Parses CREATE PROCEDURE.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let secure = eat_words(p, &["SECURE"]);
    expect_words(p, &["PROCEDURE"])?;
    let name = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    let args = if p.consume_token(&Token::RParen) {
        Vec::new()
    } else {
        let args = p.parse_comma_separated(parse_arg)?;
        p.expect_token(&Token::RParen)?;
        args
    };
    let copy_grants = eat_words(p, &["COPY", "GRANTS"]);
    expect_words(p, &["RETURNS"])?;
    let returns = if eat_words(p, &["TABLE"]) {
        p.expect_token(&Token::LParen)?;
        let cols = if p.consume_token(&Token::RParen) {
            Vec::new()
        } else {
            let cols =
                p.parse_comma_separated(|p| Ok((p.parse_identifier()?, p.parse_data_type()?)))?;
            p.expect_token(&Token::RParen)?;
            cols
        };
        ProcedureReturns::Table(cols)
    } else {
        ProcedureReturns::Type(p.parse_data_type()?)
    };
    let not_null = eat_words(p, &["NOT", "NULL"]);
    let (mut language, mut null_handling, mut comment, mut execute_as) = (None, None, None, None);
    while !peek_words(p, &["AS"]) {
        let at = p.peek_token();
        if language.is_none() && eat_words(p, &["LANGUAGE"]) {
            language = Some(expect_one_of(p, &["JAVASCRIPT", "SQL"])?);
        } else if null_handling.is_none() && eat_words(p, &["CALLED", "ON", "NULL", "INPUT"]) {
            null_handling = Some(NullHandling::CalledOnNullInput);
        } else if null_handling.is_none()
            && eat_words(p, &["RETURNS", "NULL", "ON", "NULL", "INPUT"])
        {
            null_handling = Some(NullHandling::ReturnsNullOnNullInput);
        } else if null_handling.is_none() && eat_words(p, &["STRICT"]) {
            null_handling = Some(NullHandling::Strict);
        } else if comment.is_none() && peek_words(p, &["COMMENT"]) {
            comment = parse_comment(p)?;
        } else if execute_as.is_none() && eat_words(p, &["EXECUTE", "AS"]) {
            execute_as = Some(
                match expect_one_of(p, &["OWNER", "CALLER", "RESTRICTED"])? {
                    0 => ExecuteAs::Owner,
                    1 => ExecuteAs::Caller,
                    _ => {
                        expect_words(p, &["CALLER"])?;
                        ExecuteAs::RestrictedCaller
                    }
                },
            );
        } else {
            let what = "LANGUAGE, CALLED ON NULL INPUT, RETURNS NULL ON NULL INPUT, STRICT, COMMENT, EXECUTE AS or AS";
            return Err(expected_err(what, &at).into());
        }
    }
    expect_words(p, &["AS"])?;
    let Some(language) = language else {
        return Err(expected_err(
            "LANGUAGE JAVASCRIPT or LANGUAGE SQL before AS",
            p.peek_token_ref(),
        )
        .into());
    };
    let text = parse_body_text(p)?;
    let body = if language == 0 {
        ProcedureBody::JavaScript(text)
    } else {
        let parsed = Parser::parse_sql(&SnowflakeDialect {}, &text).ok();
        ProcedureBody::Sql { text, parsed }
    };
    Ok(SnowflakeStatement::CreateProcedure(CreateProcedure {
        or_replace,
        or_alter,
        secure,
        name,
        args,
        copy_grants,
        returns,
        not_null,
        null_handling,
        comment,
        execute_as,
        body,
    }))
}

fn parse_arg(p: &mut Parser) -> Result<ProcedureArg, sqlparser::parser::ParserError> {
    let name = p.parse_identifier()?;
    let mode = ["IN", "INPUT", "OUT", "OUTPUT"]
        .into_iter()
        .find(|m| eat_words(p, &[m]))
        .map(str::to_string);
    let data_type = p.parse_data_type()?;
    let default = if eat_words(p, &["DEFAULT"]) {
        Some(p.parse_expr()?)
    } else {
        None
    };
    Ok(ProcedureArg {
        name,
        mode,
        data_type,
        default,
    })
}

/// `$$ ... $$` or `'...'`. A second `$$` right after the body means the body itself contained
/// `$$`, which dollar quoting cannot express.
pub fn parse_body_text(p: &mut Parser) -> Result<String, GrammarError> {
    let tok = p.next_token();
    let text = match tok.token {
        Token::DollarQuotedString(d) => d.value,
        Token::SingleQuotedString(s) => s,
        _ => return Err(expected_err("a $$...$$ or '...' body", &tok).into()),
    };
    let mut n = 0;
    loop {
        let next = p.peek_nth_token_ref(n);
        match &next.token {
            Token::EOF | Token::SemiColon => break,
            Token::DollarQuotedString(_) => {
                let msg = "`$$` inside a `$$` body ends the body early; use a single-quoted body";
                return Err(GrammarError::at(Code::DollarInBody, msg, next));
            }
            _ => n += 1,
        }
    }
    Ok(text)
}

/// Prints a body with `$$` when it can, and as an escaped string when it contains `$$`.
pub struct Body<'a>(pub &'a str);

impl fmt::Display for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.contains("$$") || self.0.ends_with('$') {
            write!(f, "{}", Quoted(self.0))
        } else {
            write!(f, "$${}$$", self.0)
        }
    }
}

impl fmt::Display for CreateProcedure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        flag(f, self.secure, "SECURE")?;
        write!(f, " PROCEDURE {}(", self.name)?;
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", a.name)?;
            if let Some(m) = &a.mode {
                write!(f, " {m}")?;
            }
            write!(f, " {}", a.data_type)?;
            if let Some(d) = &a.default {
                write!(f, " DEFAULT {d}")?;
            }
        }
        f.write_str(")")?;
        flag(f, self.copy_grants, "COPY GRANTS")?;
        match &self.returns {
            ProcedureReturns::Type(t) => write!(f, " RETURNS {t}")?,
            ProcedureReturns::Table(cols) => {
                f.write_str(" RETURNS TABLE (")?;
                for (i, (c, t)) in cols.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{c} {t}")?;
                }
                f.write_str(")")?;
            }
        }
        flag(f, self.not_null, "NOT NULL")?;
        let lang = match self.body {
            ProcedureBody::JavaScript(_) => "JAVASCRIPT",
            ProcedureBody::Sql { .. } => "SQL",
        };
        write!(f, " LANGUAGE {lang}")?;
        if let Some(n) = self.null_handling {
            write!(f, " {n}")?;
        }
        comment(f, &self.comment)?;
        match self.execute_as {
            Some(ExecuteAs::Owner) => f.write_str(" EXECUTE AS OWNER")?,
            Some(ExecuteAs::Caller) => f.write_str(" EXECUTE AS CALLER")?,
            Some(ExecuteAs::RestrictedCaller) => f.write_str(" EXECUTE AS RESTRICTED CALLER")?,
            None => {}
        }
        write!(f, " AS {}", Body(self.body.text()))
    }
}
