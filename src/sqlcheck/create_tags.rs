//! `[WITH] TAG ( name = 'value' [, ...] )` on CREATE WAREHOUSE, ROLE, USER, DATABASE and SCHEMA
//! [sql/create-warehouse, sql/create-role, sql/create-user, sql/create-database, sql/create-schema;
//! user-guide/object-tagging: a value is a string of at most 256 characters, at most 50 tags
//! per object].
//!
//! sqlparser 0.64 reads the clause on none of these kinds (or only after WITH), and our grammar
//! for roles and schemas does not either; the clause is checked here, then blanked out of the
//! tokens (positions kept), so the rest of the statement is parsed and checked as before. The
//! tags are not kept in the tree.

use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace};

use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::words::is_word;

const DOC: &str = "[docs.snowflake.com/en/user-guide/object-tagging]";
const MAX_TAG_VALUE: usize = 256;
const MAX_TAGS: usize = 50;

/// The kinds whose CREATE takes a tag list this module reads.
const KINDS: &[&str] = &["WAREHOUSE", "ROLE", "USER", "DATABASE", "SCHEMA"];

/// Checks and blanks the CREATE's tag list, when the statement is one of `KINDS`.
pub fn strip(tokens: &mut [TokenWithSpan]) -> Result<(), GrammarError> {
    // Most statements are not a CREATE: answer those without collecting anything.
    let first = tokens
        .iter()
        .find(|t| !matches!(t.token, Token::Whitespace(_)));
    if !first.is_some_and(|t| is_word(&t.token, "CREATE")) {
        return Ok(());
    }
    let sig: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_) | Token::EOF))
        .collect();
    let word = |k: usize, w: &str| sig.get(k).is_some_and(|&i| is_word(&tokens[i].token, w));
    if !word(0, "CREATE") {
        return Ok(());
    }
    let mut k = 1;
    let or_alter = word(1, "OR") && word(2, "ALTER");
    if word(1, "OR") && (word(2, "REPLACE") || word(2, "ALTER")) {
        k = 3;
    }
    if word(k, "TRANSIENT") {
        k += 1;
    }
    let kind_ok = KINDS.iter().any(|w| word(k, w)) && !word(k + 1, "ROLE");
    if !kind_ok {
        return Ok(());
    }
    let mut depth = 0usize;
    let mut at = None;
    for (n, &i) in sig.iter().enumerate().skip(k + 1) {
        match tokens[i].token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            _ if depth == 0
                && is_word(&tokens[i].token, "TAG")
                && sig
                    .get(n + 1)
                    .is_some_and(|&j| tokens[j].token == Token::LParen) =>
            {
                at = Some(n);
                break;
            }
            _ => {}
        }
    }
    let Some(tag) = at else {
        return Ok(());
    };
    // CREATE OR ALTER ROLE takes COMMENT only [sql/create-role "CREATE OR ALTER ROLE"].
    if or_alter && word(k, "ROLE") {
        let message = "CREATE OR ALTER ROLE takes COMMENT only, not TAG; use CREATE ROLE or ALTER ROLE ... SET TAG [docs.snowflake.com/en/sql-reference/sql/create-role]";
        return Err(GrammarError::at(Code::Conflict, message, &tokens[sig[tag]]));
    }
    let first = if word(tag - 1, "WITH") { tag - 1 } else { tag };
    let last = check_list(tokens, &sig, tag + 1)?;
    for &i in &sig[first..=last] {
        tokens[i].token = Token::Whitespace(Whitespace::Space);
    }
    Ok(())
}

/// Checks `( name = 'value' [, ...] )` starting at `sig[open]`; returns the index in `sig` of `)`.
fn check_list(tokens: &[TokenWithSpan], sig: &[usize], open: usize) -> Result<usize, GrammarError> {
    let tok = |k: usize| sig.get(k).map(|&i| &tokens[i]);
    let fail = |k: usize, what: &str| {
        let found = tok(k).or_else(|| sig.last().map(|&i| &tokens[i]));
        let message = match found {
            Some(t) => format!("Expected: {what}, found: {}", t.token),
            None => format!("Expected: {what}, found: end of statement"),
        };
        let at = found.map_or(sqlparser::tokenizer::Span::empty(), |t| t.span);
        Err(GrammarError {
            code: Code::Syntax,
            message,
            at,
        })
    };
    let mut k = open + 1;
    let mut names: Vec<String> = Vec::new();
    loop {
        // name [. name ...]
        let name_at = k;
        let mut name = String::new();
        loop {
            match tok(k).map(|t| &t.token) {
                Some(Token::Word(w)) => name.push_str(&w.value.to_ascii_uppercase()),
                _ => return fail(k, "a tag name"),
            }
            k += 1;
            if tok(k).is_some_and(|t| t.token == Token::Period) {
                name.push('.');
                k += 1;
            } else {
                break;
            }
        }
        if tok(k).is_none_or(|t| t.token != Token::Eq) {
            return fail(k, "= after the tag name");
        }
        k += 1;
        match tok(k).map(|t| &t.token) {
            Some(Token::SingleQuotedString(v)) if v.chars().count() > MAX_TAG_VALUE => {
                let message = format!(
                    "a tag value is at most {MAX_TAG_VALUE} characters, this one has {} {DOC}",
                    v.chars().count()
                );
                return Err(GrammarError::at(
                    Code::InvalidValue,
                    message,
                    tok(k).unwrap(),
                ));
            }
            Some(Token::SingleQuotedString(_)) => {}
            _ => return fail(k, "a single-quoted tag value"),
        }
        if names.contains(&name) {
            let message = format!("tag {name} is given more than once {DOC}");
            return Err(GrammarError::at(
                Code::Syntax,
                message,
                tok(name_at).unwrap(),
            ));
        }
        names.push(name);
        if names.len() > MAX_TAGS {
            let message = format!("an object takes at most {MAX_TAGS} tags {DOC}");
            return Err(GrammarError::at(
                Code::InvalidValue,
                message,
                tok(name_at).unwrap(),
            ));
        }
        k += 1;
        match tok(k).map(|t| &t.token) {
            Some(Token::Comma) => k += 1,
            Some(Token::RParen) => return Ok(k),
            _ => return fail(k, "`,` or `)` in the tag list"),
        }
    }
}
