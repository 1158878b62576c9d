//! The embed configuration: the contract between `build` (which writes `embed/config.json` into the
//! package) and `serve` (which reads it). It carries no secret, only where each secret comes from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of the file format; `serve` refuses files of another major version.
pub const EMBED_CONFIG_FORMAT: u32 = 1;

/// Where a secret is read from at start-up (and on reload). Never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SecretRef {
    /// Name of an environment variable holding the secret.
    Env(String),
    /// Path of a file holding the secret (trailing newline stripped).
    File(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    pub format: u32,
    /// `iss` of the access tokens we mint and accept.
    pub issuer: String,
    /// `aud` of the access tokens we mint and accept.
    pub audience: String,
    /// Lifetime of access tokens minted by `POST /v1/tokens`.
    pub token_ttl_seconds: u64,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`.
    pub leeway_seconds: u64,
    /// Active signing keys; the first signs, all verify (rotation by `kid`).
    pub signing_keys: Vec<SigningKey>,
    /// Peers whose `X-Forwarded-For` / `Forwarded` headers are believed (CIDRs).
    pub trusted_proxies: Vec<String>,
    pub sigma: SigmaConfig,
    /// Tenants in a stable order (by id).
    pub tenants: Vec<EmbedTenant>,
    /// Abuse limits of `serve`; optional so `build` need not write them (defaults below).
    #[serde(default)]
    pub limits: EmbedLimits,
}

/// Rate, size and time limits of the embed service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbedLimits {
    /// Sustained requests per second from one client IP (IPv6: one /64), and the burst above it.
    pub per_ip_per_second: u32,
    pub per_ip_burst: u32,
    /// Sustained requests per second for one tenant (all its users and IPs), and the burst above it.
    pub per_tenant_per_second: u32,
    pub per_tenant_burst: u32,
    /// Requests handled at once; beyond it the service answers 429 instead of queueing.
    pub max_in_flight: u32,
    /// Whole-request deadline (headers, body and handling); slow clients get 408.
    pub request_timeout_ms: u64,
    /// Largest request body (after gzip decoding for the external function).
    pub max_body_bytes: u64,
    /// Most rows in one external-function batch.
    pub max_batch_rows: u32,
}

impl Default for EmbedLimits {
    fn default() -> Self {
        EmbedLimits {
            per_ip_per_second: 200,
            per_ip_burst: 400,
            per_tenant_per_second: 2000,
            per_tenant_burst: 4000,
            max_in_flight: 1024,
            request_timeout_ms: 10_000,
            max_body_bytes: 1 << 20,
            max_batch_rows: 1000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKey {
    pub kid: String,
    /// `HS256` or `EdDSA`; one algorithm per key.
    pub algorithm: String,
    /// HMAC secret (HS256) or PKCS#8 PEM private key (EdDSA).
    pub secret: SecretRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigmaConfig {
    /// e.g. `https://app.sigmacomputing.com`
    pub base_url: String,
    /// Sigma organization slug, first path segment of workbook URLs.
    pub org: String,
    /// Embed client id (the Sigma JWT's `kid` and `iss`).
    pub client_id: SecretRef,
    /// Embed secret (HS256 key of the Sigma JWT).
    pub client_secret: SecretRef,
    /// `exp - iat` of the Sigma JWT; at most 30 days.
    pub session_ttl_seconds: u64,
    /// Sigma `account_type` claim for embed users (e.g. `viewer`).
    pub account_type: String,
    /// User attribute that carries the tenant's Snowflake role (Sigma's role-switching attribute).
    pub role_attribute: String,
    /// User attribute that carries the tenant id.
    pub tenant_attribute: String,
    /// `key_pair` or `oauth`: how the Sigma connection authenticates to Snowflake.
    pub connection_auth: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedTenant {
    /// Tenant id, normalized (e.g. `ACME_INDUSTRIES`).
    pub id: String,
    pub display_name: String,
    /// The tenant's Snowflake read role; also the value `sf-context-current-role` carries.
    pub snowflake_role: String,
    /// API key the SaaS backend presents for this tenant.
    pub api_key: SecretRef,
    /// Client networks allowed to obtain and use tokens (CIDRs; empty means none).
    pub allowed_cidrs: Vec<String>,
    /// Sigma teams for the tenant's embed users.
    pub teams: Vec<String>,
    /// Dashboard name -> workbook path under `/<org>/` (e.g. `workbook/Sales-Distribution-5aR2`).
    pub dashboards: BTreeMap<String, String>,
}
