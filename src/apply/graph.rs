//! The dependency graph: which earlier statements each statement must wait for.
//!
//! Rules, from the typed statement and the names its text mentions ([`super::names`]):
//! - a statement waits for the latest earlier statement that defined (created, altered, dropped,
//!   or wrote rows into) any object it mentions, including the schema and database prefixes of
//!   a dotted name: a grant after its object, a policy attach after the policy and the table, a
//!   view after its sources, an object after its schema and database;
//! - a statement that defines an object also waits for the statements that read it since its
//!   last definition (a `DROP` after the `REVOKE`s on the object);
//! - a statement run as role R waits for the earlier grants to R (privileges it may need);
//! - a statement of a kind the rules do not cover is a barrier: it waits for everything before
//!   it and everything after waits for it;
//! - schema-wide grants relate to every object of their kind created in their schema (or
//!   database) anywhere in the input, because Snowflake expands `GRANT ... ON ALL <kinds> IN
//!   SCHEMA s` into grants on the objects that exist when it runs and applies `ON FUTURE` grants
//!   only to objects created after them (docs.snowflake.com/en/sql-reference/sql/grant-privilege):
//!   a creation waits for the `FUTURE` grants of its kind and container, and an `ALL` grant waits
//!   for every creation of its kind in its container. Otherwise a table created between the two
//!   gets neither. These edges may point to a later statement in file order (a future grant in
//!   the grants step, a table in the database step); an edge that would close a cycle is left
//!   out, since the other grant of the pair then covers the object.
//!
//! Cost: one pass, edges linear in the names mentioned, plus one reachability check per
//! (schema-wide grant, creation in its container) pair.

use std::collections::HashMap;

use sqlparser::ast::Statement;

use super::names::{self, Mentions, mentions};
use super::source::Source;
use crate::sqlcheck::Typed;

/// `deps[i]`: indices of the statements statement `i` waits for: smaller than `i`, except the
/// schema-wide grant edges (see the module comment). The graph has no cycle.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub deps: Vec<Vec<usize>>,
}

/// How a statement relates to the objects it mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Creates, alters or drops the object it names.
    Ddl,
    /// Grants or revokes privileges.
    Grant,
    /// Writes rows into the tables it mentions.
    Dml,
    /// Reads only (queries, calls, SHOW).
    Read,
    /// Anything else: ordered against everything.
    Barrier,
}

fn classify(stmt: &Typed, m: &Mentions) -> Role {
    match stmt {
        Typed::Snowflake(_) => {
            if m.defined.is_some() {
                Role::Ddl
            } else {
                // `ALTER ACCOUNT SET ...`: account-wide, mentions what it needs.
                Role::Read
            }
        }
        Typed::Sql(s) => match s.as_ref() {
            Statement::Grant { .. } | Statement::Revoke { .. } => Role::Grant,
            Statement::Insert(_)
            | Statement::Update { .. }
            | Statement::Delete(_)
            | Statement::Merge { .. } => Role::Dml,
            Statement::Query(_) | Statement::Call(_) => Role::Read,
            _ if m.grantee_role.is_some() => Role::Grant,
            _ if m.defined.is_some() => Role::Ddl,
            _ => Role::Barrier,
        },
    }
}

#[derive(Default)]
struct KeyState {
    /// The latest statement that defined the key.
    writer: Option<usize>,
    /// Statements that mentioned the key since `writer`.
    readers: Vec<usize>,
}

/// Grants to one role, for the statements that run as it.
#[derive(Default)]
struct Granted {
    /// Grants no statement of the role has waited for yet.
    pending: Vec<usize>,
    /// The latest statement of the role that waited for grants.
    since: Option<usize>,
}

/// Builds the graph of a loaded source.
pub fn build(source: &Source) -> Graph {
    let mut keys: HashMap<String, KeyState> = HashMap::new();
    let mut grants_to: HashMap<String, Granted> = HashMap::new();
    let mut barrier: Option<usize> = None;
    let mut since_barrier: Vec<usize> = Vec::new();
    let mut deps = Vec::with_capacity(source.steps.len());
    for (i, step) in source.steps.iter().enumerate() {
        let m = mentions(&step.text);
        let role = classify(&step.stmt, &m);
        let mut d: Vec<usize> = Vec::new();
        if role == Role::Barrier {
            d.append(&mut since_barrier);
            barrier = Some(i);
            deps.push(d);
            continue;
        }
        d.extend(barrier);
        since_barrier.push(i);
        let writes: Vec<&String> = match role {
            Role::Ddl => m.defined.iter().collect(),
            Role::Dml => m.full.iter().filter(|k| keys.contains_key(*k)).collect(),
            _ => Vec::new(),
        };
        for name in &m.names {
            if writes.contains(&name) {
                continue;
            }
            // Also for a name no earlier statement defined: a migration revokes and detaches what
            // an earlier deploy created, and its later DROP of that object must still wait for them.
            let state = keys.entry(name.clone()).or_default();
            d.extend(state.writer);
            state.readers.push(i);
        }
        for name in writes {
            let state = keys.entry(name.clone()).or_default();
            d.extend(state.writer);
            d.append(&mut state.readers);
            state.writer = Some(i);
        }
        if let Some(r) = source.contexts[step.context].role.as_ref()
            && let Some(g) = grants_to.get_mut(r)
        {
            d.extend(g.since);
            if !g.pending.is_empty() {
                // Waiting for the new grants once is enough: later statements of the role
                // wait for this one, which waited for them (one edge each, no chain).
                d.append(&mut g.pending);
                g.since = Some(i);
            }
        }
        if role == Role::Grant
            && let Some(r) = &m.grantee_role
        {
            grants_to.entry(r.clone()).or_default().pending.push(i);
        }
        d.retain(|&j| j != i);
        d.sort_unstable();
        d.dedup();
        deps.push(d);
    }
    schema_wide_edges(source, &mut deps);
    Graph { deps }
}

/// Orders schema-wide grants against the creations of their kind in their container.
fn schema_wide_edges(source: &Source, deps: &mut [Vec<usize>]) {
    let mut wide = Vec::new();
    let mut creations = Vec::new();
    for (i, step) in source.steps.iter().enumerate() {
        if let Some(w) = names::schema_wide(&step.text) {
            wide.push((i, w));
        } else if let Some((kind, name)) = names::created(&step.text) {
            let (schema, database) = names::containers(&name);
            creations.push((i, kind, schema, database));
        }
    }
    if wide.is_empty() || creations.is_empty() {
        return;
    }
    for (g, w) in &wide {
        for (c, kind, schema, database) in &creations {
            let inside = if w.in_database {
                database.as_ref() == Some(&w.container)
            } else {
                schema.as_ref() == Some(&w.container)
            };
            if kind != &w.kind || !inside {
                continue;
            }
            // FUTURE: the creation waits for the grant. ALL: the grant waits for the creation.
            let (waiter, waited) = if w.future { (*c, *g) } else { (*g, *c) };
            if !deps[waiter].contains(&waited) && !reaches(deps, waited, waiter) {
                deps[waiter].push(waited);
                deps[waiter].sort_unstable();
            }
        }
    }
}

/// Whether `from` waits, directly or through others, for `target`.
fn reaches(deps: &[Vec<usize>], from: usize, target: usize) -> bool {
    let mut seen = vec![false; deps.len()];
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == target {
            return true;
        }
        for &d in &deps[n] {
            if !seen[d] {
                seen[d] = true;
                stack.push(d);
            }
        }
    }
    false
}

impl Graph {
    /// Length of the longest dependency chain (the best any number of sessions can do).
    pub fn depth(&self) -> usize {
        self.levels().into_iter().max().unwrap_or(0)
    }

    /// Each statement's position in the longest chain ending at it (1 for no dependency), in
    /// dependency order (Kahn's algorithm: edges may point forward in file order).
    fn levels(&self) -> Vec<usize> {
        let n = self.deps.len();
        let mut waiting: Vec<usize> = self.deps.iter().map(Vec::len).collect();
        let mut dependents = vec![Vec::new(); n];
        for (i, deps) in self.deps.iter().enumerate() {
            for &d in deps {
                dependents[d].push(i);
            }
        }
        let mut level = vec![1usize; n];
        let mut ready: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
        while let Some(i) = ready.pop() {
            for &k in &dependents[i] {
                level[k] = level[k].max(level[i] + 1);
                waiting[k] -= 1;
                if waiting[k] == 0 {
                    ready.push(k);
                }
            }
        }
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::source::{Context, Step};
    use crate::sqlcheck::validate_statement;

    fn source(stmts: &[(&str, &str)]) -> Source {
        let mut contexts = Vec::new();
        let steps = stmts
            .iter()
            .enumerate()
            .map(|(index, (role, text))| {
                let ctx = Context {
                    role: Some(role.to_string()),
                    ..Context::default()
                };
                let context = contexts.iter().position(|c| c == &ctx).unwrap_or_else(|| {
                    contexts.push(ctx);
                    contexts.len() - 1
                });
                Step {
                    id: index.to_string(),
                    file: "t.sql".into(),
                    index,
                    line: index + 1,
                    text: text.to_string(),
                    stmt: validate_statement(text).expect(text),
                    context,
                }
            })
            .collect();
        Source { steps, contexts }
    }

    #[test]
    fn grants_wait_for_their_objects_and_independent_tenants_do_not_wait() {
        let g = build(&source(&[
            ("USERADMIN", "CREATE ROLE IF NOT EXISTS A_ROLE"),
            ("USERADMIN", "CREATE ROLE IF NOT EXISTS B_ROLE"),
            ("SYSADMIN", "CREATE DATABASE IF NOT EXISTS DB"),
            (
                "SYSADMIN",
                "CREATE SCHEMA IF NOT EXISTS DB.A WITH MANAGED ACCESS",
            ),
            (
                "SYSADMIN",
                "CREATE SCHEMA IF NOT EXISTS DB.B WITH MANAGED ACCESS",
            ),
            ("SECURITYADMIN", "GRANT USAGE ON SCHEMA DB.A TO ROLE A_ROLE"),
            ("SECURITYADMIN", "GRANT USAGE ON SCHEMA DB.B TO ROLE B_ROLE"),
        ]));
        assert!(g.deps[0].is_empty() && g.deps[1].is_empty());
        assert_eq!(g.deps[3], vec![2]);
        assert_eq!(g.deps[5], vec![0, 2, 3]);
        assert_eq!(g.deps[6], vec![1, 2, 4]);
        assert_eq!(g.depth(), 3);
    }

    #[test]
    fn policy_attach_waits_for_policy_and_table_and_drop_waits_for_revoke() {
        let g = build(&source(&[
            ("SYSADMIN", "CREATE TABLE IF NOT EXISTS DB.S.T (K VARCHAR)"),
            (
                "SYSADMIN",
                "CREATE ROW ACCESS POLICY IF NOT EXISTS DB.S.P AS (K VARCHAR) RETURNS BOOLEAN -> TRUE",
            ),
            (
                "SYSADMIN",
                "ALTER TABLE DB.S.T ADD ROW ACCESS POLICY DB.S.P ON (K)",
            ),
            ("SECURITYADMIN", "REVOKE SELECT ON TABLE DB.S.T FROM ROLE R"),
            ("SYSADMIN", "DROP TABLE IF EXISTS DB.S.T"),
        ]));
        assert_eq!(g.deps[2], vec![0, 1]);
        assert!(g.deps[4].contains(&3), "{:?}", g.deps[4]);
    }

    /// A migration drops what an earlier deploy created: the input never creates the role or the
    /// policy, and the DROP must still wait for the REVOKE and the detach before it (with 4 sessions
    /// apply ran a renamed tenant's `DROP ROLE` before the `REVOKE ROLE ... FROM USER` of that role).
    #[test]
    fn drops_wait_for_earlier_statements_on_objects_the_input_never_created() {
        let g = build(&source(&[
            ("SECURITYADMIN", "REVOKE ROLE OLD_ROLE FROM USER SVC"),
            (
                "SYSADMIN",
                "ALTER TABLE DB.S.T DROP ROW ACCESS POLICY DB.G.P",
            ),
            ("USERADMIN", "DROP ROLE IF EXISTS OLD_ROLE"),
            ("SYSADMIN", "DROP ROW ACCESS POLICY IF EXISTS DB.G.P"),
        ]));
        assert!(g.deps[2].contains(&0), "{:?}", g.deps[2]);
        assert!(g.deps[3].contains(&1), "{:?}", g.deps[3]);
        assert!(g.deps[1].is_empty(), "{:?}", g.deps[1]);
    }

    /// docs.snowflake.com/en/sql-reference/sql/grant-privilege: `ON ALL` covers the tables that
    /// exist when it runs, `ON FUTURE` the ones created after it.
    #[test]
    fn future_grants_precede_creations_and_all_grants_follow_them_across_files() {
        let g = build(&source(&[
            ("SYSADMIN", "CREATE SCHEMA IF NOT EXISTS DB.S"),
            ("SYSADMIN", "CREATE TABLE IF NOT EXISTS DB.S.T (A INT)"),
            ("SYSADMIN", "CREATE TABLE IF NOT EXISTS DB.OTHER.T (A INT)"),
            (
                "SYSADMIN",
                "CREATE OR REPLACE SECURE VIEW DB.S.V AS SELECT 1 AS A",
            ),
            (
                "SECURITYADMIN",
                "GRANT SELECT ON ALL TABLES IN SCHEMA DB.S TO ROLE R",
            ),
            (
                "SECURITYADMIN",
                "GRANT SELECT ON FUTURE TABLES IN SCHEMA DB.S TO ROLE R",
            ),
        ]));
        assert!(g.deps[4].contains(&1), "{:?}", g.deps[4]);
        assert!(!g.deps[4].contains(&2) && !g.deps[4].contains(&3));
        assert!(g.deps[1].contains(&5), "{:?}", g.deps[1]);
        assert!(!g.deps[2].contains(&5) && !g.deps[3].contains(&5));
        // schema -> future grant -> table -> all grant.
        assert_eq!(g.depth(), 4);
    }

    #[test]
    fn statements_of_a_role_wait_for_grants_to_it() {
        let g = build(&source(&[
            (
                "ACCOUNTADMIN",
                "GRANT EXECUTE ALERT ON ACCOUNT TO ROLE SYSADMIN",
            ),
            ("SYSADMIN", "CREATE DATABASE IF NOT EXISTS DB"),
        ]));
        assert_eq!(g.deps[1], vec![0]);
    }

    #[test]
    fn converging_alters_wait_for_their_create_and_grants_wait_for_the_alter() {
        let g = build(&source(&[
            (
                "USERADMIN",
                "CREATE ROLE IF NOT EXISTS A_ROLE COMMENT = 'Tenant role of A'",
            ),
            (
                "USERADMIN",
                "ALTER ROLE A_ROLE SET COMMENT = 'Tenant role of A'",
            ),
            (
                "ACCOUNTADMIN",
                "CREATE NOTIFICATION INTEGRATION IF NOT EXISTS MAIL TYPE = EMAIL ENABLED = TRUE",
            ),
            (
                "ACCOUNTADMIN",
                "ALTER NOTIFICATION INTEGRATION MAIL SET ENABLED = TRUE ALLOWED_RECIPIENTS = ('a@example.com')",
            ),
            (
                "ACCOUNTADMIN",
                "GRANT USAGE ON INTEGRATION MAIL TO ROLE A_ROLE",
            ),
        ]));
        // Both are ordinary DDL on their object, not barriers: the integration's statements
        // do not wait for the role's.
        assert_eq!(g.deps[1], vec![0]);
        assert_eq!(g.deps[2], Vec::<usize>::new());
        assert_eq!(g.deps[3], vec![2]);
        assert_eq!(g.deps[4], vec![1, 3]);
    }
}
