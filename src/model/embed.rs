//! The embed service's settings, resolved into the config `build` writes for `serve`.

use crate::diag::Diagnostic;
use crate::embed_config::{EMBED_CONFIG_FORMAT, EmbedConfig, EmbedTenant, SigmaConfig, SigningKey};
use crate::spec::{EmbedSpec, Sp};

use super::Tenant;
use super::tenants::safe_text;

/// Sigma: `exp - iat` must be at most 30 days (embed JWT claims).
const MAX_SIGMA_SESSION: u64 = 30 * 24 * 3600;
const ALGORITHMS: &[&str] = &["HS256", "EdDSA"];

pub fn resolve(spec: &EmbedSpec, tenants: &[Tenant], diags: &mut Vec<Diagnostic>) -> EmbedConfig {
    let https = |v: &Sp<String>, what: &str, diags: &mut Vec<Diagnostic>| {
        if !v.value.starts_with("https://") || safe_text(v, what, diags).is_none() {
            diags.push(
                Diagnostic::new("SPEC070", format!("the {what} must be an https:// URL"))
                    .at(v.span, "not https"),
            );
        }
    };
    https(&spec.sigma.base_url, "Sigma base URL", diags);
    for v in [
        &spec.issuer,
        &spec.audience,
        &spec.sigma.org,
        &spec.sigma.account_type,
    ] {
        safe_text(v, "embed setting", diags);
    }
    if spec.sigma.session_ttl_seconds.value == 0
        || spec.sigma.session_ttl_seconds.value > MAX_SIGMA_SESSION
    {
        diags.push(
            Diagnostic::new(
                "SPEC071",
                "the Sigma session lifetime must be between 1 s and 30 days",
            )
            .at(
                spec.sigma.session_ttl_seconds.span,
                "Sigma rejects exp - iat above 2,592,000 s",
            ),
        );
    }
    if spec.token_ttl_seconds.value == 0 || spec.token_ttl_seconds.value > 3600 {
        diags.push(
            Diagnostic::new("SPEC071", "access tokens must live between 1 s and 1 hour").at(
                spec.token_ttl_seconds.span,
                "short-lived tokens limit what a stolen one is worth",
            ),
        );
    }
    if spec.signing_keys.is_empty() {
        diags.push(
            Diagnostic::new(
                "SPEC072",
                "the embed service needs at least one signing key",
            )
            .at(spec.issuer.span, "no `signing_keys`"),
        );
    }
    let mut kids = std::collections::HashSet::new();
    for k in &spec.signing_keys {
        if !ALGORITHMS.contains(&k.algorithm.value.as_str()) {
            diags.push(
                Diagnostic::new(
                    "SPEC072",
                    format!(
                        "`{}` is not an allowed signing algorithm",
                        k.algorithm.value
                    ),
                )
                .at(k.algorithm.span, "use HS256 or EdDSA"),
            );
        }
        if !kids.insert(k.kid.value.clone()) {
            diags.push(
                Diagnostic::new(
                    "SPEC072",
                    format!("two signing keys share kid `{}`", k.kid.value),
                )
                .at(k.kid.span, "duplicate kid"),
            );
        }
    }
    let trusted_proxies = spec
        .trusted_proxies
        .iter()
        .filter_map(|p| match p.value.parse::<ipnet::IpNet>() {
            Ok(n) => Some(n.to_string()),
            Err(_) => {
                diags.push(
                    Diagnostic::new("SPEC030", format!("`{}` is not a CIDR", p.value))
                        .at(p.span, "trusted proxy"),
                );
                None
            }
        })
        .collect();
    let mut embed_tenants: Vec<EmbedTenant> = tenants
        .iter()
        .map(|t| EmbedTenant {
            id: t.id.as_str().to_string(),
            display_name: t.display_name.clone(),
            snowflake_role: t.role.as_str().to_string(),
            api_key: t.api_key.clone(),
            allowed_cidrs: t.allowed_cidrs.iter().map(|c| c.to_string()).collect(),
            teams: t.teams.clone(),
            dashboards: t.dashboards.clone(),
        })
        .collect();
    embed_tenants.sort_by(|a, b| a.id.cmp(&b.id));
    EmbedConfig {
        format: EMBED_CONFIG_FORMAT,
        issuer: spec.issuer.value.clone(),
        audience: spec.audience.value.clone(),
        token_ttl_seconds: spec.token_ttl_seconds.value,
        leeway_seconds: spec.leeway_seconds.value,
        signing_keys: spec
            .signing_keys
            .iter()
            .map(|k| SigningKey {
                kid: k.kid.value.clone(),
                algorithm: k.algorithm.value.clone(),
                secret: k.secret.clone(),
            })
            .collect(),
        trusted_proxies,
        sigma: SigmaConfig {
            base_url: spec.sigma.base_url.value.trim_end_matches('/').to_string(),
            org: spec.sigma.org.value.clone(),
            client_id: spec.sigma.client_id.clone(),
            client_secret: spec.sigma.client_secret.clone(),
            session_ttl_seconds: spec.sigma.session_ttl_seconds.value,
            account_type: spec.sigma.account_type.value.clone(),
            role_attribute: role_attribute(&spec.sigma),
            tenant_attribute: spec.sigma.tenant_attribute.value.clone(),
            connection_auth: match spec.sigma.connection_auth.value {
                crate::spec::ConnectionAuth::KeyPair => "key_pair".into(),
                crate::spec::ConnectionAuth::Oauth => "oauth".into(),
            },
        },
        tenants: embed_tenants,
        limits: Default::default(),
    }
}

/// The user attribute Sigma switches the connection's role by. Over External OAuth the role comes
/// from the identity provider and Sigma cannot switch it by attribute, so none is sent unless the
/// spec names one explicitly (which the audit then flags, ISO050).
pub(super) fn role_attribute(sigma: &crate::spec::SigmaSpec) -> String {
    let defaulted = sigma.role_attribute.span == crate::spec::Span::default();
    match sigma.connection_auth.value {
        crate::spec::ConnectionAuth::Oauth if defaulted => String::new(),
        _ => sigma.role_attribute.value.clone(),
    }
}
