//! Stage 1, load: YAML text to [`Spec`], keeping where each value was written.

mod generate;
mod node;
mod shape;
mod spanned;
mod types;

pub use generate::generate;
pub use spanned::{Sp, Span};
pub use types::*;

use crate::diag::{Diagnostic, SourceFile};

/// Parses a spec. Shape errors (unknown keys, wrong types, unknown values, missing keys) are
/// all reported at once, with their places; the semantic checks in `model` follow.
pub fn load(source: &SourceFile) -> Result<Spec, Vec<Diagnostic>> {
    let yaml_error = |err: serde_saphyr::Error| vec![crate::diag::from_yaml_error(&err, source)];
    let tree: node::Node =
        serde_saphyr::from_str_with_options(&source.text, options()).map_err(yaml_error)?;
    let shape = shape::check(&tree, &json_schema());
    if !shape.is_empty() {
        return Err(shape);
    }
    serde_saphyr::from_str_with_options::<Spec>(&source.text, options()).map_err(yaml_error)
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
