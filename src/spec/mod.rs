//! Stage 1, load: YAML text to [`Spec`], keeping where each value was written.

mod generate;
mod spanned;
mod types;

pub use generate::generate;
pub use spanned::{Sp, Span};
pub use types::*;

use crate::diag::{Diagnostic, SourceFile};

/// Parses a spec. A YAML or shape error (unknown key, wrong type) is reported with its place;
/// the semantic checks that follow report every error at once.
pub fn load(source: &SourceFile) -> Result<Spec, Diagnostic> {
    serde_saphyr::from_str_with_options::<Spec>(&source.text, options())
        .map_err(|err| crate::diag::from_yaml_error(&err, source))
}

/// The parser's defaults guard against YAML bombs with a node budget sized for config files; a
/// platform of 10,000+ tenants needs more nodes, so the budget scales with plain size limits kept.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 20_000_000;
    budget.max_events = 40_000_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The JSON Schema of the spec, for editors (yaml-language-server) and CI.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Spec);
    serde_json::to_value(schema).unwrap_or_default()
}
