//! Diagnostics on a spec: a stable code, a message, labelled places in the file, and a hint.
//!
//! Rendered with miette, so each reads `file:line:column` with the offending snippet underlined.

pub mod codes;

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::spec::Span;

/// A spec file's name (as given on the command line) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let upto = &self.text[..offset.min(self.text.len())];
        let line = upto.matches('\n').count() + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `SPEC011`; documented in `docs/diagnostics.md`.
    pub code: &'static str,
    pub message: String,
    /// Places in the spec, the first one primary.
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(
            codes::lookup(code).is_some(),
            "{code} is not in the diagnostic registry (src/diag/codes.rs)"
        );
        Diagnostic {
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders for a terminal (`color`) or for logs and snapshots (plain).
    pub fn render(&self, source: &SourceFile, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false);
        let report = Report {
            diag: self,
            source: NamedSource::new(&source.name, source.text.clone()),
        };
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            out = format!("{}: {}", self.code, self.message);
        }
        out
    }
}

/// Renders every diagnostic, one after the other, and a count.
pub fn render_all(diags: &[Diagnostic], source: &SourceFile, color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(source, color));
        out.push('\n');
    }
    let n = diags.len();
    out.push_str(&format!(
        "{}: {n} error{}\n",
        source.name,
        if n == 1 { "" } else { "s" }
    ));
    out
}

struct Report<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.inner().len();
        Some(Box::new(self.diag.labels.iter().enumerate().map(
            move |(i, (span, label))| {
                let offset = span.offset.min(len);
                let span = SourceSpan::new(offset.into(), span.len.min(len - offset));
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(label.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(label.clone()), span)
                }
            },
        )))
    }
}

/// Turns a YAML syntax or shape error into a diagnostic pointing at its place.
pub fn from_yaml_error(err: &serde_saphyr::Error, source: &SourceFile) -> Diagnostic {
    let message = err.without_snippet().to_string();
    let message = message.lines().next().unwrap_or("invalid YAML");
    // The label already carries the place; drop serde-saphyr's trailing " at line N, column M".
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
    .to_string();
    let message = plain_yaml_message(&message);
    let mut diag = Diagnostic::new(
        "SPEC001",
        format!("the spec does not have the expected shape: {message}"),
    );
    if let Some(loc) = err.location() {
        let span = loc.span();
        let offset = span
            .byte_offset()
            .map(|o| o as usize)
            .unwrap_or_else(|| offset_of(source, loc.line(), loc.column()));
        let len = span.byte_len().unwrap_or(1).max(1) as usize;
        diag = diag.at(Span { offset, len }, "here");
    }
    if let Some(hint) = unknown_field_hint(&message) {
        diag = diag.help(hint);
    }
    diag
}

/// The parser's words for a few errors name its own types and options ("invalid u32", "set
/// DuplicateKeyPolicy in Options"): say what is wrong with the spec instead.
fn plain_yaml_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key") {
        let key = rest
            .strip_prefix(": ")
            .and_then(|r| r.split(", set DuplicateKeyPolicy").next())
            .unwrap_or("")
            .trim();
        return if key.is_empty() {
            "a key appears twice in one mapping".to_string()
        } else {
            format!("the key `{key}` appears twice in one mapping")
        };
    }
    let range = |ty: &str| -> Option<String> {
        Some(match ty {
            "u8" => "a whole number from 0 to 255".into(),
            "u16" => "a whole number from 0 to 65535".into(),
            "u32" => "a whole number from 0 to 4294967295".into(),
            "u64" | "usize" => "a whole number from 0 to 18446744073709551615".into(),
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
            "f32" | "f64" => "a number".into(),
            "bool" => "true or false".into(),
            _ => return None,
        })
    };
    if let Some(ty) = message.strip_prefix("invalid ")
        && let Some(expected) = range(ty.trim())
    {
        return format!("expected {expected}");
    }
    message.replace("DuplicateKeyPolicy", "duplicate keys")
}

fn offset_of(source: &SourceFile, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in source.text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1) as usize)
                    .map_or(0, |(b, _)| b);
        }
        offset += l.len();
    }
    offset
}

/// serde reports "unknown field `x`, expected one of `a`, `b`": suggest the closest expected one.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let list = expected
        .split("expected one of ")
        .nth(1)
        .or_else(|| expected.split("expected ").nth(1))?;
    let candidates: Vec<&str> = list.split(", ").map(|c| c.trim_matches('`')).collect();
    let best = crate::suggest::closest(field, candidates.iter().copied())?;
    Some(format!("did you mean `{best}`?"))
}
