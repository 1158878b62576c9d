//! The SQL validator: every statement the compiler emits (and every statement a DBA lints) is
//! parsed to a typed statement before it can reach Snowflake.
//!
//! A script is split into statements ([`split`]), each statement is tokenized once with
//! sqlparser's Snowflake tokenizer, and its leading keywords decide who parses it: sqlparser
//! for the kinds it supports, our grammar (written on sqlparser's `Parser` primitives) for the
//! Snowflake kinds it lacks. Statements are validated in parallel (rayon).
//!
//! # Public API
//! - [`validate_script`] / [`validate_script_named`]: a whole script to a [`ScriptReport`]: one
//!   [`Checked`] per valid statement, one [`SqlError`] per invalid one, in script order.
//! - [`check_script`] / [`check_script_named`]: the same validation, verdict only: a
//!   [`CheckReport`] (count of valid statements, the same diagnostics), no trees kept. Each tree is
//!   dropped on the thread that built it, right after parsing; `build` uses this.
//! - [`validate_statement`]: one statement to a [`Typed`].
//! - [`Typed`]: `Sql(Box<sqlparser::ast::Statement>)` or `Snowflake(Box<`[`SnowflakeStatement`]`>)`, with
//!   `kind()` and `Display` (canonical SQL).
//! - [`SqlError`]: a `miette::Diagnostic` with a stable [`Code`] (`SQL001`...), the message, the
//!   line and column in the script, the statement text and a label; [`render`] prints it plainly.
//! - [`ast`]: our statement types, all fields `pub` for the audit.
//!
//! # Checks beyond syntax
//! Row access policies return BOOLEAN (SQL005); masking policies return their first argument's
//! type (SQL006); resource monitor trigger limits (SQL007); external function header names and
//! context functions (SQL008); `$$` inside a `$$` body (SQL003); identifiers of more than 255
//! characters in any statement (SQL004); values Snowflake rejects (SQL009).

mod alert;
mod alter_object;
pub mod ast;
mod caller_grant;
pub mod catalog;
mod create_tags;
mod database_role;
mod describe;
mod diagnostic;
mod drop;
mod external_function;
mod future_grant;
mod gate;
mod grammar;
pub(crate) mod grant;
mod integration;
mod network;
mod policy;
mod policy_attach;
mod procedure;
mod property_object;
mod resource_monitor;
mod role;
mod route;
mod routine;
mod schema;
pub mod split;
mod stream;
mod tag;
mod task;
mod user_policy;
mod view;
mod view_create;
mod warehouse;
mod words;

use std::fmt;

use rayon::prelude::*;
use sqlparser::ast::Statement;
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer};

pub use ast::SnowflakeStatement;
pub use diagnostic::{Code, SqlError, StatementSource, render};
use grammar::GrammarError;
pub use policy::type_family;

/// Snowflake's limit on an identifier's length, quoted or not [sql-reference/identifiers-syntax].
pub const MAX_IDENTIFIER_CHARS: usize = 255;

static DIALECT: SnowflakeDialect = SnowflakeDialect {};

/// A parsed statement: sqlparser's, or ours for the kinds sqlparser lacks.
///
/// Both are boxed: sqlparser's `Statement` is about 3.5 KB by value, and moving 200,000 of them
/// through the parallel collection cost more than parsing them (measured in the bench).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Typed {
    Sql(Box<Statement>),
    Snowflake(Box<SnowflakeStatement>),
}

impl Typed {
    /// The statement kind: sqlparser's `Statement` variant name (`Grant`, `CreateRole`...) or
    /// ours (`CreateResourceMonitor`...).
    pub fn kind(&self) -> String {
        match self {
            Self::Sql(s) => variant_name(s),
            Self::Snowflake(s) => s.kind().to_string(),
        }
    }
}

impl fmt::Display for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sql(s) => s.fmt(f),
            Self::Snowflake(s) => s.fmt(f),
        }
    }
}

/// A valid statement and where it is in the script.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Byte offset of the statement in the script.
    pub offset: usize,
    /// 1-based line of its first character.
    pub line: usize,
    /// 1-based column of its first character.
    pub col: usize,
    /// The statement text as written (without the `;`).
    pub text: String,
    /// The parsed statement.
    pub stmt: Typed,
}

/// The outcome of validating a script.
#[derive(Debug, Clone, Default)]
pub struct ScriptReport {
    /// Valid statements, in script order.
    pub statements: Vec<Checked>,
    /// One diagnostic per invalid statement, in script order.
    pub diagnostics: Vec<SqlError>,
}

impl ScriptReport {
    /// True when no statement was rejected.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// How many valid statements of each kind, sorted by kind.
    pub fn kind_counts(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for c in &self.statements {
            *counts.entry(c.stmt.kind()).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }
}

/// The verdict on a script, without its statements' trees.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// How many statements are valid.
    pub valid: usize,
    /// One diagnostic per invalid statement, in script order (the same as [`validate_script`]'s).
    pub diagnostics: Vec<SqlError>,
}

impl CheckReport {
    /// True when no statement was rejected.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

/// Validates every statement of `src` (named `<script>` in diagnostics), keeping no trees.
pub fn check_script(src: &str) -> CheckReport {
    check_script_named("<script>", src)
}

/// Validates every statement of `src` like [`validate_script_named`] but keeps only the verdict:
/// each statement's tree is dropped as soon as it is parsed, on the thread that parsed it, so
/// memory stays flat and no tree crosses threads.
pub fn check_script_named(name: &str, src: &str) -> CheckReport {
    let pieces = split::split(src);
    let diagnostics: Vec<SqlError> = pieces
        .par_iter()
        .filter_map(|p| {
            check_text(p.text, p)
                .err()
                .map(|e| to_sql_error(name, p, e))
        })
        .collect();
    CheckReport {
        valid: pieces.len() - diagnostics.len(),
        diagnostics,
    }
}

/// Validates every statement of `src` (named `<script>` in diagnostics).
pub fn validate_script(src: &str) -> ScriptReport {
    validate_script_named("<script>", src)
}

/// Validates every statement of `src`; `name` (usually the file path) appears in diagnostics.
/// Everything is kept, so nothing is gained by pipelining: one parallel pass, no extra thread
/// (this also serves `validate_statement`, called once per statement).
pub fn validate_script_named(name: &str, src: &str) -> ScriptReport {
    let mut report = ScriptReport::default();
    for r in parse_pieces(name, &split::split(src)) {
        match r {
            Ok(c) => report.statements.push(c),
            Err(e) => report.diagnostics.push(e),
        }
    }
    report
}

/// Parses `pieces` in parallel, results in script order.
fn parse_pieces(name: &str, pieces: &[split::Piece<'_>]) -> Vec<Result<Checked, SqlError>> {
    pieces.par_iter().map(|p| check_piece(name, p)).collect()
}

/// Statements parsed at once by [`visit_script_named`]: enough to keep both cores busy, few enough
/// that their trees stay a few megabytes.
const VISIT_CHUNK: usize = 2048;

/// Validates `src` like [`validate_script_named`], handing each valid statement to `visit` in script
/// order instead of keeping it. Statements are parsed a chunk at a time on the thread pool while
/// `visit` folds the previous chunk on the calling thread, whose stack deep trees (a cross-tenant
/// view's thousand-branch UNION) need; a caller that folds them (the audit's model) never holds more
/// than three chunks of trees. Returns the diagnostics.
pub fn visit_script_named(name: &str, src: &str, mut visit: impl FnMut(Checked)) -> Vec<SqlError> {
    let pieces = split::split(src);
    let mut diagnostics = Vec::new();
    if pieces.len() <= VISIT_CHUNK {
        // One chunk: nothing to overlap, so no thread (a 10,000-tenant package has 10,000 small
        // offboarding scripts, and a thread each was a tenth of `docs`' system time).
        for r in parse_pieces(name, &pieces) {
            match r {
                Ok(c) => visit(c),
                Err(e) => diagnostics.push(e),
            }
        }
        return diagnostics;
    }
    std::thread::scope(|scope| {
        let (parsed, chunks) = std::sync::mpsc::sync_channel::<Vec<Result<Checked, SqlError>>>(1);
        let pieces = &pieces;
        scope.spawn(move || {
            for chunk in pieces.chunks(VISIT_CHUNK) {
                if parsed.send(parse_pieces(name, chunk)).is_err() {
                    return;
                }
            }
        });
        for results in chunks {
            for r in results {
                match r {
                    Ok(c) => visit(c),
                    Err(e) => diagnostics.push(e),
                }
            }
        }
    });
    diagnostics
}

/// Validates a single statement (a trailing `;` is allowed). Positions are within `text`.
pub fn validate_statement(text: &str) -> Result<Typed, SqlError> {
    let mut report = validate_script_named("<statement>", text);
    if let Some(e) = report.diagnostics.into_iter().next() {
        return Err(e);
    }
    match report.statements.len() {
        1 => Ok(report.statements.remove(0).stmt),
        n => {
            let piece = split::Piece {
                text,
                offset: 0,
                line: 1,
                col: 1,
                unterminated: None,
            };
            let msg = format!("expected exactly one statement, found {n}");
            let err = GrammarError {
                code: Code::Syntax,
                message: msg,
                at: Span::empty(),
            };
            Err(to_sql_error("<statement>", &piece, err))
        }
    }
}

fn check_piece(name: &str, piece: &split::Piece<'_>) -> Result<Checked, SqlError> {
    check_text(piece.text, piece)
        .map(|stmt| Checked {
            offset: piece.offset,
            line: piece.line,
            col: piece.col,
            text: piece.text.to_string(),
            stmt,
        })
        .map_err(|e| to_sql_error(name, piece, e))
}

fn check_text(text: &str, piece: &split::Piece<'_>) -> Result<Typed, GrammarError> {
    if let Some(open) = piece.unterminated {
        let rel = open.offset - piece.offset;
        let (line, col) = split::line_col(text, rel);
        let at = Span::new(Location::new(line as u64, col as u64), Location::empty());
        // A `$$` inside a `$$` body closes the body early, and what follows it (often a quote)
        // then runs to the end of the script. A `$$` in a comment is not a body.
        if open.after_dollar_body {
            let message =
                "`$$` inside a `$$` body ends the body early; use a single-quoted body".into();
            return Err(GrammarError {
                code: Code::DollarInBody,
                message,
                at,
            });
        }
        let message = format!("unterminated {}", open.what);
        return Err(GrammarError {
            code: Code::Lexical,
            message,
            at,
        });
    }
    let mut tokens = Tokenizer::new(&DIALECT, text)
        .tokenize_with_location()
        .map_err(|e| GrammarError {
            code: Code::Lexical,
            message: e.message,
            at: Span::new(e.location, e.location),
        })?;
    check_identifier_lengths(&tokens)?;
    gate::gate(&tokens)?;
    create_tags::strip(&mut tokens)?;
    let family = route::route(&tokens);
    let mut parser = Parser::new(&DIALECT).with_tokens_with_locations(tokens);
    match family {
        Some(f) => grammar::parse(f, &mut parser, text).map(|s| Typed::Snowflake(Box::new(s))),
        None => {
            let start = parser.peek_token().span;
            let mut stmt = parser.parse_statement()?;
            // `DECLARE ... BEGIN ... END`: sqlparser reads the declarations and stops at the
            // block they belong to (docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks);
            // the block is read as the statement it is, both checked.
            if matches!(stmt, sqlparser::ast::Statement::Declare { .. })
                && (words::peek_words(&parser, &["BEGIN"])
                    || (parser.peek_token_ref().token == Token::SemiColon
                        && words::is_word(&parser.peek_nth_token_ref(1).token, "BEGIN")))
            {
                let _ = parser.consume_token(&Token::SemiColon);
                stmt = parser.parse_statement()?;
            }
            words::expect_end(&mut parser)?;
            snowflake_only(&stmt, start)?;
            catalog::sql_trees::check_statement(&stmt, text)?;
            Ok(Typed::Sql(Box::new(stmt)))
        }
    }
}

/// How deeply statement bodies (a task's AS) may nest: a task whose body creates a task is
/// plausible, a thousand of them is an attack on the stack.
const MAX_BODY_DEPTH: u8 = 4;

thread_local! {
    static BODY_DEPTH: std::cell::Cell<u8> = const { std::cell::Cell::new(0) };
}

/// Validates the statement that starts at `start` in `text` and runs to its end (a task's body
/// after AS) like a statement of its own; positions in an error are moved back into `text`.
fn check_body(text: &str, start: &TokenWithSpan) -> Result<Typed, GrammarError> {
    let at = start.span.start;
    let depth = BODY_DEPTH.with(|d| d.get());
    if depth >= MAX_BODY_DEPTH {
        let message = format!("statement bodies nest more than {MAX_BODY_DEPTH} deep");
        return Err(GrammarError::at(Code::Syntax, message, start));
    }
    let body = &text[byte_offset(text, at)..];
    let piece = split::Piece {
        text: body,
        offset: 0,
        line: 1,
        col: 1,
        unterminated: None,
    };
    BODY_DEPTH.with(|d| d.set(depth + 1));
    let result = check_text(body, &piece);
    BODY_DEPTH.with(|d| d.set(depth));
    let shift = |l: Location| {
        if l.line == 0 {
            l
        } else if l.line == 1 {
            Location::new(at.line, at.column + l.column - 1)
        } else {
            Location::new(at.line + l.line - 1, l.column)
        }
    };
    result.map_err(|mut e| {
        e.at = Span::new(shift(e.at.start), shift(e.at.end));
        e
    })
}

/// Forms sqlparser reads for other dialects that Snowflake does not have. `GRANT r TO ...` without
/// the `ROLE` keyword is PostgreSQL's; sqlparser reads `GRANT ROLE TO USER u` (a role name
/// missing) as granting a role named ROLE. Snowflake writes `GRANT ROLE <name> TO { ROLE | USER } ...`
/// (docs.snowflake.com/en/sql-reference/sql/grant-role).
fn snowflake_only(stmt: &sqlparser::ast::Statement, start: Span) -> Result<(), GrammarError> {
    use sqlparser::ast::Statement;
    let message = match stmt {
        Statement::GrantRole(_) => {
            "a role grant is `GRANT ROLE <name> TO { ROLE | USER } <grantee>`"
        }
        Statement::RevokeRole(_) => {
            "a role revoke is `REVOKE ROLE <name> FROM { ROLE | USER } <grantee>`"
        }
        _ => return Ok(()),
    };
    Err(GrammarError {
        code: Code::Syntax,
        message: message.into(),
        at: start,
    })
}

/// Every identifier part, in every statement kind, within Snowflake's 255 characters.
fn check_identifier_lengths(tokens: &[TokenWithSpan]) -> Result<(), GrammarError> {
    for t in tokens {
        if let Token::Word(w) = &t.token
            && w.value.len() > MAX_IDENTIFIER_CHARS
            && w.value.chars().count() > MAX_IDENTIFIER_CHARS
        {
            let message = format!(
                "identifier of {} characters; Snowflake allows at most {MAX_IDENTIFIER_CHARS}",
                w.value.chars().count()
            );
            return Err(GrammarError {
                code: Code::IdentifierTooLong,
                message,
                at: t.span,
            });
        }
    }
    Ok(())
}

/// Moves a statement-relative position into the script and builds the diagnostic.
fn to_sql_error(name: &str, piece: &split::Piece<'_>, e: GrammarError) -> SqlError {
    let text = piece.text;
    let start = if e.at.start.line == 0 {
        text.len()
    } else {
        byte_offset(text, e.at.start)
    };
    let end = if e.at.end.line == 0 {
        start
    } else {
        byte_offset(text, e.at.end)
    };
    let len = if end > start {
        end - start
    } else {
        token_len(&text[start..])
    };
    let (line, col) = split::line_col(text, start);
    let (line, col) = if line == 1 {
        (piece.line, piece.col + col - 1)
    } else {
        (piece.line + line - 1, col)
    };
    SqlError {
        code: e.code,
        message: e.message,
        line,
        col,
        span: (piece.offset + start, len),
        statement: Box::new(StatementSource {
            name: name.to_string(),
            text: text.to_string(),
            offset: piece.offset,
            line: piece.line,
            col: piece.col,
        }),
    }
}

/// Byte offset in `text` of a 1-based (line, character column) location, clamped to the text.
fn byte_offset(text: &str, at: Location) -> usize {
    let mut line = 1;
    let mut col = 1;
    for (i, c) in text.char_indices() {
        if line as u64 == at.line && col as u64 == at.column {
            return i;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    text.len()
}

/// Length of the token starting `rest`, for labels when only a start position is known.
fn token_len(rest: &str) -> usize {
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .map(char::len_utf8)
        .sum();
    if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    }
}

/// `Statement`'s variant name, read from the start of its Debug output without formatting the
/// whole (possibly large) statement.
fn variant_name(s: &Statement) -> String {
    struct Prefix(String);
    impl fmt::Write for Prefix {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match s.find(|c: char| !(c.is_alphanumeric() || c == '_')) {
                Some(i) => {
                    self.0.push_str(&s[..i]);
                    Err(fmt::Error)
                }
                None => {
                    self.0.push_str(s);
                    Ok(())
                }
            }
        }
    }
    let mut p = Prefix(String::new());
    let _ = fmt::write(&mut p, format_args!("{s:?}"));
    p.0
}
