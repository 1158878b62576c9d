//! Network rules and policies [sql/create-network-rule, sql/create-network-policy].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{StringList, comment, eat_words, expect_eq, expect_one_of, expect_words};
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
const POLICY_LISTS: &[&str] = &[
    "ALLOWED_NETWORK_RULE_LIST",
    "BLOCKED_NETWORK_RULE_LIST",
    "ALLOWED_IP_LIST",
    "BLOCKED_IP_LIST",
];

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
        let list = POLICY_LISTS[expect_one_of(p, POLICY_LISTS)?].to_string();
        expect_eq(p)?;
        let values = parse_checked_list(p, &list)?;
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
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    while let Some(i) = POLICY_LISTS.iter().position(|l| peek_words(p, &[l])) {
        let at = p.peek_token();
        if lists.iter().any(|(l, _)| l == POLICY_LISTS[i]) {
            return Err(expected_err("each list at most once", &at).into());
        }
        p.advance_token();
        expect_eq(p)?;
        lists.push((
            POLICY_LISTS[i].to_string(),
            parse_checked_list(p, POLICY_LISTS[i])?,
        ));
    }
    let comment = parse_comment(p)?;
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

/// Parses `('...', ...)`, checking IP lists hold IPv4 addresses or CIDR blocks.
fn parse_checked_list(p: &mut Parser, list: &str) -> Result<Vec<String>, GrammarError> {
    let at = p.peek_token();
    let values = parse_string_list(p)?;
    if list.ends_with("_IP_LIST") {
        for v in &values {
            let ok = v.parse::<std::net::Ipv4Addr>().is_ok() || v.parse::<ipnet::Ipv4Net>().is_ok();
            if !ok {
                let msg = format!("'{v}' in {list} is not an IPv4 address or CIDR block");
                return Err(GrammarError::at(Code::InvalidValue, msg, &at));
            }
        }
    }
    Ok(values)
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
