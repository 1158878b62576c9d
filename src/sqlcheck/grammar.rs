//! Our grammar's entry point and error type: routes a statement we own to its family's parser.

use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Span, TokenWithSpan};

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::route::Family;
use super::{
    alert, alter_object, caller_grant, database_role, describe, drop, external_function,
    future_grant, grant, integration, network, policy, policy_attach, procedure, property_object,
    resource_monitor, role, routine, schema, stream, tag, task, user_policy, view, view_create,
    warehouse, words,
};

/// An error from our grammar or its semantic checks, positioned in the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// Stable code.
    pub code: Code,
    /// Message without position.
    pub message: String,
    /// Where, relative to the statement (line 0 means "unknown": point at the statement end).
    pub at: Span,
}

impl GrammarError {
    /// A semantic error at token `tok`.
    pub fn at(code: Code, message: impl Into<String>, tok: &TokenWithSpan) -> Self {
        Self {
            code,
            message: message.into(),
            at: tok.span,
        }
    }
}

impl From<ParserError> for GrammarError {
    /// sqlparser puts the position at the end of its message (`... at Line: 3, Column: 7`);
    /// take it back out so the diagnostic can carry it as data.
    fn from(e: ParserError) -> Self {
        let (code, text) = match e {
            ParserError::TokenizerError(m) => (Code::Lexical, m),
            ParserError::ParserError(m) => (Code::Syntax, m),
            ParserError::RecursionLimitExceeded => {
                (Code::Syntax, "statement nests too deeply".to_string())
            }
        };
        let (message, at) = split_location(&text);
        let message = plain(message);
        Self {
            code,
            message,
            at: Span::new(at, at),
        }
    }
}

/// sqlparser's wording with its internals (token names, option-list jargon) in the user's terms.
fn plain(message: String) -> String {
    const REWRITES: &[(&str, &str)] = &[
        (
            "another option, EOF, SemiColon, Comma or ')'",
            "a property (NAME = value), `,` or the end of the statement",
        ),
        (
            " another option or EOF",
            "a property (NAME = value) or the end of the statement",
        ),
        (
            "another option or end of statement",
            "a property (NAME = value) or the end of the statement",
        ),
        ("expected option value", "a property value"),
        ("found: EOF", "found: end of statement"),
        ("found: SemiColon", "found: `;`"),
    ];
    if !REWRITES.iter().any(|(from, _)| message.contains(from)) {
        return message;
    }
    REWRITES
        .iter()
        .fold(message, |m, (from, to)| m.replace(from, to))
}

fn split_location(text: &str) -> (String, Location) {
    let Some(idx) = text.rfind(" at Line: ") else {
        return (text.to_string(), Location::empty());
    };
    let tail = &text[idx + " at Line: ".len()..];
    let mut nums = tail.split(", Column: ").map(|n| n.trim().parse::<u64>());
    match (nums.next(), nums.next()) {
        (Some(Ok(line)), Some(Ok(column))) => {
            (text[..idx].to_string(), Location::new(line, column))
        }
        _ => (text.to_string(), Location::empty()),
    }
}

/// Parses a statement of `family` from `p` (positioned at its first token) to its end.
/// `text` is the statement's text, for the families whose tail is a statement of its own (a task's
/// body).
pub fn parse(
    family: Family,
    p: &mut Parser,
    text: &str,
) -> Result<SnowflakeStatement, GrammarError> {
    let stmt = match family {
        Family::ResourceMonitor => resource_monitor::parse(p)?,
        Family::Warehouse => warehouse::parse_alter_warehouse(p)?,
        Family::Account => warehouse::parse_alter_account(p)?,
        Family::Schema => schema::parse(p)?,
        Family::Policy => policy::parse(p)?,
        Family::PolicyAttach => policy_attach::parse(p)?,
        Family::Procedure => procedure::parse(p, text)?,
        Family::Integration => integration::parse(p)?,
        Family::Role => role::parse(p)?,
        Family::ExternalFunction => external_function::parse(p)?,
        Family::Tag => tag::parse(p)?,
        Family::Network => network::parse(p)?,
        Family::Alert => alert::parse(p)?,
        Family::Drop => drop::parse(p)?,
        Family::FutureGrant => future_grant::parse(p)?,
        Family::ObjectVerb => describe::parse(p)?,
        Family::Grant => grant::parse(p)?,
        Family::DatabaseRole => database_role::parse(p)?,
        Family::View => view::parse(p)?,
        Family::UserPolicy => user_policy::parse(p)?,
        Family::PropertyObject => property_object::parse(p)?,
        Family::Task => task::parse(p, text)?,
        Family::AlterObject => alter_object::parse_alter_routine(p)?,
        Family::Function => routine::parse(p)?,
        Family::CallerGrant => caller_grant::parse(p)?,
        Family::CreateView => view_create::parse(p)?,
        Family::Stream => stream::parse(p)?,
    };
    words::expect_end(p)?;
    Ok(stmt)
}
