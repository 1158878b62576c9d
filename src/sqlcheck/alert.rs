//! CREATE ALERT and ALTER ALERT [sql/create-alert]. The condition and the action are ordinary
//! statements, parsed by sqlparser, so the audit sees what an alert reads and calls.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName, Statement};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Quoted, comment, duplicate, eat_words, expect_eq, expect_one_of, expect_words};
use super::words::{
    flag, parse_comment, parse_if_not_exists, parse_or_replace, parse_string, peek_words,
};

/// The longest MINUTE schedule Snowflake accepts (8 days).
const MAX_SCHEDULE_MINUTES: u64 = 11520;

/// `CREATE [OR REPLACE] ALERT [IF NOT EXISTS] name [[WITH] TAG (...)] [WAREHOUSE = wh] [SCHEDULE = '...']
/// [COMMENT = '...'] [SUSPEND_ALERT_AFTER_NUM_FAILURES = n] IF (EXISTS (condition)) THEN action`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateAlert {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// `[WITH] TAG (name = 'value', ...)`.
    pub tags: super::task::Tags,
    /// `None` for a serverless alert.
    pub warehouse: Option<Ident>,
    pub schedule: Option<String>,
    pub comment: Option<String>,
    pub suspend_after_failures: Option<u64>,
    /// The query inside `IF (EXISTS (...))`: a SELECT, SHOW or CALL.
    pub condition: Box<Statement>,
    pub action: Box<Statement>,
}

/// `CREATE [OR REPLACE] ALERT [IF NOT EXISTS] name CLONE source` [sql/create-alert, sql/create-clone].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CloneAlert {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub source: ObjectName,
}

impl fmt::Display for CloneAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" ALERT")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {} CLONE {}", self.name, self.source)
    }
}

/// `ALTER ALERT [IF EXISTS] name { RESUME | SUSPEND }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterAlert {
    pub if_exists: bool,
    pub name: ObjectName,
    /// True for RESUME (alerts are created suspended), false for SUSPEND.
    pub resume: bool,
}

/// Parses CREATE or ALTER ALERT.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "ALERT"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        if ["SET", "UNSET", "MODIFY"]
            .iter()
            .any(|w| peek_words(p, &[w]))
        {
            return super::alter_object::parse_action(p, "ALERT", if_exists, name, None);
        }
        let resume = expect_one_of(p, &["RESUME", "SUSPEND", "SET", "UNSET", "MODIFY"])? == 0;
        return Ok(SnowflakeStatement::AlterAlert(AlterAlert {
            if_exists,
            name,
            resume,
        }));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    expect_words(p, &["ALERT"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    if eat_words(p, &["CLONE"]) {
        return Ok(SnowflakeStatement::CloneAlert(CloneAlert {
            or_replace,
            if_not_exists,
            name,
            source: p.parse_object_name(false)?,
        }));
    }
    let (mut warehouse, mut schedule, mut comment, mut suspend_after) = (None, None, None, None);
    let mut tags = Vec::new();
    while !peek_words(p, &["IF"]) {
        let at = p.peek_token();
        let tag_clause = peek_words(p, &["WITH", "TAG"])
            || (peek_words(p, &["TAG"]) && p.peek_nth_token_ref(1).token == Token::LParen);
        if tag_clause && tags.is_empty() {
            tags = super::task::parse_tags(p)?;
            check_tag_values(&tags, &at)?;
            continue;
        }
        if peek_words(p, &["COMMENT"]) {
            if comment.is_some() {
                return Ok(duplicate(p, at)?);
            }
            comment = parse_comment(p)?;
            continue;
        }
        let key = expect_one_of(
            p,
            &[
                "WAREHOUSE",
                "SCHEDULE",
                "SUSPEND_ALERT_AFTER_NUM_FAILURES",
                "IF",
            ],
        )?;
        expect_eq(p)?;
        match key {
            0 if warehouse.is_none() => warehouse = Some(p.parse_identifier()?),
            1 if schedule.is_none() => {
                let at = p.peek_token();
                let s = parse_string(p)?;
                check_schedule(&s, &at)?;
                schedule = Some(s);
            }
            2 if suspend_after.is_none() => suspend_after = Some(p.parse_literal_uint()?),
            _ => return Ok(duplicate(p, at)?),
        }
    }
    expect_words(p, &["IF"])?;
    p.expect_token(&Token::LParen)?;
    expect_words(p, &["EXISTS"])?;
    p.expect_token(&Token::LParen)?;
    let condition = Box::new(p.parse_statement()?);
    p.expect_token(&Token::RParen)?;
    p.expect_token(&Token::RParen)?;
    expect_words(p, &["THEN"])?;
    let action = Box::new(p.parse_statement()?);
    Ok(SnowflakeStatement::CreateAlert(CreateAlert {
        or_replace,
        if_not_exists,
        name,
        tags,
        warehouse,
        schedule,
        comment,
        suspend_after_failures: suspend_after,
        condition,
        action,
    }))
}

/// A tag value is a string of at most 256 characters [sql/create-alert].
fn check_tag_values(
    tags: &super::task::Tags,
    at: &sqlparser::tokenizer::TokenWithSpan,
) -> Result<(), GrammarError> {
    match tags.iter().find(|(_, v)| v.chars().count() > 256) {
        Some((name, _)) => {
            let msg = format!(
                "tag {name}: a tag value is at most 256 characters [docs.snowflake.com/en/sql-reference/sql/create-alert]"
            );
            Err(GrammarError::at(Code::InvalidValue, msg, at))
        }
        None => Ok(()),
    }
}

/// `'<n> MINUTE'` with 1 <= n <= 11520, or `'USING CRON <expr> <time zone>'`.
fn check_schedule(s: &str, at: &sqlparser::tokenizer::TokenWithSpan) -> Result<(), GrammarError> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let ok = match parts.as_slice() {
        [n, unit]
            if unit.eq_ignore_ascii_case("MINUTE") || unit.eq_ignore_ascii_case("MINUTES") =>
        {
            n.parse::<u64>()
                .is_ok_and(|n| (1..=MAX_SCHEDULE_MINUTES).contains(&n))
        }
        [using, cron, rest @ ..] => {
            using.eq_ignore_ascii_case("USING")
                && cron.eq_ignore_ascii_case("CRON")
                && rest.len() == 6
        }
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let msg = format!(
        "SCHEDULE must be '<1..{MAX_SCHEDULE_MINUTES}> MINUTE' or 'USING CRON <5 fields> <time zone>', not '{s}'"
    );
    Err(GrammarError::at(Code::InvalidValue, msg, at))
}

impl fmt::Display for CreateAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" ALERT")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        super::task::write_tags(f, &self.tags)?;
        if let Some(w) = &self.warehouse {
            write!(f, " WAREHOUSE = {w}")?;
        }
        if let Some(s) = &self.schedule {
            write!(f, " SCHEDULE = {}", Quoted(s))?;
        }
        comment(f, &self.comment)?;
        if let Some(n) = self.suspend_after_failures {
            write!(f, " SUSPEND_ALERT_AFTER_NUM_FAILURES = {n}")?;
        }
        write!(f, " IF (EXISTS ({})) THEN {}", self.condition, self.action)
    }
}

impl fmt::Display for AlterAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER ALERT")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(
            f,
            " {} {}",
            self.name,
            if self.resume { "RESUME" } else { "SUSPEND" }
        )
    }
}
