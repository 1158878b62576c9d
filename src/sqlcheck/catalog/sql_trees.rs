//! The catalog applied to statements sqlparser parses: their trees are kept, but their generic
//! option lists (CREATE WAREHOUSE, CREATE USER, ALTER USER SET / UNSET, ALTER SESSION) are checked
//! against the catalog, and rules sqlparser does not enforce are (OR REPLACE with IF NOT EXISTS,
//! PostgreSQL role options).

use sqlparser::ast::helpers::key_value_options::{KeyValueOptionKind, KeyValueOptions};
use sqlparser::ast::{
    Action, GrantObjects, Grantee, GranteeName, ObjectName, Privileges, Statement,
    Value as SqlValue, ValueWithSpan,
};
use sqlparser::tokenizer::{Location, Span};

use super::check::{Form, Given, Val, Vocabulary, check};
use super::props::params::SESSION;
use super::{Kind, kind_named};
use crate::sqlcheck::diagnostic::Code;
use crate::sqlcheck::grammar::GrammarError;
use crate::sqlcheck::grant::{At, Target, check_grant};

/// Checks what sqlparser accepts but Snowflake would refuse in `stmt` (whose text is `text`).
pub fn check_statement(stmt: &Statement, text: &str) -> Result<(), GrammarError> {
    match stmt {
        Statement::CreateWarehouse(w) => {
            both_replace_and_if_not_exists(w.or_replace, w.if_not_exists, text)?;
            options(kind("WAREHOUSE"), &[], Form::Create, &w.options, text)
        }
        Statement::CreateUser(u) => {
            both_replace_and_if_not_exists(u.or_replace, u.if_not_exists, text)?;
            options(kind("USER"), &[SESSION], Form::Create, &u.options, text)
        }
        Statement::AlterUser(u) => {
            if !u.set_props.options.is_empty() {
                options(kind("USER"), &[SESSION], Form::Set, &u.set_props, text)?;
            }
            if !u.unset_props.is_empty() {
                unset(kind("USER"), &[SESSION], &u.unset_props, text)?;
            }
            if u.password.is_some() {
                let at = word_span(text, "PASSWORD", text.len());
                let message = "ALTER USER ... PASSWORD is PostgreSQL's; Snowflake writes SET PASSWORD = '...'";
                return Err(GrammarError {
                    code: Code::Syntax,
                    message: message.into(),
                    at,
                });
            }
            Ok(())
        }
        Statement::AlterSession {
            set,
            session_params,
        } => {
            let session = kind("SESSION");
            if *set {
                options(session, &[SESSION], Form::Set, session_params, text)
            } else {
                let names: Vec<String> = session_params
                    .options
                    .iter()
                    .map(|o| o.option_name.clone())
                    .collect();
                unset(session, &[SESSION], &names, text)
            }
        }
        Statement::CreateDatabase {
            or_replace,
            if_not_exists,
            ..
        } => both_replace_and_if_not_exists(*or_replace, *if_not_exists, text),
        Statement::CreateSchema {
            or_replace,
            if_not_exists,
            ..
        } => both_replace_and_if_not_exists(*or_replace, *if_not_exists, text),
        Statement::CreateView(v) => {
            both_replace_and_if_not_exists(v.or_replace || v.or_alter, v.if_not_exists, text)
        }
        Statement::CreateTable(t) => {
            both_replace_and_if_not_exists(t.or_replace, t.if_not_exists, text)
        }
        Statement::CreateRole(r) => {
            let postgres = r.login.is_some()
                || r.inherit.is_some()
                || r.bypassrls.is_some()
                || r.password.is_some()
                || r.superuser.is_some()
                || r.create_db.is_some()
                || r.create_role.is_some()
                || r.replication.is_some()
                || r.connection_limit.is_some()
                || r.valid_until.is_some()
                || !r.in_role.is_empty()
                || !r.in_group.is_empty()
                || !r.role.is_empty()
                || !r.user.is_empty()
                || !r.admin.is_empty();
            if r.names.len() > 1 || postgres {
                let message = "Snowflake's CREATE ROLE takes one name and an optional COMMENT [docs.snowflake.com/en/sql-reference/sql/create-role]";
                return Err(GrammarError {
                    code: Code::Syntax,
                    message: message.into(),
                    at: Span::empty(),
                });
            }
            Ok(())
        }
        Statement::Grant(g) => grant(
            &g.privileges,
            g.objects.as_ref(),
            &g.grantees,
            g.with_grant_option,
            g.current_grants.is_some(),
            text,
        ),
        Statement::Revoke(r) => grant(
            &r.privileges,
            r.objects.as_ref(),
            &r.grantees,
            false,
            false,
            text,
        ),
        _ => Ok(()),
    }
}

/// A database role granted to a database role stays in its database [sql/grant-database-role:
/// "the database role and the granted database role must be in the same database"].
fn database_role_to_database_role(
    actions: &[Action],
    grantees: &[Grantee],
    text: &str,
) -> Result<(), GrammarError> {
    let db = |n: &ObjectName| (n.0.len() == 2).then(|| n.0[0].to_string().to_ascii_uppercase());
    for a in actions {
        let Action::DatabaseRole { role } = a else {
            continue;
        };
        for g in grantees {
            if !matches!(g.grantee_type, sqlparser::ast::GranteesType::DatabaseRole) {
                continue;
            }
            let Some(GranteeName::ObjectName(to)) = &g.name else {
                continue;
            };
            if let (Some(a), Some(b)) = (db(role), db(to))
                && a != b
            {
                let message = format!(
                    "database role {role} can be granted only to roles or to database roles of its own database {a}, not to {to} [docs.snowflake.com/en/sql-reference/sql/grant-database-role]"
                );
                return Err(GrammarError {
                    code: Code::Conflict,
                    message,
                    at: word_span(
                        text,
                        &to.0.last().map(|p| p.to_string()).unwrap_or_default(),
                        text.len(),
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The grant rules of `grant.rs` on sqlparser's GRANT / REVOKE of privileges.
fn grant(
    privileges: &Privileges,
    objects: Option<&GrantObjects>,
    grantees: &[Grantee],
    with_grant_option: bool,
    current_grants: bool,
    text: &str,
) -> Result<(), GrammarError> {
    // `GRANT ROLE r TO ...` and `GRANT DATABASE ROLE d.r TO ...` are role grants, not privileges.
    if let Privileges::Actions(actions) = privileges
        && actions
            .iter()
            .any(|a| matches!(a, Action::Role { .. } | Action::DatabaseRole { .. }))
    {
        return database_role_to_database_role(actions, grantees, text);
    }
    let privileges: Vec<String> = match privileges {
        Privileges::All { .. } => vec!["ALL".to_string()],
        Privileges::Actions(actions) => actions
            .iter()
            .map(|a| {
                // Column lists (`SELECT (a, b)`) are not Snowflake's; the name is what counts.
                let mut s = a.to_string();
                if let Some(cut) = s.find(" (") {
                    s.truncate(cut);
                }
                s.make_ascii_uppercase();
                s
            })
            .collect(),
    };
    let target = match objects {
        None => Target::Account,
        // sqlparser reads `ON ACCOUNT` as a table named ACCOUNT.
        Some(GrantObjects::Tables(v))
            if v.len() == 1
                && v[0].0.len() == 1
                && v[0].to_string().eq_ignore_ascii_case("ACCOUNT") =>
        {
            Target::Account
        }
        Some(o) => {
            let Some((kind_name, name, bulk_in_database)) = grant_object(o) else {
                return Ok(());
            };
            let kind = kind(kind_name);
            match bulk_in_database {
                None => Target::Object { kind, name },
                Some(in_database) => Target::Bulk {
                    kind,
                    container: name,
                    in_database,
                },
            }
        }
    };
    for g in grantees {
        use sqlparser::ast::GranteesType as T;
        let kind = match g.grantee_type {
            T::Share => "SHARE",
            T::User => "USER",
            T::Group => "GROUP",
            T::Public => "PUBLIC",
            T::DatabaseRole => "DATABASE ROLE",
            T::Application => "APPLICATION",
            T::ApplicationRole => "APPLICATION ROLE",
            T::Role | T::None => "ROLE",
        };
        let empty = ObjectName(Vec::new());
        let name = match &g.name {
            Some(GranteeName::ObjectName(n)) => n,
            _ => &empty,
        };
        let check = |at: &At| {
            check_grant(
                &privileges,
                &target,
                kind,
                name,
                with_grant_option,
                current_grants,
                at,
            )
        };
        // Positions are only worked out for a statement that fails (searching the text costs).
        let nowhere = At {
            privileges: Span::empty(),
            on: Span::empty(),
            grantee: Span::empty(),
        };
        if check(&nowhere).is_err() {
            check(&grant_spans(text, &privileges, name))?;
        }
    }
    Ok(())
}

/// Where a failing grant's privileges, ON target and grantee are in its text.
fn grant_spans(text: &str, privileges: &[String], grantee: &ObjectName) -> At {
    let on = word_span(text, "ON", text.len());
    let first = privileges
        .first()
        .map_or("", |p| p.split(' ').next().unwrap_or(""));
    let last = grantee.0.last().map(|p| p.to_string()).unwrap_or_default();
    let mut grantee = word_span(text, &last, text.len());
    for keyword in ["TO", "FROM"] {
        if grantee.start.line == 0 {
            grantee = word_span(text, keyword, text.len());
        }
    }
    At {
        privileges: word_span(text, first, on_at_byte(text, on)),
        on,
        grantee,
    }
}

fn on_at_byte(text: &str, on: Span) -> usize {
    if on.start.line == 0 {
        text.len()
    } else {
        byte_at(text, on.start)
    }
}

/// The catalog kind, first name and (for ALL / FUTURE) whether the container is a database.
fn grant_object(o: &GrantObjects) -> Option<(&'static str, &ObjectName, Option<bool>)> {
    use GrantObjects as G;
    fn first(v: &[ObjectName]) -> Option<&ObjectName> {
        v.first()
    }
    fn f(v: &[sqlparser::ast::FunctionDesc]) -> Option<&ObjectName> {
        v.first().map(|d| &d.name)
    }
    Some(match o {
        G::AllSequencesInSchema { schemas } | G::FutureSequencesInSchema { schemas } => {
            ("SEQUENCE", first(schemas)?, Some(false))
        }
        G::AllTablesInSchema { schemas } | G::FutureTablesInSchema { schemas } => {
            ("TABLE", first(schemas)?, Some(false))
        }
        G::AllViewsInSchema { schemas } | G::FutureViewsInSchema { schemas } => {
            ("VIEW", first(schemas)?, Some(false))
        }
        G::AllMaterializedViewsInSchema { schemas }
        | G::FutureMaterializedViewsInSchema { schemas } => {
            ("MATERIALIZED VIEW", first(schemas)?, Some(false))
        }
        G::AllExternalTablesInSchema { schemas } | G::FutureExternalTablesInSchema { schemas } => {
            ("EXTERNAL TABLE", first(schemas)?, Some(false))
        }
        G::AllFunctionsInSchema { schemas } => ("FUNCTION", first(schemas)?, Some(false)),
        G::AllProceduresInSchema { schemas } => ("PROCEDURE", first(schemas)?, Some(false)),
        G::FutureSchemasInDatabase { databases } => ("SCHEMA", first(databases)?, Some(true)),
        G::Databases(v) => ("DATABASE", first(v)?, None),
        G::Schemas(v) => ("SCHEMA", first(v)?, None),
        G::Sequences(v) => ("SEQUENCE", first(v)?, None),
        G::Tables(v) => ("TABLE", first(v)?, None),
        G::Views(v) => ("VIEW", first(v)?, None),
        G::Warehouses(v) => ("WAREHOUSE", first(v)?, None),
        G::Integrations(v) => ("INTEGRATION", first(v)?, None),
        G::ResourceMonitors(v) => ("RESOURCE MONITOR", first(v)?, None),
        G::Users(v) => ("USER", first(v)?, None),
        G::ComputePools(v) => ("COMPUTE POOL", first(v)?, None),
        G::Connections(v) => ("CONNECTION", first(v)?, None),
        G::FailoverGroup(v) => ("FAILOVER GROUP", first(v)?, None),
        G::ReplicationGroup(v) => ("REPLICATION GROUP", first(v)?, None),
        G::ExternalVolumes(v) => ("EXTERNAL VOLUME", first(v)?, None),
        G::Procedures(v) => ("PROCEDURE", f(v)?, None),
        G::Functions(v) => ("FUNCTION", f(v)?, None),
        _ => return None,
    })
}

fn kind(name: &str) -> &'static Kind {
    kind_named(name).unwrap_or_else(|| unreachable!("catalog kind {name}"))
}

/// Snowflake: "OR REPLACE and IF NOT EXISTS clauses are mutually exclusive" [sql/create-warehouse
/// and every CREATE page].
fn both_replace_and_if_not_exists(
    or_replace: bool,
    if_not_exists: bool,
    text: &str,
) -> Result<(), GrammarError> {
    if or_replace && if_not_exists {
        let at = word_span(text, "IF", text.len());
        let message = "OR REPLACE and IF NOT EXISTS cannot be used together";
        return Err(GrammarError {
            code: Code::Conflict,
            message: message.into(),
            at,
        });
    }
    Ok(())
}

fn options(
    kind: &Kind,
    extra: &[&'static [super::Prop]],
    form: Form,
    opts: &KeyValueOptions,
    text: &str,
) -> Result<(), GrammarError> {
    let vocab = Vocabulary { kind, extra };
    // Names carry no position in sqlparser's tree: they are searched for in the text only when
    // the list fails, so a valid list costs no text search.
    let given = |precise: bool| -> Vec<Given> {
        opts.options
            .iter()
            .map(|o| {
                let (value, value_at) = match &o.option_value {
                    KeyValueOptionKind::Single(v) => (val(v), v.span),
                    KeyValueOptionKind::Multi(vs) => (
                        Val::List(vs.iter().map(val).collect()),
                        vs.first().map_or(Span::empty(), |v| v.span),
                    ),
                    KeyValueOptionKind::KeyValueOptions(_) => (Val::Nested, Span::empty()),
                };
                let name_at = if precise {
                    let before = if value_at.start.line == 0 {
                        text.len()
                    } else {
                        byte_at(text, value_at.start)
                    };
                    word_span(text, &o.option_name, before)
                } else {
                    Span::empty()
                };
                let value_at = if value_at.start.line == 0 {
                    name_at
                } else {
                    value_at
                };
                Given {
                    name: o.option_name.clone(),
                    value,
                    name_at,
                    value_at,
                }
            })
            .collect()
    };
    if check(&vocab, form, &given(false)).is_ok() {
        return Ok(());
    }
    check(&vocab, form, &given(true))
}

fn unset(
    kind: &Kind,
    extra: &[&'static [super::Prop]],
    names: &[String],
    text: &str,
) -> Result<(), GrammarError> {
    let given: Vec<Given> = names
        .iter()
        .map(|n| {
            let at = word_span(text, n, text.len());
            Given {
                name: n.clone(),
                value: Val::None,
                name_at: at,
                value_at: at,
            }
        })
        .collect();
    check(&Vocabulary { kind, extra }, Form::Unset, &given)
}

fn val(v: &ValueWithSpan) -> Val {
    match &v.value {
        SqlValue::SingleQuotedString(s) => Val::Str(s.clone()),
        SqlValue::Number(n, _) => Val::Num(n.to_string()),
        SqlValue::Boolean(b) => Val::Bool(*b),
        SqlValue::Null => Val::Null,
        SqlValue::Placeholder(w) if w.eq_ignore_ascii_case("NULL") => Val::Null,
        SqlValue::Placeholder(w) => Val::Word(w.clone()),
        other => Val::Word(other.to_string()),
    }
}

/// Byte offset of a 1-based (line, character column) location in `text`.
pub(crate) fn byte_at(text: &str, at: Location) -> usize {
    let mut line = 1u64;
    let mut col = 1u64;
    for (i, c) in text.char_indices() {
        if line == at.line && col == at.column {
            return i;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    text.len()
}

/// The (line, character column) location of byte `offset` in `text`.
pub(crate) fn location_at(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = 1 + before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = 1 + before[start..].chars().count();
    Location::new(line as u64, col as u64)
}

/// The span of the last whole-word, case-insensitive occurrence of `word` in `text` before byte
/// `before` (the statement's end when not found).
pub(crate) fn word_span(text: &str, word: &str, before: usize) -> Span {
    let hay = text[..before.min(text.len())].to_ascii_uppercase();
    let needle = word.to_ascii_uppercase();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
    let bytes = hay.as_bytes();
    let mut found = None;
    for (i, _) in hay.match_indices(&needle) {
        let end = i + needle.len();
        let left = i == 0 || !is_ident(bytes[i - 1]);
        let right = end >= bytes.len() || !is_ident(bytes[end]);
        if left && right {
            found = Some((i, end));
        }
    }
    match found {
        Some((s, e)) => Span::new(location_at(text, s), location_at(text, e)),
        None => Span::empty(),
    }
}
