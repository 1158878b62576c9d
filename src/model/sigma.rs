//! The Snowflake side of Sigma's connection: a key-pair service user that can switch to every
//! tenant role (user-attribute role switching), or an External OAuth security integration. The two
//! are exclusive and `embed.sigma.connection_auth` says which.

use crate::diag::Diagnostic;
use crate::quote::Ident;
use crate::spec::{ConnectionAuth, ExternalOauthSpec, SigmaServiceUserSpec, SigmaSpec, Sp};

use super::names::identifier;
use super::tenants::safe_text;

/// What Sigma connects with, resolved.
#[derive(Debug, Clone)]
pub struct SigmaConnection {
    pub warehouse: Ident,
    /// The Sigma user attribute carrying the tenant role (`SNOWFLAKE_ROLE`).
    pub role_attribute: String,
    /// The Sigma user attribute carrying the tenant's warehouse (`SNOWFLAKE_WAREHOUSE`).
    pub warehouse_attribute: String,
    /// The Sigma user attribute carrying the tenant id (`TENANT_ID`).
    pub tenant_attribute: String,
    /// The Sigma account type of embed users.
    pub account_type: String,
    pub auth: SigmaAuth,
}

#[derive(Debug, Clone)]
pub enum SigmaAuth {
    /// `None` when the spec names no service user yet (no SQL is emitted for it then).
    KeyPair(Option<KeyPairUser>),
    Oauth(ExternalOauth),
}

#[derive(Debug, Clone)]
pub struct KeyPairUser {
    pub name: Ident,
    /// The key's base64 body, without PEM delimiters or whitespace (what Snowflake expects).
    pub rsa_public_key: String,
    /// Where Sigma connects from: the user's network policy (none when empty; the build warns).
    pub allowed_ips: Vec<ipnet::IpNet>,
}

impl KeyPairUser {
    /// The session policy forbidding secondary roles, in the governance schema.
    pub fn session_policy(&self) -> Ident {
        Ident::new(format!("{}_SESSION_POLICY", self.name.as_str()))
    }

    /// The network policy (account-level) limiting where the user logs in from.
    pub fn network_policy(&self) -> Ident {
        Ident::new(format!("{}_NETWORK_POLICY", self.name.as_str()))
    }
}

#[derive(Debug, Clone)]
pub struct ExternalOauth {
    pub integration: Ident,
    /// Upper-case: `OKTA`, `AZURE`, `PING_FEDERATE` or `CUSTOM`.
    pub provider: &'static str,
    pub issuer: String,
    pub jws_keys_url: String,
    pub audience: Vec<String>,
    pub user_mapping_claim: String,
    /// `LOGIN_NAME` or `EMAIL_ADDRESS`.
    pub user_mapping_attribute: &'static str,
}

pub fn resolve(
    spec: &SigmaSpec,
    admin_warehouse: Option<&Ident>,
    diags: &mut Vec<Diagnostic>,
) -> Option<SigmaConnection> {
    let warehouse = match &spec.warehouse {
        Some(w) => identifier(w, "warehouse name", diags)?,
        None => admin_warehouse?.clone(),
    };
    let auth = match (
        spec.connection_auth.value,
        &spec.service_user,
        &spec.external_oauth,
    ) {
        (ConnectionAuth::KeyPair, user, None) => {
            SigmaAuth::KeyPair(user.as_ref().and_then(|u| key_pair_user(u, diags)))
        }
        (ConnectionAuth::Oauth, None, Some(o)) => SigmaAuth::Oauth(external_oauth(o, diags)?),
        (auth, user, oauth) => {
            let (span, label) = match (auth, user, oauth) {
                (ConnectionAuth::KeyPair, _, Some(o)) => (
                    o.issuer.span,
                    "`external_oauth` is for `connection_auth: oauth`",
                ),
                (_, Some(u), _) => (
                    u.name.span,
                    "`service_user` is for `connection_auth: key_pair`",
                ),
                _ => (
                    spec.connection_auth.span,
                    "oauth needs an `external_oauth` section",
                ),
            };
            diags.push(
                Diagnostic::new("SPEC075", "Sigma connects with key-pair auth or External OAuth, not both")
                    .at(span, label)
                    .help("key_pair + `service_user` enables user-attribute role switching; oauth + `external_oauth` takes roles from the identity provider"),
            );
            return None;
        }
    };
    Some(SigmaConnection {
        warehouse,
        role_attribute: super::embed::role_attribute(spec),
        warehouse_attribute: spec.warehouse_attribute.value.clone(),
        tenant_attribute: spec.tenant_attribute.value.clone(),
        account_type: spec.account_type.value.clone(),
        auth,
    })
}

fn key_pair_user(u: &SigmaServiceUserSpec, diags: &mut Vec<Diagnostic>) -> Option<KeyPairUser> {
    let name = identifier(&u.name, "user name", diags);
    let key = public_key_body(&u.rsa_public_key.value);
    if key.is_none() {
        diags.push(
            Diagnostic::new("SPEC076", "the Sigma service user's RSA public key is not a PEM public key")
                .at(u.rsa_public_key.span, "expected base64, optionally between `-----BEGIN PUBLIC KEY-----` lines")
                .help("paste the output of `openssl rsa -in rsa_key.p8 -pubout` (the public key, never the private one)"),
        );
    }
    let mut allowed_ips = Vec::new();
    for ip in &u.allowed_ips {
        match ip
            .value
            .parse::<ipnet::IpNet>()
            .or_else(|_| ip.value.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        {
            Ok(n) if n.trunc() == n => allowed_ips.push(n),
            _ => diags.push(
                Diagnostic::new("SPEC030", format!("`{}` is not a CIDR", ip.value))
                    .at(ip.span, "Sigma's egress address or range"),
            ),
        }
    }
    Some(KeyPairUser {
        name: name?,
        rsa_public_key: key?,
        allowed_ips,
    })
}

/// The base64 body of a PEM public key: delimiters and whitespace removed; `None` for anything
/// that is not a plausible RSA public key (including a private key pasted by mistake).
pub fn public_key_body(text: &str) -> Option<String> {
    if text.contains("PRIVATE KEY") {
        return None;
    }
    let body: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let base64_ok = body
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=');
    // An RSA-2048 SubjectPublicKeyInfo is 392 base64 characters; refuse obvious fragments.
    (base64_ok && body.len() >= 64 && body.len().is_multiple_of(4)).then_some(body)
}

fn external_oauth(o: &ExternalOauthSpec, diags: &mut Vec<Diagnostic>) -> Option<ExternalOauth> {
    let one_of =
        |v: &Sp<String>, what: &str, allowed: &[&'static str], diags: &mut Vec<Diagnostic>| {
            let upper = v.value.to_ascii_uppercase();
            let found = allowed.iter().find(|a| **a == upper).copied();
            if found.is_none() {
                diags.push(
                    Diagnostic::new(
                        "SPEC077",
                        format!("`{}` is not an External OAuth {what}", v.value),
                    )
                    .at(
                        v.span,
                        format!("one of {}", allowed.join(", ").to_ascii_lowercase()),
                    ),
                );
            }
            found
        };
    let https = |v: &Sp<String>, diags: &mut Vec<Diagnostic>| {
        let ok = v.value.starts_with("https://") && safe_text(v, "URL", diags).is_some();
        if !ok {
            diags.push(
                Diagnostic::new("SPEC070", "External OAuth URLs must be https://").at(
                    v.span,
                    "Snowflake refuses plain-http key URLs (bundle 2026_02)",
                ),
            );
        }
        ok.then(|| v.value.clone())
    };
    let integration = identifier(&o.integration, "integration name", diags);
    let provider = one_of(
        &o.provider,
        "type",
        crate::spec::limits::external_oauth_words("EXTERNAL_OAUTH_TYPE"),
        diags,
    );
    let attribute = one_of(
        &o.user_mapping_attribute,
        "user mapping attribute",
        crate::spec::limits::external_oauth_words(
            "EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE",
        ),
        diags,
    );
    let issuer = safe_text(&o.issuer, "issuer", diags);
    let keys = https(&o.jws_keys_url, diags);
    let claim = safe_text(&o.user_mapping_claim, "claim", diags);
    let audience: Vec<String> = o
        .audience
        .iter()
        .filter_map(|a| safe_text(a, "audience", diags))
        .collect();
    Some(ExternalOauth {
        integration: integration?,
        provider: provider?,
        issuer: issuer?,
        jws_keys_url: keys?,
        audience,
        user_mapping_claim: claim?,
        user_mapping_attribute: attribute?,
    })
}

/// SPEC079 under External OAuth: Snowflake maps a token to the user whose `LOGIN_NAME` (or
/// `EMAIL_ADDRESS`, `EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE`) equals the token's
/// `EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM`, and opens the session with the role of its
/// `session:role:<ROLE>` scope only if that role is granted to the user and in
/// `EXTERNAL_OAUTH_ALLOWED_ROLES_LIST` (docs.snowflake.com/en/user-guide/oauth-ext-overview, "Scopes";
/// /sql-reference/sql/create-security-integration-oauth-external). The package creates a user per
/// entry of a tenant's `oauth_users`; a tenant without any has no user holding its role through the
/// integration, so its Sigma sessions can open none: the warning names the spec fix.
pub fn oauth_user_mapping(
    spec: &crate::spec::Spec,
    sigma: Option<&SigmaConnection>,
    tenants: &[super::Tenant],
) -> Vec<Diagnostic> {
    let (
        Some(embed),
        Some(SigmaConnection {
            auth: SigmaAuth::Oauth(o),
            ..
        }),
    ) = (&spec.embed, sigma)
    else {
        return Vec::new();
    };
    let without: Vec<&super::Tenant> = tenants
        .iter()
        .filter(|t| t.oauth_users.is_empty())
        .collect();
    let Some(first) = without.first() else {
        return Vec::new();
    };
    let mut names: Vec<&str> = without.iter().take(3).map(|t| t.id.as_str()).collect();
    let more = without.len().saturating_sub(3);
    if more > 0 {
        names.push("...");
    }
    let example = match o.user_mapping_attribute {
        "EMAIL_ADDRESS" => "ana@<the tenant's email domain>",
        _ => "<the token's claim value of each user>",
    };
    vec![
        Diagnostic::new(
            "SPEC079",
            format!(
                "External OAuth: {} tenant(s) have no `oauth_users` ({}), so no Snowflake user holds their role and Sigma's OAuth sessions can open none",
                without.len(),
                names.join(", ")
            ),
        )
        .at(
            embed.sigma.connection_auth.span,
            format!(
                "a token maps to the user whose {} equals its `{}` claim, and its scope session:role:<ROLE> must be a role granted to that user",
                o.user_mapping_attribute, o.user_mapping_claim
            ),
        )
        .help(format!(
            "add `oauth_users: [{example}]` to tenant {} (and the others): the package creates each user with only that tenant's role (CREATE USER ... {} = '...', GRANT ROLE {} TO USER ...); in the identity provider, give each user's token the scope session:role:{} (docs/embed.md, \"External OAuth\")",
            first.id.as_str(),
            match o.user_mapping_attribute {
                "EMAIL_ADDRESS" => "EMAIL",
                _ => "LOGIN_NAME",
            },
            first.role.as_str(),
            first.role.as_str(),
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_delimiters_and_line_breaks_are_removed() {
        let body = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw";
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
            &body[..48],
            &body[48..]
        );
        assert_eq!(public_key_body(&pem).as_deref(), Some(body));
        assert_eq!(public_key_body(body).as_deref(), Some(body));
    }

    #[test]
    fn private_keys_fragments_and_quotes_are_refused() {
        assert!(
            public_key_body("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----")
                .is_none()
        );
        assert!(public_key_body("MIIB").is_none());
        assert!(public_key_body(&format!("{}'", "A".repeat(67))).is_none());
    }
}
