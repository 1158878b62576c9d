//! Tasks: CREATE TASK, ALTER TASK and EXECUTE TASK [sql/create-task, sql/alter-task,
//! sql/execute-task]. Properties (and the session parameters a task takes) are read through the
//! catalog; the body after AS is a whole statement, validated like any other (`super::check_body`).

use std::fmt;

use sqlparser::ast::{Expr, Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::props::params;
use super::catalog::{Kind, kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, Quoted, eat_words, expect_eq, expect_one_of, expect_words};
use super::words::{PropValue, Property, parse_string, peek_words};
use super::words::{expected_err, flag, or_replace, parse_if_not_exists, parse_or_replace};

const TASK_DOC: &str = "docs.snowflake.com/en/sql-reference/sql/create-task";

/// `[WITH] TAG ( name = 'value' [, ...] )` of a CREATE.
pub type Tags = Vec<(ObjectName, String)>;

/// `CREATE [OR REPLACE | OR ALTER] TASK [IF NOT EXISTS] name [[WITH] TAG (...)] props
/// [AFTER t [, ...]] [WHEN cond] AS statement`, or `CREATE [OR REPLACE] TASK name CLONE source`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateTask {
    pub or_replace: bool,
    pub or_alter: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub tags: Tags,
    pub props: Vec<Property>,
    pub after: Vec<ObjectName>,
    pub when: Option<Expr>,
    pub body: TaskBody,
}

/// What the task runs, or what it is cloned from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskBody {
    /// `AS statement`: the statement, validated.
    Statement(Box<super::Typed>),
    /// `CLONE source`.
    Clone(ObjectName),
}

/// `ALTER TASK [IF EXISTS] name <action>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterTask {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: TaskAction,
}

/// What ALTER TASK does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskAction {
    Resume,
    Suspend,
    AddAfter(Vec<ObjectName>),
    RemoveAfter(Vec<ObjectName>),
    Set(Vec<Property>),
    Unset(Vec<Ident>),
    ModifyAs(Box<super::Typed>),
    ModifyWhen(Box<Expr>),
    RemoveWhen,
}

/// `EXECUTE TASK name [RETRY LAST]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExecuteTask {
    pub name: ObjectName,
    pub retry_last: bool,
}

fn task_kind() -> &'static Kind {
    kind_named("TASK").expect("the catalog lists TASK")
}

fn vocabulary() -> Vocabulary<'static> {
    Vocabulary {
        kind: task_kind(),
        extra: &[params::SESSION],
    }
}

/// Parses CREATE, ALTER or EXECUTE TASK; `text` is the whole statement, whose tail after AS is
/// the body.
pub fn parse(p: &mut Parser, text: &str) -> Result<SnowflakeStatement, GrammarError> {
    match expect_one_of(p, &["CREATE", "ALTER", "EXECUTE"])? {
        0 => parse_create(p, text),
        1 => parse_alter(p, text),
        _ => {
            expect_words(p, &["TASK"])?;
            let name = p.parse_object_name(false)?;
            let retry_last = eat_words(p, &["RETRY", "LAST"]);
            Ok(SnowflakeStatement::ExecuteTask(ExecuteTask {
                name,
                retry_last,
            }))
        }
    }
}

fn parse_create(p: &mut Parser, text: &str) -> Result<SnowflakeStatement, GrammarError> {
    let (or_replace, or_alter) = parse_or_replace(p);
    expect_words(p, &["TASK"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace || or_alter)?;
    let name = p.parse_object_name(false)?;
    if eat_words(p, &["CLONE"]) {
        let source = p.parse_object_name(false)?;
        return Ok(SnowflakeStatement::CreateTask(CreateTask {
            or_replace,
            or_alter,
            if_not_exists,
            name,
            tags: Vec::new(),
            props: Vec::new(),
            after: Vec::new(),
            when: None,
            body: TaskBody::Clone(source),
        }));
    }
    let mut tags = parse_tags(p)?;
    let vocab = vocabulary();
    let schedule_at = schedule_token(p);
    let props = ours::parse_props(p, &vocab, Form::Create)?;
    check_schedule(&props, schedule_at)?;
    if tags.is_empty() {
        tags = parse_tags(p)?;
    }
    let after_at = p.peek_token();
    let after = if eat_words(p, &["AFTER"]) {
        p.parse_comma_separated(|p| p.parse_object_name(false))?
    } else {
        Vec::new()
    };
    // A child task (one with AFTER) runs when its predecessors finish; it has no schedule of its
    // own [sql/create-task "SCHEDULE": "A schedule cannot be specified for child tasks"].
    if !after.is_empty() && props.iter().any(|q| q.is("SCHEDULE")) {
        let msg = format!("a task with AFTER predecessors cannot have a SCHEDULE [{TASK_DOC}]");
        return Err(GrammarError::at(Code::Conflict, msg, &after_at));
    }
    // A finalizer runs after the whole graph; it has no predecessors [sql/create-task "FINALIZE"].
    if !after.is_empty() && props.iter().any(|q| q.is("FINALIZE")) {
        let msg =
            format!("a finalizer task (FINALIZE) cannot have AFTER predecessors [{TASK_DOC}]");
        return Err(GrammarError::at(Code::Conflict, msg, &after_at));
    }
    let when = if eat_words(p, &["WHEN"]) {
        Some(p.parse_expr()?)
    } else {
        None
    };
    expect_words(p, &["AS"])?;
    let body = parse_body(p, text)?;
    Ok(SnowflakeStatement::CreateTask(CreateTask {
        or_replace,
        or_alter,
        if_not_exists,
        name,
        tags,
        props,
        after,
        when,
        body: TaskBody::Statement(body),
    }))
}

fn parse_alter(p: &mut Parser, text: &str) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["TASK"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let vocab = vocabulary();
    let choices = [
        "RESUME", "SUSPEND", "ADD", "REMOVE", "SET", "UNSET", "MODIFY",
    ];
    let action = match expect_one_of(p, &choices)? {
        0 => TaskAction::Resume,
        1 => TaskAction::Suspend,
        2 => {
            expect_words(p, &["AFTER"])?;
            TaskAction::AddAfter(p.parse_comma_separated(|p| p.parse_object_name(false))?)
        }
        3 => {
            if eat_words(p, &["WHEN"]) {
                TaskAction::RemoveWhen
            } else {
                expect_words(p, &["AFTER"])?;
                TaskAction::RemoveAfter(p.parse_comma_separated(|p| p.parse_object_name(false))?)
            }
        }
        4 => {
            let schedule_at = schedule_token(p);
            let props = ours::parse_props(p, &vocab, Form::Set)?;
            check_schedule(&props, schedule_at)?;
            TaskAction::Set(props)
        }
        5 => TaskAction::Unset(ours::parse_unset(p, &vocab)?),
        _ => {
            if expect_one_of(p, &["AS", "WHEN"])? == 0 {
                TaskAction::ModifyAs(parse_body(p, text)?)
            } else {
                TaskAction::ModifyWhen(Box::new(p.parse_expr()?))
            }
        }
    };
    Ok(SnowflakeStatement::AlterTask(AlterTask {
        if_exists,
        name,
        action,
    }))
}

/// The statement after AS, to the end: validated on its own, then consumed.
fn parse_body(p: &mut Parser, text: &str) -> Result<Box<super::Typed>, GrammarError> {
    let start = p.peek_token();
    if matches!(start.token, Token::EOF | Token::SemiColon) {
        return Err(expected_err("a statement after AS", &start).into());
    }
    let body = super::check_body(text, &start)?;
    while !matches!(p.peek_token_ref().token, Token::EOF) {
        p.advance_token();
    }
    Ok(Box::new(body))
}

/// `[WITH] TAG ( name = 'value' [, ...] )`, or nothing.
pub fn parse_tags(p: &mut Parser) -> Result<Tags, GrammarError> {
    let with_tag = peek_words(p, &["WITH", "TAG"]);
    let tag = peek_words(p, &["TAG"]) && matches!(p.peek_nth_token_ref(1).token, Token::LParen);
    if !with_tag && !tag {
        return Ok(Vec::new());
    }
    eat_words(p, &["WITH"]);
    expect_words(p, &["TAG"])?;
    p.expect_token(&Token::LParen)?;
    let tags = p.parse_comma_separated(|p| {
        let name = p.parse_object_name(false)?;
        expect_eq(p)?;
        Ok((name, parse_string(p)?))
    })?;
    p.expect_token(&Token::RParen)?;
    Ok(tags)
}

/// Prints ` WITH TAG (...)` when there are tags.
pub fn write_tags(f: &mut fmt::Formatter<'_>, tags: &Tags) -> fmt::Result {
    if tags.is_empty() {
        return Ok(());
    }
    f.write_str(" WITH TAG (")?;
    for (i, (n, v)) in tags.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{n} = {}", Quoted(v))?;
    }
    f.write_str(")")
}

/// SCHEDULE is `'<n> { SECONDS | MINUTES | HOURS }'` (singular too), or
/// `'USING CRON <5 fields> <time zone>'` [sql/create-task "SCHEDULE"].
fn check_schedule(props: &[Property], at: TokenWithSpan) -> Result<(), GrammarError> {
    let Some(prop) = props.iter().find(|q| q.is("SCHEDULE")) else {
        return Ok(());
    };
    let PropValue::String(s) = &prop.value else {
        return Ok(());
    };
    let parts: Vec<&str> = s.split_whitespace().collect();
    let unit_ok = |unit: &str| {
        ["SECOND", "SECONDS", "MINUTE", "MINUTES", "HOUR", "HOURS"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(unit))
    };
    let ok = match parts.as_slice() {
        [n, unit] => n.parse::<u64>().is_ok_and(|n| n >= 1) && unit_ok(unit),
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
        "SCHEDULE must be '<n> {{ SECONDS | MINUTES | HOURS }}' or 'USING CRON <5 fields> <time zone>', not '{s}' [{TASK_DOC}]"
    );
    Err(GrammarError::at(Code::InvalidValue, msg, &at))
}

/// The token after the first `SCHEDULE =` ahead in the property list (where a bad schedule is
/// reported), or the next token.
fn schedule_token(p: &Parser) -> TokenWithSpan {
    let mut n = 0;
    loop {
        let t = p.peek_nth_token_ref(n);
        match &t.token {
            Token::EOF => return p.peek_token(),
            Token::Word(w)
                if w.value.eq_ignore_ascii_case("SCHEDULE")
                    && matches!(p.peek_nth_token_ref(n + 1).token, Token::Eq) =>
            {
                return p.peek_nth_token_ref(n + 2).clone();
            }
            Token::Word(w) if w.value.eq_ignore_ascii_case("AS") => return p.peek_token(),
            _ => n += 1,
        }
    }
}

impl fmt::Display for CreateTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        f.write_str(" TASK")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        if let TaskBody::Clone(source) = &self.body {
            return write!(f, " CLONE {source}");
        }
        write_tags(f, &self.tags)?;
        for p in &self.props {
            write!(f, " {p}")?;
        }
        if !self.after.is_empty() {
            write!(f, " AFTER {}", Commas(&self.after))?;
        }
        if let Some(w) = &self.when {
            write!(f, " WHEN {w}")?;
        }
        if let TaskBody::Statement(s) = &self.body {
            write!(f, " AS {s}")?;
        }
        Ok(())
    }
}

impl fmt::Display for AlterTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER TASK")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            TaskAction::Resume => f.write_str(" RESUME"),
            TaskAction::Suspend => f.write_str(" SUSPEND"),
            TaskAction::AddAfter(t) => write!(f, " ADD AFTER {}", Commas(t)),
            TaskAction::RemoveAfter(t) => write!(f, " REMOVE AFTER {}", Commas(t)),
            TaskAction::Set(props) => {
                f.write_str(" SET")?;
                for p in props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
            TaskAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
            TaskAction::ModifyAs(s) => write!(f, " MODIFY AS {s}"),
            TaskAction::ModifyWhen(e) => write!(f, " MODIFY WHEN {e}"),
            TaskAction::RemoveWhen => f.write_str(" REMOVE WHEN"),
        }
    }
}

impl fmt::Display for ExecuteTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EXECUTE TASK {}", self.name)?;
        flag(f, self.retry_last, "RETRY LAST")
    }
}
