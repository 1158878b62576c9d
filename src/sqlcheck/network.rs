//! Network rules and policies [sql/create-network-rule, sql/create-network-policy].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Given, Vocabulary, check};
use super::catalog::{kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::expect_words;
use super::words::{PropValue, StringList, comment, eat_words, expect_eq, expect_one_of};
use super::words::{expected_err, flag, parse_comment, parse_if_not_exists, parse_or_replace};
use super::words::{parse_string_list, peek_words};

const RULE_TYPES: &[&str] = &[
    "IPV4",
    "IPV6",
    "AWSVPCEID",
    "AZURELINKID",
    "GCPPSCID",
    "HOST_PORT",
    "PRIVATE_HOST_PORT",
    "COMPUTE_POOL",
];
const RULE_MODES: &[&str] = &[
    "INGRESS",
    "INTERNAL_STAGE",
    "SNOWFLAKE_MANAGED_STORAGE_VOLUME",
    "EGRESS",
];

/// The catalog's NETWORK POLICY: its lists and COMMENT ([`super::catalog::props::account`]).
fn policy() -> Vocabulary<'static> {
    Vocabulary {
        kind: kind_named("NETWORK POLICY")
            .unwrap_or_else(|| unreachable!("the catalog has NETWORK POLICY")),
        extra: &[],
    }
}

/// A list's items as strings (rule names may be written bare).
fn items(v: &PropValue) -> Vec<String> {
    match v {
        PropValue::List(items) => items
            .iter()
            .map(|i| match i {
                PropValue::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `CREATE [OR REPLACE] NETWORK RULE [IF NOT EXISTS] name TYPE = t VALUE_LIST = (...) [MODE = m]
/// [COMMENT = '...']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateNetworkRule {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// Upper-cased, one of the documented types.
    pub rule_type: String,
    pub value_list: Vec<String>,
    /// Upper-cased; `None` means Snowflake's default, INGRESS.
    pub mode: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE [OR REPLACE] NETWORK POLICY [IF NOT EXISTS] name [<list> = (...) ...] [COMMENT]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateNetworkPolicy {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// `(list name upper-cased, values)` in written order.
    pub lists: Vec<(String, Vec<String>)>,
    pub comment: Option<String>,
}

/// `ALTER NETWORK POLICY [IF EXISTS] name { SET | ADD | REMOVE } <list> = (...)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterNetworkPolicy {
    pub if_exists: bool,
    pub name: ObjectName,
    /// `SET`, `ADD` or `REMOVE`.
    pub op: String,
    pub list: String,
    pub values: Vec<String>,
}

/// Parses CREATE NETWORK RULE / POLICY or ALTER NETWORK POLICY.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "NETWORK", "POLICY"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        let meta = peek_words(p, &["RENAME"])
            || peek_words(p, &["SET", "COMMENT"])
            || peek_words(p, &["UNSET"]);
        if meta {
            return super::alter_object::parse_action(p, "NETWORK POLICY", if_exists, name, None);
        }
        let op = ["SET", "ADD", "REMOVE"][expect_one_of(p, &["SET", "ADD", "REMOVE"])?].to_string();
        let vocab = policy();
        let name_at = p.peek_token_ref().span;
        let list = p.parse_identifier()?;
        let value_at = p.peek_nth_token_ref(1).span;
        expect_eq(p)?;
        let value = PropValue::parse(p)?;
        let given = [Given {
            name: list.value.clone(),
            value: ours::val(&value),
            name_at,
            value_at,
        }];
        check(&vocab, Form::Set, &given)?;
        // ADD and REMOVE change a list's items; only SET takes COMMENT.
        if !matches!(value, PropValue::List(_)) {
            return Err(GrammarError::at(
                Code::InvalidValue,
                format!(
                    "{op} takes one of the lists, not {} [docs.snowflake.com/en/sql-reference/sql/alter-network-policy]",
                    list.value.to_ascii_uppercase()
                ),
                &p.peek_token(),
            ));
        }
        let list = list.value.to_ascii_uppercase();
        let values = items(&value);
        return Ok(SnowflakeStatement::AlterNetworkPolicy(AlterNetworkPolicy {
            if_exists,
            name,
            op,
            list,
            values,
        }));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    expect_words(p, &["NETWORK"])?;
    let rule = expect_one_of(p, &["RULE", "POLICY"])? == 0;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    if rule {
        // The documented order is TYPE, VALUE_LIST, MODE, but Snowflake's own examples vary it.
        let (mut rule_type, mut value_list, mut mode, mut comment) = (None, None, None, None);
        loop {
            let at = p.peek_token();
            if rule_type.is_none() && eat_words(p, &["TYPE"]) {
                expect_eq(p)?;
                rule_type = Some(RULE_TYPES[expect_one_of(p, RULE_TYPES)?].to_string());
            } else if value_list.is_none() && eat_words(p, &["VALUE_LIST"]) {
                expect_eq(p)?;
                value_list = Some(parse_string_list(p)?);
            } else if mode.is_none() && eat_words(p, &["MODE"]) {
                expect_eq(p)?;
                mode = Some(RULE_MODES[expect_one_of(p, RULE_MODES)?].to_string());
            } else if comment.is_none() && peek_words(p, &["COMMENT"]) {
                comment = parse_comment(p)?;
            } else if rule_type.is_none() || value_list.is_none() {
                let missing = if rule_type.is_none() {
                    "TYPE = ..."
                } else {
                    "VALUE_LIST = (...)"
                };
                return Err(expected_err(missing, &at).into());
            } else {
                break;
            }
        }
        let (Some(rule_type), Some(value_list)) = (rule_type, value_list) else {
            return Err(expected_err("TYPE and VALUE_LIST", p.peek_token_ref()).into());
        };
        return Ok(SnowflakeStatement::CreateNetworkRule(CreateNetworkRule {
            or_replace,
            if_not_exists,
            name,
            rule_type,
            value_list,
            mode,
            comment,
        }));
    }
    // Lists and COMMENT in any order, each once, values typed by the catalog.
    let vocab = policy();
    let (props, given) = ours::parse_given(p, |n| vocab.knows(n))?;
    check(&vocab, Form::Create, &given)?;
    let (mut lists, mut comment) = (Vec::new(), None);
    for prop in props {
        match &prop.value {
            PropValue::String(s) if prop.is("COMMENT") => comment = Some(s.clone()),
            v => lists.push((prop.name.value.to_ascii_uppercase(), items(v))),
        }
    }
    Ok(SnowflakeStatement::CreateNetworkPolicy(
        CreateNetworkPolicy {
            or_replace,
            if_not_exists,
            name,
            lists,
            comment,
        },
    ))
}

impl fmt::Display for CreateNetworkRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" NETWORK RULE")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(
            f,
            " {} TYPE = {} VALUE_LIST = {}",
            self.name,
            self.rule_type,
            StringList(&self.value_list)
        )?;
        if let Some(m) = &self.mode {
            write!(f, " MODE = {m}")?;
        }
        comment(f, &self.comment)
    }
}

impl fmt::Display for CreateNetworkPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" NETWORK POLICY")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        for (l, v) in &self.lists {
            write!(f, " {l} = {}", StringList(v))?;
        }
        comment(f, &self.comment)
    }
}

impl fmt::Display for AlterNetworkPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER NETWORK POLICY")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(
            f,
            " {} {} {} = {}",
            self.name,
            self.op,
            self.list,
            StringList(&self.values)
        )
    }
}
