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

#[test]
fn schemachange_migrations_render_back_to_the_step_files() {
    for spec in [example_text(), nasty_spec()] {
        let package = compile(&spec).unwrap();
        let steps: Vec<&String> = package
            .files
            .keys()
            .filter(|p| p.starts_with("sql/") && !p.starts_with("sql/ad_hoc/"))
            .collect();
        assert_eq!(steps.len(), 11);
        for step in steps {
            let name = step.strip_prefix("sql/").unwrap();
            let (index, rest) = name.split_once('_').unwrap();
            let migration = format!("schemachange/V1.{index}__{rest}");
            let text = file(&package, &migration);
            // What schemachange's Jinja renders `{{ '{' }}` to.
            assert_eq!(
                text.replace("{{ '{' }}", "{"),
                file(&package, step),
                "{migration}"
            );
            // Nothing else opens a Jinja tag, so the rendering is exactly that replacement.
            let rest = text.replace("{{ '{' }}", "");
            for opener in ["{{", "{%", "{#"] {
                assert!(!rest.contains(opener), "{migration} has a raw {opener}");
            }
        }
    }
    let nasty = compile(&nasty_spec()).unwrap();
    let database = file(&nasty, "schemachange/V1.05__database.sql");
    assert!(database.contains("{{ '{' }}{ evil }} {{ '{' }}% x %}"));
}

#[test]
fn the_release_sets_the_schemachange_versions() {
    let spec = example_text().replace("  exempt_roles:", "  release: 7\n  exempt_roles:");
    let package = compile(&spec).unwrap();
    assert!(package.files.contains_key("schemachange/V7.01__roles.sql"));
    assert!(package.files.contains_key("schemachange/V7.11__grants.sql"));
    assert!(
        !package
            .files
            .keys()
            .any(|k| k.starts_with("schemachange/V1."))
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
