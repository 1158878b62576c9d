//! Hand-written SQL under `sql/`, shipped verbatim in every package (and parsed in the tests).

/// File name and text of each ad-hoc query shipped in `sql/ad_hoc/`.
pub const FILES: &[(&str, &str)] = &[
    (
        "cost_by_tenant.sql",
        include_str!("../sql/ad_hoc/cost_by_tenant.sql"),
    ),
    (
        "idle_cost_by_warehouse.sql",
        include_str!("../sql/ad_hoc/idle_cost_by_warehouse.sql"),
    ),
    (
        "untagged_queries.sql",
        include_str!("../sql/ad_hoc/untagged_queries.sql"),
    ),
];
