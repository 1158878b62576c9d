//! Object names a statement mentions and the one it defines, as normalized keys
//! (`DB.SCHEMA.OBJECT`, unquoted parts upper-cased, as Snowflake resolves them).

use sqlparser::dialect::SnowflakeDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// Words that sit between `CREATE`/`ALTER`/`DROP` and the object's name.
const DDL_WORDS: &[&str] = &[
    "CREATE",
    "ALTER",
    "DROP",
    "OR",
    "REPLACE",
    "SECURE",
    "RECURSIVE",
    "TRANSIENT",
    "TEMPORARY",
    "TEMP",
    "VOLATILE",
    "LOCAL",
    "GLOBAL",
    "IF",
    "NOT",
    "EXISTS",
    "ROLE",
    "USER",
    "DATABASE",
    "SCHEMA",
    "TABLE",
    "VIEW",
    "MATERIALIZED",
    "WAREHOUSE",
    "RESOURCE",
    "MONITOR",
    "ROW",
    "ACCESS",
    "MASKING",
    "POLICY",
    "PROCEDURE",
    "FUNCTION",
    "EXTERNAL",
    "API",
    "NOTIFICATION",
    "STORAGE",
    "SECURITY",
    "INTEGRATION",
    "TAG",
    "NETWORK",
    "RULE",
    "ALERT",
    "STAGE",
    "SEQUENCE",
    "STREAM",
    "TASK",
    "FILE",
    "FORMAT",
    "PIPE",
    "DYNAMIC",
    "ICEBERG",
    "HYBRID",
    "EVENT",
    "SHARE",
    "SECRET",
    "AUTHENTICATION",
    "PASSWORD",
    "ACCOUNT",
    "SESSION",
];

/// What a statement's text mentions.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mentions {
    /// Every dotted name and each of its prefixes (`A`, `A.B`, `A.B.C`), in order, deduplicated.
    pub names: Vec<String>,
    /// Full dotted names only (`A.B.C`), deduplicated.
    pub full: Vec<String>,
    /// For `CREATE`/`ALTER`/`DROP`: the object's name.
    pub defined: Option<String>,
    /// For `GRANT ... TO ROLE R` / `REVOKE ... FROM ROLE R`: `R`.
    pub grantee_role: Option<String>,
}

/// Normalizes one written name (`a.b."c d"`) to a key (`A.B."c d"`).
pub fn normalize_name(text: &str) -> String {
    let m = mentions(text);
    m.full
        .into_iter()
        .next()
        .unwrap_or_else(|| text.trim().to_string())
}

/// One identifier part as a key: unquoted upper-cased; quoted kept, without quotes when plain.
pub fn part(value: &str, quote: Option<char>) -> String {
    let plain = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
            && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$')
    };
    match quote {
        None => value.to_ascii_uppercase(),
        Some(_) if plain(value) => value.to_string(),
        Some(_) => format!("\"{}\"", value.replace('"', "\"\"")),
    }
}

/// Tokenizes `text` and collects its names. Text that does not tokenize mentions nothing (the
/// validator has already accepted every statement `apply` runs).
pub fn mentions(text: &str) -> Mentions {
    let dialect = SnowflakeDialect {};
    let tokens = Tokenizer::new(&dialect, text)
        .tokenize()
        .unwrap_or_default();
    // Dotted chains of words: (first token index, parts, any part quoted).
    let mut chains: Vec<(usize, Vec<String>, bool)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Token::Word(w) = &tokens[i] {
            let start = i;
            let mut parts = vec![part(&w.value, w.quote_style)];
            let mut quoted_first = w.quote_style.is_some();
            while let (Some(Token::Period), Some(Token::Word(next))) =
                (tokens.get(i + 1), tokens.get(i + 2))
            {
                parts.push(part(&next.value, next.quote_style));
                quoted_first = quoted_first || next.quote_style.is_some();
                i += 2;
            }
            chains.push((start, parts, quoted_first));
        }
        i += 1;
    }
    let mut m = Mentions::default();
    for (_, parts, _) in &chains {
        for n in 1..=parts.len() {
            let key = parts[..n].join(".");
            if !m.names.contains(&key) {
                m.names.push(key);
            }
        }
        let full = parts.join(".");
        if !m.full.contains(&full) {
            m.full.push(full);
        }
    }
    let first = chains.first().map(|(_, p, _)| p.join("."));
    if matches!(first.as_deref(), Some("CREATE" | "ALTER" | "DROP")) {
        m.defined = chains
            .iter()
            .find(|(_, p, quoted)| *quoted || p.len() > 1 || !DDL_WORDS.contains(&p[0].as_str()))
            .map(|(_, p, _)| p.join("."))
            .filter(|n| !matches!(n.as_str(), "SET" | "UNSET"));
    }
    if let Some(verb @ ("GRANT" | "REVOKE")) = first.as_deref() {
        let to = if verb == "GRANT" { "TO" } else { "FROM" };
        let at = chains
            .iter()
            .rposition(|(_, p, _)| p.len() == 1 && p[0] == to);
        if let Some(at) = at
            && chains.get(at + 1).is_some_and(|(_, p, _)| p == &["ROLE"])
        {
            m.grantee_role = chains.get(at + 2).map(|(_, p, _)| p.join("."));
        }
    }
    m
}

/// A grant or revoke on every object of a kind in a schema or database, as it exists now (`ALL`)
/// or as objects are created later (`FUTURE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaWide {
    pub future: bool,
    /// The object kind, singular, words joined by `_` (`TABLE`, `MATERIALIZED_VIEW`).
    pub kind: String,
    /// The schema (`DB.S`) or database (`DB`).
    pub container: String,
    pub in_database: bool,
}

/// The dotted word chains of `text`, in order (punctuation and literals dropped).
fn words(text: &str) -> Vec<String> {
    dotted_words(text, |t, out| match t {
        Token::Whitespace(_) => false,
        _ => {
            // Keeps `(` visible as a stop for names with signatures.
            out.push(String::new());
            true
        }
    })
}

/// Walks `text`'s tokens, joining dotted word chains (`a.b.c`, each part normalized); every other
/// token goes to `other`, which may push to the output and says whether it ends a chain.
pub fn dotted_words(
    text: &str,
    mut other: impl FnMut(&Token, &mut Vec<String>) -> bool,
) -> Vec<String> {
    let tokens = Tokenizer::new(&SnowflakeDialect {}, text)
        .tokenize()
        .unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    let mut joining = false;
    for t in tokens {
        match t {
            Token::Word(w) => {
                let p = part(&w.value, w.quote_style);
                match out.last_mut() {
                    Some(last) if joining => {
                        last.push('.');
                        last.push_str(&p);
                    }
                    _ => out.push(p),
                }
                joining = false;
            }
            Token::Period => joining = true,
            t => {
                if other(&t, &mut out) {
                    joining = false;
                }
            }
        }
    }
    out
}

/// `TABLES` -> `TABLE`, `MATERIALIZED VIEWS` -> `MATERIALIZED_VIEW`.
pub fn singular_kind(words: &[String]) -> String {
    let mut w = words.to_vec();
    if let Some(last) = w.last_mut()
        && let Some(s) = last.strip_suffix('S')
    {
        *last = s.to_string();
    }
    w.join("_")
}

/// For `GRANT|REVOKE ... ON {ALL|FUTURE} <kinds> IN {SCHEMA|DATABASE} c ...`: what it covers.
pub fn schema_wide(text: &str) -> Option<SchemaWide> {
    let w = words(text);
    if !matches!(w.first().map(String::as_str), Some("GRANT" | "REVOKE")) {
        return None;
    }
    let on = w.iter().position(|x| x == "ON")?;
    let future = match w.get(on + 1).map(String::as_str) {
        Some("ALL") => false,
        Some("FUTURE") => true,
        _ => return None,
    };
    let inn = on + 2 + w[on + 2..].iter().position(|x| x == "IN")?;
    let in_database = match w.get(inn + 1).map(String::as_str) {
        Some("DATABASE") => true,
        Some("SCHEMA") => false,
        _ => return None,
    };
    Some(SchemaWide {
        future,
        kind: singular_kind(&w[on + 2..inn]),
        container: w.get(inn + 2).filter(|c| !c.is_empty())?.clone(),
        in_database,
    })
}

/// Words between `CREATE` and an object's kind (`CREATE OR ALTER`: sql/create-or-alter).
pub const CREATE_MODIFIERS: &[&str] = &[
    "OR",
    "REPLACE",
    "ALTER",
    "SECURE",
    "TRANSIENT",
    "TEMPORARY",
    "TEMP",
    "VOLATILE",
    "LOCAL",
    "GLOBAL",
    "RECURSIVE",
];

/// For `CREATE [modifiers] <kind> [IF NOT EXISTS] <name>`: the kind (singular, `_`-joined, as a
/// schema-wide grant names it) and the name. A `SECURE VIEW` is a `VIEW`, a `TRANSIENT TABLE` a `TABLE`.
pub fn created(text: &str) -> Option<(String, String)> {
    let w = words(text);
    if w.first().map(String::as_str) != Some("CREATE") {
        return None;
    }
    let mut i = 1;
    while w
        .get(i)
        .is_some_and(|x| CREATE_MODIFIERS.contains(&x.as_str()))
    {
        i += 1;
    }
    let start = i;
    while w
        .get(i)
        .is_some_and(|x| DDL_WORDS.contains(&x.as_str()) && x != "IF")
    {
        i += 1;
        if matches!(
            w[i - 1].as_str(),
            "TABLE"
                | "VIEW"
                | "SCHEMA"
                | "FUNCTION"
                | "PROCEDURE"
                | "SEQUENCE"
                | "STAGE"
                | "STREAM"
                | "TASK"
                | "ALERT"
                | "PIPE"
        ) {
            break;
        }
    }
    let kind = w[start..i].join("_");
    if w.get(i).map(String::as_str) == Some("IF") {
        i += 3;
    }
    let name = w.get(i).filter(|n| !n.is_empty())?.clone();
    (!kind.is_empty()).then_some((kind, name))
}

/// The schema (`DB.S`) and database of a three-part name.
pub fn containers(name: &str) -> (Option<String>, Option<String>) {
    let m = mentions(name);
    let full = m.full.first().cloned().unwrap_or_default();
    // Prefixes of the full chain, as `mentions` lists them.
    let prefixes: Vec<&String> = m
        .names
        .iter()
        .filter(|n| full.starts_with(n.as_str()) && **n != full)
        .collect();
    match prefixes.as_slice() {
        [db, schema] => (Some((*schema).clone()), Some((*db).clone())),
        [db] => (None, Some((*db).clone())),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_table_defines_its_full_name_and_mentions_its_schema() {
        let m = mentions("CREATE TABLE IF NOT EXISTS db.gold.events (tenant_id VARCHAR)");
        assert_eq!(m.defined.as_deref(), Some("DB.GOLD.EVENTS"));
        assert!(m.names.contains(&"DB.GOLD".to_string()));
        assert!(m.names.contains(&"DB".to_string()));
    }

    #[test]
    fn grant_names_its_grantee_role() {
        let m = mentions("GRANT USAGE ON SCHEMA A.B TO ROLE client_x");
        assert_eq!(m.defined, None);
        assert_eq!(m.grantee_role.as_deref(), Some("CLIENT_X"));
        let m = mentions("REVOKE USAGE ON SCHEMA A.B FROM ROLE \"odd role\"");
        assert_eq!(m.grantee_role.as_deref(), Some("\"odd role\""));
    }

    #[test]
    fn alter_account_set_defines_nothing() {
        assert_eq!(
            mentions("ALTER ACCOUNT SET RESOURCE_MONITOR = M").defined,
            None
        );
        assert_eq!(
            mentions("ALTER RESOURCE MONITOR m SET CREDIT_QUOTA = 5")
                .defined
                .as_deref(),
            Some("M")
        );
    }

    #[test]
    fn schema_wide_grants_and_creations_name_their_kind_and_container() {
        assert_eq!(
            schema_wide("GRANT SELECT ON FUTURE TABLES IN SCHEMA d.s TO ROLE r"),
            Some(SchemaWide {
                future: true,
                kind: "TABLE".into(),
                container: "D.S".into(),
                in_database: false
            })
        );
        assert_eq!(
            schema_wide("REVOKE SELECT ON ALL MATERIALIZED VIEWS IN DATABASE d FROM ROLE r")
                .map(|w| (w.future, w.kind, w.container, w.in_database)),
            Some((false, "MATERIALIZED_VIEW".into(), "D".into(), true))
        );
        assert_eq!(schema_wide("GRANT SELECT ON TABLE d.s.t TO ROLE r"), None);
        assert_eq!(
            created("CREATE OR REPLACE SECURE VIEW d.s.v COPY GRANTS AS SELECT 1"),
            Some(("VIEW".into(), "D.S.V".into()))
        );
        assert_eq!(
            created("CREATE TRANSIENT TABLE IF NOT EXISTS d.s.t (a INT)"),
            Some(("TABLE".into(), "D.S.T".into()))
        );
        assert_eq!(
            created(
                "CREATE ROW ACCESS POLICY IF NOT EXISTS d.s.p AS (k VARCHAR) RETURNS BOOLEAN -> TRUE"
            ),
            Some(("ROW_ACCESS_POLICY".into(), "D.S.P".into()))
        );
        assert_eq!(
            containers("d.\"s x\".t"),
            (Some("D.\"s x\"".into()), Some("D".into()))
        );
    }

    #[test]
    fn quoted_plain_names_equal_unquoted_ones() {
        assert_eq!(normalize_name("\"ABC\".x"), "ABC.X");
        assert_eq!(normalize_name("\"abc\""), "\"abc\"");
    }
}
