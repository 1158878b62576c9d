//! Our access tokens: minted by `POST /v1/tokens`, presented to `GET /embed-dashboard`.
//!
//! `verify` parses the header once (`jsonwebtoken::decode_header`), refuses header fields that point elsewhere
//! (`jwk`, `jku`, `x5u`, `x5c`; never followed), unknown `crit` and a wrong `typ`, looks the key up by `kid`
//! in a map (keys come only from the config), requires the key's single algorithm, then has
//! `jsonwebtoken::crypto::verify` check the signature before the claims are even decoded. The typed claims
//! make every claim mandatory and numeric where it should be; `iss` and `aud` must match exactly, and
//! `exp`/`nbf` (with leeway), `iat` and the lifetime are checked against an explicit `now` (embed.md §2.3).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use super::secrets::{self, Secret};
use super::verified::Verified;
use crate::embed_config::EmbedConfig;

/// `typ` of our access tokens (RFC 8725 §3.11): a token of another kind, e.g. a Sigma embed JWT signed with
/// a shared key, cannot be substituted for one.
pub const ACCESS_TOKEN_TYP: &str = "snowtenant-access+jwt";
/// Longest token we parse; real ones are ~400 bytes.
pub const MAX_TOKEN_BYTES: usize = 4096;
pub use crate::embed_config::MAX_LEEWAY_SECONDS;

/// Claims of an access token. Unknown claims are refused: the signature covers them, but a strict shape
/// leaves no room for a claim we would silently ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub tenant: String,
    /// Client IP the token was issued to (canonical text form).
    pub cip: String,
    pub jti: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
}

/// Why a token was refused; `code()` feeds the metrics and the (generic) error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("token header not accepted")]
    BadHeader,
    #[error("unexpected token type")]
    WrongType,
    #[error("unknown key id")]
    UnknownKid,
    #[error("algorithm not allowed for this key")]
    WrongAlgorithm,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    #[error("token not yet valid")]
    NotYetValid,
    #[error("token issued in the future")]
    IssuedInFuture,
    #[error("token lifetime too long")]
    LifetimeTooLong,
    #[error("wrong audience")]
    WrongAudience,
    #[error("wrong issuer")]
    WrongIssuer,
}

impl TokenError {
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Malformed => "token_malformed",
            TokenError::BadHeader => "token_bad_header",
            TokenError::WrongType => "token_wrong_type",
            TokenError::UnknownKid => "token_unknown_kid",
            TokenError::WrongAlgorithm => "token_wrong_alg",
            TokenError::BadSignature => "token_bad_signature",
            TokenError::Expired => "token_expired",
            TokenError::NotYetValid => "token_not_yet_valid",
            TokenError::IssuedInFuture => "token_iat_future",
            TokenError::LifetimeTooLong => "token_lifetime",
            TokenError::WrongAudience => "token_wrong_aud",
            TokenError::WrongIssuer => "token_wrong_iss",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Secret(#[from] secrets::SecretError),
    #[error("signing key {kid}: algorithm {alg} is not supported (use HS256 or EdDSA)")]
    Algorithm { kid: String, alg: String },
    #[error("signing key {kid}: not a PKCS#8 PEM Ed25519 private key")]
    EdKey { kid: String },
    #[error("signing keys: {0}")]
    Config(String),
}

struct VerifyKey {
    key: DecodingKey,
    /// The one algorithm this key verifies (the allow-list).
    alg: Algorithm,
}

/// The active keys: the first signs, every one verifies tokens carrying its `kid`.
pub struct TokenService {
    signer_header: Header,
    signer: EncodingKey,
    verifiers: HashMap<String, VerifyKey>,
    issuer: String,
    audience: String,
    ttl: u64,
    leeway: u64,
    /// Tokens that passed every check but the clock's (see [`Verified`]).
    verified: Verified<AccessClaims>,
}

impl TokenService {
    pub fn from_config(cfg: &EmbedConfig) -> Result<Self, KeyError> {
        if cfg.signing_keys.is_empty() {
            return Err(KeyError::Config("at least one key is required".into()));
        }
        if cfg.leeway_seconds > MAX_LEEWAY_SECONDS {
            return Err(KeyError::Config(format!(
                "leeway_seconds must be <= {MAX_LEEWAY_SECONDS}"
            )));
        }
        if cfg.token_ttl_seconds == 0 || cfg.token_ttl_seconds > 3600 {
            return Err(KeyError::Config(
                "token_ttl_seconds must be within 1..=3600".into(),
            ));
        }
        let mut verifiers = HashMap::new();
        let mut signer = None;
        for k in &cfg.signing_keys {
            if k.kid.is_empty() || k.kid.len() > 64 {
                return Err(KeyError::Config(format!(
                    "kid {:?} must be 1..=64 characters",
                    k.kid
                )));
            }
            let what = format!("signing key {}", k.kid);
            let (alg, enc, dec) = match k.algorithm.as_str() {
                "HS256" => {
                    let s = secrets::resolve_hmac_key(&what, &k.secret)?;
                    (
                        Algorithm::HS256,
                        EncodingKey::from_secret(s.expose()),
                        DecodingKey::from_secret(s.expose()),
                    )
                }
                "EdDSA" => {
                    let s = secrets::resolve(&what, &k.secret)?;
                    let (enc, dec) =
                        ed_keys(&s).ok_or_else(|| KeyError::EdKey { kid: k.kid.clone() })?;
                    (Algorithm::EdDSA, enc, dec)
                }
                other => {
                    return Err(KeyError::Algorithm {
                        kid: k.kid.clone(),
                        alg: other.into(),
                    });
                }
            };
            if verifiers
                .insert(k.kid.clone(), VerifyKey { key: dec, alg })
                .is_some()
            {
                return Err(KeyError::Config(format!("duplicate kid {}", k.kid)));
            }
            if signer.is_none() {
                let mut h = Header::new(alg);
                h.typ = Some(ACCESS_TOKEN_TYP.into());
                h.kid = Some(k.kid.clone());
                signer = Some((h, enc));
            }
        }
        let (signer_header, signer) = signer.expect("non-empty checked above");
        Ok(TokenService {
            signer_header,
            signer,
            verifiers,
            issuer: cfg.issuer.clone(),
            audience: cfg.audience.clone(),
            ttl: cfg.token_ttl_seconds,
            leeway: cfg.leeway_seconds,
            verified: Verified::default(),
        })
    }

    pub fn ttl(&self) -> u64 {
        self.ttl
    }

    /// Mints a token for `sub` of `tenant`, bound to `ip`, valid from `now` for the configured TTL.
    pub fn mint(&self, tenant: &str, sub: &str, ip: IpAddr, now: u64) -> String {
        self.mint_with_jti(tenant, sub, ip, now).0
    }

    /// [`TokenService::mint`], also returning the token's `jti` (for the access log).
    pub fn mint_with_jti(&self, tenant: &str, sub: &str, ip: IpAddr, now: u64) -> (String, String) {
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: sub.into(),
            tenant: tenant.into(),
            cip: ip.to_string(),
            jti: super::random_hex16(),
            iat: now,
            nbf: now,
            exp: now + self.ttl,
        };
        let token = jsonwebtoken::encode(&self.signer_header, &claims, &self.signer)
            .expect("signing with a validated key cannot fail");
        (token, claims.jti)
    }

    /// Verifies a presented token at time `now` (seconds since the epoch).
    pub fn verify(&self, token: &str, now: u64) -> Result<Arc<AccessClaims>, TokenError> {
        // Only tokens that passed `verify_uncached` (length included) are ever cached.
        if let Some(claims) = self.verified.get(token) {
            self.check_times(&claims, now)?;
            return Ok(claims);
        }
        let claims = Arc::new(self.verify_uncached(token, now)?);
        self.verified.insert(token, claims.clone());
        Ok(claims)
    }

    /// [`TokenService::verify`] without the cache: every check, every time (what a token presented
    /// for the first time costs; `cargo bench --bench embed` measures both).
    pub fn verify_uncached(&self, token: &str, now: u64) -> Result<AccessClaims, TokenError> {
        if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::Malformed);
        }
        let claims = self.check_signed(token)?;
        self.check_times(&claims, now)?;
        Ok(claims)
    }

    /// Every check that does not depend on the clock, in the order `jsonwebtoken::decode` makes them.
    fn check_signed(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| match e.kind() {
            ErrorKind::Json(_) => classify_bad_header(token),
            _ => TokenError::Malformed,
        })?;
        if header.jwk.is_some()
            || header.jku.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some()
            || header.crit.is_some()
            || header.zip.is_some()
            || header.enc.is_some()
        {
            return Err(TokenError::BadHeader);
        }
        if header.typ.as_deref() != Some(ACCESS_TOKEN_TYP) {
            return Err(TokenError::WrongType);
        }
        let kid = header.kid.as_deref().ok_or(TokenError::UnknownKid)?;
        let vk = self.verifiers.get(kid).ok_or(TokenError::UnknownKid)?;
        // What `jsonwebtoken::decode` does after `decode_header`, without parsing the header twice more and
        // the claims twice (it did both per call): the key's algorithm, then the signature over
        // `header.payload`, then the claims, then `iss` and `aud` exactly, in that order.
        if header.alg != vk.alg {
            return Err(TokenError::WrongAlgorithm);
        }
        let (message, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let (_, payload) = message.split_once('.').ok_or(TokenError::Malformed)?;
        match jsonwebtoken::crypto::verify(signature, message.as_bytes(), &vk.key, vk.alg) {
            Ok(true) => {}
            Ok(false) => return Err(TokenError::BadSignature),
            Err(_) => return Err(TokenError::Malformed),
        }
        // Typed claims: every time claim mandatory and numeric (no GHSA-h395 type confusion).
        let c: AccessClaims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(TokenError::Malformed)?;
        if c.iss != self.issuer {
            return Err(TokenError::WrongIssuer);
        }
        if c.aud != self.audience {
            return Err(TokenError::WrongAudience);
        }
        Ok(c)
    }

    /// `exp` and `nbf` with leeway, `iat`, and the lifetime, against the caller's `now`: on every use.
    fn check_times(&self, c: &AccessClaims, now: u64) -> Result<(), TokenError> {
        // Time checks are ours, against the caller's clock, so they are testable and exactly as documented.
        if now > c.exp.saturating_add(self.leeway) {
            return Err(TokenError::Expired);
        }
        if c.nbf > now + self.leeway {
            return Err(TokenError::NotYetValid);
        }
        if c.iat > now + self.leeway {
            return Err(TokenError::IssuedInFuture);
        }
        if c.exp <= c.iat || c.exp - c.iat > self.ttl {
            return Err(TokenError::LifetimeTooLong);
        }
        Ok(())
    }
}

/// Error path only: a header the crate cannot parse is a wrong algorithm when its `alg` is a string the crate
/// has no variant for (`none` in every spelling, `HS256 `, ...), otherwise plain malformed.
fn classify_bad_header(token: &str) -> TokenError {
    let first = token.split('.').next().unwrap_or("");
    let parsed = URL_SAFE_NO_PAD
        .decode(first)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    match parsed
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(|a| a.as_str())
    {
        Some(alg) if serde_json::from_value::<Algorithm>(alg.into()).is_err() => {
            TokenError::WrongAlgorithm
        }
        _ => TokenError::Malformed,
    }
}

/// Both halves of an Ed25519 key from its PKCS#8 PEM private key (the public half is derived, so the config
/// names one secret per key).
fn ed_keys(s: &Secret) -> Option<(EncodingKey, DecodingKey)> {
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    let pem = s.as_str()?;
    let sk = ed25519_dalek::SigningKey::from_pkcs8_pem(pem).ok()?;
    let enc = EncodingKey::from_ed_pem(pem.as_bytes()).ok()?;
    let dec = DecodingKey::from_ed_der(sk.verifying_key().as_bytes());
    Some((enc, dec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed_config::{SecretRef, SigningKey};

    const NOW: u64 = 1_800_000_000;

    fn cfg_with_keys(keys: Vec<SigningKey>) -> EmbedConfig {
        let mut cfg: EmbedConfig = serde_json::from_str(include_str!(
            "../../tests/fixtures/embed-package/embed/config.json"
        ))
        .unwrap();
        cfg.signing_keys = keys;
        cfg
    }

    fn hs_key(kid: &str, var: &str, value: &str) -> SigningKey {
        // SAFETY of set_var: each test uses its own variable names.
        unsafe { std::env::set_var(var, value) };
        SigningKey {
            kid: kid.into(),
            algorithm: "HS256".into(),
            secret: SecretRef::Env(var.into()),
        }
    }

    fn service() -> TokenService {
        TokenService::from_config(&cfg_with_keys(vec![hs_key(
            "k1",
            "TOKENS_UNIT_K1",
            "unit-test-key-0123456789abcdef0123456789",
        )]))
        .unwrap()
    }

    #[test]
    fn roundtrip() {
        let s = service();
        let t = s.mint("ACME", "a@example.com", "127.0.0.1".parse().unwrap(), NOW);
        let c = s.verify(&t, NOW + 10).unwrap();
        assert_eq!(
            (c.tenant.as_str(), c.cip.as_str(), c.sub.as_str()),
            ("ACME", "127.0.0.1", "a@example.com")
        );
        assert_eq!(c.jti.len(), 32);
    }

    /// The verified-token cache keeps no clock: a token verified once still expires, is not yet
    /// valid before its `nbf`, and a token differing from a cached one in any byte is checked in full.
    #[test]
    fn a_cached_token_still_passes_the_time_checks_and_only_its_exact_bytes_hit() {
        let s = service();
        let t = s.mint("ACME", "a@example.com", "127.0.0.1".parse().unwrap(), NOW);
        let first = s.verify(&t, NOW).unwrap();
        assert_eq!(s.verified.len(), 1);
        assert!(
            Arc::ptr_eq(&first, &s.verify(&t, NOW + 1).unwrap()),
            "a hit"
        );
        let leeway = cfg_with_keys(vec![]).leeway_seconds;
        assert_eq!(
            s.verify(&t, NOW + s.ttl() + leeway + 1),
            Err(TokenError::Expired)
        );
        assert_eq!(s.verify(&t, NOW - leeway - 5), Err(TokenError::NotYetValid));
        let mut flipped = t.clone().into_bytes();
        let last = flipped.len() - 1;
        // A 32-byte signature's last base64url character carries 2 bits and 4 zero bits: only
        // A, Q, g and w are canonical, and another would be refused as malformed, not as a bad
        // signature. Swap it for another canonical one (one in four tokens ends in `A`).
        flipped[last] = if flipped[last] == b'A' { b'Q' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(s.verify(&flipped, NOW), Err(TokenError::BadSignature));
        assert_eq!(s.verified.len(), 1, "refused tokens are never cached");
    }

    #[test]
    fn tampered_or_truncated_tokens_are_refused() {
        let s = service();
        let t = s.mint("ACME", "a@example.com", "127.0.0.1".parse().unwrap(), NOW);
        let parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(
            String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap())
                .unwrap()
                .replace("ACME", "EVIL"),
        );
        let tampered = format!("{}.{forged}.{}", parts[0], parts[2]);
        assert_eq!(s.verify(&tampered, NOW), Err(TokenError::BadSignature));
        let no_sig = format!("{}.{}.", parts[0], parts[1]);
        assert_eq!(s.verify(&no_sig, NOW), Err(TokenError::BadSignature));
        let two_parts = format!("{}.{}", parts[0], parts[1]);
        assert_eq!(s.verify(&two_parts, NOW), Err(TokenError::Malformed));
        let four = format!("{t}.{}", parts[2]);
        assert_eq!(s.verify(&four, NOW), Err(TokenError::Malformed));
    }

    #[test]
    fn time_checks() {
        let s = service();
        let t = s.mint("ACME", "a@example.com", "127.0.0.1".parse().unwrap(), NOW);
        let leeway = cfg_with_keys(vec![]).leeway_seconds;
        assert_eq!(
            s.verify(&t, NOW + s.ttl() + leeway + 1),
            Err(TokenError::Expired)
        );
        assert_eq!(s.verify(&t, NOW - leeway - 5), Err(TokenError::NotYetValid));
        assert!(s.verify(&t, NOW - leeway).is_ok(), "within leeway");
    }

    #[test]
    fn rotation_verifies_old_kid_and_signs_with_first() {
        let old = hs_key(
            "old",
            "TOKENS_UNIT_OLD",
            "old-key-0123456789abcdef0123456789abcdef",
        );
        let new = hs_key(
            "new",
            "TOKENS_UNIT_NEW",
            "new-key-0123456789abcdef0123456789abcdef",
        );
        let before = TokenService::from_config(&cfg_with_keys(vec![old.clone()])).unwrap();
        let removed = TokenService::from_config(&cfg_with_keys(vec![new.clone()])).unwrap();
        let after = TokenService::from_config(&cfg_with_keys(vec![new, old])).unwrap();
        let t_old = before.mint("ACME", "a@example.com", "::1".parse().unwrap(), NOW);
        assert!(after.verify(&t_old, NOW).is_ok());
        let t_new = after.mint("ACME", "a@example.com", "::1".parse().unwrap(), NOW);
        assert_eq!(
            jsonwebtoken::decode_header(&t_new).unwrap().kid.as_deref(),
            Some("new")
        );
        assert_eq!(before.verify(&t_new, NOW), Err(TokenError::UnknownKid));
        // A reload builds a new service: the old key's tokens, verified (and cached) before it, are
        // refused once the key is gone.
        assert!(before.verify(&t_old, NOW).is_ok());
        assert_eq!(removed.verify(&t_old, NOW), Err(TokenError::UnknownKid));
    }

    #[test]
    fn short_or_unknown_keys_are_refused() {
        let short = hs_key("k", "TOKENS_UNIT_SHORT", "too-short");
        let e = TokenService::from_config(&cfg_with_keys(vec![short]))
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("TOKENS_UNIT_SHORT") && !e.contains("too-short"),
            "{e}"
        );
        let mut rs = hs_key(
            "k",
            "TOKENS_UNIT_RS",
            "rs-key-0123456789abcdef0123456789abcdef",
        );
        rs.algorithm = "RS256".into();
        assert!(TokenService::from_config(&cfg_with_keys(vec![rs])).is_err());
    }

    #[test]
    fn eddsa_key_roundtrip() {
        let pem = include_str!("../../tests/fixtures/embed-package/ed25519-test-key.pem");
        unsafe { std::env::set_var("TOKENS_UNIT_ED", pem) };
        let k = SigningKey {
            kid: "ed1".into(),
            algorithm: "EdDSA".into(),
            secret: SecretRef::Env("TOKENS_UNIT_ED".into()),
        };
        let s = TokenService::from_config(&cfg_with_keys(vec![k])).unwrap();
        let t = s.mint("ACME", "a@example.com", "127.0.0.1".parse().unwrap(), NOW);
        assert_eq!(
            jsonwebtoken::decode_header(&t).unwrap().alg,
            Algorithm::EdDSA
        );
        assert!(s.verify(&t, NOW).is_ok());
    }
}
