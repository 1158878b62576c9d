//! The embed contract end to end over real sockets: tokens, Sigma URLs (verified independently of the
//! signer), the Snowflake external function, metrics, config reload, and the `serve` binary's signals.

mod common;

use std::io::Write;

use common::*;
use serde_json::{Value, json};

/// Verifies a Sigma embed URL the way Sigma would: HS256 with the embed secret, `kid` = client id.
fn sigma_claims(url: &str, workbook: &str) -> Value {
    let prefix = format!("https://app.sigmacomputing.com/example-org/{workbook}?:embed=true&:jwt=");
    let jwt = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("url shape: {url}"));
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    assert_eq!(header.kid.as_deref(), Some(SIGMA_CLIENT_ID));
    assert_eq!(header.alg, jsonwebtoken::Algorithm::HS256);
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.validate_aud = false;
    v.set_required_spec_claims(&["exp", "sub"]);
    let data = jsonwebtoken::decode::<Value>(
        jwt,
        &jsonwebtoken::DecodingKey::from_secret(SIGMA_SECRET.as_bytes()),
        &v,
    )
    .expect("Sigma JWT verifies with the Sigma secret");
    data.claims
}

#[tokio::test]
async fn token_then_embed_url() {
    let s = Server::start(Package::fixture()).await;
    let (st, body) = mint(
        &client(),
        &s.url("/v1/tokens"),
        KEY_JDT,
        "jane.doe@example.com",
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(
        (body["token_type"].as_str(), body["expires_in"].as_u64()),
        (Some("Bearer"), Some(300))
    );
    let t = body["access_token"].as_str().unwrap().to_string();
    let (st, a) = embed(&s, &t, "sales_distribution").await;
    assert_eq!(st, 200, "{a}");
    let c = sigma_claims(
        a["url"].as_str().unwrap(),
        "workbook/Sales-Distribution-5aR2",
    );
    assert_eq!(c["sub"], "jane.doe@example.com");
    assert_eq!(c["ver"], "1.1");
    assert_eq!(c["account_type"], "viewer");
    assert_eq!(c["teams"], json!(["JON_DOE_TECH"]));
    assert_eq!(
        c["user_attributes"],
        json!({
            "SNOWFLAKE_ROLE": "CLIENT_JON_DOE_TECH_ROLE",
            "SNOWFLAKE_WAREHOUSE": "ANALYTICS_WH",
            "TENANT_ID": "JON_DOE_TECH"
        })
    );
    assert_eq!(
        c["exp"].as_u64().unwrap() - c["iat"].as_u64().unwrap(),
        3600
    );
    assert_eq!(a["expires_at"], c["exp"]);
    assert_eq!(c["jti"].as_str().unwrap().len(), 32);
    // The access token is reusable until exp (load tests and page reloads), but every URL is fresh.
    let (st, b) = embed(&s, &t, "sales_distribution").await;
    assert_eq!(st, 200);
    let c2 = sigma_claims(
        b["url"].as_str().unwrap(),
        "workbook/Sales-Distribution-5aR2",
    );
    assert_ne!(c["jti"], c2["jti"]);
    // Tenant isolation: JON_DOE_TECH's token only reaches its own workbooks; ACME's key mints ACME tokens.
    let (st, _) = embed(&s, &t, "monthly_performance").await;
    assert_eq!(st, 200);
    let ta = token(&s, KEY_ACME).await;
    let (_, a) = embed(&s, &ta, "sales_distribution").await;
    let c = sigma_claims(
        a["url"].as_str().unwrap(),
        "workbook/Sales-Distribution-3kP9",
    );
    assert_eq!(
        c["user_attributes"]["SNOWFLAKE_ROLE"],
        "CLIENT_ACME_INDUSTRIES_ROLE"
    );
    let (st, _) = check(client().get(s.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(st, 200);
    assert_logs_clean(&[&t, &ta]);
}

#[tokio::test]
async fn tenant_cidrs_are_enforced() {
    let mut pkg = Package::fixture();
    pkg.config.tenants[0].allowed_cidrs = vec!["198.51.100.0/24".into()]; // ACME: loopback not allowed
    let s = Server::start(pkg).await;
    let (st, body) = mint(&client(), &s.url("/v1/tokens"), KEY_ACME, "a@example.com").await;
    assert_eq!(
        (st, body["error"].as_str().unwrap()),
        (403, "ip_not_allowed")
    );
    let (st, _) = mint(&client(), &s.url("/v1/tokens"), KEY_JDT, "a@example.com").await;
    assert_eq!(st, 200);
}

fn ef_package() -> Package {
    let mut pkg = Package::fixture();
    // The external function is served only to the gateway; here the gateway is loopback.
    pkg.config.trusted_proxies = vec!["127.0.0.1/32".into()];
    pkg
}

async fn ef(
    s: &Server,
    role: Option<&str>,
    batch: Option<&str>,
    body: Vec<u8>,
    gzip: bool,
) -> (u16, Value) {
    let mut r = client()
        .post(s.url("/v1/snowflake/embed-url"))
        .header("content-type", "application/json")
        .header("x-snowtenant-gateway-key", GATEWAY_KEY);
    if let Some(role) = role {
        r = r.header("sf-context-current-role", role);
    }
    if let Some(b) = batch {
        r = r.header("sf-external-function-query-batch-id", b);
    }
    let body = if gzip {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&body).unwrap();
        r = r.header("content-encoding", "gzip");
        e.finish().unwrap()
    } else {
        body
    };
    check(r.body(body).send().await.unwrap()).await
}

#[tokio::test]
async fn snowflake_external_function() {
    let s = Server::start(ef_package()).await;
    let rows = json!({"data": [
        [0, "JON_DOE_TECH", "sales_distribution", "jane.doe@example.com"],
        [1, "ACME_INDUSTRIES", "sales_distribution", "jane.doe@acme-industries.example"],
        [2, "JON_DOE_TECH", "nope", "jane.doe@example.com"],
        [3, "JON_DOE_TECH", "monthly_performance", "bad user"],
        [4, null, "sales_distribution", "jane.doe@example.com"],
        [5, "JON_DOE_TECH", "monthly_performance", "john@example.com"]
    ]});
    let body = serde_json::to_vec(&rows).unwrap();
    let (st, out) = ef(
        &s,
        Some("CLIENT_JON_DOE_TECH_ROLE"),
        Some("q1:1:1:0:0"),
        body.clone(),
        true,
    )
    .await;
    assert_eq!(st, 200, "{out}");
    let data = out["data"].as_array().unwrap();
    let nums: Vec<u64> = data.iter().map(|r| r[0].as_u64().unwrap()).collect();
    assert_eq!(nums, vec![0, 1, 2, 3, 4, 5], "same rows in the same order");
    let c = sigma_claims(
        data[0][1]["url"].as_str().unwrap(),
        "workbook/Sales-Distribution-5aR2",
    );
    assert_eq!(
        c["user_attributes"]["SNOWFLAKE_ROLE"],
        "CLIENT_JON_DOE_TECH_ROLE"
    );
    assert_eq!(data[1][1]["error"], "forbidden_tenant");
    assert_eq!(data[2][1]["error"], "unknown_dashboard");
    assert_eq!(data[3][1]["error"], "invalid_user");
    assert_eq!(data[4][1]["error"], "bad_row");
    assert!(data[5][1]["url"].is_string());
    // A retry of the same batch gets the same answer (not fresh URLs); a new batch id gets new ones.
    let (_, again) = ef(
        &s,
        Some("CLIENT_JON_DOE_TECH_ROLE"),
        Some("q1:1:1:0:0"),
        body.clone(),
        false,
    )
    .await;
    assert_eq!(again, out);
    let (_, other) = ef(
        &s,
        Some("CLIENT_JON_DOE_TECH_ROLE"),
        Some("q2:1:1:0:0"),
        body.clone(),
        false,
    )
    .await;
    assert_ne!(other["data"][0][1]["url"], out["data"][0][1]["url"]);
    // Another tenant's role replaying the batch id cannot read the cached answer.
    let (_, acme) = ef(
        &s,
        Some("CLIENT_ACME_INDUSTRIES_ROLE"),
        Some("q1:1:1:0:0"),
        body.clone(),
        false,
    )
    .await;
    assert_eq!(acme["data"][0][1]["error"], "forbidden_tenant");
    assert!(acme["data"][1][1]["url"].is_string());

    for (role, st, code) in [
        (None, 400, "missing_role"),
        (Some("ACCOUNTADMIN"), 403, "role_not_allowed"),
        (Some(""), 400, "missing_role"),
    ] {
        let (got, b) = ef(&s, role, None, body.clone(), false).await;
        assert_eq!((got, b["error"].as_str().unwrap()), (st, code));
    }
    for (bad, st) in [
        (b"{".to_vec(), 400),
        (br#"{"data": [["x", "JON_DOE_TECH", "a", "b"]]}"#.to_vec(), 400),
        (br#"{"rows": []}"#.to_vec(), 400),
        (serde_json::to_vec(&json!({"data": vec![json!([0, "JON_DOE_TECH", "sales_distribution", "a@b.co"]); 1001]})).unwrap(), 413),
        (vec![b' '; 2 << 20], 413),
    ] {
        let (got, b) = ef(&s, Some("CLIENT_JON_DOE_TECH_ROLE"), None, bad, false).await;
        assert_eq!(got, st, "{b}");
    }
    // Gzip bomb: 2 MiB of spaces in a few KB.
    let (got, _) = ef(
        &s,
        Some("CLIENT_JON_DOE_TECH_ROLE"),
        None,
        vec![b' '; 2 << 20],
        true,
    )
    .await;
    assert_eq!(got, 413);
    assert_logs_clean(&[]);
}

#[tokio::test]
async fn external_function_requires_the_gateway() {
    let s = Server::start(Package::fixture()).await; // no trusted proxies
    let (st, b) = ef(
        &s,
        Some("CLIENT_JON_DOE_TECH_ROLE"),
        None,
        br#"{"data": []}"#.to_vec(),
        false,
    )
    .await;
    assert_eq!(
        (st, b["error"].as_str().unwrap()),
        (403, "gateway_required")
    );
}

#[tokio::test]
async fn metrics_count_routes_statuses_and_reasons() {
    let s = Server::start(Package::fixture()).await;
    let t = token(&s, KEY_JDT).await;
    embed(&s, &t, "sales_distribution").await;
    embed(&s, "x.y.z", "sales_distribution").await;
    let m = metrics(&s).await;
    for line in [
        "snowtenant_embed_requests_total{route=\"/v1/tokens\",status=\"200\"} 1",
        "snowtenant_embed_requests_total{route=\"/embed-dashboard\",status=\"200\"} 1",
        "snowtenant_embed_requests_total{route=\"/embed-dashboard\",status=\"401\"} 1",
        "snowtenant_embed_rejections_total{reason=\"token_malformed\"} 1",
        "snowtenant_embed_request_duration_seconds_count{route=\"/embed-dashboard\"} 2",
    ] {
        assert!(m.contains(line), "missing {line} in\n{m}");
    }
}

#[tokio::test]
async fn reload_swaps_config_and_keeps_it_on_failure() {
    let s = Server::start(Package::fixture()).await;
    let t = token(&s, KEY_JDT).await;
    let pkg_dir = s.package().dir.path().join("pkg");
    let cfg_path = pkg_dir.join("embed/config.json");
    let mut cfg: Value = serde_json::from_slice(&std::fs::read(&cfg_path).unwrap()).unwrap();
    cfg["tenants"][1]["dashboards"]["churn"] = json!("workbook/Churn-1a2B");
    std::fs::write(&cfg_path, serde_json::to_vec(&cfg).unwrap()).unwrap();
    s.state.reload().unwrap();
    assert_eq!(
        embed(&s, &t, "churn").await.0,
        200,
        "tokens survive a reload; new dashboard served"
    );
    // A broken reload (missing secret) keeps the running config.
    cfg["sigma"]["client_secret"] = json!({"env": "SNOWTENANT_TEST_NEVER_SET"});
    std::fs::write(&cfg_path, serde_json::to_vec(&cfg).unwrap()).unwrap();
    let e = s.state.reload().unwrap_err().to_string();
    assert!(e.contains("SNOWTENANT_TEST_NEVER_SET"), "{e}");
    assert_eq!(embed(&s, &t, "churn").await.0, 200);
}

#[tokio::test]
async fn reload_under_load_drops_nothing() {
    let s = std::sync::Arc::new(Server::start(Package::fixture()).await);
    let t = token(&s, KEY_JDT).await;
    let mut tasks = vec![];
    for _ in 0..8 {
        let (s, t) = (s.clone(), t.clone());
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for _ in 0..50 {
                let (st, _) = embed(&s, &t, "sales_distribution").await;
                assert_eq!(st, 200);
                ok += 1;
            }
            ok
        }));
    }
    for _ in 0..20 {
        s.state.reload().unwrap();
        tokio::task::yield_now().await;
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    assert_eq!(total, 400);
}

/// The real binary: refuses a missing secret naming it, serves, reloads on SIGHUP, exits 0 on SIGTERM.
#[test]
fn serve_binary_signals() {
    use std::process::{Command, Stdio};
    let pkg = Package::fixture();
    let dir = pkg.write();
    let bin = env!("CARGO_BIN_EXE_snowtenant");

    let mut broken = pkg.config.clone();
    broken.signing_keys[0].secret =
        snowtenant::embed_config::SecretRef::Env("SNOWTENANT_TEST_MISSING_KEY".into());
    let bdir = pkg.dir.path().join("broken");
    std::fs::create_dir_all(bdir.join("embed")).unwrap();
    std::fs::write(
        bdir.join("embed/config.json"),
        serde_json::to_vec(&broken).unwrap(),
    )
    .unwrap();
    let out = Command::new(bin)
        .args(["serve", "--package"])
        .arg(&bdir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SNOWTENANT_TEST_MISSING_KEY"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--package",
        ])
        .arg(&dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    rt.block_on(async {
        let c = client();
        for _ in 0..100 {
            if c.get(format!("{base}/healthz")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let (st, b) = mint(&c, &format!("{base}/v1/tokens"), KEY_JDT, "a@example.com").await;
        assert_eq!(st, 200);
        let t = b["access_token"].as_str().unwrap().to_string();
        let get = |d: &str| {
            c.get(format!("{base}/embed-dashboard?dashboard={d}"))
                .bearer_auth(&t)
                .send()
        };
        assert_eq!(get("churn").await.unwrap().status(), 404);
        let p = dir.join("embed/config.json");
        let mut cfg: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        cfg["tenants"][1]["dashboards"]["churn"] = json!("workbook/Churn-1a2B");
        std::fs::write(&p, serde_json::to_vec(&cfg).unwrap()).unwrap();
        Command::new("kill")
            .args(["-HUP", &child.id().to_string()])
            .status()
            .unwrap();
        let mut status = 0;
        for _ in 0..100 {
            status = get("churn").await.unwrap().status().as_u16();
            if status == 200 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(status, 200, "SIGHUP reloaded the config");
    });
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful exit on SIGTERM: {status:?}");
    let mut logs = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut logs).unwrap();
    assert!(logs.contains("config reloaded"), "{logs}");
    for s in ALL_SECRETS {
        assert!(!logs.contains(s));
    }
}

/// Sigma filters rows by the tenant attribute, so it carries the tenant's data value (the embed
/// config's `value`: `tenant_value`, else the id as the spec spells it), not the upper-cased id.
#[tokio::test]
async fn the_tenant_attribute_carries_the_tenant_value() {
    let mut p = Package::fixture();
    for t in &mut p.config.tenants {
        if t.id == "JON_DOE_TECH" {
            t.value = "jon_doe_tech".into();
        }
    }
    let s = Server::start(p).await;
    let (st, body) = mint(
        &client(),
        &s.url("/v1/tokens"),
        KEY_JDT,
        "jane.doe@example.com",
    )
    .await;
    assert_eq!(st, 200);
    let t = body["access_token"].as_str().unwrap().to_string();
    let (st, a) = embed(&s, &t, "sales_distribution").await;
    assert_eq!(st, 200, "{a}");
    let c = sigma_claims(
        a["url"].as_str().unwrap(),
        "workbook/Sales-Distribution-5aR2",
    );
    assert_eq!(c["user_attributes"]["TENANT_ID"], "jon_doe_tech");
    assert_eq!(c["teams"], json!(["JON_DOE_TECH"]));
}
