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
    serde_saphyr::from_str::<Spec>(&source.text)
        .map_err(|err| crate::diag::from_yaml_error(&err, source))
}

/// The JSON Schema of the spec, for editors (yaml-language-server) and CI.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Spec);
    serde_json::to_value(schema).unwrap_or_default()
}
