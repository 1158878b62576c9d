//! Cost controls: warehouses, resource monitors and their triggers, within Snowflake's limits.

use crate::diag::Diagnostic;
use crate::quote::Ident;
use crate::spec::{MonitorSpec, Sp, TriggerAction, WarehouseSpec};

use super::names::identifier;
use super::{Monitor, Warehouse};

use crate::spec::limits;
use crate::sqlcheck::catalog::props::{account, warehouse as catalog_warehouse};

/// STATEMENT_TIMEOUT_IN_SECONDS's upper bound, from the validator's catalog (parameters).
fn max_statement_timeout() -> u32 {
    u32::try_from(limits::max("WAREHOUSE", "STATEMENT_TIMEOUT_IN_SECONDS")).unwrap_or(u32::MAX)
}

/// Resolves a warehouse's settings; the name is given by the caller.
pub fn warehouse(
    spec: &WarehouseSpec,
    name: Ident,
    tenant: Option<Ident>,
    diags: &mut Vec<Diagnostic>,
) -> Warehouse {
    // Sizes and their synonyms are the catalog's WAREHOUSE_SIZE (sql/create-warehouse).
    let size = spec.size.as_ref().and_then(|s| {
        if let Some(canonical) = catalog_warehouse::canonical_size(&s.value) {
            Some(canonical.to_string())
        } else {
            let sizes: Vec<&str> = catalog_warehouse::canonical_sizes().collect();
            diags.push(
                Diagnostic::new("SPEC060", format!("`{}` is not a warehouse size", s.value))
                    .at(s.span, "unknown size")
                    .help(format!("one of {}", sizes.join(", "))),
            );
            None
        }
    });
    let max_timeout = max_statement_timeout();
    if let Some(t) = &spec.statement_timeout_seconds
        && t.value > max_timeout
    {
        diags.push(
            Diagnostic::new(
                "SPEC061",
                format!(
                    "statement timeout {} s is above Snowflake's maximum",
                    t.value
                ),
            )
            .at(t.span, format!("at most {max_timeout} (7 days)")),
        );
    }
    // AUTO_SUSPEND = 0 (or NULL) means never suspend
    // (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse): the warehouse bills every
    // second it runs, idle or not. Refused: leave the key out for Snowflake's 600 s default.
    if let Some(s) = &spec.auto_suspend_seconds
        && s.value == 0
    {
        diags.push(
            Diagnostic::new(
                "SPEC065",
                "`auto_suspend_seconds: 0` never suspends the warehouse: it bills while idle",
            )
            .at(s.span, "0 disables auto-suspend")
            .help(
                "give a number of seconds (60 is common), or omit it for Snowflake's 600 s default",
            ),
        );
    }
    Warehouse {
        name,
        size,
        auto_suspend_seconds: spec.auto_suspend_seconds.as_ref().map(|v| v.value),
        auto_resume: spec.auto_resume,
        // CREATE WAREHOUSE starts the warehouse unless INITIALLY_SUSPENDED = TRUE
        // (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse, default FALSE): a
        // new warehouse would bill until it auto-suspends. Suspended unless the spec says otherwise.
        initially_suspended: Some(spec.initially_suspended.unwrap_or(true)),
        statement_timeout_seconds: spec.statement_timeout_seconds.as_ref().map(|v| v.value),
        monitor: None,
        tenant,
    }
}

/// Resolves a monitor's quota and triggers; the name is given by the caller.
pub fn monitor(
    spec: &MonitorSpec,
    name: Ident,
    tenant: Option<Ident>,
    diags: &mut Vec<Diagnostic>,
) -> Monitor {
    positive(&spec.credits, "credit quota", diags);
    let triggers = triggers(spec, diags);
    let notify_users: Vec<Ident> = spec
        .notify_users
        .iter()
        .filter_map(|u| identifier(u, "user name", diags))
        .collect();
    // NOTIFY_USERS's limit is the catalog's (create-resource-monitor).
    let max_users = account::MAX_NOTIFY_USERS;
    if spec.notify_users.len() > max_users {
        diags.push(
            Diagnostic::new(
                "SPEC023",
                format!(
                    "{} users to notify; Snowflake allows at most {max_users}",
                    spec.notify_users.len()
                ),
            )
            .at(spec.notify_users[max_users].span, "one too many"),
        );
    }
    let account = spec.account.as_ref().is_some_and(|a| a.value);
    if account && let Some(first) = spec.notify_users.first() {
        diags.push(
            Diagnostic::new(
                "SPEC023",
                "an account-level monitor cannot notify non-administrator users",
            )
            .at(
                first.span,
                "NOTIFY_USERS must be null for an account monitor",
            )
            .help("administrators with notifications enabled are notified; remove notify_users"),
        );
    }
    // An account monitor's SUSPEND suspends every warehouse in the account, including ones the
    // platform does not own (https://docs.snowflake.com/en/user-guide/resource-monitors): only
    // with an explicit `suspend_account: true`.
    let suspend_allowed = spec.suspend_account.as_ref().is_some_and(|s| s.value);
    if account && !suspend_allowed {
        for t in &spec.triggers {
            if t.action.value != TriggerAction::Notify {
                diags.push(
                    Diagnostic::new(
                        "SPEC025",
                        "an account monitor that suspends stops every warehouse in the account",
                    )
                    .at(t.action.span, "suspends warehouses the platform does not own too")
                    .help("use `notify` triggers (an account monitor is notify-only by default), or set `suspend_account: true` on the monitor to accept it"),
                );
            }
        }
    }
    Monitor {
        name,
        credit_quota: spec.credits.value,
        frequency: spec.frequency,
        triggers,
        notify_users,
        account,
        tenant,
    }
}

pub fn positive(value: &Sp<f64>, what: &str, diags: &mut Vec<Diagnostic>) {
    if value.value.is_nan() || value.value <= 0.0 || value.value.is_infinite() {
        diags.push(
            Diagnostic::new(
                "SPEC020",
                format!("the {what} must be a positive number of credits"),
            )
            .at(value.span, format!("{} is not > 0", value.value)),
        );
    }
}

fn triggers(spec: &MonitorSpec, diags: &mut Vec<Diagnostic>) -> Vec<(u32, TriggerAction)> {
    let mut out = Vec::new();
    let mut previous: Option<&Sp<u32>> = None;
    for t in &spec.triggers {
        if t.percent.value == 0 {
            diags.push(
                Diagnostic::new("SPEC021", "a trigger at 0 % fires immediately")
                    .at(t.percent.span, "must be > 0"),
            );
        }
        if let Some(p) = previous
            && t.percent.value <= p.value
        {
            diags.push(
                Diagnostic::new("SPEC021", "trigger thresholds must be strictly ascending")
                    .at(t.percent.span, format!("{} % comes after", t.percent.value))
                    .at(p.span, format!("{} %", p.value))
                    .help("list triggers from the lowest percentage to the highest"),
            );
        }
        previous = Some(&t.percent);
        out.push((t.percent.value, t.action.value));
    }
    // Per-action limits are the catalog's (user-guide/resource-monitors).
    for (action, label) in [
        (TriggerAction::Suspend, "suspend"),
        (TriggerAction::SuspendImmediate, "suspend_immediate"),
        (TriggerAction::Notify, "notify"),
    ] {
        let max = account::trigger_limit(label);
        limit(spec, action, max, label, diags);
    }
    out
}

fn limit(
    spec: &MonitorSpec,
    action: TriggerAction,
    max: usize,
    label: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let of_kind: Vec<_> = spec
        .triggers
        .iter()
        .filter(|t| t.action.value == action)
        .collect();
    if of_kind.len() > max {
        let mut d = Diagnostic::new(
            "SPEC022",
            format!(
                "{} `{label}` triggers; a resource monitor allows at most {max}",
                of_kind.len()
            ),
        )
        .at(of_kind[max].action.span, "over Snowflake's limit");
        for t in &of_kind[..max] {
            d = d.at(t.action.span, "allowed");
        }
        diags.push(
            d.help("Snowflake allows 1 suspend, 1 suspend_immediate and up to 5 notify triggers"),
        );
    }
}
