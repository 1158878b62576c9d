//! Warehouse properties and parameters [sql/create-warehouse, sql/alter-warehouse,
//! user-guide/warehouses-multicluster, user-guide/warehouses-snowpark-optimized].

use super::super::{ALL, ANY_STRING, CREATE, Prop, Rule, Value, int, int_or_null, p};

const DOC: &str = "sql-reference/sql/create-warehouse";
const MULTI: &str = "user-guide/warehouses-multicluster";
const SNOWPARK: &str = "user-guide/warehouses-snowpark-optimized";
const PARAMS: &str = "sql-reference/parameters";

/// WAREHOUSE_SIZE values with their documented synonyms (quoted forms with a hyphen).
pub const SIZES: &[&str] = &[
    "XSMALL", "X-SMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "X-LARGE", "XXLARGE", "X2LARGE",
    "2X-LARGE", "XXXLARGE", "X3LARGE", "3X-LARGE", "X4LARGE", "4X-LARGE", "X5LARGE", "5X-LARGE",
    "X6LARGE", "6X-LARGE",
];
/// Each size with its synonyms, canonical name first: the names CREATE takes and the one
/// snowtenant writes. SHOW WAREHOUSES prints the hyphenated form in mixed case (`X-Small`), so
/// drift compares sizes through [`canonical_size`]. Every word of [`SIZES`] is in one group.
pub const SIZE_GROUPS: &[&[&str]] = &[
    &["XSMALL", "X-SMALL"],
    &["SMALL"],
    &["MEDIUM"],
    &["LARGE"],
    &["XLARGE", "X-LARGE"],
    &["XXLARGE", "X2LARGE", "2X-LARGE"],
    &["XXXLARGE", "X3LARGE", "3X-LARGE"],
    &["X4LARGE", "4X-LARGE"],
    &["X5LARGE", "5X-LARGE"],
    &["X6LARGE", "6X-LARGE"],
];

/// The canonical name of a size written any way Snowflake takes or prints it (`x-small`,
/// `X-Small`, `xsmall` -> `XSMALL`); `None` for a word that is no size.
pub fn canonical_size(value: &str) -> Option<&'static str> {
    SIZE_GROUPS
        .iter()
        .find(|g| g.iter().any(|w| w.eq_ignore_ascii_case(value.trim())))
        .map(|g| g[0])
}

/// The canonical sizes, smallest first.
pub fn canonical_sizes() -> impl Iterator<Item = &'static str> {
    SIZE_GROUPS.iter().map(|g| g[0])
}

const TYPES: &[&str] = &["STANDARD", "SNOWPARK-OPTIMIZED", "ADAPTIVE"];
const MEMORY: &[&str] = &[
    "MEMORY_1X",
    "MEMORY_1X_X86",
    "MEMORY_16X",
    "MEMORY_16X_X86",
    "MEMORY_64X",
    "MEMORY_64X_X86",
];
const STANDARD_GENS: &[&str] = &["STANDARD_GEN_1", "STANDARD_GEN_2"];
const CONSTRAINTS: &[&str] = &[
    "STANDARD_GEN_1",
    "STANDARD_GEN_2",
    "MEMORY_1X",
    "MEMORY_1X_X86",
    "MEMORY_16X",
    "MEMORY_16X_X86",
    "MEMORY_64X",
    "MEMORY_64X_X86",
];

/// Warehouse properties (objectProperties) and parameters (objectParams).
#[rustfmt::skip]
pub const PROPS: &[Prop] = &[
    p("WAREHOUSE_TYPE", Value::Enum(TYPES), ALL, DOC),
    p("WAREHOUSE_SIZE", Value::Enum(SIZES), ALL, DOC),
    p("GENERATION", Value::Enum(&["1", "2"]), ALL, DOC),
    p("RESOURCE_CONSTRAINT", Value::Enum(CONSTRAINTS), ALL, SNOWPARK),
    p("MAX_CLUSTER_COUNT", int(1, 300), ALL, MULTI),
    p("MIN_CLUSTER_COUNT", int(1, 300), ALL, MULTI),
    p("SCALING_POLICY", Value::Enum(&["STANDARD", "ECONOMY"]), ALL, DOC),
    p("AUTO_SUSPEND", int_or_null(0, i64::MAX), ALL, DOC),
    p("AUTO_RESUME", Value::Bool, ALL, DOC),
    // "Not applicable when altering" [sql/alter-warehouse].
    p("INITIALLY_SUSPENDED", Value::Bool, CREATE, DOC),
    p("RESOURCE_MONITOR", Value::Name, ALL, DOC),
    p("COMMENT", ANY_STRING, ALL, DOC),
    p("ENABLE_QUERY_ACCELERATION", Value::Bool, ALL, DOC),
    p("QUERY_ACCELERATION_MAX_SCALE_FACTOR", int(0, 100), ALL, DOC),
    p("MAX_CONCURRENCY_LEVEL", int(1, i64::MAX), ALL, PARAMS),
    p("STATEMENT_QUEUED_TIMEOUT_IN_SECONDS", int(0, i64::MAX), ALL, PARAMS),
    p("STATEMENT_TIMEOUT_IN_SECONDS", int(0, 604_800), ALL, PARAMS),
];

/// Rules between warehouse properties.
pub const RULES: &[Rule] = &[
    Rule::AtMost {
        lo: "MIN_CLUSTER_COUNT",
        hi: "MAX_CLUSTER_COUNT",
        doc: MULTI,
    },
    Rule::WhenThen {
        prop: "WAREHOUSE_TYPE",
        values: &["SNOWPARK-OPTIMIZED"],
        other: "RESOURCE_CONSTRAINT",
        allowed: MEMORY,
        doc: SNOWPARK,
    },
    Rule::WhenThen {
        prop: "WAREHOUSE_TYPE",
        values: &["STANDARD"],
        other: "RESOURCE_CONSTRAINT",
        allowed: STANDARD_GENS,
        doc: DOC,
    },
    Rule::WhenThen {
        prop: "WAREHOUSE_TYPE",
        values: &["SNOWPARK-OPTIMIZED"],
        other: "GENERATION",
        allowed: &[],
        doc: DOC,
    },
    Rule::Excludes {
        a: "GENERATION",
        b: "RESOURCE_CONSTRAINT",
        doc: DOC,
    },
    // Per-size upper limits of MAX_CLUSTER_COUNT [user-guide/warehouses-multicluster].
    Rule::CapWhen {
        prop: "WAREHOUSE_SIZE",
        values: &["LARGE"],
        other: "MAX_CLUSTER_COUNT",
        max: 160,
        doc: MULTI,
    },
    Rule::CapWhen {
        prop: "WAREHOUSE_SIZE",
        values: &["XLARGE", "X-LARGE"],
        other: "MAX_CLUSTER_COUNT",
        max: 80,
        doc: MULTI,
    },
    Rule::CapWhen {
        prop: "WAREHOUSE_SIZE",
        values: &["XXLARGE", "X2LARGE", "2X-LARGE"],
        other: "MAX_CLUSTER_COUNT",
        max: 40,
        doc: MULTI,
    },
    Rule::CapWhen {
        prop: "WAREHOUSE_SIZE",
        values: &["XXXLARGE", "X3LARGE", "3X-LARGE"],
        other: "MAX_CLUSTER_COUNT",
        max: 20,
        doc: MULTI,
    },
    Rule::CapWhen {
        prop: "WAREHOUSE_SIZE",
        values: &[
            "X4LARGE", "4X-LARGE", "X5LARGE", "5X-LARGE", "X6LARGE", "6X-LARGE",
        ],
        other: "MAX_CLUSTER_COUNT",
        max: 10,
        doc: MULTI,
    },
];
