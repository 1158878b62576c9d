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

/// Snowflake's system-defined roles (docs.snowflake.com/en/user-guide/security-access-control-overview,
/// "System-defined roles"; GLOBALORGADMIN: docs.snowflake.com/en/user-guide/organization-administrators).
/// A tenant role with one of these names would make the package grant, hand out and finally drop a
/// system role.
pub const SYSTEM_ROLES: &[&str] = &[
    "ACCOUNTADMIN",
    "GLOBALORGADMIN",
    "ORGADMIN",
    "PUBLIC",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
];

/// Names Snowflake itself gives: the schemas every database has (PUBLIC, INFORMATION_SCHEMA:
/// docs.snowflake.com/en/sql-reference/info-schema, .../sql/create-database "PUBLIC schema"), the
/// shared SNOWFLAKE database (docs.snowflake.com/en/sql-reference/snowflake-db) and the SNOWFLAKE
/// support user. None of them may be a tenant's (or the platform's) role, schema, user, warehouse
/// or database: reusing one adopts an object snowtenant does not manage, which offboarding drops.
pub const SYSTEM_NAMES: &[&str] = &["INFORMATION_SCHEMA", "PUBLIC", "SNOWFLAKE"];

/// Why `name` may never name a `kind` the package creates, if it is a Snowflake system name.
pub fn system_name(kind: &str, name: &str) -> Option<&'static str> {
    if !matches!(kind, "role" | "schema" | "user" | "warehouse" | "database") {
        return None;
    }
    let system_role = SYSTEM_ROLES.contains(&name);
    if !system_role && !SYSTEM_NAMES.contains(&name) {
        return None;
    }
    Some(match kind {
        "role" if system_role => "a Snowflake system role",
        "schema" if matches!(name, "PUBLIC" | "INFORMATION_SCHEMA") => {
            "a schema Snowflake creates in every database"
        }
        _ => "a Snowflake system name (system role, schema, database or user)",
    })
}

/// A naming pattern to suggest for `kind`.
fn example_pattern(kind: &str) -> &'static str {
    match kind {
        "role" => "choose another id, or a naming pattern such as `CLIENT_{tenant}_ROLE`",
        "schema" => "choose another id, or a naming pattern such as `GOLD_CLIENT_{tenant}`",
        "warehouse" => "choose another name, or a naming pattern such as `CLIENT_{tenant}_WH`",
        _ => "choose another name",
    }
}

/// Finds names that collide after normalization and reports both places. Every name the package
/// creates is claimed here in its namespace, so a collision costs one hash lookup (no pairwise
/// comparison, whatever the number of tenants). Names the package only uses (admin and exempt
/// roles) are reserved first: claiming one of them is an error at the claim, pointing at both.
#[derive(Default)]
pub struct Registry {
    seen: HashMap<(String, Ident), Span>,
    reserved: HashMap<(String, Ident), (Span, String)>,
}

impl Registry {
    /// Marks `name` in namespace `kind` as used by the platform for `why` (e.g. "the spec's
    /// `user_admin` role"): nothing the package creates may take it.
    pub fn reserve(&mut self, kind: &str, name: &Ident, span: Span, why: impl Into<String>) {
        self.reserved
            .entry((kind.to_string(), name.clone()))
            .or_insert((span, why.into()));
    }

    /// Records `name` in namespace `kind`; a second use is an error at both places (and `false`).
    pub fn claim(
        &mut self,
        kind: &str,
        name: &Ident,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        self.claim_from(kind, name, span, None, diags)
    }

    /// [`Registry::claim`] for a name made from a naming pattern: the pattern's place is shown too.
    pub fn claim_from(
        &mut self,
        kind: &str,
        name: &Ident,
        span: Span,
        pattern: Option<Span>,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let with_pattern = |mut d: Diagnostic| {
            if let Some(p) = pattern.filter(|p| *p != Span::default() && *p != span) {
                d = d.at(p, "the naming pattern that makes it");
            }
            d
        };
        if let Some(why) = system_name(kind, name.as_str()) {
            diags.push(with_pattern(
                Diagnostic::new(
                    "SPEC080",
                    format!(
                        "`{}` is {why} and cannot be a {kind} snowtenant creates",
                        name.as_str()
                    ),
                )
                .at(
                    span,
                    format!("would create or drop the {kind} `{}`", name.as_str()),
                )
                .help(example_pattern(kind)),
            ));
            return false;
        }
        let key = (kind.to_string(), name.clone());
        if let Some((first, why)) = self.reserved.get(&key) {
            let mut d = Diagnostic::new(
                "SPEC080",
                format!("the {kind} `{}` would be {why}", name.as_str()),
            )
            .at(span, format!("makes the {kind} `{}`", name.as_str()));
            if *first != Span::default() {
                d = d.at(*first, why.clone());
            }
            diags.push(with_pattern(d.help(
                "a tenant's objects must never share a name with the roles that administer the platform",
            )));
            return false;
        }
        if let Some(first) = self.seen.get(&key) {
            diags.push(with_pattern(
                Diagnostic::new(
                    "SPEC012",
                    format!("two {kind}s are named `{}` once normalized", name.as_str()),
                )
                .at(span, "this one")
                .at(*first, "collides with this one")
                .help("Snowflake stores unquoted names in upper case; give each a distinct name"),
            ));
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
