//! Session policies and attaching them to users [sql/create-session-policy, sql/alter-session-policy,
//! sql/alter-user]: what keeps a user holding several tenant roles (Sigma's) from activating them all
//! with `USE SECONDARY ROLES ALL`.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::{
    comment, eat_words, expect_eq, expect_one_of, expect_words, expected_err, flag, parse_comment,
    parse_if_not_exists, parse_or_replace, parse_string, peek_words,
};

/// `ALLOWED_SECONDARY_ROLES` / `BLOCKED_SECONDARY_ROLES`: `()`, `('ALL')` or `(role, ...)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SecondaryRoleList {
    All,
    Roles(Vec<Ident>),
}

impl SecondaryRoleList {
    /// `()`: no secondary role at all.
    pub fn is_empty(&self) -> bool {
        matches!(self, SecondaryRoleList::Roles(r) if r.is_empty())
    }
}

/// The properties a session policy sets (each at most once).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SessionPolicyProps {
    pub idle_timeout_mins: Option<u64>,
    pub ui_idle_timeout_mins: Option<u64>,
    pub allowed_secondary_roles: Option<SecondaryRoleList>,
    pub blocked_secondary_roles: Option<SecondaryRoleList>,
    pub comment: Option<String>,
}

/// `CREATE [OR REPLACE] SESSION POLICY [IF NOT EXISTS] name [props]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateSessionPolicy {
    pub or_replace: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub props: SessionPolicyProps,
}

/// `ALTER SESSION POLICY [IF EXISTS] name SET props`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterSessionPolicy {
    pub if_exists: bool,
    pub name: ObjectName,
    pub set: SessionPolicyProps,
}

/// `ALTER USER [IF EXISTS] u SET { SESSION | AUTHENTICATION | PASSWORD } POLICY p [FORCE]` or
/// `... UNSET { ... } POLICY`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterUserPolicy {
    pub if_exists: bool,
    pub user: ObjectName,
    /// `SESSION`, `AUTHENTICATION` or `PASSWORD`.
    pub kind: String,
    /// `Some((policy, force))` to set, `None` to unset.
    pub set: Option<(ObjectName, bool)>,
}

const POLICY_KINDS: &[&str] = &["SESSION", "AUTHENTICATION", "PASSWORD"];

/// Parses CREATE / ALTER SESSION POLICY or ALTER USER ... SET / UNSET ... POLICY.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    if eat_words(p, &["ALTER", "USER"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let user = p.parse_object_name(false)?;
        let set = expect_one_of(p, &["SET", "UNSET"])? == 0;
        let kind = POLICY_KINDS[expect_one_of(p, POLICY_KINDS)?].to_string();
        expect_words(p, &["POLICY"])?;
        let set = if set {
            let policy = p.parse_object_name(false)?;
            Some((policy, eat_words(p, &["FORCE"])))
        } else {
            None
        };
        return Ok(SnowflakeStatement::AlterUserPolicy(AlterUserPolicy {
            if_exists,
            user,
            kind,
            set,
        }));
    }
    if eat_words(p, &["ALTER", "SESSION", "POLICY"]) {
        let if_exists = eat_words(p, &["IF", "EXISTS"]);
        let name = p.parse_object_name(false)?;
        expect_words(p, &["SET"])?;
        let set = parse_props(p)?;
        if set == SessionPolicyProps::default() {
            return Err(expected_err("a session policy property", p.peek_token_ref()).into());
        }
        return Ok(SnowflakeStatement::AlterSessionPolicy(AlterSessionPolicy {
            if_exists,
            name,
            set,
        }));
    }
    expect_words(p, &["CREATE"])?;
    let (or_replace, _) = parse_or_replace(p);
    expect_words(p, &["SESSION", "POLICY"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let props = parse_props(p)?;
    Ok(SnowflakeStatement::CreateSessionPolicy(
        CreateSessionPolicy {
            or_replace,
            if_not_exists,
            name,
            props,
        },
    ))
}

fn parse_props(p: &mut Parser) -> Result<SessionPolicyProps, GrammarError> {
    let mut props = SessionPolicyProps::default();
    loop {
        let at = p.peek_token();
        let dup = || GrammarError::from(expected_err("each property at most once", &at));
        if eat_words(p, &["SESSION_IDLE_TIMEOUT_MINS"]) {
            if props.idle_timeout_mins.is_some() {
                return Err(dup());
            }
            props.idle_timeout_mins = Some(parse_minutes(p)?);
        } else if eat_words(p, &["SESSION_UI_IDLE_TIMEOUT_MINS"]) {
            if props.ui_idle_timeout_mins.is_some() {
                return Err(dup());
            }
            props.ui_idle_timeout_mins = Some(parse_minutes(p)?);
        } else if eat_words(p, &["ALLOWED_SECONDARY_ROLES"]) {
            if props.allowed_secondary_roles.is_some() {
                return Err(dup());
            }
            props.allowed_secondary_roles = Some(parse_role_list(p)?);
        } else if eat_words(p, &["BLOCKED_SECONDARY_ROLES"]) {
            if props.blocked_secondary_roles.is_some() {
                return Err(dup());
            }
            props.blocked_secondary_roles = Some(parse_role_list(p)?);
        } else if peek_words(p, &["COMMENT"]) {
            if props.comment.is_some() {
                return Err(dup());
            }
            props.comment = parse_comment(p)?;
        } else {
            return Ok(props);
        }
    }
}

/// Idle timeouts are whole minutes from 5 to 1440 (the documented range).
fn parse_minutes(p: &mut Parser) -> Result<u64, GrammarError> {
    expect_eq(p)?;
    let at = p.peek_token();
    let n = match &at.token {
        Token::Number(n, _) => n.parse::<u64>().ok(),
        _ => None,
    }
    .filter(|n| (5..=1440).contains(n))
    .ok_or_else(|| {
        GrammarError::at(
            Code::InvalidValue,
            "an idle timeout is a whole number of minutes from 5 to 1440",
            &at,
        )
    })?;
    p.advance_token();
    Ok(n)
}

/// `()`, `('ALL')` or `(role [, role ...])`.
fn parse_role_list(p: &mut Parser) -> Result<SecondaryRoleList, GrammarError> {
    expect_eq(p)?;
    p.expect_token(&Token::LParen)?;
    if p.consume_token(&Token::RParen) {
        return Ok(SecondaryRoleList::Roles(Vec::new()));
    }
    if matches!(p.peek_token_ref().token, Token::SingleQuotedString(_)) {
        let at = p.peek_token();
        let s = parse_string(p)?;
        if !s.eq_ignore_ascii_case("ALL") {
            return Err(GrammarError::at(
                Code::InvalidValue,
                "the only quoted value is 'ALL'; roles are identifiers",
                &at,
            ));
        }
        p.expect_token(&Token::RParen)?;
        return Ok(SecondaryRoleList::All);
    }
    let roles = p.parse_comma_separated(|p| p.parse_identifier())?;
    p.expect_token(&Token::RParen)?;
    Ok(SecondaryRoleList::Roles(roles))
}

impl fmt::Display for SecondaryRoleList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecondaryRoleList::All => f.write_str("('ALL')"),
            SecondaryRoleList::Roles(r) => {
                f.write_str("(")?;
                for (i, role) in r.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{role}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for SessionPolicyProps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.idle_timeout_mins {
            write!(f, " SESSION_IDLE_TIMEOUT_MINS = {n}")?;
        }
        if let Some(n) = self.ui_idle_timeout_mins {
            write!(f, " SESSION_UI_IDLE_TIMEOUT_MINS = {n}")?;
        }
        if let Some(r) = &self.allowed_secondary_roles {
            write!(f, " ALLOWED_SECONDARY_ROLES = {r}")?;
        }
        if let Some(r) = &self.blocked_secondary_roles {
            write!(f, " BLOCKED_SECONDARY_ROLES = {r}")?;
        }
        comment(f, &self.comment)
    }
}

impl fmt::Display for CreateSessionPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        flag(f, self.or_replace, "OR REPLACE")?;
        f.write_str(" SESSION POLICY")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}{}", self.name, self.props)
    }
}

impl fmt::Display for AlterSessionPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER SESSION POLICY")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        write!(f, " {} SET{}", self.name, self.set)
    }
}

impl fmt::Display for AlterUserPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ALTER USER")?;
        flag(f, self.if_exists, "IF EXISTS")?;
        match &self.set {
            Some((policy, force)) => {
                write!(f, " {} SET {} POLICY {policy}", self.user, self.kind)?;
                flag(f, *force, "FORCE")
            }
            None => write!(f, " {} UNSET {} POLICY", self.user, self.kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sqlcheck::validate_statement;

    /// Each statement parses and prints back to itself (the canonical form).
    #[test]
    fn session_policy_statements_round_trip() {
        for sql in [
            "CREATE SESSION POLICY IF NOT EXISTS DB.GOV.SIGMA_SESSION_POLICY ALLOWED_SECONDARY_ROLES = () COMMENT = 'no secondary roles'",
            "CREATE OR REPLACE SESSION POLICY P SESSION_IDLE_TIMEOUT_MINS = 30 ALLOWED_SECONDARY_ROLES = ('ALL') BLOCKED_SECONDARY_ROLES = (R1, R2)",
            "ALTER SESSION POLICY DB.GOV.P SET ALLOWED_SECONDARY_ROLES = ()",
            "ALTER USER SIGMA_SERVICE_USER SET SESSION POLICY DB.GOV.P FORCE",
            "ALTER USER U UNSET SESSION POLICY",
        ] {
            let parsed = validate_statement(sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
            assert_eq!(parsed.to_string(), sql);
        }
    }

    #[test]
    fn bad_session_policies_are_refused() {
        for sql in [
            "CREATE SESSION POLICY P ALLOWED_SECONDARY_ROLES = ('SOME')",
            "CREATE SESSION POLICY P SESSION_IDLE_TIMEOUT_MINS = 2",
            "CREATE SESSION POLICY P ALLOWED_SECONDARY_ROLES = () ALLOWED_SECONDARY_ROLES = ()",
            "ALTER SESSION POLICY P SET",
            "ALTER USER U SET SESSION POLICY",
        ] {
            assert!(validate_statement(sql).is_err(), "{sql}");
        }
    }
}
