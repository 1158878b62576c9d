//! Checks a statement's property list against the catalog: every name known for the kind and the
//! form (CREATE, SET, UNSET), every value of the declared type, enumeration and range, each name at
//! most once, and the rules between properties. Used both by our grammar (while parsing) and on
//! the option lists of statements sqlparser parses (`sqlparser.rs`).

use sqlparser::tokenizer::Span;

use super::{CREATE, Kind, Prop, Rule, SET, UNSET, Value, Variant};
use crate::sqlcheck::diagnostic::Code;
use crate::sqlcheck::grammar::GrammarError;

/// Which statement form a property list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Create,
    Set,
    Unset,
}

impl Form {
    fn bit(self) -> u8 {
        match self {
            Self::Create => CREATE,
            Self::Set => SET,
            Self::Unset => UNSET,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Create => "given at CREATE",
            Self::Set => "SET",
            Self::Unset => "UNSET",
        }
    }
}

/// A property value as written, whoever parsed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A single-quoted string.
    Str(String),
    /// A number as written.
    Num(String),
    Bool(bool),
    /// A bare (or double-quoted) word or dotted name.
    Word(String),
    Null,
    /// `( v, ... )`.
    List(Vec<Val>),
    /// `( k = v ... )`: checked by the kind's own grammar, not here.
    Nested,
    /// UNSET: no value.
    None,
}

impl Val {
    /// The value as an enumeration word: a bare word or a quoted string, upper case.
    fn word(&self) -> Option<String> {
        match self {
            Self::Word(w) | Self::Str(w) => Some(w.to_ascii_uppercase()),
            Self::Num(n) => Some(n.clone()),
            Self::Null => Some("NULL".into()),
            _ => None,
        }
    }

    /// The value as an integer, when it is one.
    pub fn num(&self) -> Option<i64> {
        self.int()
    }

    fn int(&self) -> Option<i64> {
        match self {
            Self::Num(n) => n.parse().ok(),
            _ => None,
        }
    }
}

/// One `NAME = value` (or UNSET name) with where its name and value are.
#[derive(Debug, Clone)]
pub struct Given {
    pub name: String,
    pub value: Val,
    pub name_at: Span,
    pub value_at: Span,
}

/// The property tables of `kind` plus `extra` (e.g. session parameters for a user).
pub struct Vocabulary<'a> {
    pub kind: &'a Kind,
    pub extra: &'a [&'static [Prop]],
}

impl Vocabulary<'_> {
    /// True when `name` is one of the properties.
    pub fn knows(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    fn find(&self, name: &str) -> Option<&'static Prop> {
        self.kind.prop(name).or_else(|| {
            self.extra
                .iter()
                .find_map(|t| t.iter().find(|p| p.name.eq_ignore_ascii_case(name)))
        })
    }
}

/// Checks `given` against `vocab` for `form`; the first problem is the error.
pub fn check(vocab: &Vocabulary<'_>, form: Form, given: &[Given]) -> Result<(), GrammarError> {
    let table = Table {
        kind: vocab.kind,
        variant: None,
        first: vocab.kind.props,
        rest: vocab.extra,
        rules: vocab.kind.rules,
    };
    check_table(&table, form, given)
}

/// Checks the property list of a kind with variants (a notification or security integration).
/// At CREATE the variant's key (`TYPE`) is required and chooses the table. At ALTER a SET of the
/// key chooses too; otherwise the list is checked against the first variant that takes every
/// name given (Snowflake finds the object by name, so any variant's names may be right), and an
/// unknown name is reported against all variants. A kind without variants is checked as
/// [`check`] does.
pub fn check_variants(
    kind: &'static Kind,
    form: Form,
    given: &[Given],
) -> Result<Option<&'static Variant>, GrammarError> {
    let Some(first) = kind.variants.first() else {
        check(&Vocabulary { kind, extra: &[] }, form, given)?;
        return Ok(None);
    };
    if let Some(k) = find(given, first.key).filter(|_| form != Form::Unset) {
        let Some(variant) = k.value.word().and_then(|w| kind.variant(&w)) else {
            let values: Vec<&str> = kind.variants.iter().map(|v| v.values[0]).collect();
            let message = format!(
                "{} {} takes one of {} [docs.snowflake.com/en/{}]",
                kind.name(),
                first.key,
                values.join(", "),
                kind.doc
            );
            return Err(err(Code::InvalidValue, message, k.value_at));
        };
        check_variant(kind, variant, form, given)?;
        return Ok(Some(variant));
    }
    // Every variant's names at once: where no single variant is known to apply.
    let all: Vec<&'static [Prop]> = kind.variants.iter().map(|v| v.props).collect();
    let any_variant = Table {
        kind,
        variant: None,
        first: &[],
        rest: &all,
        rules: &[],
    };
    if form == Form::Create {
        // A misspelt TYPE reads best as the unknown name it is.
        if let Some(g) = given.iter().find(|g| {
            !all.iter()
                .any(|t| t.iter().any(|p| p.name.eq_ignore_ascii_case(&g.name)))
        }) {
            check_table(&any_variant, form, std::slice::from_ref(g))?;
        }
        let choices: Vec<String> = kind
            .variants
            .iter()
            .map(|v| format!("{} = {}", v.key, v.values[0]))
            .collect();
        let message = format!(
            "{} is required: {} [docs.snowflake.com/en/{}]",
            first.key,
            choices.join(" | "),
            kind.doc
        );
        return Err(err(Code::Syntax, message, Span::empty()));
    }
    let fits = |v: &Variant| {
        given
            .iter()
            .all(|g| v.prop(&g.name).is_some_and(|p| p.forms & form.bit() != 0))
    };
    if let Some(variant) = kind.variants.iter().find(|v| fits(v)) {
        check_variant(kind, variant, form, given)?;
        return Ok(Some(variant));
    }
    check_table(&any_variant, form, given)?;
    Ok(None)
}

/// Checks `given` against one variant of `kind`.
pub fn check_variant(
    kind: &Kind,
    variant: &Variant,
    form: Form,
    given: &[Given],
) -> Result<(), GrammarError> {
    let table = Table {
        kind,
        variant: Some(variant),
        first: variant.props,
        rest: &[],
        rules: variant.rules,
    };
    check_table(&table, form, given)
}

/// What a property list is checked against: tables searched in order, and rules.
struct Table<'a> {
    kind: &'a Kind,
    variant: Option<&'a Variant>,
    first: &'static [Prop],
    rest: &'a [&'static [Prop]],
    rules: &'static [Rule],
}

impl Table<'_> {
    fn all(&self) -> impl Iterator<Item = &'static Prop> + '_ {
        self.first
            .iter()
            .chain(self.rest.iter().flat_map(|t| t.iter()))
    }

    fn find(&self, name: &str) -> Option<&'static Prop> {
        self.all().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// `SECURITY INTEGRATION`, or `SECURITY INTEGRATION of TYPE = OAUTH` for a variant.
    fn label(&self) -> String {
        match self.variant {
            Some(v) => format!("{} of {} = {}", self.kind.name(), v.key, v.values[0]),
            None => self.kind.name(),
        }
    }

    fn doc(&self) -> &str {
        self.variant.map_or(self.kind.doc, |v| v.doc)
    }
}

fn check_table(table: &Table<'_>, form: Form, given: &[Given]) -> Result<(), GrammarError> {
    for (i, g) in given.iter().enumerate() {
        let Some(prop) = table.find(&g.name) else {
            let mut message = format!(
                "{} has no property {}",
                table.label(),
                g.name.to_ascii_uppercase()
            );
            if let Some(s) = suggest(&g.name, table.all().map(|p| p.name)) {
                message.push_str(&format!("; did you mean {s}?"));
            }
            message.push_str(&format!(" [docs.snowflake.com/en/{}]", table.doc()));
            return Err(err(Code::UnknownProperty, message, g.name_at));
        };
        if prop.forms & form.bit() == 0 {
            let message = format!(
                "{} cannot be {} on a {} [docs.snowflake.com/en/{}]",
                prop.name,
                form.verb(),
                table.label(),
                prop.doc
            );
            return Err(err(Code::UnknownProperty, message, g.name_at));
        }
        if given[..i]
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&g.name))
        {
            let message = format!("{} is given more than once", prop.name);
            return Err(err(Code::Syntax, message, g.name_at));
        }
        if form != Form::Unset {
            check_value(prop, &g.value, g.value_at)?;
        }
    }
    if form != Form::Unset {
        for rule in table.rules {
            check_rule(rule, form, given)?;
        }
    }
    Ok(())
}

fn err(code: Code, message: String, at: Span) -> GrammarError {
    GrammarError { code, message, at }
}

/// The closest known name, when close enough to be a likely typo.
pub fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let upper = name.to_ascii_uppercase();
    known
        .map(|k| (strsim::jaro_winkler(&upper, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

fn check_value(prop: &Prop, v: &Val, at: Span) -> Result<(), GrammarError> {
    let bad = |expected: String| {
        let message = format!(
            "{} takes {expected} [docs.snowflake.com/en/{}]",
            prop.name, prop.doc
        );
        Err(err(Code::InvalidValue, message, at))
    };
    match prop.value {
        Value::Bool => match v {
            Val::Bool(_) => Ok(()),
            _ => bad("TRUE or FALSE".into()),
        },
        Value::Int { min, max, null } => match v {
            Val::Null if null => Ok(()),
            _ => match v.int() {
                Some(n) if (min..=max).contains(&n) => Ok(()),
                _ => bad(range_text(min, max, null)),
            },
        },
        Value::Enum(words) => match v.word() {
            Some(w) if words.iter().any(|x| x.eq_ignore_ascii_case(&w)) => Ok(()),
            _ => bad(format!("one of {}", words.join(", "))),
        },
        Value::Str { max } => match v {
            Val::Str(s) if s.chars().count() <= max => Ok(()),
            Val::Str(_) => bad(format!("a string of at most {max} characters")),
            _ => bad("a single-quoted string".into()),
        },
        Value::Name => match v {
            Val::Word(_) | Val::Str(_) => Ok(()),
            _ => bad("a name".into()),
        },
        Value::List { max } => match v {
            Val::List(items) if items.len() <= max => Ok(()),
            Val::Nested => Ok(()),
            _ => bad(format!("a parenthesized list of at most {max} items")),
        },
        Value::EnumList(words) => match v {
            Val::List(items)
                if items.iter().all(|i| {
                    i.word()
                        .is_some_and(|w| words.iter().any(|x| x.eq_ignore_ascii_case(&w)))
                }) =>
            {
                Ok(())
            }
            _ => bad(format!("() or ({})", quoted(words))),
        },
        Value::StrOrList { max } => match v {
            Val::Str(_) => Ok(()),
            Val::List(items)
                if items.len() <= max && items.iter().all(|i| matches!(i, Val::Str(_))) =>
            {
                Ok(())
            }
            _ => bad(format!(
                "a single-quoted string or a list of at most {max} of them"
            )),
        },
        Value::Number => match v {
            Val::Num(n) if n.parse::<f64>().is_ok_and(|x| x >= 0.0) => Ok(()),
            _ => bad("a number of at least 0".into()),
        },
        Value::WordOrStr(words) => match v {
            Val::Str(_) => Ok(()),
            Val::Word(w) if words.iter().any(|x| x.eq_ignore_ascii_case(w)) => Ok(()),
            _ => bad(format!("{} or a single-quoted string", words.join(", "))),
        },
        Value::IpList { max } => match v {
            Val::List(items) if items.len() <= max => {
                for item in items {
                    match item {
                        Val::Str(s) if is_ipv4_or_cidr(s) => {}
                        Val::Str(s) => {
                            return bad(format!("IPv4 addresses or CIDR blocks; '{s}' is not one"));
                        }
                        _ => return bad("IPv4 addresses or CIDR blocks in quotes".into()),
                    }
                }
                Ok(())
            }
            _ => bad(format!(
                "a parenthesized list of at most {max} IPv4 addresses or CIDR blocks"
            )),
        },
    }
}

/// `192.168.1.0/24` or `10.0.0.1` [sql/create-network-policy: IPv4 addresses, CIDR notation].
pub fn is_ipv4_or_cidr(s: &str) -> bool {
    s.parse::<std::net::Ipv4Addr>().is_ok() || s.parse::<ipnet::Ipv4Net>().is_ok()
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn range_text(min: i64, max: i64, null: bool) -> String {
    let mut s = if max == i64::MAX {
        format!("an integer of at least {min}")
    } else {
        format!("an integer from {min} to {max}")
    };
    if null {
        s.push_str(" or NULL");
    }
    s
}

fn find<'a>(given: &'a [Given], name: &str) -> Option<&'a Given> {
    given.iter().find(|g| g.name.eq_ignore_ascii_case(name))
}

fn is_one_of(v: &Val, words: &[&str]) -> bool {
    v.word()
        .is_some_and(|w| words.iter().any(|x| x.eq_ignore_ascii_case(&w)))
}

fn check_rule(rule: &Rule, form: Form, given: &[Given]) -> Result<(), GrammarError> {
    let cite = |doc: &str| format!(" [docs.snowflake.com/en/{doc}]");
    // Required properties are a CREATE rule: the statement's end is where one is missing.
    let end = Span::empty();
    match *rule {
        Rule::Together { a, b, doc } => {
            let (ga, gb) = (find(given, a), find(given, b));
            if form == Form::Create
                && let Some(one) = ga.or(gb)
                && (ga.is_none() || gb.is_none())
            {
                let (have, missing) = if ga.is_some() { (a, b) } else { (b, a) };
                let message = format!("{have} needs {missing} too{}", cite(doc));
                return Err(err(Code::Conflict, message, one.name_at));
            }
        }
        Rule::Required { prop, doc } => {
            if form == Form::Create && find(given, prop).is_none() {
                let message = format!("{prop} is required{}", cite(doc));
                return Err(err(Code::Syntax, message, end));
            }
        }
        Rule::NeedsWhen {
            prop,
            values,
            other,
            doc,
        } => {
            if form == Form::Create
                && let Some(p) = find(given, prop)
                && is_one_of(&p.value, values)
                && find(given, other).is_none()
            {
                let what = p.value.word().unwrap_or_default();
                let message = format!("{prop} = {what} requires {other}{}", cite(doc));
                return Err(err(Code::Syntax, message, p.value_at));
            }
        }
        Rule::AtMost { lo, hi, doc } => {
            if let (Some(l), Some(h)) = (find(given, lo), find(given, hi))
                && let (Some(a), Some(b)) = (l.value.int(), h.value.int())
                && a > b
            {
                let message = format!("{lo} ({a}) cannot exceed {hi} ({b}){}", cite(doc));
                return Err(err(Code::Conflict, message, l.value_at));
            }
        }
        Rule::Excludes { a, b, doc } => {
            if find(given, a).is_some()
                && let Some(g) = find(given, b)
            {
                let message = format!("{a} and {b} cannot be given together{}", cite(doc));
                return Err(err(Code::Conflict, message, g.name_at));
            }
        }
        Rule::WhenThen {
            prop,
            values,
            other,
            allowed,
            doc,
        } => {
            if let Some(p) = find(given, prop)
                && is_one_of(&p.value, values)
                && let Some(o) = find(given, other)
                && !is_one_of(&o.value, allowed)
            {
                let what = p.value.word().unwrap_or_default();
                let message = if allowed.is_empty() {
                    format!("{other} does not apply when {prop} = {what}{}", cite(doc))
                } else {
                    format!(
                        "with {prop} = {what}, {other} must be one of {}{}",
                        allowed.join(", "),
                        cite(doc)
                    )
                };
                return Err(err(Code::Conflict, message, o.value_at));
            }
        }
        Rule::CapWhen {
            prop,
            values,
            other,
            max,
            doc,
        } => {
            if let Some(p) = find(given, prop)
                && is_one_of(&p.value, values)
                && let Some(o) = find(given, other)
                && o.value.int().is_some_and(|n| n > max)
            {
                let what = p.value.word().unwrap_or_default();
                let message = format!("{other} is at most {max} for {prop} = {what}{}", cite(doc));
                return Err(err(Code::Conflict, message, o.value_at));
            }
        }
    }
    Ok(())
}
