//! The JWT attack catalogue of embed.md §3, client-IP spoofing and oversized inputs, all over real sockets.
//! Every case asserts the documented 4xx and reason code; `check` asserts no 5xx and no secret in any body,
//! and each test ends by asserting no secret or token reached the logs.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const KID: &str = "2026-01";
const TYP: &str = "snowtenant-access+jwt";

fn b64(x: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(x)
}

/// HMAC-SHA256 (RFC 2104), written out so tests can sign any header the crate would refuse to build.
fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn header() -> Value {
    json!({ "alg": "HS256", "typ": TYP, "kid": KID })
}

fn claims() -> Value {
    let n = now();
    json!({
        "iss": "https://embed.snowtenant.test", "aud": "snowtenant-embed", "sub": "jane.doe@example.com",
        "tenant": "JON_DOE_TECH", "cip": "127.0.0.1", "jti": "0123456789abcdef0123456789abcdef",
        "iat": n, "nbf": n, "exp": n + 300
    })
}

fn unsigned(h: &Value, c: &Value) -> String {
    format!(
        "{}.{}",
        b64(h.to_string().as_bytes()),
        b64(c.to_string().as_bytes())
    )
}

fn sign(h: &Value, c: &Value, key: &[u8]) -> String {
    let msg = unsigned(h, c);
    let sig = b64(&hmac(key, msg.as_bytes()));
    format!("{msg}.{sig}")
}

fn with(mut v: Value, k: &str, x: Value) -> Value {
    v[k] = x;
    v
}

/// Every token refusal shows clients one code (`invalid_token`, so no refusal is an oracle for key
/// ids or signatures); the precise reason (`code`, or `a|b`) is counted in the metrics.
async fn expect(s: &Server, token: &str, status: u16, code: &str) {
    let precise: Vec<&str> = code.split('|').collect();
    let before: u64 = precise.iter().map(|c| rejections(s, c)).sum();
    let (st, body) = embed(s, token, "sales_distribution").await;
    let external = if code.starts_with("token_") || code == "unknown_tenant" {
        "invalid_token"
    } else {
        code
    };
    assert_eq!(
        (st, body["error"].as_str().unwrap_or("")),
        (status, external),
        "token {token}"
    );
    if external == "invalid_token" {
        assert_eq!(
            body["message"], "the access token is not valid",
            "one message"
        );
        let after: u64 = precise.iter().map(|c| rejections(s, c)).sum();
        assert_eq!(after, before + 1, "reason {code} counted for token {token}");
    }
}

#[tokio::test]
async fn harness_signs_like_the_server() {
    let s = Server::start(Package::fixture()).await;
    let t = sign(&header(), &claims(), SIGNING_KEY.as_bytes());
    let (st, body) = embed(&s, &t, "sales_distribution").await;
    assert_eq!(st, 200, "{body}");
}

#[tokio::test]
async fn jwt_attack_catalogue() {
    let s = Server::start(Package::fixture()).await;
    let key = SIGNING_KEY.as_bytes();
    let good = sign(&header(), &claims(), key);
    let mut sent = vec![good.clone()];
    let n = now();

    // 1. No token at all, and non-Bearer schemes.
    let (st, body) = check(
        client()
            .get(s.url("/embed-dashboard?dashboard=x"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (st, body["error"].as_str().unwrap()),
        (401, "missing_credentials")
    );
    let (st, _) = check(
        client()
            .get(s.url("/embed-dashboard?dashboard=x"))
            .header("authorization", "Basic Zm9vOmJhcg==")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 401);

    let cases: Vec<(&str, String, &str)> = vec![
        // 2. Signature tampered: last characters cut, or one flipped.
        (
            "sig cut",
            good[..good.len() - 4].to_string(),
            "token_malformed|token_bad_signature",
        ),
        (
            "sig flipped",
            format!(
                "{}{}",
                &good[..good.len() - 1],
                // The last base64url character of a 32-byte HMAC carries 2 bits: only A, Q, g
                // and w are canonical, so flip between two of them (a `B` would be malformed
                // base64 rather than a wrong signature, one run in sixteen).
                if good.ends_with('A') { "Q" } else { "A" }
            ),
            "token_bad_signature",
        ),
        // 3. alg none in its spellings, empty signature.
        (
            "alg none",
            format!(
                "{}.",
                unsigned(&with(header(), "alg", json!("none")), &claims())
            ),
            "token_wrong_alg",
        ),
        (
            "alg None",
            format!(
                "{}.",
                unsigned(&with(header(), "alg", json!("None")), &claims())
            ),
            "token_wrong_alg",
        ),
        (
            "alg NONE",
            format!(
                "{}.",
                unsigned(&with(header(), "alg", json!("NONE")), &claims())
            ),
            "token_wrong_alg",
        ),
        (
            "alg nOnE",
            format!(
                "{}.",
                unsigned(&with(header(), "alg", json!("nOnE")), &claims())
            ),
            "token_wrong_alg",
        ),
        // 4. Null signature: a real alg with the signature stripped, or two parts only.
        (
            "null sig",
            format!("{}.", unsigned(&header(), &claims())),
            "token_bad_signature",
        ),
        (
            "stripped",
            unsigned(&header(), &claims()),
            "token_malformed",
        ),
        // 5. HMAC with a blank key; 6. with common secrets.
        (
            "blank key",
            sign(&header(), &claims(), b""),
            "token_bad_signature",
        ),
        (
            "weak key secret",
            sign(&header(), &claims(), b"secret"),
            "token_bad_signature",
        ),
        (
            "weak key kid",
            sign(&header(), &claims(), KID.as_bytes()),
            "token_bad_signature",
        ),
        // 7. Algorithm confusion: an RS/ES/HS384 header on an HS256 key.
        (
            "alg RS256",
            sign(&with(header(), "alg", json!("RS256")), &claims(), key),
            "token_wrong_alg",
        ),
        (
            "alg HS384",
            sign(&with(header(), "alg", json!("HS384")), &claims(), key),
            "token_wrong_alg",
        ),
        (
            "alg EdDSA",
            sign(&with(header(), "alg", json!("EdDSA")), &claims(), key),
            "token_wrong_alg",
        ),
        (
            "alg garbage",
            sign(&with(header(), "alg", json!("HS256 ")), &claims(), key),
            "token_wrong_alg",
        ),
        // 8. Inline jwk carrying the attacker's own key.
        (
            "jwk",
            sign(
                &with(
                    header(),
                    "jwk",
                    json!({"kty": "oct", "k": b64(b"attacker-key-0123456789abcdef012345")}),
                ),
                &claims(),
                b"attacker-key-0123456789abcdef012345",
            ),
            "token_bad_header",
        ),
        // 9. jku / x5u pointing at an attacker URL (checked below that nothing is fetched).
        (
            "jku",
            sign(
                &with(header(), "jku", json!("http://127.0.0.1:9/jwks.json")),
                &claims(),
                b"x",
            ),
            "token_bad_header",
        ),
        (
            "x5u",
            sign(
                &with(header(), "x5u", json!("http://127.0.0.1:9/cert.pem")),
                &claims(),
                b"x",
            ),
            "token_bad_header",
        ),
        (
            "x5c",
            sign(&with(header(), "x5c", json!(["MIIB"])), &claims(), key),
            "token_bad_header",
        ),
        // 10/11. Hostile kid values: blank, paths, injection; signed with what such a lookup would return.
        (
            "kid blank",
            sign(&with(header(), "kid", json!("")), &claims(), b""),
            "token_unknown_kid",
        ),
        (
            "kid devnull",
            sign(
                &with(header(), "kid", json!("../../../../dev/null")),
                &claims(),
                b"",
            ),
            "token_unknown_kid",
        ),
        (
            "kid abs",
            sign(&with(header(), "kid", json!("/dev/null")), &claims(), b""),
            "token_unknown_kid",
        ),
        (
            "kid sqli",
            sign(
                &with(header(), "kid", json!("x' UNION SELECT '1")),
                &claims(),
                b"1",
            ),
            "token_unknown_kid",
        ),
        (
            "kid cmd",
            sign(
                &with(
                    header(),
                    "kid",
                    json!("k; sleep 10 | curl http://127.0.0.1:9"),
                ),
                &claims(),
                b"1",
            ),
            "token_unknown_kid",
        ),
        (
            "kid number",
            sign(&with(header(), "kid", json!(1)), &claims(), key),
            "token_malformed",
        ),
        (
            "kid missing",
            sign(&json!({"alg": "HS256", "typ": TYP}), &claims(), key),
            "token_unknown_kid",
        ),
        // 12/17. Claims tampered after signing: verified before anything reads them (no unknown_tenant oracle).
        (
            "tenant swapped",
            {
                let parts: Vec<&str> = good.split('.').collect();
                let evil = b64(with(claims(), "tenant", json!("ACME_INDUSTRIES"))
                    .to_string()
                    .as_bytes());
                format!("{}.{}.{}", parts[0], evil, parts[2])
            },
            "token_bad_signature",
        ),
        (
            "tenant unknown tampered",
            {
                let parts: Vec<&str> = good.split('.').collect();
                let evil = b64(with(claims(), "tenant", json!("NOBODY"))
                    .to_string()
                    .as_bytes());
                format!("{}.{}.{}", parts[0], evil, parts[2])
            },
            "token_bad_signature",
        ),
        // Even correctly signed, unknown or missing claims are refused (strict shape).
        (
            "extra claim",
            sign(&header(), &with(claims(), "admin", json!(true)), key),
            "token_malformed",
        ),
        (
            "missing jti",
            sign(
                &header(),
                &{
                    let mut c = claims();
                    c.as_object_mut().unwrap().remove("jti");
                    c
                },
                key,
            ),
            "token_malformed",
        ),
        (
            "missing nbf",
            sign(
                &header(),
                &{
                    let mut c = claims();
                    c.as_object_mut().unwrap().remove("nbf");
                    c
                },
                key,
            ),
            "token_malformed",
        ),
        (
            "aud array",
            sign(
                &header(),
                &with(claims(), "aud", json!(["snowtenant-embed", "x"])),
                key,
            ),
            "token_malformed",
        ),
        // 13. Wrong-type exp / nbf (GHSA-h395).
        (
            "exp string",
            sign(&header(), &with(claims(), "exp", json!("never")), key),
            "token_malformed",
        ),
        (
            "exp float",
            sign(&header(), &with(claims(), "exp", json!(1e30)), key),
            "token_malformed",
        ),
        (
            "nbf string",
            sign(&header(), &with(claims(), "nbf", json!("now")), key),
            "token_malformed",
        ),
        (
            "exp negative",
            sign(&header(), &with(claims(), "exp", json!(-1)), key),
            "token_malformed",
        ),
        // 14. Expired beyond the leeway (30 s); nbf in the future.
        (
            "expired",
            sign(
                &header(),
                &json!({"iss": "https://embed.snowtenant.test", "aud": "snowtenant-embed",
            "sub": "jane.doe@example.com", "tenant": "JON_DOE_TECH", "cip": "127.0.0.1", "jti": "a",
            "iat": n - 400, "nbf": n - 400, "exp": n - 100}),
                key,
            ),
            "token_expired",
        ),
        (
            "nbf future",
            sign(&header(), &with(claims(), "nbf", json!(n + 120)), key),
            "token_not_yet_valid",
        ),
        // iat in the future (the crate never checks iat).
        (
            "iat future",
            sign(
                &header(),
                &with(with(claims(), "iat", json!(n + 120)), "exp", json!(n + 200)),
                key,
            ),
            "token_iat_future",
        ),
        // 20. Lifetime longer than the TTL (300 s), e.g. 30 days.
        (
            "lifetime",
            sign(
                &header(),
                &with(claims(), "exp", json!(n + 30 * 86400)),
                key,
            ),
            "token_lifetime",
        ),
        (
            "exp before iat",
            sign(&header(), &with(claims(), "exp", json!(n - 1)), key),
            "token_lifetime",
        ),
        // 16. Cross-audience, cross-issuer, cross-type substitution.
        (
            "wrong aud",
            sign(
                &header(),
                &with(claims(), "aud", json!("sigmacomputing")),
                key,
            ),
            "token_wrong_aud",
        ),
        (
            "wrong iss",
            sign(
                &header(),
                &with(claims(), "iss", json!("https://evil.test")),
                key,
            ),
            "token_wrong_iss",
        ),
        (
            "typ JWT",
            sign(&with(header(), "typ", json!("JWT")), &claims(), key),
            "token_wrong_type",
        ),
        (
            "typ missing",
            sign(&json!({"alg": "HS256", "kid": KID}), &claims(), key),
            "token_wrong_type",
        ),
        // 19. Unknown crit header.
        (
            "crit",
            sign(
                &with(
                    with(header(), "crit", json!(["x-unknown"])),
                    "x-unknown",
                    json!(1),
                ),
                &claims(),
                key,
            ),
            "token_bad_header",
        ),
        // Plain garbage.
        ("garbage", "not.a.jwt".into(), "token_malformed"),
        ("one part", "abc".into(), "token_malformed"),
        ("bad base64", "%%%.%%%.%%%".into(), "token_malformed"),
        (
            "huge",
            format!("{}.{}.x", "a".repeat(3000), "b".repeat(3000)),
            "token_malformed",
        ),
    ];
    // A socket where a server that followed jku/x5u/kid URLs would connect (18: no out-of-band calls).
    let trap = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let trap_url = format!("http://{}/jwks.json", trap.local_addr().unwrap());
    let mut cases = cases;
    cases.push((
        "jku trap",
        sign(&with(header(), "jku", json!(trap_url)), &claims(), key),
        "token_bad_header",
    ));
    cases.push((
        "claim url",
        sign(&header(), &with(claims(), "sub", json!(trap_url)), b"x"),
        "token_bad_signature",
    ));
    for (name, token, code) in &cases {
        // Clients see one code; the precise reason is only in the metrics (and logs).
        let before: u64 = code.split('|').map(|c| rejections(&s, c)).sum();
        let (st, body) = embed(&s, token, "sales_distribution").await;
        let got = body["error"].as_str().unwrap_or("");
        assert!(
            st == 401 && got == "invalid_token",
            "case {name}: {st} {body}"
        );
        let after: u64 = code.split('|').map(|c| rejections(&s, c)).sum();
        assert_eq!(after, before + 1, "case {name}: reason {code}");
        sent.push(token.clone());
    }
    assert!(
        trap.accept().is_err(),
        "the server connected to a URL from a token"
    );
    assert!(cases.len() >= 20);
    let refs: Vec<&str> = sent.iter().map(String::as_str).collect();
    assert_logs_clean(&refs);
}

#[tokio::test]
async fn key_rotation_and_eddsa_confusion() {
    // EdDSA signer plus the HS256 key still verifying: old tokens keep working, new ones are EdDSA.
    let mut pkg = Package::fixture();
    let pem = include_str!("fixtures/embed-package/ed25519-test-key.pem");
    let ed = snowtenant::embed_config::SigningKey {
        kid: "2026-02-ed".into(),
        algorithm: "EdDSA".into(),
        secret: pkg.secret_file("ed.pem", pem),
    };
    pkg.config.signing_keys.insert(0, ed);
    let s = Server::start(pkg).await;
    let old = sign(&header(), &claims(), SIGNING_KEY.as_bytes());
    assert_eq!(embed(&s, &old, "sales_distribution").await.0, 200);
    let new = token(&s, KEY_JDT).await;
    let h: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(new.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (h["alg"].as_str(), h["kid"].as_str()),
        (Some("EdDSA"), Some("2026-02-ed"))
    );
    assert_eq!(embed(&s, &new, "sales_distribution").await.0, 200);

    // 7. Key confusion: HS256 signed with the Ed25519 *public* key under the EdDSA kid.
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    let public = ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
        .unwrap()
        .verifying_key()
        .to_bytes();
    let conf = sign(
        &with(header(), "kid", json!("2026-02-ed")),
        &claims(),
        &public,
    );
    expect(&s, &conf, 401, "token_wrong_alg").await;
    // And the HS256 key's kid with an EdDSA header.
    expect(
        &s,
        &sign(
            &with(header(), "alg", json!("EdDSA")),
            &claims(),
            SIGNING_KEY.as_bytes(),
        ),
        401,
        "token_wrong_alg",
    )
    .await;
    assert_logs_clean(&[&new, &old]);
}

#[test]
fn blank_weak_and_missing_keys_refuse_to_start() {
    use snowtenant::embed::state::Runtime;
    for weak in ["", "secret", "0123456789abcdef0123456789abcde"] {
        let mut pkg = Package::fixture();
        pkg.config.signing_keys[0].secret = pkg.secret_file("weak", weak);
        let e = Runtime::from_config(&pkg.config)
            .err()
            .expect("weak key refused")
            .to_string();
        assert!(
            e.contains("signing key 2026-01") && e.contains("weak"),
            "{e}"
        );
        assert!(
            weak.is_empty() || !e.contains(weak),
            "message must not echo the key: {e}"
        );
    }
    let mut pkg = Package::fixture();
    pkg.config.sigma.client_secret =
        snowtenant::embed_config::SecretRef::Env("SNOWTENANT_TEST_UNSET_SIGMA".into());
    let e = Runtime::from_config(&pkg.config).err().unwrap().to_string();
    assert!(e.contains("SNOWTENANT_TEST_UNSET_SIGMA"), "{e}");
    let mut pkg = Package::fixture();
    pkg.config.tenants[0].api_key = pkg.secret_file("short-api", "short");
    assert!(Runtime::from_config(&pkg.config).is_err());
}

#[tokio::test]
async fn spoofed_forwarding_from_untrusted_peer_is_ignored() {
    let mut pkg = Package::fixture();
    // JON_DOE_TECH allows only 203.0.113.0/24: loopback is outside, whatever the headers say.
    pkg.config.tenants[1].allowed_cidrs = vec!["203.0.113.0/24".into()];
    let s = Server::start(pkg).await;
    let c = client();
    for (h, v) in [
        ("x-forwarded-for", "203.0.113.5"),
        ("forwarded", "for=203.0.113.5"),
        ("x-forwarded-for", "garbage,,,"),
        ("x-real-ip", "203.0.113.5"),
    ] {
        let r = c
            .post(s.url("/v1/tokens"))
            .bearer_auth(KEY_JDT)
            .header(h, v)
            .json(&json!({"user": "a@example.com"}));
        let (st, body) = check(r.send().await.unwrap()).await;
        assert_eq!(
            (st, body["error"].as_str().unwrap()),
            (403, "ip_not_allowed"),
            "{h}: {v}"
        );
    }
    assert_logs_clean(&[]);
}

#[tokio::test]
async fn trusted_proxy_chains() {
    let mut pkg = Package::fixture();
    pkg.config.trusted_proxies = vec!["127.0.0.1/32".into(), "10.0.0.0/8".into()];
    pkg.config.tenants[1].allowed_cidrs = vec!["203.0.113.0/24".into(), "2001:db8::/32".into()];
    let s = Server::start(pkg).await;
    let c = client();
    let mint_via = |h: &'static str, v: &'static str| {
        c.post(s.url("/v1/tokens"))
            .bearer_auth(KEY_JDT)
            .header(h, v)
            .json(&json!({"user": "a@example.com"}))
            .send()
    };
    // Rightmost untrusted: the forged leftmost entry and our inner proxy 10.0.0.7 are skipped.
    let (st, body) = check(
        mint_via("x-forwarded-for", "198.51.100.66, 203.0.113.9, 10.0.0.7")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let tok = body["access_token"].as_str().unwrap().to_string();
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(tok.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["cip"], "203.0.113.9");
    let get = |v: &'static str| {
        c.get(s.url("/embed-dashboard?dashboard=sales_distribution"))
            .bearer_auth(&tok)
            .header("x-forwarded-for", v)
            .send()
    };
    assert_eq!(check(get("203.0.113.9").await.unwrap()).await.0, 200);
    // Same token from another address (stolen token) or without the header (peer 127.0.0.1).
    let (st, body) = check(get("203.0.113.10").await.unwrap()).await;
    assert_eq!((st, body["error"].as_str().unwrap()), (403, "ip_mismatch"));
    let (st, _) = embed(&s, &tok, "sales_distribution").await;
    assert_eq!(st, 403);
    // RFC 7239 Forwarded with IPv6.
    let (st, body) = check(
        mint_via(
            "forwarded",
            r#"for="[2001:db8::5]:4711";proto=https, for=10.0.0.7"#,
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    // Hidden and malformed chains fail closed.
    for (h, v, status, code) in [
        ("forwarded", "for=_hidden", 403, "client_ip_hidden"),
        (
            "forwarded",
            "for=unknown, for=10.0.0.7",
            403,
            "client_ip_hidden",
        ),
        (
            "forwarded",
            "for=\"[2001:db8::5",
            400,
            "forwarding_header_malformed",
        ),
        (
            "forwarded",
            "for=2001:db8::5",
            400,
            "forwarding_header_malformed",
        ),
        (
            "x-forwarded-for",
            "203.0.113.9,,10.0.0.7",
            400,
            "forwarding_header_malformed",
        ),
        (
            "x-forwarded-for",
            "203.0.113.9, evil.example.com",
            400,
            "forwarding_header_malformed",
        ),
        (
            "x-forwarded-for",
            "999.0.113.9",
            400,
            "forwarding_header_malformed",
        ),
    ] {
        let (st, body) = check(mint_via(h, v).await.unwrap()).await;
        assert_eq!(
            (st, body["error"].as_str().unwrap()),
            (status, code),
            "{h}: {v}"
        );
    }
    // Both kinds at once: we cannot know which one our proxy wrote.
    let r = c
        .post(s.url("/v1/tokens"))
        .bearer_auth(KEY_JDT)
        .header("x-forwarded-for", "203.0.113.9")
        .header("forwarded", "for=203.0.113.9")
        .json(&json!({"user": "a@example.com"}));
    assert_eq!(check(r.send().await.unwrap()).await.0, 400);
    // Non-UTF-8 bytes in the header.
    let r = c
        .post(s.url("/v1/tokens"))
        .bearer_auth(KEY_JDT)
        .header(
            "x-forwarded-for",
            reqwest::header::HeaderValue::from_bytes(b"203.0.113.\xff").unwrap(),
        )
        .json(&json!({"user": "a@example.com"}));
    assert_eq!(check(r.send().await.unwrap()).await.0, 400);
    assert_logs_clean(&[&tok]);
}

#[tokio::test]
async fn ipv6_and_mapped_addresses() {
    // A dual-stack listener: IPv4 clients show up as ::ffff:127.0.0.1 and must match 127.0.0.0/8.
    let s = Server::start_on(Package::fixture(), "[::]:0").await;
    let c = client();
    let r4 = c
        .post(s.url_via("127.0.0.1", "/v1/tokens"))
        .bearer_auth(KEY_JDT)
        .json(&json!({"user": "a@example.com"}));
    let (st, body) = check(r4.send().await.unwrap()).await;
    assert_eq!(st, 200, "{body}");
    let t4 = body["access_token"].as_str().unwrap().to_string();
    let r6 = c
        .post(s.url_via("[::1]", "/v1/tokens"))
        .bearer_auth(KEY_JDT)
        .json(&json!({"user": "a@example.com"}));
    let (st, body) = check(r6.send().await.unwrap()).await;
    assert_eq!(st, 200, "{body}");
    let t6 = body["access_token"].as_str().unwrap().to_string();
    let get = |host: &str, t: &str| {
        c.get(s.url_via(host, "/embed-dashboard?dashboard=monthly_performance"))
            .bearer_auth(t.to_string())
            .send()
    };
    assert_eq!(check(get("127.0.0.1", &t4).await.unwrap()).await.0, 200);
    assert_eq!(check(get("[::1]", &t6).await.unwrap()).await.0, 200);
    // A token issued to IPv4 loopback is not valid from IPv6 loopback, and vice versa.
    let (st, body) = check(get("[::1]", &t4).await.unwrap()).await;
    assert_eq!((st, body["error"].as_str().unwrap()), (403, "ip_mismatch"));
    assert_eq!(check(get("127.0.0.1", &t6).await.unwrap()).await.0, 403);
    assert_logs_clean(&[&t4, &t6]);
}

#[tokio::test]
async fn oversized_and_malformed_requests() {
    let s = Server::start(Package::fixture()).await;
    let c = client();
    // Header bigger than the head buffer: hyper answers 431 before any handler runs.
    let r = c
        .get(s.url("/embed-dashboard?dashboard=x"))
        .header("authorization", format!("Bearer {}", "a".repeat(20_000)));
    let resp = r.send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 431);
    // Too many header fields.
    let mut r = c.get(s.url("/healthz"));
    for i in 0..100 {
        r = r.header(format!("x-h{i}"), "1");
    }
    assert_eq!(r.send().await.unwrap().status().as_u16(), 431);
    // Token body limit and bad bodies.
    let big = json!({"user": "a".repeat(10_000) + "@example.com"});
    let (st, body) = check(
        c.post(s.url("/v1/tokens"))
            .bearer_auth(KEY_JDT)
            .json(&big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (st, body["error"].as_str().unwrap()),
        (413, "body_too_large")
    );
    for (bad, code) in [
        ("{", "bad_request"),
        ("[]", "bad_request"),
        (r#"{"user": 1}"#, "bad_request"),
        (
            r#"{"user": "a@example.com", "tenant": "ACME_INDUSTRIES"}"#,
            "bad_request",
        ),
        (r#"{"user": "not an email"}"#, "invalid_user"),
        (r#"{"user": "under_score@example.com"}"#, "invalid_user"),
    ] {
        let (st, body) = check(
            c.post(s.url("/v1/tokens"))
                .bearer_auth(KEY_JDT)
                .body(bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((st, body["error"].as_str().unwrap()), (400, code), "{bad}");
    }
    // Wrong API key (including another tenant's key with a byte changed), and no key.
    let mut wrong = KEY_ACME.to_string();
    wrong.pop();
    for k in [wrong.as_str(), "x", &"k".repeat(5000)] {
        let (st, body) = mint(&c, &s.url("/v1/tokens"), k, "a@example.com").await;
        assert_eq!(
            (st, body["error"].as_str().unwrap()),
            (401, "invalid_api_key")
        );
    }
    let (st, _) = check(
        c.post(s.url("/v1/tokens"))
            .json(&json!({"user": "a@example.com"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 401);
    // Query problems, unknown route and method.
    let t = token(&s, KEY_JDT).await;
    for q in [
        "",
        "?dashboard=",
        "?dashboard=sales_distribution&x=1",
        "?dashboard=%ff%fe",
    ] {
        let (st, _) = check(
            c.get(s.url(&format!("/embed-dashboard{q}")))
                .bearer_auth(&t)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(st == 400 || st == 404, "{q}: {st}");
    }
    let (st, body) = embed(&s, &t, "../../etc/passwd").await;
    assert_eq!(
        (st, body["error"].as_str().unwrap()),
        (404, "unknown_dashboard")
    );
    let (st, _) = check(c.get(s.url("/nope")).send().await.unwrap()).await;
    assert_eq!(st, 404);
    let (st, _) = check(c.delete(s.url("/v1/tokens")).send().await.unwrap()).await;
    assert_eq!(st, 405);
    assert_logs_clean(&[&t]);
}

#[tokio::test]
async fn slow_client_gets_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut pkg = Package::fixture();
    pkg.config.limits.request_timeout_ms = 300;
    let s = Server::start(pkg).await;
    // Complete head, then a body that never finishes: the request deadline answers 408.
    let mut sock = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /v1/tokens HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {KEY_JDT}\r\ncontent-length: 100\r\n\r\n{{\"us"
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), sock.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
}

#[tokio::test]
async fn rate_limits_answer_429() {
    let mut pkg = Package::fixture();
    pkg.config.limits.per_ip_per_second = 1;
    pkg.config.limits.per_ip_burst = 3;
    let s = Server::start(pkg).await;
    let c = client();
    let mut statuses = vec![];
    for _ in 0..6 {
        statuses.push(
            mint(&c, &s.url("/v1/tokens"), KEY_JDT, "a@example.com")
                .await
                .0,
        );
    }
    assert_eq!(&statuses[..3], &[200, 200, 200]);
    assert!(statuses[3..].iter().all(|&x| x == 429), "{statuses:?}");
    // Health and metrics count against the same per-IP limit (they are no unmetered way in).
    assert_eq!(
        c.get(s.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        429
    );
    let m = s.state.metrics.render();
    assert!(
        m.contains("snowtenant_embed_rejections_total{reason=\"rate_limited_ip\"} 4"),
        "{m}"
    );

    let mut pkg = Package::fixture();
    pkg.config.limits.per_tenant_per_second = 1;
    pkg.config.limits.per_tenant_burst = 2;
    let s = Server::start(pkg).await;
    let codes: Vec<u16> = {
        let mut v = vec![];
        for _ in 0..4 {
            v.push(
                mint(&c, &s.url("/v1/tokens"), KEY_JDT, "a@example.com")
                    .await
                    .0,
            );
        }
        v
    };
    assert_eq!(codes, vec![200, 200, 429, 429]);
    // Another tenant is not affected.
    assert_eq!(
        mint(&c, &s.url("/v1/tokens"), KEY_ACME, USER_ACME).await.0,
        200
    );
}
