//! Each broken spec under `tests/specs/invalid/` is rejected; its rendered diagnostics are
//! snapshotted next to the others in `snapshots/spec_diagnostics/`.

use snowtenant::diag::{SourceFile, render_all};

#[test]
fn every_broken_spec_is_rejected_with_a_located_diagnostic() {
    let mut seen = 0;
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/spec_diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    insta::glob!("specs/invalid/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let source = SourceFile::new(format!("tests/specs/invalid/{name}"), text);
        let diags = match snowtenant::build::compile(&source) {
            Ok(_) => panic!("{name} should be rejected"),
            Err(d) => d,
        };
        assert!(!diags.is_empty());
        let rendered = render_all(&diags, &source, false);
        // Every diagnostic points into the file (file:line:column).
        assert!(
            rendered.contains(&format!("tests/specs/invalid/{name}:")),
            "{name}: no location in\n{rendered}"
        );
        insta::assert_snapshot!(rendered);
        seen += 1;
    });
    assert!(
        seen >= 25,
        "expected at least 25 broken specs, found {seen}"
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let text = std::fs::read_to_string("tests/specs/invalid/several_errors_at_once.yaml").unwrap();
    let source = SourceFile::new("several.yaml", text);
    let diags = snowtenant::build::compile(&source).err().unwrap();
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"SPEC010") && codes.contains(&"SPEC030") && codes.contains(&"SPEC060"),
        "{codes:?}"
    );
}

#[test]
fn duplicate_names_point_at_both_places() {
    let text = std::fs::read_to_string("tests/specs/invalid/duplicate_tenants.yaml").unwrap();
    let source = SourceFile::new("dup.yaml", text);
    let diags = snowtenant::build::compile(&source).err().unwrap();
    let dup = diags
        .iter()
        .find(|d| d.code == "SPEC012")
        .expect("a collision diagnostic");
    assert_eq!(dup.labels.len(), 2);
    let (first, _) = source.line_col(dup.labels[1].0.offset);
    let (second, _) = source.line_col(dup.labels[0].0.offset);
    assert!(first < second, "first place {first} before second {second}");
}

#[test]
fn shape_errors_are_reported_at_once_too() {
    let text =
        std::fs::read_to_string("tests/specs/invalid/several_shape_errors_at_once.yaml").unwrap();
    let source = SourceFile::new("shape.yaml", text);
    let diags = snowtenant::build::compile(&source).err().unwrap();
    let lines: Vec<usize> = diags
        .iter()
        .map(|d| source.line_col(d.labels[0].0.offset).0)
        .collect();
    // Unknown keys (4, 8), a wrong type (9), unknown values (14, 16), an unaccepted form (15)
    // and a missing key (17), each at its own line.
    assert_eq!(lines, vec![4, 8, 9, 14, 15, 16, 17], "{diags:#?}");
}

#[test]
fn a_cross_tenant_view_over_one_megabyte_is_refused_at_the_view() {
    // Snowflake refuses a view definition over 1 MB (sql-reference/sql/create-view): 1,500
    // schema-isolated tenants with 200-character ids give the cross-tenant view about 1.1 MB.
    let example = std::fs::read_to_string("examples/platform.yaml").unwrap();
    let tenants: String = (0..1_500)
        .map(|i| {
            let id = format!("T{i:04}_{}", "X".repeat(195));
            format!(
                "  - {{ id: {id}, display_name: Tenant {i}, isolation: [schema], warehouse: ANALYTICS_WH }}\n"
            )
        })
        .collect();
    let at = example.find("embed:\n").unwrap();
    let text = format!("{}{tenants}{}", &example[..at], &example[at..]);
    let source = SourceFile::new("big.yaml", text);
    let Err(errors) = snowtenant::build::compile(&source) else {
        panic!("a view over 1 MB was accepted");
    };
    assert_eq!(errors.len(), 1, "first: {:?}", errors.first());
    let rendered = errors[0].render(&source, false);
    assert!(rendered.contains("SPEC078"), "{rendered}");
    assert!(
        rendered.contains("this view unions 1502 tenant schemas"),
        "{rendered}"
    );
    assert!(rendered.contains("big.yaml:"), "{rendered}");
}

/// The codes a fixture names on its `# expect: CODE, CODE` line.
fn expected_codes(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .flat_map(|l| l.split(','))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Spec codes that no small fixture can reach, with the test that covers each.
const COVERED_BY_A_TEST: &[(&str, &str)] = &[(
    "SPEC078",
    "a_cross_tenant_view_over_one_megabyte_is_refused_at_the_view (1,500 tenants)",
)];

#[test]
fn every_fixture_names_its_code_and_every_spec_code_has_a_fixture() {
    use snowtenant::diag::codes::{CODES, Level};
    let mut covered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir("tests/specs/invalid").unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expected_codes(&text);
        assert!(!expected.is_empty(), "{name} has no `# expect: CODE` line");
        let source = SourceFile::new(name.clone(), text);
        let Err(diags) = snowtenant::build::compile(&source) else {
            panic!("{name} should be rejected");
        };
        let got: Vec<&str> = diags.iter().map(|d| d.code).collect();
        for code in &expected {
            assert!(
                got.contains(&code.as_str()),
                "{name} expects {code}, got {got:?}"
            );
            covered.insert(code.clone());
        }
        // A spec is never blamed on the tool.
        assert!(got.iter().all(|c| c.starts_with("SPEC")), "{name}: {got:?}");
    }
    for c in CODES.iter().filter(|c| c.level == Level::Error) {
        assert!(
            covered.contains(c.code) || COVERED_BY_A_TEST.iter().any(|(k, _)| *k == c.code),
            "{} has no fixture in tests/specs/invalid/ naming it",
            c.code
        );
    }
}

#[test]
fn docs_diagnostics_md_is_generated_from_the_registry() {
    const BEGIN: &str = "<!-- codes:begin (generated from src/diag/codes.rs) -->\n";
    const END: &str = "<!-- codes:end -->\n";
    let doc = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    let table = snowtenant::diag::codes::markdown_table();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/diagnostics.md lacks the generated-table markers");
    };
    let fresh = format!("{}{BEGIN}{table}{}", &doc[..b], &doc[e..]);
    let bless = std::env::var_os("SNOWTENANT_BLESS").is_some();
    if bless {
        std::fs::write("docs/diagnostics.md", &fresh).unwrap();
    }
    assert!(
        bless || doc == fresh,
        "docs/diagnostics.md is stale: run `SNOWTENANT_BLESS=1 cargo test --test spec_diagnostics docs_`"
    );
}

#[test]
fn every_code_in_the_sources_is_registered() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(std::path::Path::new("src"), &mut files);
    let mut used = std::collections::BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, _) in text.match_indices("\"SPEC") {
            let code = &text[i + 1..(i + 8).min(text.len())];
            if code[4..].chars().all(|c| c.is_ascii_digit()) {
                used.insert(code.to_string());
            }
        }
    }
    for code in &used {
        assert!(
            snowtenant::diag::codes::lookup(code).is_some(),
            "{code} is used in src/ but not registered in src/diag/codes.rs"
        );
    }
    for c in snowtenant::diag::codes::CODES {
        assert!(
            !c.code.starts_with("SPEC") || used.contains(c.code),
            "{} is registered but never reported",
            c.code
        );
    }
}

fn compile_fixture(name: &str) -> (SourceFile, Vec<snowtenant::diag::Diagnostic>) {
    let path = format!("tests/specs/invalid/{name}");
    let text = std::fs::read_to_string(&path).unwrap();
    let source = SourceFile::new(path, text);
    let diags = snowtenant::build::compile(&source)
        .err()
        .unwrap_or_else(|| panic!("{name} was accepted"));
    (source, diags)
}

/// The line of the text `needle` in the fixture (1-based).
fn line_of(source: &SourceFile, needle: &str) -> usize {
    let at = source.text.find(needle).expect(needle);
    source.line_col(at).0
}

#[test]
fn a_system_role_never_becomes_a_tenant_role() {
    // Before: `tenant_role: "{tenant}"` with tenant USERADMIN built a package granting USERADMIN to
    // SYSADMIN and to the tenant's users, and dropping it at offboarding.
    let (source, diags) = compile_fixture("system_role_as_tenant_role.yaml");
    for role in [
        "USERADMIN",
        "SECURITYADMIN",
        "ACCOUNTADMIN",
        "ORGADMIN",
        "GLOBALORGADMIN",
    ] {
        let d = diags
            .iter()
            .find(|d| d.code == "SPEC080" && d.message.contains(&format!("`{role}`")))
            .unwrap_or_else(|| panic!("{role}: {diags:#?}"));
        // Located at the tenant's id, with the naming pattern as the second place.
        assert_eq!(
            source.line_col(d.labels[0].0.offset).0,
            line_of(&source, &format!("id: {role}"))
        );
        assert_eq!(
            source.line_col(d.labels[1].0.offset).0,
            line_of(&source, "tenant_role:")
        );
    }
}

#[test]
fn public_and_information_schema_never_become_tenant_schemas() {
    let (_, diags) = compile_fixture("public_as_tenant_schema.yaml");
    for schema in ["PUBLIC", "INFORMATION_SCHEMA"] {
        assert!(
            diags
                .iter()
                .any(|d| d.code == "SPEC080" && d.message.contains(&format!("`{schema}`"))),
            "{schema}: {diags:#?}"
        );
    }
}

#[test]
fn tenant_roles_never_take_an_exempt_or_admin_role_and_the_spec_line_is_blamed() {
    // Before: a collision with an exempt role surfaced as an AUDIT error on the generated SQL.
    let (source, diags) = compile_fixture("tenant_role_is_exempt_role.yaml");
    let d = diags.iter().find(|d| d.code == "SPEC080").expect("SPEC080");
    let lines: Vec<usize> = d
        .labels
        .iter()
        .map(|(s, _)| source.line_col(s.offset).0)
        .collect();
    assert!(lines.contains(&line_of(&source, "id: PLATFORM_ADMIN")));
    assert!(lines.contains(&line_of(&source, "exempt_roles:")));
    let (_, diags) = compile_fixture("tenant_role_is_admin_role.yaml");
    assert!(
        diags
            .iter()
            .any(|d| d.code == "SPEC080" && d.message.contains("user_admin"))
    );
}

#[test]
fn a_tenant_api_key_is_never_the_signing_key_nor_another_tenants() {
    let (source, diags) = compile_fixture("api_key_is_signing_key.yaml");
    let d = diags.iter().find(|d| d.code == "SPEC082").expect("SPEC082");
    assert_eq!(
        source.line_col(d.labels[0].0.offset).0,
        line_of(&source, "api_key: { env: SNOWTENANT_SIGNING_KEY }")
    );
    let (_, diags) = compile_fixture("shared_api_key.yaml");
    assert!(diags.iter().any(|d| d.code == "SPEC082"), "{diags:#?}");
}

#[test]
fn what_serve_refuses_build_refuses_first() {
    let (_, diags) = compile_fixture("leeway_too_long.yaml");
    assert!(diags.iter().any(|d| d.code == "SPEC071"), "{diags:#?}");
    let (_, diags) = compile_fixture("signing_key_id_too_long.yaml");
    assert!(diags.iter().any(|d| d.code == "SPEC072"), "{diags:#?}");
}

#[test]
fn what_snowflake_would_refuse_is_refused_at_the_spec() {
    for (fixture, code) in [
        ("tenant_column_number.yaml", "SPEC018"),
        ("custom_account_admin_with_monitor.yaml", "SPEC081"),
        ("custom_sys_admin.yaml", "SPEC081"),
        ("azure_provider_without_its_fields.yaml", "SPEC074"),
        ("google_provider_without_audience.yaml", "SPEC074"),
        ("unsafe_recipients.yaml", "SPEC052"),
        ("too_many_recipients.yaml", "SPEC052"),
        ("duplicate_tenant_id_column.yaml", "SPEC012"),
        ("view_declares_tenant_id.yaml", "SPEC019"),
        ("credits_too_large.yaml", "SPEC020"),
        ("ec_service_user_key.yaml", "SPEC076"),
        ("rsa_1024_service_user_key.yaml", "SPEC076"),
        ("tenant_id_too_long_for_a_file_name.yaml", "SPEC011"),
        ("bad_alert_schedule.yaml", "SPEC054"),
    ] {
        let (_, diags) = compile_fixture(fixture);
        assert!(
            diags.iter().any(|d| d.code == code && !d.labels.is_empty()),
            "{fixture}: {diags:#?}"
        );
        assert!(
            diags.iter().all(|d| d.code.starts_with("SPEC")),
            "{fixture}: {diags:#?}"
        );
    }
    // Both TENANT_ID columns of a NUMBER and a VARIANT table are reported, and every bad recipient.
    let (_, diags) = compile_fixture("tenant_column_number.yaml");
    assert_eq!(diags.iter().filter(|d| d.code == "SPEC018").count(), 2);
    let (_, diags) = compile_fixture("unsafe_recipients.yaml");
    assert_eq!(
        diags.iter().filter(|d| d.code == "SPEC052").count(),
        4,
        "{diags:#?}"
    );
}

#[test]
fn azure_and_google_integrations_carry_their_own_properties() {
    let example = std::fs::read_to_string("examples/platform.yaml").unwrap();
    for (provider, fields, expected, altered) in [
        (
            "azure_api_management",
            "  azure_tenant_id: 11111111-2222-3333-4444-555555555555\n  azure_ad_application_id: 66666666-7777-8888-9999-000000000000\n",
            "AZURE_TENANT_ID = '11111111-2222-3333-4444-555555555555' AZURE_AD_APPLICATION_ID = '66666666-7777-8888-9999-000000000000'",
            "SET AZURE_AD_APPLICATION_ID = '66666666-7777-8888-9999-000000000000' API_ALLOWED_PREFIXES",
        ),
        (
            "google_api_gateway",
            "  google_audience: snowtenant-embed.apigateway.example.cloud.goog\n",
            "GOOGLE_AUDIENCE = 'snowtenant-embed.apigateway.example.cloud.goog'",
            "SET API_ALLOWED_PREFIXES",
        ),
    ] {
        let text = example
            .replace(
                "provider: aws_api_gateway",
                &format!("provider: {provider}"),
            )
            .replace(
                "  role_arn: arn:aws:iam::123456789012:role/snowtenant-embed\n",
                fields,
            );
        let source = SourceFile::new(format!("{provider}.yaml"), text);
        let package = snowtenant::build::compile(&source)
            .unwrap_or_else(|d| panic!("{provider}: {}", render_all(&d, &source, false)));
        let sql: String = package
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("sql/"))
            .map(|(_, b)| String::from_utf8_lossy(b).to_string())
            .collect();
        assert!(sql.contains(expected), "{provider}");
        assert!(sql.contains(altered), "{provider}");
        assert!(!sql.contains("API_AWS_ROLE_ARN"), "{provider}");
    }
}

#[test]
fn no_spec_is_blamed_on_the_tool() {
    // Before: a bad schedule and a 252-character id came back as BUG001 "a bug in snowtenant".
    for fixture in [
        "bad_alert_schedule.yaml",
        "tenant_id_too_long_for_a_file_name.yaml",
    ] {
        let (_, diags) = compile_fixture(fixture);
        assert!(diags.iter().all(|d| d.code != "BUG001"), "{fixture}");
    }
}

#[test]
fn yaml_messages_do_not_leak_the_parser_s_internals() {
    for fixture in ["duplicate_key.yaml", "release_too_large.yaml"] {
        let (source, diags) = compile_fixture(fixture);
        let rendered = render_all(&diags, &source, false);
        for leak in ["DuplicateKeyPolicy", "Options", "u32", "u64"] {
            assert!(!rendered.contains(leak), "{fixture}: {rendered}");
        }
    }
}

#[test]
fn shape_and_semantic_errors_come_in_one_run() {
    // Before: the unknown keys were reported, and the reserved role and the CIDR only once they
    // were fixed (two runs).
    let (source, diags) = compile_fixture("shape_and_semantic_errors_at_once.yaml");
    let found: Vec<(&str, usize)> = diags
        .iter()
        .map(|d| (d.code, source.line_col(d.labels[0].0.offset).0))
        .collect();
    assert_eq!(
        found,
        vec![
            ("SPEC001", 7),
            ("SPEC080", 9),
            ("SPEC030", 12),
            ("SPEC001", 13)
        ],
        "{diags:#?}"
    );
}

#[test]
fn a_missing_key_a_wrong_type_and_semantic_errors_come_in_one_run() {
    // Before: the missing `display_name` and the text where a list belongs were reported, and the
    // reserved role and the duplicate tenant only once both were fixed (two runs).
    let (source, diags) = compile_fixture("four_errors_across_phases.yaml");
    let found: Vec<(&str, usize)> = diags
        .iter()
        .map(|d| (d.code, source.line_col(d.labels[0].0.offset).0))
        .collect();
    assert_eq!(
        found,
        vec![
            ("SPEC080", line_of(&source, "id: USERADMIN")),
            ("SPEC001", line_of(&source, "id: ACME")),
            ("SPEC012", line_of(&source, "id: acme")),
            (
                "SPEC001",
                line_of(&source, "allowed_cidrs: 198.51.100.0/24\n")
            ),
        ],
        "{diags:#?}"
    );
}

#[test]
fn no_diagnostic_lands_on_a_repaired_value() {
    // Every shape error is repaired with a placeholder (an empty id, a `0` quota, an empty list);
    // none of them may be reported, nor may any diagnostic point anywhere but at text of the file.
    let text = "platform:\n  database: ANALYTICS_PLATFORM\n  admin_warehouse: SHARED_WH\n\
                warehouses:\n  - name: SHARED_WH\n    size: XSMALL\n\
                tenants:\n  - display_name: No id\n    warehouse: SHARED_WH\n\
                \x20 - id: BETA\n    display_name: Beta\n    warehouse: [SHARED_WH]\n\
                \x20   isolation: sideways\n    credit_quota: {credits: -5}\n";
    let source = SourceFile::new("repaired.yaml", text);
    let diags = snowtenant::build::compile(&source).err().unwrap();
    let shape = diags.iter().filter(|d| d.code == "SPEC001").count();
    assert!(shape >= 3, "{diags:#?}");
    // Apart from the shape errors, this spec is sound: any other code was caused by a placeholder
    // (before the one-item list placeholder, the empty `isolation` gave SPEC045 on the tenant).
    assert!(diags.iter().all(|d| d.code == "SPEC001"), "{diags:#?}");
    for d in &diags {
        for (span, _) in &d.labels {
            assert!(span.offset + span.len <= text.len(), "{d:#?}");
        }
        if d.code != "SPEC001" {
            // A semantic error on a placeholder would name an empty id, the default warehouse
            // the placeholder stands for, or a zero quota: none of those is in the file.
            let at = &text[d.labels[0].0.offset..];
            assert!(
                !d.message.contains("``") && !at.starts_with('\n'),
                "a diagnostic on a repaired value: {d:#?}"
            );
        }
    }
}
