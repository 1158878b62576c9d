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
    fn quoted_plain_names_equal_unquoted_ones() {
        assert_eq!(normalize_name("\"ABC\".x"), "ABC.X");
        assert_eq!(normalize_name("\"abc\""), "\"abc\"");
    }
}
