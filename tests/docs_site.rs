//! `snowtenant docs`: the site of the example package (and of generated and broken ones) is
//! deterministic, has a page per tenant, links only to its own files, never to the network,
//! escapes what it prints, shows a cross-tenant grant in the matrix, and has a plan page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use snowtenant::diag::SourceFile;
use snowtenant::docs;

type Files = BTreeMap<String, Vec<u8>>;

fn example() -> String {
    std::fs::read_to_string("examples/platform.yaml").unwrap()
}

fn package(spec: &str) -> Files {
    snowtenant::build::compile(&SourceFile::new("spec.yaml", spec.to_string()))
        .unwrap_or_else(|d| panic!("spec invalid: {d:?}"))
        .files
}

fn site(files: &Files) -> Files {
    docs::site(&docs::from_files(files), None).unwrap()
}

fn text<'a>(site: &'a Files, path: &str) -> &'a str {
    std::str::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path} in the site")),
    )
    .unwrap()
}

/// The tenants a package declares: its manifest inventory's tenant roles.
fn declared_tenants(files: &Files) -> Vec<(String, String)> {
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    manifest["inventory"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "role" && e["tenant"].is_string())
        .map(|e| {
            (
                e["tenant"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every `href="..."` and `src="..."` value of an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// `base/../x` and `./x` folded.
fn resolve(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in link.split('#').next().unwrap().split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn assert_links_resolve_and_stay_local(site: &Files) {
    let mut checked = 0;
    for (path, bytes) in site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        for link in links(html) {
            assert!(
                !link.contains("://") && !link.starts_with("//"),
                "{path} links outside the site: {link}"
            );
            if link == "data:," || link.starts_with('#') {
                continue;
            }
            let target = resolve(path, &link);
            assert!(
                site.contains_key(&target),
                "{path}: {link} does not resolve ({target})"
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
    // The matrix's rows link to tenant pages from its data file.
    let matrix: serde_json::Value = serde_json::from_slice(&site["matrix.json"]).unwrap();
    for row in matrix["rows"].as_array().unwrap() {
        let page = row["page"].as_str().unwrap();
        assert!(
            page.is_empty() || site.contains_key(page),
            "matrix links {page}"
        );
    }
    for (path, bytes) in site {
        let t = String::from_utf8_lossy(bytes);
        if path.ends_with(".css") || path.ends_with(".js") {
            assert!(
                !t.contains("http:") && !t.contains("https:"),
                "{path} names a URL"
            );
            assert!(
                !t.contains("@import") && !t.contains("url("),
                "{path} loads a resource"
            );
            assert!(
                !t.contains("fetch(") && !t.contains("XMLHttpRequest"),
                "{path} uses the network"
            );
        }
    }
}

#[test]
fn the_site_is_deterministic_in_memory_and_from_disk() {
    let files = package(&example());
    let first = site(&files);
    assert_eq!(first, site(&files), "same package, different site");
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    snowtenant::package::write_atomically(&dist, &files).unwrap();
    let from_disk = docs::site(&docs::load(&dist).unwrap(), None).unwrap();
    assert_eq!(
        first, from_disk,
        "the site depends on how the package was read"
    );
}

#[test]
fn every_tenant_has_a_page_with_its_facts_and_graph() {
    let files = package(&example());
    let site = site(&files);
    let tenants = declared_tenants(&files);
    assert_eq!(tenants.len(), 2);
    for (tenant, role) in &tenants {
        let page = text(&site, &format!("tenants/{}", docs::page_name(tenant)));
        assert!(page.contains(role), "{tenant}'s page lacks its role");
        assert!(page.contains("<svg"), "{tenant}'s page lacks its graph");
        assert!(text(&site, "tenants.html").contains(&docs::page_name(tenant)));
    }
    let acme = text(&site, "tenants/ACME_INDUSTRIES.html");
    // Dedicated warehouse, its monitor and quota, dashboards and CIDRs from embed/config.json.
    for want in [
        "CLIENT_ACME_INDUSTRIES_WH",
        "(dedicated)",
        "CLIENT_ACME_INDUSTRIES_MONITOR",
        "quota 100 credits, MONTHLY",
        "198.51.100.0/24",
        "workbook/Monthly-Performance-3kP8",
        "Acme Industries",
        "ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES",
        "&#34;tenant&#34;:&#34;ACME_INDUSTRIES&#34;",
    ] {
        assert!(acme.contains(want), "ACME's page lacks {want}");
    }
    let jdt = text(&site, "tenants/JON_DOE_TECH.html");
    for want in [
        "JON_DOE_TECH_SVC",
        // One soft-budget alert over the budget table covers every budgeted tenant.
        "TENANT_BUDGET_ALERT",
        "resumed",
        "SIGMA_SERVICE_USER",
        "(shared)",
    ] {
        assert!(jdt.contains(want), "JON_DOE_TECH's page lacks {want}");
    }
    // The graph: own objects and shared ones in separate boxes, one edge per box, no edge labels.
    let boxes = jdt.matches("<rect class=\"box ").count();
    let edges = jdt.matches("<path class=\"edge own").count()
        + jdt.matches("<path class=\"edge shared").count();
    assert!(boxes >= 2, "{boxes} boxes");
    assert_eq!(boxes, edges, "one edge per privilege-set box");
    assert!(jdt.contains("own objects") && jdt.contains("shared objects"));
    assert!(jdt.contains("CLIENT_EVENTS [policy]") && jdt.contains("DYNAMIC_CLIENT_DATA [guard]"));
}

#[test]
fn links_resolve_to_files_of_the_site_and_nothing_is_external() {
    let files = package(&example());
    assert_links_resolve_and_stay_local(&site(&files));
}

#[test]
fn the_overview_shows_the_verdict_each_proof_and_the_counts() {
    let site = site(&package(&example()));
    let index = text(&site, "index.html");
    assert!(index.contains("isolation proven"));
    for want in [
        "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS",
        "policy ANALYTICS_PLATFORM.GOVERNANCE.TENANT_ISOLATION_POLICY",
        "ANALYTICS_PLATFORM.GOLD.DYNAMIC_CLIENT_DATA",
        "0 of 3 rows",
        "PLATFORM_ADMIN_ROLE saw 3 of 3",
        "CreateResourceMonitor",
        "user SIGMA_SERVICE_USER",
    ] {
        assert!(index.contains(want), "the overview lacks {want}");
    }
    let summary = text(&site, "summary.md");
    assert!(summary.starts_with("## snowtenant docs: isolation proven"));
    assert!(summary.contains("| `ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS` |"));
}

#[test]
fn the_matrix_shows_each_tenant_reaching_shared_data_only_through_a_policy_or_guard() {
    let site = site(&package(&example()));
    let m: serde_json::Value = serde_json::from_slice(&site["matrix.json"]).unwrap();
    let columns: Vec<&str> = m["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        [
            "ANALYTICS_PLATFORM.GOLD.CLIENT_EVENTS",
            "ANALYTICS_PLATFORM.GOLD.DYNAMIC_CLIENT_DATA",
            "ANALYTICS_PLATFORM.GOVERNANCE.CURRENT_TENANT"
        ]
    );
    let rows = m["rows"].as_array().unwrap();
    let row = |role: &str| rows.iter().find(|r| r["role"] == role).unwrap();
    let acme = row("CLIENT_ACME_INDUSTRIES_ROLE");
    assert_eq!(
        acme["cells"],
        serde_json::json!(["p:1/3", "g:1/2", "g:1/2"])
    );
    assert_eq!(acme["foreign"], 0);
    assert!(acme["own"].as_u64().unwrap() >= 2);
    let outsider = row("SNOWTENANT_AUDIT_OUTSIDER");
    assert_eq!(
        outsider["cells"],
        serde_json::json!(["-:0/3", "-:0/2", "-:0/2"])
    );
    let data = text(&site, "matrix-data.js");
    assert!(data.starts_with("window.SNOWTENANT_MATRIX = {"));
    assert!(text(&site, "matrix.html").contains("grant · policy · saw 1/3"));
}

#[test]
fn a_grant_on_another_tenants_table_shows_in_red_in_the_matrix_and_the_graph() {
    let mut files = package(&example());
    let grants = String::from_utf8(files["sql/11_grants.sql"].clone()).unwrap();
    let leak = "GRANT SELECT ON TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.DASHBOARD_METRICS TO ROLE CLIENT_JON_DOE_TECH_ROLE;\n";
    files.insert(
        "sql/11_grants.sql".into(),
        format!("{grants}\n{leak}").into_bytes(),
    );
    let site = site(&files);
    let m: serde_json::Value = serde_json::from_slice(&site["matrix.json"]).unwrap();
    let jdt = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "CLIENT_JON_DOE_TECH_ROLE")
        .unwrap();
    assert_eq!(jdt["foreign"], 1);
    let page = text(&site, "tenants/JON_DOE_TECH.html");
    assert!(page.contains("ANOTHER TENANT&#39;S objects"), "{page}");
    assert!(page.contains("box foreign"));
    assert!(text(&site, "index.html").contains("FAILED"));
    assert!(text(&site, "index.html").contains("ISO001"));
}

#[test]
fn what_the_site_prints_is_escaped() {
    let mut files = package(&example());
    let config = String::from_utf8(files["embed/config.json"].clone()).unwrap();
    let config = config.replace("\"Acme Industries\"", "\"<script>alert(1)</script> & co\"");
    files.insert("embed/config.json".into(), config.into_bytes());
    let site = site(&files);
    let page = text(&site, "tenants/ACME_INDUSTRIES.html");
    assert!(!page.contains("<script>alert(1)"), "unescaped");
    // askama's HTML escaping writes numeric references.
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; co"));
}

#[test]
fn a_generated_package_has_a_page_per_tenant_and_a_paged_matrix() {
    let files = package(&snowtenant::spec::generate(230));
    let site = site(&files);
    let tenants = declared_tenants(&files);
    assert_eq!(tenants.len(), 230);
    for (tenant, role) in &tenants {
        let page = text(&site, &format!("tenants/{}", docs::page_name(tenant)));
        assert!(page.contains(role.as_str()));
    }
    let matrix = text(&site, "matrix.html");
    // The first 100 rows are in the page; the script pages through the rest from the data file.
    assert_eq!(matrix.matches("<tr><td><code>").count(), 100);
    let m: serde_json::Value = serde_json::from_slice(&site["matrix.json"]).unwrap();
    let rows = m["rows"].as_array().unwrap();
    assert!(rows.len() > 230);
    assert!(rows.iter().all(|r| r["foreign"] == 0));
    // Above 200 tenants the proof runs a sample: the overview says so.
    assert!(text(&site, "index.html").contains("24 of 230 (an even sample)"));
    assert_links_resolve_and_stay_local(&site);
}

#[test]
fn page_names_are_distinct_and_portable() {
    assert_eq!(docs::page_name("ACME_1"), "ACME_1.html");
    assert_eq!(docs::page_name("a/b"), "a~2Fb.html");
    assert_ne!(docs::page_name("a.b"), docs::page_name("a_b"));
}

fn build(dir: &Path, name: &str, spec: &str) -> PathBuf {
    let out = dir.join(name);
    snowtenant::package::write_atomically(&out, &package(spec)).unwrap();
    out
}

fn plan_site(new_spec: &str) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "old", &example());
    let new = build(dir.path(), "new", new_spec);
    let script = snowtenant::migrate::plan(&old, &new).unwrap().script(true);
    docs::site(&docs::load(&new).unwrap(), Some(("migration.sql", &script))).unwrap()
}

#[test]
fn the_plan_page_marks_what_removing_a_tenant_loses() {
    let old = example();
    let start = old.find("  - id: ACME_INDUSTRIES").unwrap();
    let end = old.find("embed:\n").unwrap();
    let site = plan_site(&format!("{}{}", &old[..start], &old[end..]));
    let plan = text(&site, "plan.html");
    assert!(plan.contains("<h3>tenant ACME_INDUSTRIES</h3>"), "{plan}");
    assert!(plan.contains("DESTRUCTIVE"));
    assert!(plan.contains(
        "schema ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES: every table and view in it"
    ));
    assert!(plan.contains("role CLIENT_ACME_INDUSTRIES_ROLE: every privilege granted to it"));
    assert!(plan.contains("tenant ACME_INDUSTRIES&#39;s mapping row"));
    let summary = text(&site, "summary.md");
    assert!(
        summary.contains("destructive: `DROP ROLE IF EXISTS CLIENT_ACME_INDUSTRIES_ROLE`"),
        "{summary}"
    );
    assert!(text(&site, "index.html").contains("href=\"plan.html\""));
    assert_links_resolve_and_stay_local(&site);
}

#[test]
fn the_plan_page_colours_a_new_tenants_edges_as_added() {
    let new = example().replacen(
        "embed:\n",
        "  - id: NEW_CO\n    display_name: New Co\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n    allowed_cidrs: [192.0.2.0/24]\n    dashboards:\n      sales_distribution: workbook/Sales-Distribution-1aA1\nembed:\n",
        1,
    );
    let site = plan_site(&new);
    let plan = text(&site, "plan.html");
    assert!(plan.contains("<h3>tenant NEW_CO</h3>"));
    assert!(plan.contains("NEW_CO: before"));
    assert!(plan.contains("edge own added"), "{plan}");
    assert!(plan.contains("edge shared added"));
    assert!(!plan.contains("DESTRUCTIVE"));
}

#[test]
fn a_plan_the_validator_refuses_is_an_error_not_a_page() {
    let files = package(&example());
    let err = docs::site(
        &docs::from_files(&files),
        Some(("m.sql", "GRANT NONSENSE;")),
    )
    .unwrap_err();
    assert!(err.starts_with("m.sql:1:"), "{err}");
}

#[test]
fn the_command_writes_the_site_atomically_and_leaves_it_alone_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    snowtenant::package::write_atomically(&dist, &package(&example())).unwrap();
    let out = dir.path().join("site");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .arg("docs")
            .args(args)
            .output()
            .unwrap()
    };
    let ok = run(&[dist.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let index = std::fs::read(out.join("index.html")).unwrap();
    // A migration the validator refuses: exit 1, a message naming the file, the site unchanged.
    let bad = dir.path().join("bad.sql");
    std::fs::write(&bad, "GRANT NONSENSE;\n").unwrap();
    let failed = run(&[
        dist.to_str().unwrap(),
        "--plan",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("bad.sql:1:"));
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), index);
    assert!(!out.join("plan.html").exists());
    // Not a package: exit 1, nothing written.
    let nothing = dir.path().join("nothing");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let failed = run(&[empty.to_str().unwrap(), "--out", nothing.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(!nothing.exists());
}

/// A CI job or a DBA re-runs `snowtenant docs --out site` after every build: the second run must
/// replace the site the first wrote, and a folder snowtenant did not write must still be refused.
#[test]
fn docs_replaces_its_own_earlier_site_and_refuses_a_foreign_folder() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = build(dir.path(), "dist", &example());
    let out = dir.path().join("site");
    let docs = |out: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .arg("docs")
            .arg(&pkg)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };
    let first = docs(&out);
    assert!(first.status.success(), "{first:?}");
    let index = std::fs::read(out.join("index.html")).unwrap();
    let again = docs(&out);
    assert!(
        again.status.success(),
        "second run over the first run's site failed: {}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(index, std::fs::read(out.join("index.html")).unwrap());

    let foreign = dir.path().join("notes");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("todo.txt"), "keep me").unwrap();
    let refused = docs(&foreign);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("todo.txt")).unwrap(),
        "keep me"
    );
}
