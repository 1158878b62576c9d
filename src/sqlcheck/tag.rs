//! CREATE TAG and ALTER <object> SET / UNSET TAG [sql/create-tag, ug/object-tagging].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, Quoted, StringList, comment, eat_words, expect_eq, expect_one_of};
use super::words::{
    expect_words, flag, parse_comment, parse_if_not_exists, parse_or_replace, parse_string,
};

/// A tag value is a string of at most 256 characters.
const MAX_TAG_VALUE: usize = 256;

/// Object kinds whose ALTER takes SET / UNSET TAG here (multi-word kinds first).
pub const TAGGABLE: &[&[&str]] = &[
    &["ROW", "ACCESS", "POLICY"],
    &["MASKING", "POLICY"],
    &["NETWORK", "POLICY"],
    &["RESOURCE", "MONITOR"],
    &["TABLE"],
    &["VIEW"],
    &["SCHEMA"],
    &["DATABASE"],
    &["ROLE"],
    &["WAREHOUSE"],
    &["USER"],
    &["ALERT"],
    &["INTEGRATION"],
    &["PROCEDURE"],
    &["FUNCTION"],
];

/// `CREATE [OR REPLACE] TAG [IF NOT EXISTS] name [ALLOWED_VALUES 'v' [, ...]] [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateTag {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// Empty without ALLOWED_VALUES.
    pub allowed_values: Vec<String>,
    pub comment: Option<String>,
}

/// `ALTER <kind> [IF EXISTS] name { SET TAG t = 'v' [, ...] | UNSET TAG t [, ...] }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterObjectTags {
    /// The object kind, upper-cased keywords joined by spaces (`WAREHOUSE`, `ROW ACCESS POLICY`).
    pub object_kind: String,
    pub if_exists: bool,
    pub name: ObjectName,
    pub change: TagChange,
}

/// Set or unset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TagChange {
    Set(Vec<(ObjectName, String)>),
    Unset(Vec<ObjectName>),
}

/// Parses CREATE TAG or ALTER ... SET/UNSET TAG.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER"]) {
        return parse_alter(p);
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    expect_words(p, &["TAG"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    // ALLOWED_VALUES must come first [sql/create-tag]; it takes no `=` and no parentheses.
    let allowed_values = if eat_words(p, &["ALLOWED_VALUES"]) {
        p.parse_comma_separated(parse_string)?
    } else {
        Vec::new()
    };
    let comment = parse_comment(p)?;
    Ok(SnowflakeStatement::CreateTag(CreateTag {
        or_replace,
        if_not_exists,
        name,
        allowed_values,
        comment,
    }))
}

fn parse_alter(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let Some(kind) = TAGGABLE.iter().find(|k| eat_words(p, k)) else {
        let kinds: Vec<String> = TAGGABLE.iter().map(|k| k.join(" ")).collect();
        return Err(super::words::expected_err(&kinds.join(", "), p.peek_token_ref()).into());
    };
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let set = expect_one_of(p, &["SET", "UNSET"])? == 0;
    expect_words(p, &["TAG"])?;
    let change = if set {
        let mut tags = Vec::new();
        loop {
            let tag = p.parse_object_name(false)?;
            expect_eq(p)?;
            let at = p.peek_token();
            let value = parse_string(p)?;
            if value.chars().count() > MAX_TAG_VALUE {
                let msg = format!("a tag value holds at most {MAX_TAG_VALUE} characters");
                return Err(GrammarError::at(Code::InvalidValue, msg, &at));
            }
            tags.push((tag, value));
            if !p.consume_token(&Token::Comma) {
                break;
            }
        }
        TagChange::Set(tags)
    } else {
        TagChange::Unset(p.parse_comma_separated(|p| p.parse_object_name(false))?)
    };
    Ok(SnowflakeStatement::AlterObjectTags(AlterObjectTags {
        object_kind: kind.join(" "),
        if_exists,
        name,
        change,
    }))
}

impl fmt::Display for CreateTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" TAG")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        if !self.allowed_values.is_empty() {
            let list = StringList(&self.allowed_values).to_string();
            // StringList prints parentheses; ALLOWED_VALUES takes a bare list.
            write!(f, " ALLOWED_VALUES {}", &list[1..list.len() - 1])?;
        }
        comment(f, &self.comment)
    }
}

impl fmt::Display for AlterObjectTags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ALTER {}", self.object_kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.change {
            TagChange::Set(tags) => {
                f.write_str(" SET TAG ")?;
                for (i, (t, v)) in tags.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t} = {}", Quoted(v))?;
                }
                Ok(())
            }
            TagChange::Unset(tags) => write!(f, " UNSET TAG {}", Commas(tags)),
        }
    }
}
