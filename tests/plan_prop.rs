//! Property test of `plan`: pairs of specs generated from `examples/platform.yaml` (tenants added,
//! removed and renamed, isolation modes, warehouses, monitors, columns, naming templates, exempt
//! roles, the governance schema renamed, a service user's comment). For each pair:
//! - model(OLD + plan(OLD, NEW, --allow-destructive)) == model(NEW), property by property;
//! - isolation holds after every statement (`plan` checks it and refuses otherwise, so a refusal
//!   fails the property);
//! - plan(NEW, NEW) is empty, and so is plan(OLD, NEW) once the migration was applied
//!   (`plan --applied`, as `plan --from` plans).
//!
//! `cargo test` runs 10 pairs (well under a minute on a shared 2-core machine);
//! `SNOWTENANT_PLAN_CASES=500 cargo test --test plan_prop` runs more.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use snowtenant::apply::source;
use snowtenant::diag::SourceFile;
use snowtenant::migrate::{self, model};

/// One spec, as a set of independent edits of the example.
#[derive(Debug, Clone)]
struct Variant {
    add_tenant: bool,
    remove_acme: bool,
    rename_jon: bool,
    jon_schema_only: bool,
    jon_dedicated: bool,
    acme_credits: u32,
    acme_weekly: bool,
    account_monitor: bool,
    extra_table_column: bool,
    extra_view_column: bool,
    data_schema_template: bool,
    auditor_exempt: bool,
    governance_renamed: bool,
    service_user_comment: bool,
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (
            any::<bool>(),
            prop_oneof![Just(100u32), Just(250)],
            any::<bool>(),
            any::<bool>(),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(|(a, b, c)| Variant {
            add_tenant: a.0,
            remove_acme: a.1,
            rename_jon: a.2,
            jon_schema_only: a.3,
            jon_dedicated: b.0,
            acme_credits: b.1,
            acme_weekly: b.2,
            account_monitor: b.3,
            extra_table_column: c.0,
            extra_view_column: c.1,
            data_schema_template: c.2,
            auditor_exempt: c.3,
            governance_renamed: c.4,
            service_user_comment: c.5,
        })
}

fn edit(spec: String, on: bool, from: &str, to: &str) -> String {
    if !on {
        return spec;
    }
    assert!(spec.contains(from), "spec lacks {from:?}");
    spec.replacen(from, to, 1)
}

fn render(v: &Variant) -> String {
    let mut s = std::fs::read_to_string("examples/platform.yaml").unwrap();
    s = edit(
        s,
        v.jon_schema_only,
        "    isolation: [schema, row]\n    warehouse: ANALYTICS_WH",
        "    isolation: [schema]\n    warehouse: ANALYTICS_WH",
    );
    s = edit(
        s,
        v.jon_dedicated,
        "    warehouse: ANALYTICS_WH          # shared: attribution by query tag, a soft budget\n",
        "    dedicated_warehouse:\n      size: XSMALL\n      auto_suspend_seconds: 60\n      initially_suspended: true\n    credit_quota: { credits: 40 }\n",
    );
    s = edit(s, v.rename_jon, "  - id: JON_DOE_TECH\n", "  - id: JDT\n");
    s = edit(
        s,
        v.acme_credits != 100,
        "    credit_quota:\n      credits: 100",
        &format!("    credit_quota:\n      credits: {}", v.acme_credits),
    );
    s = edit(
        s,
        v.acme_weekly,
        "      frequency: monthly\n      notify_users: [PLATFORM_FINOPS]",
        "      frequency: weekly\n      notify_users: [PLATFORM_FINOPS]",
    );
    s = edit(
        s,
        !v.account_monitor,
        "    account: true\n",
        "    account: false\n",
    );
    s = edit(
        s,
        v.extra_table_column,
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n",
        "      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n      - { name: CURRENCY, type: VARCHAR }\n",
    );
    s = edit(
        s,
        v.extra_view_column,
        "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n",
        "    - { name: METRIC_VALUE, type: \"NUMBER(38,4)\" }\n    - { name: METRIC_UNIT, type: VARCHAR }\n",
    );
    s = edit(
        s,
        v.data_schema_template,
        "tenant_schema: \"GOLD_CLIENT_{tenant}\"",
        "tenant_schema: \"DATA_{tenant}\"",
    );
    s = edit(
        s,
        v.auditor_exempt,
        "exempt_roles: [PLATFORM_ADMIN_ROLE]",
        "exempt_roles: [PLATFORM_ADMIN_ROLE, AUDITOR_ROLE]",
    );
    s = edit(
        s,
        v.governance_renamed,
        "governance_schema: GOVERNANCE",
        "governance_schema: GOV",
    );
    s = edit(
        s,
        v.service_user_comment,
        "comment: Sigma connection for Jon Doe Tech",
        "comment: JDT dashboards",
    );
    if v.remove_acme {
        let start = s.find("  - id: ACME_INDUSTRIES").unwrap();
        let end = s.find("embed:\n").unwrap();
        s = format!("{}{}", &s[..start], &s[end..]);
    }
    s = edit(
        s,
        v.add_tenant,
        "embed:\n",
        "  - id: NEW_CO\n    display_name: New Co\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n    allowed_cidrs: [192.0.2.0/24]\n    dashboards:\n      sales_distribution: workbook/Sales-Distribution-1aA1\nembed:\n",
    );
    s
}

fn build(dir: &Path, name: &str, spec: &str) -> PathBuf {
    let package =
        snowtenant::build::compile(&SourceFile::new(format!("{name}.yaml"), spec.to_string()))
            .unwrap_or_else(|d| panic!("{name} spec invalid: {d:?}\n{spec}"));
    let out = dir.join(name);
    snowtenant::package::write_atomically(&out, &package.files).unwrap();
    out
}

fn cases() -> u32 {
    std::env::var("SNOWTENANT_PLAN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 16, ..ProptestConfig::default() })]

    #[test]
    fn plan_reaches_new_exactly_and_keeps_isolation_at_every_step(old in variant(), new in variant()) {
        let dir = tempfile::tempdir().unwrap();
        let o = build(dir.path(), "old", &render(&old));
        let n = build(dir.path(), "new", &render(&new));
        let m = migrate::plan(&o, &n).map_err(|e| TestCaseError::fail(format!("plan refused: {e}")))?;
        let path = dir.path().join("m.sql");
        let script = m.script(true);
        std::fs::write(&path, &script).unwrap();
        let applied = source::load(&path).map_err(|e| TestCaseError::fail(format!("{e}\n{script}")))?;
        let old_src = source::load_with_sigma(&o).unwrap();
        let new_src = source::load_with_sigma(&n).unwrap();
        let end = model::of(&model::concat(&old_src, &applied));
        let want = model::of(&new_src);
        prop_assert!(end == want, "model(OLD + plan) != model(NEW)\n{}", script);
        prop_assert!(migrate::plan(&n, &n).unwrap().is_empty(), "plan(NEW, NEW) not empty");
        // Planned again from OLD with the migration applied (`plan --applied`, what `plan --from`
        // plans from): nothing is left to do.
        let file = dir.path().join("m_file.sql");
        std::fs::write(&file, m.file(true)).unwrap();
        let again = migrate::plan_after(&o, &[file], &n)
            .map_err(|e| TestCaseError::fail(format!("plan --applied refused: {e}")))?;
        prop_assert!(again.is_empty(), "plan(OLD + plan, NEW) not empty:\n{}\n--- after ---\n{}", again.script(true), script);
    }
}
