//! The tenant spec as written by hand (YAML). Field docs become the JSON Schema's descriptions.
//!
//! Every value validation may complain about is an [`Sp`], so the error can point at it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::spanned::Sp;
use crate::embed_config::SecretRef;

/// One tenant spec: the whole multi-tenant platform.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub platform: PlatformSpec,
    /// Warehouses shared by several tenants (dedicated ones are declared on the tenant).
    #[serde(default)]
    pub warehouses: Vec<WarehouseSpec>,
    /// Platform-wide resource monitors (per-tenant quotas are declared on the tenant).
    #[serde(default)]
    pub resource_monitors: Vec<MonitorSpec>,
    /// Tables shared by all tenants, protected by the tenant row access policy.
    #[serde(default)]
    pub shared_tables: Vec<TableSpec>,
    /// The cross-tenant secure view over each schema-isolated tenant's table.
    #[serde(default)]
    pub cross_tenant_view: Option<CrossTenantViewSpec>,
    /// Per-tenant soft budgets: how the alerts run and whom they mail.
    #[serde(default)]
    pub budget_alerts: Option<BudgetAlertsSpec>,
    pub tenants: Vec<TenantSpec>,
    /// Settings of the embed service (`snowtenant serve`).
    #[serde(default)]
    pub embed: Option<EmbedSpec>,
    /// The Snowflake external function that calls the embed service.
    #[serde(default)]
    pub external_function: Option<ExternalFunctionSpec>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformSpec {
    /// Database holding every schema of the platform, e.g. `ANALYTICS_PLATFORM`.
    pub database: Sp<String>,
    /// Schema of shared tables and the cross-tenant view.
    #[serde(default = "default_gold")]
    pub gold_schema: Sp<String>,
    /// Schema of the mapping table, policies, procedures, cost views and alerts.
    #[serde(default = "default_governance")]
    pub governance_schema: Sp<String>,
    /// Warehouse the deployment itself uses for DML (the mapping table merge).
    pub admin_warehouse: Sp<String>,
    #[serde(default)]
    pub naming: NamingSpec,
    #[serde(default)]
    pub admin_roles: AdminRolesSpec,
    /// Roles that see every tenant's rows through the row access policy (e.g. a platform admin role).
    #[serde(default)]
    pub exempt_roles: Vec<Sp<String>>,
    /// The role dbt runs as (e.g. `DBT_ROLE`): it gets exactly what dbt needs (create models in the
    /// gold and tenant schemas, APPLY on the row access policy) and no tenant role, so a model can
    /// never copy one tenant's rows into another's schema. Omit to manage dbt's role yourself.
    #[serde(default)]
    pub dbt_role: Option<Sp<String>>,
    /// Release number of the spec, the major part of the schemachange versions (`V<release>.<step>`).
    /// Bump it with every change you deploy through schemachange (default 1).
    #[serde(default)]
    pub release: Option<Sp<u32>>,
}

fn default_gold() -> Sp<String> {
    Sp::unspanned("GOLD".into())
}
fn default_governance() -> Sp<String> {
    Sp::unspanned("GOVERNANCE".into())
}

/// Name patterns; `{tenant}` is replaced by the normalized tenant id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NamingSpec {
    pub tenant_role: Sp<String>,
    pub tenant_schema: Sp<String>,
    pub tenant_warehouse: Sp<String>,
    pub tenant_monitor: Sp<String>,
}

impl Default for NamingSpec {
    fn default() -> Self {
        NamingSpec {
            tenant_role: Sp::unspanned("CLIENT_{tenant}_ROLE".into()),
            tenant_schema: Sp::unspanned("GOLD_CLIENT_{tenant}".into()),
            tenant_warehouse: Sp::unspanned("CLIENT_{tenant}_WH".into()),
            tenant_monitor: Sp::unspanned("CLIENT_{tenant}_MONITOR".into()),
        }
    }
}

/// Which system role runs each step (Snowflake's recommended split by default).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AdminRolesSpec {
    /// Creates roles and users.
    pub user_admin: Sp<String>,
    /// Grants privileges and roles.
    pub security_admin: Sp<String>,
    /// Owns warehouses, databases and their objects; tenant role trees end here.
    pub sys_admin: Sp<String>,
    /// Resource monitors, their assignment, and integrations only.
    pub account_admin: Sp<String>,
}

impl Default for AdminRolesSpec {
    fn default() -> Self {
        AdminRolesSpec {
            user_admin: Sp::unspanned("USERADMIN".into()),
            security_admin: Sp::unspanned("SECURITYADMIN".into()),
            sys_admin: Sp::unspanned("SYSADMIN".into()),
            account_admin: Sp::unspanned("ACCOUNTADMIN".into()),
        }
    }
}

/// A warehouse; omitted settings keep Snowflake's defaults. A tenant's dedicated warehouse takes
/// its name from `naming.tenant_warehouse` unless `name` is given.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WarehouseSpec {
    #[serde(default)]
    pub name: Option<Sp<String>>,
    /// A WAREHOUSE_SIZE of the validator's catalog (schema generated from it).
    #[serde(default)]
    #[schemars(schema_with = "super::limits::warehouse_size")]
    pub size: Option<Sp<String>>,
    #[serde(default)]
    pub auto_suspend_seconds: Option<Sp<u32>>,
    #[serde(default)]
    pub auto_resume: Option<bool>,
    #[serde(default)]
    pub initially_suspended: Option<bool>,
    /// STATEMENT_TIMEOUT_IN_SECONDS; its range is the catalog's.
    #[serde(default)]
    #[schemars(schema_with = "super::limits::statement_timeout")]
    pub statement_timeout_seconds: Option<Sp<u32>>,
    /// Platform resource monitor assigned to this shared warehouse (caps every tenant using it).
    #[serde(default)]
    pub monitor: Option<Sp<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Daily,
    Weekly,
    Yearly,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TriggerAction {
    Notify,
    Suspend,
    SuspendImmediate,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    /// Percent of the credit quota (may exceed 100).
    pub percent: Sp<u32>,
    pub action: Sp<TriggerAction>,
}

/// A resource monitor: a credit quota and its triggers. A tenant's monitor takes its name from
/// `naming.tenant_monitor` unless `name` is given.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorSpec {
    #[serde(default)]
    pub name: Option<Sp<String>>,
    /// Credits per interval (100 %).
    pub credits: Sp<f64>,
    #[serde(default = "default_frequency")]
    #[schemars(schema_with = "super::limits::frequency")]
    pub frequency: Frequency,
    /// Triggers in ascending order: at most 5 notify, 1 suspend, 1 suspend_immediate.
    #[serde(default)]
    pub triggers: Vec<TriggerSpec>,
    /// Users (SHOW USERS names, verified emails) notified by the monitor; NOTIFY_USERS's limit.
    #[serde(default)]
    #[schemars(schema_with = "super::limits::notify_users")]
    pub notify_users: Vec<Sp<String>>,
    /// Assign this platform monitor to the whole account (warehouses name their monitor themselves).
    #[serde(default)]
    pub account: Option<Sp<bool>>,
    /// With `account: true`: allow `suspend`/`suspend_immediate` triggers, which suspend every
    /// warehouse in the account, including ones the platform does not own (default: notify only).
    #[serde(default)]
    pub suspend_account: Option<Sp<bool>>,
}

fn default_frequency() -> Frequency {
    Frequency::Monthly
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Isolation {
    /// The tenant's data lives in its own managed-access schema.
    Schema,
    /// The tenant's rows in shared tables, filtered by the row access policy.
    Row,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantSpec {
    /// Tenant id: letters, digits and `_`, normalized to upper case in the names made from it
    /// (e.g. `ACME_INDUSTRIES`); as written, the value of the tenant column in shared tables.
    pub id: Sp<String>,
    /// The value the tenant's rows carry in shared tables' tenant column, when it is not the id as
    /// written (e.g. `acme-industries` or `1042`). String comparison is case-sensitive in Snowflake.
    #[serde(default)]
    pub tenant_value: Option<Sp<String>>,
    pub display_name: Sp<String>,
    /// `schema`, `row`, or both.
    #[serde(default = "default_isolation")]
    pub isolation: Vec<Sp<Isolation>>,
    /// A shared warehouse from `warehouses`.
    #[serde(default)]
    pub warehouse: Option<Sp<String>>,
    /// A warehouse of the tenant's own (named by `naming.tenant_warehouse`).
    #[serde(default)]
    pub dedicated_warehouse: Option<Sp<WarehouseSpec>>,
    /// Hard cap: a resource monitor on the tenant's dedicated warehouse.
    #[serde(default)]
    pub credit_quota: Option<Sp<MonitorSpec>>,
    /// Soft cap: an alert mails when the tenant's attributed credits pass the budget.
    #[serde(default)]
    pub soft_budget: Option<Sp<SoftBudgetSpec>>,
    /// Extra query-tag attributes (e.g. department, priority); `tenant` is always set.
    #[serde(default)]
    pub query_tag: BTreeMap<String, Sp<String>>,
    #[serde(default)]
    pub service_users: Vec<ServiceUserSpec>,
    /// Client networks allowed to open embedded dashboards (CIDRs).
    #[serde(default)]
    pub allowed_cidrs: Vec<Sp<String>>,
    /// Dashboard name -> Sigma workbook path under the org (e.g. `workbook/Sales-5aR2`).
    #[serde(default)]
    pub dashboards: BTreeMap<String, Sp<String>>,
    /// Sigma teams of the tenant's embed users (default: the tenant id).
    #[serde(default)]
    pub teams: Vec<Sp<String>>,
    /// Where the embed service reads this tenant's API key (default: env `SNOWTENANT_API_KEY_<ID>`).
    /// Every tenant's key and every signing key must come from a different place.
    #[serde(default)]
    pub api_key: Option<Sp<SecretRef>>,
    /// The Sigma users (emails) this tenant may embed as; without it the tenant can embed nobody.
    #[serde(default)]
    pub embed_users: Option<EmbedUsersSpec>,
    /// Browser origins (`https://host[:port]`) allowed to call the embed service for this tenant.
    #[serde(default)]
    pub cors_origins: Vec<Sp<String>>,
    /// With `embed.sigma.connection_auth: oauth`: the tenant's users as the identity provider's
    /// token names them (the value of `external_oauth.user_mapping_claim`, e.g. `ana@acme.example`).
    /// Each becomes a Snowflake user (LOGIN_NAME or EMAIL per the integration's mapping attribute)
    /// holding this tenant's role only; emails must be ones `embed_users` allows.
    #[serde(default)]
    pub oauth_users: Vec<Sp<String>>,
}

/// Emails a tenant may embed as: the domain must be one of `domains`, and the local part must start
/// with `user_id_prefix` when one is set (a namespace on a shared domain, e.g. `jdt-<user id>`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedUsersSpec {
    pub domains: Vec<Sp<String>>,
    #[serde(default)]
    pub user_id_prefix: Option<Sp<String>>,
}

fn default_isolation() -> Vec<Sp<Isolation>> {
    vec![Sp::unspanned(Isolation::Schema)]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoftBudgetSpec {
    /// Credits per calendar month attributed to the tenant's queries.
    pub monthly_credits: Sp<f64>,
    /// Verified emails of account users to mail (default: `budget_alerts.recipients`).
    #[serde(default)]
    pub notify: Vec<Sp<String>>,
    /// A webhook notification integration (Slack, Teams or PagerDuty, created by you with the
    /// customer's secret) the budget alert also posts to: the customer-facing channel.
    #[serde(default)]
    pub webhook_integration: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetAlertsSpec {
    /// Email notification integration the alerts send through.
    pub notification_integration: Sp<String>,
    /// Default recipients (verified emails of account users).
    #[serde(default)]
    pub recipients: Vec<Sp<String>>,
    /// Warehouse that runs the alerts (omit for serverless alerts).
    #[serde(default)]
    pub warehouse: Option<Sp<String>>,
    /// `USING CRON <minute> <hour> <day> <month> <weekday> <time zone>` or `<1..11520> MINUTE`.
    #[serde(default = "default_schedule")]
    pub schedule: Sp<String>,
}

fn default_schedule() -> Sp<String> {
    Sp::unspanned("USING CRON 0 */6 * * * UTC".into())
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceUserSpec {
    pub name: Sp<String>,
    /// Comment stored on the user.
    #[serde(default)]
    pub comment: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub name: Sp<String>,
    /// Snowflake data type, e.g. `VARCHAR`, `NUMBER(38,2)`, `TIMESTAMP_NTZ`.
    #[serde(rename = "type")]
    pub data_type: Sp<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub name: Sp<String>,
    /// Column holding the tenant id; the row access policy keys on it.
    pub tenant_column: Sp<String>,
    pub columns: Vec<ColumnSpec>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrossTenantViewSpec {
    /// View name in the gold schema, e.g. `DYNAMIC_CLIENT_DATA`.
    pub name: Sp<String>,
    /// Table present in every schema-isolated tenant's schema, e.g. `DASHBOARD_METRICS`.
    pub source_table: Sp<String>,
    pub columns: Vec<ColumnSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionAuth {
    /// Key-pair service user: Sigma can switch roles by user attribute.
    KeyPair,
    /// External OAuth: roles come from the identity provider.
    Oauth,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedSpec {
    pub issuer: Sp<String>,
    pub audience: Sp<String>,
    #[serde(default = "default_token_ttl")]
    pub token_ttl_seconds: Sp<u64>,
    #[serde(default = "default_leeway")]
    pub leeway_seconds: Sp<u64>,
    /// Active signing keys; the first signs, all verify.
    pub signing_keys: Vec<SigningKeySpec>,
    /// Proxies whose forwarding headers are believed (CIDRs).
    #[serde(default)]
    pub trusted_proxies: Vec<Sp<String>>,
    pub sigma: SigmaSpec,
    /// The secret header the API gateway adds to external-function calls (set on the gateway's
    /// integration request); the route refuses requests without it.
    #[serde(default)]
    pub gateway: Option<GatewaySpec>,
    /// Bearer token for `/metrics` on the main listener (else only `serve --metrics-listen`).
    #[serde(default)]
    pub metrics_token: Option<SecretRef>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewaySpec {
    /// Header name (default `x-snowtenant-gateway-key`).
    #[serde(default = "default_gateway_header")]
    pub header: Sp<String>,
    /// Where `serve` reads the header's value (at least 32 random bytes).
    pub secret: SecretRef,
}

fn default_gateway_header() -> Sp<String> {
    Sp::unspanned("x-snowtenant-gateway-key".into())
}

fn default_token_ttl() -> Sp<u64> {
    Sp::unspanned(300)
}
fn default_leeway() -> Sp<u64> {
    Sp::unspanned(30)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigningKeySpec {
    pub kid: Sp<String>,
    /// `HS256` or `EdDSA`.
    pub algorithm: Sp<String>,
    pub secret: SecretRef,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigmaSpec {
    #[serde(default = "default_sigma_base")]
    pub base_url: Sp<String>,
    pub org: Sp<String>,
    pub client_id: SecretRef,
    pub client_secret: SecretRef,
    #[serde(default = "default_session_ttl")]
    pub session_ttl_seconds: Sp<u64>,
    #[serde(default = "default_account_type")]
    pub account_type: Sp<String>,
    #[serde(default = "default_role_attribute")]
    pub role_attribute: Sp<String>,
    #[serde(default = "default_tenant_attribute")]
    pub tenant_attribute: Sp<String>,
    /// User attribute carrying the tenant's warehouse (the Sigma connection's Warehouse setting).
    #[serde(default = "default_warehouse_attribute")]
    pub warehouse_attribute: Sp<String>,
    pub connection_auth: Sp<ConnectionAuth>,
    /// With `connection_auth: key_pair`: the Snowflake service user Sigma connects as.
    #[serde(default)]
    pub service_user: Option<SigmaServiceUserSpec>,
    /// With `connection_auth: oauth`: the External OAuth security integration.
    #[serde(default)]
    pub external_oauth: Option<ExternalOauthSpec>,
    /// Warehouse of the Sigma connection (default: the platform's admin warehouse).
    #[serde(default)]
    pub warehouse: Option<Sp<String>>,
}

/// A key-pair service user. The public key is not a secret, so it is written in the spec (the
/// build reads no secrets and no environment); the private key stays in Sigma.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigmaServiceUserSpec {
    pub name: Sp<String>,
    /// The RSA public key, PEM (`-----BEGIN PUBLIC KEY-----` lines optional) or its base64 body.
    pub rsa_public_key: Sp<String>,
    /// Addresses (CIDRs) Sigma connects from: the user's network policy allows only these. Empty:
    /// no network policy (the build warns).
    #[serde(default)]
    pub allowed_ips: Vec<Sp<String>>,
}

/// An External OAuth security integration [sql/create-security-integration-oauth-external].
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalOauthSpec {
    #[serde(default = "default_oauth_integration")]
    pub integration: Sp<String>,
    /// EXTERNAL_OAUTH_TYPE of the catalog: `okta`, `azure`, `ping_federate` or `custom`.
    #[serde(rename = "type")]
    #[schemars(schema_with = "super::limits::external_oauth_type")]
    pub provider: Sp<String>,
    pub issuer: Sp<String>,
    /// https:// URL of the identity provider's JSON Web Key Set.
    pub jws_keys_url: Sp<String>,
    #[serde(default)]
    pub audience: Vec<Sp<String>>,
    /// Token claim naming the Snowflake user (default `sub`).
    #[serde(default = "default_mapping_claim")]
    pub user_mapping_claim: Sp<String>,
    /// `login_name` or `email_address` (default `login_name`), from the catalog.
    #[serde(default = "default_mapping_attribute")]
    #[schemars(schema_with = "super::limits::external_oauth_mapping")]
    pub user_mapping_attribute: Sp<String>,
}

fn default_oauth_integration() -> Sp<String> {
    Sp::unspanned("SIGMA_EXTERNAL_OAUTH".into())
}
fn default_mapping_claim() -> Sp<String> {
    Sp::unspanned("sub".into())
}
fn default_mapping_attribute() -> Sp<String> {
    Sp::unspanned("login_name".into())
}

fn default_sigma_base() -> Sp<String> {
    Sp::unspanned("https://app.sigmacomputing.com".into())
}
fn default_session_ttl() -> Sp<u64> {
    Sp::unspanned(3600)
}
fn default_account_type() -> Sp<String> {
    Sp::unspanned("viewer".into())
}
fn default_role_attribute() -> Sp<String> {
    Sp::unspanned("SNOWFLAKE_ROLE".into())
}
fn default_tenant_attribute() -> Sp<String> {
    Sp::unspanned("TENANT_ID".into())
}
fn default_warehouse_attribute() -> Sp<String> {
    Sp::unspanned("SNOWFLAKE_WAREHOUSE".into())
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalFunctionSpec {
    /// API integration name.
    pub integration: Sp<String>,
    /// `aws_api_gateway`, `aws_private_api_gateway`, `azure_api_management`, `google_api_gateway`...
    pub provider: Sp<String>,
    /// IAM role ARN (required by the AWS providers, refused by the others).
    #[serde(default)]
    pub role_arn: Option<Sp<String>>,
    /// Azure AD tenant id of the API Management instance (`azure_api_management`).
    #[serde(default)]
    pub azure_tenant_id: Option<Sp<String>>,
    /// Application (client) id of the Azure AD app that protects the API (`azure_api_management`).
    #[serde(default)]
    pub azure_ad_application_id: Option<Sp<String>>,
    /// Audience claim of the Google API Gateway (`google_api_gateway`).
    #[serde(default)]
    pub google_audience: Option<Sp<String>>,
    pub allowed_prefixes: Vec<Sp<String>>,
    /// Full URL of the embed service's `/v1/snowflake/embed-url` behind the gateway.
    pub endpoint_url: Sp<String>,
    /// Function name in the governance schema.
    #[serde(default = "default_function_name")]
    pub function: Sp<String>,
}

fn default_function_name() -> Sp<String> {
    Sp::unspanned("EMBED_URL".into())
}
