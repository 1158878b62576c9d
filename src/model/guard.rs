//! Guards on values that reach SQL or the embed service, checked where the spec is read so that a
//! spec Snowflake (or `serve`) would refuse is a located SPEC error, never BUG001 or a failed
//! deployment: alert schedules and recipients, API providers and their properties, credit ranges,
//! column types against the row access policy's signature, the Sigma key's type, admin roles that
//! cannot run their steps, and secrets shared between keys.

use std::collections::HashMap;

use base64::Engine;

use crate::diag::Diagnostic;
use crate::embed_config::SecretRef;
use crate::spec::{Sp, Span, Spec};

use super::tenants::safe_text;

/// `<n> MINUTE` accepts 1 to 11,520 minutes (8 days) (docs.snowflake.com/en/sql-reference/sql/create-alert).
pub const MAX_SCHEDULE_MINUTES: u64 = 11_520;

/// An alert's `SCHEDULE`: `'<num> MINUTE'` or `'USING CRON <expr> <time_zone>'`, where `<expr>` has
/// five fields (minute, hour, day of month, month, day of week) and the time zone is an IANA name
/// (docs.snowflake.com/en/sql-reference/sql/create-alert, "SCHEDULE"). Returns the schedule as it
/// will be written, with single spaces.
pub fn schedule(value: &Sp<String>, d: &mut Vec<Diagnostic>) -> Option<String> {
    safe_text(value, "alert schedule", d)?;
    let parts: Vec<&str> = value.value.split_whitespace().collect();
    let problem = match parts.as_slice() {
        [n, unit]
            if unit.eq_ignore_ascii_case("MINUTE") || unit.eq_ignore_ascii_case("MINUTES") =>
        {
            match n.parse::<u64>() {
                Ok(n) if (1..=MAX_SCHEDULE_MINUTES).contains(&n) => None,
                _ => Some(format!(
                    "`{n}` is not a number of minutes from 1 to {MAX_SCHEDULE_MINUTES}"
                )),
            }
        }
        [using, cron, fields @ ..]
            if using.eq_ignore_ascii_case("USING") && cron.eq_ignore_ascii_case("CRON") =>
        {
            cron_problem(fields)
        }
        _ => Some("expected `USING CRON <5 fields> <time zone>` or `<n> MINUTE`".to_string()),
    };
    match problem {
        None => Some(parts.join(" ")),
        Some(why) => {
            d.push(
                Diagnostic::new("SPEC054", "the alert schedule is not one Snowflake accepts")
                    .at(value.span, why)
                    .help(
                        "e.g. `USING CRON 0 */6 * * * UTC` or `60 MINUTE` (CREATE ALERT, SCHEDULE)",
                    ),
            );
            None
        }
    }
}

/// Ranges of the five cron fields; names (JAN, MON) and `L`, `W`, `#` are Snowflake extensions
/// accepted as written when made of letters and digits.
const CRON_FIELDS: [(&str, u32, u32); 5] = [
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
];

fn cron_problem(fields: &[&str]) -> Option<String> {
    let [expr @ .., zone] = fields else {
        return Some("`USING CRON` needs five fields and a time zone".into());
    };
    if expr.len() != 5 {
        return Some(format!(
            "`USING CRON` needs five fields and a time zone, found {} values",
            fields.len()
        ));
    }
    let zone_ok = zone.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    if !zone_ok {
        return Some(format!(
            "`{zone}` is not a time zone (e.g. UTC, Europe/Paris)"
        ));
    }
    for (field, (what, lo, hi)) in expr.iter().zip(CRON_FIELDS) {
        if !cron_field_ok(field, lo, hi) {
            return Some(format!(
                "`{field}` is not a cron {what} ({lo}-{hi}, `*`, lists, ranges, steps)"
            ));
        }
    }
    None
}

fn cron_field_ok(field: &str, lo: u32, hi: u32) -> bool {
    let in_range = |s: &str| s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
    let named = |s: &str| {
        !s.is_empty()
            && s.len() <= 4
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
            && s.chars().any(|c| c.is_ascii_alphabetic())
    };
    !field.is_empty()
        && field.split(',').all(|item| {
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (item, None),
            };
            let step_ok =
                step.is_none_or(|s| s.parse::<u32>().is_ok_and(|n| n >= 1 && n <= hi.max(1)));
            let range_ok = range == "*"
                || range == "?"
                || match range.split_once('-') {
                    Some((a, b)) => (in_range(a) || named(a)) && (in_range(b) || named(b)),
                    None => in_range(range) || named(range),
                };
            step_ok && range_ok
        })
}

/// ALLOWED_RECIPIENTS holds at most 50 addresses
/// (docs.snowflake.com/en/sql-reference/sql/create-notification-integration-email).
pub const MAX_RECIPIENTS: usize = 50;

/// An email address as Snowflake's notification integration takes it: `local@domain`, printable
/// ASCII without quotes, separators or `$$`, at most 254 characters (RFC 5321's path limit).
/// Recipients must also be verified addresses of users of the account
/// (sql/create-notification-integration-email), which only the account can tell.
pub fn email(value: &Sp<String>, d: &mut Vec<Diagnostic>) -> Option<String> {
    let v = &value.value;
    let ok = v.len() <= 254
        && !v.contains("$$")
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        })
        && v.chars()
            .all(|c| c.is_ascii_graphic() && !"'\\\",;<>()[]`".contains(c));
    if ok {
        Some(v.clone())
    } else {
        let shown: String = v
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .take(80)
            .collect();
        d.push(
            Diagnostic::new("SPEC052", format!("`{shown}` is not an email address"))
                .at(value.span, "expected user@example.com"),
        );
        None
    }
}

/// Every distinct address the alerts mail goes into the integration's ALLOWED_RECIPIENTS.
pub fn recipients_limit<'a>(all: impl Iterator<Item = &'a Sp<String>>, d: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for r in all {
        if seen.insert(r.value.as_str(), ()).is_none() && seen.len() == MAX_RECIPIENTS + 1 {
            d.push(
                Diagnostic::new(
                    "SPEC052",
                    format!("more than {MAX_RECIPIENTS} distinct alert recipients"),
                )
                .at(r.span, "the 51st address")
                .help("Snowflake's ALLOWED_RECIPIENTS holds at most 50 addresses; mail a distribution list instead"),
            );
        }
    }
}

/// What each API provider needs besides the allowed prefixes
/// (docs.snowflake.com/en/sql-reference/sql/create-api-integration): AWS an IAM role ARN, Azure
/// the AD tenant and application ids, Google the gateway's audience.
pub fn api_provider(
    f: &crate::spec::ExternalFunctionSpec,
    provider: &str,
    d: &mut Vec<Diagnostic>,
) -> Option<Vec<(&'static str, String)>> {
    let fields: [(&str, &'static str, &Option<Sp<String>>); 4] = [
        ("role_arn", "API_AWS_ROLE_ARN", &f.role_arn),
        ("azure_tenant_id", "AZURE_TENANT_ID", &f.azure_tenant_id),
        (
            "azure_ad_application_id",
            "AZURE_AD_APPLICATION_ID",
            &f.azure_ad_application_id,
        ),
        ("google_audience", "GOOGLE_AUDIENCE", &f.google_audience),
    ];
    let needed: &[&str] = if provider.starts_with("aws_") {
        &["role_arn"]
    } else if provider == "azure_api_management" {
        &["azure_tenant_id", "azure_ad_application_id"]
    } else if provider == "google_api_gateway" {
        &["google_audience"]
    } else {
        return None; // SPEC074 already said the provider is unknown
    };
    let mut props = Vec::new();
    let mut ok = true;
    for (key, property, value) in fields {
        match (needed.contains(&key), value) {
            (true, Some(v)) => match safe_text(v, key, d) {
                Some(text) if !text.trim().is_empty() => props.push((property, text)),
                Some(_) => {
                    d.push(
                        Diagnostic::new("SPEC074", format!("`{key}` is empty"))
                            .at(v.span, format!("{provider} needs {property}")),
                    );
                    ok = false;
                }
                None => ok = false,
            },
            (true, None) => {
                d.push(
                    Diagnostic::new("SPEC074", format!("`{provider}` needs `{key}`"))
                        .at(f.provider.span, format!("add `{key}:` ({property})"))
                        .help("CREATE API INTEGRATION takes API_AWS_ROLE_ARN for AWS, AZURE_TENANT_ID and AZURE_AD_APPLICATION_ID for Azure, GOOGLE_AUDIENCE for Google"),
                );
                ok = false;
            }
            (false, Some(v)) => {
                d.push(
                    Diagnostic::new("SPEC074", format!("`{key}` does not apply to `{provider}`"))
                        .at(v.span, "remove it")
                        .help(format!("{provider} takes {}", needed.join(", "))),
                );
                ok = false;
            }
            (false, None) => {}
        }
    }
    ok.then_some(props)
}

/// Credits of a monitor or budget: positive and at most a trillion. CREDIT_QUOTA is a NUMBER
/// (at most 38 digits, docs.snowflake.com/en/sql-reference/data-types-numeric); the cap keeps the
/// literal short and catches typos (`1e300` would be written as 301 digits).
pub const MAX_CREDITS: f64 = 1e12;
/// The smallest quota written exactly with few digits.
pub const MIN_CREDITS: f64 = 1e-3;

pub fn credits(value: &Sp<f64>, what: &str, d: &mut Vec<Diagnostic>) {
    let v = value.value;
    // Zero, negative, NaN and infinity are SPEC020 (cost::positive).
    if v.is_finite() && v > 0.0 && !(MIN_CREDITS..=MAX_CREDITS).contains(&v) {
        d.push(
            Diagnostic::new("SPEC020", format!("the {what} is out of range")).at(
                value.span,
                format!("{v:e} is not between 0.001 and 1e12 credits"),
            ),
        );
    }
}

/// The row access policy's signature takes the tenant column as VARCHAR
/// (templates/sql/create_row_access_policy.sql); a policy can only be attached to a column of the
/// signature's type (docs.snowflake.com/en/sql-reference/sql/create-row-access-policy: "the
/// data types of the columns must match the signature").
const STRING_TYPES: &[&str] = &[
    "VARCHAR",
    "STRING",
    "TEXT",
    "CHAR",
    "CHARACTER",
    "NCHAR",
    "NVARCHAR",
    "NVARCHAR2",
    "CHAR VARYING",
    "NCHAR VARYING",
];

pub fn is_string_type(data_type: &str) -> bool {
    let base = data_type.split('(').next().unwrap_or("").trim();
    STRING_TYPES.iter().any(|t| base.eq_ignore_ascii_case(t))
}

/// Signing keys, every tenant's API key and Sigma's client secret must come from different places:
/// a tenant whose API key is the signing key can mint tokens for every tenant, and two tenants
/// sharing one key cannot be told apart (`serve` refuses both, comparing the values).
pub fn distinct_secrets(spec: &Spec, d: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(bool, String), (Span, String)> = HashMap::new();
    let mut check = |r: SecretRef, span: Span, what: String, d: &mut Vec<Diagnostic>| {
        let key = match &r {
            SecretRef::Env(v) => (true, v.clone()),
            SecretRef::File(p) => (false, p.clone()),
        };
        if let Some((first, first_what)) = seen.get(&key) {
            d.push(
                Diagnostic::new(
                    "SPEC082",
                    format!(
                        "the {what} and the {first_what} are the same secret ({})",
                        describe(&r)
                    ),
                )
                .at(span, what)
                .at(*first, first_what.clone())
                .help("give every signing key and every tenant's API key a secret of its own"),
            );
        } else {
            seen.insert(key, (span, what));
        }
    };
    if let Some(e) = &spec.embed {
        for k in &e.signing_keys {
            check(
                k.secret.clone(),
                k.kid.span,
                format!("signing key `{}`", k.kid.value),
                d,
            );
        }
        check(
            e.sigma.client_secret.clone(),
            e.sigma.org.span,
            "Sigma client secret".into(),
            d,
        );
    }
    let mut ids = std::collections::HashSet::new();
    for t in &spec.tenants {
        let id = t.id.value.to_ascii_uppercase();
        let repeated = !ids.insert(id.clone());
        let (r, span) = match &t.api_key {
            Some(k) => (k.value.clone(), k.span),
            // A repeated id already is SPEC012; its default key adds nothing.
            None if repeated => continue,
            None => (
                SecretRef::Env(format!("SNOWTENANT_API_KEY_{id}")),
                t.id.span,
            ),
        };
        check(r, span, format!("API key of tenant `{id}`"), d);
    }
}

fn describe(r: &SecretRef) -> String {
    match r {
        SecretRef::Env(v) => format!("env {v}"),
        SecretRef::File(p) => format!("file {p}"),
    }
}

/// `serve` refuses a leeway above this (src/embed/tokens.rs); build refuses it first.
pub fn leeway(value: &Sp<u64>, d: &mut Vec<Diagnostic>) {
    let max = crate::embed_config::MAX_LEEWAY_SECONDS;
    if value.value > max {
        d.push(
            Diagnostic::new(
                "SPEC071",
                format!("a clock leeway of {} s is too long", value.value),
            )
            .at(value.span, format!("at most {max} s"))
            .help("a long leeway keeps expired tokens valid; a few seconds cover clock skew"),
        );
    }
}

/// `serve` takes key ids of 1 to 64 characters (src/embed/tokens.rs).
pub fn kid(value: &Sp<String>, d: &mut Vec<Diagnostic>) {
    let n = value.value.chars().count();
    if n == 0 || n > 64 {
        d.push(
            Diagnostic::new("SPEC072", "a signing key id must have 1 to 64 characters")
                .at(value.span, format!("{n} characters")),
        );
    }
}

/// Snowflake key-pair authentication takes an RSA public key of at least 2048 bits
/// (docs.snowflake.com/en/user-guide/key-pair-auth). Reads the SubjectPublicKeyInfo: the
/// algorithm must be rsaEncryption (1.2.840.113549.1.1.1), and the modulus at least 2048 bits.
pub fn rsa_key_problem(body: &str) -> Option<String> {
    const RSA_OID: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
    let Ok(der) = base64::engine::general_purpose::STANDARD.decode(body) else {
        return Some("its body is not base64".into());
    };
    let parse = || -> Option<Result<usize, String>> {
        let (spki, _) = der_item(&der, 0x30)?;
        let (algorithm, rest) = der_item(spki, 0x30)?;
        let (oid, _) = der_item(algorithm, 0x06)?;
        if oid != RSA_OID {
            return Some(Err(
                "it is not an RSA key (Snowflake key-pair auth takes RSA only)".into(),
            ));
        }
        let (bits, _) = der_item(rest, 0x03)?;
        let (key, _) = der_item(bits.get(1..)?, 0x30)?;
        let (modulus, _) = der_item(key, 0x02)?;
        let significant = modulus.iter().skip_while(|b| **b == 0).count();
        Some(Ok(significant * 8))
    };
    match parse() {
        None => Some("it is not a DER SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`)".into()),
        Some(Err(why)) => Some(why),
        Some(Ok(bits)) if bits < 2048 => Some(format!(
            "its modulus has {bits} bits; Snowflake requires at least 2048"
        )),
        Some(Ok(_)) => None,
    }
}

/// One DER item of the expected tag: its content and what follows it.
fn der_item(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&t, rest) = input.split_first()?;
    if t != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| rest.split_at(len))
}

/// The steps' admin roles must be able to do what the steps do. Only ACCOUNTADMIN can create
/// resource monitors and assign them (docs.snowflake.com/en/user-guide/resource-monitors, "Only
/// account administrators ... can create resource monitors"), so a custom `account_admin` fails on
/// the first CREATE RESOURCE MONITOR or ALTER ACCOUNT SET RESOURCE_MONITOR.
///
/// Tenant role trees are granted to `sys_admin` and must end at SYSADMIN: "grant the highest-level
/// functional roles in a role hierarchy to the system administrator (SYSADMIN) role"
/// (docs.snowflake.com/en/user-guide/security-access-control-considerations); the audit checks it
/// from the SQL (ISO022). The package cannot know that a custom `sys_admin` is itself granted to
/// SYSADMIN, so it would fail its own audit: refused here, at the spec.
pub fn admin_roles(spec: &Spec, admin: &super::AdminRoles, d: &mut Vec<Diagnostic>) {
    if admin.sys_admin.as_str() != "SYSADMIN" {
        d.push(
            Diagnostic::new(
                "SPEC081",
                format!(
                    "tenant role trees must end at SYSADMIN, not at `{}`",
                    admin.sys_admin.as_str()
                ),
            )
            .at(spec.platform.admin_roles.sys_admin.span, "tenant roles would be granted to this role only")
            .help("keep `sys_admin: SYSADMIN`: Snowflake's guidance (and the audit, ISO022) wants every custom role tree granted to SYSADMIN"),
        );
    }
    let account_admin = &admin.account_admin;
    let monitors =
        !spec.resource_monitors.is_empty() || spec.tenants.iter().any(|t| t.credit_quota.is_some());
    if monitors && account_admin.as_str() != "ACCOUNTADMIN" {
        d.push(
            Diagnostic::new(
                "SPEC081",
                format!(
                    "`{}` cannot create resource monitors; only ACCOUNTADMIN can",
                    account_admin.as_str()
                ),
            )
            .at(spec.platform.admin_roles.account_admin.span, "runs CREATE RESOURCE MONITOR and ALTER ACCOUNT")
            .help("keep `account_admin: ACCOUNTADMIN`, or drop the resource monitors and credit quotas"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str) -> Sp<String> {
        Sp::unspanned(s.to_string())
    }

    #[test]
    fn schedules_follow_create_alert() {
        let mut d = vec![];
        for ok in [
            "USING CRON 0 */6 * * * UTC",
            "60 MINUTE",
            "USING CRON 0 9-17 * * MON-FRI Europe/Paris",
            "11520 MINUTE",
        ] {
            assert!(schedule(&sp(ok), &mut d).is_some(), "{ok}: {d:?}");
        }
        for bad in [
            "every hour",
            "0 MINUTE",
            "11521 MINUTE",
            "USING CRON 0 * * * UTC",
            "USING CRON 61 * * * * UTC",
            "USING CRON 0 * * * * 'UTC'",
            "USING CRON 0 * * * * UTC\n",
        ] {
            assert!(schedule(&sp(bad), &mut d).is_none(), "{bad} accepted");
        }
    }

    #[test]
    fn emails_refuse_what_could_break_the_literal() {
        let mut d = vec![];
        assert!(email(&sp("finops@example.com"), &mut d).is_some());
        for bad in [
            "a@b",
            "a@@b.com",
            "a$$b@example.com",
            "a\0@example.com",
            "a\n@example.com",
            "'a'@example.com",
            "a@example..com",
        ] {
            assert!(email(&sp(bad), &mut d).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn the_example_key_is_rsa_2048_and_an_ed25519_key_is_not() {
        let example = include_str!("../../examples/platform.yaml");
        let start = example.find("-----BEGIN PUBLIC KEY-----").unwrap();
        let end = example.find("-----END PUBLIC KEY-----").unwrap() + 24;
        let body = super::super::sigma::public_key_body(&example[start..end]).unwrap();
        assert_eq!(rsa_key_problem(&body), None);
        let p256 = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEJeOnokYiR6QdgHxexjDdQofbhoXvW+0+UIfajl7/swS1D+RAwvJcoExkJ1HDHajaVlksI3bZs/2BWUQXCQ9gBQ==";
        assert!(rsa_key_problem(p256).unwrap().contains("not an RSA key"));
        let rsa1024 = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC6gCQHh4Hc/l3hU++2JuggxWcRH6brqLNQ+pN/wb0FYz4/r5lBxZoP7AZOU5d8EmYj5uRRXLBU58hMTBV2bf1TPZNMAJaqybSACxQk9AFka/TWL6scpBOhHCMTfTXYPIFcga+0X3ngd8r9m6B33WI5aRQczHxeiFrybglrgB0CbwIDAQAB";
        assert!(rsa_key_problem(rsa1024).unwrap().contains("1024 bits"));
        // openssl genpkey -algorithm ed25519 | openssl pkey -pubout
        let ed = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
        assert!(rsa_key_problem(ed).unwrap().contains("not an RSA key"));
        assert!(rsa_key_problem("AAAA").is_some());
    }

    #[test]
    fn string_types_only_for_the_tenant_column() {
        assert!(is_string_type("VARCHAR"));
        assert!(is_string_type("VARCHAR(64)"));
        assert!(is_string_type("string"));
        assert!(!is_string_type("NUMBER(38,0)"));
        assert!(!is_string_type("VARIANT"));
    }
}
