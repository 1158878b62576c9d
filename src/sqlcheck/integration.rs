//! CREATE API INTEGRATION, CREATE NOTIFICATION INTEGRATION and CREATE SECURITY INTEGRATION of type
//! EXTERNAL_OAUTH [sql/create-api-integration, sql/create-notification-integration-email,
//! sql/create-security-integration-oauth-external], and their ALTER ... SET / UNSET
//! [sql/alter-api-integration, sql/alter-notification-integration-email,
//! sql/alter-security-integration-oauth-external], which re-deploys use to converge an existing
//! integration (CREATE ... IF NOT EXISTS leaves it as it was).

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::catalog::check::{Form, Given, check_variants, suggest};
use super::catalog::{Kind, kind_named, ours};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::warehouse::write_props;
use super::words::{Commas, Property, eat_words, expect_one_of, expect_words, expected_err};
use super::words::{flag, parse_if_not_exists, parse_or_replace};

/// Kinds an `ALTER INTEGRATION` without its kind word may name (the catalog's integrations).
const INTEGRATION_KINDS: &[&str] = &[
    "API INTEGRATION",
    "NOTIFICATION INTEGRATION",
    "SECURITY INTEGRATION",
    "STORAGE INTEGRATION",
    "EXTERNAL ACCESS INTEGRATION",
];

/// Which integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegrationKind {
    Api,
    Notification,
    /// A security integration; only `TYPE = EXTERNAL_OAUTH` is parsed.
    Security,
}

/// `CREATE [OR REPLACE] {API | NOTIFICATION | SECURITY} INTEGRATION [IF NOT EXISTS] name prop = value ...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateIntegration {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub kind: IntegrationKind,
    pub name: ObjectName,
    pub props: Vec<Property>,
}

impl CreateIntegration {
    /// The value of property `name`, if set.
    pub fn prop(&self, name: &str) -> Option<&super::words::PropValue> {
        self.props.iter().find(|p| p.is(name)).map(|p| &p.value)
    }
}

/// `ALTER [API | NOTIFICATION | SECURITY] INTEGRATION [IF EXISTS] name { SET ... | UNSET ... }`.
/// Without the kind word Snowflake finds the integration by name, so any kind's properties pass.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterIntegration {
    pub kind: Option<IntegrationKind>,
    pub if_exists: bool,
    pub name: ObjectName,
    pub action: IntegrationAction,
}

/// What ALTER INTEGRATION does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IntegrationAction {
    Set(Vec<Property>),
    Unset(Vec<Ident>),
}

/// Parses the CREATE or ALTER statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER"]) {
        return parse_alter(p);
    }
    parse_create(p)
}

/// The catalog's entry for `kind`.
fn catalog(kind: IntegrationKind) -> &'static Kind {
    let name = match kind {
        IntegrationKind::Api => "API INTEGRATION",
        IntegrationKind::Notification => "NOTIFICATION INTEGRATION",
        IntegrationKind::Security => "SECURITY INTEGRATION",
    };
    kind_named(name).unwrap_or_else(|| unreachable!("the catalog has {name}"))
}

/// CREATE: properties, their values, the TYPE's own property set and the required properties,
/// all from the catalog [`super::catalog::props::integrations`].
fn parse_create(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    let kind = match expect_one_of(p, &["API", "NOTIFICATION", "SECURITY"])? {
        0 => IntegrationKind::Api,
        1 => IntegrationKind::Notification,
        _ => IntegrationKind::Security,
    };
    expect_words(p, &["INTEGRATION"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let entry = catalog(kind);
    let (props, given) = ours::parse_given(p, |n| entry.any_prop(n).is_some())?;
    check_variants(entry, Form::Create, &given)?;
    Ok(SnowflakeStatement::CreateIntegration(CreateIntegration {
        or_replace,
        if_not_exists,
        kind,
        name,
        props,
    }))
}

fn parse_alter(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let kind = if eat_words(p, &["API"]) {
        Some(IntegrationKind::Api)
    } else if eat_words(p, &["NOTIFICATION"]) {
        Some(IntegrationKind::Notification)
    } else if eat_words(p, &["SECURITY"]) {
        Some(IntegrationKind::Security)
    } else {
        None
    };
    expect_words(p, &["INTEGRATION"])?;
    let if_exists = eat_words(p, &["IF", "EXISTS"]);
    let name = p.parse_object_name(false)?;
    let knows = |n: &str| match kind {
        Some(k) => catalog(k).any_prop(n).is_some(),
        None => INTEGRATION_KINDS
            .iter()
            .filter_map(|k| kind_named(k))
            .any(|k| k.any_prop(n).is_some()),
    };
    let (action, form, given) = match expect_one_of(p, &["SET", "UNSET"])? {
        0 => {
            let (props, given) = ours::parse_given(p, knows)?;
            if props.is_empty() {
                let at = p.peek_token_ref();
                return Err(expected_err("a property (NAME = value) after SET", at).into());
            }
            (IntegrationAction::Set(props), Form::Set, given)
        }
        _ => {
            let (names, given) = ours::parse_unset_given(p)?;
            (IntegrationAction::Unset(names), Form::Unset, given)
        }
    };
    match kind {
        Some(k) => {
            check_variants(catalog(k), form, &given)?;
        }
        None => check_any_integration(form, &given)?,
    }
    Ok(SnowflakeStatement::AlterIntegration(AlterIntegration {
        kind,
        if_exists,
        name,
        action,
    }))
}

/// `ALTER INTEGRATION name SET ...` names no kind: Snowflake finds the integration by name, so
/// the list must fit one of the integration kinds of the catalog; when none fits, the error of
/// the kind that knows every name (a bad value), else an unknown name against them all.
fn check_any_integration(form: Form, given: &[Given]) -> Result<(), GrammarError> {
    let kinds: Vec<&'static Kind> = INTEGRATION_KINDS
        .iter()
        .filter_map(|k| kind_named(k))
        .collect();
    let mut first_err = None;
    for k in &kinds {
        match check_variants(k, form, given) {
            Ok(_) => return Ok(()),
            Err(e) if given.iter().all(|g| k.any_prop(&g.name).is_some()) => {
                first_err.get_or_insert(e);
            }
            Err(_) => {}
        }
    }
    if let Some(e) = first_err {
        return Err(e);
    }
    let unknown = given
        .iter()
        .find(|g| !kinds.iter().any(|k| k.any_prop(&g.name).is_some()));
    let Some(g) = unknown else {
        let message = "these properties belong to different kinds of integration \
                       [docs.snowflake.com/en/sql-reference/sql/alter-integration]";
        return Err(GrammarError {
            code: Code::Conflict,
            message: message.into(),
            at: given
                .first()
                .map(|g| g.name_at)
                .unwrap_or(sqlparser::tokenizer::Span::empty()),
        });
    };
    let names = kinds.iter().flat_map(|k| {
        k.props
            .iter()
            .chain(k.variants.iter().flat_map(|v| v.props.iter()))
            .map(|p| p.name)
    });
    let mut message = format!(
        "no integration has a property {}",
        g.name.to_ascii_uppercase()
    );
    if let Some(s) = suggest(&g.name, names) {
        message.push_str(&format!("; did you mean {s}?"));
    }
    message.push_str(" [docs.snowflake.com/en/sql-reference/sql/alter-integration]");
    Err(GrammarError {
        code: Code::UnknownProperty,
        message,
        at: g.name_at,
    })
}

fn kind_words(kind: IntegrationKind) -> &'static str {
    match kind {
        IntegrationKind::Api => " API",
        IntegrationKind::Notification => " NOTIFICATION",
        IntegrationKind::Security => " SECURITY",
    }
}

impl fmt::Display for AlterIntegration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER")?;
        if let Some(kind) = self.kind {
            f.write_str(kind_words(kind))?;
        }
        f.write_str(" INTEGRATION")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {}", self.name)?;
        match &self.action {
            IntegrationAction::Set(props) => {
                f.write_str(" SET")?;
                write_props(f, props)
            }
            IntegrationAction::Unset(names) => write!(f, " UNSET {}", Commas(names)),
        }
    }
}

impl fmt::Display for CreateIntegration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(kind_words(self.kind))?;
        f.write_str(" INTEGRATION")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        for p in &self.props {
            write!(f, " {p}")?;
        }
        Ok(())
    }
}
