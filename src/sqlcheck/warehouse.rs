//! ALTER WAREHOUSE and ALTER ACCOUNT ([sql/alter-warehouse], [sql/alter-account]), which
//! sqlparser 0.64 does not parse at all. SET/UNSET TAG on either lives in `tag.rs`.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::{kind_named, ours};
use super::grammar::GrammarError;
use super::words::{Commas, Property, eat_words, expect_one_of, expect_words, flag};
use super::words::{expected_err, parse_properties};

/// `ALTER WAREHOUSE [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterWarehouse {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: WarehouseAction,
}

/// What ALTER WAREHOUSE does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WarehouseAction {
    /// `SET prop = value ...` (including `RESOURCE_MONITOR = m`).
    Set(Vec<Property>),
    /// `UNSET prop [, prop ...]`.
    Unset(Vec<Ident>),
    Suspend,
    Resume {
        if_suspended: bool,
    },
    AbortAllQueries,
    RenameTo(ObjectName),
}

impl AlterWarehouse {
    /// The monitor this statement assigns, if it is `SET RESOURCE_MONITOR = m`.
    pub fn resource_monitor(&self) -> Option<&super::words::PropValue> {
        match &self.action {
            WarehouseAction::Set(props) => props
                .iter()
                .find(|p| p.is("RESOURCE_MONITOR"))
                .map(|p| &p.value),
            _ => None,
        }
    }
}

/// `ALTER ACCOUNT SET ... | UNSET ...` (e.g. `RESOURCE_MONITOR`, `NETWORK_POLICY`, `QUERY_TAG`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterAccount {
    pub action: AccountAction,
}

/// What ALTER ACCOUNT does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AccountAction {
    Set(Vec<Property>),
    Unset(Vec<Ident>),
    /// `SET { AUTHENTICATION | PASSWORD | SESSION } POLICY p [FORCE]` or its UNSET (`policy` None).
    Policy {
        kind: String,
        policy: Option<ObjectName>,
        force: bool,
    },
}

fn warehouse() -> Vocabulary<'static> {
    Vocabulary {
        kind: kind_named("WAREHOUSE").unwrap_or_else(|| unreachable!("catalog has WAREHOUSE")),
        extra: &[],
    }
}

/// Parses ALTER WAREHOUSE.
pub fn parse_alter_warehouse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER", "WAREHOUSE"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let action = match expect_one_of(p, &["SET", "UNSET", "SUSPEND", "RESUME", "ABORT", "RENAME"])?
    {
        // Names, values, ranges and rules from the catalog [sql/alter-warehouse].
        0 => WarehouseAction::Set(ours::parse_props(p, &warehouse(), Form::Set)?),
        1 => WarehouseAction::Unset(ours::parse_unset(p, &warehouse())?),
        2 => WarehouseAction::Suspend,
        3 => WarehouseAction::Resume {
            if_suspended: eat_words(p, &["IF", "SUSPENDED"]),
        },
        4 => {
            expect_words(p, &["ALL", "QUERIES"])?;
            WarehouseAction::AbortAllQueries
        }
        _ => {
            expect_words(p, &["TO"])?;
            WarehouseAction::RenameTo(p.parse_object_name(false)?)
        }
    };
    Ok(SnowflakeStatement::AlterWarehouse(AlterWarehouse {
        if_exists,
        name,
        action,
    }))
}

/// Parses ALTER ACCOUNT SET / UNSET. Account parameters are many and open-ended, so names
/// are not checked against a list.
pub fn parse_alter_account(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["ALTER", "ACCOUNT"])?;
    let policy = super::user_policy::ATTACHABLE.iter().any(|k| {
        super::words::peek_words(p, &["SET", k, "POLICY"])
            || super::words::peek_words(p, &["UNSET", k, "POLICY"])
    });
    if policy {
        let (kind, policy, force) = super::user_policy::parse_attachment(p)?;
        let action = AccountAction::Policy {
            kind,
            policy,
            force,
        };
        return Ok(SnowflakeStatement::AlterAccount(AlterAccount { action }));
    }
    let action = match expect_one_of(p, &["SET", "UNSET"])? {
        0 => AccountAction::Set(parse_set(p, &[])?),
        _ => AccountAction::Unset(parse_unset(p, &[])?),
    };
    Ok(SnowflakeStatement::AlterAccount(AlterAccount { action }))
}

/// `prop = value ...` after SET: at least one, names from `known` (any when empty).
pub(super) fn parse_set(p: &mut Parser, known: &[&str]) -> Result<Vec<Property>, GrammarError> {
    let props = parse_properties(p, known)?;
    if props.is_empty() {
        // Parse one anyway: its error ("Expected: =" ...) says more than "no property".
        Property::parse(p, known)?;
        return Err(expected_err("a property after SET", p.peek_token_ref()).into());
    }
    Ok(props)
}

/// `prop [, prop ...]` after UNSET, names from `known` (any when empty).
pub(super) fn parse_unset(p: &mut Parser, known: &[&str]) -> Result<Vec<Ident>, GrammarError> {
    let names = p.parse_comma_separated(|p| {
        let at = p.peek_token();
        let name = p.parse_identifier()?;
        if !known.is_empty() && !known.iter().any(|k| k.eq_ignore_ascii_case(&name.value)) {
            return Err(expected_err("a property name", &at));
        }
        Ok(name)
    })?;
    if matches!(p.peek_token_ref().token, Token::Eq) {
        return Err(expected_err(
            "end of statement (UNSET takes no value)",
            p.peek_token_ref(),
        )
        .into());
    }
    Ok(names)
}

pub(super) fn write_props(f: &mut fmt::Formatter<'_>, props: &[Property]) -> fmt::Result {
    for p in props {
        write!(f, " {p}")?;
    }
    Ok(())
}

impl fmt::Display for AlterWarehouse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER WAREHOUSE")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            WarehouseAction::Set(props) => {
                f.write_str(" SET")?;
                write_props(f, props)
            }
            WarehouseAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
            WarehouseAction::Suspend => f.write_str(" SUSPEND"),
            WarehouseAction::Resume { if_suspended } => {
                f.write_str(" RESUME")?;
                flag(f, *if_suspended, "IF SUSPENDED")
            }
            WarehouseAction::AbortAllQueries => f.write_str(" ABORT ALL QUERIES"),
            WarehouseAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
        }
    }
}

impl fmt::Display for AlterAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER ACCOUNT")?;
        match &self.action {
            AccountAction::Set(props) => {
                f.write_str(" SET")?;
                write_props(f, props)
            }
            AccountAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
            AccountAction::Policy {
                kind,
                policy,
                force,
            } => super::user_policy::write_attachment(f, kind, policy, *force),
        }
    }
}
