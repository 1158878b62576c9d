//! The validator's diagnostic: a stable code, a message, the statement and where it is.

use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

/// Stable diagnostic codes. Each one is a documented value: tests snapshot one fixture per code
/// under `tests/sql/invalid/`, and tools may match on the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// SQL001 - the statement does not follow Snowflake's grammar (reported by sqlparser for the
    /// kinds it supports, by our grammar for the others).
    Syntax,
    /// SQL002 - a string, quoted identifier, `$$` body or comment is never closed, or the
    /// tokenizer met a character it cannot read.
    Lexical,
    /// SQL003 - `$$` inside a `$$` body: Snowflake has no escape inside dollar quoting, so the
    /// body ends early. Use a single-quoted body with `''` and `\\` escaping instead.
    DollarInBody,
    /// SQL004 - an identifier part longer than 255 characters, Snowflake's limit.
    IdentifierTooLong,
    /// SQL005 - a row access policy must return BOOLEAN.
    RowAccessPolicyReturn,
    /// SQL006 - a masking policy must return the type of its first argument.
    MaskingPolicyReturn,
    /// SQL007 - a resource monitor allows at most one SUSPEND, one SUSPEND_IMMEDIATE and five
    /// NOTIFY triggers.
    TriggerLimit,
    /// SQL008 - an external function header Snowflake cannot send: a header name with `_`, a
    /// space or one of `( ) , / : ; < > = " ? @ [ ] \ { }`, or an unsupported context function.
    ExternalFunctionHeader,
    /// SQL009 - a value outside what Snowflake accepts (FREQUENCY without START_TIMESTAMP, a
    /// malformed CIDR, an alert schedule over 11520 minutes...).
    InvalidValue,
    /// SQL010 - a statement kind Snowflake has but snowtenant does not check yet (e.g. CREATE
    /// PIPE); `lint --allow-unsupported` reports it as a warning instead of rejecting it.
    Unsupported,
    /// SQL011 - a property the object kind does not have, or cannot take in this form (SET,
    /// UNSET, at CREATE), per the catalog.
    UnknownProperty,
    /// SQL012 - properties or clauses that exclude or constrain each other (MIN_CLUSTER_COUNT above
    /// MAX_CLUSTER_COUNT, a Snowpark-optimized warehouse with a standard generation...).
    Conflict,
}

impl Code {
    /// The stable text form, e.g. `SQL001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "SQL001",
            Self::Lexical => "SQL002",
            Self::DollarInBody => "SQL003",
            Self::IdentifierTooLong => "SQL004",
            Self::RowAccessPolicyReturn => "SQL005",
            Self::MaskingPolicyReturn => "SQL006",
            Self::TriggerLimit => "SQL007",
            Self::ExternalFunctionHeader => "SQL008",
            Self::InvalidValue => "SQL009",
            Self::Unsupported => "SQL010",
            Self::UnknownProperty => "SQL011",
            Self::Conflict => "SQL012",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    /// Stable code.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// 1-based line in the script of the offending token.
    pub line: usize,
    /// 1-based column (characters) in the script of the offending token.
    pub col: usize,
    /// Byte range in the script of the offending token (the label).
    pub span: (usize, usize),
    /// The statement, as it appears in the script, and where it starts.
    pub statement: Box<StatementSource>,
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.col
        )
    }
}

impl std::error::Error for SqlError {}

impl Diagnostic for SqlError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.statement)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, len) = self.span;
        let label =
            LabeledSpan::new_with_span(Some("here".into()), SourceSpan::new(start.into(), len));
        Some(Box::new(std::iter::once(label)))
    }
}

/// A statement's text plus its place in the script, so miette prints script line numbers
/// while we keep only the statement (not the whole script) in each diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementSource {
    /// The file (or `<script>`) the statement came from.
    pub name: String,
    /// The statement text.
    pub text: String,
    /// Byte offset of the statement in the script.
    pub offset: usize,
    /// 1-based line of the statement's first character.
    pub line: usize,
    /// 1-based column of the statement's first character.
    pub col: usize,
}

impl SourceCode for StatementSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let rel = span
            .offset()
            .saturating_sub(self.offset)
            .min(self.text.len());
        let len = span.len().min(self.text.len() - rel);
        let inner =
            self.text
                .as_str()
                .read_span(&SourceSpan::new(rel.into(), len), before, after)?;
        let column = if inner.line() == 0 {
            inner.column() + self.col - 1
        } else {
            inner.column()
        };
        let shifted = SourceSpan::new(
            (inner.span().offset() + self.offset).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            shifted,
            inner.line() + self.line - 1,
            column,
            inner.line_count(),
        )))
    }
}

/// Renders diagnostics as plain text (no colour, fixed width) for snapshots and the CLI.
pub fn render(err: &SqlError) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
    let mut out = String::new();
    match handler.render_report(&mut out, err) {
        Ok(()) => out,
        // Rendering only fails on a broken span; fall back to the one-line form.
        Err(_) => format!("{}: {err}", err.code),
    }
}
