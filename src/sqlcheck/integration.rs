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
use super::grammar::GrammarError;
use super::warehouse::{parse_set, parse_unset, write_props};
use super::words::{Commas, PropValue, eat_words, parse_or_replace, parse_properties};
use super::words::{
    Property, expect_one_of, expect_words, expected_err, flag, parse_if_not_exists,
};

const API_PROPERTIES: &[&str] = &[
    "API_PROVIDER",
    "API_AWS_ROLE_ARN",
    "API_KEY",
    "API_ALLOWED_PREFIXES",
    "API_BLOCKED_PREFIXES",
    "ENABLED",
    "COMMENT",
    "AZURE_TENANT_ID",
    "AZURE_AD_APPLICATION_ID",
    "GOOGLE_AUDIENCE",
    "API_USER_AUTHENTICATION",
    "ALLOWED_AUTHENTICATION_SECRETS",
];
const API_REQUIRED: &[&str] = &["API_PROVIDER", "API_ALLOWED_PREFIXES", "ENABLED"];

const NOTIFICATION_PROPERTIES: &[&str] = &[
    "TYPE",
    "ENABLED",
    "ALLOWED_RECIPIENTS",
    "DEFAULT_RECIPIENTS",
    "DEFAULT_SUBJECT",
    "COMMENT",
    "NOTIFICATION_PROVIDER",
    "DIRECTION",
    "AWS_SNS_TOPIC_ARN",
    "AWS_SNS_ROLE_ARN",
    "AZURE_EVENT_GRID_TOPIC_ENDPOINT",
    "AZURE_STORAGE_QUEUE_PRIMARY_URI",
    "AZURE_TENANT_ID",
    "GCP_PUBSUB_SUBSCRIPTION_NAME",
    "GCP_PUBSUB_TOPIC_NAME",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_BODY_TEMPLATE",
    "WEBHOOK_HEADERS",
];
const NOTIFICATION_REQUIRED: &[&str] = &["TYPE", "ENABLED"];

const EXTERNAL_OAUTH_PROPERTIES: &[&str] = &[
    "TYPE",
    "ENABLED",
    "EXTERNAL_OAUTH_TYPE",
    "EXTERNAL_OAUTH_ISSUER",
    "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM",
    "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
    "EXTERNAL_OAUTH_JWS_KEYS_URL",
    "EXTERNAL_OAUTH_BLOCKED_ROLES_LIST",
    "EXTERNAL_OAUTH_ALLOWED_ROLES_LIST",
    "EXTERNAL_OAUTH_RSA_PUBLIC_KEY",
    "EXTERNAL_OAUTH_RSA_PUBLIC_KEY_2",
    "EXTERNAL_OAUTH_AUDIENCE_LIST",
    "EXTERNAL_OAUTH_ANY_ROLE_MODE",
    "EXTERNAL_OAUTH_SCOPE_DELIMITER",
    "EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE",
    "NETWORK_POLICY",
    "COMMENT",
];
const EXTERNAL_OAUTH_REQUIRED: &[&str] = &[
    "TYPE",
    "ENABLED",
    "EXTERNAL_OAUTH_TYPE",
    "EXTERNAL_OAUTH_ISSUER",
    "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM",
    "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
];

/// What ALTER may SET on each kind: no API_PROVIDER or TYPE = EMAIL, which only CREATE takes.
const API_ALTERABLE: &[&str] = &[
    "API_AWS_ROLE_ARN",
    "AZURE_AD_APPLICATION_ID",
    "API_KEY",
    "ENABLED",
    "API_ALLOWED_PREFIXES",
    "API_BLOCKED_PREFIXES",
    "ALLOWED_AUTHENTICATION_SECRETS",
    "COMMENT",
];
const API_UNSETTABLE: &[&str] = &["API_KEY", "ENABLED", "API_BLOCKED_PREFIXES", "COMMENT"];
const NOTIFICATION_ALTERABLE: &[&str] = &[
    "ENABLED",
    "ALLOWED_RECIPIENTS",
    "DEFAULT_RECIPIENTS",
    "DEFAULT_SUBJECT",
    "COMMENT",
    "AWS_SNS_TOPIC_ARN",
    "AWS_SNS_ROLE_ARN",
    "AZURE_EVENT_GRID_TOPIC_ENDPOINT",
    "AZURE_STORAGE_QUEUE_PRIMARY_URI",
    "GCP_PUBSUB_SUBSCRIPTION_NAME",
    "GCP_PUBSUB_TOPIC_NAME",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_BODY_TEMPLATE",
    "WEBHOOK_HEADERS",
];
const NOTIFICATION_UNSETTABLE: &[&str] = &[
    "ENABLED",
    "ALLOWED_RECIPIENTS",
    "DEFAULT_RECIPIENTS",
    "DEFAULT_SUBJECT",
    "COMMENT",
];
const EXTERNAL_OAUTH_ALTERABLE: &[&str] = &[
    "TYPE",
    "ENABLED",
    "EXTERNAL_OAUTH_TYPE",
    "EXTERNAL_OAUTH_ISSUER",
    "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM",
    "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
    "EXTERNAL_OAUTH_JWS_KEYS_URL",
    "EXTERNAL_OAUTH_RSA_PUBLIC_KEY",
    "EXTERNAL_OAUTH_RSA_PUBLIC_KEY_2",
    "EXTERNAL_OAUTH_BLOCKED_ROLES_LIST",
    "EXTERNAL_OAUTH_ALLOWED_ROLES_LIST",
    "EXTERNAL_OAUTH_AUDIENCE_LIST",
    "EXTERNAL_OAUTH_ANY_ROLE_MODE",
    "EXTERNAL_OAUTH_SCOPE_DELIMITER",
    "IS_AGENTIC",
    "NETWORK_POLICY",
    "COMMENT",
];
const EXTERNAL_OAUTH_UNSETTABLE: &[&str] =
    &["ENABLED", "EXTERNAL_OAUTH_AUDIENCE_LIST", "IS_AGENTIC"];

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

/// CREATE, requiring the properties Snowflake requires.
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
    let (known, required) = match kind {
        IntegrationKind::Api => (API_PROPERTIES, API_REQUIRED),
        IntegrationKind::Notification => (NOTIFICATION_PROPERTIES, NOTIFICATION_REQUIRED),
        IntegrationKind::Security => (EXTERNAL_OAUTH_PROPERTIES, EXTERNAL_OAUTH_REQUIRED),
    };
    let props = parse_properties(p, known)?;
    if kind == IntegrationKind::Security {
        check_external_oauth(p, &props)?;
    }
    if let Some(missing) = required.iter().find(|r| !props.iter().any(|q| q.is(r))) {
        return Err(expected_err(&format!("{missing} = ..."), p.peek_token_ref()).into());
    }
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
    let any_set = [
        API_ALTERABLE,
        NOTIFICATION_ALTERABLE,
        EXTERNAL_OAUTH_ALTERABLE,
    ]
    .concat();
    let any_unset = [
        API_UNSETTABLE,
        NOTIFICATION_UNSETTABLE,
        EXTERNAL_OAUTH_UNSETTABLE,
    ]
    .concat();
    let (settable, unsettable): (&[&str], &[&str]) = match kind {
        Some(IntegrationKind::Api) => (API_ALTERABLE, API_UNSETTABLE),
        Some(IntegrationKind::Notification) => (NOTIFICATION_ALTERABLE, NOTIFICATION_UNSETTABLE),
        Some(IntegrationKind::Security) => (EXTERNAL_OAUTH_ALTERABLE, EXTERNAL_OAUTH_UNSETTABLE),
        None => (&any_set, &any_unset),
    };
    let action = match expect_one_of(p, &["SET", "UNSET"])? {
        0 => {
            let props = parse_set(p, settable)?;
            if kind == Some(IntegrationKind::Security) {
                check_external_oauth(p, &props)?;
            }
            IntegrationAction::Set(props)
        }
        _ => IntegrationAction::Unset(parse_unset(p, unsettable)?),
    };
    Ok(SnowflakeStatement::AlterIntegration(AlterIntegration {
        kind,
        if_exists,
        name,
        action,
    }))
}

/// The documented enumerations of an External OAuth integration
/// [sql/create-security-integration-oauth-external].
fn check_external_oauth(p: &Parser, props: &[Property]) -> Result<(), GrammarError> {
    let value = |name: &str| {
        props.iter().find(|q| q.is(name)).map(|q| match &q.value {
            PropValue::String(s) => s.to_ascii_uppercase(),
            PropValue::Name(n) => n.to_string().to_ascii_uppercase(),
            other => other.to_string(),
        })
    };
    let checks: &[(&str, &[&str])] = &[
        ("TYPE", &["EXTERNAL_OAUTH"]),
        (
            "EXTERNAL_OAUTH_TYPE",
            &["OKTA", "AZURE", "PING_FEDERATE", "CUSTOM"],
        ),
        (
            "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
            &["LOGIN_NAME", "EMAIL_ADDRESS"],
        ),
        (
            "EXTERNAL_OAUTH_ANY_ROLE_MODE",
            &["DISABLE", "ENABLE", "ENABLE_FOR_PRIVILEGE"],
        ),
    ];
    for (name, allowed) in checks {
        if let Some(v) = value(name)
            && !allowed.contains(&v.as_str())
        {
            let want = format!("{name} = {}", allowed.join(" | "));
            return Err(expected_err(&want, p.peek_token_ref()).into());
        }
    }
    Ok(())
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
