//! Streams: CREATE STREAM and ALTER STREAM [sql/create-stream, sql/alter-stream]. Properties
//! are read through the catalog; which source kind takes which property is checked here, from the
//! per-source syntax blocks of the CREATE STREAM page.

use std::fmt;

use sqlparser::ast::{Expr, Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::{Kind, kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::task::{Tags, parse_tags, write_tags};
use super::words::{Property, eat_words, expect_one_of, expect_words, expected_err, flag};
use super::words::{or_replace, parse_if_not_exists, parse_or_replace};

const STREAM_DOC: &str = "docs.snowflake.com/en/sql-reference/sql/create-stream";

/// What a stream records changes of, with the properties each source takes besides COMMENT.
const SOURCES: &[(&[&str], &[&str], bool)] = &[
    // (keywords, properties, AT | BEFORE allowed)
    (&["EXTERNAL", "TABLE"], &["INSERT_ONLY"], true),
    (
        &["DYNAMIC", "TABLE"],
        &["APPEND_ONLY", "SHOW_INITIAL_ROWS"],
        true,
    ),
    (&["EVENT", "TABLE"], &[], false),
    (&["TABLE"], &["APPEND_ONLY", "SHOW_INITIAL_ROWS"], true),
    (&["VIEW"], &["APPEND_ONLY", "SHOW_INITIAL_ROWS"], true),
    (&["STAGE"], &[], false),
];

/// `CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name [[WITH] TAG (...)] [COPY GRANTS]
/// ON <source> name [{AT | BEFORE} (kw => expr)] props`, or `... name CLONE source [COPY GRANTS]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateStream {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub tags: Tags,
    pub copy_grants: bool,
    pub source: StreamSource,
    pub props: Vec<Property>,
}

/// The stream's source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StreamSource {
    /// `ON <kind> name [{AT | BEFORE} (kw => expr)]`.
    On {
        /// Upper-cased keywords, e.g. `EXTERNAL TABLE`.
        kind: String,
        object: ObjectName,
        /// `AT` or `BEFORE`, the keyword (TIMESTAMP, OFFSET, STATEMENT, STREAM) and the value.
        point: Option<Box<(String, String, Expr)>>,
    },
    /// `CLONE source`.
    Clone(ObjectName),
}

/// `ALTER STREAM [IF EXISTS] name { SET COMMENT = '...' | UNSET COMMENT }` (tags: `tag.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterStream {
    pub if_exists: bool,
    pub name: ObjectName,
    /// `Ok(props)` for SET, `Err(names)` for UNSET.
    pub set: Result<Vec<Property>, Vec<Ident>>,
}

fn stream_kind() -> &'static Kind {
    kind_named("STREAM").expect("the catalog lists STREAM")
}

/// Parses CREATE or ALTER STREAM.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let vocab = Vocabulary {
        kind: stream_kind(),
        extra: &[],
    };
    if eat_words(p, &["ALTER"]) {
        expect_words(p, &["STREAM"])?;
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        let set = if expect_one_of(p, &["SET", "UNSET"])? == 0 {
            Ok(ours::parse_props(p, &vocab, Form::Set)?)
        } else {
            Err(ours::parse_unset(p, &vocab)?)
        };
        return Ok(SnowflakeStatement::AlterStream(AlterStream {
            if_exists,
            name,
            set,
        }));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    if or_alter {
        let what = "OR REPLACE (Snowflake documents no CREATE OR ALTER STREAM)";
        return Err(expected_err(what, &p.peek_token()).into());
    }
    expect_words(p, &["STREAM"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    if eat_words(p, &["CLONE"]) {
        let source = StreamSource::Clone(p.parse_object_name(false)?);
        let copy_grants = eat_words(p, &["COPY", "GRANTS"]);
        return Ok(SnowflakeStatement::CreateStream(CreateStream {
            or_replace,
            if_not_exists,
            name,
            tags: Vec::new(),
            copy_grants,
            source,
            props: Vec::new(),
        }));
    }
    let tags = parse_tags(p)?;
    let copy_grants = eat_words(p, &["COPY", "GRANTS"]);
    expect_words(p, &["ON"])?;
    let Some((words, allowed, time_travel)) = SOURCES.iter().find(|(w, _, _)| eat_words(p, w))
    else {
        let what = "TABLE, EXTERNAL TABLE, DYNAMIC TABLE, EVENT TABLE, VIEW or STAGE";
        return Err(expected_err(what, p.peek_token_ref()).into());
    };
    let kind = words.join(" ");
    let object = p.parse_object_name(false)?;
    let point_at = p.peek_token();
    let point = match ["AT", "BEFORE"].iter().position(|w| eat_words(p, &[w])) {
        Some(i) => {
            if !time_travel {
                let msg = format!("a stream ON {kind} has no AT | BEFORE clause [{STREAM_DOC}]");
                return Err(GrammarError::at(Code::Syntax, msg, &point_at));
            }
            p.expect_token(&Token::LParen)?;
            let kw = ["TIMESTAMP", "OFFSET", "STATEMENT", "STREAM"];
            let k = expect_one_of(p, &kw)?;
            p.expect_token(&Token::RArrow)?;
            let value = p.parse_expr()?;
            p.expect_token(&Token::RParen)?;
            Some(Box::new((
                ["AT", "BEFORE"][i].to_string(),
                kw[k].to_string(),
                value,
            )))
        }
        None => None,
    };
    let prop_at: Vec<_> = (0..64).map(|n| p.peek_nth_token_ref(n).clone()).collect();
    let props = ours::parse_props(p, &vocab, Form::Create)?;
    for prop in &props {
        if prop.is("COMMENT") || allowed.iter().any(|a| prop.is(a)) {
            continue;
        }
        let at = prop_at
            .iter()
            .find(|t| matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case(&prop.name.value)))
            .unwrap_or(&prop_at[0]);
        let msg = format!(
            "{} does not apply to a stream ON {kind} [{STREAM_DOC}]",
            prop.name.value.to_ascii_uppercase()
        );
        return Err(GrammarError::at(Code::Conflict, msg, at));
    }
    Ok(SnowflakeStatement::CreateStream(CreateStream {
        or_replace,
        if_not_exists,
        name,
        tags,
        copy_grants,
        source: StreamSource::On {
            kind,
            object,
            point,
        },
        props,
    }))
}

impl fmt::Display for CreateStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, false)?;
        f.write_str(" STREAM")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.source {
            StreamSource::Clone(source) => {
                write!(f, " CLONE {source}")?;
                flag(f, self.copy_grants, "COPY GRANTS")
            }
            StreamSource::On {
                kind,
                object,
                point,
            } => {
                write_tags(f, &self.tags)?;
                flag(f, self.copy_grants, "COPY GRANTS")?;
                write!(f, " ON {kind} {object}")?;
                if let Some(point) = point {
                    let (at, kw, value) = point.as_ref();
                    write!(f, " {at} ({kw} => {value})")?;
                }
                for p in &self.props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for AlterStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER STREAM")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.set {
            Ok(props) => {
                f.write_str(" SET")?;
                for p in props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
            Err(names) => write!(f, " UNSET {}", super::words::Commas(names)),
        }
    }
}
