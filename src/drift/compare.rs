//! Differences between the package's state and the account's, as findings with stable codes.

use std::fmt;

use serde::Serialize;

use super::desired::State;

/// A finding's code. Stable: scripts and CI match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// DRIFT001: the package grants a privilege the account's role does not hold. Re-apply
    /// the package (or find who revoked it).
    MissingGrant,
    /// DRIFT002: a role the package manages holds a privilege the package does not grant
    /// (granted by hand or left over); revoke it or add it to the spec.
    ExtraGrant,
    /// DRIFT003: a resource monitor of the package does not exist.
    MissingMonitor,
    /// DRIFT004: a monitor's credit quota differs from the package's.
    QuotaDiffers,
    /// DRIFT005: a monitor's triggers differ (ALTER RESOURCE MONITOR ... TRIGGERS replaces
    /// the whole list, so the package's list is the one to restore).
    TriggersDiffer,
    /// DRIFT006: a row access policy of the package is not attached where the package attaches it.
    MissingAttachment,
    /// DRIFT007: a row access policy of the package is attached where the package does not attach it.
    ExtraAttachment,
    /// DRIFT008: a future grant of the package (`ON FUTURE <kinds> IN SCHEMA s`) is missing: objects
    /// created in the schema from now on will not be granted.
    MissingFutureGrant,
    /// DRIFT009: a role the package manages holds a future grant in a schema of the package that the
    /// package does not make.
    ExtraFutureGrant,
    /// DRIFT020: a row access policy's body differs from the package's (an `ALTER ... SET BODY` by
    /// hand), or the policy does not exist.
    PolicyBodyDiffers,
    /// DRIFT021: a role the package grants to a user is not granted to it.
    MissingUserGrant,
    /// DRIFT022: a role the package creates is granted to a user the package does not grant it to.
    ExtraUserGrant,
    /// DRIFT023: a warehouse's resource monitor differs from the package's.
    WarehouseMonitorDiffers,
    /// DRIFT024: a user's default (role, warehouse, namespace) differs, or the user does not exist.
    UserDefaultDiffers,
    /// DRIFT025: an object an earlier deployment created (the ledger says) that the package no
    /// longer has still exists: a leftover of a removed tenant.
    Leftover,
    /// DRIFT026: a monitor's reset frequency differs from the package's (the package's
    /// `ALTER RESOURCE MONITOR ... SET FREQUENCY` restores it).
    FrequencyDiffers,
    /// DRIFT027: a monitor notifies other users than the package's `NOTIFY_USERS`.
    NotifyUsersDiffer,
    /// DRIFT028: the account's resource monitor is not the package's (another one, or none where
    /// the package sets one, or one of the package's monitors where the package sets none).
    AccountMonitorDiffers,
    /// DRIFT029: a warehouse setting the package gives (size, auto-suspend, cluster counts...: the
    /// catalog's readback properties) differs from the `SHOW WAREHOUSES` column that prints it.
    WarehouseSettingDiffers,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingGrant => "DRIFT001",
            Self::ExtraGrant => "DRIFT002",
            Self::MissingMonitor => "DRIFT003",
            Self::QuotaDiffers => "DRIFT004",
            Self::TriggersDiffer => "DRIFT005",
            Self::MissingAttachment => "DRIFT006",
            Self::ExtraAttachment => "DRIFT007",
            Self::MissingFutureGrant => "DRIFT008",
            Self::ExtraFutureGrant => "DRIFT009",
            Self::PolicyBodyDiffers => "DRIFT020",
            Self::MissingUserGrant => "DRIFT021",
            Self::ExtraUserGrant => "DRIFT022",
            Self::WarehouseMonitorDiffers => "DRIFT023",
            Self::UserDefaultDiffers => "DRIFT024",
            Self::Leftover => "DRIFT025",
            Self::FrequencyDiffers => "DRIFT026",
            Self::NotifyUsersDiffer => "DRIFT027",
            Self::AccountMonitorDiffers => "DRIFT028",
            Self::WarehouseSettingDiffers => "DRIFT029",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub code: Code,
    /// The object the finding is about.
    pub object: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.code.as_str(),
            self.object,
            self.message
        )
    }
}

fn triggers(t: &[(u64, String)]) -> String {
    let list: Vec<String> = t.iter().map(|(p, a)| format!("{p}% {a}")).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

/// Findings, sorted by code then object.
pub fn compare(want: &State, have: &State) -> Vec<Finding> {
    let mut out = Vec::new();
    let grant_text = |(p, k, o, g): &(String, String, String, String)| {
        let on = if o.is_empty() {
            k.clone()
        } else {
            format!("{k} {o}")
        };
        (format!("{p} ON {on} TO ROLE {g}"), g.clone())
    };
    for g in want.grants.difference(&have.grants) {
        let (text, grantee) = grant_text(g);
        out.push(Finding {
            code: Code::MissingGrant,
            object: grantee,
            message: format!("missing grant: {text}"),
        });
    }
    for g in have.grants.difference(&want.grants) {
        if !want.roles.contains(&g.3) || g.0 == "OWNERSHIP" {
            continue;
        }
        let (text, grantee) = grant_text(g);
        out.push(Finding {
            code: Code::ExtraGrant,
            object: grantee,
            message: format!("not in the package: {text}"),
        });
    }
    let future_text = |(p, k, c, db, _, g): &super::desired::SchemaWideGrant| {
        let scope = if *db { "DATABASE" } else { "SCHEMA" };
        format!(
            "{p} ON FUTURE {}S IN {scope} {c} TO ROLE {g}",
            k.replace('_', " ")
        )
    };
    let want_future: std::collections::BTreeSet<_> =
        want.schema_wide.iter().filter(|g| g.4).collect();
    let have_future: std::collections::BTreeSet<_> =
        have.schema_wide.iter().filter(|g| g.4).collect();
    for g in want_future.difference(&have_future) {
        out.push(Finding {
            code: Code::MissingFutureGrant,
            object: g.5.clone(),
            message: format!("missing future grant: {}", future_text(g)),
        });
    }
    for g in have_future.difference(&want_future) {
        if want.roles.contains(&g.5) {
            out.push(Finding {
                code: Code::ExtraFutureGrant,
                object: g.5.clone(),
                message: format!("future grant not in the package: {}", future_text(g)),
            });
        }
    }
    for (name, m) in &want.monitors {
        let Some(h) = have.monitors.get(name) else {
            out.push(Finding {
                code: Code::MissingMonitor,
                object: name.clone(),
                message: "resource monitor does not exist".into(),
            });
            continue;
        };
        if let Some(q) = m.credit_quota
            && h.credit_quota.is_none_or(|hq| (hq - q).abs() > 1e-9)
        {
            out.push(Finding {
                code: Code::QuotaDiffers,
                object: name.clone(),
                message: format!(
                    "credit quota is {}, package says {q}",
                    h.credit_quota.map_or("unset".into(), |v| v.to_string())
                ),
            });
        }
        if m.triggers != h.triggers {
            out.push(Finding {
                code: Code::TriggersDiffer,
                object: name.clone(),
                message: format!(
                    "triggers are {}, package says {}",
                    triggers(&h.triggers),
                    triggers(&m.triggers)
                ),
            });
        }
    }
    monitor_settings(want, have, &mut out);
    for (table, policy) in want.attachments.difference(&have.attachments) {
        out.push(Finding {
            code: Code::MissingAttachment,
            object: table.clone(),
            message: format!("row access policy {policy} is not attached"),
        });
    }
    for (table, policy) in have.attachments.difference(&want.attachments) {
        if want.policies.contains(policy) {
            out.push(Finding {
                code: Code::ExtraAttachment,
                object: table.clone(),
                message: format!(
                    "row access policy {policy} is attached, the package does not attach it here"
                ),
            });
        }
    }
    out.extend(super::settings::compare(want, have));
    out.sort();
    out
}

/// Monitor settings beyond quota and triggers: frequency, the users notified (each compared when
/// the account's listing has the column), and which monitor the account has.
fn monitor_settings(want: &State, have: &State, out: &mut Vec<Finding>) {
    for (name, m) in &want.monitors {
        let Some(h) = have.monitors.get(name) else {
            continue;
        };
        if let (Some(w), Some(a)) = (&m.frequency, &h.frequency)
            && w != a
        {
            out.push(Finding {
                code: Code::FrequencyDiffers,
                object: name.clone(),
                message: format!("frequency is {a}, package says {w}"),
            });
        }
        if let (Some(w), Some(a)) = (&m.notify_users, &h.notify_users)
            && w != a
        {
            let list = |u: &[String]| {
                if u.is_empty() {
                    "nobody".to_string()
                } else {
                    u.join(", ")
                }
            };
            out.push(Finding {
                code: Code::NotifyUsersDiffer,
                object: name.clone(),
                message: format!("notifies {}, package says {}", list(a), list(w)),
            });
        }
    }
    let package_monitor =
        |m: &Option<String>| m.as_ref().is_some_and(|m| want.monitors.contains_key(m));
    if want.account_monitor != have.account_monitor
        && (want.account_monitor.is_some() || package_monitor(&have.account_monitor))
    {
        let shown = |m: &Option<String>| m.clone().unwrap_or_else(|| "none".into());
        out.push(Finding {
            code: Code::AccountMonitorDiffers,
            object: "ACCOUNT".into(),
            message: format!(
                "the account's resource monitor is {}, package says {}",
                shown(&have.account_monitor),
                shown(&want.account_monitor)
            ),
        });
    }
}
