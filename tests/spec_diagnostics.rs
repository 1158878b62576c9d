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
