//! Canonical names: the one identity an object has in the account model, taken from the parsed
//! statement (never from its tokens), so audit, plan and drift key an object the same way.
//!
//! Unquoted identifiers fold to upper case (Snowflake's rule); quoted ones keep their text, and
//! stay quoted in the key when they are not plain upper-case words ([`crate::apply::names::part`],
//! the same rule drift applies to the names the account's catalog prints). Parts join with `.`, so
//! `analytics_platform.gold.t` and `ANALYTICS_PLATFORM.GOLD.T` are one object, and a key parses
//! back to the name it came from (`DB."odd s".T`).

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart, SchemaName};

/// One identifier, folded, as a key part.
pub fn ident(i: &Ident) -> String {
    crate::apply::names::part(&i.value, i.quote_style)
}

/// A dotted name, folded.
pub fn object(n: &ObjectName) -> String {
    n.0.iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => ident(i),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A schema's name as sqlparser's `CREATE SCHEMA` gives it (`DB.S`, or `AUTHORIZATION`'s name).
pub fn schema(n: &SchemaName) -> String {
    match n {
        SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => object(n),
        SchemaName::UnnamedAuthorization(i) => ident(i),
    }
}

/// The parent of a dotted name (`D.S.T` -> `D.S`), if any.
pub fn parent(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::SnowflakeDialect;
    use sqlparser::parser::Parser;

    fn parsed(text: &str) -> ObjectName {
        Parser::new(&SnowflakeDialect {})
            .try_with_sql(text)
            .and_then(|mut p| p.parse_object_name(false))
            .unwrap()
    }

    #[test]
    fn a_key_folds_unquoted_parts_and_keeps_quoted_ones_quoted() {
        assert_eq!(object(&parsed("analytics.gold.t")), "ANALYTICS.GOLD.T");
        assert_eq!(object(&parsed("\"ANALYTICS\".gold.T")), "ANALYTICS.GOLD.T");
        assert_eq!(object(&parsed("db.\"odd s\".t")), "DB.\"odd s\".T");
        // A key parses back to the same key (plan writes statements from keys).
        let key = object(&parsed("db.\"a\"\"b\".t"));
        assert_eq!(object(&parsed(&key)), key);
    }

    #[test]
    fn sqlparser_and_our_grammar_key_a_schema_alike() {
        use crate::sqlcheck::{Typed, validate_statement};
        use sqlparser::ast::Statement;
        let ours = match validate_statement(
            "CREATE SCHEMA IF NOT EXISTS db.\"odd s\" WITH MANAGED ACCESS",
        ) {
            Ok(Typed::Snowflake(s)) => match *s {
                crate::sqlcheck::ast::SnowflakeStatement::CreateSchema(c) => object(&c.name),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        let theirs = match validate_statement("CREATE SCHEMA IF NOT EXISTS db.\"odd s\"") {
            Ok(Typed::Sql(s)) => match *s {
                Statement::CreateSchema { schema_name, .. } => schema(&schema_name),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        assert_eq!(ours, "DB.\"odd s\"");
        assert_eq!(theirs, ours);
    }
}
