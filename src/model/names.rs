//! Identifier rules: what a spec may name an object, how it normalizes, and collisions.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::quote::{Ident, MAX_IDENT_CHARS, is_reserved};
use crate::spec::{Sp, Span};

/// Normalizes a name written in the spec to the identifier Snowflake will store: letters, digits,
/// `_` and `$`, starting with a letter or `_`, upper-cased (how unquoted identifiers resolve).
/// Anything else is rejected rather than quoted, so every emitted name is plain and portable.
pub fn identifier(value: &Sp<String>, what: &str, diags: &mut Vec<Diagnostic>) -> Option<Ident> {
    check_identifier(&value.value, value.span, what, diags)
}

pub fn check_identifier(
    raw: &str,
    span: Span,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Ident> {
    let upper = raw.to_ascii_uppercase();
    let mut chars = upper.chars();
    let starts_ok = matches!(chars.next(), Some(c) if c.is_ascii_uppercase() || c == '_');
    let rest_ok =
        chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if !starts_ok || !rest_ok {
        let suggestion = suggest_identifier(raw);
        let mut d = Diagnostic::new("SPEC010", format!("`{raw}` is not a valid {what}")).at(
            span,
            "letters, digits, `_` and `$` only, starting with a letter or `_`",
        );
        if !suggestion.is_empty() {
            d = d.help(format!("did you mean `{suggestion}`?"));
        }
        diags.push(d);
        return None;
    }
    check_length(&upper, span, what, diags)?;
    if is_reserved(&upper) {
        diags.push(
            Diagnostic::new(
                "SPEC010",
                format!("`{upper}` is a Snowflake reserved word and cannot name a {what}"),
            )
            .at(span, "reserved word")
            .help(format!("choose another name, e.g. `{upper}_1`")),
        );
        return None;
    }
    Some(Ident::new(upper))
}

/// A name made from a pattern (e.g. `CLIENT_{tenant}_ROLE`) must still fit Snowflake's limit.
pub fn check_length(name: &str, span: Span, what: &str, diags: &mut Vec<Diagnostic>) -> Option<()> {
    let n = name.chars().count();
    if n > MAX_IDENT_CHARS {
        diags.push(
            Diagnostic::new(
                "SPEC011",
                format!(
                    "the {what} `{}...` is {n} characters long",
                    &name[..40.min(name.len())]
                ),
            )
            .at(
                span,
                format!("Snowflake identifiers have at most {MAX_IDENT_CHARS} characters"),
            )
            .help("shorten the id or the naming pattern"),
        );
        return None;
    }
    Some(())
}

fn suggest_identifier(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '$' {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    }
}

/// Applies a naming pattern to a tenant id.
pub fn from_pattern(
    pattern: &Sp<String>,
    tenant: &Sp<String>,
    id: &Ident,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Ident> {
    let name = pattern
        .value
        .replace("{tenant}", id.as_str())
        .to_ascii_uppercase();
    // A default pattern was not written anywhere: point at the tenant id instead.
    let span = if pattern.span == Span::default() {
        tenant.span
    } else {
        pattern.span
    };
    check_length(&name, span, what, diags)?;
    Some(Ident::new(name))
}

/// Finds names that collide after normalization and reports both places.
#[derive(Default)]
pub struct Registry {
    seen: HashMap<(String, Ident), Span>,
}

impl Registry {
    /// Records `name` in namespace `kind`; a second use is an error at both places (and `false`).
    pub fn claim(
        &mut self,
        kind: &str,
        name: &Ident,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let key = (kind.to_string(), name.clone());
        if let Some(first) = self.seen.get(&key) {
            diags.push(
                Diagnostic::new(
                    "SPEC012",
                    format!("two {kind}s are named `{}` once normalized", name.as_str()),
                )
                .at(span, "this one")
                .at(*first, "collides with this one")
                .help("Snowflake stores unquoted names in upper case; give each a distinct name"),
            );
            return false;
        }
        self.seen.insert(key, span);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_to_upper_case() {
        let mut diags = vec![];
        let id = check_identifier("acme_Industries", Span::default(), "tenant id", &mut diags);
        assert_eq!(
            id.map(|i| i.as_str().to_string()),
            Some("ACME_INDUSTRIES".into())
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn rejects_and_suggests() {
        let mut diags = vec![];
        assert!(
            check_identifier("Acme Industries!", Span::default(), "tenant id", &mut diags)
                .is_none()
        );
        assert_eq!(
            diags[0].help.as_deref(),
            Some("did you mean `ACME_INDUSTRIES`?")
        );
    }

    #[test]
    fn rejects_reserved_and_long_names() {
        let mut diags = vec![];
        assert!(check_identifier("table", Span::default(), "tenant id", &mut diags).is_none());
        assert!(
            check_identifier(&"A".repeat(256), Span::default(), "tenant id", &mut diags).is_none()
        );
        assert!(
            check_identifier(&"A".repeat(255), Span::default(), "tenant id", &mut diags).is_some()
        );
        assert_eq!(diags.len(), 2);
    }
}
