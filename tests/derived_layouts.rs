//! The derived layouts of a package: the dbt package's registry against the SQL package,
//! schemachange migrations against the step files, and Sigma's exclusive auth artifacts.

use snowtenant::diag::SourceFile;
use snowtenant::package::Package;
use sqlparser::ast::{Expr, SetExpr, Statement, Value};

fn example_text() -> String {
    std::fs::read_to_string("examples/platform.yaml").unwrap()
}

fn compile(text: &str) -> Result<Package, Vec<snowtenant::diag::Diagnostic>> {
    snowtenant::build::compile(&SourceFile::new("spec.yaml", text.to_string()))
}

fn file(package: &Package, path: &str) -> String {
    String::from_utf8(
        package
            .files
            .get(path)
            .unwrap_or_else(|| panic!("missing {path}"))
            .clone(),
    )
    .unwrap()
}

/// The example with a query tag that needs every kind of escaping: `'`, `\`, `"` and Jinja tag
/// openers.
fn nasty_spec() -> String {
    example_text().replace(
        "department: Sales",
        r#"department: 'O''Brien \ "Sales" {{ evil }} {% x %}'"#,
    )
}

/// tenant id -> QUERY_TAG as the SQL package's mapping-table MERGE stores it, read back through
/// sqlparser (which undoes Snowflake's escaping).
fn sql_package_tags(package: &Package) -> Vec<(String, String)> {
    let text = file(package, "sql/05_database.sql");
    let report = snowtenant::sqlcheck::validate_script_named("05_database.sql", &text);
    assert!(report.diagnostics.is_empty());
    let mut out = Vec::new();
    for checked in &report.statements {
        let snowtenant::sqlcheck::Typed::Sql(stmt) = &checked.stmt else {
            continue;
        };
        let Statement::Merge(merge) = stmt.as_ref() else {
            continue;
        };
        // The mapping table's MERGE only (the budget table is merged too).
        if !merge.table.to_string().contains(".TENANT_ROLE_MAP") {
            continue;
        }
        let sqlparser::ast::TableFactor::Derived { subquery, .. } = &merge.source else {
            panic!("MERGE source is a subquery");
        };
        let SetExpr::Select(select) = subquery.body.as_ref() else {
            panic!("select");
        };
        let values = match &select.from[0].relation {
            sqlparser::ast::TableFactor::Derived { subquery, .. } => subquery.body.clone(),
            other => panic!("FROM VALUES expected, got {other:?}"),
        };
        let SetExpr::Values(values) = values.as_ref() else {
            panic!("values");
        };
        for row in &values.rows {
            let text = |e: &Expr| match e {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => s.clone(),
                    other => panic!("string expected, got {other:?}"),
                },
                other => panic!("literal expected, got {other:?}"),
            };
            out.push((text(&row[0]), text(&row[4])));
        }
    }
    out
}

/// Decodes the single-quoted Jinja literal that follows `key` in `text` (Python escapes).
fn jinja_literal_after(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        let mut chars = rest[at + key.len()..].chars();
        assert_eq!(chars.next(), Some('\''), "a literal follows {key}");
        let mut value = String::new();
        loop {
            match chars.next().expect("closed literal") {
                '\\' => value.push(chars.next().expect("escaped char")),
                '\'' => break,
                c => value.push(c),
            }
        }
        out.push(value);
        rest = chars.as_str();
    }
    out
}

#[test]
fn the_dbt_registry_carries_the_sql_packages_query_tags() {
    for spec in [example_text(), nasty_spec()] {
        let package = compile(&spec).expect("valid spec");
        let registry = file(&package, "dbt/macros/snowtenant_registry.sql");
        let dbt_tags = jinja_literal_after(&registry, "'query_tag': ");
        let dbt_ids = jinja_literal_after(&registry, "{'id': ");
        let dbt: Vec<(String, String)> = dbt_ids.into_iter().zip(dbt_tags).collect();
        let sql = sql_package_tags(&package);
        assert_eq!(dbt, sql);
        for (_, tag) in &sql {
            let json: serde_json::Value = serde_json::from_str(tag).unwrap();
            assert!(json.get("tenant").is_some() && json.get("model").is_none());
        }
    }
    let nasty = compile(&nasty_spec()).unwrap();
    let tags = sql_package_tags(&nasty);
    assert!(
        tags[0].1.contains(r#"O'Brien \\ \"Sales\" {{ evil }}"#),
        "{tags:?}"
    );
}

/// The schemachange script of a deployed file: its first line is the package fingerprint, the
/// rest renders (schemachange's Jinja turns `{{ '{' }}` into `{`) to the file byte for byte.
fn script_body(package: &Package, script: &str) -> (String, String) {
    let text = file(package, script);
    let (first, rest) = text.split_once('\n').unwrap();
    (first.to_string(), rest.to_string())
}

/// The step files and Sigma's SQL, with the schemachange script each becomes.
fn deployed_files(package: &Package) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = package
        .files
        .keys()
        .filter(|p| p.starts_with("sql/") && !p.starts_with("sql/ad_hoc/"))
        .map(|step| {
            let name = step.strip_prefix("sql/").unwrap();
            (step.clone(), format!("schemachange/R__{name}"))
        })
        .collect();
    out.push((
        "sigma/snowflake.sql".to_string(),
        "schemachange/R__12_sigma.sql".to_string(),
    ));
    out
}

#[test]
fn schemachange_scripts_render_back_to_the_step_files_and_sigma() {
    for spec in [example_text(), nasty_spec()] {
        let package = compile(&spec).unwrap();
        let deployed = deployed_files(&package);
        assert_eq!(deployed.len(), 12);
        let scripts = package
            .files
            .keys()
            .filter(|p| p.starts_with("schemachange/"))
            .count();
        assert_eq!(scripts, 12, "one script per step file plus Sigma's");
        for (source, script) in deployed {
            let (first, body) = script_body(&package, &script);
            assert!(
                first.starts_with("-- snowtenant package "),
                "{script}: {first}"
            );
            assert_eq!(
                body.replace("{{ '{' }}", "{"),
                file(&package, &source),
                "{script}"
            );
            // Nothing else opens a Jinja tag, so the rendering is exactly that replacement.
            let rest = body.replace("{{ '{' }}", "");
            for opener in ["{{", "{%", "{#"] {
                assert!(!rest.contains(opener), "{script} has a raw {opener}");
            }
        }
    }
    let nasty = compile(&nasty_spec()).unwrap();
    let database = file(&nasty, "schemachange/R__05_database.sql");
    assert!(database.contains("{{ '{' }}{ evil }} {{ '{' }}% x %}"));
}

/// The example with a third tenant, the same release: what the issue's user deployed.
fn spec_with_new_tenant() -> String {
    example_text().replacen(
        "\nembed:",
        "  - id: GLOBEX_CORP\n    display_name: Globex Corp\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n\nembed:",
        1,
    )
}

/// schemachange skips an applied `V` script for good, so a changed package under the same release
/// deployed nothing (issue 17). Repeatable scripts re-run when their text changes: every script
/// must change with the package, none without it.
#[test]
fn a_changed_package_changes_every_schemachange_script() {
    let before = compile(&example_text()).unwrap();
    let again = compile(&example_text()).unwrap();
    let after = compile(&spec_with_new_tenant()).unwrap();
    assert!(after.manifest.tenants > before.manifest.tenants);
    for (_, script) in deployed_files(&before) {
        assert_eq!(file(&before, &script), file(&again, &script), "{script}");
        assert_ne!(
            file(&before, &script),
            file(&after, &script),
            "{script} would not re-run"
        );
    }
    assert!(file(&after, "schemachange/R__12_sigma.sql").contains("GLOBEX_CORP"));
    assert!(!before.files.keys().any(|k| k.starts_with("schemachange/V")));
}

#[test]
fn build_warns_when_a_changed_package_reuses_the_release() {
    let previous = compile(&example_text()).unwrap();
    let previous_manifest = file(&previous, "manifest.json");
    let changed = compile(&spec_with_new_tenant()).unwrap();
    let warning = snowtenant::package::reused_release(&previous_manifest, &changed.manifest)
        .expect("a changed package under the same release is warned of");
    assert!(
        warning.contains("PKG001") && warning.contains("platform.release is still 1"),
        "{warning}"
    );
    // The same package, or a bumped release: nothing to say.
    assert_eq!(
        snowtenant::package::reused_release(&previous_manifest, &previous.manifest),
        None
    );
    let bumped = spec_with_new_tenant().replace("  exempt_roles:", "  release: 2\n  exempt_roles:");
    let bumped = compile(&bumped).unwrap();
    assert_eq!(bumped.manifest.release, 2);
    assert_eq!(
        snowtenant::package::reused_release(&previous_manifest, &bumped.manifest),
        None
    );
    assert_eq!(
        snowtenant::package::reused_release("not json", &changed.manifest),
        None
    );
}

const OAUTH: &str = "    external_oauth:
      type: okta
      issuer: https://example.okta.com/oauth2/default
      jws_keys_url: https://example.okta.com/oauth2/default/v1/keys
      audience: [https://example.snowflakecomputing.com]
";

fn oauth_spec() -> String {
    let text = example_text();
    let start = text.find("    service_user:").unwrap();
    let end = text.find("-----END PUBLIC KEY-----\n").unwrap() + "-----END PUBLIC KEY-----\n".len();
    let mut spec = format!("{}{OAUTH}{}", &text[..start], &text[end..]);
    spec = spec.replace("connection_auth: key_pair", "connection_auth: oauth");
    spec
}

#[test]
fn key_pair_auth_emits_a_service_user_granted_every_tenant_role() {
    let package = compile(&example_text()).unwrap();
    let sql = file(&package, "sigma/snowflake.sql");
    assert!(sql.contains("CREATE USER IF NOT EXISTS SIGMA_SERVICE_USER TYPE = SERVICE"));
    assert!(sql.contains("ALTER USER SIGMA_SERVICE_USER SET RSA_PUBLIC_KEY = 'MIIB"));
    assert!(!sql.contains("BEGIN PUBLIC KEY"));
    for role in ["CLIENT_JON_DOE_TECH_ROLE", "CLIENT_ACME_INDUSTRIES_ROLE"] {
        assert!(sql.contains(&format!("GRANT ROLE {role} TO USER SIGMA_SERVICE_USER;")));
    }
    assert!(!sql.contains("SECURITY INTEGRATION"));
    let conn: serde_json::Value =
        serde_json::from_str(&file(&package, "sigma/connection.json")).unwrap();
    assert_eq!(conn["auth_method"], "key_pair");
    assert_eq!(conn["role"], "PUBLIC");
    assert_eq!(conn["user"], "SIGMA_SERVICE_USER");
}

#[test]
fn oauth_emits_the_external_oauth_integration_and_no_user() {
    let package = compile(&oauth_spec()).expect("oauth spec is valid");
    let sql = file(&package, "sigma/snowflake.sql");
    assert!(sql.contains("USE ROLE ACCOUNTADMIN;"));
    assert!(sql.contains("CREATE SECURITY INTEGRATION IF NOT EXISTS SIGMA_EXTERNAL_OAUTH TYPE = EXTERNAL_OAUTH ENABLED = TRUE EXTERNAL_OAUTH_TYPE = OKTA"));
    assert!(sql.contains("EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE')"));
    assert!(!sql.contains("CREATE USER") && !sql.contains("RSA_PUBLIC_KEY"));
    let conn: serde_json::Value =
        serde_json::from_str(&file(&package, "sigma/connection.json")).unwrap();
    assert_eq!(conn["auth_method"], "oauth");
    assert_eq!(conn["security_integration"], "SIGMA_EXTERNAL_OAUTH");
    assert!(conn["role"].is_null() && conn.get("user").is_none());
}

#[test]
fn key_pair_and_oauth_together_are_refused_where_written() {
    let both = example_text().replace("    service_user:", &format!("{OAUTH}    service_user:"));
    let diags = compile(&both).err().expect("both auths are refused");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "SPEC075");
    let oauth_without_section =
        example_text().replace("connection_auth: key_pair", "connection_auth: oauth");
    let diags = compile(&oauth_without_section)
        .err()
        .expect("oauth needs its section");
    assert_eq!(diags[0].code, "SPEC075");
}

#[test]
fn a_private_key_in_the_spec_is_refused() {
    let spec = example_text()
        .replace("BEGIN PUBLIC KEY", "BEGIN PRIVATE KEY")
        .replace("END PUBLIC KEY", "END PRIVATE KEY");
    let diags = compile(&spec).err().expect("refused");
    assert_eq!(diags[0].code, "SPEC076");
}

/// `snow sql` rewrites `&&`, `&name`, `&{name}`, `<% %>` and `{# #}` by default (issue 17: the
/// JavaScript's `&&` arrived as `&`, a display name `R&D` failed the whole file). Nothing it
/// would rewrite may be in what `snow sql -f` runs, even when the spec's text holds all of it.
#[test]
fn what_snow_sql_runs_has_no_client_template_syntax() {
    let hazardous = example_text()
        .replace(
            "display_name: Acme Industries",
            "display_name: Acme R&D && Co",
        )
        .replace(
            "department: Sales",
            "department: 'R&D &{x} &_y <% y %> {# z #}'",
        );
    for spec in [example_text(), hazardous] {
        let package = compile(&spec).unwrap();
        for path in ["deploy.sql", "sigma/snowflake.sql"] {
            let text = file(&package, path);
            assert!(
                !snowtenant::quote::has_client_template_syntax(&text),
                "{path}: {}",
                text.lines()
                    .find(|l| snowtenant::quote::has_client_template_syntax(l))
                    .unwrap_or_default()
            );
        }
    }
}

/// `build` reads the manifest of the package it replaces: a changed package under the same
/// release prints PKG001 and still succeeds; rebuilding the same spec prints nothing.
#[test]
fn the_build_command_warns_of_a_reused_release() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let out = dir.path().join("dist");
    let build = |text: &str| {
        std::fs::write(&spec, text).unwrap();
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_snowtenant"))
            .arg("build")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
        String::from_utf8(run.stderr).unwrap()
    };
    // Other warnings (the account monitor's ISO044, the embed setup's SPEC079) may show; PKG001
    // must not, for the first build or a rebuild of the same spec.
    assert!(!build(&example_text()).contains("PKG001"));
    assert!(!build(&example_text()).contains("PKG001"));
    let warned = build(&spec_with_new_tenant());
    assert!(warned.contains("warning[PKG001]"), "{warned}");
    assert!(out.join("schemachange/R__12_sigma.sql").exists());
}

/// Every macro of the dbt package has an entry in its macro properties file and every entry names
/// a macro; dbt renders the descriptions as Jinja at parse time, so none may open a Jinja tag
/// (a `{{ ... }}` example in one made the whole package undefined).
#[test]
fn every_dbt_macro_is_documented_and_the_docs_render() {
    let package = compile(&example_text()).unwrap();
    let mut defined = std::collections::BTreeSet::new();
    for (path, bytes) in &package.files {
        if path.starts_with("dbt/macros/") && path.ends_with(".sql") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            for rest in text.split("{% macro ").skip(1) {
                defined.insert(rest.split('(').next().unwrap().trim().to_string());
            }
        }
    }
    let docs = file(&package, "dbt/macros/snowtenant_macros.yml");
    let documented: std::collections::BTreeSet<String> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("  - name: "))
        .map(str::to_string)
        .collect();
    assert!(defined.len() >= 20, "{defined:?}");
    assert_eq!(defined, documented);
    for opener in ["{{", "{%", "{#"] {
        assert!(!docs.contains(opener), "the macro docs contain {opener}");
    }
}
