//! What a package sets beyond privileges held by roles: row access policy bodies, roles granted to
//! users, warehouses' resource monitors and users' defaults. Read from the package's statements,
//! read back from the account, compared (DRIFT020 to DRIFT024).
//!
//! Reading the account:
//! - policy bodies: `DESCRIBE ROW ACCESS POLICY p` per policy live
//!   (docs.snowflake.com/en/sql-reference/sql/desc-row-access-policy, column `body`), or one query of
//!   `SNOWFLAKE.ACCOUNT_USAGE.ROW_ACCESS_POLICIES` (`POLICY_BODY`,
//!   docs.snowflake.com/en/sql-reference/account-usage/row_access_policies);
//! - roles granted to users: `SHOW GRANTS OF ROLE r` per role live (its grantees, roles and users:
//!   docs.snowflake.com/en/sql-reference/sql/show-grants), so a tenant role granted to a user the
//!   package does not name is seen; or one query of `SNOWFLAKE.ACCOUNT_USAGE.GRANTS_TO_USERS`;
//! - warehouses' monitors: `SHOW WAREHOUSES` (column `resource_monitor`);
//! - users' defaults: `DESCRIBE USER u` per user (columns `property`, `value`).
//!
//! Bodies are compared with whitespace collapsed: Snowflake keeps the text as written.

use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt, TryStreamExt};

use super::actual::{col, cols};
use super::compare::{Code, Finding};
use super::desired::State;
use super::live::sql_name;
use crate::apply::client::{Rows, Session};
use crate::apply::names::{normalize_name, part};
use crate::apply::source::Source;
use crate::audit::AccessModel;
use crate::sqlcheck::catalog::readback;

/// The user properties compared: the catalog's readback lines for USER
/// (`crate::sqlcheck::catalog::readback`).
pub fn user_defaults_compared() -> impl Iterator<Item = &'static str> {
    readback::of("USER").map(|r| r.prop)
}

/// The warehouse properties compared besides RESOURCE_MONITOR (which has DRIFT023 of its own),
/// with their `SHOW WAREHOUSES` columns: the catalog's readback lines for WAREHOUSE.
fn warehouse_settings_compared() -> impl Iterator<Item = &'static readback::Readback> {
    readback::of("WAREHOUSE").filter(|r| r.prop != "RESOURCE_MONITOR")
}

/// Every row access policy's body, from the account's view.
pub const POLICY_BODIES: &str = "SELECT POLICY_CATALOG, POLICY_SCHEMA, POLICY_NAME, POLICY_BODY \
FROM SNOWFLAKE.ACCOUNT_USAGE.ROW_ACCESS_POLICIES WHERE DELETED IS NULL";
/// Every active role granted to a user, from the account's view.
pub const USER_GRANTS: &str = "SELECT ROLE, GRANTEE_NAME FROM SNOWFLAKE.ACCOUNT_USAGE.GRANTS_TO_USERS \
WHERE DELETED_ON IS NULL";
pub const WAREHOUSES: &str = "SHOW WAREHOUSES";

/// A body as compared: trimmed, final `;` dropped, whitespace runs made one space.
pub fn collapse(body: &str) -> String {
    body.trim()
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds what the package sets beyond privileges to `s`, from `m`, the model of `source` (the one
/// model audit and plan read): policy bodies as written (the text after `->` of the statement that
/// set the body), roles granted to users, warehouses' monitors and settings, users' defaults.
pub fn from_model(m: &AccessModel, source: &Source, s: &mut State) {
    for (name, p) in &m.policies {
        let written = crate::migrate::diff::step_at(source, &p.at)
            .and_then(|st| st.text.split_once("->"))
            .map(|(_, body)| collapse(body));
        s.policy_bodies.insert(
            name.clone(),
            written.unwrap_or_else(|| collapse(&p.body.to_string())),
        );
    }
    s.user_grants.extend(m.user_grants.keys().cloned());
    for (warehouse, (monitor, _)) in &m.warehouse_monitor {
        s.warehouse_monitors
            .insert(warehouse.clone(), monitor.clone());
    }
    for (warehouse, settings) in &m.warehouse_settings {
        let given: BTreeMap<String, String> = warehouse_settings_compared()
            .filter_map(|r| {
                let v = settings.get(r.prop)?;
                Some((
                    r.prop.to_string(),
                    readback::normalise("WAREHOUSE", r.prop, unquoted(v)),
                ))
            })
            .collect();
        if !given.is_empty() {
            s.warehouse_settings.insert(warehouse.clone(), given);
        }
    }
    for (user, u) in &m.users {
        let props = user_defaults_compared()
            .filter_map(|k| Some((k.to_string(), u.properties.get(k)?.clone())))
            .map(|(k, v)| {
                let v = if v.starts_with('\'') {
                    unquoted(&v).to_string()
                } else {
                    normalize_name(&v)
                };
                (k, v)
            })
            .collect();
        s.user_defaults.insert(user.clone(), props);
    }
}

/// A string value's text (`'x'` -> `x`); anything else as it is.
fn unquoted(v: &str) -> &str {
    v.strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(v)
}

/// A catalog value (as SHOW and DESCRIBE print it) as a key: a dotted namespace part by part.
fn key(value: &str) -> String {
    if value.contains('.') && !value.contains(' ') {
        normalize_name(value)
    } else {
        part(value, Some('"'))
    }
}

/// `DESCRIBE ROW ACCESS POLICY p`.
pub fn describe_policy(policy: &str) -> Option<String> {
    Some(format!("DESCRIBE ROW ACCESS POLICY {}", sql_name(policy)?))
}

/// `SHOW GRANTS OF ROLE r`.
pub fn grants_of_role(role: &str) -> Option<String> {
    Some(format!("SHOW GRANTS OF ROLE {}", sql_name(role)?))
}

/// `DESCRIBE USER u`.
pub fn describe_user(user: &str) -> Option<String> {
    Some(format!("DESCRIBE USER {}", sql_name(user)?))
}

/// Runs `(sql, what)` queries `concurrency` at a time; an object that does not exist (002003)
/// reads as `None` when `missing_ok`.
async fn each(
    session: &Session,
    queries: Vec<(String, String)>,
    concurrency: usize,
    missing_ok: bool,
) -> Result<Vec<Option<Rows>>, String> {
    stream::iter(queries.into_iter().map(|(sql, what)| async move {
        match session.query(&sql).await {
            Ok(r) => Ok(Some(r)),
            Err(e) if missing_ok && e.contains("002003") => Ok(None),
            Err(e) => Err(format!("{what}: {e}")),
        }
    }))
    .buffered(concurrency.max(1))
    .try_collect()
    .await
}

/// `(sql, what a failure reads as)` per query.
type Queries = Vec<(String, String)>;

fn queries(
    names: impl Iterator<Item = String>,
    statement: fn(&str) -> Option<String>,
    what: &str,
) -> Result<(Vec<String>, Queries), String> {
    let names: Vec<String> = names.collect();
    let q = names
        .iter()
        .map(|n| {
            statement(n)
                .map(|sql| (sql, format!("reading {what} {n}")))
                .ok_or_else(|| format!("name {n} does not parse"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((names, q))
}

/// Reads what `want` sets from the account as it is now (one query per policy, role and user).
/// With `extras`, the grantees of every role the package creates are read (to find a tenant role
/// granted to a user the package does not name); without, only of the roles it grants to users.
pub async fn read_live(
    session: &Session,
    want: &State,
    have: &mut State,
    concurrency: usize,
    extras: bool,
) -> Result<(), String> {
    let (policies, q) = queries(
        want.policy_bodies.keys().cloned(),
        describe_policy,
        "the body of row access policy",
    )?;
    for (policy, rows) in policies
        .iter()
        .zip(each(session, q, concurrency, true).await?)
    {
        if let Some(rows) = rows.filter(|r| !r.rows.is_empty()) {
            let b = col(&rows, "body")?;
            let body = rows.rows[0].get(b).cloned().flatten().unwrap_or_default();
            have.policy_bodies.insert(policy.clone(), collapse(&body));
        }
    }
    let created = want.roles.iter().filter(|_| extras).cloned();
    let roles: BTreeSet<String> = created
        .chain(want.user_grants.iter().map(|(r, _)| r.clone()))
        .collect();
    if !roles.is_empty() {
        let (_, q) = queries(roles.into_iter(), grants_of_role, "the grantees of role")?;
        for rows in each(session, q, concurrency, true)
            .await?
            .into_iter()
            .flatten()
        {
            add_user_grants(have, &rows, "role", "granted_to", "grantee_name")?;
        }
    }
    read_common(session, want, have, concurrency).await
}

/// Reads what `want` sets from the `ACCOUNT_USAGE` views (one query per kind; users one by one).
pub async fn read_views(session: &Session, want: &State, have: &mut State) -> Result<(), String> {
    if !want.policy_bodies.is_empty() {
        let rows = session
            .query(POLICY_BODIES)
            .await
            .map_err(|e| format!("reading row access policy bodies: {e}"))?;
        if !rows.rows.is_empty() {
            let [c, s, n, b] = cols(
                &rows,
                [
                    "POLICY_CATALOG",
                    "POLICY_SCHEMA",
                    "POLICY_NAME",
                    "POLICY_BODY",
                ],
            )?;
            for r in &rows.rows {
                let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
                let name = [get(c), get(s), get(n)]
                    .iter()
                    .map(|p| part(p, Some('"')))
                    .collect::<Vec<_>>()
                    .join(".");
                have.policy_bodies.insert(name, collapse(&get(b)));
            }
        }
    }
    if !want.user_grants.is_empty() || !want.roles.is_empty() {
        let rows = session
            .query(USER_GRANTS)
            .await
            .map_err(|e| format!("reading roles granted to users: {e}"))?;
        add_user_grants(have, &rows, "ROLE", "", "GRANTEE_NAME")?;
    }
    read_common(session, want, have, 1).await
}

/// `(role, user)` rows; `to` names the column saying the grantee is a user (empty: all are).
fn add_user_grants(
    have: &mut State,
    rows: &Rows,
    role: &str,
    to: &str,
    grantee: &str,
) -> Result<(), String> {
    if rows.rows.is_empty() {
        return Ok(());
    }
    let [r, g] = cols(rows, [role, grantee])?;
    let t = if to.is_empty() {
        None
    } else {
        Some(col(rows, to)?)
    };
    for row in &rows.rows {
        let get = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
        if t.is_some_and(|t| get(t) != "USER") {
            continue;
        }
        have.user_grants
            .insert((part(&get(r), Some('"')), part(&get(g), Some('"'))));
    }
    Ok(())
}

/// Warehouses' monitors and users' defaults: the same commands in both readings.
async fn read_common(
    session: &Session,
    want: &State,
    have: &mut State,
    concurrency: usize,
) -> Result<(), String> {
    if !want.warehouse_monitors.is_empty() || !want.warehouse_settings.is_empty() {
        let rows = session
            .query(WAREHOUSES)
            .await
            .map_err(|e| format!("reading warehouses: {e}"))?;
        if !rows.rows.is_empty() {
            let n = col(&rows, "name")?;
            let m = if want.warehouse_monitors.is_empty() {
                None
            } else {
                Some(col(&rows, "resource_monitor")?)
            };
            // A column this SHOW does not print (an older release, an edition without
            // multi-cluster warehouses) is not compared.
            let settings: Vec<(&str, usize)> = warehouse_settings_compared()
                .filter_map(|r| col(&rows, r.column).ok().map(|i| (r.prop, i)))
                .collect();
            for r in &rows.rows {
                let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
                let name = part(&get(n), Some('"'));
                // SHOW WAREHOUSES prints `null` for a warehouse without a monitor.
                if let Some(m) = m {
                    let monitor = get(m);
                    if !monitor.is_empty() && !monitor.eq_ignore_ascii_case("null") {
                        have.warehouse_monitors
                            .insert(name.clone(), part(&monitor, Some('"')));
                    }
                }
                let shown: BTreeMap<String, String> = settings
                    .iter()
                    .filter_map(|(prop, i)| {
                        let v = get(*i);
                        (!v.is_empty() && !v.eq_ignore_ascii_case("null"))
                            .then(|| (prop.to_string(), readback::normalise("WAREHOUSE", prop, &v)))
                    })
                    .collect();
                if !shown.is_empty() {
                    have.warehouse_settings.insert(name, shown);
                }
            }
        }
    }
    let (users, q) = queries(want.user_defaults.keys().cloned(), describe_user, "user")?;
    for (user, rows) in users.iter().zip(each(session, q, concurrency, true).await?) {
        let Some(rows) = rows else { continue };
        let mut props = BTreeMap::new();
        if !rows.rows.is_empty() {
            let [p, v] = cols(&rows, ["property", "value"])?;
            for r in &rows.rows {
                let get = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
                let name = get(p).to_ascii_uppercase();
                let value = get(v);
                if user_defaults_compared().any(|k| k == name)
                    && !value.is_empty()
                    && !value.eq_ignore_ascii_case("null")
                {
                    props.insert(name, key(&value));
                }
            }
        }
        have.user_defaults.insert(user.clone(), props);
    }
    Ok(())
}

/// The findings of these settings.
pub fn compare(want: &State, have: &State) -> Vec<Finding> {
    let mut out = Vec::new();
    for (policy, body) in &want.policy_bodies {
        let message = match have.policy_bodies.get(policy) {
            None => "row access policy does not exist".to_string(),
            Some(b) if b != body => format!("body is `{b}`, the package says `{body}`"),
            Some(_) => continue,
        };
        out.push(Finding {
            code: Code::PolicyBodyDiffers,
            object: policy.clone(),
            message,
        });
    }
    for (role, user) in want.user_grants.difference(&have.user_grants) {
        out.push(Finding {
            code: Code::MissingUserGrant,
            object: user.clone(),
            message: format!("role {role} is not granted to user {user}"),
        });
    }
    for (role, user) in have.user_grants.difference(&want.user_grants) {
        if want.roles.contains(role) {
            out.push(Finding {
                code: Code::ExtraUserGrant,
                object: user.clone(),
                message: format!(
                    "role {role} is granted to user {user}; the package does not grant it"
                ),
            });
        }
    }
    for (warehouse, monitor) in &want.warehouse_monitors {
        let now = have.warehouse_monitors.get(warehouse);
        if now != Some(monitor) {
            out.push(Finding {
                code: Code::WarehouseMonitorDiffers,
                object: warehouse.clone(),
                message: format!(
                    "resource monitor is {}, the package says {monitor}",
                    now.map_or("none", String::as_str)
                ),
            });
        }
    }
    for (warehouse, props) in &want.warehouse_settings {
        // A warehouse that does not exist is reported by its grants and its monitor.
        let Some(now) = have.warehouse_settings.get(warehouse) else {
            continue;
        };
        for (k, v) in props {
            if let Some(is) = now.get(k)
                && is != v
            {
                out.push(Finding {
                    code: Code::WarehouseSettingDiffers,
                    object: warehouse.clone(),
                    message: format!("{k} is {is}, the package says {v}"),
                });
            }
        }
    }
    for (user, props) in &want.user_defaults {
        let Some(now) = have.user_defaults.get(user) else {
            out.push(Finding {
                code: Code::UserDefaultDiffers,
                object: user.clone(),
                message: "user does not exist".into(),
            });
            continue;
        };
        for (k, v) in props {
            let is = now.get(k);
            if is != Some(v) {
                out.push(Finding {
                    code: Code::UserDefaultDiffers,
                    object: user.clone(),
                    message: format!(
                        "{k} is {}, the package says {v}",
                        is.map_or("unset", String::as_str)
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(script: &str) -> State {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sql");
        std::fs::write(&path, script).unwrap();
        let mut s = State::default();
        let source = crate::apply::source::load(&path).unwrap();
        from_model(&crate::migrate::model::of(&source), &source, &mut s);
        s
    }

    #[test]
    fn bodies_user_grants_monitors_and_defaults_are_read_from_statements() {
        let s = state(
            "CREATE ROW ACCESS POLICY IF NOT EXISTS d.g.p AS (k VARCHAR) RETURNS BOOLEAN -> FALSE;\n\
             ALTER ROW ACCESS POLICY d.g.p SET BODY ->\n  IS_ROLE_IN_SESSION('A')  OR k = 'x';\n\
             CREATE USER IF NOT EXISTS svc TYPE = SERVICE DEFAULT_ROLE = r DEFAULT_WAREHOUSE = wh COMMENT = 'c';\n\
             ALTER USER svc SET DEFAULT_ROLE = r2 QUERY_TAG = 't';\n\
             GRANT ROLE r TO USER svc;\n\
             GRANT ROLE r3 TO USER svc;\n\
             REVOKE ROLE r3 FROM USER svc;\n\
             ALTER WAREHOUSE wh SET RESOURCE_MONITOR = m;\n",
        );
        assert_eq!(
            s.policy_bodies["D.G.P"],
            "IS_ROLE_IN_SESSION('A') OR k = 'x'"
        );
        assert_eq!(
            s.user_defaults["SVC"],
            BTreeMap::from([
                ("DEFAULT_ROLE".to_string(), "R2".to_string()),
                ("DEFAULT_WAREHOUSE".to_string(), "WH".to_string()),
            ])
        );
        assert_eq!(
            s.user_grants,
            BTreeSet::from([("R".to_string(), "SVC".to_string())])
        );
        assert_eq!(s.warehouse_monitors["WH"], "M");
    }

    /// Which warehouse properties drift compares, their SHOW columns and how sizes normalise
    /// come from the catalog (`sqlcheck::catalog::readback`): `XSMALL` equals SHOW's `X-Small`.
    #[test]
    fn warehouse_settings_compare_through_the_catalog() {
        let want = state(
            "CREATE WAREHOUSE IF NOT EXISTS wh WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE;\n\
             ALTER WAREHOUSE wh SET MAX_CLUSTER_COUNT = 3 SCALING_POLICY = economy;\n",
        );
        let given: BTreeMap<String, String> = [
            ("WAREHOUSE_SIZE", "XSMALL"),
            ("AUTO_SUSPEND", "60"),
            ("AUTO_RESUME", "TRUE"),
            ("MAX_CLUSTER_COUNT", "3"),
            ("SCALING_POLICY", "ECONOMY"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(want.warehouse_settings["WH"], given);
        let mut have = State::default();
        let shown: BTreeMap<String, String> = [
            ("WAREHOUSE_SIZE", "X-Small"),
            ("AUTO_SUSPEND", "60"),
            ("AUTO_RESUME", "true"),
            ("MAX_CLUSTER_COUNT", "1"),
            ("SCALING_POLICY", "ECONOMY"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), readback::normalise("WAREHOUSE", k, v)))
        .collect();
        have.warehouse_settings.insert("WH".into(), shown);
        let found = compare(&want, &have);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::WarehouseSettingDiffers);
        assert_eq!(
            found[0].message,
            "MAX_CLUSTER_COUNT is 1, the package says 3"
        );
        // UNSET returns a setting to Snowflake's default, which the package does not state.
        let unset = state(
            "CREATE WAREHOUSE wh WITH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 60;\n\
             ALTER WAREHOUSE wh UNSET AUTO_SUSPEND;\n",
        );
        assert!(!unset.warehouse_settings["WH"].contains_key("AUTO_SUSPEND"));
    }

    #[test]
    fn statements_pass_the_validator() {
        for sql in [
            describe_policy("\"my db\".G.P").unwrap(),
            grants_of_role("\"tenant-b role\"").unwrap(),
            describe_user("SVC").unwrap(),
            POLICY_BODIES.to_string(),
            USER_GRANTS.to_string(),
            WAREHOUSES.to_string(),
        ] {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }
}
