//! CREATE SCHEMA forms sqlparser rejects (WITH MANAGED ACCESS, TRANSIENT, properties),
//! ALTER SCHEMA ENABLE/DISABLE MANAGED ACCESS and ALTER SCHEMA SET / UNSET
//! [sql/create-schema, sql/alter-schema]. Property names, values and ranges come from the catalog.

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use sqlparser::ast::Ident;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Vocabulary};
use super::catalog::props::schema::TRANSIENT_MAX_RETENTION_DAYS;
use super::catalog::{kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, Property, eat_words, expect_one_of, expect_words, flag, or_replace};
use super::words::{parse_if_not_exists, parse_or_replace};

fn schema() -> Vocabulary<'static> {
    Vocabulary {
        kind: kind_named("SCHEMA").unwrap_or_else(|| unreachable!("catalog has SCHEMA")),
        extra: &[],
    }
}

/// `ALTER SCHEMA [IF EXISTS] name { SET prop = value ... | UNSET prop [, ...] }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterSchemaProperties {
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: SchemaAction,
}

/// SET or UNSET of schema properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SchemaAction {
    Set(Vec<Property>),
    Unset(Vec<Ident>),
}

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
        let verb = expect_one_of(p, &["ENABLE", "DISABLE", "SET", "UNSET"])?;
        if verb >= 2 {
            let action = if verb == 2 {
                SchemaAction::Set(ours::parse_props(p, &schema(), Form::Set)?)
            } else {
                SchemaAction::Unset(ours::parse_unset(p, &schema())?)
            };
            return Ok(SnowflakeStatement::AlterSchemaProperties(
                AlterSchemaProperties {
                    if_exists,
                    name,
                    action,
                },
            ));
        }
        let enable = verb == 0;
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
    let at = p.peek_token();
    let props = ours::parse_props(p, &schema(), Form::Create)?;
    if transient
        && let Some(days) = props.iter().find(|q| q.is("DATA_RETENTION_TIME_IN_DAYS"))
        && ours::val(&days.value)
            .num()
            .is_some_and(|d| d > TRANSIENT_MAX_RETENTION_DAYS)
    {
        let message = format!(
            "a transient schema keeps DATA_RETENTION_TIME_IN_DAYS at 0 or {TRANSIENT_MAX_RETENTION_DAYS} [docs.snowflake.com/en/sql-reference/sql/create-schema]"
        );
        return Err(GrammarError::at(Code::Conflict, message, &at));
    }
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

impl fmt::Display for AlterSchemaProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER SCHEMA")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            SchemaAction::Set(props) => {
                f.write_str(" SET")?;
                for p in props {
                    write!(f, " {p}")?;
                }
                Ok(())
            }
            SchemaAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
        }
    }
}
