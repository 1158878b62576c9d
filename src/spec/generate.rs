//! Generated specs of any size, for benchmarks and property tests.

use std::fmt::Write;

/// A valid spec with `tenants` tenants: a mix of schema and row isolation, shared and dedicated
/// warehouses, quotas and soft budgets, like a real platform.
pub fn generate(tenants: usize) -> String {
    let mut s = String::from(
        "platform:\n  database: ANALYTICS_PLATFORM\n  admin_warehouse: SHARED_WH_0\n  exempt_roles: [PLATFORM_ADMIN_ROLE]\n\
         warehouses:\n",
    );
    let shared = tenants.div_ceil(100).max(1);
    for i in 0..shared {
        let _ = writeln!(
            s,
            "  - {{ name: SHARED_WH_{i}, size: SMALL, auto_suspend_seconds: 60, initially_suspended: true }}"
        );
    }
    s.push_str(
        "shared_tables:\n  - name: CLIENT_EVENTS\n    tenant_column: TENANT_ID\n    columns:\n      - { name: TENANT_ID, type: VARCHAR }\n      - { name: AMOUNT, type: \"NUMBER(38,2)\" }\n\
         cross_tenant_view:\n  name: DYNAMIC_CLIENT_DATA\n  source_table: DASHBOARD_METRICS\n  columns:\n    - { name: METRIC_NAME, type: VARCHAR }\n\
         budget_alerts:\n  notification_integration: BUDGET_EMAIL\n  recipients: [finops@example.com]\n\
         tenants:\n",
    );
    for i in 0..tenants {
        let _ = writeln!(s, "  - id: TENANT_{i:05}\n    display_name: \"Tenant {i}\"");
        // Every tenth tenant has its own schema (the cross-tenant view stays well under 1 MB).
        let isolation = if i % 10 == 0 {
            "[schema, row]"
        } else {
            "[row]"
        };
        let _ = writeln!(s, "    isolation: {isolation}");
        if i % 5 == 0 {
            let _ = writeln!(
                s,
                "    dedicated_warehouse: {{ size: XSMALL, auto_suspend_seconds: 60 }}\n    credit_quota:\n      credits: {}\n      triggers: [{{ percent: 80, action: notify }}, {{ percent: 100, action: suspend }}]",
                10 + i % 90
            );
        } else {
            let _ = writeln!(
                s,
                "    warehouse: SHARED_WH_{}\n    soft_budget: {{ monthly_credits: {} }}",
                i % shared,
                5 + i % 20
            );
        }
        let _ = writeln!(
            s,
            "    query_tag: {{ department: \"Dept {}\", priority: normal }}\n    service_users: [{{ name: TENANT_{i:05}_SVC }}]\n    allowed_cidrs: [10.{}.{}.0/24]\n    dashboards: {{ sales: workbook/Sales-{i} }}",
            i % 7,
            (i / 256) % 256,
            i % 256
        );
    }
    s
}
