//! ISO040 / ISO041 / ISO042 / ISO043: cost controls.
//!
//! ## What it does
//! - ISO040: every dedicated warehouse (owned by one tenant in the inventory, or marked dedicated
//!   in the mapping rows) has a resource monitor assigned (`ALTER WAREHOUSE ... SET RESOURCE_MONITOR`).
//! - ISO041 (warning): a monitor on a warehouse used by several tenants caps all of them at once.
//! - ISO042 (warning): every tenant on a shared warehouse has a soft budget alert, resumed.
//! - ISO044 (warning): the package sets the account-level monitor, replacing any already set.
//! - ISO043: each monitor has at most one SUSPEND, one SUSPEND_IMMEDIATE and five NOTIFY
//!   triggers, SUSPEND not after SUSPEND_IMMEDIATE ([ug/resource-monitors], `reference/snowflake-sql.md` §1).
//!
//! ## Why is this bad?
//! A warehouse has at most one monitor: a dedicated warehouse without one has no hard quota; a
//! quota on a shared warehouse suspends every tenant when one overspends; a shared-warehouse
//! tenant without an alert is never told it passed its budget.
//!
//! ## Example
//! A package without `ALTER WAREHOUSE CLIENT_ACME_INDUSTRIES_WH SET RESOURCE_MONITOR = ...`.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::context::Context;
use crate::audit::finding::Finding;
use crate::audit::input::text;

const HELP_NO_MONITOR: &str = "A tenant's credit quota needs a resource monitor on its dedicated warehouse; \
create one and assign it with `ALTER WAREHOUSE <wh> SET RESOURCE_MONITOR = <monitor>`.";
const HELP_SHARED: &str = "A monitor on a shared warehouse suspends every tenant on it when one overspends. Give \
the tenant a dedicated warehouse for a hard quota, or use soft budget alerts on the shared one.";
const HELP_BUDGET: &str = "Tenants sharing a warehouse are metered by query tag; without a resumed budget alert \
nobody is told when one passes its soft budget.";
const HELP_ACCOUNT_MONITOR: &str = "An account has one account-level monitor; deploying replaces the current \
one. Check first: `SHOW RESOURCE MONITORS` (level ACCOUNT) and keep its quota and triggers in the spec if they \
should stay, or drop `account: true`.";
const HELP_TRIGGERS: &str = "Snowflake accepts one SUSPEND, one SUSPEND_IMMEDIATE and up to five NOTIFY \
triggers per monitor; SUSPEND should fire no later than SUSPEND_IMMEDIATE.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let m = &ctx.model;
    let mut out = Vec::new();
    // Warehouse to the tenants using it (mapping rows and USAGE grants to tenant roles).
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (tenant, (wh, _)) in &ctx.own.warehouse {
        users.entry(wh).or_default().insert(tenant);
    }
    let by_grantee = m.privileges_by_grantee();
    for (role, tenant) in ctx.tenant_roles() {
        for held in &ctx.sessions[role] {
            for (p, _) in by_grantee.get(held.as_str()).into_iter().flatten() {
                if p.object.kind == "WAREHOUSE" {
                    users.entry(&p.object.name).or_default().insert(tenant);
                }
            }
        }
    }
    let mut dedicated: BTreeSet<&str> = m
        .warehouses
        .keys()
        .filter(|w| ctx.own.tenant_of.contains_key(*w))
        .map(String::as_str)
        .collect();
    dedicated.extend(
        ctx.own
            .warehouse
            .values()
            .filter(|(_, d)| *d)
            .map(|(w, _)| w.as_str()),
    );
    for wh in &dedicated {
        if !m.warehouse_monitor.contains_key(*wh) {
            let mut f = Finding::error(
                "ISO040",
                format!("dedicated warehouse {wh} has no resource monitor"),
                HELP_NO_MONITOR,
            );
            if let Some(at) = m.warehouses.get(*wh) {
                f = f.at(at);
            }
            out.push(f);
        }
    }
    for (wh, (monitor, at)) in &m.warehouse_monitor {
        let tenants = users.get(wh.as_str()).map(|t| t.len()).unwrap_or(0);
        if tenants > 1 {
            out.push(
                Finding::warning(
                    "ISO041",
                    format!("monitor {monitor} caps warehouse {wh}, which {tenants} tenants share"),
                    HELP_SHARED,
                )
                .at(at),
            );
        }
    }
    // Tenants with a resumed alert: the alert's tenant in the inventory, or a tenant id quoted in
    // its condition (one pass over the alerts, not one per tenant).
    let mut alerted: BTreeSet<String> = BTreeSet::new();
    for (name, a) in m.alerts.iter().filter(|(_, a)| a.resumed) {
        if let Some(t) = ctx.own.tenant_of.get(name) {
            alerted.insert(t.clone());
        }
        for quoted in a.condition.split('\'').skip(1).step_by(2) {
            if let Some(t) = ctx.own.tenants.get(quoted) {
                alerted.insert(t.clone());
            }
        }
    }
    // One resumed alert over the budget table (rows merged with TENANT_ID and MONTHLY_CREDITS)
    // covers every tenant with a row there.
    if m.alerts.values().any(|a| a.resumed) {
        for rows in m.merged.values() {
            let col = |n: &str| rows.columns.iter().position(|c| c == n);
            if let (Some(t), Some(_)) = (col("TENANT_ID"), col("MONTHLY_CREDITS")) {
                alerted.extend(rows.rows.iter().filter_map(|r| text(r.get(t))));
            }
        }
    }
    for (tenant, (wh, is_dedicated)) in &ctx.own.warehouse {
        if *is_dedicated {
            continue;
        }
        let has_alert = alerted.contains(tenant);
        if !has_alert {
            out.push(Finding::warning(
                "ISO042",
                format!(
                    "tenant {tenant} shares warehouse {wh} and has no resumed soft budget alert"
                ),
                HELP_BUDGET,
            ));
        }
    }
    // ALTER ACCOUNT SET RESOURCE_MONITOR replaces the account's monitor, if one is set
    // (https://docs.snowflake.com/en/user-guide/resource-monitors: an account has at most one).
    if let Some((monitor, at)) = &m.account_monitor {
        out.push(
            Finding::warning(
                "ISO044",
                format!(
                    "the package sets {monitor} as the account's resource monitor, replacing any monitor already set on the account"
                ),
                HELP_ACCOUNT_MONITOR,
            )
            .at(at),
        );
    }
    for (name, mon) in &m.monitors {
        let count = |a: &str| mon.triggers.iter().filter(|(_, x)| x == a).count();
        let first = |a: &str| mon.triggers.iter().find(|(_, x)| x == a).map(|(p, _)| *p);
        let mut problems = Vec::new();
        if count("SUSPEND") > 1 {
            problems.push("more than one SUSPEND".to_string());
        }
        if count("SUSPEND_IMMEDIATE") > 1 {
            problems.push("more than one SUSPEND_IMMEDIATE".to_string());
        }
        if count("NOTIFY") > 5 {
            problems.push(format!("{} NOTIFY triggers (at most 5)", count("NOTIFY")));
        }
        if let (Some(s), Some(si)) = (first("SUSPEND"), first("SUSPEND_IMMEDIATE"))
            && s > si
        {
            problems.push(format!("SUSPEND at {s}% after SUSPEND_IMMEDIATE at {si}%"));
        }
        if !problems.is_empty() {
            out.push(
                Finding::error(
                    "ISO043",
                    format!("monitor {name}: {}", problems.join("; ")),
                    HELP_TRIGGERS,
                )
                .at(&mon.at),
            );
        }
    }
    out
}
