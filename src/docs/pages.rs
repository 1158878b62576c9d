//! The site's pages: askama templates under `templates/docs/` (HTML-escaped), filled with data
//! prepared here. The templates only loop and print.

use std::collections::BTreeMap;

use askama::Template;
use rayon::prelude::*;

use super::facts::{Observed, Tenant};
use super::matrix::{Matrix, describe};
use super::plan::PlanView;
use super::reach::Index;
use super::svg;
use crate::audit::execute::{Executed, OUTSIDER};
use crate::audit::{Context, Report};

/// Tenants listed on the overview (the rest on `tenants.html`).
const OVERVIEW_TENANTS: usize = 60;
/// Matrix rows in the HTML (the script pages through the rest).
const MATRIX_FIRST: usize = 100;

const STYLE: &str = include_str!("../../templates/docs/style.css");
const MATRIX_JS: &str = include_str!("../../templates/docs/matrix.js");

/// Everything the pages read.
pub struct Site<'a> {
    pub ctx: &'a Context<'a>,
    pub observed: &'a Observed,
    pub report: &'a Report,
    pub executed: &'a [Executed],
    pub tenants: &'a [Tenant],
    pub index: &'a Index<'a>,
    pub matrix: &'a Matrix,
    pub plan: Option<&'a PlanView>,
}

/// The navigation bar: the way back to the root, and whether there is a plan page.
pub struct Nav {
    pub root: &'static str,
    pub plan: bool,
    pub version: &'static str,
}

pub struct ProofRow {
    pub relation: String,
    pub how: String,
    pub rows: usize,
    pub roles: String,
    pub outsider: String,
    pub exempt: String,
}

pub struct FindingRow {
    pub severity: String,
    pub code: &'static str,
    pub message: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "docs/index.html")]
struct Overview<'a> {
    nav: Nav,
    passed: bool,
    errors: usize,
    warnings: usize,
    tenants: usize,
    statements: usize,
    proofs: &'a [ProofRow],
    user_proofs: Vec<&'a String>,
    findings: &'a [FindingRow],
    tenant_links: Vec<(&'a str, &'a str)>,
    more_tenants: usize,
    objects: Vec<(&'static str, usize)>,
    kinds: Vec<(&'a String, &'a usize)>,
    files: &'a [String],
}

#[derive(Template)]
#[template(path = "docs/tenant.html")]
struct TenantPage<'a> {
    nav: Nav,
    t: &'a Tenant,
    graph: String,
    /// `(relation, how, rows seen)`.
    proofs: Vec<(&'a str, &'a str, String)>,
    sampled: bool,
    /// `(code, message)`.
    findings: Vec<(&'static str, &'a str)>,
}

pub struct TenantRow<'a> {
    pub id: &'a str,
    pub display_name: &'a str,
    pub file: &'a str,
    pub role: &'a str,
    pub warehouse: String,
}

#[derive(Template)]
#[template(path = "docs/tenants.html")]
struct TenantsPage<'a> {
    nav: Nav,
    rows: Vec<TenantRow<'a>>,
}

pub struct MatrixRow<'a> {
    pub role: &'a str,
    pub tenant: &'a str,
    pub page: &'a str,
    pub note: &'a str,
    /// `(class, words)`.
    pub cells: Vec<(&'static str, String)>,
    pub own: usize,
    pub foreign: usize,
}

/// A matrix column's heading: the object's last name part, its schema and protection, the full
/// name as a tooltip.
pub struct Column {
    pub short: String,
    pub detail: String,
    pub full: String,
}

#[derive(Template)]
#[template(path = "docs/matrix.html")]
struct MatrixPage<'a> {
    nav: Nav,
    columns: Vec<Column>,
    first: Vec<MatrixRow<'a>>,
    total: usize,
}

#[derive(Template)]
#[template(path = "docs/plan.html")]
struct PlanPage<'a> {
    nav: Nav,
    p: &'a PlanView,
    /// `(tenant, its changes)`.
    groups: Vec<(String, Vec<PlanRow<'a>>)>,
}

/// One statement of the plan, under its tenant.
pub struct PlanRow<'a> {
    pub object: &'a str,
    pub line: usize,
    pub statement: &'a str,
    pub destructive: bool,
    pub loses: &'a [String],
}

/// The plan in the Markdown summary.
pub struct PlanSummary {
    pub name: String,
    pub statements: usize,
    pub destructive: usize,
    /// `(statement, what it loses)`.
    pub losses: Vec<(String, String)>,
    pub changed: String,
}

#[derive(Template)]
#[template(path = "docs/summary.md", escape = "none")]
struct Summary<'a> {
    passed: bool,
    tenants: usize,
    statements: usize,
    errors: usize,
    warnings: usize,
    proofs: &'a [ProofRow],
    findings: Vec<FindingRow>,
    plan: Option<PlanSummary>,
}

fn nav(root: &'static str, site: &Site) -> Nav {
    Nav {
        root,
        plan: site.plan.is_some(),
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// Renders every file of the site; an error (a template that cannot render) leaves no site.
pub fn render(site: &Site) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let report = site.report;
    let proofs = proof_rows(site.executed, site.ctx.own.role_tenant.len());
    let findings: Vec<FindingRow> = report
        .findings
        .iter()
        .map(|f| FindingRow {
            severity: f.severity.to_string(),
            code: f.code,
            message: f.message.clone(),
            at: f
                .at
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let overview = Overview {
        nav: nav("", site),
        passed: report.passed(),
        errors: report.errors(),
        warnings: report.warnings(),
        tenants: site.tenants.len(),
        statements: report.statements,
        proofs: &proofs,
        user_proofs: report
            .proof
            .iter()
            .filter(|l| l.starts_with("user "))
            .collect(),
        findings: &findings,
        tenant_links: site
            .tenants
            .iter()
            .take(OVERVIEW_TENANTS)
            .map(|t| (t.file.as_str(), t.id.as_str()))
            .collect(),
        more_tenants: site.tenants.len().saturating_sub(OVERVIEW_TENANTS),
        objects: object_counts(site.ctx),
        kinds: site.observed.kinds.iter().collect(),
        files: &site.ctx.input.files,
    };
    put(&mut files, "index.html", overview.render())?;
    put(&mut files, "tenants.html", tenants_page(site).render())?;
    put(&mut files, "matrix.html", matrix_page(site).render())?;
    let json = serde_json::to_string(site.matrix).unwrap_or_default();
    files.insert(
        "matrix-data.js".into(),
        format!("window.SNOWTENANT_MATRIX = {json};\n").into_bytes(),
    );
    files.insert("matrix.json".into(), format!("{json}\n").into_bytes());
    files.insert("style.css".into(), STYLE.as_bytes().to_vec());
    // Marks the folder as a site snowtenant wrote, so the next `docs --out` may replace it.
    files.insert(
        crate::package::SITE_MARKER.into(),
        b"{\"tool\": \"snowtenant\", \"kind\": \"docs site\"}\n".to_vec(),
    );
    files.insert("matrix.js".into(), MATRIX_JS.as_bytes().to_vec());
    tenant_pages(site, &mut files)?;
    if let Some(p) = site.plan {
        put(&mut files, "plan.html", plan_page(site, p).render())?;
    }
    let summary = Summary {
        passed: report.passed(),
        tenants: site.tenants.len(),
        statements: report.statements,
        errors: report.errors(),
        warnings: report.warnings(),
        proofs: &proofs,
        findings: findings
            .into_iter()
            .map(|f| FindingRow {
                message: markdown_text(&f.message),
                ..f
            })
            .collect(),
        plan: site.plan.map(plan_summary),
    };
    put(&mut files, "summary.md", summary.render())?;
    Ok(files)
}

fn put(
    files: &mut BTreeMap<String, Vec<u8>>,
    name: &str,
    page: askama::Result<String>,
) -> Result<(), String> {
    let text = page.map_err(|e| format!("cannot render {name}: {e}"))?;
    files.insert(name.to_string(), text.into_bytes());
    Ok(())
}

fn proof_rows(executed: &[Executed], tenant_roles: usize) -> Vec<ProofRow> {
    executed
        .iter()
        .map(|e| {
            // `seen` holds the tenant roles tried, then the outsider, then the exempt roles.
            let o = e
                .seen
                .iter()
                .position(|(r, _)| r == OUTSIDER)
                .unwrap_or(e.seen.len());
            let outsider = e
                .seen
                .get(o)
                .map(|(_, n)| format!("{n} of {} rows", e.rows))
                .unwrap_or("-".into());
            let exempt: Vec<String> = e
                .seen
                .iter()
                .skip(o + 1)
                .map(|(role, n)| format!("{role} saw {n} of {}", e.rows))
                .collect();
            let mode = if e.every_tenant_role {
                "all"
            } else {
                "an even sample"
            };
            ProofRow {
                relation: e.relation.clone(),
                how: e.how.clone(),
                rows: e.rows,
                roles: format!("{o} of {tenant_roles} ({mode})"),
                outsider,
                exempt: if exempt.is_empty() {
                    "-".into()
                } else {
                    exempt.join("; ")
                },
            }
        })
        .collect()
}

/// Objects by kind, from the model.
fn object_counts(ctx: &Context) -> Vec<(&'static str, usize)> {
    let m = ctx.model;
    let tables = m.relations.values().filter(|r| r.kind == "TABLE").count();
    let secure = m
        .relations
        .values()
        .filter(|r| r.kind == "VIEW" && r.secure)
        .count();
    let views = m.relations.values().filter(|r| r.kind == "VIEW").count() - secure;
    vec![
        ("roles", m.roles.len()),
        ("users", m.users.len()),
        ("warehouses", m.warehouses.len()),
        ("resource monitors", m.monitors.len()),
        ("databases", m.databases.len()),
        ("schemas", m.schemas.len()),
        ("tables", tables),
        ("secure views", secure),
        ("views", views),
        ("row access policies", m.policies.len()),
        ("procedures and functions", m.routines.len()),
        ("alerts", m.alerts.len()),
        ("object privileges", m.privileges.len()),
        ("future grants", m.future.len()),
        ("role grants", m.role_grants.len() + m.user_grants.len()),
    ]
}

fn tenants_page<'a>(site: &'a Site) -> TenantsPage<'a> {
    TenantsPage {
        nav: nav("", site),
        rows: site
            .tenants
            .iter()
            .map(|t| TenantRow {
                id: &t.id,
                display_name: &t.display_name,
                file: &t.file,
                role: &t.role,
                warehouse: match &t.warehouse {
                    Some(w) if t.dedicated_warehouse => format!("{w} (dedicated)"),
                    Some(w) => w.clone(),
                    None => "-".into(),
                },
            })
            .collect(),
    }
}

fn matrix_page<'a>(site: &'a Site) -> MatrixPage<'a> {
    let first = site
        .matrix
        .rows
        .iter()
        .take(MATRIX_FIRST)
        .map(|r| MatrixRow {
            role: &r.role,
            tenant: &r.tenant,
            page: &r.page,
            note: &r.note,
            cells: r
                .cells
                .iter()
                .map(|c| {
                    let class = match c.split(':').next() {
                        Some("p") => "p",
                        Some("g") => "g",
                        Some("-") => "n",
                        _ => "o",
                    };
                    (class, describe(c))
                })
                .collect(),
            own: r.own,
            foreign: r.foreign,
        })
        .collect();
    MatrixPage {
        nav: nav("", site),
        columns: site
            .matrix
            .columns
            .iter()
            .map(|(name, how)| {
                let mut parts = name.rsplit('.');
                let short = parts.next().unwrap_or(name).to_string();
                let schema = parts.next().unwrap_or("");
                let how = how
                    .rsplit_once('.')
                    .map_or(how.clone(), |(_, policy)| format!("policy {policy}"));
                Column {
                    short,
                    detail: format!("{schema} · {how}"),
                    full: format!("{name} ({how})"),
                }
            })
            .collect(),
        first,
        total: site.matrix.rows.len(),
    }
}

fn tenant_pages(site: &Site, files: &mut BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    // Findings naming a tenant or its role, indexed once (not tenants x findings).
    let mut named: BTreeMap<&str, Vec<(&'static str, &str)>> = BTreeMap::new();
    let tenant_by_name: BTreeMap<&str, &str> = site
        .tenants
        .iter()
        .flat_map(|t| {
            [
                (t.id.as_str(), t.id.as_str()),
                (t.role.as_str(), t.id.as_str()),
            ]
        })
        .collect();
    for f in &site.report.findings {
        let mut seen = Vec::new();
        for word in f
            .message
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .flat_map(|w| w.split('.'))
        {
            if let Some(t) = tenant_by_name.get(word)
                && !seen.contains(t)
            {
                seen.push(*t);
                named.entry(*t).or_default().push((f.code, &f.message));
            }
        }
    }
    let sampled = site.executed.iter().any(|e| !e.every_tenant_role);
    // Pages are independent: render them on rayon's threads, insert in order.
    let pages: Vec<(String, askama::Result<String>)> = site
        .tenants
        .par_iter()
        .map(|t| {
            let reach = site.index.reach(&t.role, Some(&t.id));
            let mut users = t.users.clone();
            if let Some(s) = &t.sigma_user {
                users.push(s.clone());
            }
            let graph = svg::draw(&format!("What {} reaches", t.role), &t.role, &users, &reach);
            let proofs = site
                .executed
                .iter()
                .filter_map(|e| {
                    let (_, n) = e.seen.iter().find(|(r, _)| *r == t.role)?;
                    Some((
                        e.relation.as_str(),
                        e.how.as_str(),
                        format!("{n} of {}", e.rows),
                    ))
                })
                .collect();
            let page = TenantPage {
                nav: nav("../", site),
                t,
                graph,
                proofs,
                sampled,
                findings: named.get(t.id.as_str()).cloned().unwrap_or_default(),
            };
            (format!("tenants/{}", t.file), page.render())
        })
        .collect();
    for (name, page) in pages {
        put(files, &name, page)?;
    }
    Ok(())
}

fn plan_page<'a>(site: &'a Site, p: &'a PlanView) -> PlanPage<'a> {
    PlanPage {
        nav: nav("", site),
        p,
        groups: p
            .groups
            .iter()
            .map(|(tenant, objects)| {
                let title = tenant
                    .as_ref()
                    .map(|t| format!("tenant {t}"))
                    .unwrap_or("platform / shared".into());
                let rows = objects
                    .iter()
                    .flat_map(|(obj, changes)| {
                        changes.iter().map(move |c| PlanRow {
                            object: obj.as_str(),
                            line: c.line,
                            statement: c.headline.as_str(),
                            destructive: c.destructive,
                            loses: c.loses.as_slice(),
                        })
                    })
                    .collect();
                (title, rows)
            })
            .collect(),
    }
}

fn plan_summary(p: &PlanView) -> PlanSummary {
    let losses = p
        .groups
        .values()
        .flat_map(|o| o.values().flatten())
        .filter(|c| c.destructive)
        .map(|c| {
            (
                markdown_text(&c.headline),
                markdown_text(&c.loses.join("; ")),
            )
        })
        .collect();
    let changed = p
        .graphs
        .iter()
        .map(|g| g.tenant.clone())
        .collect::<Vec<_>>()
        .join(", ");
    PlanSummary {
        name: p.name.clone(),
        statements: p.statements,
        destructive: p.destructive,
        losses,
        changed,
    }
}

/// Text safe in a Markdown table cell or list item: no pipes, backticks or HTML.
fn markdown_text(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('`', "'")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
