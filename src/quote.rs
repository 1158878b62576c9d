//! The one place where identifiers are quoted and string literals escaped.
//!
//! Templates never see raw user text: they receive an [`Ident`], a [`Name`] or a [`SqlString`],
//! whose `Display` already renders safely for Snowflake. Validation rejects what cannot be embedded
//! safely (control characters, over-long names) before these types are built.

use std::fmt::{self, Write as _};

use serde::Serialize;

/// Longest identifier Snowflake accepts, quoted or not (identifiers-syntax).
pub const MAX_IDENT_CHARS: usize = 255;

/// Words that cannot be used unquoted as object names (Snowflake reserved keywords).
const RESERVED: &[&str] = &[
    "ACCOUNT",
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "BETWEEN",
    "BY",
    "CASE",
    "CAST",
    "CHECK",
    "COLUMN",
    "CONNECT",
    "CONNECTION",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DATABASE",
    "DELETE",
    "DISTINCT",
    "DROP",
    "ELSE",
    "EXISTS",
    "FALSE",
    "FOLLOWING",
    "FOR",
    "FROM",
    "FULL",
    "GRANT",
    "GROUP",
    "GSCLUSTER",
    "HAVING",
    "ILIKE",
    "IN",
    "INCREMENT",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "ISSUE",
    "JOIN",
    "LATERAL",
    "LEFT",
    "LIKE",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "MINUS",
    "NATURAL",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OR",
    "ORDER",
    "ORGANIZATION",
    "QUALIFY",
    "REGEXP",
    "REVOKE",
    "RIGHT",
    "RLIKE",
    "ROW",
    "ROWS",
    "SAMPLE",
    "SCHEMA",
    "SELECT",
    "SET",
    "SOME",
    "START",
    "TABLE",
    "TABLESAMPLE",
    "THEN",
    "TO",
    "TRIGGER",
    "TRUE",
    "TRY_CAST",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VALUES",
    "VIEW",
    "WHEN",
    "WHENEVER",
    "WHERE",
    "WITH",
];

/// True when `s` can be emitted unquoted and means the same object: `[A-Z_][A-Z0-9_$]*`, not reserved.
pub fn is_plain_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = matches!(chars.next(), Some(c) if c.is_ascii_uppercase() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && s.chars().count() <= MAX_IDENT_CHARS
        && !is_reserved(s)
}

pub fn is_reserved(s: &str) -> bool {
    RESERVED.binary_search(&s).is_ok()
}

/// A Snowflake identifier as stored (case-exact). Renders unquoted when that is unambiguous,
/// otherwise double-quoted with `"` doubled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Ident(String);

impl Ident {
    /// Wraps an already validated, case-exact identifier.
    pub fn new(stored: impl Into<String>) -> Self {
        Ident(stored.into())
    }

    /// The identifier as Snowflake stores it (what `IS_ROLE_IN_SESSION` must be given).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier as a string literal, e.g. for `IS_ROLE_IN_SESSION('ROLE')`.
    pub fn literal(&self) -> SqlString {
        SqlString::new(self.0.clone())
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_plain_identifier(&self.0) {
            f.write_str(&self.0)
        } else {
            write!(f, "\"{}\"", self.0.replace('"', "\"\""))
        }
    }
}

/// A dotted object name (`DB.SCHEMA.OBJECT`), each part quoted as needed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Name(pub Vec<Ident>);

impl Name {
    pub fn of(parts: &[&Ident]) -> Self {
        Name(parts.iter().map(|p| (*p).clone()).collect())
    }

    pub fn last(&self) -> &Ident {
        self.0.last().expect("a name has at least one part")
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// A single-quoted Snowflake string literal. Both `'` and `\` are escape characters in Snowflake
/// string constants (data-types-text), so both are escaped; escaping only `'` would let a trailing
/// backslash swallow the closing quote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SqlString(String);

impl SqlString {
    pub fn new(value: impl Into<String>) -> Self {
        SqlString(value.into())
    }

    pub fn value(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SqlString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_string_literal(f, &self.0)
    }
}

/// Writes `value` as a single-quoted Snowflake literal, escaping `'` and `\`. Every string
/// literal the project prints (templates and the validator's canonical SQL) goes through here.
///
/// Text that client-side templating would rewrite is written as a hex escape instead (`\xhh` is a
/// documented escape of Snowflake string constants, data-types-text "Escape sequences"): an `&`
/// followed by a letter, `_`, `{` or `&`, the `{` of `{#` and the `<` of `<%`. The Snowflake
/// CLI's `snow sql` by default turns `&&` into `&` and `&name`/`&{name}` into variables
/// (`snowflake-cli` `_plugins/sql/snowsql_templating.py`: a `string.Template` with delimiter `&`
/// and the ASCII identifier pattern), then renders each statement with Jinja whose variables are
/// `&{ }`/`<% %>` and whose comments are Jinja's default `{# #}` (`api/rendering/sql_templates.py`);
/// SnowSQL substitutes `&name` too. The escaped literal means the same string to Snowflake and
/// reaches it unchanged through all of them. (sqlparser's tokenizer does not decode `\xhh`: our
/// validator reads `'R\x26D'` as `Rx26D`; nothing it checks depends on such free text.)
pub fn write_string_literal(f: &mut impl fmt::Write, value: &str) -> fmt::Result {
    f.write_char('\'')?;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\'', _) => f.write_str("''")?,
            ('\\', _) => f.write_str("\\\\")?,
            ('&', Some(&n)) if n.is_ascii_alphabetic() || matches!(n, '_' | '{' | '&') => {
                f.write_str("\\x26")?
            }
            ('{', Some('#')) => f.write_str("\\x7b")?,
            ('<', Some('%')) => f.write_str("\\x3c")?,
            (c, _) => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

/// Whether `text` holds something the Snowflake CLI's default templating of `snow sql` would
/// rewrite or refuse (see [`write_string_literal`]): `&` before a letter, `_`, `{` or `&`; `{#`;
/// `<%`.
pub fn has_client_template_syntax(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(2).any(|w| {
        (w[0] == b'&' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'_' | b'{' | b'&')))
            || w == b"{#"
            || w == b"<%"
    })
}

/// A single-quoted Jinja string literal (for the generated dbt macros). Jinja decodes Python
/// escape sequences in string literals, so `\\` and `'` are backslash-escaped; text inside a
/// string token cannot open or close a Jinja tag, so `{{` and `%}` need nothing. `None` renders
/// as Jinja's `none`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JinjaString(pub Option<String>);

impl JinjaString {
    pub fn new(value: impl Into<String>) -> Self {
        JinjaString(Some(value.into()))
    }
}

impl fmt::Display for JinjaString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(value) = &self.0 else {
            return f.write_str("none");
        };
        f.write_char('\'')?;
        for c in value.chars() {
            match c {
                '\'' => f.write_str("\\'")?,
                '\\' => f.write_str("\\\\")?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('\'')
    }
}

/// `text` as a Jinja template that renders back to exactly `text` (schemachange renders every
/// script with Jinja). Only a `{` that opens a Jinja tag (`{{`, `{%`, `{#`) needs escaping; it
/// becomes the expression `{{ '{' }}`.
pub fn jinja_verbatim(text: &str) -> std::borrow::Cow<'_, str> {
    let opens_tag = |w: &[u8]| w[0] == b'{' && matches!(w[1], b'{' | b'%' | b'#');
    if !text.as_bytes().windows(2).any(opens_tag) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && matches!(chars.peek(), Some('{' | '%' | '#')) {
            out.push_str("{{ '{' }}");
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Why a piece of text may not be embedded in SQL at all (validation reports it instead of escaping).
pub fn unsafe_text_reason(s: &str) -> Option<&'static str> {
    if s.chars().any(|c| c == '\0') {
        Some("contains a NUL character")
    } else if s.chars().any(|c| c.is_control() && c != '\t') {
        Some("contains a control character (newline, carriage return, escape...)")
    } else if s.contains("$$") {
        Some("contains `$$`, which ends dollar-quoted bodies")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_for_binary_search() {
        let mut sorted = RESERVED.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, RESERVED);
    }

    #[test]
    fn plain_identifiers_render_bare() {
        assert_eq!(
            Ident::new("CLIENT_ACME_ROLE").to_string(),
            "CLIENT_ACME_ROLE"
        );
        assert_eq!(Ident::new("_X$1").to_string(), "_X$1");
    }

    #[test]
    fn other_identifiers_are_quoted_with_doubled_quotes() {
        assert_eq!(Ident::new("acme").to_string(), "\"acme\"");
        assert_eq!(Ident::new("A\"B").to_string(), "\"A\"\"B\"");
        assert_eq!(Ident::new("1ABC").to_string(), "\"1ABC\"");
        // Reserved words must be quoted to be used as names (reserved-keywords).
        assert_eq!(Ident::new("TABLE").to_string(), "\"TABLE\"");
    }

    #[test]
    fn string_literals_escape_quote_and_backslash() {
        assert_eq!(SqlString::new("it's").to_string(), "'it''s'");
        assert_eq!(SqlString::new("a\\").to_string(), "'a\\\\'");
        assert_eq!(SqlString::new("\\'").to_string(), "'\\\\'''");
    }

    #[test]
    fn jinja_literals_escape_quote_and_backslash() {
        assert_eq!(JinjaString::new("it's").to_string(), "'it\\'s'");
        assert_eq!(JinjaString::new("a\\").to_string(), "'a\\\\'");
        assert_eq!(
            JinjaString::new(r#"{"k":"v \"q\""}"#).to_string(),
            r#"'{"k":"v \\"q\\""}'"#
        );
        assert_eq!(JinjaString(None).to_string(), "none");
    }

    /// Snowflake's decoding of a single-quoted string constant (data-types-text, "Escape
    /// sequences": `''`, `\\`, `\xhh`, and an unknown escape drops the backslash), written from
    /// the documentation rather than taken from sqlparser, which does not decode `\xhh`.
    fn snowflake_decode(literal: &str) -> String {
        let inner = literal
            .strip_prefix('\'')
            .unwrap()
            .strip_suffix('\'')
            .unwrap();
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    assert_eq!(chars.next(), Some('\''), "a lone quote in {literal}");
                    out.push('\'');
                }
                '\\' => match chars.next().unwrap() {
                    'x' => {
                        let hex: String = chars.by_ref().take(2).collect();
                        out.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
                    }
                    'n' | 't' | 'r' | 'b' | 'f' | 'u' | '0'..='7' => {
                        panic!("unexpected escape in {literal}")
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        out
    }

    /// `snow sql` rewrites `&&`, `&name`, `&{name}`, `<% %>` and `{# #}` before sending; the literal
    /// carries none of them and still means the text to Snowflake.
    #[test]
    fn literals_carry_no_client_template_syntax() {
        let text = "R&D && &{x} &_y <% y %> {# z #} <a> {b} a & b &1 O'Brien \\";
        let literal = SqlString::new(text).to_string();
        assert_eq!(
            literal,
            "'R\\x26D \\x26& \\x26{x} \\x26_y \\x3c% y %> \\x7b# z #} <a> {b} a & b &1 O''Brien \\\\'"
        );
        assert!(!has_client_template_syntax(&literal));
        assert!(has_client_template_syntax(text));
        assert!(!has_client_template_syntax("a & b, &1, {a} <b>"));
        assert_eq!(snowflake_decode(&literal), text);
        // Text without any of it is written as before.
        assert_eq!(SqlString::new("Acme & Co").to_string(), "'Acme & Co'");
    }

    #[test]
    fn jinja_verbatim_escapes_only_tag_openers() {
        assert_eq!(
            jinja_verbatim("var x = {sqlText: 1};"),
            "var x = {sqlText: 1};"
        );
        assert_eq!(
            jinja_verbatim("COMMENT = '{{ evil }} {% x %} {# c #}'"),
            "COMMENT = '{{ '{' }}{ evil }} {{ '{' }}% x %} {{ '{' }}# c #}'"
        );
        assert_eq!(jinja_verbatim("{{{"), "{{ '{' }}{{ '{' }}{");
    }

    #[test]
    fn unsafe_text_is_named() {
        assert!(unsafe_text_reason("line\nbreak").is_some());
        assert!(unsafe_text_reason("a$$b").is_some());
        assert!(unsafe_text_reason("Acme O'Brien \\ Co").is_none());
    }
}
