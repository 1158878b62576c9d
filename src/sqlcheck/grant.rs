//! GRANT / REVOKE of privileges on objects sqlparser 0.64 cannot name (policies, tags, alerts,
//! tasks, streams, secrets, stages, network rules...) or with privileges it cannot read
//! (`CREATE <object>` on a schema), and the grant rules checked on every privilege grant,
//! sqlparser's included [sql/grant-privilege, sql/revoke-privilege, sql/grant-ownership,
//! user-guide/security-access-control-privileges]:
//! - each privilege exists on the target's kind (the catalog's per-kind lists, the global list for
//!   `ON ACCOUNT`, `CREATE <object>` on a schema);
//! - OWNERSHIP goes to a role or a database role, alone, without WITH GRANT OPTION; COPY / REVOKE
//!   CURRENT GRANTS only come with OWNERSHIP;
//! - a database role receives privileges only on objects of its own database.

use std::fmt;

use sqlparser::ast::{DataType, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Span, Token};

use super::ast::SnowflakeStatement;
use super::catalog::{
    GLOBAL_PRIVILEGES, Kind, SCHEMA_CREATE_OBJECTS, Scope, find_kind, find_plural,
};
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{Commas, eat_words, expect_words, expected_err, is_word};

/// `GRANT ... ON ... TO ...` or `REVOKE ... ON ... FROM ...` parsed by us.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GrantPrivileges {
    pub revoke: bool,
    /// REVOKE GRANT OPTION FOR.
    pub grant_option_for: bool,
    /// Upper case, words joined by one space (`CREATE ROW ACCESS POLICY`, `APPLY`).
    pub privileges: Vec<String>,
    pub on: GrantOn,
    /// Grantee kind, upper case (`ROLE`, `DATABASE ROLE`, `USER`, `SHARE`, `APPLICATION ROLE`).
    pub grantee_kind: String,
    pub grantee: ObjectName,
    pub with_grant_option: bool,
    /// `COPY CURRENT GRANTS` / `REVOKE CURRENT GRANTS` (OWNERSHIP only).
    pub current_grants: Option<String>,
    /// `RESTRICT` / `CASCADE` on REVOKE.
    pub cascade: Option<String>,
}

/// What a grant is on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GrantOn {
    Account,
    /// `<kind> name [(arg types)]`.
    Object {
        kind: String,
        name: ObjectName,
        signature: Option<Vec<DataType>>,
    },
    /// `{ALL | FUTURE} <plural> IN {SCHEMA | DATABASE} name`.
    Bulk {
        future: bool,
        plural: String,
        kind: String,
        in_database: bool,
        container: ObjectName,
    },
}

/// Parses the statement (the router sends only GRANT/REVOKE with ON).
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    let revoke = super::words::expect_one_of(p, &["GRANT", "REVOKE"])? == 1;
    let grant_option_for = revoke && eat_words(p, &["GRANT", "OPTION", "FOR"]);
    let priv_at = p.peek_token_ref().span;
    let privileges = parse_privileges(p)?;
    expect_words(p, &["ON"])?;
    let on_at = p.peek_token_ref().span;
    let on = parse_on(p)?;
    expect_words(p, &[if revoke { "FROM" } else { "TO" }])?;
    let grantee_at = p.peek_token_ref().span;
    let grantee_kind = [
        "DATABASE ROLE",
        "APPLICATION ROLE",
        "ROLE",
        "USER",
        "SHARE",
        "APPLICATION",
    ]
    .iter()
    .find(|k| eat_words(p, &k.split(' ').collect::<Vec<_>>()))
    .map(|k| (*k).to_string())
    .ok_or_else(|| {
        expected_err(
            "ROLE, DATABASE ROLE, USER, SHARE or APPLICATION ROLE",
            p.peek_token_ref(),
        )
    })?;
    let grantee = p.parse_object_name(false)?;
    let with_grant_option = !revoke && eat_words(p, &["WITH", "GRANT", "OPTION"]);
    let current_grants = if revoke {
        None
    } else if eat_words(p, &["COPY", "CURRENT", "GRANTS"]) {
        Some("COPY".to_string())
    } else if eat_words(p, &["REVOKE", "CURRENT", "GRANTS"]) {
        Some("REVOKE".to_string())
    } else {
        None
    };
    let cascade = if !revoke {
        None
    } else if eat_words(p, &["RESTRICT"]) {
        Some("RESTRICT".to_string())
    } else if eat_words(p, &["CASCADE"]) {
        Some("CASCADE".to_string())
    } else {
        None
    };
    let g = GrantPrivileges {
        revoke,
        grant_option_for,
        privileges,
        on,
        grantee_kind,
        grantee,
        with_grant_option,
        current_grants,
        cascade,
    };
    let target = g.target();
    let at = At {
        privileges: priv_at,
        on: on_at,
        grantee: grantee_at,
    };
    check_grant(
        &g.privileges,
        &target,
        &g.grantee_kind,
        &g.grantee,
        g.with_grant_option,
        g.current_grants.is_some(),
        &at,
    )?;
    Ok(SnowflakeStatement::GrantPrivileges(g))
}

/// Privileges up to ON: `ALL [PRIVILEGES]` or words separated by commas.
fn parse_privileges(p: &mut Parser) -> Result<Vec<String>, GrammarError> {
    let mut privileges = Vec::new();
    let mut current: Vec<String> = Vec::new();
    loop {
        let tok = p.peek_token_ref().token.clone();
        match tok {
            Token::Comma => {
                p.advance_token();
                if current.is_empty() {
                    return Err(expected_err("a privilege", p.peek_token_ref()).into());
                }
                privileges.push(current.join(" "));
                current.clear();
            }
            Token::Word(w) if !is_word(&tok, "ON") => {
                p.advance_token();
                current.push(w.value.to_ascii_uppercase());
            }
            _ => break,
        }
    }
    if current.is_empty() {
        return Err(expected_err("a privilege", p.peek_token_ref()).into());
    }
    privileges.push(current.join(" "));
    Ok(privileges)
}

fn words_ahead(p: &Parser, n: usize) -> Vec<String> {
    (0..n)
        .map(|k| match &p.peek_nth_token_ref(k).token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect()
}

fn parse_on(p: &mut Parser) -> Result<GrantOn, GrammarError> {
    if eat_words(p, &["ACCOUNT"]) {
        return Ok(GrantOn::Account);
    }
    let future = peek_is(p, "FUTURE");
    if future || peek_is(p, "ALL") {
        p.advance_token();
        let ahead = words_ahead(p, 4);
        let Some((kind, n)) =
            find_plural(|i| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty()))
        else {
            return Err(expected_err(
                "an object kind, plural (TABLES, TASKS...)",
                p.peek_token_ref(),
            )
            .into());
        };
        for _ in 0..n {
            p.advance_token();
        }
        expect_words(p, &["IN"])?;
        let in_database = super::words::expect_one_of(p, &["SCHEMA", "DATABASE"])? == 1;
        let container = p.parse_object_name(false)?;
        return Ok(GrantOn::Bulk {
            future,
            plural: kind.plural.join(" "),
            kind: kind.name(),
            in_database,
            container,
        });
    }
    let ahead = words_ahead(p, 4);
    let Some((kind, n)) = find_kind(|i| ahead.get(i).map(String::as_str).filter(|w| !w.is_empty()))
    else {
        return Err(expected_err(
            "ACCOUNT, an object kind (SCHEMA, ROW ACCESS POLICY...), ALL or FUTURE",
            p.peek_token_ref(),
        )
        .into());
    };
    for _ in 0..n {
        p.advance_token();
    }
    let name = p.parse_object_name(false)?;
    let signature = if p.consume_token(&Token::LParen) {
        let types = if p.consume_token(&Token::RParen) {
            Vec::new()
        } else {
            let t = p.parse_comma_separated(|p| p.parse_data_type())?;
            p.expect_token(&Token::RParen)?;
            t
        };
        Some(types)
    } else {
        None
    };
    Ok(GrantOn::Object {
        kind: kind.name(),
        name,
        signature,
    })
}

fn peek_is(p: &Parser, w: &str) -> bool {
    is_word(&p.peek_token_ref().token, w)
}

/// What a grant targets, for the checks.
pub enum Target<'a> {
    Account,
    Object {
        kind: &'static Kind,
        name: &'a ObjectName,
    },
    Bulk {
        kind: &'static Kind,
        container: &'a ObjectName,
        in_database: bool,
    },
}

impl GrantPrivileges {
    fn target(&self) -> Target<'_> {
        let kind = |name: &str| super::catalog::kind_named(name);
        match &self.on {
            GrantOn::Account => Target::Account,
            GrantOn::Object { kind: k, name, .. } => match kind(k) {
                Some(kind) => Target::Object { kind, name },
                None => Target::Account,
            },
            GrantOn::Bulk {
                kind: k,
                container,
                in_database,
                ..
            } => match kind(k) {
                Some(kind) => Target::Bulk {
                    kind,
                    container,
                    in_database: *in_database,
                },
                None => Target::Account,
            },
        }
    }
}

/// Where the parts of a grant are, for diagnostics.
pub struct At {
    pub privileges: Span,
    pub on: Span,
    pub grantee: Span,
}

const GRANT_DOC: &str = "[docs.snowflake.com/en/sql-reference/sql/grant-privilege]";
const OWNERSHIP_DOC: &str = "[docs.snowflake.com/en/sql-reference/sql/grant-ownership]";

fn err(code: Code, message: String, at: Span) -> GrammarError {
    GrammarError { code, message, at }
}

/// The grant rules of this module's header, on any privilege grant.
pub fn check_grant(
    privileges: &[String],
    target: &Target<'_>,
    grantee_kind: &str,
    grantee: &ObjectName,
    with_grant_option: bool,
    current_grants: bool,
    at: &At,
) -> Result<(), GrammarError> {
    let all = |p: &str| p == "ALL" || p == "ALL PRIVILEGES";
    for p in privileges {
        if all(p) {
            continue;
        }
        let ok = match target {
            Target::Account => GLOBAL_PRIVILEGES.contains(&p.as_str()),
            Target::Object { kind, .. } | Target::Bulk { kind, .. } => {
                kind.grants(p)
                    || (kind.name() == "SCHEMA"
                        && p.strip_prefix("CREATE ")
                            .is_some_and(|o| SCHEMA_CREATE_OBJECTS.contains(&o)))
            }
        };
        if !ok {
            let on = match target {
                Target::Account => "the account".to_string(),
                Target::Object { kind, .. } | Target::Bulk { kind, .. } => {
                    format!("a {}", kind.name())
                }
            };
            let mut message = format!("{p} is not a privilege on {on}");
            let known: Vec<String> = match target {
                Target::Account => GLOBAL_PRIVILEGES.iter().map(|s| (*s).to_string()).collect(),
                Target::Object { kind, .. } | Target::Bulk { kind, .. } => {
                    let mut k: Vec<String> =
                        kind.privileges.iter().map(|s| (*s).to_string()).collect();
                    if kind.name() == "SCHEMA" {
                        k.extend(SCHEMA_CREATE_OBJECTS.iter().map(|o| format!("CREATE {o}")));
                    }
                    k
                }
            };
            if let Some(s) = super::catalog::check::suggest(p, known.iter().map(String::as_str)) {
                message.push_str(&format!("; did you mean {s}?"));
            } else if known.len() <= 12 {
                message.push_str(&format!(" (its privileges: {})", known.join(", ")));
            }
            message.push(' ');
            message.push_str(GRANT_DOC);
            return Err(err(Code::UnknownProperty, message, at.privileges));
        }
    }
    let ownership = privileges.iter().any(|p| p == "OWNERSHIP");
    if ownership {
        if privileges.len() > 1 {
            let message =
                format!("OWNERSHIP is granted alone, not with other privileges {OWNERSHIP_DOC}");
            return Err(err(Code::Conflict, message, at.privileges));
        }
        if grantee_kind != "ROLE" && grantee_kind != "DATABASE ROLE" {
            let message = format!(
                "OWNERSHIP goes to a ROLE or a DATABASE ROLE, not a {grantee_kind} {OWNERSHIP_DOC}"
            );
            return Err(err(Code::Conflict, message, at.grantee));
        }
        if with_grant_option {
            let message = format!("OWNERSHIP takes no WITH GRANT OPTION {OWNERSHIP_DOC}");
            return Err(err(Code::Conflict, message, at.grantee));
        }
    } else if current_grants {
        let message =
            format!("COPY / REVOKE CURRENT GRANTS only apply to OWNERSHIP {OWNERSHIP_DOC}");
        return Err(err(Code::Conflict, message, at.grantee));
    }
    if grantee_kind == "DATABASE ROLE" {
        check_database_role_grant(target, grantee, at)?;
    }
    Ok(())
}

/// A database role holds privileges only on objects of its own database [sql/grant-privilege
/// "database role": "privileges on objects in the same database"; user-guide/security-access-control-overview
/// "Database roles"].
fn check_database_role_grant(
    target: &Target<'_>,
    grantee: &ObjectName,
    at: &At,
) -> Result<(), GrammarError> {
    let account_level = || {
        let message = format!("a database role cannot hold account-level privileges {GRANT_DOC}");
        Err(err(Code::Conflict, message, at.on))
    };
    // The name that carries the database, and how many parts make it qualified.
    let (name, qualified_len) = match target {
        Target::Account => return account_level(),
        Target::Object { kind, name } => match (kind.name().as_str(), kind.scope) {
            ("DATABASE", _) => (*name, 1),
            (_, Scope::Account) => return account_level(),
            (_, Scope::Database) => (*name, 2),
            (_, Scope::Schema) => (*name, 3),
        },
        Target::Bulk {
            container,
            in_database,
            ..
        } => (*container, if *in_database { 1 } else { 2 }),
    };
    let role_db = (grantee.0.len() == 2).then(|| grantee.0[0].to_string());
    let object_db = (name.0.len() == qualified_len).then(|| name.0[0].to_string());
    if let (Some(r), Some(o)) = (role_db, object_db)
        && !r.eq_ignore_ascii_case(&o)
    {
        let message = format!(
            "database role {grantee} belongs to database {r}; it can hold privileges only on objects in {r}, not in {o} {GRANT_DOC}"
        );
        return Err(err(Code::Conflict, message, at.grantee));
    }
    Ok(())
}

impl fmt::Display for GrantPrivileges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.revoke { "REVOKE" } else { "GRANT" })?;
        if self.grant_option_for {
            f.write_str(" GRANT OPTION FOR")?;
        }
        write!(f, " {} ON ", self.privileges.join(", "))?;
        match &self.on {
            GrantOn::Account => f.write_str("ACCOUNT")?,
            GrantOn::Object {
                kind,
                name,
                signature,
            } => {
                write!(f, "{kind} {name}")?;
                if let Some(sig) = signature {
                    write!(f, "({})", Commas(sig))?;
                }
            }
            GrantOn::Bulk {
                future,
                plural,
                in_database,
                container,
                ..
            } => write!(
                f,
                "{} {plural} IN {} {container}",
                if *future { "FUTURE" } else { "ALL" },
                if *in_database { "DATABASE" } else { "SCHEMA" }
            )?,
        }
        write!(
            f,
            " {} {} {}",
            if self.revoke { "FROM" } else { "TO" },
            self.grantee_kind,
            self.grantee
        )?;
        if self.with_grant_option {
            f.write_str(" WITH GRANT OPTION")?;
        }
        if let Some(c) = &self.current_grants {
            write!(f, " {c} CURRENT GRANTS")?;
        }
        if let Some(c) = &self.cascade {
            write!(f, " {c}")?;
        }
        Ok(())
    }
}
