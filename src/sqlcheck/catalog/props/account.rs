//! Resource monitors and network policies [sql/create-resource-monitor, sql/alter-resource-monitor,
//! user-guide/resource-monitors, sql/create-network-policy, sql/alter-network-policy].

use super::super::{ALL, ANY_STRING, CREATE_SET, Prop, Rule, Value, p};

const MONITOR_DOC: &str = "sql-reference/sql/create-resource-monitor";
const MONITOR_GUIDE: &str = "user-guide/resource-monitors";
const POLICY_DOC: &str = "sql-reference/sql/create-network-policy";

/// FREQUENCY values.
pub const FREQUENCIES: &[&str] = &["MONTHLY", "DAILY", "WEEKLY", "YEARLY", "NEVER"];
/// NOTIFY_USERS holds at most 5 users [sql/create-resource-monitor].
pub const MAX_NOTIFY_USERS: usize = 5;

/// Resource monitor properties, after WITH (CREATE) or SET (ALTER); no UNSET form exists.
#[rustfmt::skip]
pub const RESOURCE_MONITOR: &[Prop] = &[
    p("CREDIT_QUOTA", Value::Number, CREATE_SET, MONITOR_DOC),
    p("FREQUENCY", Value::Enum(FREQUENCIES), CREATE_SET, MONITOR_DOC),
    p("START_TIMESTAMP", Value::WordOrStr(&["IMMEDIATELY"]), CREATE_SET, MONITOR_DOC),
    p("END_TIMESTAMP", ANY_STRING, CREATE_SET, MONITOR_DOC),
    p("NOTIFY_USERS", Value::List { max: MAX_NOTIFY_USERS }, CREATE_SET, MONITOR_DOC),
];

/// "If you specify FREQUENCY, you must also specify START_TIMESTAMP" and the reverse: the interval
/// starts at the timestamp [sql/create-resource-monitor].
pub const RESOURCE_MONITOR_RULES: &[Rule] = &[Rule::Together {
    a: "FREQUENCY",
    b: "START_TIMESTAMP",
    doc: MONITOR_DOC,
}];

/// Trigger actions and how many of each one monitor takes: "One Suspend action. One Suspend
/// Immediate action. Up to five Notify actions." [user-guide/resource-monitors].
pub const TRIGGER_LIMITS: &[(&str, usize)] =
    &[("NOTIFY", 5), ("SUSPEND", 1), ("SUSPEND_IMMEDIATE", 1)];
/// Doc page of the trigger limits.
pub const TRIGGER_DOC: &str = MONITOR_GUIDE;

/// The most a trigger action may appear on one monitor.
pub fn trigger_limit(action: &str) -> usize {
    TRIGGER_LIMITS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(action))
        .map_or(0, |(_, n)| *n)
}

const RULES_LIST: Value = Value::List { max: 10_000 };
const IPS: Value = Value::IpList { max: 10_000 };

/// Network policy properties: the four lists and the comment. ALTER takes each list with SET,
/// ADD or REMOVE (`network.rs`), and UNSET only COMMENT [sql/alter-network-policy].
#[rustfmt::skip]
pub const NETWORK_POLICY: &[Prop] = &[
    p("ALLOWED_NETWORK_RULE_LIST", RULES_LIST, CREATE_SET, POLICY_DOC),
    p("BLOCKED_NETWORK_RULE_LIST", RULES_LIST, CREATE_SET, POLICY_DOC),
    p("ALLOWED_IP_LIST", IPS, CREATE_SET, POLICY_DOC),
    p("BLOCKED_IP_LIST", IPS, CREATE_SET, POLICY_DOC),
    p("COMMENT", ANY_STRING, ALL, POLICY_DOC),
];
