//! The tenant graph: what a tenant role reaches, laid out in Rust and drawn as SVG by
//! `templates/docs/graph.svg`.
//!
//! Layout, chosen to stay readable at any number of objects: users on the left, the role in the
//! middle, and on the right one box per (whose, privilege set): the tenant's own objects first,
//! then the shared ones. One edge per box, from the role, so edges fan out from one point and
//! never cross; the privilege set is the box's title, never a label on an edge. Boxes list at
//! most [`MAX_ITEMS`] objects (the rest as "+N more"); long names keep their end.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;

use super::reach::{Item, Protection, Reach, Scope};

/// Objects listed per box.
pub const MAX_ITEMS: usize = 12;
const LINE: i64 = 16;
const BOX_X: i64 = 460;
const BOX_W: i64 = 500;
const ROLE_X: i64 = 195;
const ROLE_W: i64 = 225;
const USER_W: i64 = 160;
const WIDTH: i64 = 970;
/// Characters that fit in a box line (12 px monospace: about 7.3 px each).
const CHARS: usize = 66;

/// Whether a box, item or edge exists before a change, after it, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Added,
    Removed,
}

impl Change {
    fn class(self) -> &'static str {
        match self {
            Change::Same => "",
            Change::Added => " added",
            Change::Removed => " removed",
        }
    }
}

/// A text line.
pub struct Text {
    pub x: i64,
    pub y: i64,
    pub class: String,
    pub text: String,
    /// The full text, as a tooltip, when `text` was shortened.
    pub full: String,
}

/// A rectangle.
pub struct Rect {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    pub class: String,
}

/// An edge, as an SVG path.
pub struct Edge {
    pub d: String,
    pub class: String,
}

#[derive(Template)]
#[template(path = "docs/graph.svg")]
pub struct Graph {
    pub title: String,
    pub width: i64,
    pub height: i64,
    pub rects: Vec<Rect>,
    pub texts: Vec<Text>,
    pub edges: Vec<Edge>,
}

/// A box: whose, which privileges, and its items with their change.
struct Group {
    scope: Scope,
    privileges: String,
    items: Vec<(Item, Change)>,
}

/// Groups a reach (or the union of two, with changes) into boxes.
fn groups(items: &BTreeMap<Item, (BTreeSet<String>, Change)>) -> Vec<Group> {
    let mut by: BTreeMap<(Scope, String), Vec<(Item, Change)>> = BTreeMap::new();
    for (item, (privs, change)) in items {
        let privs: Vec<&str> = privs.iter().map(String::as_str).collect();
        by.entry((item.scope, privs.join(", ")))
            .or_default()
            .push((item.clone(), *change));
    }
    by.into_iter()
        .map(|((scope, privileges), items)| Group {
            scope,
            privileges,
            items,
        })
        .collect()
}

/// The graph of one reach.
pub fn draw(title: &str, role: &str, users: &[String], reach: &Reach) -> String {
    let items = reach
        .iter()
        .map(|(i, p)| (i.clone(), (p.clone(), Change::Same)))
        .collect();
    layout(title, role, users, &items)
}

/// The graphs before and after a change: removed items and edges in the first, added ones in
/// the second.
pub fn draw_change(title: &str, role: &str, before: &Reach, after: &Reach) -> (String, String) {
    let mut b = BTreeMap::new();
    for (item, privs) in before {
        let change = match after.get(item) {
            Some(p) if p == privs => Change::Same,
            _ => Change::Removed,
        };
        b.insert(item.clone(), (privs.clone(), change));
    }
    let mut a = BTreeMap::new();
    for (item, privs) in after {
        let change = match before.get(item) {
            Some(p) if p == privs => Change::Same,
            _ => Change::Added,
        };
        a.insert(item.clone(), (privs.clone(), change));
    }
    (
        layout(&format!("{title}: before"), role, &[], &b),
        layout(&format!("{title}: after"), role, &[], &a),
    )
}

fn layout(
    title: &str,
    role: &str,
    users: &[String],
    items: &BTreeMap<Item, (BTreeSet<String>, Change)>,
) -> String {
    let mut g = Graph {
        title: title.to_string(),
        width: WIDTH,
        height: 0,
        rects: Vec::new(),
        texts: Vec::new(),
        edges: Vec::new(),
    };
    // Right column: section captions and boxes.
    let mut y = 10;
    let mut anchors: Vec<(i64, Change, Scope)> = Vec::new();
    let mut section: Option<Scope> = None;
    for group in groups(items) {
        if section != Some(group.scope) {
            section = Some(group.scope);
            let caption = match group.scope {
                Scope::Own => "own objects",
                Scope::Shared => "shared objects (platform)",
                Scope::Foreign => "ANOTHER TENANT'S objects",
            };
            y += 14;
            g.texts.push(text(BOX_X, y, "caption", caption));
            y += 8;
        }
        let shown = group.items.len().min(MAX_ITEMS);
        let more = group.items.len() - shown;
        let h = 26 + LINE * (shown as i64 + i64::from(more > 0)) + 6;
        let change = box_change(&group.items);
        let scope = scope_class(group.scope);
        g.rects.push(Rect {
            x: BOX_X,
            y,
            w: BOX_W,
            h,
            class: format!("box {scope}{}", change.class()),
        });
        g.texts
            .push(text(BOX_X + 10, y + 17, "privs", &group.privileges));
        let mut line_y = y + 17 + LINE + 4;
        for (item, c) in group.items.iter().take(shown) {
            let (label, full) = item_label(item);
            let mut t = text(BOX_X + 10, line_y, &format!("item{}", c.class()), &label);
            t.full = full;
            g.texts.push(t);
            line_y += LINE;
        }
        if more > 0 {
            g.texts
                .push(text(BOX_X + 10, line_y, "more", &format!("+{more} more")));
        }
        anchors.push((y + 13, change, group.scope));
        y += h + 10;
    }
    let content = y.max(90);
    let role_y = content / 2 - 18;
    g.rects.push(Rect {
        x: ROLE_X,
        y: role_y,
        w: ROLE_W,
        h: 36,
        class: "role".into(),
    });
    let (label, full) = shorten(role, 29);
    let mut t = text(ROLE_X + ROLE_W / 2, role_y + 23, "role-name", &label);
    t.full = full;
    g.texts.push(t);
    let (sx, sy) = (ROLE_X + ROLE_W, role_y + 18);
    for (ty, change, scope) in anchors {
        let mid = (sx + BOX_X) / 2;
        g.edges.push(Edge {
            d: format!("M{sx},{sy} C{mid},{sy} {mid},{ty} {BOX_X},{ty}"),
            class: format!("edge {}{}", scope_class(scope), change.class()),
        });
    }
    // Users on the left, centred on the role.
    let top = role_y + 18 - (users.len() as i64 * 34) / 2;
    for (i, user) in users.iter().enumerate() {
        let uy = top + i as i64 * 34;
        g.rects.push(Rect {
            x: 10,
            y: uy,
            w: USER_W,
            h: 26,
            class: "user".into(),
        });
        let (label, full) = shorten(user, 22);
        let mut t = text(10 + USER_W / 2, uy + 17, "user-name", &label);
        t.full = full;
        g.texts.push(t);
        let mid = (10 + USER_W + ROLE_X) / 2;
        g.edges.push(Edge {
            d: format!(
                "M{},{} C{mid},{} {mid},{sy} {ROLE_X},{sy}",
                10 + USER_W,
                uy + 13,
                uy + 13
            ),
            class: "edge user-edge".into(),
        });
    }
    if items.is_empty() {
        g.texts
            .push(text(BOX_X, role_y + 23, "caption", "reaches nothing"));
    }
    g.height = content.max(top + users.len() as i64 * 34) + 10;
    g.render().unwrap_or_default()
}

fn box_change(items: &[(Item, Change)]) -> Change {
    if items.iter().all(|(_, c)| *c == Change::Added) {
        Change::Added
    } else if items.iter().all(|(_, c)| *c == Change::Removed) {
        Change::Removed
    } else {
        Change::Same
    }
}

fn scope_class(scope: Scope) -> &'static str {
    match scope {
        Scope::Own => "own",
        Scope::Shared => "shared",
        Scope::Foreign => "foreign",
    }
}

fn text(x: i64, y: i64, class: &str, text: &str) -> Text {
    Text {
        x,
        y,
        class: class.to_string(),
        text: text.to_string(),
        full: String::new(),
    }
}

/// `kind name [protection]`, shortened to a box line, and the full text when shortened.
fn item_label(item: &Item) -> (String, String) {
    let guard = match &item.protection {
        Protection::Policy(_) => " [policy]",
        Protection::Guard => " [guard]",
        Protection::Open if item.scope == Scope::Shared => " [NO POLICY]",
        _ => "",
    };
    let kind = item.kind.to_ascii_lowercase();
    let room = CHARS.saturating_sub(kind.len() + guard.len() + 1);
    let (name, full) = shorten(&item.name, room);
    let full = if full.is_empty() {
        String::new()
    } else {
        format!("{kind} {}{guard}", item.name)
    };
    (format!("{kind} {name}{guard}"), full)
}

/// A name cut to `room` characters, keeping its end (the object, not the database); the full
/// name when cut.
pub fn shorten(name: &str, room: usize) -> (String, String) {
    let n = name.chars().count();
    if n <= room || room < 2 {
        return (name.to_string(), String::new());
    }
    let tail: String = name.chars().skip(n - (room - 1)).collect();
    (format!("…{tail}"), name.to_string())
}
