//! Every object kind snowtenant knows, with its statement forms, properties and privileges.
//! Kinds Snowflake has but snowtenant does not check yet are listed too (forms `Unchecked`), so a
//! DBA's `CREATE TASK` says "not checked yet" instead of looking like a typo.

use super::privileges::SCHEMA;
use super::props::{
    account, database, integrations, objects, policies, routine, schema, user, warehouse,
};
use super::{Kind, Prop, Rule, Scope, Support};

use Scope::{Account, Database, Schema};
use Support::{Absent as A, Checked as C, Unchecked as U};

/// Doc page of a CREATE statement.
macro_rules! doc {
    ($page:literal) => {
        concat!("sql-reference/sql/", $page)
    };
}

const NONE: &[Prop] = &[];
const NO_RULES: &[Rule] = &[];

/// One kind line: words, SHOW plural, scope, [CREATE, ALTER, DROP, UNDROP, DESCRIBE], privileges, doc.
const fn k(
    words: &'static [&'static str],
    plural: &'static [&'static str],
    scope: Scope,
    forms: [Support; 5],
    privileges: &'static [&'static str],
    doc: &'static str,
) -> Kind {
    Kind {
        words,
        plural,
        scope,
        create: forms[0],
        alter: forms[1],
        drop: forms[2],
        undrop: forms[3],
        describe: forms[4],
        props: NONE,
        rules: NO_RULES,
        privileges,
        doc,
        variants: &[],
    }
}

/// A kind whose properties depend on a sub-kind (`TYPE = ...`), each with its own table.
const fn with_variants(kind: Kind, variants: &'static [super::Variant]) -> Kind {
    Kind { variants, ..kind }
}

/// A kind with a property table.
const fn with_props(kind: Kind, props: &'static [Prop], rules: &'static [Rule]) -> Kind {
    Kind {
        props,
        rules,
        ..kind
    }
}

const OWN: &[&str] = &["OWNERSHIP"];
const POLICY: &[&str] = &["APPLY", "OWNERSHIP"];
const ROUTINE: &[&str] = &["USAGE", "OWNERSHIP"];

/// The kinds, multi-word kinds before their one-word tails (`MATERIALIZED VIEW` before `VIEW`).
#[rustfmt::skip]
pub static KINDS: &[Kind] = &[
    // Account-level objects.
    with_props(
        k(&["WAREHOUSE"], &["WAREHOUSES"], Account, [C, C, C, A, C], &["APPLYBUDGET", "MODIFY", "MONITOR", "OPERATE", "OWNERSHIP", "USAGE"], doc!("create-warehouse")),
        warehouse::PROPS,
        warehouse::RULES,
    ),
    with_props(
        k(&["USER"], &["USERS"], Account, [C, C, C, A, C], &["MONITOR", "OWNERSHIP"], doc!("create-user")),
        user::PROPS,
        NO_RULES,
    ),
    k(&["DATABASE", "ROLE"], &["DATABASE", "ROLES"], Database, [C, C, C, A, A], OWN, doc!("create-database-role")),
    k(&["ROLE"], &["ROLES"], Account, [C, C, C, A, A], OWN, doc!("create-role")),
    with_props(
        k(&["DATABASE"], &["DATABASES"], Account, [C, C, C, C, C], &["APPLYBUDGET", "CREATE DATABASE ROLE", "CREATE SCHEMA", "IMPORTED PRIVILEGES", "MODIFY", "MONITOR", "OWNERSHIP", "REFERENCE_USAGE", "USAGE"], doc!("create-database")),
        database::PROPS,
        NO_RULES,
    ),
    with_props(
        k(&["RESOURCE", "MONITOR"], &["RESOURCE", "MONITORS"], Account, [C, C, C, A, A], &["MODIFY", "MONITOR", "OWNERSHIP"], doc!("create-resource-monitor")),
        account::RESOURCE_MONITOR,
        account::RESOURCE_MONITOR_RULES,
    ),
    with_props(
        k(&["NETWORK", "POLICY"], &["NETWORK", "POLICIES"], Account, [C, C, C, A, C], OWN, doc!("create-network-policy")),
        account::NETWORK_POLICY,
        NO_RULES,
    ),
    with_props(
        k(&["API", "INTEGRATION"], &["API", "INTEGRATIONS"], Account, [C, C, C, A, C], &["USAGE", "OWNERSHIP"], doc!("create-api-integration")),
        integrations::API,
        integrations::API_RULES,
    ),
    with_variants(
        k(&["NOTIFICATION", "INTEGRATION"], &["NOTIFICATION", "INTEGRATIONS"], Account, [C, C, C, A, C], &["USAGE", "OWNERSHIP"], doc!("create-notification-integration")),
        integrations::NOTIFICATION,
    ),
    with_variants(
        k(&["SECURITY", "INTEGRATION"], &["SECURITY", "INTEGRATIONS"], Account, [C, C, C, A, C], &["USAGE", "USE_ANY_ROLE", "OWNERSHIP"], doc!("create-security-integration")),
        integrations::SECURITY,
    ),
    with_props(
        k(&["STORAGE", "INTEGRATION"], &["STORAGE", "INTEGRATIONS"], Account, [C, C, C, A, C], &["USAGE", "OWNERSHIP"], doc!("create-storage-integration")),
        objects::STORAGE_INTEGRATION,
        objects::STORAGE_RULES,
    ),
    with_props(
        k(&["EXTERNAL", "ACCESS", "INTEGRATION"], &["EXTERNAL", "ACCESS", "INTEGRATIONS"], Account, [C, C, C, A, C], &["USAGE", "OWNERSHIP"], doc!("create-external-access-integration")),
        objects::EXTERNAL_ACCESS_INTEGRATION,
        objects::EAI_RULES,
    ),
    k(&["CATALOG", "INTEGRATION"], &["CATALOG", "INTEGRATIONS"], Account, [U, U, C, A, U], &["USAGE", "OWNERSHIP"], doc!("create-catalog-integration")),
    k(&["INTEGRATION"], &["INTEGRATIONS"], Account, [A, C, C, A, C], &["USAGE", "USE_ANY_ROLE", "OWNERSHIP"], doc!("show-integrations")),
    with_props(
        k(&["SHARE"], &["SHARES"], Account, [C, C, C, A, C], OWN, doc!("create-share")),
        objects::SHARE,
        NO_RULES,
    ),
    k(&["EXTERNAL", "VOLUME"], &["EXTERNAL", "VOLUMES"], Account, [U, U, U, U, U], &["USAGE", "OWNERSHIP"], doc!("create-external-volume")),
    k(&["COMPUTE", "POOL"], &["COMPUTE", "POOLS"], Account, [U, U, U, A, U], &["USAGE", "MONITOR", "OPERATE", "MODIFY", "OWNERSHIP"], doc!("create-compute-pool")),
    k(&["FAILOVER", "GROUP"], &["FAILOVER", "GROUPS"], Account, [U, U, U, A, A], &["FAILOVER", "MODIFY", "MONITOR", "REPLICATE", "OWNERSHIP"], doc!("create-failover-group")),
    k(&["REPLICATION", "GROUP"], &["REPLICATION", "GROUPS"], Account, [U, U, U, A, A], &["MODIFY", "MONITOR", "REPLICATE", "OWNERSHIP"], doc!("create-replication-group")),
    k(&["CONNECTION"], &["CONNECTIONS"], Account, [U, U, U, A, A], OWN, doc!("create-connection")),
    k(&["ACCOUNT"], &["ACCOUNTS"], Account, [U, C, U, U, A], &[], doc!("alter-account")),
    k(&["SESSION"], &[], Account, [A, C, A, A, A], &[], doc!("alter-session")),
    // Schema-level objects.
    with_props(
        k(&["SCHEMA"], &["SCHEMAS"], Database, [C, C, C, C, C], SCHEMA, doc!("create-schema")),
        schema::PROPS,
        NO_RULES,
    ),
    k(&["MATERIALIZED", "VIEW"], &["MATERIALIZED", "VIEWS"], Schema, [C, U, C, A, C], &["SELECT", "REFERENCES", "OWNERSHIP"], doc!("create-materialized-view")),
    k(&["SEMANTIC", "VIEW"], &["SEMANTIC", "VIEWS"], Schema, [U, U, U, A, U], &["SELECT", "REFERENCES", "OWNERSHIP"], doc!("create-semantic-view")),
    k(&["DYNAMIC", "TABLE"], &["DYNAMIC", "TABLES"], Schema, [U, U, C, U, U], &["SELECT", "OPERATE", "MONITOR", "OWNERSHIP"], doc!("create-dynamic-table")),
    k(&["EXTERNAL", "TABLE"], &["EXTERNAL", "TABLES"], Schema, [U, U, C, A, U], &["SELECT", "REFERENCES", "OWNERSHIP"], doc!("create-external-table")),
    k(&["ICEBERG", "TABLE"], &["ICEBERG", "TABLES"], Schema, [U, U, C, U, U], &["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "OWNERSHIP"], doc!("create-iceberg-table")),
    k(&["HYBRID", "TABLE"], &["HYBRID", "TABLES"], Schema, [U, U, C, A, U], &["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "OWNERSHIP"], doc!("create-hybrid-table")),
    k(&["EVENT", "TABLE"], &["EVENT", "TABLES"], Schema, [U, U, C, A, U], &["SELECT", "INSERT", "TRUNCATE", "DELETE", "OWNERSHIP"], doc!("create-event-table")),
    k(&["TABLE"], &["TABLES"], Schema, [C, C, C, C, C], &["APPLYBUDGET", "DELETE", "EVOLVE SCHEMA", "INSERT", "OWNERSHIP", "REBUILD", "REFERENCES", "SELECT", "TRUNCATE", "UPDATE"], doc!("create-table")),
    k(&["VIEW"], &["VIEWS"], Schema, [C, C, C, A, C], &["SELECT", "REFERENCES", "OWNERSHIP"], doc!("create-view")),
    k(&["ROW", "ACCESS", "POLICY"], &["ROW", "ACCESS", "POLICIES"], Schema, [C, C, C, A, C], POLICY, doc!("create-row-access-policy")),
    k(&["MASKING", "POLICY"], &["MASKING", "POLICIES"], Schema, [C, C, C, A, C], POLICY, doc!("create-masking-policy")),
    with_props(
        k(&["SESSION", "POLICY"], &["SESSION", "POLICIES"], Schema, [C, C, C, A, C], POLICY, doc!("create-session-policy")),
        policies::SESSION,
        NO_RULES,
    ),
    with_props(
        k(&["PASSWORD", "POLICY"], &["PASSWORD", "POLICIES"], Schema, [C, C, C, A, C], POLICY, doc!("create-password-policy")),
        policies::PASSWORD,
        policies::PASSWORD_RULES,
    ),
    with_props(
        k(&["AUTHENTICATION", "POLICY"], &["AUTHENTICATION", "POLICIES"], Schema, [C, C, C, A, C], POLICY, doc!("create-authentication-policy")),
        policies::AUTHENTICATION,
        NO_RULES,
    ),
    k(&["PROJECTION", "POLICY"], &["PROJECTION", "POLICIES"], Schema, [U, U, U, A, U], POLICY, doc!("create-projection-policy")),
    k(&["AGGREGATION", "POLICY"], &["AGGREGATION", "POLICIES"], Schema, [U, U, U, A, U], POLICY, doc!("create-aggregation-policy")),
    k(&["PACKAGES", "POLICY"], &["PACKAGES", "POLICIES"], Schema, [U, U, U, A, U], POLICY, doc!("create-packages-policy")),
    k(&["JOIN", "POLICY"], &["JOIN", "POLICIES"], Schema, [U, U, U, A, U], POLICY, doc!("create-join-policy")),
    with_props(
        k(&["NETWORK", "RULE"], &["NETWORK", "RULES"], Schema, [C, C, C, A, C], &["USAGE", "OWNERSHIP"], doc!("create-network-rule")),
        objects::NETWORK_RULE,
        NO_RULES,
    ),
    k(&["TAG"], &["TAGS"], Schema, [C, C, C, C, A], &["APPLY", "READ", "OWNERSHIP"], doc!("create-tag")),
    with_props(
        k(&["ALERT"], &["ALERTS"], Schema, [C, C, C, A, C], &["OPERATE", "MONITOR", "OWNERSHIP"], doc!("create-alert")),
        objects::ALERT,
        NO_RULES,
    ),
    with_props(
        k(&["TASK"], &["TASKS"], Schema, [C, C, C, A, C], &["OPERATE", "MONITOR", "OWNERSHIP"], doc!("create-task")),
        objects::TASK,
        objects::TASK_RULES,
    ),
    with_props(
        k(&["STREAM"], &["STREAMS"], Schema, [C, C, C, A, C], &["SELECT", "OWNERSHIP"], doc!("create-stream")),
        objects::STREAM,
        NO_RULES,
    ),
    k(&["PIPE"], &["PIPES"], Schema, [U, U, U, A, U], &["OPERATE", "MONITOR", "OWNERSHIP"], doc!("create-pipe")),
    k(&["STAGE"], &["STAGES"], Schema, [U, U, C, A, U], &["USAGE", "READ", "WRITE", "OWNERSHIP"], doc!("create-stage")),
    k(&["FILE", "FORMAT"], &["FILE", "FORMATS"], Schema, [U, U, C, A, U], ROUTINE, doc!("create-file-format")),
    k(&["SEQUENCE"], &["SEQUENCES"], Schema, [U, U, C, A, U], ROUTINE, doc!("create-sequence")),
    with_props(
        k(&["SECRET"], &["SECRETS"], Schema, [C, C, C, A, C], &["USAGE", "READ", "OWNERSHIP"], doc!("create-secret")),
        objects::SECRET,
        objects::SECRET_RULES,
    ),
    k(&["EXTERNAL", "FUNCTION"], &["EXTERNAL", "FUNCTIONS"], Schema, [C, U, A, A, A], ROUTINE, doc!("create-external-function")),
    k(&["DATA", "METRIC", "FUNCTION"], &["DATA", "METRIC", "FUNCTIONS"], Schema, [U, U, U, A, U], ROUTINE, doc!("create-data-metric-function")),
    with_props(
        k(&["FUNCTION"], &["USER", "FUNCTIONS"], Schema, [C, C, C, A, C], ROUTINE, doc!("create-function")),
        routine::FUNCTION,
        routine::FUNCTION_RULES,
    ),
    with_props(
        k(&["PROCEDURE"], &["PROCEDURES"], Schema, [C, C, C, A, C], ROUTINE, doc!("create-procedure")),
        objects::PROCEDURE,
        routine::PROCEDURE_RULES,
    ),
    k(&["STREAMLIT"], &["STREAMLITS"], Schema, [U, U, U, A, U], &["USAGE", "OWNERSHIP"], doc!("create-streamlit")),
    k(&["NOTEBOOK"], &["NOTEBOOKS"], Schema, [U, U, U, U, U], &["USAGE", "OWNERSHIP"], doc!("create-notebook")),
    k(&["SERVICE"], &["SERVICES"], Schema, [U, U, U, A, U], &["USAGE", "MONITOR", "OPERATE", "OWNERSHIP"], doc!("create-service")),
    k(&["IMAGE", "REPOSITORY"], &["IMAGE", "REPOSITORIES"], Schema, [U, U, U, A, A], &["READ", "WRITE", "OWNERSHIP"], doc!("create-image-repository")),
    k(&["GIT", "REPOSITORY"], &["GIT", "REPOSITORIES"], Schema, [U, U, U, A, U], &["READ", "WRITE", "OWNERSHIP"], doc!("create-git-repository")),
    k(&["MODEL"], &["MODELS"], Schema, [U, U, U, A, A], &["USAGE", "OWNERSHIP"], doc!("create-model")),
    k(&["CORTEX", "SEARCH", "SERVICE"], &["CORTEX", "SEARCH", "SERVICES"], Schema, [U, U, U, A, U], &["USAGE", "OPERATE", "MONITOR", "OWNERSHIP"], doc!("create-cortex-search"))];

/// The longest entry of `KINDS` whose `words_of` keywords start `words`, and how many words it took.
fn longest<'a>(
    words: impl Fn(usize) -> Option<&'a str>,
    words_of: impl Fn(&Kind) -> &'static [&'static str],
) -> Option<(&'static Kind, usize)> {
    KINDS
        .iter()
        .filter_map(|kind| {
            let ws = words_of(kind);
            let hit = !ws.is_empty()
                && (0..ws.len()).all(|i| words(i).is_some_and(|w| w.eq_ignore_ascii_case(ws[i])));
            hit.then_some((kind, ws.len()))
        })
        .max_by_key(|(_, n)| *n)
}

/// The kind whose words start `words` (the longest match: `SESSION POLICY` over `SESSION`), and
/// how many words it took.
pub fn find_kind<'a>(words: impl Fn(usize) -> Option<&'a str>) -> Option<(&'static Kind, usize)> {
    longest(words, |k| k.words)
}

/// The kind whose SHOW plural starts `words`, and how many words it took.
pub fn find_plural<'a>(words: impl Fn(usize) -> Option<&'a str>) -> Option<(&'static Kind, usize)> {
    longest(words, |k| k.plural)
}

/// The kind named `name` (`"ROW ACCESS POLICY"`, case-insensitive).
pub fn kind_named(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name().eq_ignore_ascii_case(name))
}
