//! `GRANT { CREATE <object type> [, ...] | APPLY } ON { SCHEMA s | ROW ACCESS POLICY p } TO ROLE r`
//! and its REVOKE (`... FROM ROLE r`): the schema privileges to create objects and the APPLY
//! privilege on one row access policy, which sqlparser 0.64 lacks (it parses `CREATE` only for
//! account-level object types and `APPLY` only account-wide). Grammar:
//! <https://docs.snowflake.com/en/sql-reference/sql/grant-privilege> (schemaPrivileges
//! `CREATE TABLE | CREATE VIEW | ...`; schemaObjectPrivileges for row access policies: `APPLY`).

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{eat_words, expect_one_of, expect_words, expected_err};

/// Object types `CREATE <type>` may name on a schema.
pub const CREATABLE: &[&[&str]] = &[
    &["MATERIALIZED", "VIEW"],
    &["DYNAMIC", "TABLE"],
    &["EXTERNAL", "TABLE"],
    &["FILE", "FORMAT"],
    &["TABLE"],
    &["VIEW"],
    &["SEQUENCE"],
    &["FUNCTION"],
    &["PROCEDURE"],
    &["STAGE"],
    &["STREAM"],
    &["TASK"],
];

/// A schema privilege or APPLY on a row access policy, granted or revoked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectGrant {
    pub revoke: bool,
    /// `CREATE TABLE`, `CREATE VIEW`... or `APPLY`, upper case.
    pub privileges: Vec<String>,
    /// `SCHEMA` or `ROW ACCESS POLICY`.
    pub object_kind: String,
    pub name: ObjectName,
    pub role: ObjectName,
}

/// Whether `GRANT`/`REVOKE` tokens (after the verb) start a privilege list this grammar owns.
pub fn owns(words_after_verb: &[&str]) -> bool {
    match words_after_verb {
        ["CREATE", kind, ..] => CREATABLE.iter().any(|k| k[0] == *kind),
        ["APPLY", "ON", "ROW", ..] => true,
        _ => false,
    }
}

fn privilege(p: &mut Parser) -> Result<String, GrammarError> {
    if eat_words(p, &["APPLY"]) {
        return Ok("APPLY".into());
    }
    expect_words(p, &["CREATE"])?;
    match CREATABLE.iter().find(|k| eat_words(p, k)) {
        Some(kind) => Ok(format!("CREATE {}", kind.join(" "))),
        None => Err(expected_err("an object type (TABLE, VIEW...)", p.peek_token_ref()).into()),
    }
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let revoke = expect_one_of(p, &["GRANT", "REVOKE"])? == 1;
    let mut privileges = vec![privilege(p)?];
    while p.consume_token(&Token::Comma) {
        privileges.push(privilege(p)?);
    }
    expect_words(p, &["ON"])?;
    let object_kind = if eat_words(p, &["ROW", "ACCESS", "POLICY"]) {
        "ROW ACCESS POLICY"
    } else {
        expect_words(p, &["SCHEMA"])?;
        "SCHEMA"
    };
    let apply = privileges.iter().any(|p| p == "APPLY");
    if apply != (object_kind == "ROW ACCESS POLICY") || apply && privileges.len() > 1 {
        return Err(expected_err(
            "APPLY alone on a ROW ACCESS POLICY, CREATE privileges on a SCHEMA",
            p.peek_token_ref(),
        )
        .into());
    }
    let name = p.parse_object_name(false)?;
    expect_words(p, &[if revoke { "FROM" } else { "TO" }])?;
    let _ = eat_words(p, &["ROLE"]);
    let role = p.parse_object_name(false)?;
    Ok(SnowflakeStatement::ObjectGrant(ObjectGrant {
        revoke,
        privileges,
        object_kind: object_kind.into(),
        name,
        role,
    }))
}

impl fmt::Display for ObjectGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, to) = if self.revoke {
            ("REVOKE", "FROM")
        } else {
            ("GRANT", "TO")
        };
        write!(
            f,
            "{verb} {} ON {} {} {to} ROLE {}",
            self.privileges.join(", "),
            self.object_kind,
            self.name,
            self.role
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::sqlcheck::{Typed, check_script_named, validate_script_named};

    fn parsed(sql: &str) -> String {
        let report = validate_script_named("t.sql", sql);
        assert!(
            report.diagnostics.is_empty(),
            "{sql}: {:?}",
            report.diagnostics
        );
        match &report.statements[0].stmt {
            Typed::Snowflake(s) => s.to_string(),
            Typed::Sql(s) => panic!("sqlparser took it: {s}"),
        }
    }

    // https://docs.snowflake.com/en/sql-reference/sql/grant-privilege: schemaPrivileges and APPLY
    // on a row access policy.
    #[test]
    fn grant_privilege_doc_create_in_schema_and_apply_on_a_policy_parse_and_round_trip() {
        for sql in [
            "GRANT CREATE TABLE, CREATE VIEW ON SCHEMA DB.S TO ROLE DBT_ROLE",
            "GRANT APPLY ON ROW ACCESS POLICY DB.GOV.P TO ROLE DBT_ROLE",
            "REVOKE CREATE MATERIALIZED VIEW ON SCHEMA DB.S FROM ROLE R",
        ] {
            assert_eq!(parsed(sql), sql);
        }
    }

    #[test]
    fn apply_on_a_schema_and_create_on_a_policy_are_refused() {
        for sql in [
            "GRANT APPLY ON SCHEMA DB.S TO ROLE R",
            "GRANT CREATE TABLE ON ROW ACCESS POLICY DB.S.P TO ROLE R",
            "GRANT CREATE WIDGET ON SCHEMA DB.S TO ROLE R",
        ] {
            assert!(
                !check_script_named("t.sql", sql).diagnostics.is_empty(),
                "{sql}"
            );
        }
    }
}
