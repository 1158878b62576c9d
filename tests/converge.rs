//! Re-running a package converges what `CREATE ... IF NOT EXISTS` would leave stale on an existing
//! account: each statement that creates a role or an integration is followed by an ALTER that sets
//! what the spec says, so a second build after a spec change carries the new values in an ALTER.

#[path = "support/spec_edit.rs"]
mod spec_edit;

use spec_edit::{edit, example};

use snowtenant::diag::SourceFile;
use snowtenant::package::Package;
use snowtenant::sqlcheck::{Typed, validate_script_named};

fn compile(spec: &str) -> Package {
    snowtenant::build::compile(&SourceFile::new("spec.yaml", spec.to_string()))
        .unwrap_or_else(|d| panic!("spec invalid: {d:?}"))
}

/// The statements of one package file, each with its validator kind.
fn statements(package: &Package, path: &str) -> Vec<(String, String)> {
    let bytes = package
        .files
        .get(path)
        .unwrap_or_else(|| panic!("missing {path}"));
    let report = validate_script_named(path, &String::from_utf8_lossy(bytes));
    assert!(report.is_clean(), "{path}: {:?}", report.diagnostics);
    report
        .statements
        .iter()
        .map(|c| (c.stmt.kind(), c.text.trim().to_string()))
        .collect()
}

/// The statement right after the one starting with `create`: its converging ALTER.
fn alter_after(stmts: &[(String, String)], create: &str) -> (String, String) {
    let at = stmts
        .iter()
        .position(|(_, t)| t.starts_with(create))
        .unwrap_or_else(|| panic!("no statement starts with {create:?}"));
    stmts
        .get(at + 1)
        .cloned()
        .unwrap_or_else(|| panic!("nothing after {create:?}"))
}

/// The example with External OAuth instead of the key-pair user (`dist/sigma/snowflake.sql`).
fn oauth(spec: &str, audience: &str) -> String {
    let start = spec.find("    service_user:").unwrap();
    let end = spec.find("-----END PUBLIC KEY-----\n").unwrap() + "-----END PUBLIC KEY-----\n".len();
    let section = format!(
        "    external_oauth:\n      type: okta\n      issuer: https://example.okta.com/oauth2/default\n      \
         jws_keys_url: https://example.okta.com/oauth2/default/v1/keys\n{audience}"
    );
    let spec = format!("{}{section}{}", &spec[..start], &spec[end..]);
    edit(&spec, "connection_auth: key_pair", "connection_auth: oauth")
}

// SHOW ROLES lists roles and their comments
// (https://docs.snowflake.com/en/sql-reference/sql/show-roles): a tenant role's comment names the
// tenant id only, so no customer's display name is shown to the other tenants.
#[test]
fn show_roles_doc_a_tenant_role_comment_names_the_id_not_the_customers_display_name() {
    let before = compile(&example());
    let after = compile(&edit(
        &example(),
        "display_name: Jon Doe Tech",
        "display_name: Jon Doe Technologies",
    ));
    let role = "CREATE ROLE IF NOT EXISTS CLIENT_JON_DOE_TECH_ROLE";
    for package in [&before, &after] {
        let stmts = statements(package, "sql/01_roles.sql");
        let (kind, alter) = alter_after(&stmts, role);
        assert_eq!(kind, "AlterRole");
        assert_eq!(
            alter,
            "ALTER ROLE CLIENT_JON_DOE_TECH_ROLE SET COMMENT = 'Tenant role of JON_DOE_TECH'"
        );
        assert!(
            stmts
                .iter()
                .all(|(_, t)| !t.contains("Jon Doe Tech") || t.starts_with("CREATE USER")),
            "a display name outside the tenant user's own comment"
        );
    }
}

#[test]
fn a_user_comment_is_escaped_through_the_quoting_module() {
    let package = compile(&edit(
        &example(),
        "comment: Sigma connection for Jon Doe Tech",
        r#"comment: 'O''Brien \ Tech'"#,
    ));
    let stmts = statements(&package, "sql/01_roles.sql");
    let user = stmts
        .iter()
        .find(|(_, t)| t.starts_with("CREATE USER IF NOT EXISTS JON_DOE_TECH_SVC"))
        .expect("the service user");
    assert!(
        user.1.ends_with(r"COMMENT = 'O''Brien \\ Tech'"),
        "{}",
        user.1
    );
}

#[test]
fn changed_recipients_and_prefixes_reach_the_integrations_through_alter() {
    let spec = edit(
        &example(),
        "recipients: [finops@example.com]",
        "recipients: [finops@example.com, cfo@example.com]",
    );
    let spec = edit(
        &spec,
        "allowed_prefixes: [https://abc123.execute-api.us-east-1.amazonaws.com/prod/]",
        "allowed_prefixes: [https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/]",
    );
    let before = statements(&compile(&example()), "sql/04_integrations.sql");
    let after = statements(&compile(&spec), "sql/04_integrations.sql");
    let notification = "CREATE NOTIFICATION INTEGRATION IF NOT EXISTS BUDGET_EMAIL";
    let api = "CREATE API INTEGRATION IF NOT EXISTS SNOWTENANT_EMBED_API";
    assert_eq!(
        alter_after(&before, notification),
        (
            "AlterIntegration".to_string(),
            "ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ENABLED = TRUE ALLOWED_RECIPIENTS = ('finops@example.com')".to_string()
        )
    );
    assert_eq!(
        alter_after(&after, notification).1,
        "ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ENABLED = TRUE ALLOWED_RECIPIENTS = ('cfo@example.com', 'finops@example.com')"
    );
    let arn = "API_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowtenant-embed'";
    assert_eq!(
        alter_after(&before, api).1,
        format!(
            "ALTER API INTEGRATION SNOWTENANT_EMBED_API SET {arn} API_ALLOWED_PREFIXES = ('https://abc123.execute-api.us-east-1.amazonaws.com/prod/') ENABLED = TRUE"
        )
    );
    assert_eq!(
        alter_after(&after, api).1,
        format!(
            "ALTER API INTEGRATION SNOWTENANT_EMBED_API SET {arn} API_ALLOWED_PREFIXES = ('https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/') ENABLED = TRUE"
        )
    );
    // Replacing the API integration would give it a new external ID and break the IAM trust.
    assert!(
        after.iter().all(|(_, t)| !t.contains("OR REPLACE")),
        "{after:#?}"
    );
}

#[test]
fn a_changed_external_oauth_converges_and_a_dropped_audience_is_unset() {
    let with_audience = compile(&oauth(
        &example(),
        "      audience: [https://example.snowflakecomputing.com]\n",
    ));
    let stmts = statements(&with_audience, "sigma/snowflake.sql");
    let create = "CREATE SECURITY INTEGRATION IF NOT EXISTS SIGMA_EXTERNAL_OAUTH";
    let (kind, alter) = alter_after(&stmts, create);
    assert_eq!(kind, "AlterIntegration");
    assert!(alter.starts_with("ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH SET ENABLED = TRUE EXTERNAL_OAUTH_TYPE = OKTA"), "{alter}");
    assert!(
        alter.contains("EXTERNAL_OAUTH_AUDIENCE_LIST = ('https://example.snowflakecomputing.com')"),
        "{alter}"
    );
    assert!(alter.ends_with(
        "EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE') EXTERNAL_OAUTH_ANY_ROLE_MODE = 'DISABLE'"
    ), "{alter}");
    assert!(!stmts.iter().any(|(_, t)| t.contains("UNSET")));

    let without_audience = compile(&oauth(&example(), ""));
    let stmts = statements(&without_audience, "sigma/snowflake.sql");
    let (_, alter) = alter_after(&stmts, create);
    assert!(!alter.contains("AUDIENCE"), "{alter}");
    assert_eq!(
        stmts.last().map(|(_, t)| t.as_str()),
        Some("ALTER SECURITY INTEGRATION SIGMA_EXTERNAL_OAUTH UNSET EXTERNAL_OAUTH_AUDIENCE_LIST")
    );
}

#[test]
fn every_role_and_integration_create_is_followed_by_its_alter() {
    let package = compile(&example());
    for (path, create_kind) in [
        ("sql/01_roles.sql", "CreateRole"),
        ("sql/04_integrations.sql", "CreateIntegration"),
    ] {
        let stmts = statements(&package, path);
        let creates: Vec<usize> = stmts
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| k == create_kind)
            .map(|(i, _)| i)
            .collect();
        assert!(!creates.is_empty(), "{path}: no {create_kind}");
        for i in creates {
            // `CREATE ... IF NOT EXISTS <name> ...`
            let mut words = stmts[i].1.split_whitespace();
            let name = words.find(|w| *w == "EXISTS").and(words.next());
            let (kind, alter) = &stmts[i + 1];
            assert!(
                kind.starts_with("Alter"),
                "{path}: {} not followed by an ALTER",
                stmts[i].1
            );
            assert!(
                alter.split_whitespace().any(|w| Some(w) == name),
                "{path}: {alter} does not alter {name:?}"
            );
        }
    }
    // The validator types them as ours, not as sqlparser's plain CREATE ROLE.
    let report = validate_script_named(
        "01_roles.sql",
        &String::from_utf8_lossy(&package.files["sql/01_roles.sql"]),
    );
    assert!(
        report
            .statements
            .iter()
            .any(|c| matches!(&c.stmt, Typed::Snowflake(_)) && c.stmt.kind() == "CreateRole")
    );
}
