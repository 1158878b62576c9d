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
    match load_all(source) {
        (Some(spec), diags) if diags.is_empty() => Ok(spec),
        (_, diags) => Err(diags),
    }
}

/// Parses a spec and returns every shape error, with the typed spec when one can be read: when the
/// only shape errors are unknown keys, the spec without them (blanked in place, so every span still
/// points into the file) is read, so that the semantic checks report in the same run.
pub fn load_all(source: &SourceFile) -> (Option<Spec>, Vec<Diagnostic>) {
    let yaml_error = |err: serde_saphyr::Error| vec![crate::diag::from_yaml_error(&err, source)];
    // The shape check's tree and the typed spec are two independent reads of the same text; on a
    // large spec each takes a quarter second, so they run side by side. The shape check's
    // findings, all at once, win over the typed read's first error.
    let (shape, spec) = std::thread::scope(|scope| {
        let typed = scope_typed_read(scope, &source.text);
        let shape = serde_saphyr::from_str_with_options::<node::Node>(&source.text, options())
            .map(|tree| shape::check(&tree, &json_schema()));
        (shape, typed())
    });
    let shape = match shape {
        Ok(shape) => shape,
        Err(e) => return (None, yaml_error(e)),
    };
    if shape.diags.is_empty() {
        return match spec {
            Ok(spec) => (Some(spec), Vec::new()),
            Err(e) => (None, yaml_error(e)),
        };
    }
    if !shape.repairable() {
        return (None, shape.diags);
    }
    let mut bytes = source.text.as_bytes().to_vec();
    for (start, end) in &shape.repairs {
        for b in bytes.iter_mut().take(*end).skip(*start) {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    let repaired = String::from_utf8(bytes)
        .ok()
        .and_then(|text| std::thread::scope(|scope| scope_typed_read(scope, &text)()).ok());
    (repaired, shape.diags)
}

/// Reads the typed spec on a thread of its own with the main thread's stack size: serde's recursion
/// on a 10,000-tenant spec overflows the 2 MB of a pool thread. Falls back to this thread.
fn scope_typed_read<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    text: &'env str,
) -> impl FnOnce() -> Result<Spec, serde_saphyr::Error> + 'scope {
    let handle = std::thread::Builder::new()
        .name("spec-typed-read".into())
        .stack_size(PARSE_STACK_BYTES)
        .spawn_scoped(scope, move || {
            serde_saphyr::from_str_with_options::<Spec>(text, options())
        });
    move || match handle {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        // No thread to be had: read it here instead.
        Err(_) => serde_saphyr::from_str_with_options::<Spec>(text, options()),
    }
}

/// Stack of the thread that reads the typed spec: what a main thread gets on Linux.
const PARSE_STACK_BYTES: usize = 8 << 20;

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
