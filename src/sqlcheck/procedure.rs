//! CREATE PROCEDURE with a JavaScript, SQL (Snowflake Scripting), Python, Java or Scala handler
//! [sql/create-procedure]; the clauses it shares with CREATE FUNCTION are `routine.rs`.
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
use super::routine::{
    Routine, RoutineClauses, check_defaults_last, check_snowpark, check_unique_names, parse_body,
    parse_clauses,
};
use super::words::{Quoted, eat_words, expect_words, expected_err, flag, is_word, peek_words};
use super::words::{or_replace, parse_or_replace};

const PROCEDURE_DOC: &str = "docs.snowflake.com/en/sql-reference/sql/create-procedure";

/// `CREATE [OR REPLACE | OR ALTER] [TEMP | TEMPORARY] [SECURE] PROCEDURE name (args) [COPY GRANTS] RETURNS ...
/// LANGUAGE ... [handler clauses] [null handling] [VOLATILE | IMMUTABLE] [COMMENT = '...']
/// [EXECUTE AS ...] [AS body]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateProcedure {
    pub or_replace: bool,
    pub or_alter: bool,
    /// `TEMP` / `TEMPORARY`: the procedure lasts for the session.
    pub temporary: bool,
    pub secure: bool,
    pub name: ObjectName,
    pub args: Vec<ProcedureArg>,
    pub copy_grants: bool,
    pub returns: ProcedureReturns,
    pub not_null: bool,
    /// LANGUAGE, handler clauses, null handling, COMMENT and EXECUTE AS (`None`: Snowflake's
    /// default, owner's rights).
    pub clauses: RoutineClauses,
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
    /// `LANGUAGE PYTHON | JAVA | SCALA`: the handler code, or `None` when the handler is staged
    /// (IMPORTS).
    Handler(Option<String>),
}

impl ProcedureBody {
    /// The body text (empty for a staged handler).
    pub fn text(&self) -> &str {
        match self {
            Self::JavaScript(t) | Self::Sql { text: t, .. } | Self::Handler(Some(t)) => t,
            Self::Handler(None) => "",
        }
    }
}

/// Parses CREATE PROCEDURE; `text` is the whole statement, for a Snowflake Scripting body written
/// without delimiters.
pub fn parse(p: &mut Parser, text: &str) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let temporary = eat_words(p, &["TEMP"]) || eat_words(p, &["TEMPORARY"]);
    let secure = eat_words(p, &["SECURE"]);
    expect_words(p, &["PROCEDURE"])?;
    let name_at = p.peek_token_ref().span;
    let name = p.parse_object_name(false)?;
    let args = parse_args(p)?;
    check_defaults_last(&args, PROCEDURE_DOC)?;
    let copy_grants = eat_words(p, &["COPY", "GRANTS"]);
    expect_words(p, &["RETURNS"])?;
    let returns = parse_returns(p)?;
    check_unique_names(&args, &returns, PROCEDURE_DOC)?;
    let not_null = eat_words(p, &["NOT", "NULL"]);
    let clauses = parse_clauses(p, Routine::Procedure, name_at)?;
    let Some(language) = clauses.language.clone() else {
        return Err(expected_err(
            "LANGUAGE (SQL, JAVASCRIPT, PYTHON, JAVA or SCALA) before AS",
            p.peek_token_ref(),
        )
        .into());
    };
    check_snowpark(p, &clauses)?;
    let bare = match language.as_str() {
        "SQL" => parse_bare_block(p, text)?,
        _ => None,
    };
    let body = match bare {
        Some(body) => body,
        None => match (language.as_str(), parse_body(p, &clauses, PROCEDURE_DOC)?) {
            ("JAVASCRIPT", Some(text)) => ProcedureBody::JavaScript(text),
            ("SQL", Some(text)) => {
                let parsed = Parser::parse_sql(&SnowflakeDialect {}, &text).ok();
                ProcedureBody::Sql { text, parsed }
            }
            (_, text) => ProcedureBody::Handler(text),
        },
    };
    Ok(SnowflakeStatement::CreateProcedure(CreateProcedure {
        or_replace,
        or_alter,
        temporary,
        secure,
        name,
        args,
        copy_grants,
        returns,
        not_null,
        clauses,
        body,
    }))
}

/// `( [arg [, ...]] )`.
pub fn parse_args(p: &mut Parser) -> Result<Vec<ProcedureArg>, GrammarError> {
    p.expect_token(&Token::LParen)?;
    if p.consume_token(&Token::RParen) {
        return Ok(Vec::new());
    }
    let args = p.parse_comma_separated(parse_arg)?;
    p.expect_token(&Token::RParen)?;
    Ok(args)
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

/// The type after RETURNS: `type` or `TABLE ( [col type, ...] )`.
pub fn parse_returns(p: &mut Parser) -> Result<ProcedureReturns, GrammarError> {
    if !eat_words(p, &["TABLE"]) {
        return Ok(ProcedureReturns::Type(p.parse_data_type()?));
    }
    p.expect_token(&Token::LParen)?;
    if p.consume_token(&Token::RParen) {
        return Ok(ProcedureReturns::Table(Vec::new()));
    }
    let cols = p.parse_comma_separated(|p| Ok((p.parse_identifier()?, p.parse_data_type()?)))?;
    p.expect_token(&Token::RParen)?;
    Ok(ProcedureReturns::Table(cols))
}

/// Prints the arguments, without the parentheses.
pub fn print_args(f: &mut fmt::Formatter<'_>, args: &[ProcedureArg]) -> fmt::Result {
    for (i, a) in args.iter().enumerate() {
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
    Ok(())
}

/// Prints ` RETURNS ...`.
pub fn print_returns(f: &mut fmt::Formatter<'_>, returns: &ProcedureReturns) -> fmt::Result {
    match returns {
        ProcedureReturns::Type(t) => write!(f, " RETURNS {t}"),
        ProcedureReturns::Table(cols) => {
            f.write_str(" RETURNS TABLE (")?;
            for (i, (c, t)) in cols.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{c} {t}")?;
            }
            f.write_str(")")
        }
    }
}

/// `AS BEGIN ... END` or `AS DECLARE ... BEGIN ... END`: a Snowflake Scripting body written without
/// delimiters, as the Snowflake Scripting examples of CREATE PROCEDURE write it (SnowSQL and the
/// Classic Console need `$$` around it; Snowsight and the drivers do not:
/// docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples). The splitter keeps
/// the block whole; it is the same statement as with `$$`, so its body is read as a `$$` body is
/// (kept as text, parsed when sqlparser reads every construct in it). `None` when the body is
/// delimited.
fn parse_bare_block(p: &mut Parser, text: &str) -> Result<Option<ProcedureBody>, GrammarError> {
    let opens = |t: &Token| is_word(t, "BEGIN") || is_word(t, "DECLARE");
    if !peek_words(p, &["AS"]) || !opens(&p.peek_nth_token_ref(1).token) {
        return Ok(None);
    }
    p.advance_token();
    let start = p.peek_token().span.start;
    let body = text[super::byte_offset(text, start)..]
        .trim_end()
        .trim_end_matches(';')
        .trim_end()
        .to_string();
    while !matches!(p.peek_token_ref().token, Token::EOF) {
        p.advance_token();
    }
    let parsed = Parser::parse_sql(&SnowflakeDialect {}, &body).ok();
    Ok(Some(ProcedureBody::Sql { text: body, parsed }))
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
        flag(f, self.temporary, "TEMPORARY")?;
        flag(f, self.secure, "SECURE")?;
        write!(f, " PROCEDURE {}(", self.name)?;
        print_args(f, &self.args)?;
        f.write_str(")")?;
        flag(f, self.copy_grants, "COPY GRANTS")?;
        print_returns(f, &self.returns)?;
        flag(f, self.not_null, "NOT NULL")?;
        write!(f, "{}", self.clauses)?;
        match &self.body {
            ProcedureBody::Handler(None) => Ok(()),
            body => write!(f, " AS {}", Body(body.text())),
        }
    }
}
