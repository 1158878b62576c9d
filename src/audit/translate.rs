//! Snowflake expressions (sqlparser `Expr` from the typed statements) to SQLite SQL, for the
//! execution proof. Only what policies and view guards use is supported; anything else is an
//! error naming the construct, never a guess.

use std::collections::BTreeMap;

use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};

use super::names::{ident, object};
use super::walk::{args, branches, source};

/// How names in an expression map to SQLite.
pub struct Scope<'a> {
    /// Policy argument to the SQL that stands for it (e.g. `t."TENANT_ID"`).
    pub args: &'a BTreeMap<String, String>,
}

/// A quoted SQLite identifier.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A SQLite string literal.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

const FUNCTIONS: &[&str] = &[
    "IS_ROLE_IN_SESSION",
    "CURRENT_ROLE",
    "CURRENT_USER",
    "UPPER",
    "LOWER",
    "COALESCE",
    "IFNULL",
    "TRIM",
];

pub fn expr(e: &Expr, scope: &Scope) -> Result<String, String> {
    Ok(match e {
        Expr::Identifier(i) => {
            let name = ident(i);
            scope
                .args
                .get(&name)
                .cloned()
                .unwrap_or_else(|| quoted(&name))
        }
        Expr::CompoundIdentifier(parts) => parts
            .iter()
            .map(|p| quoted(&ident(p)))
            .collect::<Vec<_>>()
            .join("."),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => literal(s),
            Value::Number(n, _) => n.clone(),
            Value::Boolean(b) => if *b { "1" } else { "0" }.into(),
            Value::Null => "NULL".into(),
            other => return Err(format!("value {other}")),
        },
        Expr::Nested(x) => format!("({})", expr(x, scope)?),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr: x,
        } => format!("(NOT {})", expr(x, scope)?),
        Expr::BinaryOp { left, op, right } => {
            let op = match op {
                BinaryOperator::And => "AND",
                BinaryOperator::Or => "OR",
                BinaryOperator::Eq => "=",
                BinaryOperator::NotEq => "<>",
                BinaryOperator::Lt => "<",
                BinaryOperator::LtEq => "<=",
                BinaryOperator::Gt => ">",
                BinaryOperator::GtEq => ">=",
                BinaryOperator::StringConcat => "||",
                other => return Err(format!("operator {other}")),
            };
            format!("({} {op} {})", expr(left, scope)?, expr(right, scope)?)
        }
        Expr::IsNull(x) => format!("({} IS NULL)", expr(x, scope)?),
        Expr::IsNotNull(x) => format!("({} IS NOT NULL)", expr(x, scope)?),
        Expr::IsTrue(x) => format!("({} IS 1)", expr(x, scope)?),
        Expr::In {
            expr: x,
            target: InTarget::List(list),
            negated,
            ..
        } => {
            let items: Result<Vec<String>, String> = list.iter().map(|i| expr(i, scope)).collect();
            let not = if *negated { "NOT " } else { "" };
            format!("({} {not}IN ({}))", expr(x, scope)?, items?.join(", "))
        }
        Expr::Function(f) => {
            let name = object(&f.name).to_ascii_uppercase();
            if !FUNCTIONS.contains(&name.as_str()) {
                return Err(format!("function {name}"));
            }
            let a: Result<Vec<String>, String> =
                args(&f.args).into_iter().map(|a| expr(a, scope)).collect();
            format!("{name}({})", a?.join(", "))
        }
        Expr::Exists { subquery, negated } => {
            let bs = branches(subquery);
            let [b] = bs.as_slice() else {
                return Err("EXISTS over a set operation".into());
            };
            if b.from.len() != 1 || !b.from[0].joins.is_empty() {
                return Err("EXISTS over a join".into());
            }
            let table = source(b).ok_or("EXISTS over a derived table")?;
            let alias = match &b.from[0].relation {
                sqlparser::ast::TableFactor::Table { alias: Some(a), .. } => {
                    format!(" AS {}", quoted(&ident(&a.name)))
                }
                _ => String::new(),
            };
            let cond = match &b.selection {
                Some(w) => format!(" WHERE {}", expr(w, scope)?),
                None => String::new(),
            };
            let not = if *negated { "NOT " } else { "" };
            format!(
                "({not}EXISTS (SELECT 1 FROM {}{alias}{cond}))",
                quoted(&table)
            )
        }
        other => return Err(format!("expression {other}")),
    })
}
