//! CREATE / ALTER RESOURCE MONITOR ([sql/create-resource-monitor], [sql/alter-resource-monitor]).

use std::fmt;

use sqlparser::ast::{Ident, ObjectName, Value};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Given, Val, Vocabulary, check};
use super::catalog::kind_named;
use super::catalog::ours;
use super::catalog::props::account::{FREQUENCIES, TRIGGER_DOC, trigger_limit};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, PropValue, Quoted, eat_words, expect_one_of, expect_words};
use super::words::{expected_err, parse_if_not_exists, parse_or_replace};

/// `CREATE [OR REPLACE] RESOURCE MONITOR [IF NOT EXISTS] name WITH ... [TRIGGERS ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateResourceMonitor {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub props: MonitorProps,
    /// `None` without the TRIGGERS keyword.
    pub triggers: Option<Vec<Trigger>>,
}

/// `ALTER RESOURCE MONITOR [IF EXISTS] name [SET ...] [TRIGGERS ...]`. TRIGGERS replaces every
/// existing trigger (it is not additive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterResourceMonitor {
    pub if_exists: bool,
    pub name: ObjectName,
    /// `None` without SET.
    pub set: Option<MonitorProps>,
    pub triggers: Option<Vec<Trigger>>,
}

/// The monitor's properties; each at most once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MonitorProps {
    pub credit_quota: Option<Value>,
    pub frequency: Option<Frequency>,
    pub start_timestamp: Option<StartTimestamp>,
    pub end_timestamp: Option<String>,
    pub notify_users: Option<Vec<Ident>>,
}

/// How often usage resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    Monthly,
    Daily,
    Weekly,
    Yearly,
    Never,
}

/// In the catalog's order of [`FREQUENCIES`].
const FREQ_VALUES: [Frequency; 5] = [
    Frequency::Monthly,
    Frequency::Daily,
    Frequency::Weekly,
    Frequency::Yearly,
    Frequency::Never,
];

/// `START_TIMESTAMP = IMMEDIATELY | '<timestamp>'`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StartTimestamp {
    Immediately,
    At(String),
}

/// `ON <percent> PERCENT DO <action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trigger {
    pub percent: u64,
    pub action: TriggerAction,
}

/// What a trigger does when its threshold is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerAction {
    Notify,
    Suspend,
    SuspendImmediate,
}

/// Parses CREATE or ALTER RESOURCE MONITOR.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER"]) {
        expect_words(p, &["RESOURCE", "MONITOR"])?;
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        let set = if eat_words(p, &["SET"]) {
            Some(parse_props(p, Form::Set)?)
        } else {
            None
        };
        let triggers = parse_triggers(p)?;
        if set.is_none() && triggers.is_none() {
            return Err(expected_err("SET or TRIGGERS", p.peek_token_ref()).into());
        }
        return Ok(SnowflakeStatement::AlterResourceMonitor(
            AlterResourceMonitor {
                if_exists,
                name,
                set,
                triggers,
            },
        ));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    expect_words(p, &["RESOURCE", "MONITOR"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let (mut props, mut triggers) = (MonitorProps::default(), None);
    // Snowflake requires WITH before the properties; without it the statement must end here.
    if eat_words(p, &["WITH"]) {
        let at = p.peek_token();
        props = parse_props(p, Form::Create)?;
        triggers = parse_triggers(p)?;
        if props == MonitorProps::default() && triggers.is_none() {
            return Err(expected_err("a property or TRIGGERS after WITH", &at).into());
        }
    }
    Ok(SnowflakeStatement::CreateResourceMonitor(
        CreateResourceMonitor {
            or_replace,
            if_not_exists,
            name,
            props,
            triggers,
        },
    ))
}

fn monitor() -> Vocabulary<'static> {
    Vocabulary {
        kind: kind_named("RESOURCE MONITOR")
            .unwrap_or_else(|| unreachable!("the catalog has RESOURCE MONITOR")),
        extra: &[],
    }
}

/// `NAME = value ...` after WITH or SET: names, values, ranges and the FREQUENCY /
/// START_TIMESTAMP pairing from the catalog ([`super::catalog::props::account`]).
fn parse_props(p: &mut Parser, form: Form) -> Result<MonitorProps, GrammarError> {
    let vocab = monitor();
    let mut given = Vec::new();
    let mut values = Vec::new();
    while matches!(p.peek_token_ref().token, Token::Word(_))
        && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
    {
        let name_at = p.peek_token_ref().span;
        let name = p.parse_identifier()?;
        p.expect_token(&Token::Eq)?;
        let value_at = p.peek_token_ref().span;
        // NOTIFY_USERS names users: identifiers, which a quoted name keeps as written.
        let value = if name.value.eq_ignore_ascii_case("NOTIFY_USERS")
            && p.peek_token_ref().token == Token::LParen
        {
            p.expect_token(&Token::LParen)?;
            let users = p.parse_comma_separated(|p| p.parse_identifier())?;
            p.expect_token(&Token::RParen)?;
            Typed::Users(users)
        } else {
            Typed::Other(PropValue::parse(p)?)
        };
        let seen = match &value {
            Typed::Users(u) => Val::List(u.iter().map(|i| Val::Word(i.value.clone())).collect()),
            Typed::Other(v) => ours::val(v),
        };
        given.push(Given {
            name: name.value.clone(),
            value: seen,
            name_at,
            value_at,
        });
        values.push((name.value.to_ascii_uppercase(), value));
    }
    check(&vocab, form, &given)?;
    // The catalog checked each value's type, so each converts.
    let mut props = MonitorProps::default();
    for (name, value) in values {
        match (name.as_str(), value) {
            ("CREDIT_QUOTA", Typed::Other(PropValue::Number(v))) => props.credit_quota = Some(v),
            ("FREQUENCY", Typed::Other(v)) => {
                let word = match v {
                    PropValue::String(s) => s,
                    other => other.to_string(),
                };
                props.frequency = FREQUENCIES
                    .iter()
                    .position(|f| f.eq_ignore_ascii_case(&word))
                    .map(|i| FREQ_VALUES[i]);
            }
            ("START_TIMESTAMP", Typed::Other(PropValue::String(t))) => {
                props.start_timestamp = Some(StartTimestamp::At(t));
            }
            ("START_TIMESTAMP", Typed::Other(_)) => {
                props.start_timestamp = Some(StartTimestamp::Immediately);
            }
            ("END_TIMESTAMP", Typed::Other(PropValue::String(t))) => props.end_timestamp = Some(t),
            ("NOTIFY_USERS", Typed::Users(u)) => props.notify_users = Some(u),
            ("NOTIFY_USERS", Typed::Other(_)) => props.notify_users = Some(Vec::new()),
            _ => {}
        }
    }
    Ok(props)
}

/// A monitor property's value as parsed.
enum Typed {
    Users(Vec<Ident>),
    Other(PropValue),
}

/// `TRIGGERS trigger [trigger ...]`, whitespace-separated, checking Snowflake's limits.
fn parse_triggers(p: &mut Parser) -> Result<Option<Vec<Trigger>>, GrammarError> {
    if !eat_words(p, &["TRIGGERS"]) {
        return Ok(None);
    }
    let mut triggers: Vec<Trigger> = Vec::new();
    loop {
        expect_words(p, &["ON"])?;
        let percent = p.parse_literal_uint()?;
        expect_words(p, &["PERCENT"])?;
        expect_words(p, &["DO"])?;
        let at = p.peek_token();
        let action = match expect_one_of(p, &["NOTIFY", "SUSPEND", "SUSPEND_IMMEDIATE"])? {
            0 => TriggerAction::Notify,
            1 => TriggerAction::Suspend,
            _ => TriggerAction::SuspendImmediate,
        };
        let count = 1 + triggers.iter().filter(|t| t.action == action).count();
        let limit = trigger_limit(&action.to_string());
        if count > limit {
            return Err(GrammarError::at(
                Code::TriggerLimit,
                format!(
                    "a resource monitor allows at most {limit} {action} trigger(s); this is number {count} [docs.snowflake.com/en/{TRIGGER_DOC}]"
                ),
                &at,
            ));
        }
        triggers.push(Trigger { percent, action });
        if !matches!(&p.peek_token_ref().token, t if super::words::is_word(t, "ON")) {
            break;
        }
    }
    Ok(Some(triggers))
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = FREQ_VALUES.iter().position(|v| v == self).unwrap_or(0);
        f.write_str(FREQUENCIES[i])
    }
}

impl fmt::Display for TriggerAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Notify => "NOTIFY",
            Self::Suspend => "SUSPEND",
            Self::SuspendImmediate => "SUSPEND_IMMEDIATE",
        })
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ON {} PERCENT DO {}", self.percent, self.action)
    }
}

impl fmt::Display for MonitorProps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = &self.credit_quota {
            write!(f, " CREDIT_QUOTA = {q}")?;
        }
        if let Some(v) = &self.frequency {
            write!(f, " FREQUENCY = {v}")?;
        }
        match &self.start_timestamp {
            Some(StartTimestamp::Immediately) => f.write_str(" START_TIMESTAMP = IMMEDIATELY")?,
            Some(StartTimestamp::At(t)) => write!(f, " START_TIMESTAMP = {}", Quoted(t))?,
            None => {}
        }
        if let Some(t) = &self.end_timestamp {
            write!(f, " END_TIMESTAMP = {}", Quoted(t))?;
        }
        if let Some(u) = &self.notify_users {
            write!(f, " NOTIFY_USERS = ({})", Commas(u))?;
        }
        Ok(())
    }
}

fn write_triggers(f: &mut fmt::Formatter<'_>, triggers: &Option<Vec<Trigger>>) -> fmt::Result {
    if let Some(ts) = triggers {
        f.write_str(" TRIGGERS")?;
        for t in ts {
            write!(f, " {t}")?;
        }
    }
    Ok(())
}

impl fmt::Display for CreateResourceMonitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        super::words::flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" RESOURCE MONITOR")?;
        super::words::flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        if self.props != MonitorProps::default() || self.triggers.is_some() {
            write!(f, " WITH{}", self.props)?;
            write_triggers(f, &self.triggers)?;
        }
        Ok(())
    }
}

impl fmt::Display for AlterResourceMonitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER RESOURCE MONITOR")?;
        super::words::flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        if let Some(set) = &self.set {
            write!(f, " SET{set}")?;
        }
        write_triggers(f, &self.triggers)
    }
}
