//! External OAuth (issue 15): Sigma's OAuth users mapped to tenant roles, and the tenant value in
//! every data value Sigma and dbt filter by. Each test names the doc page it encodes.

#[path = "support/spec_edit.rs"]
mod spec_edit;

use spec_edit::{compile, edit, example, file};

use std::collections::BTreeMap;

use snowtenant::audit::{PackageInput, Severity};
use snowtenant::package::Package;

const ANA: &str = "JON_DOE_TECH_OAUTH_ANA_JONDOE_EXAMPLE";
const BOB: &str = "ACME_INDUSTRIES_OAUTH_BOB_ACME_INDUSTRIES_EXAMPLE";

/// The example with External OAuth instead of the key-pair user, without OAuth users.
fn oauth(spec: &str) -> String {
    let start = spec.find("    service_user:").unwrap();
    let end = spec.find("-----END PUBLIC KEY-----\n").unwrap() + "-----END PUBLIC KEY-----\n".len();
    let section = "    external_oauth:\n      type: okta\n      issuer: https://example.okta.com/oauth2/default\n      \
         jws_keys_url: https://example.okta.com/oauth2/default/v1/keys\n";
    let spec = format!("{}{section}{}", &spec[..start], &spec[end..]);
    edit(&spec, "connection_auth: key_pair", "connection_auth: oauth")
}

/// [`oauth`] with one OAuth user per tenant.
fn with_users(spec: &str) -> String {
    let spec = edit(
        spec,
        "    embed_users: { domains: [jondoe.example] }",
        "    oauth_users: [ana@jondoe.example]\n    embed_users: { domains: [jondoe.example] }",
    );
    edit(
        &spec,
        "    embed_users: { domains: [acme-industries.example] }",
        "    oauth_users: [bob@acme-industries.example]\n    embed_users: { domains: [acme-industries.example] }",
    )
}

fn errors(report: &snowtenant::audit::Report) -> Vec<&snowtenant::audit::Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// The package with `sigma/snowflake.sql` edited, audited.
fn audit_with_sigma_sql(
    p: &Package,
    change: impl Fn(String) -> String,
) -> snowtenant::audit::Report {
    let mut files: BTreeMap<String, Vec<u8>> = p.files.clone();
    let sql = change(file(p, "sigma/snowflake.sql"));
    files.insert("sigma/snowflake.sql".into(), sql.into_bytes());
    snowtenant::audit::audit(&PackageInput::from_files(&files))
}

// https://docs.snowflake.com/en/user-guide/oauth-ext-overview ("Scopes"): a token opens a session
// as the user whose LOGIN_NAME equals its claim, with the role of its session:role: scope only if
// that role is granted to the user. Each OAuth user: no password, its tenant's role as default and
// only role, no secondary roles (a session policy forbids USE SECONDARY ROLES ALL).
#[test]
fn oauth_ext_overview_doc_each_oauth_user_holds_exactly_its_tenant_role() {
    let p = compile(&with_users(&oauth(&example()))).unwrap();
    let sql = file(&p, "sigma/snowflake.sql");
    for needed in [
        format!(
            "CREATE USER IF NOT EXISTS {ANA} LOGIN_NAME = 'ana@jondoe.example' DEFAULT_ROLE = CLIENT_JON_DOE_TECH_ROLE DEFAULT_SECONDARY_ROLES = () DEFAULT_WAREHOUSE = ANALYTICS_WH"
        ),
        format!("ALTER USER {ANA} UNSET PASSWORD;"),
        format!("GRANT ROLE CLIENT_JON_DOE_TECH_ROLE TO USER {ANA};"),
        format!("GRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER {BOB};"),
        format!(
            "ALTER USER {ANA} SET SESSION POLICY ANALYTICS_PLATFORM.GOVERNANCE.SIGMA_EXTERNAL_OAUTH_SESSION_POLICY FORCE;"
        ),
        "ALLOWED_SECONDARY_ROLES = ()".to_string(),
        "EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE') EXTERNAL_OAUTH_ANY_ROLE_MODE = 'DISABLE';".to_string(),
    ] {
        assert!(sql.contains(&needed), "{needed}\nnot in\n{sql}");
    }
    assert!(!sql.contains("PASSWORD ="), "{sql}");
    // Each user gets exactly one role.
    assert_eq!(sql.matches(&format!("TO USER {ANA};")).count(), 1);
    // The build no longer warns that no user holds a tenant role.
    assert!(
        !p.warnings
            .iter()
            .any(|d| d.code == "SPEC079" && d.message.contains("External OAuth")),
        "{:#?}",
        p.warnings
    );
    // Every statement passes the validator, and the audit models the users: each OAuth user's
    // sessions executed, each seeing its own tenant's rows only.
    let report = snowtenant::audit::audit(&PackageInput::from_files(&p.files));
    assert!(report.passed(), "{}", report.to_human());
    assert!(
        report
            .proof
            .iter()
            .any(|l| l.starts_with("OAuth users: every 2 of 2 executed")),
        "{:#?}",
        report.proof
    );
    let manifest: serde_json::Value = serde_json::from_slice(&p.files["manifest.json"]).unwrap();
    assert_eq!(manifest["sigma"]["oauth_users"][ANA], "JON_DOE_TECH");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/external_oauth");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("sigma_snowflake_sql_with_oauth_users", sql));
}

// https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external:
// with EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'EMAIL_ADDRESS' the claim is matched
// against the user's EMAIL.
#[test]
fn create_security_integration_oauth_external_doc_email_mapping_sets_the_users_email() {
    let spec = edit(
        &with_users(&oauth(&example())),
        "      jws_keys_url: https://example.okta.com/oauth2/default/v1/keys\n",
        "      jws_keys_url: https://example.okta.com/oauth2/default/v1/keys\n      user_mapping_attribute: email_address\n",
    );
    let p = compile(&spec).unwrap();
    let sql = file(&p, "sigma/snowflake.sql");
    assert!(
        sql.contains(&format!(
            "CREATE USER IF NOT EXISTS {ANA} EMAIL = 'ana@jondoe.example'"
        )),
        "{sql}"
    );
    assert!(!sql.contains("LOGIN_NAME ="), "{sql}");
}

// The check that would have caught a user granted two tenant roles: the OAuth user of Jon Doe Tech
// also granted Acme's role is ISO055, and executing the policies with its sessions shows Acme's
// rows (ISO060).
#[test]
fn an_oauth_user_granted_another_tenants_role_is_iso055_and_sees_its_rows() {
    let p = compile(&with_users(&oauth(&example()))).unwrap();
    let report = audit_with_sigma_sql(&p, |sql| {
        format!(
            "{sql}\nUSE ROLE SECURITYADMIN;\nGRANT ROLE CLIENT_ACME_INDUSTRIES_ROLE TO USER {ANA};\n"
        )
    });
    let found = errors(&report);
    assert!(
        found.iter().any(|f| f.code == "ISO055"
            && f.message.contains(ANA)
            && f.message.contains("CLIENT_ACME_INDUSTRIES_ROLE")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.code == "ISO060" && f.message.contains(ANA)),
        "{found:#?}"
    );
    // An administrator role on an OAuth user is ISO055 too.
    let report = audit_with_sigma_sql(&p, |sql| {
        format!("{sql}\nUSE ROLE SECURITYADMIN;\nGRANT ROLE SYSADMIN TO USER {BOB};\n")
    });
    assert!(
        errors(&report)
            .iter()
            .any(|f| f.code == "ISO055" && f.message.contains("SYSADMIN (not a tenant role)")),
        "{}",
        report.to_human()
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external:
// EXTERNAL_OAUTH_ANY_ROLE_MODE lets a token use a role it does not name; without
// EXTERNAL_OAUTH_ALLOWED_ROLES_LIST a token may name any role its user holds.
#[test]
fn create_security_integration_oauth_external_doc_any_role_mode_and_admin_roles_are_iso056() {
    let p = compile(&with_users(&oauth(&example()))).unwrap();
    let cases = [
        (
            "EXTERNAL_OAUTH_ANY_ROLE_MODE = 'DISABLE'",
            "EXTERNAL_OAUTH_ANY_ROLE_MODE = 'ENABLE'",
            "ANY_ROLE_MODE = ENABLE",
        ),
        (
            "('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE')",
            "('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE', 'SYSADMIN')",
            "not tenant roles: SYSADMIN",
        ),
    ];
    for (from, to, message) in cases {
        let report = audit_with_sigma_sql(&p, |sql| sql.replace(from, to));
        assert!(
            errors(&report)
                .iter()
                .any(|f| f.code == "ISO056" && f.message.contains(message)),
            "{message}: {}",
            report.to_human()
        );
    }
    let report = audit_with_sigma_sql(&p, |sql| {
        sql.replace(
            " EXTERNAL_OAUTH_ALLOWED_ROLES_LIST = ('CLIENT_JON_DOE_TECH_ROLE', 'CLIENT_ACME_INDUSTRIES_ROLE')",
            "",
        )
    });
    assert!(
        errors(&report)
            .iter()
            .any(|f| f.code == "ISO056"
                && f.message.contains("no EXTERNAL_OAUTH_ALLOWED_ROLES_LIST")),
        "{}",
        report.to_human()
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/revoke-role, /drop-user: offboarding revokes the
// tenant's role from its OAuth users first (step 1), and drops them in the destructive part; the
// audit's ISO080 proves no user holds the role after step 1.
#[test]
fn revoke_role_doc_offboarding_revokes_then_drops_the_tenants_oauth_users() {
    let p = compile(&with_users(&oauth(&example()))).unwrap();
    let text = file(&p, "offboard/JON_DOE_TECH.sql");
    let (step1, destructive) = text.split_once("-- DESTRUCTIVE from here on").unwrap();
    assert!(
        step1.contains(&format!(
            "REVOKE ROLE CLIENT_JON_DOE_TECH_ROLE FROM USER {ANA};"
        )),
        "{step1}"
    );
    assert!(!step1.contains(BOB), "{step1}");
    assert!(
        destructive.contains(&format!("DROP USER IF EXISTS {ANA};")),
        "{destructive}"
    );
    assert!(!text.contains(BOB));
    let report = snowtenant::audit::audit(&PackageInput::from_files(&p.files));
    assert!(report.passed(), "{}", report.to_human());
}

// `plan` from a package with Acme to one without: the migration drops Acme's OAuth user with the
// tenant, and keeps Jon Doe Tech's.
#[test]
fn plan_removing_a_tenant_drops_its_oauth_users() {
    use snowtenant::migrate;
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, spec: &str| {
        let package = compile(spec).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let out = dir.path().join(name);
        snowtenant::package::write_atomically(&out, &package.files).unwrap();
        out
    };
    let old_spec = with_users(&oauth(&example()));
    let start = old_spec.find("  - id: ACME_INDUSTRIES").unwrap();
    let end = old_spec.find("embed:\n").unwrap();
    let new_spec = format!("{}{}", &old_spec[..start], &old_spec[end..]);
    let old = build("old", &old_spec);
    let new = build("new", &new_spec);
    let m = migrate::plan(&old, &new).unwrap();
    let script = m.script(true);
    assert!(
        script.contains(&format!("DROP USER IF EXISTS {BOB}")),
        "{script}"
    );
    assert!(
        !script.contains(&format!("DROP USER IF EXISTS {ANA}")),
        "{script}"
    );
    assert!(migrate::plan(&new, &new).unwrap().is_empty());
}

// SPEC089: OAuth users need External OAuth, must be the tenant's embed users, and belong to one
// tenant (a login maps to one Snowflake user).
#[test]
fn oauth_users_are_checked_against_the_connection_embed_users_and_each_other() {
    let key_pair = edit(
        &example(),
        "    embed_users: { domains: [jondoe.example] }",
        "    oauth_users: [ana@jondoe.example]\n    embed_users: { domains: [jondoe.example] }",
    );
    let outside = edit(
        &oauth(&example()),
        "    embed_users: { domains: [jondoe.example] }",
        "    oauth_users: [ana@acme-industries.example]\n    embed_users: { domains: [jondoe.example] }",
    );
    let twice = edit(
        &with_users(&oauth(&example())),
        "oauth_users: [bob@acme-industries.example]",
        "oauth_users: [bob@acme-industries.example, ANA@jondoe.example]",
    );
    for (spec, message) in [
        (key_pair, "Sigma does not connect with External OAuth"),
        (outside, "may not embed as `ana@acme-industries.example`"),
        (
            twice,
            "is an OAuth user of tenants JON_DOE_TECH and ACME_INDUSTRIES",
        ),
    ] {
        let Err(errors) = compile(&spec) else {
            panic!("{message}: built");
        };
        assert!(
            errors
                .iter()
                .any(|d| d.code == "SPEC089" && d.message.contains(message)),
            "{message}: {errors:#?}"
        );
    }
}

/// The example with `jon_doe_tech` spelled in lower case and Acme's rows tagged `acme-industries`.
fn spelled_as_loaded() -> String {
    let spec = edit(&example(), "id: JON_DOE_TECH\n", "id: jon_doe_tech\n");
    edit(
        &spec,
        "  - id: ACME_INDUSTRIES\n",
        "  - id: ACME_INDUSTRIES\n    tenant_value: acme-industries\n",
    )
}

// https://docs.snowflake.com/en/sql-reference/identifiers-syntax: names made from an id are
// upper-cased, data is compared case-sensitively. Sigma's tenant attribute and dbt's registry carry
// the value the rows carry (the id as written, or `tenant_value`), not the upper-cased id.
#[test]
fn identifiers_syntax_doc_sigma_and_dbt_carry_the_tenant_value() {
    let p = compile(&spelled_as_loaded()).unwrap();
    let connection: serde_json::Value =
        serde_json::from_slice(&p.files["sigma/connection.json"]).unwrap();
    let attribute = connection["tenant_attribute"].as_str().unwrap().to_string();
    let team = |name: &str| connection["teams"][name]["user_attributes"][&attribute].clone();
    assert_eq!(team("JON_DOE_TECH"), "jon_doe_tech", "{connection:#}");
    assert_eq!(team("ACME_INDUSTRIES"), "acme-industries", "{connection:#}");
    let embed: serde_json::Value = serde_json::from_slice(&p.files["embed/config.json"]).unwrap();
    let values: Vec<&str> = embed["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["acme-industries", "jon_doe_tech"]);
    let registry = file(&p, "dbt/macros/snowtenant_registry.sql");
    assert!(
        registry.contains("{'id': 'JON_DOE_TECH', 'value': 'jon_doe_tech',"),
        "{registry}"
    );
    assert!(
        registry.contains("{'id': 'ACME_INDUSTRIES', 'value': 'acme-industries',"),
        "{registry}"
    );
}
