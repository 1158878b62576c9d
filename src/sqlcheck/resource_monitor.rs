//! CREATE / ALTER RESOURCE MONITOR ([sql/create-resource-monitor], [sql/alter-resource-monitor]).

use std::fmt;

use sqlparser::ast::{Ident, ObjectName, Value};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, Quoted, duplicate, eat_words, expect_eq, expect_one_of, expect_words};
use super::words::{expected_err, parse_if_not_exists, parse_or_replace, parse_string};

/// Snowflake's documented trigger limits [ug/resource-monitors].
const MAX_SUSPEND: usize = 1;
const MAX_SUSPEND_IMMEDIATE: usize = 1;
const MAX_NOTIFY: usize = 5;

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

const FREQUENCIES: [&str; 5] = ["MONTHLY", "DAILY", "WEEKLY", "YEARLY", "NEVER"];
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
            Some(parse_props(p)?)
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
        props = parse_props(p)?;
        triggers = parse_triggers(p)?;
        if props == MonitorProps::default() && triggers.is_none() {
            return Err(expected_err("a property or TRIGGERS after WITH", &at).into());
        }
        if props.frequency.is_some() != props.start_timestamp.is_some() {
            return Err(GrammarError::at(
                Code::InvalidValue,
                "FREQUENCY and START_TIMESTAMP must be set together",
                &at,
            ));
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

fn parse_props(p: &mut Parser) -> Result<MonitorProps, ParserError> {
    let mut props = MonitorProps::default();
    loop {
        let at = p.peek_token();
        let Token::Word(w) = &at.token else { break };
        let key = w.value.to_ascii_uppercase();
        let seen = match key.as_str() {
            "CREDIT_QUOTA" => props.credit_quota.is_some(),
            "FREQUENCY" => props.frequency.is_some(),
            "START_TIMESTAMP" => props.start_timestamp.is_some(),
            "END_TIMESTAMP" => props.end_timestamp.is_some(),
            "NOTIFY_USERS" => props.notify_users.is_some(),
            _ => break,
        };
        if seen {
            return duplicate(p, at);
        }
        p.advance_token();
        expect_eq(p)?;
        match key.as_str() {
            "CREDIT_QUOTA" => props.credit_quota = Some(p.parse_number_value()?.value),
            "FREQUENCY" => {
                props.frequency = Some(FREQ_VALUES[expect_one_of(p, &FREQUENCIES)?]);
            }
            "START_TIMESTAMP" => {
                props.start_timestamp = Some(if eat_words(p, &["IMMEDIATELY"]) {
                    StartTimestamp::Immediately
                } else {
                    StartTimestamp::At(parse_string(p)?)
                });
            }
            "END_TIMESTAMP" => props.end_timestamp = Some(parse_string(p)?),
            _ => {
                p.expect_token(&Token::LParen)?;
                let users = p.parse_comma_separated(|p| p.parse_identifier())?;
                p.expect_token(&Token::RParen)?;
                props.notify_users = Some(users);
            }
        }
    }
    Ok(props)
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
        let limit = match action {
            TriggerAction::Notify => MAX_NOTIFY,
            TriggerAction::Suspend => MAX_SUSPEND,
            TriggerAction::SuspendImmediate => MAX_SUSPEND_IMMEDIATE,
        };
        if count > limit {
            return Err(GrammarError::at(
                Code::TriggerLimit,
                format!(
                    "a resource monitor allows at most {limit} {action} trigger(s); this is number {count}"
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
