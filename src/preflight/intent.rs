//! What a package creates with `IF NOT EXISTS`: the statements that adopt an object silently when
//! it already exists (docs.snowflake.com/en/sql-reference/sql/create-role:
//! "IF NOT EXISTS ... the statement succeeds and the existing role is not modified").

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::dialect::SnowflakeDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::apply::names::{created, part};
use crate::apply::source::Source;

/// One object the package would adopt if it existed.
#[derive(Debug, Clone, PartialEq)]
pub struct Intended {
    /// `ROLE`, `USER`, `WAREHOUSE`, `RESOURCE_MONITOR`, `NOTIFICATION_INTEGRATION`, `SCHEMA`...
    pub kind: String,
    /// Normalized key (`DB.S`, `"odd name"`).
    pub name: String,
    /// `file:line` of the statement.
    pub at: String,
    /// The role that runs the statement (and would own what it creates).
    pub owner: Option<String>,
    /// `KEY = value` properties as written (keys upper-cased, values unquoted).
    pub properties: BTreeMap<String, String>,
}

/// Everything the package says about the objects it creates.
#[derive(Debug, Clone, Default)]
pub struct Intent {
    pub objects: Vec<Intended>,
    /// Every object the package creates (any form), by kind: an object of these in an adopted
    /// container is the package's own, not a foreign one.
    pub created: BTreeSet<(String, String)>,
    /// `GRANT ROLE r TO {ROLE|USER} g`: `(r, grantee type, g)`.
    pub role_grants: BTreeSet<(String, String, String)>,
}

/// Reads the package's statements.
pub fn read(source: &Source) -> Intent {
    let mut intent = Intent::default();
    for step in &source.steps {
        let it = items(&step.text);
        match it.first().map(String::as_str) {
            Some("CREATE") => {
                let Some((kind, name)) = created(&step.text) else {
                    continue;
                };
                let kind = family(&kind);
                intent.created.insert((kind.clone(), name.clone()));
                let head: Vec<&str> = it.iter().take(8).map(String::as_str).collect();
                // `CREATE OR ALTER` (the external function) converges the definition instead.
                let adopts = head.windows(3).any(|w| w == ["IF", "NOT", "EXISTS"]);
                if adopts {
                    intent.objects.push(Intended {
                        kind,
                        name,
                        at: step.location(),
                        owner: source
                            .contexts
                            .get(step.context)
                            .and_then(|c| c.role.clone()),
                        properties: properties(&step.text),
                    });
                }
            }
            // `GRANT ROLE r TO ROLE|USER g`.
            Some("GRANT") if it.get(1).map(String::as_str) == Some("ROLE") => {
                if let (Some(role), Some("TO"), Some(to), Some(grantee)) = (
                    it.get(2),
                    it.get(3).map(String::as_str),
                    it.get(4),
                    it.get(5),
                ) {
                    intent
                        .role_grants
                        .insert((role.clone(), to.clone(), grantee.clone()));
                }
            }
            _ => {}
        }
    }
    intent
}

/// Integrations of every type share one namespace and one `SHOW INTEGRATIONS`
/// (docs.snowflake.com/en/sql-reference/sql/show-integrations); a secure view is a view.
fn family(kind: &str) -> String {
    if kind.ends_with("INTEGRATION") {
        "INTEGRATION".into()
    } else if kind.ends_with("VIEW") && !kind.contains("MATERIALIZED") {
        "VIEW".into()
    } else if kind.ends_with("TABLE") {
        "TABLE".into()
    } else {
        kind.to_string()
    }
}

/// `KEY = value` pairs of a statement, outside parentheses of column lists: a value is a word, a
/// number, a string, or a parenthesized list (joined with `,`).
pub fn properties(text: &str) -> BTreeMap<String, String> {
    let tokens: Vec<Token> = Tokenizer::new(&SnowflakeDialect {}, text)
        .tokenize()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i + 2 < tokens.len() {
        if let (Token::Word(k), Token::Eq) = (&tokens[i], &tokens[i + 1]) {
            let key = k.value.to_ascii_uppercase();
            let (value, next) = value_at(&tokens, i + 2);
            out.entry(key).or_insert(value);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn scalar(t: &Token) -> Option<String> {
    match t {
        Token::Word(w) => Some(part(&w.value, w.quote_style)),
        Token::Number(n, _) => Some(n.clone()),
        Token::SingleQuotedString(s) => Some(s.clone()),
        _ => None,
    }
}

/// The value starting at `i` and the index after it.
fn value_at(tokens: &[Token], i: usize) -> (String, usize) {
    if tokens.get(i) == Some(&Token::LParen) {
        let mut parts = Vec::new();
        let mut j = i + 1;
        while let Some(t) = tokens.get(j) {
            if *t == Token::RParen {
                return (parts.join(","), j + 1);
            }
            if let Some(s) = scalar(t) {
                parts.push(s);
            }
            j += 1;
        }
        return (parts.join(","), j);
    }
    (tokens.get(i).and_then(scalar).unwrap_or_default(), i + 1)
}

/// The statement's words, dotted names joined, with parentheses and commas kept as items.
fn items(text: &str) -> Vec<String> {
    use sqlparser::tokenizer::Token;
    crate::apply::names::dotted_words(text, |t, out| match t {
        Token::LParen => {
            out.push("(".into());
            false
        }
        Token::RParen => {
            out.push(")".into());
            false
        }
        Token::Comma => {
            out.push(",".into());
            false
        }
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_read_words_numbers_strings_and_lists() {
        let p = properties(
            "CREATE WAREHOUSE IF NOT EXISTS W WITH WAREHOUSE_SIZE = xsmall AUTO_SUSPEND = 60 \
             COMMENT = 'a = b' NOTIFY_USERS = (A, \"b c\")",
        );
        assert_eq!(p["WAREHOUSE_SIZE"], "XSMALL");
        assert_eq!(p["AUTO_SUSPEND"], "60");
        assert_eq!(p["COMMENT"], "a = b");
        assert_eq!(p["NOTIFY_USERS"], "A,\"b c\"");
    }

    #[test]
    fn families_join_integrations_and_views() {
        assert_eq!(family("NOTIFICATION_INTEGRATION"), "INTEGRATION");
        assert_eq!(family("API_INTEGRATION"), "INTEGRATION");
        assert_eq!(family("SECURE_VIEW"), "VIEW");
        assert_eq!(family("WAREHOUSE"), "WAREHOUSE");
    }
}
