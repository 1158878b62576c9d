//! Property lists of the statements our grammar parses, read through the catalog: each property
//! is parsed with where its name and value are, then checked like sqlparser's option lists.

use sqlparser::ast::Ident;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::check::{Form, Given, Val, Vocabulary, check};
use crate::sqlcheck::grammar::GrammarError;
use crate::sqlcheck::words::{PropValue, Property, expected_err};

/// The catalog's view of a parsed value.
pub fn val(v: &PropValue) -> Val {
    match v {
        PropValue::String(s) => Val::Str(s.clone()),
        PropValue::Number(n) => Val::Num(n.to_string()),
        PropValue::Bool(b) => Val::Bool(*b),
        PropValue::Null => Val::Null,
        PropValue::Name(n) => Val::Word(n.to_string()),
        PropValue::List(items) => Val::List(items.iter().map(val).collect()),
        PropValue::Pairs(_) => Val::Nested,
    }
}

/// `NAME = value ...` (commas between allowed) for `form`, checked against `vocab`. At least one
/// property when `form` is SET.
pub fn parse_props(
    p: &mut Parser,
    vocab: &Vocabulary<'_>,
    form: Form,
) -> Result<Vec<Property>, GrammarError> {
    let (props, given) = parse_given(p, |name| vocab.knows(name))?;
    if form == Form::Set && props.is_empty() {
        return Err(expected_err("a property (NAME = value) after SET", p.peek_token_ref()).into());
    }
    check(vocab, form, &given)?;
    Ok(props)
}

/// `NAME = value ...` (commas between allowed), unchecked: the properties and, for the
/// catalog's check, where each name and value is. A word `knows` names, not followed by `=`, is
/// reported as a missing `=`.
pub fn parse_given(
    p: &mut Parser,
    knows: impl Fn(&str) -> bool,
) -> Result<(Vec<Property>, Vec<Given>), GrammarError> {
    let mut props = Vec::new();
    let mut given = Vec::new();
    while matches!(p.peek_token_ref().token, Token::Word(_))
        && matches!(p.peek_nth_token_ref(1).token, Token::Eq)
    {
        let name_at = p.peek_token_ref().span;
        let name = p.parse_identifier()?;
        p.expect_token(&Token::Eq)?;
        let value_at = p.peek_token_ref().span;
        let value = PropValue::parse(p)?;
        given.push(Given {
            name: name.value.clone(),
            value: val(&value),
            name_at,
            value_at,
        });
        props.push(Property { name, value });
        let _ = p.consume_token(&Token::Comma);
    }
    // A property of the kind without `=` after it: say `=` is missing.
    if let Token::Word(w) = &p.peek_token_ref().token
        && knows(&w.value)
    {
        p.parse_identifier()?;
        p.expect_token(&Token::Eq)?;
    }
    Ok((props, given))
}

/// `name [, name ...]` after UNSET, unchecked.
pub fn parse_unset_given(p: &mut Parser) -> Result<(Vec<Ident>, Vec<Given>), GrammarError> {
    let mut given = Vec::new();
    let names = p.parse_comma_separated(|p| {
        let at = p.peek_token_ref().span;
        let name = p.parse_identifier()?;
        given.push(Given {
            name: name.value.clone(),
            value: Val::None,
            name_at: at,
            value_at: at,
        });
        Ok(name)
    })?;
    if matches!(p.peek_token_ref().token, Token::Eq) {
        return Err(expected_err(
            "end of statement (UNSET takes no value)",
            p.peek_token_ref(),
        )
        .into());
    }
    Ok((names, given))
}

/// `name [, name ...]` after UNSET, checked against `vocab`.
pub fn parse_unset(p: &mut Parser, vocab: &Vocabulary<'_>) -> Result<Vec<Ident>, GrammarError> {
    let (names, given) = parse_unset_given(p)?;
    check(vocab, Form::Unset, &given)?;
    Ok(names)
}
