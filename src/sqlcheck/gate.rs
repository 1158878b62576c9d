//! The catalog's gate in front of both parsers: from a statement's leading keywords, its verb
//! (CREATE, ALTER, DROP, UNDROP, DESCRIBE) and object kind. A kind Snowflake has but snowtenant does
//! not check yet is refused with SQL010 ("snowtenant does not check CREATE PIPE yet"), a form
//! Snowflake lacks (UNDROP WAREHOUSE) or a kind it does not have (CREATE TRIGGER, PostgreSQL's) with
//! SQL001, so no statement passes because a parser from another dialect happens to accept it.

use sqlparser::tokenizer::{Span, Token, TokenWithSpan};

use super::catalog::{KINDS, Kind, Support, find_kind};
use super::diagnostic::Code;
use super::grammar::GrammarError;

/// Words CREATE takes before the kind.
const CREATE_MODIFIERS: &[&str] = &[
    "SECURE",
    "TEMP",
    "TEMPORARY",
    "TRANSIENT",
    "VOLATILE",
    "LOCAL",
    "GLOBAL",
    "RECURSIVE",
    "AGGREGATE",
];

/// The verb of a statement the gate looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Create,
    Alter,
    Drop,
    Undrop,
    Describe,
}

impl Verb {
    fn text(self) -> &'static str {
        match self {
            Self::Create => "CREATE",
            Self::Alter => "ALTER",
            Self::Drop => "DROP",
            Self::Undrop => "UNDROP",
            Self::Describe => "DESCRIBE",
        }
    }

    fn support(self, kind: &Kind) -> Support {
        match self {
            Self::Create => kind.create,
            Self::Alter => kind.alter,
            Self::Drop => kind.drop,
            Self::Undrop => kind.undrop,
            Self::Describe => kind.describe,
        }
    }
}

/// What the gate found: the verb and kind when the statement is a checked form of a known kind.
pub fn gate(tokens: &[TokenWithSpan]) -> Result<Option<(Verb, &'static Kind)>, GrammarError> {
    let sig: Vec<&TokenWithSpan> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .collect();
    let word = |i: usize| match sig.get(i).map(|t| &t.token) {
        Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.as_str()),
        _ => None,
    };
    let is = |i: usize, w: &str| word(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
    let (verb, mut i) = match word(0).map(str::to_ascii_uppercase).as_deref() {
        Some("CREATE") => (Verb::Create, 1),
        Some("ALTER") => (Verb::Alter, 1),
        Some("DROP") => (Verb::Drop, 1),
        Some("UNDROP") => (Verb::Undrop, 1),
        Some("DESCRIBE" | "DESC") => (Verb::Describe, 1),
        _ => return Ok(None),
    };
    if verb == Verb::Create {
        if is(1, "OR") && (is(2, "REPLACE") || is(2, "ALTER")) {
            i = 3;
        }
        while CREATE_MODIFIERS.iter().any(|m| is(i, m)) {
            i += 1;
        }
    }
    let at = sig.get(i).map_or(Span::empty(), |t| t.span);
    let Some((kind, _)) = find_kind(|k| word(i + k)) else {
        // `DESC t` without a kind is not Snowflake's (it requires `DESCRIBE TABLE t`), but
        // sqlparser reads it; the missing word gets the same message as an unknown one.
        let found = word(i).map_or_else(
            || {
                sig.get(i)
                    .map_or("end of statement".to_string(), |t| t.token.to_string())
            },
            str::to_ascii_uppercase,
        );
        let mut message = format!(
            "`{found}` is not an object kind Snowflake can {}",
            verb.text()
        );
        let known = KINDS
            .iter()
            .filter(|k| verb.support(k) != Support::Absent)
            .map(|k| k.words.join(" "));
        let known: Vec<String> = known.collect();
        if let Some(s) = super::catalog::check::suggest(&found, known.iter().map(String::as_str)) {
            message.push_str(&format!("; did you mean {s}?"));
        }
        return Err(GrammarError {
            code: Code::Syntax,
            message,
            at,
        });
    };
    match verb.support(kind) {
        Support::Checked => Ok(Some((verb, kind))),
        Support::Unchecked => Err(GrammarError {
            code: Code::Unsupported,
            message: format!(
                "snowtenant does not check {} {} yet [docs.snowflake.com/en/{}]",
                verb.text(),
                kind.name(),
                kind.doc
            ),
            at,
        }),
        Support::Absent => Err(GrammarError {
            code: Code::Syntax,
            message: format!("Snowflake has no {} {} statement", verb.text(), kind.name()),
            at,
        }),
    }
}
