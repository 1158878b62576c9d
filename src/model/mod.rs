//! Stage 2, validate: the spec resolved into a [`Platform`] — identifiers normalized, defaults
//! applied, references checked. Every later stage reads this, never the spec.

mod cost;
mod embed;
mod guard;
mod names;
mod oauth_users;
mod sigma;
mod tenants;

pub use oauth_users::OauthUser;
pub use sigma::{ExternalOauth, KeyPairUser, SigmaAuth, SigmaConnection};
pub use tenants::MAX_QUERY_TAG;
mod validate;

use std::collections::BTreeMap;

use ipnet::IpNet;

use crate::embed_config::{EmbedConfig, SecretRef};
use crate::quote::{Ident, Name};
pub use crate::spec::{ConnectionAuth, Frequency, TriggerAction};
pub use validate::validate;

#[derive(Debug, Clone)]
pub struct Platform {
    pub database: Ident,
    pub gold_schema: Ident,
    pub governance_schema: Ident,
    pub admin_warehouse: Ident,
    pub admin: AdminRoles,
    pub exempt_roles: Vec<Ident>,
    /// Shared warehouses first (spec order), then dedicated ones (tenant order).
    pub warehouses: Vec<Warehouse>,
    /// Platform monitors first (spec order), then tenant monitors (tenant order).
    pub monitors: Vec<Monitor>,
    pub tenants: Vec<Tenant>,
    pub shared_tables: Vec<Table>,
    pub cross_tenant_view: Option<CrossTenantView>,
    pub budget_alerts: Option<BudgetAlerts>,
    pub embed: Option<EmbedConfig>,
    pub connection_auth: Option<ConnectionAuth>,
    pub external_function: Option<ExternalFunction>,
    /// The Snowflake side of Sigma's connection (present with `embed`).
    pub sigma: Option<SigmaConnection>,
    /// The spec's release number (schemachange versions are `<release>.<step>`).
    pub release: u32,
    /// The role dbt runs as, when the spec names one.
    pub dbt_role: Option<Ident>,
    /// Warnings: the build succeeds, `build`/`check` print them (e.g. SPEC079, an embed setup that
    /// cannot work end to end as written).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

impl Platform {
    /// `DATABASE.GOVERNANCE.<object>`
    pub fn governance(&self, object: &str) -> Name {
        Name::of(&[&self.database, &self.governance_schema, &Ident::new(object)])
    }

    /// `DATABASE.GOLD.<object>`
    pub fn gold(&self, object: &Ident) -> Name {
        Name::of(&[&self.database, &self.gold_schema, object])
    }
}

#[derive(Debug, Clone)]
pub struct AdminRoles {
    pub user_admin: Ident,
    pub security_admin: Ident,
    pub sys_admin: Ident,
    pub account_admin: Ident,
}

#[derive(Debug, Clone)]
pub struct Warehouse {
    pub name: Ident,
    /// Upper-case Snowflake size keyword (e.g. `XSMALL`).
    pub size: Option<String>,
    pub auto_suspend_seconds: Option<u32>,
    pub auto_resume: Option<bool>,
    pub initially_suspended: Option<bool>,
    pub statement_timeout_seconds: Option<u32>,
    pub monitor: Option<Ident>,
    /// The tenant a dedicated warehouse belongs to.
    pub tenant: Option<Ident>,
}

#[derive(Debug, Clone)]
pub struct Monitor {
    pub name: Ident,
    pub credit_quota: f64,
    pub frequency: Frequency,
    /// Ascending by percent.
    pub triggers: Vec<(u32, TriggerAction)>,
    pub notify_users: Vec<Ident>,
    pub account: bool,
    pub tenant: Option<Ident>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IsolationModel {
    pub schema: bool,
    pub row: bool,
}

#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: Ident,
    /// The value of the tenant column in shared tables and of `TENANT_ID` in the mapping table:
    /// `tenant_value`, else the id exactly as the spec spells it. Names made from the id are
    /// identifiers and upper-case (docs.snowflake.com/en/sql-reference/identifiers-syntax: unquoted
    /// identifiers are stored in upper case); a value is data, compared case-sensitively.
    pub value: String,
    pub display_name: String,
    pub isolation: IsolationModel,
    pub role: Ident,
    /// Present for schema isolation.
    pub schema: Option<Ident>,
    pub warehouse: Ident,
    pub dedicated_warehouse: bool,
    pub monitor: Option<Ident>,
    pub soft_budget: Option<SoftBudget>,
    /// The JSON query tag, validated and at most 2,000 characters.
    pub query_tag: String,
    pub service_users: Vec<ServiceUser>,
    pub allowed_cidrs: Vec<IpNet>,
    pub dashboards: BTreeMap<String, String>,
    /// Sigma teams of the tenant's embed users (the tenant id unless the spec names some).
    pub teams: Vec<String>,
    /// Where the embed service reads the tenant's API key.
    pub api_key: SecretRef,
    /// The emails the tenant may embed as (lower case).
    pub embed_users: crate::embed_config::EmbedUsers,
    /// Browser origins allowed to call the embed service for this tenant.
    pub cors_origins: Vec<String>,
    /// Sigma's users of this tenant under External OAuth: Snowflake users holding its role only.
    pub oauth_users: Vec<OauthUser>,
}

#[derive(Debug, Clone)]
pub struct SoftBudget {
    pub monthly_credits: f64,
    pub recipients: Vec<String>,
    /// A webhook notification integration the alert also posts to (customer-facing).
    pub webhook_integration: Option<Ident>,
}

#[derive(Debug, Clone)]
pub struct ServiceUser {
    pub name: Ident,
    pub comment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: Ident,
    pub data_type: String,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: Ident,
    pub tenant_column: Ident,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone)]
pub struct CrossTenantView {
    pub name: Ident,
    pub source_table: Ident,
    pub columns: Vec<Column>,
    /// Where the spec names it (for limits only the rendered view reveals).
    pub span: crate::spec::Span,
}

#[derive(Debug, Clone)]
pub struct BudgetAlerts {
    pub notification_integration: Ident,
    pub warehouse: Option<Ident>,
    pub schedule: String,
}

#[derive(Debug, Clone)]
pub struct ExternalFunction {
    pub integration: Ident,
    pub provider: String,
    /// The provider's own properties, in statement order: `API_AWS_ROLE_ARN` for AWS,
    /// `AZURE_TENANT_ID` and `AZURE_AD_APPLICATION_ID` for Azure, `GOOGLE_AUDIENCE` for Google
    /// (docs.snowflake.com/en/sql-reference/sql/create-api-integration).
    pub provider_properties: Vec<(&'static str, String)>,
    pub allowed_prefixes: Vec<String>,
    pub endpoint_url: String,
    pub function: Ident,
}
