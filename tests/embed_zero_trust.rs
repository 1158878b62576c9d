//! Issue 14, one test (or more) per bullet of "What is wrong today": the external function
//! authenticates the gateway itself, a tenant embeds only as its own users, every URL passes Sigma's
//! documented rules (an independent verifier), dedicated-warehouse tenants carry their warehouse,
//! Sigma's user cannot `USE SECONDARY ROLES ALL`, the low-severity leaks and gaps, and CORS.

mod common;

use std::io::Write;

use common::sigma_rules::{self, Embed};
use common::*;
use serde_json::{Value, json};
use snowtenant::diag::SourceFile;

const FIXTURE_SIGMA: Embed<'static> = Embed {
    base_url: "https://app.sigmacomputing.com",
    org: "example-org",
    client_id: SIGMA_CLIENT_ID,
    secret: SIGMA_SECRET,
};

fn gateway_package() -> Package {
    let mut pkg = Package::fixture();
    // Loopback plays the API gateway (its VPC link) here.
    pkg.config.trusted_proxies = vec!["127.0.0.1/32".into()];
    pkg
}

async fn ef_call(s: &Server, gateway: &[&str], role: &str, rows: Value) -> (u16, Value) {
    let mut r = client()
        .post(s.url("/v1/snowflake/embed-url"))
        .header("sf-context-current-role", role)
        .json(&rows);
    for g in gateway {
        r = r.header("x-snowtenant-gateway-key", *g);
    }
    check(r.send().await.unwrap()).await
}

fn compile(text: &str) -> Result<snowtenant::package::Package, Vec<snowtenant::diag::Diagnostic>> {
    snowtenant::build::compile(&SourceFile::new("spec.yaml", text))
}

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/platform.yaml"
    ))
    .unwrap()
}

// ---- External-function route trusts the network (high) ----

#[tokio::test]
async fn external_function_needs_the_gateway_credential_not_just_a_trusted_peer() {
    let s = Server::start(gateway_package()).await;
    let rows = json!({"data": [[0, "JON_DOE_TECH", "sales_distribution", USER_JDT]]});
    let role = "CLIENT_JON_DOE_TECH_ROLE";
    // A trusted peer is not enough: no credential, a wrong one, or two are refused alike.
    let wrong = GATEWAY_KEY.replace('5', "6");
    for (creds, reason) in [
        (vec![], "gateway_credential_missing"),
        (vec![wrong.as_str()], "gateway_credential_bad"),
        (vec![GATEWAY_KEY, GATEWAY_KEY], "gateway_credential_bad"),
    ] {
        let before = rejections(&s, reason);
        let (st, b) = ef_call(&s, &creds, role, rows.clone()).await;
        assert_eq!(
            (st, b["error"].as_str().unwrap()),
            (403, "gateway_required")
        );
        assert_eq!(rejections(&s, reason), before + 1, "{reason}");
    }
    // The role header is only read after the gateway proved itself.
    let (st, b) = ef_call(&s, &[], "ACCOUNTADMIN", rows.clone()).await;
    assert_eq!(
        (st, b["error"].as_str().unwrap()),
        (403, "gateway_required")
    );
    let (st, b) = ef_call(&s, &[GATEWAY_KEY], role, rows.clone()).await;
    assert_eq!(st, 200, "{b}");
    assert!(b["data"][0][1]["url"].is_string());
    // Without a gateway section the route refuses everything, even from a trusted peer.
    let mut pkg = gateway_package();
    pkg.config.gateway = None;
    let s = Server::start(pkg).await;
    let (st, _) = ef_call(&s, &[GATEWAY_KEY], role, rows).await;
    assert_eq!(st, 403);
    assert_eq!(rejections(&s, "gateway_not_configured"), 1);
    assert_logs_clean(&[]);
}

#[tokio::test]
async fn external_function_rows_only_for_the_tenants_users_and_logged_with_client_and_user() {
    let s = Server::start(gateway_package()).await;
    let rows = json!({"data": [
        [0, "JON_DOE_TECH", "sales_distribution", "ceo@acme-industries.example"],
        [1, "JON_DOE_TECH", "sales_distribution", "Jane.Doe@Example.COM"],
        [2, "JON_DOE_TECH", "sales_distribution", "a@b..com"]
    ]});
    let (st, b) = ef_call(&s, &[GATEWAY_KEY], "CLIENT_JON_DOE_TECH_ROLE", rows).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["data"][0][1]["error"], "user_not_allowed");
    let url = b["data"][1][1]["url"].as_str().unwrap();
    let c = sigma_rules::verify_url(url, &FIXTURE_SIGMA).unwrap();
    assert_eq!(c["sub"], "jane.doe@example.com", "case-folded");
    assert_eq!(b["data"][2][1]["error"], "invalid_user");
    let logs = logs();
    let line = logs
        .lines()
        .find(|l| l.contains("external function row") && l.contains("ceo@acme-industries.example"))
        .expect("the refused row is logged");
    assert!(line.contains("client_ip=127.0.0.1"), "{line}");
    assert!(
        line.contains("outcome=\"user_not_allowed\"") || line.contains("outcome=user_not_allowed"),
        "{line}"
    );
    assert!(line.contains("tenant=JON_DOE_TECH"), "{line}");
}

#[test]
fn example_build_warns_with_the_exact_fix_for_embed_url() {
    // As shipped: a gateway credential, no trusted proxy, so EMBED_URL() would be refused; the build says so.
    let p = compile(&example()).unwrap();
    let w: Vec<_> = p.warnings.iter().filter(|d| d.code == "SPEC079").collect();
    assert!(
        w.iter().any(|d| d.message.contains("no trusted proxy")
            && d.help
                .as_deref()
                .is_some_and(|h| h.contains("embed.trusted_proxies: ["))),
        "{w:?}"
    );
    assert!(
        !w.iter()
            .any(|d| d.message.contains("no gateway credential"))
    );
    // Without the gateway section: the other warning, with its exact fix.
    let no_gateway = example().replace(
        "  gateway:                          # the secret header the API gateway adds to external-function calls\n    secret: { env: SNOWTENANT_GATEWAY_KEY }\n",
        "",
    );
    assert_ne!(no_gateway, example());
    let p = compile(&no_gateway).unwrap();
    assert!(p.warnings.iter().any(|d| {
        d.code == "SPEC079"
            && d.message.contains("no gateway credential")
            && d.help
                .as_deref()
                .is_some_and(|h| h.contains("x-snowtenant-gateway-key"))
    }));
    // Both set: no external-function warning.
    let fixed = example().replace("  trusted_proxies: []", "  trusted_proxies: [10.0.0.0/16]");
    let p = compile(&fixed).unwrap();
    assert!(
        !p.warnings.iter().any(|d| d.message.contains("EMBED_URL")),
        "{:?}",
        p.warnings
    );
    // The CLI prints them and still succeeds.
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .args([
            "build",
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/platform.yaml"),
            "--out",
        ])
        .arg(dir.path().join("dist"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning") && err.contains("SPEC079"), "{err}");
}

// ---- A tenant can embed as anyone (medium-high) ----

#[tokio::test]
async fn a_tenant_cannot_mint_for_another_tenants_or_an_admins_email() {
    let s = Server::start(Package::fixture()).await;
    let c = client();
    for victim in ["ceo@acme-industries.example", "admin@snowtenant.example"] {
        let (st, b) = mint(&c, &s.url("/v1/tokens"), KEY_JDT, victim).await;
        assert_eq!(
            (st, b["error"].as_str().unwrap()),
            (403, "user_not_allowed"),
            "{victim}"
        );
    }
    // Its own users pass; so does ACME for its domain, not for JON_DOE_TECH's.
    assert_eq!(
        mint(&c, &s.url("/v1/tokens"), KEY_JDT, USER_JDT).await.0,
        200
    );
    assert_eq!(
        mint(&c, &s.url("/v1/tokens"), KEY_ACME, USER_ACME).await.0,
        200
    );
    assert_eq!(
        mint(&c, &s.url("/v1/tokens"), KEY_ACME, USER_JDT).await.0,
        403
    );
    let l = logs();
    assert!(
        l.lines().any(|x| x.contains("user_not_allowed")
            && x.contains("ceo@acme-industries.example")
            && x.contains("JON_DOE_TECH")),
        "refusal logged with tenant and user"
    );
    // A token minted before the allow-list shrank stops working after the reload.
    let t = token(&s, KEY_JDT).await;
    let p = s.package().dir.path().join("pkg/embed/config.json");
    let mut cfg: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    cfg["tenants"][1]["embed_users"] = json!({"domains": ["jondoe.example"]});
    std::fs::write(&p, serde_json::to_vec(&cfg).unwrap()).unwrap();
    s.state.reload().unwrap();
    let (st, b) = embed(&s, &t, "sales_distribution").await;
    assert_eq!(
        (st, b["error"].as_str().unwrap()),
        (403, "user_not_allowed")
    );
}

#[test]
fn embed_users_rules_prefixes_and_overlaps() {
    use snowtenant::embed_config::EmbedUsers;
    let ns = EmbedUsers {
        domains: vec!["embed.example.com".into()],
        local_prefix: Some("jdt-".into()),
    };
    assert!(ns.allows("jdt-1234@embed.example.com"));
    assert!(!ns.allows("acme-1234@embed.example.com"));
    assert!(
        !ns.allows("jdt-@embed.example.com"),
        "the prefix alone is no user"
    );
    assert!(!ns.allows("jdt-1@sub.embed.example.com"), "no subdomains");
    assert!(
        !EmbedUsers::default().allows("a@example.com"),
        "no rule: nobody"
    );
    // Two tenants that could both embed as the same email: the build refuses (SPEC085).
    let clash = example().replace(
        "embed_users: { domains: [acme-industries.example] }",
        "embed_users: { domains: [jondoe.example] }",
    );
    let Err(d) = compile(&clash) else {
        panic!("overlapping embed users accepted");
    };
    assert!(d.iter().any(|d| d.code == "SPEC085"), "{d:?}");
    // Disjoint prefixes on a shared domain are fine; a prefix of the other is not.
    let ns_ok = example()
        .replace(
            "embed_users: { domains: [jondoe.example] }",
            "embed_users: { domains: [embed.example.com], user_id_prefix: jdt- }",
        )
        .replace(
            "embed_users: { domains: [acme-industries.example] }",
            "embed_users: { domains: [embed.example.com], user_id_prefix: acme- }",
        );
    assert!(compile(&ns_ok).is_ok());
    let ns_bad = ns_ok.replace("user_id_prefix: acme-", "user_id_prefix: jdt-x");
    assert!(
        compile(&ns_bad)
            .err()
            .unwrap()
            .iter()
            .any(|d| d.code == "SPEC085")
    );
    let bad_domain = example().replace("domains: [jondoe.example]", "domains: [jon_doe.example]");
    assert!(
        compile(&bad_domain)
            .err()
            .unwrap()
            .iter()
            .any(|d| d.code == "SPEC084")
    );
}

// ---- Sigma would likely reject every URL (high) ----

#[tokio::test]
async fn every_url_passes_sigmas_documented_rules() {
    let s = Server::start(gateway_package()).await;
    let mut all = Vec::new();
    for key in [KEY_JDT, KEY_ACME] {
        let t = token(&s, key).await;
        for d in ["sales_distribution", "monthly_performance"] {
            let (st, b) = embed(&s, &t, d).await;
            assert_eq!(st, 200);
            let c = sigma_rules::verify_url(b["url"].as_str().unwrap(), &FIXTURE_SIGMA)
                .unwrap_or_else(|e| panic!("Sigma would refuse: {e:?}"));
            all.push(c);
        }
    }
    let (_, b) = ef_call(
        &s,
        &[GATEWAY_KEY],
        "CLIENT_ACME_INDUSTRIES_ROLE",
        json!({"data": [[0, "ACME_INDUSTRIES", "sales_distribution", USER_ACME]]}),
    )
    .await;
    all.push(
        sigma_rules::verify_url(b["data"][0][1]["url"].as_str().unwrap(), &FIXTURE_SIGMA).unwrap(),
    );
    for c in &all {
        assert_eq!(
            (c["ver"].as_str(), c["aud"].as_str()),
            (Some("1.1"), Some("sigmacomputing"))
        );
    }
    sigma_rules::consistent_per_user(&all).unwrap();
}

/// The verifier is only worth something if it refuses what Sigma refuses: the URL as it was before
/// this change (ver 1.1 without aud) first.
#[test]
fn the_sigma_verifier_refuses_what_sigma_documents_as_invalid() {
    let now = 1_800_000_000u64;
    let good = json!({
        "sub": "a@example.com", "jti": "0123456789abcdef0123456789abcdef", "iat": now, "exp": now + 3600,
        "iss": SIGMA_CLIENT_ID, "aud": "sigmacomputing", "ver": "1.1", "account_type": "viewer",
        "teams": ["T"], "user_attributes": {"SNOWFLAKE_ROLE": "R"}
    });
    let sign = |claims: &Value, kid: &str, secret: &str, alg: jsonwebtoken::Algorithm| {
        let mut h = jsonwebtoken::Header::new(alg);
        h.kid = Some(kid.into());
        let jwt = jsonwebtoken::encode(
            &h,
            claims,
            &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap();
        format!("https://app.sigmacomputing.com/example-org/workbook/W-1?:embed=true&:jwt={jwt}")
    };
    let hs = jsonwebtoken::Algorithm::HS256;
    assert!(
        sigma_rules::verify_url(
            &sign(&good, SIGMA_CLIENT_ID, SIGMA_SECRET, hs),
            &FIXTURE_SIGMA
        )
        .is_ok()
    );
    let mut no_aud = good.clone();
    no_aud.as_object_mut().unwrap().remove("aud");
    let edit = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "ver 1.1 without aud (the old URLs)",
            sign(&no_aud, SIGMA_CLIENT_ID, SIGMA_SECRET, hs),
        ),
        (
            "nbf is not a Sigma claim",
            sign(&edit("nbf", json!(now)), SIGMA_CLIENT_ID, SIGMA_SECRET, hs),
        ),
        (
            "underscore in sub",
            sign(
                &edit("sub", json!("a_b@example.com")),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "sub domain with an empty label",
            sign(
                &edit("sub", json!("a@b..com")),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "31-day session",
            sign(
                &edit("exp", json!(now + 31 * 86400)),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "ver 2.0",
            sign(
                &edit("ver", json!("2.0")),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "empty attribute value",
            sign(
                &edit("user_attributes", json!({"SNOWFLAKE_WAREHOUSE": ""})),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "teams not a list",
            sign(
                &edit("teams", json!("T")),
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                hs,
            ),
        ),
        (
            "iss not the client id",
            sign(&edit("iss", json!("x")), SIGMA_CLIENT_ID, SIGMA_SECRET, hs),
        ),
        (
            "kid not the client id",
            sign(&good, "other", SIGMA_SECRET, hs),
        ),
        (
            "HS512",
            sign(
                &good,
                SIGMA_CLIENT_ID,
                SIGMA_SECRET,
                jsonwebtoken::Algorithm::HS512,
            ),
        ),
        (
            "another secret",
            sign(
                &good,
                SIGMA_CLIENT_ID,
                "another-secret-0123456789abcdef012345",
                hs,
            ),
        ),
        (
            "unsupported URL parameter",
            sign(&good, SIGMA_CLIENT_ID, SIGMA_SECRET, hs) + "&:explore=true",
        ),
    ];
    for (name, url) in cases {
        assert!(
            sigma_rules::verify_url(&url, &FIXTURE_SIGMA).is_err(),
            "{name} passed"
        );
    }
    let a = serde_json::from_value::<Value>(good.clone()).unwrap();
    let b = edit("teams", json!(["U"]));
    assert!(sigma_rules::consistent_per_user(&[a, b]).is_err());
}

// ---- Sigma cannot query for dedicated-warehouse tenants ----

#[tokio::test]
async fn a_dedicated_warehouse_tenant_sends_its_warehouse_attribute() {
    let s = Server::start(Package::fixture()).await;
    let t = token(&s, KEY_ACME).await;
    let (_, b) = embed(&s, &t, "sales_distribution").await;
    let c = sigma_rules::verify_url(b["url"].as_str().unwrap(), &FIXTURE_SIGMA).unwrap();
    assert_eq!(
        c["user_attributes"]["SNOWFLAKE_WAREHOUSE"],
        "CLIENT_ACME_INDUSTRIES_WH"
    );
}

/// The example package end to end: `build`, then `serve` its own `embed/config.json`. ACME's URL carries
/// its dedicated warehouse, and everything the URL names (teams, user attributes, account type) is
/// what `dist/sigma/connection.json` tells the Sigma admin to create, with the connection's role and
/// warehouse set to the attributes.
#[tokio::test]
async fn example_package_urls_match_what_dist_sigma_sets_up() {
    let p = compile(&example()).unwrap();
    let conn: Value = serde_json::from_slice(&p.files["sigma/connection.json"]).unwrap();
    assert_eq!(
        conn["connection_settings"]["role"],
        "set by user attribute SNOWFLAKE_ROLE"
    );
    assert_eq!(
        conn["connection_settings"]["warehouse"],
        "set by user attribute SNOWFLAKE_WAREHOUSE"
    );
    assert_eq!(
        conn["teams"]["ACME_INDUSTRIES"]["user_attributes"]["SNOWFLAKE_WAREHOUSE"],
        "CLIENT_ACME_INDUSTRIES_WH"
    );
    assert_eq!(
        conn["teams"]["JON_DOE_TECH"]["user_attributes"]["SNOWFLAKE_WAREHOUSE"],
        "ANALYTICS_WH"
    );
    let mut cfg: snowtenant::embed_config::EmbedConfig =
        serde_json::from_slice(&p.files["embed/config.json"]).unwrap();
    let mut pkg = Package::fixture();
    cfg.signing_keys[0].secret = pkg.config.signing_keys[0].secret.clone();
    cfg.sigma.client_id = pkg.config.sigma.client_id.clone();
    cfg.sigma.client_secret = pkg.config.sigma.client_secret.clone();
    cfg.gateway = pkg.config.gateway.clone();
    for t in &mut cfg.tenants {
        let fixture = pkg.config.tenants.iter().find(|f| f.id == t.id).unwrap();
        t.api_key = fixture.api_key.clone();
        t.allowed_cidrs.push("127.0.0.1/32".into());
    }
    pkg.config = cfg;
    let s = Server::start(pkg).await;
    let t = {
        let (st, b) = mint(
            &client(),
            &s.url("/v1/tokens"),
            KEY_ACME,
            "buyer@acme-industries.example",
        )
        .await;
        assert_eq!(st, 200, "{b}");
        b["access_token"].as_str().unwrap().to_string()
    };
    let (_, b) = embed(&s, &t, "sales_distribution").await;
    let c = sigma_rules::verify_url(b["url"].as_str().unwrap(), &FIXTURE_SIGMA).unwrap();
    assert_eq!(
        c["user_attributes"]["SNOWFLAKE_WAREHOUSE"],
        "CLIENT_ACME_INDUSTRIES_WH"
    );
    assert_eq!(c["account_type"], conn["account_type"]);
    for team in c["teams"].as_array().unwrap() {
        assert!(
            conn["teams"][team.as_str().unwrap()].is_object(),
            "team {team} set up"
        );
    }
    let declared: Vec<&str> = conn["user_attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    for (k, v) in c["user_attributes"].as_object().unwrap() {
        assert!(declared.contains(&k.as_str()), "attribute {k} set up");
        assert_eq!(
            conn["teams"]["ACME_INDUSTRIES"]["user_attributes"][k], *v,
            "team value = JWT value for {k}"
        );
    }
}

// ---- Secondary roles ----

#[test]
fn sigma_user_gets_a_session_policy_and_the_audit_proves_use_secondary_roles_all_is_refused() {
    let with_ips = example().replace(
        "      name: SIGMA_SERVICE_USER\n",
        "      name: SIGMA_SERVICE_USER\n      allowed_ips: [192.0.2.0/24, 198.51.100.7]\n",
    );
    let p = compile(&with_ips).unwrap();
    let sql = String::from_utf8(p.files["sigma/snowflake.sql"].clone()).unwrap();
    for needle in [
        "CREATE SESSION POLICY IF NOT EXISTS ANALYTICS_PLATFORM.GOVERNANCE.SIGMA_SERVICE_USER_SESSION_POLICY ALLOWED_SECONDARY_ROLES = ()",
        "ALTER SESSION POLICY ANALYTICS_PLATFORM.GOVERNANCE.SIGMA_SERVICE_USER_SESSION_POLICY SET ALLOWED_SECONDARY_ROLES = ()",
        "ALTER USER SIGMA_SERVICE_USER SET SESSION POLICY ANALYTICS_PLATFORM.GOVERNANCE.SIGMA_SERVICE_USER_SESSION_POLICY FORCE",
        "CREATE NETWORK POLICY IF NOT EXISTS SIGMA_SERVICE_USER_NETWORK_POLICY ALLOWED_IP_LIST = ('192.0.2.0/24', '198.51.100.7/32')",
        "ALTER USER SIGMA_SERVICE_USER SET NETWORK_POLICY = SIGMA_SERVICE_USER_NETWORK_POLICY",
    ] {
        assert!(sql.contains(needle), "missing {needle}\n{sql}");
    }
    // The build parsed and audited it (the validator accepts every statement); the proof says why
    // the Sigma user's sessions stay single-tenant.
    let report = snowtenant::build::verify(&p).unwrap();
    assert!(
        report
            .proof
            .iter()
            .any(|l| l.contains("USE SECONDARY ROLES ALL is refused by its session policy")),
        "{:#?}",
        report.proof
    );
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.code == "ISO054" || f.code == "ISO055")
    );
    // Without the session policy, DEFAULT_SECONDARY_ROLES = () alone: the audit fails, because a
    // session can still activate every tenant role.
    let mut stripped = p;
    let without: String = sql
        .split(";\n")
        .filter(|st| !st.contains("SESSION POLICY"))
        .collect::<Vec<_>>()
        .join(";\n");
    stripped
        .files
        .insert("sigma/snowflake.sql".into(), without.into_bytes());
    let Err(err) = snowtenant::build::verify(&stripped) else {
        panic!("the audit passes without the session policy");
    };
    let help = err.help.unwrap_or_default();
    assert!(help.contains("ISO054"), "{help}");
    assert!(help.contains("USE SECONDARY ROLES ALL"), "{help}");
}

// ---- Leaks and gaps (low) ----

#[tokio::test]
async fn token_refusals_share_one_code_and_message() {
    let s = Server::start(Package::fixture()).await;
    let good = token(&s, KEY_JDT).await;
    let (h, rest) = good.split_once('.').unwrap();
    let mut header: Value = serde_json::from_slice(&base64_url(h)).unwrap();
    header["kid"] = json!("no-such-kid");
    let unknown_kid = format!("{}.{rest}", b64url(&serde_json::to_vec(&header).unwrap()));
    let bad_sig = format!("{}x", &good[..good.len() - 1]);
    let (a, ba) = embed(&s, &unknown_kid, "sales_distribution").await;
    let (b, bb) = embed(&s, &bad_sig, "sales_distribution").await;
    assert_eq!((a, &ba), (b, &bb), "indistinguishable to the client");
    assert_eq!(ba["error"], "invalid_token");
    assert_eq!(rejections(&s, "token_unknown_kid"), 1);
    assert!(rejections(&s, "token_bad_signature") + rejections(&s, "token_malformed") >= 1);
}

fn b64url(x: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(x)
}

fn base64_url(x: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(x)
        .unwrap()
}

#[tokio::test]
async fn metrics_need_the_token_or_the_private_listener() {
    let s = Server::start(Package::fixture()).await;
    let c = client();
    let st = |r: reqwest::RequestBuilder| async move { r.send().await.unwrap().status().as_u16() };
    assert_eq!(st(c.get(s.url("/metrics"))).await, 401);
    assert_eq!(st(c.get(s.url("/metrics")).bearer_auth("nope")).await, 401);
    assert!(
        metrics(&s)
            .await
            .contains("snowtenant_embed_requests_total")
    );
    // No token configured: /metrics does not exist on the main listener...
    let mut pkg = Package::fixture();
    pkg.config.metrics_token = None;
    let s2 = Server::start(pkg).await;
    assert_eq!(
        st(c.get(s2.url("/metrics")).bearer_auth(METRICS_TOKEN)).await,
        404
    );
    // ...only on the private one.
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let app = snowtenant::embed::server::metrics_router(s2.state.clone());
    tokio::spawn(snowtenant::embed::server::serve_app(
        l,
        app,
        s2.state.clone(),
        std::future::pending(),
    ));
    let r = c
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("snowtenant_embed_rejections_total")
    );
    assert_eq!(
        st(c.get(format!("http://{addr}/v1/tokens"))).await,
        404,
        "nothing else there"
    );
}

#[tokio::test]
async fn token_and_url_responses_are_never_cached() {
    let s = Server::start(gateway_package()).await;
    let c = client();
    let r = c
        .post(s.url("/v1/tokens"))
        .bearer_auth(KEY_JDT)
        .json(&json!({"user": USER_JDT}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let t = r.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c
        .get(s.url("/embed-dashboard?dashboard=sales_distribution"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), &r.headers()["cache-control"]),
        (
            200,
            &"no-store".parse::<reqwest::header::HeaderValue>().unwrap()
        )
    );
    let r = c
        .post(s.url("/v1/snowflake/embed-url"))
        .header("x-snowtenant-gateway-key", GATEWAY_KEY)
        .header("sf-context-current-role", "CLIENT_JON_DOE_TECH_ROLE")
        .json(&json!({"data": [[0, "JON_DOE_TECH", "sales_distribution", USER_JDT]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let r = c
        .get(s.url("/embed-dashboard?dashboard=x"))
        .bearer_auth("x.y.z")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn emails_are_strict_and_case_folded() {
    let s = Server::start(Package::fixture()).await;
    let c = client();
    for bad in [
        "a@b..com",
        "a@-example.com",
        ".a@example.com",
        "a@example.c0m",
        "a b@example.com",
    ] {
        let (st, b) = mint(&c, &s.url("/v1/tokens"), KEY_JDT, bad).await;
        assert_eq!(
            (st, b["error"].as_str().unwrap()),
            (400, "invalid_user"),
            "{bad}"
        );
    }
    let (st, b) = mint(&c, &s.url("/v1/tokens"), KEY_JDT, "Jane.Doe@EXAMPLE.com").await;
    assert_eq!(st, 200);
    let (_, u) = embed(
        &s,
        b["access_token"].as_str().unwrap(),
        "sales_distribution",
    )
    .await;
    let claims = sigma_rules::verify_url(u["url"].as_str().unwrap(), &FIXTURE_SIGMA).unwrap();
    assert_eq!(claims["sub"], "jane.doe@example.com");
}

#[tokio::test]
async fn two_authorization_headers_are_refused() {
    let s = Server::start(Package::fixture()).await;
    let t = token(&s, KEY_JDT).await;
    let c = client();
    let r = c
        .post(s.url("/v1/tokens"))
        .header("authorization", format!("Bearer {KEY_JDT}"))
        .header("authorization", "Bearer x")
        .json(&json!({"user": USER_JDT}));
    let (st, b) = check(r.send().await.unwrap()).await;
    assert_eq!((st, b["error"].as_str().unwrap()), (400, "bad_request"));
    let r = c
        .get(s.url("/embed-dashboard?dashboard=sales_distribution"))
        .header("authorization", "Bearer x")
        .header("authorization", format!("Bearer {t}"));
    let (st, _) = check(r.send().await.unwrap()).await;
    assert_eq!(st, 400);
    assert_eq!(rejections(&s, "duplicate_authorization"), 2);
}

#[tokio::test]
async fn cors_preflight_and_per_tenant_origins() {
    let s = Server::start(Package::fixture()).await;
    let c = client();
    let jdt = "https://portal.jondoe.example";
    let acme = "https://app.acme-industries.example";
    let r = c
        .request(
            reqwest::Method::OPTIONS,
            s.url("/embed-dashboard?dashboard=sales_distribution"),
        )
        .header("origin", jdt)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["access-control-allow-origin"], jdt);
    assert!(
        r.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let r = c
        .request(reqwest::Method::OPTIONS, s.url("/embed-dashboard"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let t = token(&s, KEY_JDT).await;
    let get = |origin: &'static str| {
        c.get(s.url("/embed-dashboard?dashboard=sales_distribution"))
            .bearer_auth(&t)
            .header("origin", origin)
            .send()
    };
    let r = get("https://portal.jondoe.example").await.unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["access-control-allow-origin"].to_str().unwrap()
        ),
        (200, jdt)
    );
    // ACME's origin is a real origin, but not JON_DOE_TECH's.
    let r = get("https://app.acme-industries.example").await.unwrap();
    assert_eq!(r.status(), 403);
    let _ = acme;
}

#[tokio::test]
async fn oversized_heads_and_dropped_slow_connections_are_counted() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = Server::start(Package::fixture()).await;
    let r = client()
        .get(s.url("/healthz"))
        .header("x-big", "a".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    // Half a request head, then silence: hyper drops it after the header read timeout.
    let mut sock = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    sock.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let _ = tokio::time::timeout(std::time::Duration::from_secs(8), sock.read(&mut buf)).await;
    let mut m = String::new();
    for _ in 0..50 {
        m = metrics(&s).await;
        if m.contains("snowtenant_embed_connections_closed_total{reason=\"header_timeout\"} 1") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        m.contains("snowtenant_embed_connections_closed_total{reason=\"header_too_large\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("snowtenant_embed_connections_closed_total{reason=\"header_timeout\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("snowtenant_embed_requests_total{route=\"other\",status=\"431\"} 1"),
        "{m}"
    );
}

/// The real binary: JSON access logs naming who and what (no ANSI when stderr is a file), and an
/// env-var secret rotated through `--env-file` on SIGHUP.
#[test]
fn serve_binary_json_access_logs_and_env_secret_rotation() {
    use std::process::{Command, Stdio};
    let mut pkg = Package::fixture();
    let jdt = pkg
        .config
        .tenants
        .iter_mut()
        .find(|t| t.id == "JON_DOE_TECH")
        .unwrap();
    jdt.api_key = snowtenant::embed_config::SecretRef::Env("ROTATING_KEY_JDT".into());
    let env_file = pkg.dir.path().join("secrets.env");
    let first = "first-rotating-api-key-0123456789abcdef0123";
    let second = "second-rotating-api-key-0123456789abcdef012";
    std::fs::write(&env_file, format!("export ROTATING_KEY_JDT={first}\n")).unwrap();
    let dir = pkg.write();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log_path = pkg.dir.path().join("serve.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_snowtenant"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--env-file",
        ])
        .arg(&env_file)
        .arg("--package")
        .arg(&dir)
        .env_remove("ROTATING_KEY_JDT")
        .env_remove("SNOWTENANT_LOG_FORMAT")
        .env("RUST_LOG", "info")
        .stderr(Stdio::from(std::fs::File::create(&log_path).unwrap()))
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = client();
        for _ in 0..100 {
            if c.get(format!("{base}/healthz")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let (st, b) = mint(&c, &format!("{base}/v1/tokens"), first, USER_JDT).await;
        assert_eq!(st, 200, "{b}");
        let t = b["access_token"].as_str().unwrap().to_string();
        let r = c
            .get(format!(
                "{base}/embed-dashboard?dashboard=sales_distribution"
            ))
            .bearer_auth(&t)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            mint(
                &c,
                &format!("{base}/v1/tokens"),
                first,
                "ceo@acme-industries.example"
            )
            .await
            .0,
            403
        );
        std::fs::write(&env_file, format!("ROTATING_KEY_JDT={second}\n")).unwrap();
        Command::new("kill")
            .args(["-HUP", &child.id().to_string()])
            .status()
            .unwrap();
        let mut ok = false;
        for _ in 0..100 {
            if mint(&c, &format!("{base}/v1/tokens"), second, USER_JDT)
                .await
                .0
                == 200
            {
                ok = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(ok, "the rotated key works after SIGHUP");
        assert_eq!(
            mint(&c, &format!("{base}/v1/tokens"), first, USER_JDT)
                .await
                .0,
            401,
            "the old key no longer"
        );
    });
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
    let logs = std::fs::read_to_string(&log_path).unwrap();
    assert!(!logs.contains('\u{1b}'), "no ANSI escapes in a log file");
    for s in ALL_SECRETS.iter().chain([&first, &second]) {
        assert!(!logs.contains(s), "secret in logs");
    }
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let ok = lines
        .iter()
        .find(|l| l["route"] == "/embed-dashboard" && l["outcome"] == "ok")
        .expect("success logged");
    for k in ["client_ip", "tenant", "user", "dashboard", "jti", "status"] {
        assert!(!ok[k].is_null(), "{k} missing in {ok}");
    }
    assert_eq!(
        (
            ok["client_ip"].as_str(),
            ok["tenant"].as_str(),
            ok["user"].as_str(),
            ok["dashboard"].as_str()
        ),
        (
            Some("127.0.0.1"),
            Some("JON_DOE_TECH"),
            Some(USER_JDT),
            Some("sales_distribution")
        )
    );
    assert_eq!(ok["jti"].as_str().map(str::len), Some(32));
    let issued = lines
        .iter()
        .find(|l| l["route"] == "/v1/tokens" && l["outcome"] == "ok")
        .unwrap();
    assert_eq!(
        issued["jti"], ok["jti"],
        "the token's jti links issue and use"
    );
    assert!(lines.iter().any(|l| l["route"] == "/v1/tokens"
        && l["outcome"] == "user_not_allowed"
        && l["user"] == "ceo@acme-industries.example"));
    assert!(lines.iter().any(|l| l["message"] == "config reloaded"));
    let _ = std::io::stdout().flush();
}
