//! API, notification and security integrations [sql/create-api-integration,
//! sql/create-notification-integration-email, -webhooks, -queue-*, and
//! sql/create-security-integration-oauth-external, -oauth-snowflake, -saml2, -scim, with their
//! ALTER pages]. A notification or security integration's properties depend on its TYPE, so each
//! TYPE is a [`Variant`] with its own table and rules; the API integration's depend on its provider,
//! which its rules say.
//!
//! Forms follow the ALTER pages: a property only CREATE takes (API_PROVIDER, a TYPE) is `CREATE`;
//! one ALTER ... SET takes but UNSET does not (a required one) is `CREATE_SET`.

use super::super::{ALL, ANY_STRING, CREATE, CREATE_SET, Prop, Rule, SET, UNSET, Value, Variant};
use super::super::{int, p, string};

const API_DOC: &str = "sql-reference/sql/create-api-integration";
const EMAIL_DOC: &str = "sql-reference/sql/create-notification-integration-email";
const WEBHOOK_DOC: &str = "sql-reference/sql/create-notification-integration-webhooks";
const QUEUE_DOC: &str = "sql-reference/sql/create-notification-integration";
const EXTERNAL_OAUTH_DOC: &str = "sql-reference/sql/create-security-integration-oauth-external";
const OAUTH_DOC: &str = "sql-reference/sql/create-security-integration-oauth-snowflake";
const SAML2_DOC: &str = "sql-reference/sql/create-security-integration-saml2";
const SCIM_DOC: &str = "sql-reference/sql/create-security-integration-scim";

const LIST: Value = Value::List { max: 10_000 };
/// `'<string>' | ('<string>' [, ...])`.
const STR_OR_LIST: Value = Value::StrOrList { max: 10_000 };
/// "CREATE | SET" and "SET | UNSET" spelled for the table's columns.
const ALTER_ONLY: u8 = SET | UNSET;

// ---------------------------------------------------------------- API integrations

const AWS_PROVIDERS: &[&str] = &[
    "AWS_API_GATEWAY",
    "AWS_PRIVATE_API_GATEWAY",
    "AWS_GOV_API_GATEWAY",
    "AWS_GOV_PRIVATE_API_GATEWAY",
];
const AZURE_PROVIDERS: &[&str] = &["AZURE_API_MANAGEMENT", "AZURE_PRIVATE_API_MANAGEMENT"];
const API_PROVIDERS: &[&str] = &[
    "AWS_API_GATEWAY",
    "AWS_PRIVATE_API_GATEWAY",
    "AWS_GOV_API_GATEWAY",
    "AWS_GOV_PRIVATE_API_GATEWAY",
    "AZURE_API_MANAGEMENT",
    "AZURE_PRIVATE_API_MANAGEMENT",
    "GOOGLE_API_GATEWAY",
    "GIT_HTTPS_API",
];
const NOT_AWS: &[&str] = &[
    "AZURE_API_MANAGEMENT",
    "AZURE_PRIVATE_API_MANAGEMENT",
    "GOOGLE_API_GATEWAY",
    "GIT_HTTPS_API",
];
const NOT_AZURE: &[&str] = &[
    "AWS_API_GATEWAY",
    "AWS_PRIVATE_API_GATEWAY",
    "AWS_GOV_API_GATEWAY",
    "AWS_GOV_PRIVATE_API_GATEWAY",
    "GOOGLE_API_GATEWAY",
    "GIT_HTTPS_API",
];
const NOT_GOOGLE: &[&str] = &[
    "AWS_API_GATEWAY",
    "AWS_PRIVATE_API_GATEWAY",
    "AWS_GOV_API_GATEWAY",
    "AWS_GOV_PRIVATE_API_GATEWAY",
    "AZURE_API_MANAGEMENT",
    "AZURE_PRIVATE_API_MANAGEMENT",
    "GIT_HTTPS_API",
];

/// API integration properties [sql/create-api-integration, sql/alter-api-integration].
#[rustfmt::skip]
pub const API: &[Prop] = &[
    p("API_PROVIDER", Value::Enum(API_PROVIDERS), CREATE, API_DOC),
    p("API_AWS_ROLE_ARN", ANY_STRING, CREATE_SET, API_DOC),
    p("API_KEY", ANY_STRING, ALL, API_DOC),
    p("API_ALLOWED_PREFIXES", LIST, CREATE_SET, API_DOC),
    p("API_BLOCKED_PREFIXES", LIST, ALL, API_DOC),
    p("ENABLED", Value::Bool, ALL, API_DOC),
    p("AZURE_TENANT_ID", ANY_STRING, CREATE, API_DOC),
    p("AZURE_AD_APPLICATION_ID", ANY_STRING, CREATE_SET, API_DOC),
    p("GOOGLE_AUDIENCE", ANY_STRING, CREATE, API_DOC),
    p("API_USER_AUTHENTICATION", Value::List { max: 64 }, CREATE, API_DOC),
    p("ALLOWED_AUTHENTICATION_SECRETS", LIST, CREATE_SET, API_DOC),
    p("COMMENT", ANY_STRING, ALL, API_DOC),
];

/// What every API integration needs, and what each provider needs and refuses.
#[rustfmt::skip]
pub const API_RULES: &[Rule] = &[
    Rule::Required { prop: "API_PROVIDER", doc: API_DOC },
    Rule::Required { prop: "API_ALLOWED_PREFIXES", doc: API_DOC },
    Rule::Required { prop: "ENABLED", doc: API_DOC },
    Rule::NeedsWhen { prop: "API_PROVIDER", values: AWS_PROVIDERS, other: "API_AWS_ROLE_ARN", doc: API_DOC },
    Rule::NeedsWhen { prop: "API_PROVIDER", values: AZURE_PROVIDERS, other: "AZURE_TENANT_ID", doc: API_DOC },
    Rule::NeedsWhen { prop: "API_PROVIDER", values: AZURE_PROVIDERS, other: "AZURE_AD_APPLICATION_ID", doc: API_DOC },
    Rule::NeedsWhen { prop: "API_PROVIDER", values: &["GOOGLE_API_GATEWAY"], other: "GOOGLE_AUDIENCE", doc: API_DOC },
    Rule::WhenThen { prop: "API_PROVIDER", values: NOT_AWS, other: "API_AWS_ROLE_ARN", allowed: &[], doc: API_DOC },
    Rule::WhenThen { prop: "API_PROVIDER", values: NOT_AZURE, other: "AZURE_TENANT_ID", allowed: &[], doc: API_DOC },
    Rule::WhenThen { prop: "API_PROVIDER", values: NOT_AZURE, other: "AZURE_AD_APPLICATION_ID", allowed: &[], doc: API_DOC },
    Rule::WhenThen { prop: "API_PROVIDER", values: NOT_GOOGLE, other: "GOOGLE_AUDIENCE", allowed: &[], doc: API_DOC },
];

// ---------------------------------------------------------------- notification integrations

/// ALLOWED_RECIPIENTS holds at most 50 addresses [sql/create-notification-integration-email].
pub const MAX_RECIPIENTS: usize = 50;
/// DEFAULT_SUBJECT holds at most 256 characters [sql/create-notification-integration-email].
pub const MAX_SUBJECT: usize = 256;

/// Email notification integration properties.
#[rustfmt::skip]
pub const EMAIL: &[Prop] = &[
    p("TYPE", Value::Enum(&["EMAIL"]), CREATE, EMAIL_DOC),
    p("ENABLED", Value::Bool, ALL, EMAIL_DOC),
    p("ALLOWED_RECIPIENTS", Value::List { max: MAX_RECIPIENTS }, ALL, EMAIL_DOC),
    p("DEFAULT_RECIPIENTS", Value::List { max: MAX_RECIPIENTS }, ALL, EMAIL_DOC),
    p("DEFAULT_SUBJECT", string(MAX_SUBJECT), ALL, EMAIL_DOC),
    p("COMMENT", ANY_STRING, ALL, EMAIL_DOC),
];

#[rustfmt::skip]
const EMAIL_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: EMAIL_DOC },
    Rule::Required { prop: "ENABLED", doc: EMAIL_DOC },
];

/// Webhook notification integration properties (WEBHOOK_HEADERS is `('name'='value', ...)`).
#[rustfmt::skip]
pub const WEBHOOK: &[Prop] = &[
    p("TYPE", Value::Enum(&["WEBHOOK"]), CREATE, WEBHOOK_DOC),
    p("ENABLED", Value::Bool, ALL, WEBHOOK_DOC),
    p("WEBHOOK_URL", ANY_STRING, CREATE_SET, WEBHOOK_DOC),
    p("WEBHOOK_SECRET", Value::Name, ALL, WEBHOOK_DOC),
    p("WEBHOOK_BODY_TEMPLATE", ANY_STRING, ALL, WEBHOOK_DOC),
    p("WEBHOOK_HEADERS", LIST, ALL, WEBHOOK_DOC),
    p("COMMENT", ANY_STRING, ALL, WEBHOOK_DOC),
];

#[rustfmt::skip]
const WEBHOOK_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: WEBHOOK_DOC },
    Rule::Required { prop: "ENABLED", doc: WEBHOOK_DOC },
    Rule::Required { prop: "WEBHOOK_URL", doc: WEBHOOK_DOC },
];

const QUEUE_PROVIDERS: &[&str] = &[
    "AWS_SNS",
    "AZURE_EVENT_GRID",
    "AZURE_STORAGE_QUEUE",
    "GCP_PUBSUB",
];

/// Queue notification integration properties (cloud messaging: SNS, Event Grid, Pub/Sub).
#[rustfmt::skip]
pub const QUEUE: &[Prop] = &[
    p("TYPE", Value::Enum(&["QUEUE"]), CREATE, QUEUE_DOC),
    p("ENABLED", Value::Bool, ALL, QUEUE_DOC),
    p("NOTIFICATION_PROVIDER", Value::Enum(QUEUE_PROVIDERS), CREATE, QUEUE_DOC),
    p("DIRECTION", Value::Enum(&["INBOUND", "OUTBOUND"]), CREATE, QUEUE_DOC),
    p("AWS_SNS_TOPIC_ARN", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("AWS_SNS_ROLE_ARN", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("AZURE_EVENT_GRID_TOPIC_ENDPOINT", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("AZURE_STORAGE_QUEUE_PRIMARY_URI", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("AZURE_TENANT_ID", ANY_STRING, CREATE, QUEUE_DOC),
    p("GCP_PUBSUB_SUBSCRIPTION_NAME", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("GCP_PUBSUB_TOPIC_NAME", ANY_STRING, CREATE_SET, QUEUE_DOC),
    p("USE_PRIVATELINK_ENDPOINT", Value::Bool, CREATE, QUEUE_DOC),
    p("COMMENT", ANY_STRING, ALL, QUEUE_DOC),
];

/// What each queue provider needs and refuses.
#[rustfmt::skip]
const QUEUE_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: QUEUE_DOC },
    Rule::Required { prop: "ENABLED", doc: QUEUE_DOC },
    Rule::Required { prop: "NOTIFICATION_PROVIDER", doc: QUEUE_DOC },
    Rule::NeedsWhen { prop: "NOTIFICATION_PROVIDER", values: &["AWS_SNS"], other: "AWS_SNS_TOPIC_ARN", doc: QUEUE_DOC },
    Rule::NeedsWhen { prop: "NOTIFICATION_PROVIDER", values: &["AWS_SNS"], other: "AWS_SNS_ROLE_ARN", doc: QUEUE_DOC },
    Rule::NeedsWhen { prop: "NOTIFICATION_PROVIDER", values: &["AZURE_EVENT_GRID"], other: "AZURE_EVENT_GRID_TOPIC_ENDPOINT", doc: QUEUE_DOC },
    Rule::NeedsWhen { prop: "NOTIFICATION_PROVIDER", values: &["AZURE_STORAGE_QUEUE"], other: "AZURE_STORAGE_QUEUE_PRIMARY_URI", doc: QUEUE_DOC },
    Rule::NeedsWhen { prop: "NOTIFICATION_PROVIDER", values: &["AZURE_EVENT_GRID", "AZURE_STORAGE_QUEUE"], other: "AZURE_TENANT_ID", doc: QUEUE_DOC },
    Rule::WhenThen { prop: "NOTIFICATION_PROVIDER", values: &["AZURE_EVENT_GRID", "AZURE_STORAGE_QUEUE", "GCP_PUBSUB"], other: "AWS_SNS_TOPIC_ARN", allowed: &[], doc: QUEUE_DOC },
    Rule::WhenThen { prop: "NOTIFICATION_PROVIDER", values: &["AZURE_EVENT_GRID", "AZURE_STORAGE_QUEUE", "GCP_PUBSUB"], other: "AWS_SNS_ROLE_ARN", allowed: &[], doc: QUEUE_DOC },
    Rule::WhenThen { prop: "NOTIFICATION_PROVIDER", values: &["AWS_SNS", "GCP_PUBSUB"], other: "AZURE_TENANT_ID", allowed: &[], doc: QUEUE_DOC },
    Rule::WhenThen { prop: "NOTIFICATION_PROVIDER", values: &["AWS_SNS", "AZURE_EVENT_GRID", "AZURE_STORAGE_QUEUE"], other: "GCP_PUBSUB_TOPIC_NAME", allowed: &[], doc: QUEUE_DOC },
    Rule::WhenThen { prop: "NOTIFICATION_PROVIDER", values: &["AWS_SNS", "AZURE_EVENT_GRID", "AZURE_STORAGE_QUEUE"], other: "GCP_PUBSUB_SUBSCRIPTION_NAME", allowed: &[], doc: QUEUE_DOC },
];

/// A notification integration's TYPE chooses its properties.
pub const NOTIFICATION: &[Variant] = &[
    Variant {
        key: "TYPE",
        values: &["EMAIL"],
        props: EMAIL,
        rules: EMAIL_RULES,
        doc: EMAIL_DOC,
    },
    Variant {
        key: "TYPE",
        values: &["WEBHOOK"],
        props: WEBHOOK,
        rules: WEBHOOK_RULES,
        doc: WEBHOOK_DOC,
    },
    Variant {
        key: "TYPE",
        values: &["QUEUE"],
        props: QUEUE,
        rules: QUEUE_RULES,
        doc: QUEUE_DOC,
    },
];

// ---------------------------------------------------------------- security integrations

/// External OAuth security integration properties.
#[rustfmt::skip]
pub const EXTERNAL_OAUTH: &[Prop] = &[
    p("TYPE", Value::Enum(&["EXTERNAL_OAUTH"]), CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("ENABLED", Value::Bool, ALL, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_TYPE", Value::Enum(&["OKTA", "AZURE", "PING_FEDERATE", "CUSTOM"]), CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_ISSUER", ANY_STRING, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM", STR_OR_LIST, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE", Value::Enum(&["LOGIN_NAME", "EMAIL_ADDRESS"]), CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_JWS_KEYS_URL", STR_OR_LIST, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_BLOCKED_ROLES_LIST", LIST, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_ALLOWED_ROLES_LIST", LIST, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_RSA_PUBLIC_KEY", ANY_STRING, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_RSA_PUBLIC_KEY_2", ANY_STRING, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_AUDIENCE_LIST", STR_OR_LIST, ALL, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_ANY_ROLE_MODE", Value::Enum(&["DISABLE", "ENABLE", "ENABLE_FOR_PRIVILEGE"]), CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_SCOPE_DELIMITER", string(1), CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("EXTERNAL_OAUTH_SCOPE_MAPPING_ATTRIBUTE", ANY_STRING, CREATE, EXTERNAL_OAUTH_DOC),
    p("IS_AGENTIC", Value::Bool, ALTER_ONLY, "sql-reference/sql/alter-security-integration-oauth-external"),
    p("NETWORK_POLICY", Value::Name, CREATE_SET, EXTERNAL_OAUTH_DOC),
    p("COMMENT", ANY_STRING, CREATE_SET, EXTERNAL_OAUTH_DOC),
];

#[rustfmt::skip]
const EXTERNAL_OAUTH_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: EXTERNAL_OAUTH_DOC },
    Rule::Required { prop: "ENABLED", doc: EXTERNAL_OAUTH_DOC },
    Rule::Required { prop: "EXTERNAL_OAUTH_TYPE", doc: EXTERNAL_OAUTH_DOC },
    Rule::Required { prop: "EXTERNAL_OAUTH_ISSUER", doc: EXTERNAL_OAUTH_DOC },
    Rule::Required { prop: "EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM", doc: EXTERNAL_OAUTH_DOC },
    Rule::Required { prop: "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE", doc: EXTERNAL_OAUTH_DOC },
];

/// Partner applications of Snowflake OAuth; `CUSTOM` is a client of your own.
pub const OAUTH_CLIENTS: &[&str] = &["TABLEAU_DESKTOP", "TABLEAU_SERVER", "LOOKER", "CUSTOM"];
const PARTNERS: &[&str] = &["TABLEAU_DESKTOP", "TABLEAU_SERVER", "LOOKER"];

/// Snowflake OAuth security integration properties (partner applications and custom clients).
#[rustfmt::skip]
pub const OAUTH: &[Prop] = &[
    p("TYPE", Value::Enum(&["OAUTH"]), CREATE, OAUTH_DOC),
    p("OAUTH_CLIENT", Value::Enum(OAUTH_CLIENTS), CREATE, OAUTH_DOC),
    p("OAUTH_CLIENT_TYPE", Value::Enum(&["CONFIDENTIAL", "PUBLIC"]), CREATE, OAUTH_DOC),
    p("OAUTH_REDIRECT_URI", ANY_STRING, CREATE_SET, OAUTH_DOC),
    p("ENABLED", Value::Bool, ALL, OAUTH_DOC),
    p("OAUTH_ALLOW_NON_TLS_REDIRECT_URI", Value::Bool, ALL, OAUTH_DOC),
    p("OAUTH_ENFORCE_PKCE", Value::Bool, ALL, OAUTH_DOC),
    p("OAUTH_USE_SECONDARY_ROLES", Value::Enum(&["IMPLICIT", "NONE"]), ALL, OAUTH_DOC),
    p("PRE_AUTHORIZED_ROLES_LIST", LIST, ALL, OAUTH_DOC),
    p("ALLOWED_ROLES_LIST", LIST, ALL, OAUTH_DOC),
    p("BLOCKED_ROLES_LIST", LIST, ALL, OAUTH_DOC),
    p("OAUTH_ISSUE_REFRESH_TOKENS", Value::Bool, ALL, OAUTH_DOC),
    // "Values: 3600 (1 hour) to 7776000 (90 days)" [sql/create-security-integration-oauth-snowflake].
    p("OAUTH_REFRESH_TOKEN_VALIDITY", int(3600, 7_776_000), ALL, OAUTH_DOC),
    p("OAUTH_ACCESS_TOKEN_VALIDITY", int(1, i64::MAX), ALL, OAUTH_DOC),
    p("OAUTH_SINGLE_USE_REFRESH_TOKENS_REQUIRED", Value::Bool, ALL, OAUTH_DOC),
    p("NETWORK_POLICY", Value::Name, ALL, OAUTH_DOC),
    p("OAUTH_CLIENT_RSA_PUBLIC_KEY", ANY_STRING, ALL, OAUTH_DOC),
    p("OAUTH_CLIENT_RSA_PUBLIC_KEY_2", ANY_STRING, ALL, OAUTH_DOC),
    p("USE_PRIVATELINK_FOR_AUTHORIZATION_ENDPOINT", Value::Bool, ALL, OAUTH_DOC),
    p("COMMENT", ANY_STRING, ALL, OAUTH_DOC),
];

/// A custom client names its type and redirect URI; Looker needs its redirect URI; the custom-client
/// parameters do not apply to a partner application.
#[rustfmt::skip]
const OAUTH_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: OAUTH_DOC },
    Rule::Required { prop: "OAUTH_CLIENT", doc: OAUTH_DOC },
    Rule::NeedsWhen { prop: "OAUTH_CLIENT", values: &["CUSTOM"], other: "OAUTH_CLIENT_TYPE", doc: OAUTH_DOC },
    Rule::NeedsWhen { prop: "OAUTH_CLIENT", values: &["CUSTOM", "LOOKER"], other: "OAUTH_REDIRECT_URI", doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "OAUTH_CLIENT_TYPE", allowed: &[], doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "OAUTH_ALLOW_NON_TLS_REDIRECT_URI", allowed: &[], doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "OAUTH_ENFORCE_PKCE", allowed: &[], doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "PRE_AUTHORIZED_ROLES_LIST", allowed: &[], doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "OAUTH_CLIENT_RSA_PUBLIC_KEY", allowed: &[], doc: OAUTH_DOC },
    Rule::WhenThen { prop: "OAUTH_CLIENT", values: PARTNERS, other: "OAUTH_CLIENT_RSA_PUBLIC_KEY_2", allowed: &[], doc: OAUTH_DOC },
];

/// SAML2 security integration properties.
#[rustfmt::skip]
pub const SAML2: &[Prop] = &[
    p("TYPE", Value::Enum(&["SAML2"]), CREATE, SAML2_DOC),
    p("ENABLED", Value::Bool, ALL, SAML2_DOC),
    p("SAML2_ISSUER", ANY_STRING, CREATE_SET, SAML2_DOC),
    p("SAML2_SSO_URL", ANY_STRING, CREATE_SET, SAML2_DOC),
    p("SAML2_PROVIDER", ANY_STRING, CREATE_SET, SAML2_DOC),
    p("SAML2_X509_CERT", ANY_STRING, CREATE_SET, SAML2_DOC),
    p("ALLOWED_USER_DOMAINS", LIST, ALL, SAML2_DOC),
    p("ALLOWED_EMAIL_PATTERNS", LIST, ALL, SAML2_DOC),
    p("SAML2_SP_INITIATED_LOGIN_PAGE_LABEL", ANY_STRING, ALL, SAML2_DOC),
    p("SAML2_ENABLE_SP_INITIATED", Value::Bool, ALL, SAML2_DOC),
    p("SAML2_SNOWFLAKE_X509_CERT", ANY_STRING, ALL, SAML2_DOC),
    p("SAML2_SIGN_REQUEST", Value::Bool, ALL, SAML2_DOC),
    p("SAML2_REQUESTED_NAMEID_FORMAT", ANY_STRING, ALL, SAML2_DOC),
    p("SAML2_POST_LOGOUT_REDIRECT_URL", ANY_STRING, ALL, SAML2_DOC),
    p("SAML2_FORCE_AUTHN", Value::Bool, ALL, SAML2_DOC),
    p("SAML2_SNOWFLAKE_ISSUER_URL", ANY_STRING, ALL, SAML2_DOC),
    p("SAML2_SNOWFLAKE_ACS_URL", ANY_STRING, ALL, SAML2_DOC),
    p("COMMENT", ANY_STRING, ALL, SAML2_DOC),
];

#[rustfmt::skip]
const SAML2_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: SAML2_DOC },
    Rule::Required { prop: "SAML2_ISSUER", doc: SAML2_DOC },
    Rule::Required { prop: "SAML2_SSO_URL", doc: SAML2_DOC },
    Rule::Required { prop: "SAML2_PROVIDER", doc: SAML2_DOC },
    Rule::Required { prop: "SAML2_X509_CERT", doc: SAML2_DOC },
];

/// SCIM security integration properties. RUN_AS_ROLE is one of the provisioner roles or a
/// custom role, so any string.
#[rustfmt::skip]
pub const SCIM: &[Prop] = &[
    p("TYPE", Value::Enum(&["SCIM"]), CREATE, SCIM_DOC),
    p("ENABLED", Value::Bool, ALL, SCIM_DOC),
    p("SCIM_CLIENT", Value::Enum(&["OKTA", "AZURE", "GENERIC"]), CREATE, SCIM_DOC),
    p("RUN_AS_ROLE", ANY_STRING, CREATE, SCIM_DOC),
    p("NETWORK_POLICY", Value::Name, ALL, SCIM_DOC),
    p("SYNC_PASSWORD", Value::Bool, ALL, SCIM_DOC),
    p("COMMENT", ANY_STRING, ALL, SCIM_DOC),
];

#[rustfmt::skip]
const SCIM_RULES: &[Rule] = &[
    Rule::Required { prop: "TYPE", doc: SCIM_DOC },
    Rule::Required { prop: "SCIM_CLIENT", doc: SCIM_DOC },
    Rule::Required { prop: "RUN_AS_ROLE", doc: SCIM_DOC },
];

/// A security integration's TYPE chooses its properties.
pub const SECURITY: &[Variant] = &[
    Variant {
        key: "TYPE",
        values: &["EXTERNAL_OAUTH"],
        props: EXTERNAL_OAUTH,
        rules: EXTERNAL_OAUTH_RULES,
        doc: EXTERNAL_OAUTH_DOC,
    },
    Variant {
        key: "TYPE",
        values: &["OAUTH"],
        props: OAUTH,
        rules: OAUTH_RULES,
        doc: OAUTH_DOC,
    },
    Variant {
        key: "TYPE",
        values: &["SAML2"],
        props: SAML2,
        rules: SAML2_RULES,
        doc: SAML2_DOC,
    },
    Variant {
        key: "TYPE",
        values: &["SCIM"],
        props: SCIM,
        rules: SCIM_RULES,
        doc: SCIM_DOC,
    },
];
