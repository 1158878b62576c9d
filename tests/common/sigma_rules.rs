//! Sigma's documented rules for JWT-signed embed URLs, as an independent verifier: it decodes the URL's
//! JWT with a generic decoder and checks the claims as JSON, sharing no code or types with our signer.
//!
//! Sources (archived copies, see shared/reference/embed.md §1.1):
//! - JSON web token claims reference: help.sigmacomputing.com/docs/json-web-token-claims-reference
//!   (claim list; `sub` an RFC-1035 email without whitespace or underscores; `jti`, `iat`, `exp`
//!   required; `exp - iat` at most 30 days = 2,592,000 s; `alg` only in the header and only HS256;
//!   `kid` in the header = the embed client id; `iss` = the client id; `oauth_token` and
//!   `connection_oauth_tokens` only with `ver: "1.1"`; `aud` optional for 1.0 and required for 1.1,
//!   where it must be `sigmacomputing`; `user_attributes` a Record<string,string>).
//! - Create an embed API with JSON Web Tokens: help.sigmacomputing.com/docs/create-an-embed-api-with-json-web-tokens
//!   (URL `…/<org>/workbook/<name>-<id>[/page|element|tag/…]?:embed=true&:jwt=…`; only `theme`,
//!   `menu_position`, `responsive_height`, `hide_menu`, `hide_folder_navigation` besides the JWT).
//! - Configure user attributes on a Snowflake connection: help.sigmacomputing.com/docs/configure-user-attributes-on-a-snowflake-connection
//!   and the user-attributes FAQ: an attribute a connection uses needs a value, "An empty string is not
//!   allowed".
//! - Create a team for embed users: help.sigmacomputing.com/docs/create-a-team-for-embed-users (the
//!   `teams` claim names existing teams; `account_type` a default or custom account type).
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

/// Sigma's limit on `exp - iat`.
pub const MAX_SESSION_SECONDS: u64 = 2_592_000;
/// Every claim Sigma's reference lists (`alg` and `kid` belong in the header).
const KNOWN_CLAIMS: &[&str] = &[
    "sub",
    "jti",
    "iat",
    "exp",
    "iss",
    "oauth_token",
    "connection_oauth_tokens",
    "eval_connection_id",
    "first_name",
    "last_name",
    "user_attributes",
    "account_type",
    "teams",
    "tenant",
    "ver",
    "aud",
];
const URL_PARAMS: &[&str] = &[
    ":embed",
    ":jwt",
    ":theme",
    ":menu_position",
    ":responsive_height",
    ":hide_menu",
    ":hide_folder_navigation",
];

/// What Sigma knows about the embed credentials.
pub struct Embed<'a> {
    pub base_url: &'a str,
    pub org: &'a str,
    pub client_id: &'a str,
    pub secret: &'a str,
}

/// Checks a URL against every rule above; returns the claims, or every violation found.
pub fn verify_url(url: &str, e: &Embed) -> Result<Value, Vec<String>> {
    let mut errs = Vec::new();
    let Some((path, query)) = url.split_once('?') else {
        return Err(vec!["no query string".into()]);
    };
    let prefix = format!("{}/{}/", e.base_url, e.org);
    match path.strip_prefix(&prefix) {
        Some(rest) => {
            let segs: Vec<&str> = rest.split('/').collect();
            let shape = segs.len() >= 2
                && segs[0] == "workbook"
                && segs[1]
                    .rsplit_once('-')
                    .is_some_and(|(n, id)| !n.is_empty() && !id.is_empty())
                && segs[2..].chunks(2).all(|c| {
                    c.len() == 2 && ["page", "element", "tag"].contains(&c[0]) && !c[1].is_empty()
                });
            if !shape {
                errs.push(format!(
                    "path {rest:?} is not workbook/<name>-<id>[/page|element|tag/<x>]"
                ));
            }
        }
        None => errs.push(format!("URL does not start with {prefix}")),
    }
    let mut params = BTreeMap::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if !URL_PARAMS.contains(&k) {
            errs.push(format!(
                "URL parameter {k} is not supported with JWT-signed URLs"
            ));
        }
        if params.insert(k.to_string(), v.to_string()).is_some() {
            errs.push(format!("URL parameter {k} repeated"));
        }
    }
    if params.get(":embed").map(String::as_str) != Some("true") {
        errs.push(":embed=true missing".into());
    }
    let Some(jwt) = params.get(":jwt") else {
        errs.push(":jwt missing".into());
        return Err(errs);
    };
    match verify_jwt(jwt, e) {
        Ok(c) if errs.is_empty() => Ok(c),
        Ok(_) => Err(errs),
        Err(mut more) => {
            errs.append(&mut more);
            Err(errs)
        }
    }
}

/// The JWT rules: header, signature, then each claim.
pub fn verify_jwt(jwt: &str, e: &Embed) -> Result<Value, Vec<String>> {
    let mut errs = Vec::new();
    let header = match jsonwebtoken::decode_header(jwt) {
        Ok(h) => h,
        Err(err) => return Err(vec![format!("header: {err}")]),
    };
    if header.alg != jsonwebtoken::Algorithm::HS256 {
        errs.push(format!("alg {:?} is not HS256", header.alg));
    }
    if header.kid.as_deref() != Some(e.client_id) {
        errs.push(format!("kid {:?} is not the embed client id", header.kid));
    }
    // Signature with the embed secret; every claim check below is ours, none the crate's.
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    v.validate_aud = false;
    let claims = match jsonwebtoken::decode::<Value>(
        jwt,
        &jsonwebtoken::DecodingKey::from_secret(e.secret.as_bytes()),
        &v,
    ) {
        Ok(d) => d.claims,
        Err(err) => {
            errs.push(format!("signature with the embed secret: {err}"));
            return Err(errs);
        }
    };
    let Some(obj) = claims.as_object() else {
        return Err(vec!["claims are not an object".into()]);
    };
    for k in obj.keys() {
        if !KNOWN_CLAIMS.contains(&k.as_str()) {
            errs.push(format!("claim {k} is not one Sigma lists"));
        }
    }
    let string = |k: &str| obj.get(k).and_then(Value::as_str);
    match string("sub") {
        Some(sub) if sigma_email(sub) => {}
        other => errs.push(format!("sub {other:?} is not an email Sigma accepts")),
    }
    if string("jti").is_none_or(|j| j.is_empty()) {
        errs.push("jti (a non-empty string) is required".into());
    }
    let iat = obj.get("iat").and_then(Value::as_u64);
    let exp = obj.get("exp").and_then(Value::as_u64);
    match (iat, exp) {
        (Some(iat), Some(exp)) if exp > iat && exp - iat <= MAX_SESSION_SECONDS => {}
        (Some(iat), Some(exp)) => errs.push(format!(
            "exp - iat = {} is not within 1..={MAX_SESSION_SECONDS}",
            exp as i64 - iat as i64
        )),
        _ => errs.push("iat and exp (numbers) are required".into()),
    }
    if let Some(iss) = obj.get("iss")
        && iss.as_str() != Some(e.client_id)
    {
        errs.push(format!("iss {iss} is not the embed client id"));
    }
    let ver = obj
        .get("ver")
        .map(|v| v.as_str().unwrap_or("<not a string>"));
    match ver {
        None | Some("1.0") | Some("1.1") => {}
        Some(other) => errs.push(format!("ver {other:?} is not 1.0 or 1.1")),
    }
    let aud = obj.get("aud");
    if ver == Some("1.1") && aud.and_then(Value::as_str) != Some("sigmacomputing") {
        errs.push(format!(
            "ver 1.1 requires aud \"sigmacomputing\", got {aud:?}"
        ));
    }
    if let Some(a) = aud
        && a.as_str() != Some("sigmacomputing")
    {
        errs.push(format!("aud {a} is not sigmacomputing"));
    }
    for k in ["oauth_token", "connection_oauth_tokens"] {
        if obj.contains_key(k) && ver != Some("1.1") {
            errs.push(format!("{k} needs ver 1.1"));
        }
    }
    for k in [
        "first_name",
        "last_name",
        "account_type",
        "eval_connection_id",
        "tenant",
        "oauth_token",
    ] {
        if let Some(v) = obj.get(k)
            && v.as_str().is_none_or(|s| s.trim().is_empty())
        {
            errs.push(format!("{k} must be a non-empty string"));
        }
    }
    if let Some(t) = obj.get("teams") {
        let ok = t
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty())));
        if !ok {
            errs.push(format!("teams {t} is not an array of team names"));
        }
    }
    for k in ["user_attributes", "connection_oauth_tokens"] {
        if let Some(ua) = obj.get(k) {
            let ok = ua.as_object().is_some_and(|m| {
                m.iter()
                    .all(|(name, v)| !name.is_empty() && v.as_str().is_some_and(|s| !s.is_empty()))
            });
            if !ok {
                errs.push(format!(
                    "{k} {ua} is not a Record<string, non-empty string>"
                ));
            }
        }
    }
    if errs.is_empty() {
        Ok(claims)
    } else {
        Err(errs)
    }
}

/// `sub`: an email, no whitespace, no underscore, an RFC 1035 domain (labels of letters, digits and
/// inner hyphens, at most 63 characters, two or more labels).
pub fn sigma_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '_' || !c.is_ascii())
        && !local.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Sigma treats claims as the user's state: the same user must get the same teams, account type and
/// user attributes in every JWT (claims reference, the note at the top).
pub fn consistent_per_user(claims: &[Value]) -> Result<(), String> {
    let mut seen: BTreeMap<String, (Value, Value, Value)> = BTreeMap::new();
    for c in claims {
        let sub = c["sub"].as_str().unwrap_or("").to_string();
        let v = (
            c["teams"].clone(),
            c["account_type"].clone(),
            c["user_attributes"].clone(),
        );
        if let Some(prev) = seen.get(&sub)
            && *prev != v
        {
            return Err(format!("{sub} got different user claims in two JWTs"));
        }
        seen.insert(sub, v);
    }
    Ok(())
}
