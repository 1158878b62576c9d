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
    /// The credential the API gateway adds to every external-function request. Without it the
    /// external-function route refuses everything (the network alone is never trusted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<GatewayConfig>,
    /// Bearer token `/metrics` requires on the main listener. Without one, `/metrics` is served only
    /// on `serve --metrics-listen` (a separate, private address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_token: Option<SecretRef>,
}

/// A secret header the cloud API gateway adds to each request it forwards (configured on the
/// gateway's integration request, never in Snowflake SQL), compared in constant time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Header name, lower case (e.g. `x-snowtenant-gateway-key`).
    pub header: String,
    /// The header's value (at least 32 bytes).
    pub secret: SecretRef,
}

/// Which Sigma users (emails) a tenant may embed as. An email is allowed when its domain is one of
/// `domains` and its local part starts with `local_prefix` (when set). No domain: nobody.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbedUsers {
    /// Lower-case email domains (exact match, no subdomains).
    pub domains: Vec<String>,
    /// Lower-case prefix of the local part, e.g. `jdt-` for `jdt-<external user id>@embed.example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_prefix: Option<String>,
}

impl EmbedUsers {
    /// Whether `email` (already lower-cased and syntax-checked) is one of the tenant's users.
    pub fn allows(&self, email: &str) -> bool {
        let Some((local, domain)) = email.rsplit_once('@') else {
            return false;
        };
        self.domains.iter().any(|d| d == domain)
            && self
                .local_prefix
                .as_deref()
                .is_none_or(|p| local.len() > p.len() && local.starts_with(p))
    }
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
    /// User attribute that carries the tenant's warehouse (Sigma's warehouse-switching attribute);
    /// empty: none sent.
    #[serde(default)]
    pub warehouse_attribute: String,
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
    /// The warehouse the tenant's queries run on (Sigma's warehouse user attribute).
    #[serde(default)]
    pub warehouse: String,
    /// The emails the tenant may embed as; default: none.
    #[serde(default)]
    pub embed_users: EmbedUsers,
    /// Browser origins allowed to call the service cross-origin for this tenant (CORS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cors_origins: Vec<String>,
    /// The tenant's data value (`tenant_value`, else the id as the spec spells it): what Sigma's
    /// tenant user attribute carries, since Sigma filters rows by it. Empty (older configs): `id`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

// The rules `build` checks a spec with and `serve` checks a request with, so they live here, outside
// the service (which a compile-only build leaves out).

/// Most clock skew a config may ask for (RFC 7519: "usually no more than a few minutes").
pub const MAX_LEEWAY_SECONDS: u64 = 300;

/// Sigma's `sub` must be an email "RFC-1035 compliant, and not include white space or unsupported
/// characters, such as underscores" (help.sigmacomputing.com/docs/json-web-token-claims-reference).
/// Strict: a dot-atom local part (no leading, trailing or doubled dot) of at most 64 characters, and a
/// domain of at least two labels, each 1..=63 letters, digits and inner hyphens, the last one letters.
pub fn valid_user(u: &str) -> bool {
    let Some((local, domain)) = u.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    u.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^`{|}~.".contains(&b))
        && labels.len() >= 2
        && labels.iter().all(|l| label_ok(l))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The canonical form of a user email: syntax-checked, then case-folded, so `Jane@Example.com` and
/// `jane@example.com` are one Sigma user and one allow-list entry.
pub fn normalize_user(u: &str) -> Option<String> {
    valid_user(u).then(|| u.to_ascii_lowercase())
}
