//! The diagnostic-code registry: every code snowtenant reports, in one table. `docs/diagnostics.md`
//! is generated from it (a test fails when the page is stale), every code used in the sources must
//! be here, and every spec code has a fixture under `tests/specs/invalid/` naming it.

/// Who is at fault when the code is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The spec: fix it (every such code has a fixture).
    Error,
    /// snowtenant itself: the emitted SQL failed the validator or the audit. A spec never causes it
    /// on purpose; report it with the spec.
    Bug,
    /// The build succeeds and prints it: something that will not work end to end as written.
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Bug => "bug",
            Level::Warning => "warning",
        }
    }
}

/// One registered code.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub code: &'static str,
    pub level: Level,
    /// What it means, in one line.
    pub title: &'static str,
    /// What to do about it (and the Snowflake page behind the rule, where one is).
    pub doc: &'static str,
}

const fn spec(code: &'static str, title: &'static str, doc: &'static str) -> Code {
    Code {
        code,
        level: Level::Error,
        title,
        doc,
    }
}

const fn warning(code: &'static str, title: &'static str, doc: &'static str) -> Code {
    Code {
        code,
        level: Level::Warning,
        title,
        doc,
    }
}

pub const CODES: &[Code] = &[
    spec(
        "SPEC001",
        "YAML syntax, or shape: unknown key, wrong type, unknown value, missing key, a number out of its type's range, a duplicate key, a value in none of its accepted forms",
        "fix the key or value; a close key or value is suggested. Every shape error is reported at once (the spec is checked against its own JSON Schema before the typed read)",
    ),
    spec(
        "SPEC010",
        "a name is not a valid Snowflake identifier (letters, digits, `_`, `$`; not a reserved word)",
        "use the suggested upper-case form",
    ),
    spec(
        "SPEC011",
        "a name, or one derived from it (naming patterns, `BUDGET_ALERT_<id>`, the file `offboard/<id>.sql`), is too long",
        "identifiers hold 255 characters (sql-reference/identifiers-syntax), file names 255 bytes; shorten the id or the pattern",
    ),
    spec(
        "SPEC012",
        "two objects (or two columns of one table) normalize to the same identifier; both places are shown",
        "rename one",
    ),
    spec(
        "SPEC013",
        "a reference to an undeclared warehouse, monitor or column",
        "declare it; a close name is suggested",
    ),
    spec("SPEC014", "a required name is missing", "add it"),
    spec(
        "SPEC015",
        "the spec declares no tenant",
        "add a `tenants:` list",
    ),
    spec(
        "SPEC016",
        "a naming pattern lacks `{tenant}`",
        "every tenant would get the same name",
    ),
    spec(
        "SPEC017",
        "a column type is not a data type",
        "e.g. `VARCHAR`, `NUMBER(38,2)`",
    ),
    spec(
        "SPEC018",
        "a shared table's tenant column is not a string type",
        "the row access policy's signature is VARCHAR and Snowflake attaches a policy only to columns of its type (sql/create-row-access-policy); declare the column VARCHAR",
    ),
    spec(
        "SPEC019",
        "the cross-tenant view declares a `TENANT_ID` column",
        "remove it: every branch of the view selects the tenant's id `AS TENANT_ID` itself",
    ),
    spec(
        "SPEC020",
        "a credit quota or budget is not a positive number of credits, or is outside 0.001 to 10^12",
        "CREDIT_QUOTA is a NUMBER (sql/create-resource-monitor); write the credits per interval",
    ),
    spec(
        "SPEC021",
        "trigger thresholds not strictly ascending, or 0 %",
        "list triggers from the lowest percentage to the highest",
    ),
    spec(
        "SPEC022",
        "more than 1 suspend, 1 suspend_immediate or 5 notify triggers",
        "Snowflake's limits (user-guide/resource-monitors)",
    ),
    spec(
        "SPEC023",
        "more than 5 users to notify, or users on the account monitor",
        "sql/create-resource-monitor: NOTIFY_USERS holds 5 users and must be empty for an account monitor",
    ),
    spec(
        "SPEC025",
        "an account monitor with a `suspend`/`suspend_immediate` trigger without `suspend_account: true`",
        "it would suspend every warehouse in the account, including ones the platform does not own (user-guide/resource-monitors); use `notify` triggers or set `suspend_account: true`",
    ),
    spec(
        "SPEC030",
        "an invalid CIDR, or one with host bits set",
        "write the network address, e.g. `203.0.113.0/24`",
    ),
    spec(
        "SPEC040",
        "a credit quota on a shared warehouse: a monitor would cap every tenant on it",
        "give the tenant a dedicated warehouse, or use a soft budget",
    ),
    spec(
        "SPEC041",
        "a tenant with both or neither of `warehouse` and `dedicated_warehouse`",
        "keep exactly one",
    ),
    spec(
        "SPEC042",
        "a monitor named on a dedicated warehouse",
        "a dedicated warehouse takes its monitor from the tenant's `credit_quota`",
    ),
    spec(
        "SPEC043",
        "two account monitors, or a tenant quota made the account monitor",
        "one platform monitor at most may be the account's",
    ),
    spec(
        "SPEC044",
        "a soft budget with nobody to notify, or without `budget_alerts`",
        "add recipients, or the `budget_alerts` section",
    ),
    spec(
        "SPEC045",
        "empty or repeated isolation model",
        "use `[schema]`, `[row]` or `[schema, row]`",
    ),
    spec(
        "SPEC050",
        "text that cannot be embedded in SQL safely (control characters, `$$`)",
        "it is refused, not escaped; use printable characters",
    ),
    spec(
        "SPEC051",
        "a query-tag key that is reserved or malformed, or a tag over 2,000 characters",
        "lower-case snake_case keys other than `tenant` and `model`",
    ),
    spec(
        "SPEC052",
        "an invalid email address (soft-budget `notify` or `budget_alerts.recipients`), or more than 50 distinct recipients",
        "ALLOWED_RECIPIENTS holds at most 50 verified addresses of users in the account (sql/create-notification-integration-email)",
    ),
    spec(
        "SPEC053",
        "a dashboard name or workbook path that is unusable (absolute, `..`)",
        "e.g. `sales: workbook/Sales-5aR2`",
    ),
    spec(
        "SPEC054",
        "an alert schedule Snowflake does not accept",
        "`USING CRON <5 fields> <time zone>` or `<1..11520> MINUTE` (sql/create-alert)",
    ),
    spec(
        "SPEC060",
        "an unknown warehouse size",
        "one of XSMALL ... X6LARGE (sql/create-warehouse)",
    ),
    spec(
        "SPEC061",
        "a statement timeout above 604,800 s",
        "STATEMENT_TIMEOUT_IN_SECONDS holds at most 7 days (sql-reference/parameters)",
    ),
    spec(
        "SPEC065",
        "`auto_suspend_seconds: 0`: the warehouse never suspends and bills while idle",
        "give a number of seconds, or omit it for Snowflake's 600 s default (sql/create-warehouse)",
    ),
    spec(
        "SPEC070",
        "a non-https embed or external-function URL",
        "use https://",
    ),
    spec(
        "SPEC071",
        "a Sigma session over 30 days, a token lifetime outside 1 s to 1 h, or a clock leeway over what `serve` accepts (300 s)",
        "shorten it",
    ),
    spec(
        "SPEC072",
        "no signing key, a signing algorithm other than HS256/EdDSA, a duplicate key id, or a key id outside 1 to 64 characters",
        "`serve` refuses each of these at start-up",
    ),
    spec(
        "SPEC073",
        "the external function's endpoint is outside the integration's allowed prefixes",
        "Snowflake would refuse to call it",
    ),
    spec(
        "SPEC074",
        "an unknown API provider, or a provider without its own fields (AWS: `role_arn`; Azure: `azure_tenant_id`, `azure_ad_application_id`; Google: `google_audience`) or with another's",
        "sql/create-api-integration",
    ),
    spec(
        "SPEC075",
        "Sigma's `connection_auth` and its section disagree",
        "keep the section of the chosen auth only",
    ),
    spec(
        "SPEC076",
        "the Sigma service user's public key is not a PEM RSA public key of at least 2048 bits (or is a private key)",
        "paste `openssl rsa -in key.p8 -pubout` output (user-guide/key-pair-auth)",
    ),
    spec(
        "SPEC077",
        "an External OAuth `type` or `user_mapping_attribute` Snowflake does not accept",
        "`okta`, `azure`, `ping_federate`, `custom`; `login_name`, `email_address`",
    ),
    spec(
        "SPEC078",
        "a statement would exceed Snowflake's 1 MB: in practice the cross-tenant view, one `UNION ALL` branch per schema-isolated tenant",
        "put part of the tenants on row isolation, or drop the view",
    ),
    warning(
        "SPEC079",
        "the embed setup builds but cannot work end to end as written: `EMBED_URL()` without `embed.gateway` or `embed.trusted_proxies`, a tenant with dashboards and no `embed_users`, a Sigma service user without `allowed_ips` (no network policy), a tenant without `oauth_users` under External OAuth (no user holds its role)",
        "the warning's help line names the exact key and value to add",
    ),
    spec(
        "SPEC080",
        "a name the package would create is a Snowflake system name (ACCOUNTADMIN, ORGADMIN, GLOBALORGADMIN, SECURITYADMIN, USERADMIN, SYSADMIN, PUBLIC, INFORMATION_SCHEMA, SNOWFLAKE), an admin or exempt role of the spec, or PUBLIC is made an exempt role",
        "a tenant role named USERADMIN would be granted to SYSADMIN and the tenant's users, then dropped at offboarding; choose another id or naming pattern",
    ),
    spec(
        "SPEC081",
        "an admin role that cannot run its steps: a custom `account_admin` with resource monitors, or a custom `sys_admin` (tenant role trees must end at SYSADMIN)",
        "only ACCOUNTADMIN creates and assigns resource monitors (user-guide/resource-monitors); custom role trees are granted to SYSADMIN (user-guide/security-access-control-considerations)",
    ),
    spec(
        "SPEC082",
        "two signing keys, API keys or the Sigma client secret come from the same secret",
        "a tenant whose API key is the signing key could mint tokens for every tenant; give each its own secret (`serve` compares the values too)",
    ),
    spec(
        "SPEC084",
        "a tenant's `embed_users` domain is not an RFC 1035 domain, its `user_id_prefix` cannot start an email, or it lists no domain",
        "fix the domain or prefix",
    ),
    spec(
        "SPEC085",
        "two tenants' `embed_users` could both match one email (a shared domain without prefixes, or one prefix a prefix of the other)",
        "give each tenant its own domain or disjoint prefixes: Sigma identifies embed users by email",
    ),
    spec(
        "SPEC086",
        "a CORS origin that is not `https://host[:port]` (http only for localhost), or a gateway header name that is standard, forwarding or `sf-`",
        "write the browser origin exactly, or pick a custom header name for the gateway credential",
    ),
    spec(
        "SPEC087",
        "Sigma user attribute names (role, warehouse, tenant) not distinct or not letters, digits and `_`, or an empty account type",
        "Sigma's user attributes are matched by name; use distinct names such as SNOWFLAKE_ROLE, SNOWFLAKE_WAREHOUSE, TENANT_ID",
    ),
    spec(
        "SPEC089",
        "a tenant's `oauth_users` without `connection_auth: oauth`, an entry that is not an email under `email_address` mapping or outside the tenant's `embed_users`, or one login under two tenants",
        "each OAuth user is one tenant's Sigma user, mapped by the External OAuth integration: list each login once, under its tenant, as the token's claim carries it",
    ),
    Code {
        code: "AUDIT",
        level: Level::Bug,
        title: "the package snowtenant produced fails its own isolation audit",
        doc: "a bug in snowtenant: the spec checks should have refused the spec first; report it with the spec",
    },
    Code {
        code: "BUG001",
        level: Level::Bug,
        title: "snowtenant produced SQL that fails its validator",
        doc: "a bug in snowtenant, never in the spec; report it with the spec",
    },
];

/// The registered code, if any.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// The table of `docs/diagnostics.md`, generated from [`CODES`].
pub fn markdown_table() -> String {
    let mut out =
        String::from("| code | level | what it means | what to do |\n|---|---|---|---|\n");
    for c in CODES {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            c.code,
            c.level.as_str(),
            c.title.replace('|', "\\|"),
            c.doc.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        let spec: Vec<&str> = CODES
            .iter()
            .filter(|c| c.level == Level::Error)
            .map(|c| c.code)
            .collect();
        let mut sorted = spec.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(spec, sorted);
    }
}
