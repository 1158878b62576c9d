//! The shape check: every unknown key, wrong type, unknown value and missing key of a spec in
//! one pass, against the spec's own JSON Schema (the one `snowtenant schema` prints), so a
//! hand-written spec shows all its slips at once instead of serde's first one.

use serde_json::{Map, Value as Json};

use super::node::{Node, Value};
use crate::diag::Diagnostic;

/// The shape check's findings, and for each one a repair of the text that removes it: an unknown
/// key blanked, a wrong value replaced by a neutral placeholder of the schema's type, a missing key
/// inserted with one. Applied, they leave a spec of the right shape, so the typed spec can be read
/// and the semantic checks report in the same run (see `super::repair`).
pub struct Checked {
    pub diags: Vec<Diagnostic>,
    pub repairs: Vec<Edit>,
}

impl Checked {
    /// Every finding came with a repair.
    pub fn repairable(&self) -> bool {
        !self.diags.is_empty() && self.repairs.len() >= self.diags.len()
    }
}

/// One repair: the bytes `start..end` of the spec become `text`, or blanks (newlines kept, so
/// every other place stays where it was) when `text` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
}

pub fn check(root: &Node, schema: &Json, source: &str) -> Checked {
    let no_defs = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Json::as_object)
        .unwrap_or(&no_defs);
    let mut walker = Walker {
        defs,
        source,
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

/// Where a flow collection (`[...]` or `{...}`) starting at `start` ends, past its closing
/// bracket: a node's own span stops at its last item, which would leave the bracket behind.
fn flow_end(source: &str, start: usize) -> Option<usize> {
    let text = source.get(start..)?;
    if !text.starts_with(['[', '{']) {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(start + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

struct Walker<'a> {
    defs: &'a Map<String, Json>,
    source: &'a str,
    diags: Vec<Diagnostic>,
    repairs: Vec<Edit>,
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
            self.replace(node, schema);
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array)
            && !self.enumeration(node, allowed, at)
        {
            self.replace(node, schema);
        }
        if let Some(constant) = schema.get("const")
            && !self.enumeration(node, std::slice::from_ref(constant), at)
        {
            self.replace(node, schema);
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
                self.replace(node, schema);
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

    /// Whether the value is one of `allowed` (a non-string is left to the type check).
    fn enumeration(&mut self, node: &Node, allowed: &[Json], at: &str) -> bool {
        let Value::Str(s) = &node.value else {
            return true;
        };
        let names: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
        if names.contains(&s.as_str()) {
            return true;
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
        false
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
                        self.repairs.push(Edit {
                            start: key.span.offset,
                            end: node_end(value),
                            text: None,
                        });
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
                let value = props
                    .and_then(|p| p.get(required))
                    .map_or_else(|| "null".to_string(), |prop| self.placeholder(prop, 0));
                self.insert_key(node, required, &value);
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
            if !self.type_matches(node, &serde_json::json!({"type": "string"}), at)
                || !self.enumeration(node, &constants, at)
            {
                self.replace(node, &constants[0]);
            }
            return;
        }
        let mut failures = Vec::new();
        for branch in branches {
            let mut trial = Walker {
                defs: self.defs,
                source: self.source,
                diags: Vec::new(),
                repairs: Vec::new(),
            };
            trial.walk(node, branch, at);
            if trial.diags.is_empty() {
                return;
            }
            failures.push((
                self.resolve(branch).get("type").and_then(Json::as_str) == Some("null"),
                trial,
            ));
        }
        let mut non_null = failures
            .into_iter()
            .filter(|(is_null, _)| !is_null)
            .map(|(_, trial)| trial);
        match (non_null.next(), non_null.next()) {
            (Some(only), None) => {
                self.diags.extend(only.diags);
                self.repairs.extend(only.repairs);
            }
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
                let schema = serde_json::json!({ "anyOf": branches });
                self.replace(node, &schema);
            }
        }
    }

    /// Repairs a value of the wrong type or out of range: the placeholder of `schema` in its place.
    fn replace(&mut self, node: &Node, schema: &Json) {
        let start = node.span.offset.min(self.source.len());
        let end = flow_end(self.source, start)
            .unwrap_or_else(|| node_end(node))
            .clamp(start, self.source.len());
        // A value that follows `key:` or `-` directly (an empty value) needs a space before it.
        let glue = match self.source[..start].chars().next_back() {
            Some(c) if !c.is_whitespace() && !matches!(c, '[' | '{' | ',') => " ",
            _ => "",
        };
        let text = format!("{glue}{}", self.placeholder(schema, 0));
        self.repairs.push(Edit {
            start,
            end,
            text: Some(text),
        });
    }

    /// Repairs a missing key: `key: value` written before the mapping's first entry, inside the
    /// braces of a flow mapping or on a line of its own at the entries' indentation.
    fn insert_key(&mut self, node: &Node, key: &str, value: &str) {
        let at = node.span.offset.min(self.source.len());
        let key = Json::String(key.to_string());
        let (start, text) = if self.source[at..].starts_with('{') {
            (at + 1, format!(" {key}: {value}, "))
        } else {
            let line_start = self.source[..at].rfind('\n').map_or(0, |i| i + 1);
            let indent = " ".repeat(self.source[line_start..at].chars().count());
            (at, format!("{key}: {value}\n{indent}"))
        };
        self.repairs.push(Edit {
            start,
            end: start,
            text: Some(text),
        });
    }

    /// A neutral value of `schema`, as YAML flow text: its default, the first allowed value, the
    /// minimum of a number, `false`, a list of one placeholder, an empty text, or a mapping of placeholders for its required keys.
    fn placeholder(&self, schema: &'a Json, depth: usize) -> String {
        // The spec's own default, when it has one, is the most neutral value of all (an empty
        // list where the default has an item would itself be an error).
        if let Some(default) = schema.get("default").filter(|d| !d.is_null()) {
            return default.to_string();
        }
        let schema = self.resolve(schema);
        if depth > 32 {
            return "null".into();
        }
        if let Some(constant) = schema.get("const") {
            return constant.to_string();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Json::as_array)
            .and_then(|a| a.first())
        {
            return first.to_string();
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            let branch = branches
                .iter()
                .find(|b| self.resolve(b).get("type").and_then(Json::as_str) != Some("null"))
                .or(branches.first());
            return branch.map_or_else(|| "null".into(), |b| self.placeholder(b, depth + 1));
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        let Some(ty) = types.iter().find(|t| **t != "null").or(types.first()) else {
            return "null".into();
        };
        match *ty {
            "string" => "\"\"".into(),
            "integer" | "number" => schema
                .get("minimum")
                .filter(|m| m.is_number())
                .map_or_else(|| "0".into(), Json::to_string),
            "boolean" => "false".into(),
            // One placeholder item: an error on it is dropped with it, while an empty list could
            // break a "needs at least one" rule reported elsewhere.
            "array" => match schema.get("items") {
                Some(item) if item.is_object() => {
                    format!("[{}]", self.placeholder(item, depth + 1))
                }
                _ => "[]".into(),
            },
            "object" => {
                let props = schema.get("properties").and_then(Json::as_object);
                let entries: Vec<String> = schema
                    .get("required")
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str)
                    .map(|k| {
                        let value = props
                            .and_then(|p| p.get(k))
                            .map_or_else(|| "null".into(), |p| self.placeholder(p, depth + 1));
                        format!("{}: {value}", Json::String(k.to_string()))
                    })
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            _ => "null".into(),
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
