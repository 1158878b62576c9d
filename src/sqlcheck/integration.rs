//! CREATE API INTEGRATION and CREATE NOTIFICATION INTEGRATION [sql/create-api-integration,
//! sql/create-notification-integration-email].

use std::fmt;

use sqlparser::ast::ObjectName;
use sqlparser::parser::Parser;

use super::ast::SnowflakeStatement;
use super::grammar::GrammarError;
use super::words::{
    Property, expect_one_of, expect_words, expected_err, flag, parse_if_not_exists,
};
use super::words::{parse_or_replace, parse_properties};

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

/// Which integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegrationKind {
    Api,
    Notification,
}

/// `CREATE [OR REPLACE] {API | NOTIFICATION} INTEGRATION [IF NOT EXISTS] name prop = value ...`.
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

/// Parses the statement, requiring the properties Snowflake requires.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    let kind = match expect_one_of(p, &["API", "NOTIFICATION"])? {
        0 => IntegrationKind::Api,
        _ => IntegrationKind::Notification,
    };
    expect_words(p, &["INTEGRATION"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let (known, required) = match kind {
        IntegrationKind::Api => (API_PROPERTIES, API_REQUIRED),
        IntegrationKind::Notification => (NOTIFICATION_PROPERTIES, NOTIFICATION_REQUIRED),
    };
    let props = parse_properties(p, known)?;
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

impl fmt::Display for CreateIntegration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(match self.kind {
            IntegrationKind::Api => " API INTEGRATION",
            IntegrationKind::Notification => " NOTIFICATION INTEGRATION",
        })?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        for p in &self.props {
            write!(f, " {p}")?;
        }
        Ok(())
    }
}
