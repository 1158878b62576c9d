//! Stage 1, load: YAML text to [`Spec`], keeping where each value was written.

mod generate;
pub mod limits;
mod node;
mod repair;
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
        Loaded {
            spec: Some(spec),
            diags,
            ..
        } if diags.is_empty() => Ok(spec),
        loaded => Err(loaded.diags),
    }
}

/// A spec as far as it could be read: every shape error, and the typed spec when one can be read.
/// After shape errors, the spec is read from the text with the shape check's repairs applied (an
/// unknown key blanked, a wrong or missing value replaced by a neutral placeholder), so the
/// semantic checks run in the same run; [`Loaded::restore`] maps their places back to the file and
/// drops those on a repaired value. Broken YAML has no tree to repair: it is reported alone.
pub struct Loaded {
    pub spec: Option<Spec>,
    pub diags: Vec<Diagnostic>,
    repaired: Option<repair::Repaired>,
}

impl Loaded {
    /// Diagnostics found on [`Loaded::spec`], placed in the file; none that begins on a repair.
    pub fn restore(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        match &self.repaired {
            Some(repaired) => diags
                .into_iter()
                .filter_map(|d| repaired.restore(d))
                .collect(),
            None => diags,
        }
    }
}

pub fn load_all(source: &SourceFile) -> Loaded {
    let yaml_error = |err: serde_saphyr::Error| vec![crate::diag::from_yaml_error(&err, source)];
    let failed = |diags| Loaded {
        spec: None,
        diags,
        repaired: None,
    };
    // The shape check's tree and the typed spec are two independent reads of the same text; on a
    // large spec each takes a quarter second, so they run side by side. The shape check's
    // findings, all at once, win over the typed read's first error.
    let (shape, spec) = std::thread::scope(|scope| {
        let typed = scope_typed_read(scope, &source.text);
        let shape = serde_saphyr::from_str_with_options::<node::Node>(&source.text, options())
            .map(|tree| shape::check(&tree, &json_schema(), &source.text));
        (shape, typed())
    });
    let shape = match shape {
        Ok(shape) => shape,
        Err(e) => return failed(yaml_error(e)),
    };
    if shape.diags.is_empty() {
        return match spec {
            Ok(spec) => Loaded {
                spec: Some(spec),
                diags: Vec::new(),
                repaired: None,
            },
            Err(e) => failed(yaml_error(e)),
        };
    }
    if !shape.repairable() {
        return failed(shape.diags);
    }
    let repaired = repair::apply(&source.text, &shape.repairs);
    // A repaired text the typed read still refuses (a repair that did not fit its place): the
    // shape errors alone, as before repairs.
    let spec = std::thread::scope(|scope| scope_typed_read(scope, &repaired.text)()).ok();
    Loaded {
        spec,
        diags: shape.diags,
        repaired: Some(repaired),
    }
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
