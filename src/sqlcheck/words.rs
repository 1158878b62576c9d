//! Small parsing and printing helpers shared by the statement families.
//!
//! Snowflake's property names (`CREDIT_QUOTA`, `API_PROVIDER`...) are mostly not sqlparser
//! keywords, so words are matched by their text, case-insensitively, and only when unquoted.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName, Value};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

/// True when `tok` is the unquoted word `w` (case-insensitive).
pub fn is_word(tok: &Token, w: &str) -> bool {
    matches!(tok, Token::Word(word) if word.quote_style.is_none() && word.value.eq_ignore_ascii_case(w))
}

/// True when the next tokens are the words `ws`, in order.
pub fn peek_words(p: &Parser, ws: &[&str]) -> bool {
    ws.iter()
        .enumerate()
        .all(|(n, w)| is_word(&p.peek_nth_token_ref(n).token, w))
}

/// Consumes the words `ws` if they all come next; consumes nothing otherwise.
pub fn eat_words(p: &mut Parser, ws: &[&str]) -> bool {
    if !peek_words(p, ws) {
        return false;
    }
    for _ in ws {
        p.advance_token();
    }
    true
}

/// Consumes the words `ws` or fails at the first token that differs.
pub fn expect_words(p: &mut Parser, ws: &[&str]) -> Result<(), ParserError> {
    for w in ws {
        if !eat_words(p, &[w]) {
            return p.expected(w, p.peek_token());
        }
    }
    Ok(())
}

/// Consumes one of `choices` and returns its index.
pub fn expect_one_of(p: &mut Parser, choices: &[&str]) -> Result<usize, ParserError> {
    match choices
        .iter()
        .position(|w| is_word(&p.peek_token_ref().token, w))
    {
        Some(i) => {
            p.advance_token();
            Ok(i)
        }
        None => p.expected(&one_of(choices), p.peek_token()),
    }
}

fn one_of(choices: &[&str]) -> String {
    match choices {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("one of {} or {last}", init.join(", ")),
    }
}

/// `=`, which Snowflake requires between a property and its value.
pub fn expect_eq(p: &mut Parser) -> Result<(), ParserError> {
    p.expect_token(&Token::Eq).map(|_| ())
}

/// The end of the statement: an optional `;` then nothing.
pub fn expect_end(p: &mut Parser) -> Result<(), ParserError> {
    let _ = p.consume_token(&Token::SemiColon);
    match p.peek_token_ref().token {
        Token::EOF => Ok(()),
        _ => p.expected("end of statement", p.peek_token()),
    }
}

/// `[OR REPLACE | OR ALTER]` after CREATE, as (or_replace, or_alter).
pub fn parse_or_replace(p: &mut Parser) -> (bool, bool) {
    if eat_words(p, &["OR", "REPLACE"]) {
        (true, false)
    } else if eat_words(p, &["OR", "ALTER"]) {
        (false, true)
    } else {
        (false, false)
    }
}

/// `IF NOT EXISTS`, which Snowflake forbids together with `OR REPLACE`.
pub fn parse_if_not_exists(p: &mut Parser, or_replace: bool) -> Result<bool, ParserError> {
    let at = p.peek_token();
    if !eat_words(p, &["IF", "NOT", "EXISTS"]) {
        return Ok(false);
    }
    if or_replace {
        return p.expected("OR REPLACE or IF NOT EXISTS, not both", at);
    }
    Ok(true)
}

/// A single-quoted string, unescaped.
pub fn parse_string(p: &mut Parser) -> Result<String, ParserError> {
    match p.peek_token_ref().token {
        Token::SingleQuotedString(_) => p.parse_literal_string(),
        _ => p.expected("a single-quoted string", p.peek_token()),
    }
}

/// `( 'a' [, 'b' ...] )`, possibly empty.
pub fn parse_string_list(p: &mut Parser) -> Result<Vec<String>, ParserError> {
    p.expect_token(&Token::LParen)?;
    if p.consume_token(&Token::RParen) {
        return Ok(Vec::new());
    }
    let items = p.parse_comma_separated(parse_string)?;
    p.expect_token(&Token::RParen)?;
    Ok(items)
}

/// `( a [, b ...] )` of identifiers.
pub fn parse_ident_list(p: &mut Parser) -> Result<Vec<Ident>, ParserError> {
    p.expect_token(&Token::LParen)?;
    let items = p.parse_comma_separated(|p| p.parse_identifier())?;
    p.expect_token(&Token::RParen)?;
    Ok(items)
}

/// `TRUE` or `FALSE`.
pub fn parse_bool(p: &mut Parser) -> Result<bool, ParserError> {
    expect_one_of(p, &["TRUE", "FALSE"]).map(|i| i == 0)
}

/// The value of a `NAME = value` property.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PropValue {
    /// A quoted string, unescaped.
    String(String),
    /// A number as written.
    Number(Value),
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// `NULL`.
    Null,
    /// A bare word or object name (`XSMALL`, `aws_api_gateway`, a monitor's name).
    Name(ObjectName),
    /// `( v [, v ...] )`.
    List(Vec<PropValue>),
    /// `( 'k' = 'v' [, ...] )`, e.g. WEBHOOK_HEADERS [sql/create-notification-integration-webhooks].
    Pairs(Vec<(String, String)>),
}

impl PropValue {
    /// Parses one value.
    pub fn parse(p: &mut Parser) -> Result<Self, ParserError> {
        let tok = &p.peek_token_ref().token;
        Ok(match tok {
            Token::SingleQuotedString(_) => Self::String(p.parse_literal_string()?),
            Token::Number(..) | Token::Minus => Self::Number(p.parse_number_value()?.value),
            Token::LParen => {
                p.advance_token();
                if p.consume_token(&Token::RParen) {
                    return Ok(Self::List(Vec::new()));
                }
                if matches!(p.peek_token_ref().token, Token::SingleQuotedString(_))
                    && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
                {
                    let pairs = p.parse_comma_separated(|p| {
                        let k = p.parse_literal_string()?;
                        p.expect_token(&Token::Eq)?;
                        Ok((k, p.parse_literal_string()?))
                    })?;
                    p.expect_token(&Token::RParen)?;
                    return Ok(Self::Pairs(pairs));
                }
                let items = p.parse_comma_separated(Self::parse)?;
                p.expect_token(&Token::RParen)?;
                Self::List(items)
            }
            t if is_word(t, "TRUE") || is_word(t, "FALSE") => Self::Bool(parse_bool(p)?),
            t if is_word(t, "NULL") => {
                p.advance_token();
                Self::Null
            }
            Token::Word(_) => Self::Name(p.parse_object_name(false)?),
            _ => return p.expected("a property value", p.peek_token()),
        })
    }
}

impl fmt::Display for PropValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => write!(f, "{}", Quoted(s)),
            Self::Number(v) => write!(f, "{v}"),
            Self::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Self::Null => f.write_str("NULL"),
            Self::Name(n) => write!(f, "{n}"),
            Self::List(items) => write!(f, "({})", Commas(items)),
            Self::Pairs(pairs) => {
                f.write_str("(")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} = {}", Quoted(k), Quoted(v))?;
                }
                f.write_str(")")
            }
        }
    }
}

/// `NAME = value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Property {
    /// The property name as written (compare with `eq_ignore_ascii_case`).
    pub name: Ident,
    /// Its value.
    pub value: PropValue,
}

impl Property {
    /// Parses `NAME = value`, rejecting names outside `known` (when `known` is not empty) so a
    /// misspelt property is caught here rather than by Snowflake at deploy time.
    pub fn parse(p: &mut Parser, known: &[&str]) -> Result<Self, ParserError> {
        let at = p.peek_token();
        let name = p.parse_identifier()?;
        if !known.is_empty() && !known.iter().any(|k| k.eq_ignore_ascii_case(&name.value)) {
            return p.expected(&format!("one of the properties {}", known.join(", ")), at);
        }
        expect_eq(p)?;
        Ok(Self {
            name,
            value: PropValue::parse(p)?,
        })
    }

    /// True when this property is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name.value.eq_ignore_ascii_case(name)
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.name, self.value)
    }
}

/// Parses properties until a token that does not start one; `known` as in [`Property::parse`].
/// Commas between properties are accepted, as Snowflake does.
pub fn parse_properties(p: &mut Parser, known: &[&str]) -> Result<Vec<Property>, ParserError> {
    let mut props = Vec::new();
    while matches!(p.peek_token_ref().token, Token::Word(_))
        && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
    {
        let at = p.peek_token();
        let prop = Property::parse(p, known)?;
        if props.iter().any(|q: &Property| q.is(&prop.name.value)) {
            return duplicate(p, at);
        }
        props.push(prop);
        let _ = p.consume_token(&Token::Comma);
    }
    Ok(props)
}

/// Error for a property given twice.
pub fn duplicate<T>(p: &Parser, at: TokenWithSpan) -> Result<T, ParserError> {
    p.expected("each property at most once", at)
}

/// Prints a string as a Snowflake literal, escaping both `\` and `'` (a lone `\` before the
/// closing quote would otherwise swallow it).
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::quote::write_string_literal(f, self.0)
    }
}

/// Prints items separated by `, `.
pub struct Commas<'a, T>(pub &'a [T]);

impl<T: fmt::Display> fmt::Display for Commas<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

/// Prints `( 'a', 'b' )` for a list of strings.
pub struct StringList<'a>(pub &'a [String]);

impl fmt::Display for StringList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Quoted(s))?;
        }
        f.write_str(")")
    }
}

/// Prints ` KEYWORD` when `on`.
pub fn flag(f: &mut fmt::Formatter<'_>, on: bool, kw: &str) -> fmt::Result {
    if on { write!(f, " {kw}") } else { Ok(()) }
}

/// Prints ` OR REPLACE` / ` OR ALTER`.
pub fn or_replace(f: &mut fmt::Formatter<'_>, or_replace: bool, or_alter: bool) -> fmt::Result {
    flag(f, or_replace, "OR REPLACE")?;
    flag(f, or_alter, "OR ALTER")
}

/// Prints ` COMMENT = '...'` when set.
pub fn comment(f: &mut fmt::Formatter<'_>, c: &Option<String>) -> fmt::Result {
    match c {
        Some(c) => write!(f, " COMMENT = {}", Quoted(c)),
        None => Ok(()),
    }
}

/// Parses an optional `COMMENT = '...'`.
pub fn parse_comment(p: &mut Parser) -> Result<Option<String>, ParserError> {
    if eat_words(p, &["COMMENT"]) {
        expect_eq(p)?;
        return parse_string(p).map(Some);
    }
    Ok(None)
}

/// sqlparser's "Expected: ..., found: ..." error, as a value (for use outside `Result` chains).
pub fn expected_err(what: &str, found: &TokenWithSpan) -> ParserError {
    ParserError::ParserError(format!(
        "Expected: {what}, found: {}{}",
        found.token, found.span.start
    ))
}
