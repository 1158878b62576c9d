//! UNDROP <kind>, DESCRIBE <kind> and SHOW <kinds> for the kinds of the catalog
//! [sql/undrop, sql/desc, sql/show]. sqlparser reads `DESCRIBE` as a table description and `SHOW`
//! followed by any words as a variable, so without this, `SHOW WHATEVER` passed.

use std::fmt;

use sqlparser::ast::{DataType, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::{find_kind, find_plural};
use super::grammar::GrammarError;
use super::words::{
    Commas, Quoted, eat_words, expect_one_of, expect_words, expected_err, parse_string,
};

/// SHOW lists that are not an object kind's plural [sql/show-grants, sql/show-parameters...].
const OTHER_LISTS: &[&[&str]] = &[
    &["FUTURE", "GRANTS"],
    &["GRANTS"],
    &["PARAMETERS"],
    &["VARIABLES"],
    &["REGIONS"],
    &["LOCKS"],
    &["TRANSACTIONS"],
    &["PRIMARY", "KEYS"],
    &["IMPORTED", "KEYS"],
    &["EXPORTED", "KEYS"],
    &["UNIQUE", "KEYS"],
    &["OBJECTS"],
    &["COLUMNS"],
    &["ORGANIZATION", "ACCOUNTS"],
    &["DELEGATED", "AUTHORIZATIONS"],
    &["FUNCTIONS"],
    &["EXTERNAL", "FUNCTIONS"],
    &["USER", "PROCEDURES"],
];

/// `UNDROP <kind> name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UndropObject {
    /// Upper-cased keywords joined by spaces.
    pub object_kind: String,
    pub name: ObjectName,
}

/// `DESCRIBE <kind> name [( arg types )]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DescribeObject {
    pub object_kind: String,
    pub name: ObjectName,
    /// Argument types of a procedure or function (Snowflake identifies them by signature).
    pub signature: Option<Vec<DataType>>,
}

/// `SHOW [TERSE] <list> [HISTORY] [LIKE '...'] [{IN | ON | TO | OF} <scope>] [STARTS WITH '...']
/// [LIMIT n [FROM '...']]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShowObjects {
    pub terse: bool,
    /// Upper-cased keywords of the list, e.g. `ROW ACCESS POLICIES`, `GRANTS`.
    pub list: String,
    pub history: bool,
    pub like: Option<String>,
    /// `IN | ON | TO | OF` and what follows, upper-cased keywords and the name.
    pub scope: Option<(String, Vec<String>, Option<ObjectName>)>,
    pub starts_with: Option<String>,
    pub limit: Option<(u64, Option<String>)>,
}

/// Parses UNDROP or DESCRIBE of a catalog kind (the gate has checked the form exists).
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let verb = expect_one_of(p, &["UNDROP", "DESCRIBE", "DESC", "SHOW"])?;
    if verb == 3 {
        return parse_show(p);
    }
    let kind = take_kind(p)?;
    let name = p.parse_object_name(false)?;
    if verb == 0 {
        return Ok(SnowflakeStatement::UndropObject(UndropObject {
            object_kind: kind,
            name,
        }));
    }
    let signature =
        if matches!(kind.as_str(), "PROCEDURE" | "FUNCTION") && p.consume_token(&Token::LParen) {
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
    Ok(SnowflakeStatement::DescribeObject(DescribeObject {
        object_kind: kind,
        name,
        signature,
    }))
}

/// Consumes a catalog kind's keywords and returns them joined.
fn take_kind(p: &mut Parser) -> Result<String, GrammarError> {
    let words: Vec<String> = (0..4)
        .map(|n| match &p.peek_nth_token_ref(n).token {
            Token::Word(w) if w.quote_style.is_none() => w.value.clone(),
            _ => String::new(),
        })
        .collect();
    let Some((kind, n)) = find_kind(|i| words.get(i).map(String::as_str).filter(|w| !w.is_empty()))
    else {
        return Err(expected_err("an object kind", p.peek_token_ref()).into());
    };
    for _ in 0..n {
        p.advance_token();
    }
    Ok(kind.name())
}

/// Words of the next `n` tokens that are unquoted words.
fn peek_words(p: &Parser, n: usize) -> Vec<String> {
    (0..n)
        .map(|k| match &p.peek_nth_token_ref(k).token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect()
}

fn parse_show(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let terse = eat_words(p, &["TERSE"]);
    let ahead = peek_words(p, 4);
    let word = |i: usize| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty());
    let other = OTHER_LISTS
        .iter()
        .filter(|l| l.iter().enumerate().all(|(i, w)| word(i) == Some(*w)))
        .max_by_key(|l| l.len())
        .map(|l| (l.join(" "), l.len()));
    let list = match (other, find_plural(word)) {
        (Some((_, n)), Some((k, m))) if m > n => (k.plural.join(" "), m),
        (Some(o), _) => o,
        (None, Some((k, m))) => (k.plural.join(" "), m),
        (None, None) => {
            return Err(expected_err(
                "an object kind, plural, after SHOW (WAREHOUSES, GRANTS, ROW ACCESS POLICIES...)",
                p.peek_token_ref(),
            )
            .into());
        }
    };
    for _ in 0..list.1 {
        p.advance_token();
    }
    let history = eat_words(p, &["HISTORY"]);
    let like = if eat_words(p, &["LIKE"]) {
        Some(parse_string(p)?)
    } else {
        None
    };
    let scope = match ["IN", "ON", "TO", "OF"]
        .iter()
        .position(|w| eat_words(p, &[w]))
    {
        Some(i) => {
            let prep = ["IN", "ON", "TO", "OF"][i].to_string();
            let ahead = peek_words(p, 4);
            let kind_words = if eat_words(p, &["ACCOUNT"]) {
                vec!["ACCOUNT".to_string()]
            } else if let Some((k, n)) =
                find_kind(|i| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty()))
            {
                for _ in 0..n {
                    p.advance_token();
                }
                k.words.iter().map(|w| (*w).to_string()).collect()
            } else if let Some(w) = ["SHARE", "APPLICATION"].iter().find(|w| eat_words(p, &[w])) {
                vec![(*w).to_string()]
            } else {
                Vec::new()
            };
            let name = if matches!(p.peek_token_ref().token, Token::Word(_))
                && !["STARTS", "LIMIT"]
                    .iter()
                    .any(|w| super::words::peek_words(p, &[w]))
            {
                Some(p.parse_object_name(false)?)
            } else {
                None
            };
            if kind_words.is_empty() && name.is_none() {
                return Err(expected_err("a scope after IN", p.peek_token_ref()).into());
            }
            Some((prep, kind_words, name))
        }
        None => None,
    };
    let starts_with = if eat_words(p, &["STARTS"]) {
        expect_words(p, &["WITH"])?;
        Some(parse_string(p)?)
    } else {
        None
    };
    let limit = if eat_words(p, &["LIMIT"]) {
        let n = p.parse_literal_uint()?;
        let from = if eat_words(p, &["FROM"]) {
            Some(parse_string(p)?)
        } else {
            None
        };
        Some((n, from))
    } else {
        None
    };
    Ok(SnowflakeStatement::ShowObjects(ShowObjects {
        terse,
        list: list.0,
        history,
        like,
        scope,
        starts_with,
        limit,
    }))
}

/// True when SHOW's list (words after SHOW [TERSE]) is one sqlparser parses to a typed statement
/// that Snowflake also has; those stay sqlparser's.
pub fn sqlparser_show(first: &str) -> bool {
    [
        "TABLES",
        "VIEWS",
        "SCHEMAS",
        "DATABASES",
        "COLUMNS",
        "FUNCTIONS",
        "OBJECTS",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(first))
}

impl fmt::Display for UndropObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UNDROP {} {}", self.object_kind, self.name)
    }
}

impl fmt::Display for DescribeObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DESCRIBE {} {}", self.object_kind, self.name)?;
        if let Some(sig) = &self.signature {
            write!(f, "({})", Commas(sig))?;
        }
        Ok(())
    }
}

impl fmt::Display for ShowObjects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SHOW")?;
        if self.terse {
            f.write_str(" TERSE")?;
        }
        write!(f, " {}", self.list)?;
        if self.history {
            f.write_str(" HISTORY")?;
        }
        if let Some(l) = &self.like {
            write!(f, " LIKE {}", Quoted(l))?;
        }
        if let Some((prep, kind, name)) = &self.scope {
            write!(f, " {prep}")?;
            for w in kind {
                write!(f, " {w}")?;
            }
            if let Some(n) = name {
                write!(f, " {n}")?;
            }
        }
        if let Some(s) = &self.starts_with {
            write!(f, " STARTS WITH {}", Quoted(s))?;
        }
        if let Some((n, from)) = &self.limit {
            write!(f, " LIMIT {n}")?;
            if let Some(from) = from {
                write!(f, " FROM {}", Quoted(from))?;
            }
        }
        Ok(())
    }
}
