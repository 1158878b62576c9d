//! Specs a hostile user would write: system role and schema names as tenant ids, patterns that map
//! ids straight onto roles and schemas, exempt and admin roles reused, unsafe recipients, schedules
//! and numbers. Whatever the spec, the compiler does not panic and either refuses it with located
//! SPEC errors, or builds a package that passes the validator and the audit and creates no role,
//! schema, user or warehouse with a reserved name.
//!
//! The reserved names are listed here again, independently of src/model/names.rs: Snowflake's
//! system roles (user-guide/security-access-control-overview) and system schemas/databases
//! (sql-reference/info-schema, sql-reference/snowflake-db).

use proptest::prelude::*;
use snowtenant::diag::SourceFile;

const SYSTEM: &[&str] = &[
    "ACCOUNTADMIN",
    "ORGADMIN",
    "GLOBALORGADMIN",
    "SECURITYADMIN",
    "USERADMIN",
    "SYSADMIN",
    "PUBLIC",
    "INFORMATION_SCHEMA",
    "SNOWFLAKE",
];
const ADMIN_AND_EXEMPT: &[&str] = &["PLATFORM_ADMIN_ROLE", "PLATFORM_USERS"];

fn hostile_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(
            SYSTEM.iter().chain(ADMIN_AND_EXEMPT).chain(&["PLATFORM_ADMIN", "GOLD", "GOVERNANCE", "useradmin", "Public"]).copied().collect::<Vec<_>>()
        ).prop_map(String::from),
        3 => "[A-Za-z_][A-Za-z0-9_$]{0,12}",
        1 => "\\PC{0,10}",
        1 => (240usize..260).prop_map(|n| format!("T{}", "X".repeat(n))),
        1 => Just("A\"; DROP ROLE SYSADMIN; --".to_string()),
    ]
}

/// One of `fixed` or a string matching one of `patterns`, every arm equally likely (as
/// `prop_oneof!` weighs its arms).
fn any_of(fixed: &[&str], patterns: &[&str]) -> impl Strategy<Value = String> {
    let arms: Vec<BoxedStrategy<String>> = fixed
        .iter()
        .map(|s| Just(s.to_string()).boxed())
        .chain(
            patterns
                .iter()
                .map(|p| proptest::string::string_regex(p).unwrap().boxed()),
        )
        .collect();
    proptest::strategy::Union::new(arms)
}

fn hostile_text() -> impl Strategy<Value = String> {
    any_of(
        &[
            "finops@example.com",
            "a$$b@example.com",
            "x\n@example.com",
            "nul\0@example.com",
            "o'brien@example.com",
        ],
        &["[a-z]{1,8}@[a-z]{1,8}\\.com", "\\PC{0,16}"],
    )
}

fn schedule() -> impl Strategy<Value = String> {
    any_of(
        &[
            "USING CRON 0 */6 * * * UTC",
            "60 MINUTE",
            "0 MINUTE",
            "USING CRON 0 * * * UTC",
            "USING CRON 0 0 * * * UTC'; DROP ALERT X; --",
        ],
        &["\\PC{0,24}"],
    )
}

#[derive(Debug)]
struct Hostile {
    role_pattern: &'static str,
    schema_pattern: &'static str,
    exempt: String,
    user_admin: &'static str,
    ids: Vec<String>,
    user: String,
    recipient: String,
    schedule: String,
    credits: f64,
    tenant_column_type: &'static str,
    api_key_env: Option<&'static str>,
}

prop_compose! {
    // Each field's strategy is named once, next to the field it fills.
    fn hostile()(
        role_pattern in proptest::sample::select(vec![
            "{tenant}",
            "CLIENT_{tenant}_ROLE",
            "{tenant}_ROLE",
            "ROLE_{tenant}",
        ]),
        schema_pattern in proptest::sample::select(vec!["{tenant}", "GOLD_CLIENT_{tenant}"]),
        exempt in prop_oneof![
            Just("PLATFORM_ADMIN_ROLE".to_string()),
            Just("PUBLIC".to_string()),
            hostile_name()
        ],
        user_admin in proptest::sample::select(vec!["USERADMIN", "PLATFORM_USERS"]),
        ids in proptest::collection::vec(hostile_name(), 1..4),
        user in hostile_name(),
        recipient in hostile_text(),
        schedule in schedule(),
        credits in prop_oneof![Just(10.0), Just(1e300), Just(-1.0), Just(0.5), 0.0f64..1e13],
        tenant_column_type in proptest::sample::select(vec![
            "VARCHAR",
            "NUMBER(38,0)",
            "VARIANT",
            "STRING",
        ]),
        api_key_env in proptest::option::of(proptest::sample::select(vec![
            "SNOWTENANT_SIGNING_KEY",
            "SHARED_KEY",
        ])),
    ) -> Hostile {
        Hostile {
            role_pattern, schema_pattern, exempt, user_admin, ids, user, recipient, schedule,
            credits, tenant_column_type, api_key_env,
        }
    }
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn spec_text(h: &Hostile) -> String {
    let mut s = format!(
        "platform:\n  database: ANALYTICS_PLATFORM\n  admin_warehouse: SHARED_WH\n  naming:\n    tenant_role: {}\n    tenant_schema: {}\n  admin_roles:\n    user_admin: {}\n  exempt_roles: [{}]\n\
         warehouses:\n  - {{ name: SHARED_WH, size: XSMALL }}\n\
         shared_tables:\n  - name: CLIENT_EVENTS\n    tenant_column: TENANT_ID\n    columns:\n      - {{ name: TENANT_ID, type: {} }}\n\
         budget_alerts:\n  notification_integration: BUDGET_EMAIL\n  recipients: [{}]\n  schedule: {}\n\
         tenants:\n",
        q(h.role_pattern),
        q(h.schema_pattern),
        h.user_admin,
        q(&h.exempt),
        q(h.tenant_column_type),
        q(&h.recipient),
        q(&h.schedule),
    );
    for (i, id) in h.ids.iter().enumerate() {
        s.push_str(&format!(
            "  - id: {}\n    display_name: Tenant {i}\n    isolation: [schema, row]\n    warehouse: SHARED_WH\n    soft_budget: {{ monthly_credits: {:e} }}\n    service_users: [{{ name: {} }}]\n    allowed_cidrs: [198.51.100.0/24]\n",
            q(id),
            h.credits,
            q(&format!("{}_{i}", h.user)),
        ));
        if let Some(env) = h.api_key_env {
            s.push_str(&format!("    api_key: {{ env: {env} }}\n"));
        }
    }
    s.push_str(
        "embed:\n  issuer: https://embed.example.com\n  audience: snowtenant-embed\n  signing_keys:\n    - { kid: k1, algorithm: HS256, secret: { env: SNOWTENANT_SIGNING_KEY } }\n  sigma:\n    org: example-org\n    client_id: { env: SIGMA_CLIENT_ID }\n    client_secret: { env: SIGMA_CLIENT_SECRET }\n    connection_auth: key_pair\n",
    );
    s
}

fn reserved(name: &str, admin: &[&str], exempt: &str) -> bool {
    SYSTEM.contains(&name) || admin.contains(&name) || name == exempt.to_ascii_uppercase()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn hostile_specs_are_refused_at_the_spec_or_build_a_safe_package(h in hostile()) {
        let text = spec_text(&h);
        let source = SourceFile::new("hostile.yaml", text.clone());
        match snowtenant::build::compile(&source) {
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    prop_assert!(d.code.starts_with("SPEC"), "blamed on the tool: {:?}\n{text}", d);
                    prop_assert!(!d.labels.is_empty(), "no place in the spec: {:?}\n{text}", d);
                    prop_assert!(d.labels.iter().all(|(s, _)| s.offset <= text.len()));
                }
            }
            Ok(package) => {
                // Every SQL file, derived copies included, passes the validator.
                prop_assert!(snowtenant::build::check_sql(&package).is_ok());
                prop_assert!(snowtenant::build::verify(&package).is_ok());
                let admin = ["USERADMIN", "SECURITYADMIN", "SYSADMIN", "ACCOUNTADMIN", h.user_admin];
                let spec = snowtenant::spec::load(&source).unwrap();
                let platform = snowtenant::model::validate(&spec).unwrap();
                for t in &platform.tenants {
                    prop_assert!(!reserved(t.role.as_str(), &admin, &h.exempt), "role {}", t.role.as_str());
                    if let Some(s) = &t.schema {
                        prop_assert!(!SYSTEM.contains(&s.as_str()), "schema {}", s.as_str());
                    }
                    prop_assert!(!SYSTEM.contains(&t.warehouse.as_str()));
                    for u in &t.service_users {
                        prop_assert!(!SYSTEM.contains(&u.name.as_str()), "user {}", u.name.as_str());
                    }
                }
                // The roles the package creates, read from the SQL itself.
                for (path, bytes) in &package.files {
                    if !path.ends_with(".sql") { continue; }
                    let sql = String::from_utf8_lossy(bytes);
                    for r in SYSTEM.iter().chain(ADMIN_AND_EXEMPT) {
                        prop_assert!(!sql.contains(&format!("CREATE ROLE IF NOT EXISTS {r}\n")) && !sql.contains(&format!("CREATE ROLE IF NOT EXISTS {r} ")) && !sql.contains(&format!("DROP ROLE IF EXISTS {r};")),
                            "{path} creates or drops {r}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_safe_hostile_spec_still_builds() {
    // The generator's safe corner must be reachable, or the property above proves nothing.
    let h = Hostile {
        role_pattern: "CLIENT_{tenant}_ROLE",
        schema_pattern: "GOLD_CLIENT_{tenant}",
        exempt: "PLATFORM_ADMIN_ROLE".into(),
        user_admin: "USERADMIN",
        ids: vec!["ACME".into(), "o_brien$".into()],
        user: "SVC".into(),
        recipient: "finops@example.com".into(),
        schedule: "60 MINUTE".into(),
        credits: 10.0,
        tenant_column_type: "VARCHAR",
        api_key_env: None,
    };
    let source = SourceFile::new("safe.yaml", spec_text(&h));
    if let Err(d) = snowtenant::build::compile(&source) {
        panic!("{}", snowtenant::diag::render_all(&d, &source, false));
    }
}
