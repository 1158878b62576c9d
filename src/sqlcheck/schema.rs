//! CREATE SCHEMA forms sqlparser rejects (WITH MANAGED ACCESS, TRANSIENT, properties) and
//! ALTER SCHEMA ENABLE/DISABLE MANAGED ACCESS [sql/create-schema, sql/alter-schema].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{Property, eat_words, expect_one_of, expect_words, flag, or_replace};
use super::words::{parse_if_not_exists, parse_or_replace, parse_properties};

const SCHEMA_PROPERTIES: &[&str] = &[
    "DATA_RETENTION_TIME_IN_DAYS",
    "MAX_DATA_EXTENSION_TIME_IN_DAYS",
    "DEFAULT_DDL_COLLATION",
    "COMMENT",
    "LOG_LEVEL",
    "TRACE_LEVEL",
    "SUSPEND_TASK_AFTER_NUM_FAILURES",
    "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
];

/// `CREATE [OR REPLACE | OR ALTER] [TRANSIENT] SCHEMA [IF NOT EXISTS] name
/// [WITH MANAGED ACCESS] [prop = value ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateSchema {
    pub or_replace: bool,
    pub or_alter: bool,
    pub transient: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    /// Managed access: only the schema owner (or MANAGE GRANTS) grants on its objects.
    pub managed_access: bool,
    pub props: Vec<Property>,
}

/// `ALTER SCHEMA [IF EXISTS] name { ENABLE | DISABLE } MANAGED ACCESS`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterSchemaManagedAccess {
    pub if_exists: bool,
    pub name: ObjectName,
    pub enable: bool,
}

/// Parses the CREATE or ALTER form.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "SCHEMA"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        let enable = expect_one_of(p, &["ENABLE", "DISABLE"])? == 0;
        expect_words(p, &["MANAGED", "ACCESS"])?;
        return Ok(SnowflakeStatement::AlterSchemaManagedAccess(
            AlterSchemaManagedAccess {
                if_exists,
                name,
                enable,
            },
        ));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let transient = eat_words(p, &["TRANSIENT"]);
    expect_words(p, &["SCHEMA"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let managed_access = eat_words(p, &["WITH"]);
    if managed_access {
        expect_words(p, &["MANAGED", "ACCESS"])?;
    }
    let props = parse_properties(p, SCHEMA_PROPERTIES)?;
    Ok(SnowflakeStatement::CreateSchema(CreateSchema {
        or_replace,
        or_alter,
        transient,
        if_not_exists,
        name,
        managed_access,
        props,
    }))
}

impl fmt::Display for CreateSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        flag(f, self.transient, "TRANSIENT")?;
        f.write_str(" SCHEMA")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        flag(f, self.managed_access, "WITH MANAGED ACCESS")?;
        for p in &self.props {
            write!(f, " {p}")?;
        }
        Ok(())
    }
}

impl fmt::Display for AlterSchemaManagedAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER SCHEMA")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        let verb = if self.enable { "ENABLE" } else { "DISABLE" };
        write!(f, " {} {verb} MANAGED ACCESS", self.name)
    }
}
