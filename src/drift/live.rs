//! `drift --live`: the account as it is now, for checking a deploy minutes after it ran.
//!
//! The default reading (`actual::read`) costs one query per kind but sees `ACCOUNT_USAGE`, which lags
//! by up to 2 hours. This one asks the live commands instead, one per role and one per policy:
//! `SHOW GRANTS TO ROLE r` for every role the package grants to
//! (docs.snowflake.com/en/sql-reference/sql/show-grants), the `INFORMATION_SCHEMA.POLICY_REFERENCES`
//! table function for every row access policy the package creates
//! (docs.snowflake.com/en/sql-reference/functions/policy_references), and `SHOW RESOURCE MONITORS`.
//! The queries run `concurrency` at a time on one session: they read, never change session state.

use futures::stream::{self, StreamExt, TryStreamExt};
use sqlparser::ast::ObjectName;

use super::actual::{self, MONITORS};
use super::desired::State;
use crate::apply::client::{Rows, Session};
use crate::apply::names::part;
use crate::migrate::diff::object_name;
use crate::quote::{Ident, Name, SqlString};

/// Columns read from the table function: the same as the `ACCOUNT_USAGE` view's.
const POLICY_COLUMNS: &str =
    "POLICY_DB, POLICY_SCHEMA, POLICY_NAME, REF_DATABASE_NAME, REF_SCHEMA_NAME, REF_ENTITY_NAME";

/// A key of the drift state (`DB.SCHEMA."odd name"`) as a name to put in SQL.
pub(crate) fn sql_name(key: &str) -> Option<Name> {
    let parsed: ObjectName = object_name(key)?;
    let parts = parsed
        .0
        .iter()
        .map(|p| p.as_ident().map(|i| Ident::new(i.value.clone())))
        .collect::<Option<Vec<_>>>()?;
    Some(Name(parts))
}

/// `SHOW GRANTS TO ROLE r`.
pub fn show_grants(role: &str) -> Option<String> {
    Some(format!("SHOW GRANTS TO ROLE {}", sql_name(role)?))
}

/// The table function over one policy, in the policy's own database.
pub fn policy_references(policy: &str) -> Option<String> {
    let name = sql_name(policy)?;
    let database = name.0.first()?.clone();
    Some(format!(
        "SELECT {POLICY_COLUMNS} FROM TABLE({}.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => {}))",
        database,
        SqlString::new(name.to_string())
    ))
}

/// An object name as `SHOW GRANTS` prints it, as a drift key. Procedures and functions print as
/// `DB.SCHEMA."NAME(ARG TYPE):RETURNS"`: the name is kept, the signature dropped, as the view reading does.
fn object_key(name: &str) -> String {
    let Some(parsed) = object_name(name) else {
        return part(name, None);
    };
    parsed
        .0
        .iter()
        .filter_map(|p| p.as_ident())
        .map(|i| match i.value.split_once('(') {
            Some((routine, _)) => part(routine, None),
            None => part(&i.value, i.quote_style),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Adds the rows of one `SHOW GRANTS TO ROLE` to `s`.
fn add_grants(s: &mut State, rows: &Rows) -> Result<(), String> {
    if rows.rows.is_empty() {
        return Ok(());
    }
    let [p, on, n, to, g] = actual::cols(
        rows,
        [
            "privilege",
            "granted_on",
            "name",
            "granted_to",
            "grantee_name",
        ],
    )?;
    for r in &rows.rows {
        let get = |i: usize| r.get(i).and_then(Option::as_ref).map(String::as_str);
        if get(to) != Some("ROLE") {
            continue;
        }
        let kind = get(on).unwrap_or_default().replace(' ', "_");
        let object = if kind == "ACCOUNT" {
            String::new()
        } else {
            object_key(get(n).unwrap_or_default())
        };
        let privilege = get(p).unwrap_or_default().to_string();
        let grantee = part(get(g).unwrap_or_default(), Some('"'));
        s.grants.insert((privilege, kind, object, grantee));
    }
    Ok(())
}

/// One query per name (`statement` gives its SQL and what a failure reads as), `concurrency` at a
/// time, results in name order.
async fn query_each(
    session: &Session,
    names: &std::collections::BTreeSet<String>,
    concurrency: usize,
    statement: impl Fn(&str) -> Result<(String, String), String>,
) -> Result<Vec<Rows>, String> {
    let queries = names
        .iter()
        .map(|n| statement(n))
        .collect::<Result<Vec<_>, _>>()?;
    stream::iter(queries.into_iter().map(|(sql, what)| async move {
        session
            .query(&sql)
            .await
            .map_err(|e| format!("{what}: {e}"))
    }))
    .buffered(concurrency.max(1))
    .try_collect()
    .await
}

/// Reads the live state of what `want` names, `concurrency` queries at a time.
pub async fn read(session: &Session, want: &State, concurrency: usize) -> Result<State, String> {
    let mut have = State::default();
    let grants = query_each(session, &want.grantees, concurrency, |role| {
        let sql = show_grants(role).ok_or_else(|| format!("role name {role} does not parse"))?;
        Ok((sql, format!("reading grants to role {role}")))
    })
    .await?;
    for rows in &grants {
        add_grants(&mut have, rows)?;
    }
    let monitors = session
        .query(MONITORS)
        .await
        .map_err(|e| format!("reading resource monitors: {e}"))?;
    let refs = query_each(session, &want.policies, concurrency, |policy| {
        let sql = policy_references(policy)
            .ok_or_else(|| format!("policy name {policy} does not parse"))?;
        Ok((sql, format!("reading references of policy {policy}")))
    })
    .await?;
    let mut all_refs = Rows::default();
    for r in refs {
        if all_refs.columns.is_empty() {
            all_refs.columns = r.columns;
        }
        all_refs.rows.extend(r.rows);
    }
    let rest = actual::from_rows(&Rows::default(), &monitors, &all_refs)?;
    have.monitors = rest.monitors;
    have.account_monitor = rest.account_monitor;
    have.attachments = rest.attachments;
    Ok(have)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_quote_names_that_need_it() {
        assert_eq!(
            show_grants("CLIENT_A_ROLE").unwrap(),
            "SHOW GRANTS TO ROLE CLIENT_A_ROLE"
        );
        assert_eq!(
            show_grants("\"tenant-b role\"").unwrap(),
            "SHOW GRANTS TO ROLE \"tenant-b role\""
        );
        assert_eq!(
            policy_references("\"my db\".GOVERNANCE.P").unwrap(),
            "SELECT POLICY_DB, POLICY_SCHEMA, POLICY_NAME, REF_DATABASE_NAME, REF_SCHEMA_NAME, \
             REF_ENTITY_NAME FROM TABLE(\"my db\".INFORMATION_SCHEMA.POLICY_REFERENCES(\
             POLICY_NAME => '\"my db\".GOVERNANCE.P'))"
        );
    }

    #[test]
    fn every_statement_passes_the_validator() {
        for sql in [
            show_grants("\"tenant-b role\"").unwrap(),
            policy_references("\"my db\".GOVERNANCE.P").unwrap(),
        ] {
            crate::sqlcheck::validate_statement(&sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }
    }

    #[test]
    fn routine_names_lose_their_signature_and_quoted_parts_keep_their_case() {
        assert_eq!(
            object_key("DB.S.\"SET_TAG(MODEL VARCHAR):VARCHAR(16777216)\""),
            "DB.S.SET_TAG"
        );
        assert_eq!(object_key("\"my db\".PUBLIC.T"), "\"my db\".PUBLIC.T");
        assert_eq!(object_key("db.public.t"), "DB.PUBLIC.T");
    }
}
