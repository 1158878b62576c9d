//! The role/object graph as Mermaid or Graphviz DOT, each tenant's roles and objects in a
//! cluster, so a reviewer can look instead of read.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::context::Context;

/// Nodes grouped by tenant (`None`: platform/shared) and the edges.
struct Graph {
    clusters: BTreeMap<Option<String>, Vec<(String, String)>>,
    /// `(from, to, label)`: role granted to a role or a user, or privileges of a role on an object.
    edges: Vec<(String, String, String)>,
}

fn build(ctx: &Context) -> Graph {
    let m = &ctx.model;
    let mut nodes: BTreeMap<String, String> = BTreeMap::new();
    let mut edges = Vec::new();
    for (granted, grantee) in m.role_grants.keys() {
        nodes.insert(granted.clone(), "role".into());
        nodes.insert(grantee.clone(), "role".into());
        edges.push((granted.clone(), grantee.clone(), "granted to".into()));
    }
    // Users (tenant service users, Sigma's connection user) with the roles granted to them.
    for (granted, user) in m.user_grants.keys() {
        nodes.insert(granted.clone(), "role".into());
        nodes.insert(user.clone(), "user".into());
        edges.push((granted.clone(), user.clone(), "granted to".into()));
    }
    let mut privs: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for p in m.privileges.keys() {
        nodes.insert(p.grantee.clone(), "role".into());
        nodes.insert(p.object.name.clone(), p.object.kind.to_ascii_lowercase());
        privs
            .entry((p.grantee.clone(), p.object.name.clone()))
            .or_default()
            .push(p.privilege.clone());
    }
    for g in m.future.keys() {
        nodes.insert(g.grantee.clone(), "role".into());
        let target = format!("future {}s in {}", g.kind.to_ascii_lowercase(), g.container);
        nodes.insert(target.clone(), "future".into());
        privs
            .entry((g.grantee.clone(), target))
            .or_default()
            .push(g.privilege.clone());
    }
    for ((role, object), list) in privs {
        edges.push((role, object, list.join(", ")));
    }
    let mut clusters: BTreeMap<Option<String>, Vec<(String, String)>> = BTreeMap::new();
    for (name, kind) in nodes {
        let tenant = ctx.own.tenant(&name).cloned().or_else(|| {
            let container = name.rsplit(" in ").next().unwrap_or("");
            kind.eq("future")
                .then(|| ctx.own.tenant(container).cloned())
                .flatten()
        });
        clusters.entry(tenant).or_default().push((name, kind));
    }
    Graph { clusters, edges }
}

fn id(name: &str) -> String {
    let mut s = String::from("n");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else {
            let _ = write!(s, "_{:x}_", c as u32);
        }
    }
    s
}

fn label(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz DOT.
pub fn dot(ctx: &Context) -> String {
    let g = build(ctx);
    let mut out =
        String::from("digraph access {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    for (i, (tenant, nodes)) in g.clusters.iter().enumerate() {
        let title = tenant
            .as_deref()
            .map(|t| format!("tenant {t}"))
            .unwrap_or("platform / shared".into());
        let _ = writeln!(
            out,
            "  subgraph cluster_{i} {{\n    label=\"{}\";",
            label(&title)
        );
        for (name, kind) in nodes {
            let shape = match kind.as_str() {
                "role" => "ellipse",
                "user" => "hexagon",
                _ => "box",
            };
            let _ = writeln!(
                out,
                "    {} [label=\"{}\\n({kind})\", shape={shape}];",
                id(name),
                label(name)
            );
        }
        out.push_str("  }\n");
    }
    for (from, to, what) in &g.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\"];",
            id(from),
            id(to),
            label(what)
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid flowchart.
pub fn mermaid(ctx: &Context) -> String {
    let g = build(ctx);
    let text = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart LR\n");
    for (i, (tenant, nodes)) in g.clusters.iter().enumerate() {
        let title = tenant
            .as_deref()
            .map(|t| format!("tenant {t}"))
            .unwrap_or("platform / shared".into());
        let _ = writeln!(out, "  subgraph c{i} [\"{}\"]", text(&title));
        for (name, kind) in nodes {
            if kind == "role" {
                let _ = writeln!(out, "    {}([\"{}\"])", id(name), text(name));
            } else if kind == "user" {
                let _ = writeln!(out, "    {}{{{{\"{} (user)\"}}}}", id(name), text(name));
            } else {
                let _ = writeln!(out, "    {}[\"{} ({kind})\"]", id(name), text(name));
            }
        }
        out.push_str("  end\n");
    }
    for (from, to, what) in &g.edges {
        let _ = writeln!(out, "  {} -->|\"{}\"| {}", id(from), text(what), id(to));
    }
    out
}
