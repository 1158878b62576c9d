//! CREATE FUNCTION [sql/create-function, sql/create-function-spcs] and the clauses every
//! user-defined function and stored procedure shares [sql/create-procedure]: LANGUAGE, the handler
//! clauses (RUNTIME_VERSION, PACKAGES, IMPORTS, HANDLER, EXTERNAL_ACCESS_INTEGRATIONS, SECRETS,
//! TARGET_PATH...), null handling, VOLATILE | IMMUTABLE, MEMOIZABLE, COMMENT, EXECUTE AS.
//!
//! The `NAME = value` clauses are read through the catalog (`catalog/props/routine.rs`), and so
//! are the rules of which language takes which clause; what the catalog cannot say (a body or a
//! staged handler, the Snowpark package of a procedure, optional arguments last) is checked here.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Span, Token};

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Given, Val, Vocabulary, check};
use super::catalog::props::routine::{HANDLER, LANGUAGES};
use super::catalog::{Kind, kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::procedure::{
    Body, ExecuteAs, NullHandling, ProcedureArg, ProcedureReturns, parse_args, parse_body_text,
    parse_returns, print_args, print_returns,
};
use super::words::{PropValue, Property};
use super::words::{Quoted, comment, eat_words, expect_eq, expect_one_of, expect_words};
use super::words::{
    expected_err, flag, or_replace, parse_comment, parse_if_not_exists, parse_or_replace,
    parse_string, peek_words,
};

const FUNCTION_DOC: &str = "docs.snowflake.com/en/sql-reference/sql/create-function";
const PROCEDURE_DOC: &str = "docs.snowflake.com/en/sql-reference/sql/create-procedure";

/// `VOLATILE` or `IMMUTABLE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Volatility {
    Volatile,
    Immutable,
}

/// The clauses between RETURNS and AS, shared by functions and procedures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RoutineClauses {
    /// Upper-cased, one of SQL, JAVASCRIPT, PYTHON, JAVA, SCALA; `None` when not written (a SQL
    /// function).
    pub language: Option<String>,
    pub null_handling: Option<NullHandling>,
    pub volatility: Option<Volatility>,
    pub memoizable: bool,
    pub comment: Option<String>,
    /// Procedures only.
    pub execute_as: Option<ExecuteAs>,
    /// The `NAME = value` clauses, checked against the catalog, in the order written.
    pub props: Vec<Property>,
    /// `SECRETS = ('variable' = secret_name, ...)`.
    pub secrets: Vec<(String, ObjectName)>,
}

impl RoutineClauses {
    /// The `NAME = value` clause `name`, when given.
    pub fn prop(&self, name: &str) -> Option<&PropValue> {
        self.props.iter().find(|p| p.is(name)).map(|p| &p.value)
    }
}

/// Which statement the clauses belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routine {
    Function { aggregate: bool },
    Procedure,
}

/// Parses the clauses up to `AS` or the end of the statement, and checks them against the
/// catalog's `kind` (FUNCTION or PROCEDURE).
pub fn parse_clauses(
    p: &mut Parser,
    routine: Routine,
    name_at: Span,
) -> Result<RoutineClauses, GrammarError> {
    let function = matches!(routine, Routine::Function { .. });
    let kind: &Kind = kind_named(if function { "FUNCTION" } else { "PROCEDURE" })
        .expect("FUNCTION and PROCEDURE are catalog kinds");
    let vocab = Vocabulary {
        kind,
        extra: &[HANDLER],
    };
    let mut c = RoutineClauses::default();
    let mut given = Vec::new();
    let mut language_at = name_at;
    let at_end = |p: &Parser| {
        matches!(p.peek_token_ref().token, Token::EOF | Token::SemiColon) || peek_words(p, &["AS"])
    };
    while !at_end(p) {
        let at = p.peek_token();
        if c.language.is_none() && eat_words(p, &["LANGUAGE"]) {
            language_at = p.peek_token_ref().span;
            let i = expect_one_of(p, LANGUAGES)?;
            c.language = Some(LANGUAGES[i].to_string());
        } else if c.null_handling.is_none() && eat_words(p, &["CALLED", "ON", "NULL", "INPUT"]) {
            c.null_handling = Some(NullHandling::CalledOnNullInput);
        } else if c.null_handling.is_none()
            && eat_words(p, &["RETURNS", "NULL", "ON", "NULL", "INPUT"])
        {
            c.null_handling = Some(NullHandling::ReturnsNullOnNullInput);
        } else if c.null_handling.is_none() && eat_words(p, &["STRICT"]) {
            c.null_handling = Some(NullHandling::Strict);
        } else if c.volatility.is_none() && eat_words(p, &["VOLATILE"]) {
            c.volatility = Some(Volatility::Volatile);
        } else if c.volatility.is_none() && eat_words(p, &["IMMUTABLE"]) {
            c.volatility = Some(Volatility::Immutable);
        } else if function && !c.memoizable && eat_words(p, &["MEMOIZABLE"]) {
            c.memoizable = true;
            given.push(flag_given("MEMOIZABLE", at.span));
        } else if c.comment.is_none() && peek_words(p, &["COMMENT"]) {
            c.comment = parse_comment(p)?;
        } else if !function && c.execute_as.is_none() && eat_words(p, &["EXECUTE", "AS"]) {
            c.execute_as = Some(parse_execute_as(p)?);
        } else if c.secrets.is_empty() && eat_words(p, &["SECRETS"]) {
            c.secrets = parse_secrets(p)?;
            let vars: Vec<&String> = c.secrets.iter().map(|(v, _)| v).collect();
            if let Some(v) = vars
                .iter()
                .enumerate()
                .find_map(|(i, v)| vars[..i].contains(v).then_some(v))
            {
                let message =
                    format!("secret variable '{v}' is given twice in SECRETS [{FUNCTION_DOC}]");
                return Err(GrammarError::at(Code::Conflict, message, &at));
            }
            given.push(Given {
                name: "SECRETS".into(),
                value: Val::Nested,
                name_at: at.span,
                value_at: at.span,
            });
        } else if matches!(at.token, Token::Word(_))
            && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
        {
            let name = p.parse_identifier()?;
            expect_eq(p)?;
            let value_at = p.peek_token_ref().span;
            let value = PropValue::parse(p)?;
            given.push(Given {
                name: name.value.clone(),
                value: ours::val(&value),
                name_at: at.span,
                value_at,
            });
            c.props.push(Property { name, value });
        } else {
            let what = if function {
                "LANGUAGE, a handler clause (NAME = value), CALLED ON NULL INPUT, RETURNS NULL ON NULL INPUT, STRICT, VOLATILE, IMMUTABLE, MEMOIZABLE, COMMENT or AS"
            } else {
                "LANGUAGE, a handler clause (NAME = value), CALLED ON NULL INPUT, RETURNS NULL ON NULL INPUT, STRICT, COMMENT, EXECUTE AS or AS"
            };
            return Err(expected_err(what, &at).into());
        }
    }
    if let Routine::Function { aggregate: true } = routine {
        given.push(flag_given("AGGREGATE", name_at));
    }
    // A function without LANGUAGE is a SQL function; the language rules apply to it as such.
    let language = c.language.clone().or(function.then(|| "SQL".to_string()));
    if let Some(l) = language {
        given.push(Given {
            name: "LANGUAGE".into(),
            value: Val::Word(l),
            name_at: language_at,
            value_at: language_at,
        });
    }
    check(&vocab, Form::Create, &given)?;
    Ok(c)
}

fn flag_given(name: &str, at: Span) -> Given {
    Given {
        name: name.into(),
        value: Val::Bool(true),
        name_at: at,
        value_at: at,
    }
}

/// `OWNER | CALLER | RESTRICTED CALLER` after `EXECUTE AS`.
pub fn parse_execute_as(p: &mut Parser) -> Result<ExecuteAs, GrammarError> {
    Ok(
        match expect_one_of(p, &["OWNER", "CALLER", "RESTRICTED"])? {
            0 => ExecuteAs::Owner,
            1 => ExecuteAs::Caller,
            _ => {
                expect_words(p, &["CALLER"])?;
                ExecuteAs::RestrictedCaller
            }
        },
    )
}

/// `= ( 'variable' = secret_name [, ...] )` after SECRETS.
pub fn parse_secrets(p: &mut Parser) -> Result<Vec<(String, ObjectName)>, GrammarError> {
    expect_eq(p)?;
    p.expect_token(&Token::LParen)?;
    if p.consume_token(&Token::RParen) {
        return Ok(Vec::new());
    }
    let secrets = p.parse_comma_separated(|p| {
        let var = parse_string(p)?;
        expect_eq(p)?;
        Ok((var, p.parse_object_name(false)?))
    })?;
    p.expect_token(&Token::RParen)?;
    Ok(secrets)
}

/// Optional arguments (with DEFAULT) come after the required ones [sql/create-function,
/// sql/create-procedure: "arguments with default values must follow required arguments"].
pub fn check_defaults_last(args: &[ProcedureArg], doc: &str) -> Result<(), GrammarError> {
    let mut seen_default: Option<&Ident> = None;
    for a in args {
        match (&a.default, seen_default) {
            (Some(_), _) => seen_default = Some(&a.name),
            (None, Some(d)) => {
                let message = format!(
                    "argument {} has no DEFAULT but follows optional argument {}; optional arguments come after the required ones [{doc}]",
                    a.name, d
                );
                return Err(GrammarError {
                    code: Code::Conflict,
                    message,
                    at: a.name.span,
                });
            }
            (None, None) => {}
        }
    }
    Ok(())
}

/// How Snowflake compares two identifiers: unquoted ones in upper case, quoted ones as written.
fn normal(id: &Ident) -> String {
    match id.quote_style {
        None => id.value.to_ascii_uppercase(),
        Some(_) => id.value.clone(),
    }
}

/// No name twice among a routine's arguments or its returned table's columns [sql/create-function,
/// sql/create-procedure].
pub fn check_unique_names(
    args: &[ProcedureArg],
    returns: &ProcedureReturns,
    doc: &str,
) -> Result<(), GrammarError> {
    let columns: Vec<&Ident> = match returns {
        ProcedureReturns::Table(cols) => cols.iter().map(|(c, _)| c).collect(),
        ProcedureReturns::Type(_) => Vec::new(),
    };
    let lists = [
        ("argument", args.iter().map(|a| &a.name).collect::<Vec<_>>()),
        ("returned column", columns),
    ];
    for (what, names) in lists {
        for (i, n) in names.iter().enumerate() {
            if names[..i].iter().any(|m| normal(m) == normal(n)) {
                return Err(GrammarError {
                    code: Code::Conflict,
                    message: format!("{what} {n} is named twice [{doc}]"),
                    at: n.span,
                });
            }
        }
    }
    Ok(())
}

/// The body after AS, or `None` at the end of the statement. A SQL or JavaScript routine needs
/// one; a Python, Java or Scala routine without one has its handler on a stage, named by IMPORTS.
pub fn parse_body(
    p: &mut Parser,
    clauses: &RoutineClauses,
    doc: &str,
) -> Result<Option<String>, GrammarError> {
    if eat_words(p, &["AS"]) {
        return Ok(Some(parse_body_text(p)?));
    }
    let inline = matches!(
        clauses.language.as_deref(),
        None | Some("SQL" | "JAVASCRIPT")
    );
    let service = clauses.prop("SERVICE").is_some();
    if inline || (!service && clauses.prop("IMPORTS").is_none()) {
        let what = if inline {
            "AS and the body".to_string()
        } else {
            format!("AS and the handler code, or IMPORTS naming the staged handler [{doc}]")
        };
        return Err(expected_err(&what, p.peek_token_ref()).into());
    }
    Ok(None)
}

/// A Python, Java or Scala procedure runs on Snowpark: its PACKAGES lists the Snowpark library
/// (`snowflake-snowpark-python`, `com.snowflake:snowpark`) [sql/create-procedure].
pub fn check_snowpark(p: &Parser, clauses: &RoutineClauses) -> Result<(), GrammarError> {
    let package = match clauses.language.as_deref() {
        Some("PYTHON") => "snowflake-snowpark-python",
        Some("JAVA" | "SCALA") => "com.snowflake:snowpark",
        _ => return Ok(()),
    };
    let Some(PropValue::List(items)) = clauses.prop("PACKAGES") else {
        return Ok(());
    };
    let listed = items.iter().any(
        |i| matches!(i, PropValue::String(s) if s.trim().to_ascii_lowercase().starts_with(package)),
    );
    if listed {
        return Ok(());
    }
    let at = clauses
        .props
        .iter()
        .find(|p| p.is("PACKAGES"))
        .map_or(p.peek_token_ref().span, |p| p.name.span);
    Err(GrammarError {
        code: Code::Conflict,
        message: format!(
            "a {} procedure's PACKAGES must include '{package}' (the Snowpark library) [{PROCEDURE_DOC}]",
            clauses.language.as_deref().unwrap_or_default()
        ),
        at,
    })
}

impl fmt::Display for RoutineClauses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = &self.language {
            write!(f, " LANGUAGE {l}")?;
        }
        for p in &self.props {
            write!(f, " {p}")?;
        }
        if !self.secrets.is_empty() {
            f.write_str(" SECRETS = (")?;
            for (i, (var, secret)) in self.secrets.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{} = {secret}", Quoted(var))?;
            }
            f.write_str(")")?;
        }
        if let Some(n) = self.null_handling {
            write!(f, " {n}")?;
        }
        match self.volatility {
            Some(Volatility::Volatile) => f.write_str(" VOLATILE")?,
            Some(Volatility::Immutable) => f.write_str(" IMMUTABLE")?,
            None => {}
        }
        flag(f, self.memoizable, "MEMOIZABLE")?;
        comment(f, &self.comment)?;
        match self.execute_as {
            Some(ExecuteAs::Owner) => f.write_str(" EXECUTE AS OWNER"),
            Some(ExecuteAs::Caller) => f.write_str(" EXECUTE AS CALLER"),
            Some(ExecuteAs::RestrictedCaller) => f.write_str(" EXECUTE AS RESTRICTED CALLER"),
            None => Ok(()),
        }
    }
}

/// `CREATE [OR REPLACE | OR ALTER] [TEMP | TEMPORARY] [SECURE] [AGGREGATE] FUNCTION
/// [IF NOT EXISTS] name (args) [COPY GRANTS] RETURNS { type | TABLE (...) } [[NOT] NULL]
/// clauses [AS body]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateFunction {
    pub or_replace: bool,
    pub or_alter: bool,
    pub temporary: bool,
    pub secure: bool,
    pub aggregate: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub args: Vec<ProcedureArg>,
    pub copy_grants: bool,
    pub returns: ProcedureReturns,
    /// `Some(true)` for NOT NULL, `Some(false)` for NULL.
    pub not_null: Option<bool>,
    pub clauses: RoutineClauses,
    /// `None` for a staged handler (IMPORTS) or a service function without a body.
    pub body: Option<String>,
}

/// Parses CREATE FUNCTION.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let temporary = eat_words(p, &["TEMP"]) || eat_words(p, &["TEMPORARY"]);
    let secure = eat_words(p, &["SECURE"]);
    let aggregate = eat_words(p, &["AGGREGATE"]);
    expect_words(p, &["FUNCTION"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name_at = p.peek_token_ref().span;
    let name = p.parse_object_name(false)?;
    let args = parse_args(p)?;
    check_defaults_last(&args, FUNCTION_DOC)?;
    let copy_grants = eat_words(p, &["COPY", "GRANTS"]);
    expect_words(p, &["RETURNS"])?;
    let returns = parse_returns(p)?;
    check_unique_names(&args, &returns, FUNCTION_DOC)?;
    let not_null = if eat_words(p, &["NOT", "NULL"]) {
        Some(true)
    } else if eat_words(p, &["NULL"]) {
        Some(false)
    } else {
        None
    };
    let clauses = parse_clauses(p, Routine::Function { aggregate }, name_at)?;
    let body = parse_body(p, &clauses, FUNCTION_DOC)?;
    Ok(SnowflakeStatement::CreateFunction(CreateFunction {
        or_replace,
        or_alter,
        temporary,
        secure,
        aggregate,
        if_not_exists,
        name,
        args,
        copy_grants,
        returns,
        not_null,
        clauses,
        body,
    }))
}

impl fmt::Display for CreateFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        flag(f, self.temporary, "TEMPORARY")?;
        flag(f, self.secure, "SECURE")?;
        flag(f, self.aggregate, "AGGREGATE")?;
        f.write_str(" FUNCTION")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}(", self.name)?;
        print_args(f, &self.args)?;
        f.write_str(")")?;
        flag(f, self.copy_grants, "COPY GRANTS")?;
        print_returns(f, &self.returns)?;
        match self.not_null {
            Some(true) => f.write_str(" NOT NULL")?,
            Some(false) => f.write_str(" NULL")?,
            None => {}
        }
        write!(f, "{}", self.clauses)?;
        match &self.body {
            Some(b) => write!(f, " AS {}", Body(b)),
            None => Ok(()),
        }
    }
}
