//! Small walks over sqlparser expressions and queries that the checks share.

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget, Query, Select, SetExpr,
    TableFactor,
};

use super::input::text;
use super::names::object;

/// The SELECT branches of a query (UNION [ALL] flattened).
pub fn branches(q: &Query) -> Vec<&Select> {
    fn go<'a>(s: &'a SetExpr, out: &mut Vec<&'a Select>) {
        match s {
            SetExpr::Select(s) => out.push(s),
            SetExpr::Query(q) => go(&q.body, out),
            SetExpr::SetOperation { left, right, .. } => {
                go(left, out);
                go(right, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(&q.body, &mut out);
    out
}

/// The first table a branch reads (`FROM t`), folded.
pub fn source(s: &Select) -> Option<String> {
    match &s.from.first()?.relation {
        TableFactor::Table { name, .. } => Some(object(name)),
        _ => None,
    }
}

/// Arguments of a function call, as expressions.
pub fn args(args: &FunctionArguments) -> Vec<&Expr> {
    match args {
        FunctionArguments::List(l) => l
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(e),
                    ..
                } => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Calls `f` on every expression under `e` (subqueries' WHERE included).
pub fn visit<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    f(e);
    match e {
        Expr::BinaryOp { left, right, .. } => {
            visit(left, f);
            visit(right, f);
        }
        Expr::UnaryOp { expr, .. }
        | Expr::Nested(expr)
        | Expr::IsNull(expr)
        | Expr::IsNotNull(expr)
        | Expr::IsTrue(expr)
        | Expr::IsFalse(expr)
        | Expr::Cast { expr, .. } => visit(expr, f),
        Expr::In { expr, target, .. } => {
            visit(expr, f);
            match target {
                InTarget::List(list) => {
                    for x in list {
                        visit(x, f);
                    }
                }
                InTarget::Subquery(subquery) => {
                    for b in branches(subquery) {
                        if let Some(w) = &b.selection {
                            visit(w, f);
                        }
                    }
                }
                _ => {}
            }
        }
        Expr::Function(func) => {
            for a in args(&func.args) {
                visit(a, f);
            }
        }
        Expr::Exists { subquery, .. } | Expr::Subquery(subquery) => {
            for b in branches(subquery) {
                if let Some(w) = &b.selection {
                    visit(w, f);
                }
            }
        }
        Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            if let Some(o) = operand {
                visit(o, f);
            }
            for c in conditions {
                visit(&c.condition, f);
                visit(&c.result, f);
            }
            if let Some(e) = else_result {
                visit(e, f);
            }
        }
        _ => {}
    }
}

/// Is `e` a call of the function `name` (case-insensitive)?
pub fn is_call<'a>(e: &'a Expr, name: &str) -> Option<Vec<&'a Expr>> {
    match e {
        Expr::Function(f) if object(&f.name).eq_ignore_ascii_case(name) => Some(args(&f.args)),
        _ => None,
    }
}

/// The literal role names passed to `IS_ROLE_IN_SESSION` anywhere in `e`, and whether any call
/// takes a non-literal (a mapping column).
pub fn session_roles(e: &Expr) -> (Vec<String>, bool) {
    let mut literals = Vec::new();
    let mut dynamic = false;
    visit(e, &mut |x| {
        if let Some(a) = is_call(x, "IS_ROLE_IN_SESSION") {
            match text(a.first().copied()) {
                Some(r) => literals.push(r),
                None => dynamic = true,
            }
        }
    });
    (literals, dynamic)
}

/// Whether `e` compares `CURRENT_ROLE()` (a string comparison Snowflake advises against).
pub fn uses_current_role(e: &Expr) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        if is_call(x, "CURRENT_ROLE").is_some() {
            found = true;
        }
    });
    found
}
