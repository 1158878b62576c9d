//! The audit's report: for people (`human`) and for tools (`json`).

use serde::Serialize;

use super::finding::{Finding, Severity};

/// Everything the audit found, plus what the execution proof covered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    pub tenants: usize,
    pub statements: usize,
    /// What the execution proof did, one line per table or view.
    pub proof: Vec<String>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// True when there is no error-level finding.
    pub fn passed(&self) -> bool {
        self.errors() == 0
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&format!("{}[{}]: {}\n", f.severity, f.code, f.message));
            for at in &f.at {
                out.push_str(&format!("  --> {at}\n"));
            }
            out.push_str(&format!("  = help: {}\n\n", f.help));
        }
        for line in &self.proof {
            out.push_str(&format!("proof: {line}\n"));
        }
        out.push_str(&format!(
            "audit: {} tenants, {} statements: {} error(s), {} warning(s)\n",
            self.tenants,
            self.statements,
            self.errors(),
            self.warnings()
        ));
        out
    }
}
