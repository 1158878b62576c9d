//! Sigma JWT embed URLs (embed.md §1.1): HS256 with the embed secret, header `kid` = embed client id,
//! `exp - iat` at most 30 days, `ver: "1.1"` with the `aud: "sigmacomputing"` that version requires
//! (help.sigmacomputing.com/docs/json-web-token-claims-reference), and user attributes (the tenant's
//! Snowflake role, warehouse and id) taken from the registry only, so a caller can never choose the
//! role or warehouse Snowflake enforces.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use super::secrets;
use crate::embed_config::SigmaConfig;

/// Sigma refuses `exp - iat` above 30 days.
pub const MAX_SESSION_SECONDS: u64 = 30 * 24 * 3600;
/// The claims-reference version we send: 1.1 (the one `oauth_token` needs too).
pub const JWT_VERSION: &str = "1.1";
/// `aud` Sigma requires with `ver: "1.1"`.
pub const AUDIENCE: &str = "sigmacomputing";

#[derive(Debug, thiserror::Error)]
pub enum SigmaError {
    #[error(transparent)]
    Secret(#[from] secrets::SecretError),
    #[error("sigma: {0}")]
    Config(String),
}

/// What one tenant sends to Sigma, fixed at load time.
#[derive(Debug, Clone)]
pub struct SigmaTenant {
    pub teams: Vec<String>,
    pub user_attributes: BTreeMap<String, String>,
    /// The claims after `exp`, the same in every JWT of the tenant, serialized once:
    /// `,"iss":...,"user_attributes":{...}}`.
    claims_tail: String,
}

/// The claims of a Sigma JWT, in the order they are written (`sub`, `jti`, `iat`, `exp`, then
/// [`StaticClaims`]): what [`SigmaSigner::write_url`] writes byte for byte, with the tail
/// serialized once per tenant.
#[cfg(test)]
#[derive(Serialize)]
struct SigmaClaims<'a> {
    sub: &'a str,
    jti: &'a str,
    iat: u64,
    exp: u64,
    #[serde(flatten)]
    fixed: StaticClaims<'a>,
}

/// The claims that do not change from one URL of a tenant to the next.
#[derive(Serialize)]
struct StaticClaims<'a> {
    iss: &'a str,
    aud: &'static str,
    ver: &'static str,
    account_type: &'a str,
    teams: &'a [String],
    user_attributes: &'a BTreeMap<String, String>,
}

pub struct SigmaSigner {
    /// The JWT header (`alg` HS256, `kid` = client id), serialized and base64url-encoded once at load:
    /// it is the same for every URL.
    header_b64: String,
    key: EncodingKey,
    /// The embed client id (`iss`, and `kid` in the header).
    client_id: String,
    /// `<base_url>/<org>/`, the prefix of every URL.
    prefix: String,
    session_ttl: u64,
    account_type: String,
    pub role_attribute: String,
    pub tenant_attribute: String,
    pub warehouse_attribute: String,
}

impl SigmaSigner {
    pub fn from_config(c: &SigmaConfig) -> Result<Self, SigmaError> {
        if c.session_ttl_seconds == 0 || c.session_ttl_seconds > MAX_SESSION_SECONDS {
            return Err(SigmaError::Config(format!(
                "session_ttl_seconds must be within 1..={MAX_SESSION_SECONDS}"
            )));
        }
        let base = c.base_url.trim_end_matches('/');
        if !(base.starts_with("https://") || base.starts_with("http://"))
            || !is_url_safe(base, ":/.-")
        {
            return Err(SigmaError::Config(format!(
                "base_url {:?} must be an http(s) URL",
                c.base_url
            )));
        }
        if c.org.is_empty() || !is_url_safe(&c.org, "-_.") {
            return Err(SigmaError::Config(format!(
                "org {:?} must be a URL slug",
                c.org
            )));
        }
        // An empty role attribute means no role switching: only valid over OAuth, where the
        // identity provider sets the role.
        let no_role_attribute_ok = c.role_attribute.is_empty() && c.connection_auth == "oauth";
        if (c.role_attribute.is_empty() && !no_role_attribute_ok)
            || c.tenant_attribute.is_empty()
            || c.role_attribute == c.tenant_attribute
            || (!c.warehouse_attribute.is_empty()
                && (c.warehouse_attribute == c.role_attribute
                    || c.warehouse_attribute == c.tenant_attribute))
        {
            return Err(SigmaError::Config(
                "role_attribute, tenant_attribute and warehouse_attribute must be distinct names (role_attribute may be empty only over oauth)".into(),
            ));
        }
        if c.account_type.trim().is_empty() {
            return Err(SigmaError::Config("account_type must not be empty".into()));
        }
        let client_id = secrets::resolve("sigma client_id", &c.client_id)?;
        let client_id = client_id
            .as_str()
            .filter(|s| is_url_safe(s, "-_."))
            .ok_or_else(|| {
                SigmaError::Config(format!(
                    "client id from {} is not a plain id",
                    secrets::describe(&c.client_id)
                ))
            })?
            .to_string();
        let secret = secrets::resolve_hmac_key("sigma client_secret", &c.client_secret)?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(client_id.clone());
        let header_json = serde_json::to_vec(&header).expect("a JWT header always serializes");
        Ok(SigmaSigner {
            header_b64: URL_SAFE_NO_PAD.encode(header_json),
            key: EncodingKey::from_secret(secret.expose()),
            client_id,
            prefix: format!("{base}/{}/", c.org),
            session_ttl: c.session_ttl_seconds,
            account_type: c.account_type.clone(),
            role_attribute: c.role_attribute.clone(),
            tenant_attribute: c.tenant_attribute.clone(),
            warehouse_attribute: c.warehouse_attribute.clone(),
        })
    }

    /// The user attributes Sigma gets for a tenant. Sigma refuses an empty value for an attribute a
    /// connection uses, so an empty warehouse sends no warehouse attribute at all.
    pub fn tenant(
        &self,
        id: &str,
        snowflake_role: &str,
        warehouse: &str,
        teams: &[String],
    ) -> SigmaTenant {
        let mut user_attributes = BTreeMap::new();
        if !self.role_attribute.is_empty() {
            user_attributes.insert(self.role_attribute.clone(), snowflake_role.to_string());
        }
        if !self.warehouse_attribute.is_empty() && !warehouse.is_empty() {
            user_attributes.insert(self.warehouse_attribute.clone(), warehouse.to_string());
        }
        user_attributes.insert(self.tenant_attribute.clone(), id.to_string());
        let fixed = serde_json::to_string(&StaticClaims {
            iss: &self.client_id,
            aud: AUDIENCE,
            ver: JWT_VERSION,
            account_type: &self.account_type,
            teams,
            user_attributes: &user_attributes,
        })
        .expect("the claims always serialize");
        SigmaTenant {
            teams: teams.to_vec(),
            user_attributes,
            claims_tail: format!(",{}", &fixed[1..]),
        }
    }

    /// A fresh, signed embed URL for `user` on `workbook_path` (already validated at load); returns the URL
    /// and its `exp`. A new `jti` each call: Sigma treats every JWT as one-time.
    pub fn embed_url(
        &self,
        tenant: &SigmaTenant,
        workbook_path: &str,
        user: &str,
        now: u64,
    ) -> (String, u64) {
        let mut url = String::with_capacity(self.url_capacity(tenant, workbook_path, user));
        let exp = self.write_url(&mut url, tenant, workbook_path, user, now);
        (url, exp)
    }

    /// The JSON answer of `GET /embed-dashboard`, `{"url":"...","expires_at":N}`, written in one
    /// buffer: the URL holds only characters JSON leaves as they are (the base URL, org and workbook
    /// path are checked URL-safe at load; the JWT is base64url and '.'), so these are the bytes
    /// `serde_json` would write, without its per-character escaping scan and copies.
    pub fn embed_url_json(
        &self,
        tenant: &SigmaTenant,
        workbook_path: &str,
        user: &str,
        now: u64,
    ) -> String {
        let mut out = String::with_capacity(self.url_capacity(tenant, workbook_path, user) + 40);
        out.push_str("{\"url\":\"");
        let exp = self.write_url(&mut out, tenant, workbook_path, user, now);
        out.push_str("\",\"expires_at\":");
        out.push_str(itoa::Buffer::new().format(exp));
        out.push('}');
        out
    }

    /// An upper bound of a URL's length, so it is written without growing its buffer.
    fn url_capacity(&self, tenant: &SigmaTenant, workbook_path: &str, user: &str) -> usize {
        let claims = 80 + 6 * user.len() + tenant.claims_tail.len();
        self.prefix.len()
            + workbook_path.len()
            + 18
            + self.header_b64.len()
            + claims.div_ceil(3) * 4
            + 48
    }

    /// Appends the URL to `out` and returns its `exp`. What `jsonwebtoken::encode` builds
    /// (header.claims.signature, each base64url), written straight into the URL: the header is
    /// encoded once at load, the claims after `exp` once per tenant.
    fn write_url(
        &self,
        out: &mut String,
        tenant: &SigmaTenant,
        workbook_path: &str,
        user: &str,
        now: u64,
    ) -> u64 {
        let exp = now + self.session_ttl;
        let jti = super::random_hex16_bytes();
        let mut claims = Vec::with_capacity(80 + 6 * user.len() + tenant.claims_tail.len());
        claims.extend_from_slice(b"{\"sub\":");
        serde_json::to_writer(&mut claims, user).expect("a string always serializes");
        claims.extend_from_slice(b",\"jti\":\"");
        claims.extend_from_slice(&jti);
        claims.extend_from_slice(b"\",\"iat\":");
        claims.extend_from_slice(itoa::Buffer::new().format(now).as_bytes());
        claims.extend_from_slice(b",\"exp\":");
        claims.extend_from_slice(itoa::Buffer::new().format(exp).as_bytes());
        claims.extend_from_slice(tenant.claims_tail.as_bytes());
        out.push_str(&self.prefix);
        out.push_str(workbook_path);
        out.push_str("?:embed=true&:jwt=");
        // base64url and '.' only: nothing to percent-encode.
        let jwt_start = out.len();
        out.push_str(&self.header_b64);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(&claims, out);
        let signature =
            jsonwebtoken::crypto::sign(&out.as_bytes()[jwt_start..], &self.key, Algorithm::HS256)
                .expect("HS256 signing cannot fail");
        out.push('.');
        out.push_str(&signature);
        exp
    }
}

/// Workbook paths go into URLs unencoded, so the registry may only use unreserved characters and '/'.
pub fn valid_workbook_path(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        && is_url_safe(p, "-_.~/")
}

fn is_url_safe(s: &str, extra: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_jwt_is_what_jsonwebtoken_encode_builds() {
        use crate::embed_config::SigmaConfig;
        // SAFETY of set_var: variable names unique to this test.
        unsafe {
            std::env::set_var("SIGMA_UNIT_ID", "unit-client-id");
            std::env::set_var(
                "SIGMA_UNIT_SECRET",
                "unit-sigma-secret-0123456789abcdef0123",
            );
        }
        let cfg: SigmaConfig = serde_json::from_value(serde_json::json!({
            "base_url": "https://app.sigmacomputing.com",
            "org": "acme",
            "client_id": {"env": "SIGMA_UNIT_ID"},
            "client_secret": {"env": "SIGMA_UNIT_SECRET"},
            "session_ttl_seconds": 3600,
            "account_type": "viewer",
            "role_attribute": "snowflake_role",
            "tenant_attribute": "tenant_id",
            "connection_auth": "key_pair"
        }))
        .unwrap();
        let s = SigmaSigner::from_config(&cfg).unwrap();
        let t = s.tenant("ACME", "TENANT_ACME_READ", "", &["acme".to_string()]);
        let (url, exp) = s.embed_url(&t, "workbook/w-1", "a@example.com", 1_800_000_000);
        assert_eq!(exp, 1_800_003_600);
        let jwt = url
            .strip_prefix("https://app.sigmacomputing.com/acme/workbook/w-1?:embed=true&:jwt=")
            .unwrap();
        let mut v = jsonwebtoken::Validation::new(Algorithm::HS256);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        v.set_audience(&[AUDIENCE]);
        v.set_issuer(&["unit-client-id"]);
        let key = jsonwebtoken::DecodingKey::from_secret(b"unit-sigma-secret-0123456789abcdef0123");
        let data = jsonwebtoken::decode::<serde_json::Value>(jwt, &key, &v).unwrap();
        assert_eq!(data.header.kid.as_deref(), Some("unit-client-id"));
        assert_eq!(
            data.claims["user_attributes"]["snowflake_role"],
            "TENANT_ACME_READ"
        );
        // The header segment is byte for byte the one jsonwebtoken::encode writes (the signature check
        // above covers the rest).
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some("unit-client-id".into());
        let again = jsonwebtoken::encode(
            &h,
            &data.claims,
            &EncodingKey::from_secret(b"unit-sigma-secret-0123456789abcdef0123"),
        )
        .unwrap();
        assert_eq!(again.split('.').next(), jwt.split('.').next());
        assert_eq!(jwt.split('.').count(), 3);
        // The claims segment is, byte for byte, the claims struct serialized whole.
        let claims = URL_SAFE_NO_PAD
            .decode(jwt.split('.').nth(1).unwrap())
            .unwrap();
        let whole = serde_json::to_vec(&SigmaClaims {
            sub: "a@example.com",
            jti: data.claims["jti"].as_str().unwrap(),
            iat: 1_800_000_000,
            exp,
            fixed: StaticClaims {
                iss: "unit-client-id",
                aud: AUDIENCE,
                ver: JWT_VERSION,
                account_type: "viewer",
                teams: &t.teams,
                user_attributes: &t.user_attributes,
            },
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(claims).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        // A user needing JSON escapes is escaped as serde_json escapes it; the answer's JSON is
        // what serde_json writes for the same URL.
        let body = s.embed_url_json(&t, "workbook/w-1", "q\"u\\o@example.com", 1_800_000_000);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let url = v["url"].as_str().unwrap();
        let answer = crate::embed::api::EmbedUrl {
            url: url.to_string(),
            expires_at: 1_800_003_600,
        };
        assert_eq!(body, serde_json::to_string(&answer).unwrap());
        let jwt = url.rsplit_once("?:embed=true&:jwt=").unwrap().1;
        let data = jsonwebtoken::decode::<serde_json::Value>(jwt, &key, &v_check()).unwrap();
        assert_eq!(data.claims["sub"], "q\"u\\o@example.com");
    }

    fn v_check() -> jsonwebtoken::Validation {
        let mut v = jsonwebtoken::Validation::new(Algorithm::HS256);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        v.set_audience(&[AUDIENCE]);
        v
    }

    #[test]
    fn workbook_paths() {
        assert!(valid_workbook_path("workbook/Sales-Distribution-5aR2"));
        assert!(valid_workbook_path("workbook/X-1/page/p1/tag/v2"));
        for bad in [
            "",
            "/workbook/x",
            "workbook/../admin",
            "workbook//x",
            "workbook/x?y",
            "workbook/x#",
            "w b",
        ] {
            assert!(!valid_workbook_path(bad), "{bad}");
        }
    }
}
