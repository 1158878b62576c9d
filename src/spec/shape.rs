//! The shape check: every unknown key, wrong type, unknown value and missing key of a spec in
//! one pass, against the spec's own JSON Schema (the one `snowtenant schema` prints), so a
//! hand-written spec shows all its slips at once instead of serde's first one.

use serde_json::{Map, Value as Json};

use super::node::{Node, Value};
use crate::diag::Diagnostic;

/// The shape check's findings, and the byte ranges (unknown keys with their values) that, blanked,
/// leave a spec of the right shape when every finding is one of them: then the semantic checks run
/// too and every error is reported in one run.
pub struct Checked {
    pub diags: Vec<Diagnostic>,
    pub repairs: Vec<(usize, usize)>,
}

impl Checked {
    /// Every finding is an unknown key that blanking removes.
    pub fn repairable(&self) -> bool {
        !self.diags.is_empty() && self.repairs.len() == self.diags.len()
    }
}

pub fn check(root: &Node, schema: &Json) -> Checked {
    let no_defs = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Json::as_object)
        .unwrap_or(&no_defs);
    let mut walker = Walker {
        defs,
        diags: Vec::new(),
        repairs: Vec::new(),
    };
    walker.walk(root, schema, "");
    Checked {
        diags: walker.diags,
        repairs: walker.repairs,
    }
}

/// Where a node's text ends: the furthest end of it and everything in it.
fn node_end(node: &Node) -> usize {
    let own = node.span.offset + node.span.len;
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| (k.span.offset + k.span.len).max(node_end(v)))
            .fold(own, usize::max),
        Value::Seq(items) => items.iter().map(node_end).fold(own, usize::max),
        _ => own,
    }
}

struct Walker<'a> {
    defs: &'a Map<String, Json>,
    diags: Vec<Diagnostic>,
    repairs: Vec<(usize, usize)>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn describe(t: &str) -> &'static str {
    match t {
        "null" => "nothing",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text",
        "array" => "a list",
        "object" => "a mapping of keys",
        _ => "a value",
    }
}

impl<'a> Walker<'a> {
    fn resolve(&self, schema: &'a Json) -> &'a Json {
        let mut s = schema;
        while let Some(r) = s.get("$ref").and_then(Json::as_str) {
            match r
                .strip_prefix("#/$defs/")
                .and_then(|name| self.defs.get(name))
            {
                Some(target) => s = target,
                None => break,
            }
        }
        s
    }

    /// Checks `node` against `schema`; `at` names the place for messages.
    fn walk(&mut self, node: &Node, schema: &'a Json, at: &str) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            return self.alternatives(node, branches, at);
        }
        if !self.type_matches(node, schema, at) {
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            self.enumeration(node, allowed, at);
        }
        if let Some(constant) = schema.get("const") {
            self.enumeration(node, std::slice::from_ref(constant), at);
        }
        match &node.value {
            Value::Map(entries) => self.object(node, entries, schema, at),
            Value::Seq(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, n) in items.iter().enumerate() {
                        self.walk(n, item, &format!("{at}[{i}]"));
                    }
                }
            }
            Value::Int(i) if *i < 0 && schema.get("minimum").and_then(Json::as_i64) == Some(0) => {
                self.diags.push(
                    Diagnostic::new("SPEC001", format!("{} cannot be negative", place(at)))
                        .at(node.span, "expected 0 or more"),
                );
            }
            _ => {}
        }
    }

    fn type_matches(&mut self, node: &Node, schema: &Json, at: &str) -> bool {
        let Some(types) = schema.get("type") else {
            return true;
        };
        let types: Vec<&str> = match types {
            Json::String(t) => vec![t.as_str()],
            Json::Array(ts) => ts.iter().filter_map(Json::as_str).collect(),
            _ => return true,
        };
        let actual = kind(&node.value);
        let ok = types
            .iter()
            .any(|t| *t == actual || (*t == "number" && actual == "integer"));
        if !ok {
            let expected: Vec<&str> = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| describe(t))
                .collect();
            self.diags.push(
                Diagnostic::new(
                    "SPEC001",
                    format!("{} must be {}", place(at), expected.join(" or ")),
                )
                .at(node.span, format!("this is {}", describe(actual))),
            );
        }
        ok
    }

    fn enumeration(&mut self, node: &Node, allowed: &[Json], at: &str) {
        let Value::Str(s) = &node.value else { return };
        let names: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
        if names.contains(&s.as_str()) {
            return;
        }
        let mut d = Diagnostic::new(
            "SPEC001",
            format!("`{s}` is not a valid value for {}", place(at)),
        )
        .at(node.span, format!("one of {}", names.join(", ")));
        if let Some(best) = crate::suggest::closest(s, names.iter().copied()) {
            d = d.help(format!("did you mean `{best}`?"));
        }
        self.diags.push(d);
    }

    fn object(
        &mut self,
        node: &Node,
        entries: &[(super::Sp<String>, Node)],
        schema: &'a Json,
        at: &str,
    ) {
        let props = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        for (key, value) in entries {
            let path = if at.is_empty() {
                key.value.clone()
            } else {
                format!("{at}.{}", key.value)
            };
            match props.and_then(|p| p.get(&key.value)) {
                Some(prop) => self.walk(value, prop, &path),
                None => match additional {
                    Some(Json::Bool(false)) => {
                        let known: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let mut d = Diagnostic::new(
                            "SPEC001",
                            format!("unknown key `{}` in {}", key.value, place(at)),
                        )
                        .at(key.span, "not a key of this section");
                        d = match crate::suggest::closest(&key.value, known.iter().copied()) {
                            Some(best) => d.help(format!("did you mean `{best}`?")),
                            None => d.help(format!("keys here: {}", known.join(", "))),
                        };
                        self.diags.push(d);
                        self.repairs.push((key.span.offset, node_end(value)));
                    }
                    Some(extra @ Json::Object(_)) => self.walk(value, extra, &path),
                    _ => {}
                },
            }
        }
        for required in schema
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
        {
            if !entries.iter().any(|(k, _)| k.value == required) {
                self.diags.push(
                    Diagnostic::new(
                        "SPEC001",
                        format!("{} needs the key `{required}`", place(at)),
                    )
                    .at(node.span, format!("`{required}` is missing here")),
                );
            }
        }
    }

    /// `Option<T>` (T or null) and enums of mappings (`{env: ...}` or `{file: ...}`).
    fn alternatives(&mut self, node: &Node, branches: &'a [Json], at: &str) {
        let constants: Vec<Json> = branches
            .iter()
            .filter_map(|b| self.resolve(b).get("const").cloned())
            .collect();
        if !constants.is_empty() && constants.len() == branches.len() {
            if self.type_matches(node, &serde_json::json!({"type": "string"}), at) {
                self.enumeration(node, &constants, at);
            }
            return;
        }
        let mut failures = Vec::new();
        for branch in branches {
            let mut trial = Walker {
                defs: self.defs,
                diags: Vec::new(),
                repairs: Vec::new(),
            };
            trial.walk(node, branch, at);
            if trial.diags.is_empty() {
                return;
            }
            failures.push((
                self.resolve(branch).get("type").and_then(Json::as_str) == Some("null"),
                trial.diags,
            ));
        }
        let mut non_null = failures
            .into_iter()
            .filter(|(is_null, _)| !is_null)
            .map(|(_, d)| d);
        match (non_null.next(), non_null.next()) {
            (Some(only), None) => self.diags.extend(only),
            _ => {
                let shapes: Vec<String> = branches
                    .iter()
                    .filter_map(|b| {
                        self.resolve(b)
                            .get("required")
                            .and_then(Json::as_array)
                            .cloned()
                    })
                    .map(|req| {
                        req.iter()
                            .filter_map(Json::as_str)
                            .map(|k| format!("`{k}: ...`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                self.diags.push(
                    Diagnostic::new(
                        "SPEC001",
                        format!("{} does not have one of its accepted forms", place(at)),
                    )
                    .at(node.span, "here")
                    .help(format!("write one of: {}", shapes.join(" | "))),
                );
            }
        }
    }
}

/// How messages name a place: `tenants[0].credit_quota`, or the spec itself at the top.
fn place(at: &str) -> String {
    if at.is_empty() {
        "the spec".to_string()
    } else {
        format!("`{at}`")
    }
}
