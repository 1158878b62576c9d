//! CREATE TAG, ALTER TAG and ALTER <object> SET / UNSET TAG [sql/create-tag, sql/alter-tag,
//! ug/object-tagging].

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
    peek_words,
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
    &["TASK"],
    &["STREAM"],
    &["SECRET"],
];

/// `CREATE [OR REPLACE] TAG [IF NOT EXISTS] name [ALLOWED_VALUES 'v' [, ...]]
/// [PROPAGATE = ...] [ON_CONFLICT = ...] [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateTag {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// Empty without ALLOWED_VALUES.
    pub allowed_values: Vec<String>,
    /// `ON_DEPENDENCY_AND_DATA_MOVEMENT`, `ON_DEPENDENCY` or `ON_DATA_MOVEMENT`.
    pub propagate: Option<String>,
    /// `'<string>'` (quoted, as printed) or `ALLOWED_VALUES_SEQUENCE`.
    pub on_conflict: Option<String>,
    pub comment: Option<String>,
}

/// Automatic tag propagation modes [sql/create-tag "PROPAGATE"].
const PROPAGATE: &[&str] = &[
    "ON_DEPENDENCY_AND_DATA_MOVEMENT",
    "ON_DEPENDENCY",
    "ON_DATA_MOVEMENT",
];

/// `ALTER TAG [IF EXISTS] name <action>` [sql/alter-tag].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterTag {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: TagAction,
}

/// What ALTER TAG does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TagAction {
    RenameTo(ObjectName),
    AddAllowedValues(Vec<String>),
    DropAllowedValues(Vec<String>),
    UnsetAllowedValues,
    SetMaskingPolicies {
        policies: Vec<ObjectName>,
        force: bool,
    },
    UnsetMaskingPolicies(Vec<ObjectName>),
    SetComment(String),
    UnsetComment,
    SetPropagate {
        propagate: String,
        on_conflict: Option<String>,
    },
    UnsetPropagate,
    UnsetOnConflict,
}

/// `ALTER <kind> [IF EXISTS] name { SET TAG t = 'v' [, ...] | UNSET TAG t [, ...] }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterObjectTags {
    /// The object kind, upper-cased keywords joined by spaces (`WAREHOUSE`, `ROW ACCESS POLICY`).
    pub object_kind: String,
    pub if_exists: bool,
    pub name: ObjectName,
    /// A function's or procedure's argument types (`ALTER FUNCTION f(INT) SET TAG ...`).
    pub signature: Option<Vec<sqlparser::ast::DataType>>,
    /// `{ ALTER | MODIFY } COLUMN c` of a table or view [sql/alter-table, sql/alter-view].
    pub column: Option<sqlparser::ast::Ident>,
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
    if eat_words(p, &["ALTER", "TAG"]) {
        return parse_alter_tag(p);
    }
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
    let (propagate, on_conflict) = parse_propagate(p, false)?;
    let comment = parse_comment(p)?;
    Ok(SnowflakeStatement::CreateTag(CreateTag {
        or_replace,
        if_not_exists,
        name,
        allowed_values,
        propagate,
        on_conflict,
        comment,
    }))
}

/// `[PROPAGATE = mode] [ON_CONFLICT = { '<string>' | ALLOWED_VALUES_SEQUENCE }]`; ON_CONFLICT only
/// with PROPAGATE [sql/create-tag "ON_CONFLICT"]. `required`: PROPAGATE must come (ALTER ... SET).
fn parse_propagate(
    p: &mut Parser,
    required: bool,
) -> Result<(Option<String>, Option<String>), GrammarError> {
    let propagate = if required || peek_words(p, &["PROPAGATE"]) {
        expect_words(p, &["PROPAGATE"])?;
        expect_eq(p)?;
        Some(PROPAGATE[expect_one_of(p, PROPAGATE)?].to_string())
    } else {
        None
    };
    let at = p.peek_token();
    let on_conflict = if eat_words(p, &["ON_CONFLICT"]) {
        expect_eq(p)?;
        if eat_words(p, &["ALLOWED_VALUES_SEQUENCE"]) {
            Some("ALLOWED_VALUES_SEQUENCE".to_string())
        } else {
            Some(Quoted(&parse_string(p)?).to_string())
        }
    } else {
        None
    };
    if on_conflict.is_some() && propagate.is_none() {
        let msg = "ON_CONFLICT applies only with PROPAGATE [docs.snowflake.com/en/sql-reference/sql/create-tag]";
        return Err(GrammarError::at(Code::Conflict, msg, &at));
    }
    Ok((propagate, on_conflict))
}

fn parse_alter_tag(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let action = match expect_one_of(p, &["RENAME", "ADD", "DROP", "SET", "UNSET"])? {
        0 => {
            expect_words(p, &["TO"])?;
            TagAction::RenameTo(p.parse_object_name(false)?)
        }
        verb @ (1 | 2) => {
            expect_words(p, &["ALLOWED_VALUES"])?;
            let values = p.parse_comma_separated(parse_string)?;
            if verb == 1 {
                TagAction::AddAllowedValues(values)
            } else {
                TagAction::DropAllowedValues(values)
            }
        }
        3 => match expect_one_of(p, &["MASKING", "COMMENT", "PROPAGATE"])? {
            0 => {
                let policies = masking_policies(p)?;
                TagAction::SetMaskingPolicies {
                    policies,
                    force: eat_words(p, &["FORCE"]),
                }
            }
            1 => {
                expect_eq(p)?;
                TagAction::SetComment(parse_string(p)?)
            }
            _ => {
                p.prev_token();
                let (propagate, on_conflict) = parse_propagate(p, true)?;
                TagAction::SetPropagate {
                    propagate: propagate.unwrap_or_default(),
                    on_conflict,
                }
            }
        },
        _ => match expect_one_of(
            p,
            &[
                "ALLOWED_VALUES",
                "MASKING",
                "COMMENT",
                "PROPAGATE",
                "ON_CONFLICT",
            ],
        )? {
            0 => TagAction::UnsetAllowedValues,
            1 => TagAction::UnsetMaskingPolicies(masking_policies(p)?),
            2 => TagAction::UnsetComment,
            3 => TagAction::UnsetPropagate,
            _ => TagAction::UnsetOnConflict,
        },
    };
    Ok(SnowflakeStatement::AlterTag(AlterTag {
        if_exists,
        name,
        action,
    }))
}

/// `POLICY p [, MASKING POLICY p2 ...]` after the first MASKING.
fn masking_policies(p: &mut Parser) -> Result<Vec<ObjectName>, GrammarError> {
    let mut policies = Vec::new();
    loop {
        expect_words(p, &["POLICY"])?;
        policies.push(p.parse_object_name(false)?);
        if !(p.consume_token(&Token::Comma)) {
            return Ok(policies);
        }
        expect_words(p, &["MASKING"])?;
    }
}

fn parse_alter(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let Some(kind) = TAGGABLE.iter().find(|k| eat_words(p, k)) else {
        let kinds: Vec<String> = TAGGABLE.iter().map(|k| k.join(" ")).collect();
        return Err(super::words::expected_err(&kinds.join(", "), p.peek_token_ref()).into());
    };
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let routine = matches!(kind, [k] if *k == "FUNCTION" || *k == "PROCEDURE");
    let signature = if routine && p.consume_token(&Token::LParen) {
        if p.consume_token(&Token::RParen) {
            Some(Vec::new())
        } else {
            let types = p.parse_comma_separated(|p| p.parse_data_type())?;
            p.expect_token(&Token::RParen)?;
            Some(types)
        }
    } else {
        None
    };
    let relation = matches!(kind, [k] if *k == "TABLE" || *k == "VIEW");
    let column = if relation
        && (eat_words(p, &["ALTER", "COLUMN"]) || eat_words(p, &["MODIFY", "COLUMN"]))
    {
        Some(p.parse_identifier()?)
    } else {
        None
    };
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
        signature,
        column,
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
        if let Some(m) = &self.propagate {
            write!(f, " PROPAGATE = {m}")?;
        }
        if let Some(c) = &self.on_conflict {
            write!(f, " ON_CONFLICT = {c}")?;
        }
        comment(f, &self.comment)
    }
}

impl fmt::Display for AlterObjectTags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ALTER {}", self.object_kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        if let Some(sig) = &self.signature {
            write!(f, "({})", Commas(sig))?;
        }
        if let Some(c) = &self.column {
            write!(f, " ALTER COLUMN {c}")?;
        }
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

impl fmt::Display for AlterTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER TAG")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        let policies = |f: &mut fmt::Formatter<'_>, ps: &[ObjectName]| {
            for (i, p) in ps.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, " MASKING POLICY {p}")?;
            }
            Ok(())
        };
        match &self.action {
            TagAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
            TagAction::AddAllowedValues(v) => {
                let list = StringList(v).to_string();
                write!(f, " ADD ALLOWED_VALUES {}", &list[1..list.len() - 1])
            }
            TagAction::DropAllowedValues(v) => {
                let list = StringList(v).to_string();
                write!(f, " DROP ALLOWED_VALUES {}", &list[1..list.len() - 1])
            }
            TagAction::UnsetAllowedValues => f.write_str(" UNSET ALLOWED_VALUES"),
            TagAction::SetMaskingPolicies {
                policies: ps,
                force,
            } => {
                f.write_str(" SET")?;
                policies(f, ps)?;
                flag(f, *force, "FORCE")
            }
            TagAction::UnsetMaskingPolicies(ps) => {
                f.write_str(" UNSET")?;
                policies(f, ps)
            }
            TagAction::SetComment(c) => write!(f, " SET COMMENT = {}", Quoted(c)),
            TagAction::UnsetComment => f.write_str(" UNSET COMMENT"),
            TagAction::SetPropagate {
                propagate,
                on_conflict,
            } => {
                write!(f, " SET PROPAGATE = {propagate}")?;
                if let Some(c) = on_conflict {
                    write!(f, " ON_CONFLICT = {c}")?;
                }
                Ok(())
            }
            TagAction::UnsetPropagate => f.write_str(" UNSET PROPAGATE"),
            TagAction::UnsetOnConflict => f.write_str(" UNSET ON_CONFLICT"),
        }
    }
}
