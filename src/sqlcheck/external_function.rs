//! CREATE EXTERNAL FUNCTION [sql/create-external-function], with Snowflake's header rules.

use std::fmt;

use sqlparser::ast::{DataType, Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::procedure::NullHandling;
use super::words::{Commas, Quoted, comment, duplicate, eat_words, expect_eq, expect_one_of};
use super::words::{
    expect_words, expected_err, flag, parse_comment, parse_or_replace, parse_string,
};

/// Context functions Snowflake can send as `sf-context-*` headers.
pub const CONTEXT_FUNCTIONS: &[&str] = &[
    "CURRENT_ACCOUNT",
    "CURRENT_CLIENT",
    "CURRENT_DATABASE",
    "CURRENT_DATE",
    "CURRENT_IP_ADDRESS",
    "CURRENT_REGION",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_SCHEMAS",
    "CURRENT_SESSION",
    "CURRENT_STATEMENT",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_TRANSACTION",
    "CURRENT_USER",
    "CURRENT_VERSION",
    "CURRENT_WAREHOUSE",
    "LAST_QUERY_ID",
    "LAST_TRANSACTION",
    "LOCALTIME",
    "LOCALTIMESTAMP",
];

/// Characters a header name cannot contain, besides non-visible ASCII.
const BANNED_IN_HEADER: &str = "_ (),/:;<>=\"?@[]\\{}";

/// `CREATE [OR REPLACE] [SECURE] EXTERNAL FUNCTION name (args) RETURNS type ... AS 'url'`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateExternalFunction {
    pub or_replace: bool,
    pub secure: bool,
    pub name: ObjectName,
    pub args: Vec<(Ident, DataType)>,
    pub returns: DataType,
    /// `Some(false)` for NOT NULL, `Some(true)` for NULL.
    pub nullable: Option<bool>,
    pub null_handling: Option<NullHandling>,
    /// `Some(true)` for VOLATILE, `Some(false)` for IMMUTABLE.
    pub volatile: Option<bool>,
    pub comment: Option<String>,
    pub api_integration: Ident,
    /// `(name, value)` pairs, sent as `sf-custom-<name>`.
    pub headers: Vec<(String, String)>,
    /// Sent as `sf-context-<function>`; CURRENT_ROLE is how the service authorizes a call.
    pub context_headers: Vec<Ident>,
    pub max_batch_rows: Option<u64>,
    pub compression: Option<Compression>,
    pub request_translator: Option<ObjectName>,
    pub response_translator: Option<ObjectName>,
    pub url: String,
}

/// `COMPRESSION = ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    None,
    Gzip,
    Deflate,
    Auto,
}

const COMPRESSIONS: [&str; 4] = ["NONE", "GZIP", "DEFLATE", "AUTO"];

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    let secure = eat_words(p, &["SECURE"]);
    expect_words(p, &["EXTERNAL", "FUNCTION"])?;
    let name = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    let args = if p.consume_token(&Token::RParen) {
        Vec::new()
    } else {
        let a = p.parse_comma_separated(|p| Ok((p.parse_identifier()?, p.parse_data_type()?)))?;
        p.expect_token(&Token::RParen)?;
        a
    };
    expect_words(p, &["RETURNS"])?;
    let returns = p.parse_data_type()?;
    let nullable = if eat_words(p, &["NOT", "NULL"]) {
        Some(false)
    } else if eat_words(p, &["NULL"]) {
        Some(true)
    } else {
        None
    };
    let mut f = CreateExternalFunction {
        or_replace,
        secure,
        name,
        args,
        returns,
        nullable,
        null_handling: None,
        volatile: None,
        comment: None,
        api_integration: Ident::new(""),
        headers: Vec::new(),
        context_headers: Vec::new(),
        max_batch_rows: None,
        compression: None,
        request_translator: None,
        response_translator: None,
        url: String::new(),
    };
    let mut seen_integration = false;
    while !eat_words(p, &["AS"]) {
        let at = p.peek_token();
        if f.null_handling.is_none() && eat_words(p, &["CALLED", "ON", "NULL", "INPUT"]) {
            f.null_handling = Some(NullHandling::CalledOnNullInput);
        } else if f.null_handling.is_none()
            && eat_words(p, &["RETURNS", "NULL", "ON", "NULL", "INPUT"])
        {
            f.null_handling = Some(NullHandling::ReturnsNullOnNullInput);
        } else if f.null_handling.is_none() && eat_words(p, &["STRICT"]) {
            f.null_handling = Some(NullHandling::Strict);
        } else if f.volatile.is_none() && eat_words(p, &["VOLATILE"]) {
            f.volatile = Some(true);
        } else if f.volatile.is_none() && eat_words(p, &["IMMUTABLE"]) {
            f.volatile = Some(false);
        } else if f.comment.is_none() && super::words::peek_words(p, &["COMMENT"]) {
            f.comment = parse_comment(p)?;
        } else if let Token::Word(w) = &at.token
            && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
        {
            let key = w.value.to_ascii_uppercase();
            p.advance_token();
            expect_eq(p)?;
            match key.as_str() {
                "API_INTEGRATION" if !seen_integration => {
                    seen_integration = true;
                    f.api_integration = p.parse_identifier()?;
                }
                "HEADERS" if f.headers.is_empty() => f.headers = parse_headers(p)?,
                "CONTEXT_HEADERS" if f.context_headers.is_empty() => {
                    f.context_headers = parse_context_headers(p)?;
                }
                "MAX_BATCH_ROWS" if f.max_batch_rows.is_none() => {
                    f.max_batch_rows = Some(p.parse_literal_uint()?);
                }
                "COMPRESSION" if f.compression.is_none() => {
                    let i = expect_one_of(p, &COMPRESSIONS)?;
                    f.compression = Some(
                        [
                            Compression::None,
                            Compression::Gzip,
                            Compression::Deflate,
                            Compression::Auto,
                        ][i],
                    );
                }
                "REQUEST_TRANSLATOR" if f.request_translator.is_none() => {
                    f.request_translator = Some(p.parse_object_name(false)?);
                }
                "RESPONSE_TRANSLATOR" if f.response_translator.is_none() => {
                    f.response_translator = Some(p.parse_object_name(false)?);
                }
                "API_INTEGRATION"
                | "HEADERS"
                | "CONTEXT_HEADERS"
                | "MAX_BATCH_ROWS"
                | "COMPRESSION"
                | "REQUEST_TRANSLATOR"
                | "RESPONSE_TRANSLATOR" => return Ok(duplicate(p, at)?),
                _ => return Err(expected_err("an external function property", &at).into()),
            }
        } else {
            return Err(expected_err("an external function property or AS 'url'", &at).into());
        }
    }
    if !seen_integration {
        return Err(expected_err("API_INTEGRATION = ... before AS", p.peek_token_ref()).into());
    }
    f.url = parse_string(p)?;
    Ok(SnowflakeStatement::CreateExternalFunction(f))
}

fn parse_headers(p: &mut Parser) -> Result<Vec<(String, String)>, GrammarError> {
    p.expect_token(&Token::LParen)?;
    let mut headers = Vec::new();
    loop {
        let at = p.peek_token();
        let name = parse_string(p)?;
        if let Some(bad) = name
            .chars()
            .find(|c| !c.is_ascii_graphic() || BANNED_IN_HEADER.contains(*c))
        {
            let msg = format!(
                "header name '{name}' contains {bad:?}, which Snowflake does not allow in header names"
            );
            return Err(GrammarError::at(Code::ExternalFunctionHeader, msg, &at));
        }
        expect_eq(p)?;
        headers.push((name, parse_string(p)?));
        if !p.consume_token(&Token::Comma) {
            break;
        }
    }
    p.expect_token(&Token::RParen)?;
    Ok(headers)
}

fn parse_context_headers(p: &mut Parser) -> Result<Vec<Ident>, GrammarError> {
    p.expect_token(&Token::LParen)?;
    let mut fns = Vec::new();
    loop {
        let at = p.peek_token();
        let f = p.parse_identifier()?;
        if !CONTEXT_FUNCTIONS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&f.value))
        {
            let msg = format!("{f} is not a context function Snowflake can send as a header");
            return Err(GrammarError::at(Code::ExternalFunctionHeader, msg, &at));
        }
        fns.push(f);
        if !p.consume_token(&Token::Comma) {
            break;
        }
    }
    p.expect_token(&Token::RParen)?;
    Ok(fns)
}

impl fmt::Display for CreateExternalFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        flag(f, self.secure, "SECURE")?;
        write!(f, " EXTERNAL FUNCTION {}(", self.name)?;
        for (i, (n, t)) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n} {t}")?;
        }
        write!(f, ") RETURNS {}", self.returns)?;
        match self.nullable {
            Some(false) => f.write_str(" NOT NULL")?,
            Some(true) => f.write_str(" NULL")?,
            None => {}
        }
        if let Some(n) = self.null_handling {
            write!(f, " {n}")?;
        }
        match self.volatile {
            Some(true) => f.write_str(" VOLATILE")?,
            Some(false) => f.write_str(" IMMUTABLE")?,
            None => {}
        }
        comment(f, &self.comment)?;
        write!(f, " API_INTEGRATION = {}", self.api_integration)?;
        if !self.headers.is_empty() {
            f.write_str(" HEADERS = (")?;
            for (i, (k, v)) in self.headers.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{} = {}", Quoted(k), Quoted(v))?;
            }
            f.write_str(")")?;
        }
        if !self.context_headers.is_empty() {
            write!(f, " CONTEXT_HEADERS = ({})", Commas(&self.context_headers))?;
        }
        if let Some(n) = self.max_batch_rows {
            write!(f, " MAX_BATCH_ROWS = {n}")?;
        }
        if let Some(c) = self.compression {
            let i = [
                Compression::None,
                Compression::Gzip,
                Compression::Deflate,
                Compression::Auto,
            ]
            .iter()
            .position(|x| *x == c)
            .unwrap_or(3);
            write!(f, " COMPRESSION = {}", COMPRESSIONS[i])?;
        }
        if let Some(t) = &self.request_translator {
            write!(f, " REQUEST_TRANSLATOR = {t}")?;
        }
        if let Some(t) = &self.response_translator {
            write!(f, " RESPONSE_TRANSLATOR = {t}")?;
        }
        write!(f, " AS {}", Quoted(&self.url))
    }
}
