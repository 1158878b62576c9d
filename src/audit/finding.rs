//! Findings: what the audit reports, each with a stable code, a severity and the statements
//! involved.

use std::fmt;

use serde::Serialize;

/// Where a fact comes from: a file of the package and the 1-based line of its statement.
///
/// Provenance never takes part in equality: two models with the same facts are equal whatever
/// statements produced them (so `model(OLD + migration) == model(NEW)` can hold).
#[derive(Debug, Clone, Default, Serialize)]
pub struct At {
    pub file: String,
    pub line: usize,
}

impl PartialEq for At {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for At {}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => f.write_str(&self.file),
            n => write!(f, "{}:{n}", self.file),
        }
    }
}

/// How bad a finding is: an error fails `audit` and `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `ISO001`.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what is wrong, naming the objects.
    pub message: String,
    /// The statements involved.
    pub at: Vec<At>,
    /// Why it matters and what to do, for a DBA.
    pub help: &'static str,
}

impl Finding {
    pub fn error(code: &'static str, message: String, help: &'static str) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message,
            at: Vec::new(),
            help,
        }
    }

    pub fn warning(code: &'static str, message: String, help: &'static str) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message, help)
        }
    }

    /// Adds a statement involved.
    pub fn at(mut self, at: &At) -> Self {
        if !at.file.is_empty() {
            self.at.push(at.clone());
        }
        self
    }
}
