//! Kinds whose statements are a name and a property list, read entirely from the catalog:
//! `CREATE [OR REPLACE] <kind> [IF NOT EXISTS] name prop = value ...` and
//! `ALTER <kind> [IF EXISTS] name { SET prop = value ... | UNSET prop [, ...] | RENAME TO n }`.
//! Session, password and authentication policies [sql/create-session-policy,
//! sql/create-password-policy, sql/create-authentication-policy], secrets [sql/create-secret],
//! storage and external access integrations [sql/create-storage-integration,
//! sql/create-external-access-integration], shares [sql/create-share, sql/alter-share] and ALTER
//! NETWORK RULE [sql/alter-network-rule], with their ALTER pages; a new kind of this shape is one
//! catalog line plus its property table. Required properties and the properties that exclude
//! each other are the catalog's rules.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::{Kind, find_kind, ours};
use super::grammar::GrammarError;
use super::words::{Commas, Property, eat_words, expect_one_of, expect_words, expected_err, flag};
use super::words::{or_replace, parse_if_not_exists, parse_or_replace};

/// Kinds this grammar parses.
pub const KINDS: &[&[&str]] = &[
    &["SESSION", "POLICY"],
    &["PASSWORD", "POLICY"],
    &["AUTHENTICATION", "POLICY"],
    &["SECRET"],
    &["STORAGE", "INTEGRATION"],
    &["EXTERNAL", "ACCESS", "INTEGRATION"],
    &["SHARE"],
    &["NETWORK", "RULE"],
];

/// `CREATE [OR REPLACE] <kind> [IF NOT EXISTS] name prop = value ...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreatePropertyObject {
    /// Upper-cased keywords of the kind (`SESSION POLICY`).
    pub object_kind: String,
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub props: Vec<Property>,
}

/// `ALTER <kind> [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterPropertyObject {
    pub object_kind: String,
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: PropertyAction,
}

/// What the ALTER does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PropertyAction {
    Set(Vec<Property>),
    Unset(Vec<Ident>),
    RenameTo(ObjectName),
    /// A share's consumers: `{ ADD | REMOVE | SET } ACCOUNTS = a [, ...]`, with ADD's
    /// `SHARE_RESTRICTIONS` and SET's `COMMENT` [sql/alter-share].
    Accounts {
        verb: AccountsVerb,
        accounts: Vec<ObjectName>,
        share_restrictions: Option<bool>,
        comment: Option<String>,
    },
}

/// What ALTER SHARE does with the ACCOUNTS list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountsVerb {
    Add,
    Remove,
    Set,
}

impl AccountsVerb {
    fn text(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Remove => "REMOVE",
            Self::Set => "SET",
        }
    }
}

fn take_kind(p: &mut Parser) -> Result<&'static Kind, GrammarError> {
    let words: Vec<String> = (0..4)
        .map(|n| p.peek_nth_token_ref(n).token.to_string())
        .collect();
    let found =
        find_kind(|i| words.get(i).map(String::as_str)).filter(|(k, _)| KINDS.contains(&k.words));
    let Some((kind, n)) = found else {
        let kinds: Vec<String> = KINDS.iter().map(|k| k.join(" ")).collect();
        return Err(expected_err(&kinds.join(", "), p.peek_token_ref()).into());
    };
    for _ in 0..n {
        p.advance_token();
    }
    Ok(kind)
}

/// Parses the CREATE or ALTER form.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let create = expect_one_of(p, &["CREATE", "ALTER"])? == 0;
    if create {
        let (or_replace, or_alter) = parse_or_replace(p);
        let at = p.peek_token();
        let kind = take_kind(p)?;
        if or_alter {
            let what = format!(
                "OR REPLACE (Snowflake documents no CREATE OR ALTER {})",
                kind.name()
            );
            return Err(expected_err(&what, &at).into());
        }
        let if_not_exists = parse_if_not_exists(p, or_replace)?;
        let name = p.parse_object_name(false)?;
        let vocab = Vocabulary { kind, extra: &[] };
        let props = ours::parse_props(p, &vocab, Form::Create)?;
        return Ok(SnowflakeStatement::CreatePropertyObject(
            CreatePropertyObject {
                object_kind: kind.name(),
                or_replace,
                if_not_exists,
                name,
                props,
            },
        ));
    }
    let kind = take_kind(p)?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let vocab = Vocabulary { kind, extra: &[] };
    let share = kind.words == ["SHARE"];
    if share && let Some(verb) = parse_accounts_verb(p) {
        let action = parse_accounts(p, verb, &vocab)?;
        return Ok(SnowflakeStatement::AlterPropertyObject(
            AlterPropertyObject {
                object_kind: kind.name(),
                if_exists,
                name,
                action,
            },
        ));
    }
    let action = match expect_one_of(p, &["SET", "UNSET", "RENAME"])? {
        0 => PropertyAction::Set(ours::parse_props(p, &vocab, Form::Set)?),
        1 => PropertyAction::Unset(ours::parse_unset(p, &vocab)?),
        _ => {
            expect_words(p, &["TO"])?;
            PropertyAction::RenameTo(p.parse_object_name(false)?)
        }
    };
    Ok(SnowflakeStatement::AlterPropertyObject(
        AlterPropertyObject {
            object_kind: kind.name(),
            if_exists,
            name,
            action,
        },
    ))
}

/// `ADD ACCOUNTS`, `REMOVE ACCOUNTS` or `SET ACCOUNTS` ahead: the verb, with only the verb consumed.
fn parse_accounts_verb(p: &mut Parser) -> Option<AccountsVerb> {
    let verbs = [
        ("ADD", AccountsVerb::Add),
        ("REMOVE", AccountsVerb::Remove),
        ("SET", AccountsVerb::Set),
    ];
    let (_, verb) = verbs
        .into_iter()
        .find(|(w, _)| super::words::peek_words(p, &[w, "ACCOUNTS"]))?;
    p.advance_token();
    Some(verb)
}

/// `ACCOUNTS = a [, ...]` and what the verb takes after it [sql/alter-share].
fn parse_accounts(
    p: &mut Parser,
    verb: AccountsVerb,
    vocab: &Vocabulary<'_>,
) -> Result<PropertyAction, GrammarError> {
    expect_words(p, &["ACCOUNTS"])?;
    super::words::expect_eq(p)?;
    let accounts = p.parse_comma_separated(|p| p.parse_object_name(false))?;
    let mut share_restrictions = None;
    let mut comment = None;
    match verb {
        AccountsVerb::Add => {
            if eat_words(p, &["SHARE_RESTRICTIONS"]) {
                super::words::expect_eq(p)?;
                share_restrictions = Some(super::words::parse_bool(p)?);
            }
        }
        AccountsVerb::Set => {
            let props = ours::parse_props(p, vocab, Form::Create)?;
            for prop in props {
                match (&prop.value, prop.is("COMMENT")) {
                    (super::words::PropValue::String(s), true) => comment = Some(s.clone()),
                    _ => {
                        let what = "COMMENT = '...' (SET ACCOUNTS takes only a comment)";
                        return Err(expected_err(what, p.peek_token_ref()).into());
                    }
                }
            }
        }
        AccountsVerb::Remove => {}
    }
    Ok(PropertyAction::Accounts {
        verb,
        accounts,
        share_restrictions,
        comment,
    })
}

impl fmt::Display for CreatePropertyObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, false)?;
        write!(f, " {}", self.object_kind)?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        for p in &self.props {
            write!(f, " {p}")?;
        }
        Ok(())
    }
}

impl fmt::Display for AlterPropertyObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ALTER {}", self.object_kind)?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            PropertyAction::Set(props) => {
                f.write_str(" SET")?;
                for p in props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
            PropertyAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
            PropertyAction::RenameTo(n) => write!(f, " RENAME TO {n}"),
            PropertyAction::Accounts {
                verb,
                accounts,
                share_restrictions,
                comment,
            } => {
                write!(f, " {} ACCOUNTS = {}", verb.text(), Commas(accounts))?;
                if let Some(b) = share_restrictions {
                    let b = if *b { "TRUE" } else { "FALSE" };
                    write!(f, " SHARE_RESTRICTIONS = {b}")?;
                }
                super::words::comment(f, comment)
            }
        }
    }
}
