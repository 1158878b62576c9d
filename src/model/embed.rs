//! The embed service's settings, resolved into the config `build` writes for `serve`.

use crate::diag::Diagnostic;
use crate::embed_config::{
    EMBED_CONFIG_FORMAT, EmbedConfig, EmbedTenant, EmbedUsers, GatewayConfig, SigmaConfig,
    SigningKey,
};
use crate::spec::{EmbedSpec, Sp, Spec, TenantSpec};

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
            warehouse: t.warehouse.as_str().to_string(),
            embed_users: t.embed_users.clone(),
            cors_origins: t.cors_origins.clone(),
            value: t.value.clone(),
        })
        .collect();
    attribute_names(&spec.sigma, diags);
    let gateway = spec.gateway.as_ref().map(|g| {
        let name = g.header.value.to_ascii_lowercase();
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
        if !token || RESERVED_HEADERS.contains(&name.as_str()) || name.starts_with("sf-") {
            diags.push(
                Diagnostic::new(
                    "SPEC086",
                    format!("`{}` cannot carry the gateway credential", g.header.value),
                )
                .at(g.header.span, "a custom header name, e.g. x-snowtenant-gateway-key")
                .help("letters, digits and `-` only; not a standard, forwarding or `sf-` header (Snowflake's own)"),
            );
        }
        GatewayConfig {
            header: name,
            secret: g.secret.clone(),
        }
    });
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
            warehouse_attribute: spec.sigma.warehouse_attribute.value.clone(),
        },
        tenants: embed_tenants,
        limits: Default::default(),
        gateway,
        metrics_token: spec.metrics_token.clone(),
    }
}

/// Headers a client or proxy sets with another meaning: none may carry the gateway credential.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "host",
    "content-type",
    "content-length",
    "content-encoding",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "origin",
];

/// The user attributes must be distinct names Sigma accepts (letters, digits, `_`), and the account
/// type a non-empty name (a default type such as `viewer` or a custom one).
fn attribute_names(sigma: &crate::spec::SigmaSpec, diags: &mut Vec<Diagnostic>) {
    let attrs = [
        &sigma.role_attribute,
        &sigma.tenant_attribute,
        &sigma.warehouse_attribute,
    ];
    for (i, a) in attrs.iter().enumerate() {
        let shape = a
            .value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let dup = attrs[..i]
            .iter()
            .any(|o| !a.value.is_empty() && o.value.eq_ignore_ascii_case(&a.value));
        if !shape || dup {
            diags.push(
                Diagnostic::new(
                    "SPEC087",
                    format!("`{}` cannot be a Sigma user attribute here", a.value),
                )
                .at(
                    a.span,
                    if dup {
                        "used for two attributes"
                    } else {
                        "letters, digits and `_` only"
                    },
                ),
            );
        }
    }
    if sigma.account_type.value.trim().is_empty() {
        diags.push(
            Diagnostic::new("SPEC087", "the Sigma account type must be named").at(
                sigma.account_type.span,
                "e.g. viewer, or a custom account type",
            ),
        );
    }
}

/// A tenant's `embed_users`, validated and lower-cased (emails are compared case-folded). Without the
/// section the tenant may embed as nobody (and the build warns, SPEC079).
pub(super) fn embed_users(spec: &TenantSpec, diags: &mut Vec<Diagnostic>) -> EmbedUsers {
    let Some(u) = &spec.embed_users else {
        return EmbedUsers::default();
    };
    let mut domains = Vec::new();
    for d in &u.domains {
        let lower = d.value.to_ascii_lowercase();
        if crate::embed_config::valid_user(&format!("u@{lower}")) {
            domains.push(lower);
        } else {
            diags.push(
                Diagnostic::new("SPEC084", format!("`{}` is not an email domain", d.value))
                    .at(d.span, "e.g. acme-industries.example")
                    .help(
                        "Sigma needs RFC 1035 domains: letters, digits and inner hyphens per label",
                    ),
            );
        }
    }
    if u.domains.is_empty() {
        diags.push(
            Diagnostic::new("SPEC084", "`embed_users` needs at least one domain")
                .at(spec.id.span, "this tenant could embed as nobody"),
        );
    }
    let local_prefix = u.user_id_prefix.as_ref().and_then(|p| {
        let lower = p.value.to_ascii_lowercase();
        if !lower.starts_with('.') && crate::embed_config::valid_user(&format!("{lower}x@a.bc")) {
            Some(lower)
        } else {
            diags.push(
                Diagnostic::new(
                    "SPEC084",
                    format!("`{}` cannot start an email address", p.value),
                )
                .at(
                    p.span,
                    "letters, digits, `-`, `+` or `.`; no `_` (Sigma refuses it)",
                ),
            );
            None
        }
    });
    domains.sort();
    domains.dedup();
    EmbedUsers {
        domains,
        local_prefix,
    }
}

/// Whether some email could belong to both rule sets: a shared domain, and prefixes that are unset
/// or one a prefix of the other.
fn overlap(a: &EmbedUsers, b: &EmbedUsers) -> Option<String> {
    let shared = a.domains.iter().find(|d| b.domains.contains(d))?;
    match (&a.local_prefix, &b.local_prefix) {
        (Some(x), Some(y)) if !x.starts_with(y.as_str()) && !y.starts_with(x.as_str()) => None,
        _ => Some(shared.clone()),
    }
}

/// SPEC085: no email may be embeddable by two tenants, or one tenant could open dashboards as the
/// other's user (Sigma knows users by email only).
pub fn check_embed_users_disjoint(spec: &Spec, diags: &mut Vec<Diagnostic>) {
    let mut scratch = Vec::new();
    let rules: Vec<(&TenantSpec, EmbedUsers)> = spec
        .tenants
        .iter()
        .map(|t| (t, embed_users(t, &mut scratch)))
        .collect();
    for (i, (a, ua)) in rules.iter().enumerate() {
        for (b, ub) in &rules[i + 1..] {
            if let Some(domain) = overlap(ua, ub) {
                diags.push(
                    Diagnostic::new(
                        "SPEC085",
                        format!(
                            "tenants `{}` and `{}` could both embed as the same {domain} user",
                            a.id.value, b.id.value
                        ),
                    )
                    .at(b.id.span, "this tenant's `embed_users`")
                    .at(a.id.span, "overlaps this one's")
                    .help("give each tenant its own domain, or distinct `user_id_prefix` values on a shared domain (neither a prefix of the other)"),
                );
            }
        }
    }
}

/// A tenant's CORS origins: `https://host[:port]` exactly (http only for localhost), lower case.
pub(super) fn cors_origins(spec: &TenantSpec, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for o in &spec.cors_origins {
        let lower = o.value.to_ascii_lowercase();
        let host = lower.strip_prefix("https://").or_else(|| {
            lower
                .strip_prefix("http://")
                .filter(|h| h.starts_with("localhost") || h.starts_with("127.0.0.1"))
        });
        let ok = host.is_some_and(|h| {
            let (name, port) = h.split_once(':').unwrap_or((h, "443"));
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && port.parse::<u16>().is_ok_and(|p| p > 0)
        });
        if ok {
            out.push(lower);
        } else {
            diags.push(
                Diagnostic::new("SPEC086", format!("`{}` is not a browser origin", o.value))
                    .at(
                        o.span,
                        "expected https://host or https://host:port, no path",
                    )
                    .help("origins are compared exactly, as browsers send them"),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// SPEC079: the embed setup builds but cannot work end to end as written. Each warning says the
/// exact fix.
pub fn warnings(spec: &Spec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(embed) = &spec.embed else {
        return out;
    };
    if let Some(f) = &spec.external_function {
        if embed.gateway.is_none() {
            out.push(
                Diagnostic::new(
                    "SPEC079",
                    "EMBED_URL() will be refused: no gateway credential is configured",
                )
                .at(f.endpoint_url.span, "the embed service refuses calls without the gateway's secret header")
                .help("add `embed.gateway: { header: x-snowtenant-gateway-key, secret: { env: SNOWTENANT_GATEWAY_KEY } }`, and on the API gateway's integration request set header `x-snowtenant-gateway-key` to the same secret (docs/embed.md, \"External function\")"),
            );
        }
        if embed.trusted_proxies.is_empty() {
            out.push(
                Diagnostic::new(
                    "SPEC079",
                    "EMBED_URL() will be refused: no trusted proxy, so no request can come from the gateway",
                )
                .at(f.endpoint_url.span, "the embed service answers this route only to peers in `embed.trusted_proxies`")
                .help("add the CIDR the API gateway (or its VPC link / load balancer) connects from, e.g. `embed.trusted_proxies: [10.0.0.0/16]`"),
            );
        }
    }
    for ts in &spec.tenants {
        if !ts.dashboards.is_empty() && ts.embed_users.is_none() {
            out.push(
                Diagnostic::new(
                    "SPEC079",
                    format!("tenant {} has dashboards but may embed as nobody", ts.id.value),
                )
                .at(ts.id.span, "no `embed_users`")
                .help("add `embed_users: { domains: [<the tenant's email domain>] }` (optionally `user_id_prefix`)"),
            );
        }
    }
    if let Some(u) = &embed.sigma.service_user
        && u.allowed_ips.is_empty()
    {
        out.push(
            Diagnostic::new(
                "SPEC079",
                "the Sigma service user gets no network policy: it can log in from anywhere",
            )
            .at(u.name.span, "no `allowed_ips`")
            .help("add `allowed_ips:` with Sigma's published egress addresses for your region"),
        );
    }
    out
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
