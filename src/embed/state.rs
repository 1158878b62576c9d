//! The service's configuration compiled for serving (`Runtime`: secrets resolved, CIDRs parsed, lookups
//! indexed) and the long-lived state around it (`AppState`). A reload builds a whole new `Runtime` and swaps
//! it in atomically; requests in flight keep the `Arc` of the one they started with.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use ipnet::IpNet;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::client_ip::TrustedProxies;
use super::external_function::IdempotencyCache;
use super::limits::RateLimiter;
use super::metrics::Metrics;
use super::secrets;
use super::sigma::{self, SigmaSigner, SigmaTenant};
use super::tokens::TokenService;
use crate::embed_config::{EMBED_CONFIG_FORMAT, EmbedConfig, EmbedLimits, EmbedUsers};

/// Shortest tenant API key accepted: the same 256-bit floor as HMAC keys, since it is a bearer secret.
pub const MIN_API_KEY_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not a valid embed config: {reason}")]
    Parse { path: String, reason: String },
    #[error("embed config format {0} is not supported (expected {EMBED_CONFIG_FORMAT})")]
    Format(u32),
    #[error(transparent)]
    Secret(#[from] secrets::SecretError),
    #[error(transparent)]
    Keys(#[from] super::tokens::KeyError),
    #[error(transparent)]
    Sigma(#[from] sigma::SigmaError),
    #[error("tenant {tenant}: {reason}")]
    Tenant { tenant: String, reason: String },
    #[error("trusted_proxies: {0:?} is not a CIDR")]
    TrustedProxy(String),
    #[error("gateway: {0}")]
    Gateway(String),
}

pub struct Tenant {
    pub id: String,
    pub snowflake_role: String,
    /// SHA-256 of the API key: fixed length, so comparing it leaks nothing, not even the key's length.
    api_key_digest: [u8; 32],
    pub cidrs: Vec<IpNet>,
    pub dashboards: BTreeMap<String, String>,
    pub sigma: SigmaTenant,
    /// The emails this tenant may embed as.
    pub embed_users: EmbedUsers,
    /// Browser origins allowed to call cross-origin for this tenant (exact `scheme://host[:port]`).
    pub cors_origins: Vec<String>,
}

impl Tenant {
    pub fn ip_allowed(&self, ip: IpAddr) -> bool {
        self.cidrs.iter().any(|n| n.contains(&ip))
    }

    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.cors_origins.iter().any(|o| o == origin)
    }
}

/// The gateway credential: the header it arrives in and the SHA-256 of its value (fixed length, so
/// the constant-time comparison leaks nothing, not even the length).
pub struct GatewayCredential {
    pub header: axum::http::HeaderName,
    digest: [u8; 32],
}

impl GatewayCredential {
    pub fn matches(&self, presented: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented).into();
        bool::from(self.digest.ct_eq(&digest))
    }
}

/// A bearer secret kept only as its SHA-256, compared in constant time.
pub struct BearerSecret([u8; 32]);

impl BearerSecret {
    pub fn matches(&self, presented: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented).into();
        bool::from(self.0.ct_eq(&digest))
    }
}

pub struct Runtime {
    pub tokens: TokenService,
    pub sigma: SigmaSigner,
    pub tenants: Vec<Tenant>,
    by_id: HashMap<String, usize>,
    by_role: HashMap<String, usize>,
    pub trusted: TrustedProxies,
    pub limits: EmbedLimits,
    /// None: the external-function route refuses every request.
    pub gateway: Option<GatewayCredential>,
    /// None: `/metrics` is served only on the separate metrics listener.
    pub metrics_token: Option<BearerSecret>,
    /// Every tenant's CORS origins: a preflight carries no credential, so it is answered for any
    /// origin some tenant allows; the real request is then checked against its tenant's list.
    pub cors_origins: std::collections::BTreeSet<String>,
}

impl Runtime {
    /// Reads `<package>/embed/config.json` and every secret it names.
    pub fn load(package: &Path) -> Result<Self, LoadError> {
        let path = config_path(package);
        let text = std::fs::read_to_string(&path).map_err(|e| LoadError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let cfg: EmbedConfig = serde_json::from_str(&text).map_err(|e| LoadError::Parse {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_config(&cfg)
    }

    pub fn from_config(cfg: &EmbedConfig) -> Result<Self, LoadError> {
        if cfg.format != EMBED_CONFIG_FORMAT {
            return Err(LoadError::Format(cfg.format));
        }
        let tokens = TokenService::from_config(cfg)?;
        let sigma = SigmaSigner::from_config(&cfg.sigma)?;
        let trusted = cfg
            .trusted_proxies
            .iter()
            .map(|c| parse_cidr(c).ok_or_else(|| LoadError::TrustedProxy(c.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        // A tenant whose API key is a signing key could mint tokens for every tenant (issue 13).
        let signing_digests: Vec<[u8; 32]> = cfg
            .signing_keys
            .iter()
            .filter_map(|k| secrets::resolve("signing key", &k.secret).ok())
            .map(|s| Sha256::digest(s.expose()).into())
            .collect();
        let mut tenants = Vec::with_capacity(cfg.tenants.len());
        let (mut by_id, mut by_role) = (HashMap::new(), HashMap::new());
        for t in &cfg.tenants {
            let err = |reason: String| LoadError::Tenant {
                tenant: t.id.clone(),
                reason,
            };
            let key = secrets::resolve(&format!("tenant {} api_key", t.id), &t.api_key)?;
            if key.expose().len() < MIN_API_KEY_BYTES {
                return Err(err(format!(
                    "api key from {} is shorter than {MIN_API_KEY_BYTES} bytes",
                    secrets::describe(&t.api_key)
                )));
            }
            let cidrs = t
                .allowed_cidrs
                .iter()
                .map(|c| parse_cidr(c).ok_or_else(|| err(format!("{c:?} is not a CIDR"))))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some((name, _)) = t
                .dashboards
                .iter()
                .find(|(_, p)| !sigma::valid_workbook_path(p))
            {
                return Err(err(format!(
                    "dashboard {name}: workbook path must be a relative URL path"
                )));
            }
            let idx = tenants.len();
            if by_id.insert(t.id.clone(), idx).is_some() {
                return Err(err("duplicate tenant id".into()));
            }
            if by_role.insert(t.snowflake_role.clone(), idx).is_some() {
                return Err(err("snowflake_role shared with another tenant".into()));
            }
            if secrets::estimated_entropy_bits(key.expose()) < secrets::MIN_API_KEY_ENTROPY_BITS {
                return Err(err(format!(
                    "api key from {} looks typed, not random (under {} bits of estimated entropy)",
                    secrets::describe(&t.api_key),
                    secrets::MIN_API_KEY_ENTROPY_BITS
                )));
            }
            let digest: [u8; 32] = Sha256::digest(key.expose()).into();
            if signing_digests.contains(&digest) {
                return Err(err(format!(
                    "api key from {} is also a signing key",
                    secrets::describe(&t.api_key)
                )));
            }
            if tenants.iter().any(|o: &Tenant| o.api_key_digest == digest) {
                return Err(err("api key shared with another tenant".into()));
            }
            tenants.push(Tenant {
                id: t.id.clone(),
                snowflake_role: t.snowflake_role.clone(),
                api_key_digest: digest,
                cidrs,
                dashboards: t.dashboards.clone(),
                // Sigma filters rows by the tenant attribute: the tenant's data value, not its id.
                sigma: sigma.tenant(
                    if t.value.is_empty() { &t.id } else { &t.value },
                    &t.snowflake_role,
                    &t.warehouse,
                    &t.teams,
                ),
                embed_users: lowercase_users(&t.embed_users),
                cors_origins: t.cors_origins.clone(),
            });
        }
        let gateway = match &cfg.gateway {
            None => None,
            Some(g) => {
                let header =
                    axum::http::HeaderName::from_bytes(g.header.as_bytes()).map_err(|_| {
                        LoadError::Gateway(format!("{:?} is not a header name", g.header))
                    })?;
                let secret = secrets::resolve_hmac_key("gateway credential", &g.secret)?;
                Some(GatewayCredential {
                    header,
                    digest: Sha256::digest(secret.expose()).into(),
                })
            }
        };
        let metrics_token = match &cfg.metrics_token {
            None => None,
            Some(r) => Some(BearerSecret(
                Sha256::digest(secrets::resolve_hmac_key("metrics token", r)?.expose()).into(),
            )),
        };
        let cors_origins = tenants
            .iter()
            .flat_map(|t| t.cors_origins.iter().cloned())
            .collect();
        Ok(Runtime {
            tokens,
            sigma,
            tenants,
            by_id,
            by_role,
            trusted: TrustedProxies::new(trusted),
            limits: cfg.limits.clone(),
            gateway,
            metrics_token,
            cors_origins,
        })
    }

    /// The tenant whose API key was presented. Compares against every tenant in constant time, so neither
    /// timing nor which tenant matched leaks.
    pub fn tenant_by_api_key(&self, presented: &[u8]) -> Option<&Tenant> {
        let digest: [u8; 32] = Sha256::digest(presented).into();
        let mut found = None;
        for t in &self.tenants {
            if bool::from(t.api_key_digest.ct_eq(&digest)) {
                found = Some(t);
            }
        }
        found
    }

    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.by_id.get(id).map(|&i| &self.tenants[i])
    }

    pub fn tenant_by_role(&self, role: &str) -> Option<&Tenant> {
        self.by_role.get(role).map(|&i| &self.tenants[i])
    }
}

/// Emails are compared case-folded; so are the rules.
fn lowercase_users(u: &EmbedUsers) -> EmbedUsers {
    EmbedUsers {
        domains: u.domains.iter().map(|d| d.to_ascii_lowercase()).collect(),
        local_prefix: u.local_prefix.as_ref().map(|p| p.to_ascii_lowercase()),
    }
}

pub fn config_path(package: &Path) -> PathBuf {
    package.join("embed").join("config.json")
}

/// A CIDR, or a bare address as a host route; IPv4-mapped networks are not accepted (addresses are
/// canonicalised to IPv4 before any check).
fn parse_cidr(s: &str) -> Option<IpNet> {
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
        .map(|n| n.trunc())
}

/// Everything that outlives a config reload.
pub struct AppState {
    pub runtime: ArcSwap<Runtime>,
    /// Package folder reloads read from (None in tests that build the runtime in memory).
    pub package: Option<PathBuf>,
    pub metrics: Metrics,
    pub per_ip: RateLimiter<IpAddr>,
    pub per_tenant: RateLimiter<String>,
    pub in_flight: Arc<tokio::sync::Semaphore>,
    pub batches: IdempotencyCache,
}

impl AppState {
    /// Rate and concurrency limits are fixed at start (changing them needs a restart); the rest reloads.
    pub fn new(runtime: Runtime, package: Option<PathBuf>) -> Self {
        let l = runtime.limits.clone();
        AppState {
            per_ip: RateLimiter::new(l.per_ip_per_second, l.per_ip_burst),
            per_tenant: RateLimiter::new(l.per_tenant_per_second, l.per_tenant_burst),
            in_flight: Arc::new(tokio::sync::Semaphore::new(l.max_in_flight.max(1) as usize)),
            runtime: ArcSwap::from_pointee(runtime),
            package,
            metrics: Metrics::default(),
            batches: IdempotencyCache::default(),
        }
    }

    /// Re-reads the package; on failure the running config stays and the error (which names sources,
    /// never secret values) is returned for logging.
    pub fn reload(&self) -> Result<(), LoadError> {
        let Some(dir) = &self.package else {
            return Ok(());
        };
        match Runtime::load(dir) {
            Ok(rt) => {
                self.runtime.store(Arc::new(rt));
                self.metrics.reload(true);
                Ok(())
            }
            Err(e) => {
                self.metrics.reload(false);
                Err(e)
            }
        }
    }
}
