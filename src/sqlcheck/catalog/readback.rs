//! What drift reads back from the account for the properties a package sets: per kind, the
//! catalog properties compared, the column of `SHOW <kinds>` (or the `property` row of
//! `DESCRIBE USER`) that prints each, and how a value is normalised so the package's spelling
//! and the account's compare equal (`XSMALL` and `X-Small`, `TRUE` and `true`, `60` and `60.00`)
//! [sql/show-warehouses, sql/desc-user, sql/show-resource-monitors].

use super::props::warehouse::SIZE_GROUPS;
use super::{Value, kind_named};

/// One property drift compares.
#[derive(Debug)]
pub struct Readback {
    /// The catalog kind (`WAREHOUSE`).
    pub kind: &'static str,
    /// The catalog property (`WAREHOUSE_SIZE`).
    pub prop: &'static str,
    /// Where the account prints it: a SHOW column, or DESCRIBE USER's `property` value.
    pub column: &'static str,
}

const fn r(kind: &'static str, prop: &'static str, column: &'static str) -> Readback {
    Readback { kind, prop, column }
}

/// The properties drift compares, one line each.
#[rustfmt::skip]
pub const READBACK: &[Readback] = &[
    r("WAREHOUSE", "RESOURCE_MONITOR", "resource_monitor"),
    r("WAREHOUSE", "WAREHOUSE_SIZE", "size"),
    r("WAREHOUSE", "WAREHOUSE_TYPE", "type"),
    r("WAREHOUSE", "AUTO_SUSPEND", "auto_suspend"),
    r("WAREHOUSE", "AUTO_RESUME", "auto_resume"),
    r("WAREHOUSE", "MIN_CLUSTER_COUNT", "min_cluster_count"),
    r("WAREHOUSE", "MAX_CLUSTER_COUNT", "max_cluster_count"),
    r("WAREHOUSE", "SCALING_POLICY", "scaling_policy"),
    r("WAREHOUSE", "ENABLE_QUERY_ACCELERATION", "enable_query_acceleration"),
    r("WAREHOUSE", "QUERY_ACCELERATION_MAX_SCALE_FACTOR", "query_acceleration_max_scale_factor"),
    r("USER", "DEFAULT_ROLE", "DEFAULT_ROLE"),
    r("USER", "DEFAULT_WAREHOUSE", "DEFAULT_WAREHOUSE"),
    r("USER", "DEFAULT_NAMESPACE", "DEFAULT_NAMESPACE"),
    r("RESOURCE MONITOR", "CREDIT_QUOTA", "credit_quota"),
    r("RESOURCE MONITOR", "FREQUENCY", "frequency"),
    r("RESOURCE MONITOR", "NOTIFY_USERS", "notify_users"),
];

/// Words with synonyms: each group's first word is the one compared.
const SYNONYMS: &[(&str, &str, &[&[&str]])] = &[("WAREHOUSE", "WAREHOUSE_SIZE", SIZE_GROUPS)];

/// The properties of `kind` drift compares.
pub fn of(kind: &str) -> impl Iterator<Item = &'static Readback> + '_ {
    READBACK.iter().filter(move |r| r.kind == kind)
}

/// The catalog property `prop` of `kind` if drift compares it (any case), and its line.
pub fn find(kind: &str, prop: &str) -> Option<&'static Readback> {
    of(kind).find(|r| r.prop.eq_ignore_ascii_case(prop))
}

/// `value` of `kind`'s `prop` as compared: synonyms to their canonical word, enumerations and
/// booleans upper case, numbers without trailing zeros; other values (names) as given.
pub fn normalise(kind: &str, prop: &str, value: &str) -> String {
    let v = value.trim();
    if let Some((_, _, groups)) = SYNONYMS
        .iter()
        .find(|(k, p, _)| *k == kind && p.eq_ignore_ascii_case(prop))
        && let Some(g) = groups
            .iter()
            .find(|g| g.iter().any(|w| w.eq_ignore_ascii_case(v)))
    {
        return g[0].to_string();
    }
    let value_type = kind_named(kind).and_then(|k| k.prop(prop)).map(|p| p.value);
    match value_type {
        Some(Value::Enum(_) | Value::Bool | Value::WordOrStr(_)) => v.to_ascii_uppercase(),
        Some(Value::Int { .. } | Value::Number) => match v.parse::<f64>() {
            Ok(n) => {
                let s = format!("{n}");
                s.strip_suffix(".0").map_or(s.clone(), str::to_string)
            }
            Err(_) => v.to_ascii_uppercase(),
        },
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_readback_names_a_catalog_property() {
        for r in READBACK {
            let kind = kind_named(r.kind).unwrap_or_else(|| panic!("no kind {}", r.kind));
            assert!(kind.prop(r.prop).is_some(), "{} has no {}", r.kind, r.prop);
        }
    }

    #[test]
    fn sizes_booleans_and_numbers_compare_as_snowflake_prints_them() {
        for (package, account) in [
            ("XSMALL", "X-Small"),
            ("XXLARGE", "2X-Large"),
            ("x2large", "2X-LARGE"),
        ] {
            assert_eq!(
                normalise("WAREHOUSE", "WAREHOUSE_SIZE", package),
                normalise("WAREHOUSE", "WAREHOUSE_SIZE", account)
            );
        }
        assert_ne!(
            normalise("WAREHOUSE", "WAREHOUSE_SIZE", "SMALL"),
            normalise("WAREHOUSE", "WAREHOUSE_SIZE", "X-Small")
        );
        assert_eq!(normalise("WAREHOUSE", "AUTO_RESUME", "true"), "TRUE");
        assert_eq!(normalise("WAREHOUSE", "AUTO_SUSPEND", "60"), "60");
        assert_eq!(
            normalise("RESOURCE MONITOR", "CREDIT_QUOTA", "100.00"),
            "100"
        );
        assert_eq!(
            normalise("RESOURCE MONITOR", "FREQUENCY", "monthly"),
            "MONTHLY"
        );
    }
}
