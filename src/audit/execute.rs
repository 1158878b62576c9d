//! Row-level proof by execution, in SQLite (rusqlite, bundled).
//!
//! 1. The mapping table is created with the columns of its emitted CREATE TABLE and loaded
//!    with the rows of the emitted MERGE's VALUES.
//! 2. Every shared table with a row access policy gets one row per tenant (its policy column set
//!    to the tenant's id) plus one row for a tenant that is not in the map.
//! 3. Each policy body and each view branch's guard is translated from the parsed statement
//!    ([`super::translate`]) and run with a role "in session": `IS_ROLE_IN_SESSION(r)` is true
//!    for the role and every role it inherits (PUBLIC included), `CURRENT_ROLE()` is the role.
//! 4. Each tenant role must see exactly its own tenant's rows (and at least one), a role
//!    outside the map none, and the roles a policy exempts by name all of them.
//!
//! Every generated row carries a hidden `__TENANT` column with its true owner, which the
//! queries return; the proof compares it with the role's tenant.
//!
//! Cost: one query per role per table, each scanning that table's rows (one per tenant). Up to
//! [`EXACT_UP_TO`] tenants every tenant role is tried (exact); above, [`SAMPLE`] roles spread
//! evenly over the tenants (first and last included) are tried against every row, and the
//! report says so. Rows stay linear in tenants x tables.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;
use sqlparser::ast::{Expr, Value};

use super::context::Context;
use super::finding::{At, Finding};
use super::translate::{Scope, expr, literal, quoted};
use super::walk::{branches, session_roles, source};

/// Up to this many tenants, every tenant role is tried.
pub const EXACT_UP_TO: usize = 200;
/// Above [`EXACT_UP_TO`], this many tenant roles are tried.
pub const SAMPLE: usize = 24;
/// A role no statement grants anything to.
pub const OUTSIDER: &str = "SNOWTENANT_AUDIT_OUTSIDER";
const STRAY_TENANT: &str = "SNOWTENANT_AUDIT_NO_SUCH_TENANT";

const HELP_LEAK: &str = "Executed with this role in session, the emitted policy or guard shows rows that are not \
its tenant's (or hides its own). Fix the policy body or the guard so it decides by the mapping table and \
IS_ROLE_IN_SESSION.";
const HELP_UNSUPPORTED: &str = "The audit could not translate this expression to run it, so the row-level proof \
does not cover it; the static checks still apply.";

/// A session of a user holding several tenant roles (Sigma's connection user): as one of its
/// tenant roles, or as it signs in (DEFAULT_ROLE), each with its secondary roles.
struct UserSession {
    user: String,
    /// How the session was entered, for messages: `as ROLE` or `without a role switch`.
    how: String,
    current: String,
    roles: BTreeSet<String>,
    /// The only tenant whose rows the session may show.
    tenant: Option<String>,
}

#[derive(Default)]
struct Session {
    current: String,
    roles: BTreeSet<String>,
}

/// A query to run per role: SQL returning `__TENANT`, the rows' owners, and whether the roles a
/// policy exempts by name should see every row.
struct Probe {
    what: String,
    relation: String,
    how: String,
    sql: String,
    at: At,
    /// All owners present (`None` = the stray tenant).
    all: BTreeSet<Option<String>>,
    exempt: BTreeSet<String>,
}

/// One probed relation, as data (the report's `proof:` line says the same in words): which
/// roles were executed against it and how many rows each saw, for `snowtenant docs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Executed {
    /// The table or view.
    pub relation: String,
    /// `policy NAME`, `secure view` or `secure view, branches a..b`.
    pub how: String,
    /// Rows generated (one per tenant the relation serves, plus a stray tenant for a policy).
    pub rows: usize,
    /// Whether every tenant role was executed (else an even sample).
    pub every_tenant_role: bool,
    /// `(role, rows it saw)`: tenant roles, then the outsider, then the exempt roles.
    pub seen: Vec<(String, usize)>,
}

/// Runs the proof; adds ISO060/ISO061 findings and returns one line per probed relation.
pub fn prove(ctx: &Context, findings: &mut Vec<Finding>) -> Vec<String> {
    prove_detailed(ctx, findings).0
}

/// [`prove`], plus each probed relation as data.
pub fn prove_detailed(ctx: &Context, findings: &mut Vec<Finding>) -> (Vec<String>, Vec<Executed>) {
    let mut executed = Vec::new();
    match run(ctx, findings, &mut executed) {
        Ok(lines) => (lines, executed),
        Err(e) => {
            findings.push(Finding::warning(
                "ISO061",
                format!("the execution proof could not run: {e}"),
                HELP_UNSUPPORTED,
            ));
            (Vec::new(), Vec::new())
        }
    }
}

fn run(
    ctx: &Context,
    findings: &mut Vec<Finding>,
    executed: &mut Vec<Executed>,
) -> rusqlite::Result<Vec<String>> {
    let Some((map, _)) = &ctx.own.mapping else {
        return Ok(Vec::new());
    };
    let m = &ctx.model;
    let db = Connection::open_in_memory()?;
    let session = Arc::new(Mutex::new(Session::default()));
    register(&db, &session)?;
    let tenants: Vec<&String> = ctx.own.tenants.iter().collect();
    // 1. The mapping table.
    let rows = &m.merged[map];
    let map_cols: Vec<String> = m
        .relations
        .get(map)
        .map(|r| r.columns.clone())
        .unwrap_or_else(|| rows.columns.clone());
    create(&db, map, &map_cols)?;
    let tid = rows.columns.iter().position(|c| c == "TENANT_ID");
    {
        let cols: Vec<String> = rows.columns.iter().map(|c| quoted(c)).collect();
        let marks = vec!["?"; cols.len() + 1].join(", ");
        let sql = format!(
            "INSERT INTO {} ({}, \"__TENANT\") VALUES ({marks})",
            quoted(map),
            cols.join(", ")
        );
        let tx = db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare(&sql)?;
            for row in &rows.rows {
                let mut values: Vec<rusqlite::types::Value> = row.iter().map(value).collect();
                values.push(match tid.and_then(|i| row.get(i)) {
                    Some(e) => value(e),
                    None => rusqlite::types::Value::Null,
                });
                stmt.execute(params_from_iter(values))?;
            }
        }
        tx.commit()?;
    }
    db.execute_batch(&format!(
        "CREATE INDEX map_tenant ON {} (\"TENANT_ID\")",
        quoted(map)
    ))?;
    let mut probes = Vec::new();
    // 2. Shared tables with a policy.
    for (table, policies) in &m.attachments {
        if table == map || ctx.own.tenant(table).is_some() || policies.len() != 1 {
            continue;
        }
        let Some(rel) = m.relations.get(table) else {
            continue;
        };
        let (policy_name, (on, at)) = policies.iter().next().expect("one policy");
        let Some(policy) = m.policies.get(policy_name) else {
            continue;
        };
        // A policy column the table lacks is ISO012; Snowflake would refuse the attachment.
        let Some(key) = on.first().filter(|k| rel.columns.contains(k)) else {
            continue;
        };
        create(&db, table, &rel.columns)?;
        let sql = format!(
            "INSERT INTO {} ({}, \"__TENANT\") VALUES (?1, ?2)",
            quoted(table),
            quoted(key)
        );
        let tx = db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare(&sql)?;
            for t in &tenants {
                stmt.execute((t.as_str(), t.as_str()))?;
            }
            stmt.execute((STRAY_TENANT, None::<String>))?;
        }
        tx.commit()?;
        let args: BTreeMap<String, String> = policy
            .args
            .iter()
            .zip(on)
            .map(|(a, c)| (a.clone(), format!("{}.{}", quoted("__ROW"), quoted(c))))
            .collect();
        match expr(&policy.body, &Scope { args: &args }) {
            Ok(cond) => {
                let (literals, _) = session_roles(&policy.body);
                let exempt = literals
                    .into_iter()
                    .filter(|r| !ctx.own.role_tenant.contains_key(r))
                    .collect();
                let mut all: BTreeSet<Option<String>> =
                    tenants.iter().map(|t| Some(t.to_string())).collect();
                all.insert(None);
                probes.push(Probe {
                    what: format!("{table} (policy {policy_name})"),
                    relation: table.clone(),
                    how: format!("policy {policy_name}"),
                    sql: format!(
                        "SELECT \"__TENANT\" FROM {} AS \"__ROW\" WHERE {cond}",
                        quoted(table)
                    ),
                    at: at.clone(),
                    all,
                    exempt,
                });
            }
            Err(e) => findings.push(
                Finding::warning(
                    "ISO061",
                    format!("{policy_name} on {table}: cannot execute {e}"),
                    HELP_UNSUPPORTED,
                )
                .at(&policy.at),
            ),
        }
    }
    // 3. Secure views: each branch over the mapping table or a tenant-owned table.
    let mut created: BTreeSet<String> = BTreeSet::new();
    for (view, rel) in &m.relations {
        let Some(q) = &rel.query else { continue };
        if !rel.secure {
            continue;
        }
        // One SQL branch per view branch, with the owners of the rows it reads.
        let mut parts: Vec<(String, BTreeSet<Option<String>>)> = Vec::new();
        for b in branches(q) {
            let Some(src) = source(b) else { continue };
            let owner = ctx.own.tenant(&src).cloned();
            if src != *map && owner.is_none() {
                continue;
            }
            if src != *map && created.insert(src.clone()) {
                create(&db, &src, &[])?;
                db.execute(
                    &format!("INSERT INTO {} (\"__TENANT\") VALUES (?1)", quoted(&src)),
                    [&owner],
                )?;
            }
            let owners: BTreeSet<Option<String>> = if src == *map {
                tenants.iter().map(|t| Some(t.to_string())).collect()
            } else {
                BTreeSet::from([owner])
            };
            let guard = match &b.selection {
                Some(w) => match expr(
                    w,
                    &Scope {
                        args: &BTreeMap::new(),
                    },
                ) {
                    Ok(c) => c,
                    Err(e) => {
                        findings.push(
                            Finding::warning(
                                "ISO061",
                                format!("{view}: cannot execute {e}"),
                                HELP_UNSUPPORTED,
                            )
                            .at(&rel.at),
                        );
                        continue;
                    }
                },
                None => "1".into(),
            };
            parts.push((
                format!("SELECT \"__TENANT\" FROM {} WHERE {guard}", quoted(&src)),
                owners,
            ));
        }
        if parts.is_empty() {
            continue;
        }
        // SQLite caps compound SELECTs at 500 terms: probe in chunks.
        // Each chunk expects only the owners of its own branches.
        for (i, chunk) in parts.chunks(400).enumerate() {
            let all: BTreeSet<Option<String>> =
                chunk.iter().flat_map(|(_, o)| o.iter().cloned()).collect();
            let sql: Vec<&str> = chunk.iter().map(|(s, _)| s.as_str()).collect();
            let how = if parts.len() > 400 {
                format!(
                    "secure view, branches {}..{}",
                    i * 400 + 1,
                    i * 400 + chunk.len()
                )
            } else {
                "secure view".to_string()
            };
            probes.push(Probe {
                what: format!("{view} ({how})"),
                relation: view.clone(),
                how,
                sql: sql.join(" UNION ALL "),
                at: rel.at.clone(),
                all,
                exempt: BTreeSet::new(),
            });
        }
    }
    // 4. Run every probe with each chosen role in session, then as each multi-tenant user.
    let chosen = choose(ctx);
    let mut lines = Vec::new();
    let inherits = m.inherits();
    let mut memo = BTreeMap::new();
    let (users, user_lines) = user_sessions(ctx, &inherits, &mut memo, probes.len());
    for probe in &probes {
        let mut stmt = db.prepare(&probe.sql)?;
        let mut see =
            |role: &str, roles: BTreeSet<String>| -> rusqlite::Result<BTreeSet<Option<String>>> {
                {
                    let mut s = session.lock().expect("session lock");
                    s.current = role.to_string();
                    s.roles = roles;
                    s.roles.insert("PUBLIC".into());
                }
                let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
                rows.collect()
            };
        let mut checked = 0usize;
        let mut counts: Vec<(String, usize)> = Vec::new();
        for role in &chosen {
            let tenant = &ctx.own.role_tenant[*role];
            let seen = see(role, ctx.sessions[*role].clone())?;
            counts.push((role.to_string(), seen.len()));
            checked += 1;
            let own = Some(tenant.clone());
            // Named tenants first, then the row of a tenant the map does not know.
            let mut others: Vec<String> = seen
                .iter()
                .flatten()
                .filter(|t| Some(*t) != own.as_ref())
                .take(3)
                .cloned()
                .collect();
            if seen.contains(&None) {
                others.push("a tenant not in the map".into());
            }
            let relevant = probe.all.contains(&own);
            if !others.is_empty() {
                findings.push(
                    Finding::error(
                        "ISO060",
                        format!(
                            "{}: with {role} in session, rows of {} are visible",
                            probe.what,
                            others.join(", ")
                        ),
                        HELP_LEAK,
                    )
                    .at(&probe.at),
                );
            } else if relevant && !seen.contains(&own) {
                findings.push(
                    Finding::error(
                        "ISO060",
                        format!("{}: with {role} in session, its own tenant {tenant}'s rows are not visible", probe.what),
                        HELP_LEAK,
                    )
                    .at(&probe.at),
                );
            }
        }
        let seen = see(OUTSIDER, BTreeSet::from([OUTSIDER.to_string()]))?;
        counts.push((OUTSIDER.to_string(), seen.len()));
        if !seen.is_empty() {
            findings.push(
                Finding::error(
                    "ISO060",
                    format!(
                        "{}: a role outside the mapping sees {} tenant(s)' rows",
                        probe.what,
                        seen.len()
                    ),
                    HELP_LEAK,
                )
                .at(&probe.at),
            );
        }
        // dbt's role writes into every tenant's schema: it must see no tenant's rows, or a model
        // selecting from this table copies them across tenants (ISO070).
        if let Some(dbt) = &ctx.input.dbt_role {
            let roles = m.closure(dbt, &inherits, &mut memo);
            let seen = see(dbt, roles)?;
            if !seen.is_empty() {
                findings.push(
                    Finding::error(
                        "ISO070",
                        format!(
                            "{}: dbt's role {dbt} sees {} tenant(s)' rows, so a dbt model can copy them into another tenant's schema",
                            probe.what,
                            seen.len()
                        ),
                        crate::audit::checks::dbt::HELP_DBT_SEES,
                    )
                    .at(&probe.at),
                );
            }
        }
        for role in &probe.exempt {
            let roles = m.closure(role, &inherits, &mut memo);
            let seen = see(role, roles)?;
            counts.push((role.clone(), seen.len()));
            if seen != probe.all {
                findings.push(
                    Finding::warning(
                        "ISO060",
                        format!(
                            "{}: exempt role {role} sees {} of {} tenants' rows",
                            probe.what,
                            seen.len(),
                            probe.all.len()
                        ),
                        HELP_LEAK,
                    )
                    .at(&probe.at),
                );
            }
        }
        for u in &users {
            let seen = see(&u.current, u.roles.clone())?;
            let mut others: Vec<String> = seen
                .iter()
                .flatten()
                .filter(|t| Some(*t) != u.tenant.as_ref())
                .take(3)
                .cloned()
                .collect();
            if seen.contains(&None) {
                others.push("a tenant not in the map".into());
            }
            if !others.is_empty() {
                findings.push(
                    Finding::error(
                        "ISO060",
                        format!(
                            "{}: user {} {}, rows of {} are visible",
                            probe.what,
                            u.user,
                            u.how,
                            others.join(", ")
                        ),
                        HELP_LEAK,
                    )
                    .at(&probe.at),
                );
            }
        }
        let every = chosen.len() == ctx.own.role_tenant.len();
        let mode = if every { "every" } else { "a sample of" };
        executed.push(Executed {
            relation: probe.relation.clone(),
            how: probe.how.clone(),
            rows: probe.all.len(),
            every_tenant_role: every,
            seen: counts,
        });
        lines.push(format!(
            "{}: {} rows, {mode} {checked} tenant role(s), an outsider role{}{} executed",
            probe.what,
            probe.all.len(),
            if probe.exempt.is_empty() {
                String::new()
            } else {
                format!(" and {} exempt role(s)", probe.exempt.len())
            },
            match &ctx.input.dbt_role {
                Some(dbt) => format!(", dbt's role {dbt}"),
                None => String::new(),
            }
        ));
    }
    lines.extend(user_lines);
    Ok(lines)
}

/// The sessions of every user holding two or more tenant roles (Sigma's connection user, or one
/// ISO024 flags): as each of its tenant roles (sampled like tenant roles above
/// [`EXACT_UP_TO`]) and without a role switch. Secondary roles ALL (`DEFAULT_SECONDARY_ROLES`
/// unset or `('ALL')`) add every role the user holds to each session. Also returns one proof
/// line per user.
fn user_sessions<'a>(
    ctx: &'a Context,
    inherits: &BTreeMap<&'a str, Vec<&'a str>>,
    memo: &mut BTreeMap<String, BTreeSet<String>>,
    relations: usize,
) -> (Vec<UserSession>, Vec<String>) {
    let mut sessions = Vec::new();
    let mut lines = Vec::new();
    for (user, held) in &ctx.held {
        let tenant_roles = ctx.tenant_roles_of(user);
        // OAuth users are run below, against the tenant the manifest declares for them.
        if tenant_roles.len() < 2 || ctx.input.oauth_users.contains_key(user) {
            continue;
        }
        let defaults = ctx.model.users.get(user);
        let all_secondary = defaults.is_none_or(|u| u.all_secondary_roles());
        // Even with DEFAULT_SECONDARY_ROLES = (), a session may run `USE SECONDARY ROLES ALL`
        // unless a session policy with ALLOWED_SECONDARY_ROLES = () forbids it.
        let use_secondary_all =
            !all_secondary && defaults.is_none_or(|u| u.may_use_secondary_roles(ctx.model));
        let secondary: BTreeSet<String> = if all_secondary {
            held.clone()
        } else {
            BTreeSet::new()
        };
        // Without secondary roles, a session after `USE ROLE r` has exactly r's roles: the
        // tenant-role sessions above already ran it, so only the sign-in session is new.
        let tried = if all_secondary || use_secondary_all {
            sample(tenant_roles.clone())
        } else {
            Vec::new()
        };
        for role in &tried {
            let mut roles = ctx.model.closure(role, inherits, memo);
            roles.extend(held.iter().cloned());
            let how = if all_secondary {
                format!("as {role} with all its roles as secondary roles")
            } else {
                format!("as {role} after USE SECONDARY ROLES ALL (no session policy forbids it)")
            };
            sessions.push(UserSession {
                user: user.clone(),
                how,
                current: role.to_string(),
                roles,
                tenant: Some(ctx.own.role_tenant[*role].clone()),
            });
        }
        let default_role = defaults
            .and_then(|u| u.default_role.clone())
            .unwrap_or("PUBLIC".into());
        let mut roles = ctx.model.closure(&default_role, inherits, memo);
        roles.extend(secondary.iter().cloned());
        let label = if all_secondary { "all" } else { "none" };
        sessions.push(UserSession {
            user: user.clone(),
            how: format!(
                "without a role switch (DEFAULT_ROLE {default_role}, secondary roles: {label})"
            ),
            current: default_role.clone(),
            roles,
            // Sigma's sessions that never switched roles must show no tenant's rows (ISO052 says
            // why); another user's sign-in role is its home tenant's.
            tenant: if ctx.input.sigma_user.as_ref() == Some(user) {
                None
            } else {
                ctx.own.role_tenant.get(&default_role).cloned()
            },
        });
        let switched = if all_secondary {
            let mode = if tried.len() == tenant_roles.len() {
                "every"
            } else {
                "a sample of"
            };
            format!(
                "as {mode} {} of its {} tenant role(s) with all its roles as secondary roles, and",
                tried.len(),
                tenant_roles.len()
            )
        } else if use_secondary_all {
            format!(
                "as {} of its {} tenant role(s) after USE SECONDARY ROLES ALL (no session policy forbids it), and",
                tried.len(),
                tenant_roles.len()
            )
        } else {
            format!(
                "holds {} tenant role(s) without secondary roles, and USE SECONDARY ROLES ALL is refused by its session policy (ALLOWED_SECONDARY_ROLES = ()), so each role switch is that tenant role's session above;",
                tenant_roles.len()
            )
        };
        let network = match defaults.and_then(|u| u.network_policy.as_ref()) {
            Some((policy, _)) => format!("network policy {policy}"),
            None => "no network policy".to_string(),
        };
        lines.push(format!(
            "user {user} ({network}): {switched} without a role switch (DEFAULT_ROLE {default_role}) the {relations} probe(s) above executed"
        ));
    }
    oauth_sessions(ctx, inherits, memo, relations, &mut sessions, &mut lines);
    (sessions, lines)
}

/// The sessions of each OAuth user the manifest declares (sampled like tenant roles): a token can
/// name any role the user holds in its `session:role:` scope, so one session per role it holds, plus
/// the sign-in session (DEFAULT_ROLE); each with the secondary roles it may activate (all it holds
/// unless DEFAULT_SECONDARY_ROLES = () and a session policy forbids USE SECONDARY ROLES ALL). Each
/// may show its declared tenant's rows only.
fn oauth_sessions<'a>(
    ctx: &'a Context,
    inherits: &BTreeMap<&'a str, Vec<&'a str>>,
    memo: &mut BTreeMap<String, BTreeSet<String>>,
    relations: usize,
    sessions: &mut Vec<UserSession>,
    lines: &mut Vec<String>,
) {
    let declared: Vec<&String> = ctx.input.oauth_users.keys().collect();
    if declared.is_empty() {
        return;
    }
    let tried = sample(declared.clone());
    let mut with_secondary = 0;
    for user in &tried {
        let tenant = &ctx.input.oauth_users[*user];
        let held = ctx.held.get(*user).cloned().unwrap_or_default();
        let defaults = ctx.model.users.get(*user);
        let secondary = defaults
            .is_none_or(|u| u.all_secondary_roles() || u.may_use_secondary_roles(ctx.model));
        if secondary {
            with_secondary += 1;
        }
        let default_role = defaults
            .and_then(|u| u.default_role.clone())
            .unwrap_or("PUBLIC".into());
        let mut entered: Vec<String> = held.iter().cloned().collect();
        if !held.contains(&default_role) {
            entered.push(default_role.clone());
        }
        for role in entered {
            let mut roles = ctx.model.closure(&role, inherits, memo);
            if secondary {
                roles.extend(held.iter().cloned());
            }
            let how = if role == default_role {
                format!("signed in through External OAuth as {role} (its DEFAULT_ROLE)")
            } else {
                format!("through External OAuth with the scope session:role:{role}")
            };
            sessions.push(UserSession {
                user: user.to_string(),
                how,
                current: role,
                roles,
                tenant: Some(tenant.clone()),
            });
        }
    }
    let mode = if tried.len() == declared.len() {
        "every"
    } else {
        "a sample of"
    };
    lines.push(format!(
        "OAuth users: {mode} {} of {} executed the {relations} probe(s) above as each role they hold and as they sign in ({} with secondary roles), each expected to see its own tenant's rows only",
        tried.len(),
        declared.len(),
        with_secondary
    ));
}

/// The tenant roles to try: all, or an even sample above [`EXACT_UP_TO`].
fn choose<'a>(ctx: &'a Context) -> Vec<&'a String> {
    sample(ctx.own.role_tenant.keys().collect())
}

/// All of `roles`, or an even sample (first and last included) above [`EXACT_UP_TO`].
fn sample(roles: Vec<&String>) -> Vec<&String> {
    if roles.len() <= EXACT_UP_TO {
        return roles;
    }
    let step = (roles.len() - 1) as f64 / (SAMPLE - 1) as f64;
    let picked: BTreeSet<usize> = (0..SAMPLE)
        .map(|i| (i as f64 * step).round() as usize)
        .collect();
    picked.into_iter().map(|i| roles[i]).collect()
}

fn create(db: &Connection, name: &str, columns: &[String]) -> rusqlite::Result<()> {
    let mut cols: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
    cols.push("\"__TENANT\"".into());
    db.execute_batch(&format!(
        "CREATE TABLE {} ({})",
        quoted(name),
        cols.join(", ")
    ))
}

fn value(e: &Expr) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => V::Text(s.clone()),
            Value::Boolean(b) => V::Integer(i64::from(*b)),
            Value::Number(n, _) => n
                .parse::<i64>()
                .map(V::Integer)
                .unwrap_or_else(|_| V::Text(n.clone())),
            _ => V::Null,
        },
        _ => V::Text(literal(&e.to_string())),
    }
}

fn register(db: &Connection, session: &Arc<Mutex<Session>>) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8;
    let s = Arc::clone(session);
    db.create_scalar_function("IS_ROLE_IN_SESSION", 1, flags, move |c| {
        let role: Option<String> = c.get(0)?;
        let s = s.lock().expect("session lock");
        Ok(role.is_some_and(|r| s.roles.contains(&r)))
    })?;
    let s = Arc::clone(session);
    db.create_scalar_function("CURRENT_ROLE", 0, flags, move |_| {
        Ok(s.lock().expect("session lock").current.clone())
    })?;
    db.create_scalar_function("CURRENT_USER", 0, flags, |_| {
        Ok("SNOWTENANT_AUDIT_USER".to_string())
    })?;
    Ok(())
}
