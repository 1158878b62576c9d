//! The account the fake Snowflake server keeps: roles, users and their properties, objects
//! (databases, schemas, tables, views, warehouses, routines, integrations, policies, monitors),
//! privilege grants, future grants, resource monitors, row access policy bodies and attachments,
//! and real tables (in SQLite) for the rows apply's ledger writes and reads.
//!
//! Grants follow docs.snowflake.com/en/sql-reference/sql/grant-privilege:
//! - `GRANT ... ON ALL <types> IN { SCHEMA | DATABASE } c` is expanded, when it runs, into one grant
//!   per object of the type existing in `c` at that moment; objects created later get nothing from it;
//! - `GRANT ... ON FUTURE <types> IN { SCHEMA | DATABASE } c` is recorded and applied to each object of
//!   the type created in `c` afterwards (never to existing ones); when future grants on the same type
//!   exist for a schema and for its database, the schema's take precedence and the database's are
//!   ignored;
//! - a grant to a role or user that does not exist, or on an object that does not exist, fails with
//!   002003 "does not exist or not authorized".
//!
//! `CREATE <kind> name` without `IF NOT EXISTS` or `OR REPLACE` fails with 002002 when the object
//! exists; the server's lock makes that check and the creation one atomic step, as Snowflake's
//! metadata commit does. `CREATE OR REPLACE` without `COPY GRANTS` drops the object's grants (and then
//! applies future grants, docs.snowflake.com/en/sql-reference/sql/create-view).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
// The statement word lists `apply` reads with (src/apply/names.rs): the words between CREATE and
// the kind, plural kinds made singular, a name's schema and database (quoted parts may hold dots).
use snowtenant::apply::names::{CREATE_MODIFIERS as MODIFIERS, containers, part};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// Roles every account has.
const SYSTEM_ROLES: &[&str] = &[
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
    "ORGADMIN",
    "PUBLIC",
];

/// A Snowflake error: code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SfError {
    pub code: String,
    pub message: String,
}

fn not_found(what: &str, name: &str) -> SfError {
    SfError {
        code: "002003".into(),
        message: format!(
            "SQL compilation error:\n{what} '{name}' does not exist or not authorized."
        ),
    }
}

fn exists(name: &str) -> SfError {
    SfError {
        code: "002002".into(),
        message: format!("SQL compilation error:\nObject '{name}' already exists."),
    }
}

fn unsupported(sql: &str) -> SfError {
    SfError {
        code: "001003".into(),
        message: format!("SQL compilation error: the test account does not model: {sql}"),
    }
}

/// A result set: column names and rows (cells are strings or null).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Answer {
    fn status() -> Self {
        Self {
            columns: vec!["status".into()],
            rows: vec![vec![json!("Statement executed successfully.")]],
        }
    }

    fn table(columns: &[&str], rows: Vec<Vec<Value>>) -> Self {
        Self {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
}

/// A privilege held by a role or user: `(privilege, kind, object, grantee type, grantee)`.
/// Kinds use `_` between words; routine names carry no signature; the object of an ACCOUNT grant
/// is empty; a role granted to a role or user is `USAGE` on `ROLE r`.
pub type Grant = (String, String, String, String, String);

/// A future grant: `(privilege, object kind (singular), container, container is a database, grantee)`.
pub type Future = (String, String, String, bool, String);

/// A resource monitor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Monitor {
    pub credit_quota: Option<f64>,
    /// `(percent, action)`, sorted.
    pub triggers: Vec<(u64, String)>,
    /// `MONTHLY` unless set (docs.snowflake.com/en/sql-reference/sql/create-resource-monitor).
    pub frequency: String,
    /// `NOTIFY_USERS`, as written.
    pub notify_users: Vec<String>,
}

impl Monitor {
    /// Applies the `FREQUENCY` and `NOTIFY_USERS` of a CREATE or ALTER ... SET.
    fn set(&mut self, props: &BTreeMap<String, String>) {
        if let Some(f) = props.get("FREQUENCY") {
            self.frequency = f.clone();
        }
        if let Some(users) = props.get("NOTIFY_USERS") {
            self.notify_users = users
                .split(',')
                .filter(|u| !u.is_empty())
                .map(str::to_string)
                .collect();
        }
    }
}

/// The account.
pub struct Account {
    pub roles: BTreeSet<String>,
    /// User name to properties set by CREATE/ALTER USER (`DEFAULT_ROLE` etc., values as written).
    pub users: BTreeMap<String, BTreeMap<String, String>>,
    /// `(kind, name)`: kinds as in grants (`TABLE`, `VIEW`, `SCHEMA`, `PROCEDURE`, ...).
    pub objects: BTreeSet<(String, String)>,
    pub grants: BTreeSet<Grant>,
    pub future: BTreeSet<Future>,
    pub monitors: BTreeMap<String, Monitor>,
    /// Warehouse (or `ACCOUNT`) to its resource monitor.
    pub monitor_of: BTreeMap<String, String>,
    /// Row access policy to its body text.
    pub policy_bodies: BTreeMap<String, String>,
    /// `(table or view, policy)`.
    pub attachments: BTreeSet<(String, String)>,
    /// `(kind, name)` to the role that created it (`SHOW ... owner`); roles and users included.
    pub owners: BTreeMap<(String, String), String>,
    /// `(kind, name)` to the properties its CREATE set (warehouses, databases, integrations...).
    pub properties: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// Tables with rows, by key (`DB.S.T`).
    db: rusqlite::Connection,
}

impl Default for Account {
    fn default() -> Self {
        let mut a = Self {
            roles: SYSTEM_ROLES.iter().map(|r| r.to_string()).collect(),
            users: BTreeMap::new(),
            objects: BTreeSet::new(),
            grants: BTreeSet::new(),
            future: BTreeSet::new(),
            monitors: BTreeMap::new(),
            monitor_of: BTreeMap::new(),
            policy_bodies: BTreeMap::new(),
            attachments: BTreeSet::new(),
            owners: BTreeMap::new(),
            properties: BTreeMap::new(),
            db: rusqlite::Connection::open_in_memory().expect("in-memory SQLite"),
        };
        // The shared SNOWFLAKE database every account has.
        a.objects.insert(("DATABASE".into(), "SNOWFLAKE".into()));
        a
    }
}

/// A token of a statement: dotted names are one `Word` of normalized parts.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(String),
    Str(String),
    Sym(String),
}

fn tokens(sql: &str) -> Vec<Tok> {
    let raw = Tokenizer::new(&SnowflakeDialect {}, sql)
        .tokenize()
        .unwrap_or_default();
    let mut out: Vec<Tok> = Vec::new();
    let mut joining = false;
    for t in raw {
        match t {
            Token::Whitespace(_) => {}
            Token::Word(w) => {
                let p = part(&w.value, w.quote_style);
                match out.last_mut() {
                    Some(Tok::Word(last)) if joining => {
                        last.push('.');
                        last.push_str(&p);
                    }
                    _ => out.push(Tok::Word(p)),
                }
                joining = false;
            }
            Token::Period => joining = true,
            Token::Number(n, _) => out.push(Tok::Num(n)),
            Token::SingleQuotedString(s) => out.push(Tok::Str(s)),
            Token::DollarQuotedString(s) => out.push(Tok::Str(s.value)),
            other => {
                joining = false;
                out.push(Tok::Sym(other.to_string()));
            }
        }
    }
    out
}

fn word(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

fn is(t: Option<&Tok>, w: &str) -> bool {
    word(t) == Some(w)
}

/// Words that make up an object kind.
const KIND_WORDS: &[&str] = &[
    "ROLE",
    "USER",
    "DATABASE",
    "SCHEMA",
    "TABLE",
    "VIEW",
    "MATERIALIZED",
    "WAREHOUSE",
    "RESOURCE",
    "MONITOR",
    "ROW",
    "ACCESS",
    "MASKING",
    "SESSION",
    "NETWORK",
    "POLICY",
    "PROCEDURE",
    "FUNCTION",
    "EXTERNAL",
    "API",
    "NOTIFICATION",
    "STORAGE",
    "SECURITY",
    "INTEGRATION",
    "ALERT",
    "STAGE",
    "SEQUENCE",
    "STREAM",
    "TASK",
    "DYNAMIC",
];

/// Words that end an object kind.
const TERMINAL: &[&str] = &[
    "ROLE",
    "USER",
    "DATABASE",
    "SCHEMA",
    "WAREHOUSE",
    "ALERT",
    "TABLE",
    "VIEW",
    "FUNCTION",
    "PROCEDURE",
    "MONITOR",
    "POLICY",
    "INTEGRATION",
    "STAGE",
    "SEQUENCE",
    "STREAM",
    "TASK",
];

/// The kind words starting at `i` (up to a word that ends a kind) and the index after them.
fn kind_at(toks: &[Tok], mut i: usize) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    while let Some(w) = word(toks.get(i))
        && KIND_WORDS.contains(&w)
    {
        words.push(w.to_string());
        i += 1;
        if TERMINAL.contains(&w) {
            break;
        }
    }
    (words, i)
}

/// The kind a written kind is granted and stored as.
fn canonical_kind(words: &[String]) -> String {
    let k = words.join("_");
    match k.as_str() {
        "EXTERNAL_FUNCTION" => "FUNCTION".into(),
        "NOTIFICATION_INTEGRATION"
        | "API_INTEGRATION"
        | "STORAGE_INTEGRATION"
        | "SECURITY_INTEGRATION" => "INTEGRATION".into(),
        _ => k,
    }
}

/// `TABLES` -> `TABLE`, `MATERIALIZED VIEWS` -> `MATERIALIZED_VIEW` (as `apply` reads them), then the
/// kind it is granted as.
fn singular(words: &[String]) -> String {
    canonical_kind(&[snowtenant::apply::names::singular_kind(words)])
}

/// A `KEY = value` property list (values as written: words, numbers, strings).
fn properties(toks: &[Tok]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < toks.len() {
        if let (Some(Tok::Word(k)), Some(Tok::Sym(eq))) = (toks.get(i), toks.get(i + 1))
            && eq == "="
        {
            let v = match toks.get(i + 2) {
                Some(Tok::Word(w) | Tok::Num(w) | Tok::Str(w)) => w.clone(),
                Some(Tok::Sym(s)) if s == "(" => {
                    // A list: up to the closing parenthesis.
                    let end = toks[i + 2..]
                        .iter()
                        .position(|t| t == &Tok::Sym(")".into()))
                        .map_or(toks.len(), |p| i + 2 + p);
                    let v = toks[i + 3..end]
                        .iter()
                        .filter_map(|t| match t {
                            Tok::Word(w) | Tok::Num(w) | Tok::Str(w) => Some(w.clone()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join(",");
                    out.insert(k.clone(), v);
                    i = end + 1;
                    continue;
                }
                _ => String::new(),
            };
            out.insert(k.clone(), v);
            i += 3;
            continue;
        }
        i += 1;
    }
    out
}

/// `TRIGGERS ON n PERCENT DO action ...` of a monitor statement.
fn triggers(toks: &[Tok]) -> Option<Vec<(u64, String)>> {
    let at = toks
        .iter()
        .position(|t| t == &Tok::Word("TRIGGERS".into()))?;
    let mut out = Vec::new();
    let mut i = at + 1;
    while is(toks.get(i), "ON") {
        let Some(Tok::Num(n)) = toks.get(i + 1) else {
            break;
        };
        let action = word(toks.get(i + 4)).unwrap_or_default().to_string();
        out.push((n.parse().unwrap_or(0), action));
        i += 5;
    }
    out.sort();
    Some(out)
}

/// The text after `->` (a policy body), trimmed of a final `;`.
fn body_of(sql: &str) -> Option<String> {
    sql.split_once("->")
        .map(|(_, b)| b.trim().trim_end_matches(';').trim().to_string())
}

/// Rewrites three-part names to one quoted SQLite table name (`"DB.S.T"`).
fn sqlite_text(sql: &str) -> String {
    let raw = Tokenizer::new(&SnowflakeDialect {}, sql)
        .tokenize()
        .unwrap_or_default();
    let mut out = String::new();
    let mut i = 0;
    while i < raw.len() {
        if let Token::Word(w) = &raw[i] {
            let mut parts = vec![part(&w.value, w.quote_style)];
            let mut j = i;
            while let (Some(Token::Period), Some(Token::Word(n))) = (raw.get(j + 1), raw.get(j + 2))
            {
                parts.push(part(&n.value, n.quote_style));
                j += 2;
            }
            if parts.len() == 3 {
                out.push('"');
                out.push_str(&parts.join(".").replace('"', ""));
                out.push('"');
                i = j + 1;
                continue;
            }
        }
        match &raw[i] {
            // sqlparser prints a string token without doubling its quotes.
            Token::SingleQuotedString(v) => {
                out.push('\'');
                out.push_str(&v.replace('\'', "''"));
                out.push('\'');
            }
            t => out.push_str(&t.to_string()),
        }
        i += 1;
    }
    out
}

impl Account {
    pub fn has(&self, kind: &str, name: &str) -> bool {
        self.objects.contains(&(kind.to_string(), name.to_string()))
    }

    /// Whether `grantee` (a role) holds `privilege` on `kind name`.
    pub fn role_holds(&self, grantee: &str, privilege: &str, kind: &str, name: &str) -> bool {
        self.grants.contains(&(
            privilege.into(),
            kind.into(),
            name.into(),
            "ROLE".into(),
            grantee.into(),
        ))
    }

    /// Objects of `kind` directly in `schema` (`DB.S`).
    pub fn objects_in(&self, kind: &str, schema: &str) -> Vec<String> {
        self.objects
            .iter()
            .filter(|(k, n)| k == kind && containers(n).0.as_deref() == Some(schema))
            .map(|(_, n)| n.clone())
            .collect()
    }

    /// Rows of a table the account keeps rows for (a SQLite query over rewritten names).
    pub fn select(&self, sql: &str) -> Result<Answer, SfError> {
        self.sqlite(sql)
    }

    /// Runs one statement as `role`.
    pub fn execute(&mut self, sql: &str, role: &str) -> Result<Answer, SfError> {
        let toks = tokens(sql);
        let verb = word(toks.first()).unwrap_or_default().to_string();
        let upper = sql.trim().to_ascii_uppercase();
        match verb.as_str() {
            "CREATE" => {
                let owned = self.created_key(&toks);
                let answer = self.create(sql, &toks)?;
                // Records who created what (and its properties), for `SHOW ... owner`.
                if let Some(key) = owned
                    && !self.owners.contains_key(&key)
                    && (self.has(&key.0, &key.1)
                        || (key.0 == "ROLE" && self.roles.contains(&key.1))
                        || (key.0 == "USER" && self.users.contains_key(&key.1)))
                {
                    self.owners.insert(key.clone(), role.to_string());
                    self.properties.insert(key, properties(&toks));
                }
                Ok(answer)
            }
            "ALTER" => self.alter(sql, &toks),
            "DROP" => self.drop(&toks),
            "GRANT" => self.grant(&toks, true),
            "REVOKE" => self.grant(&toks, false),
            "SHOW" => self.show(&toks),
            "DESCRIBE" | "DESC" => self.describe(&toks),
            "SELECT" if upper.contains("INFORMATION_SCHEMA.POLICY_REFERENCES") => {
                Ok(self.policy_references(&toks, true))
            }
            "SELECT" if upper.contains("ACCOUNT_USAGE.POLICY_REFERENCES") => {
                Ok(self.policy_references(&toks, false))
            }
            "SELECT" if upper.contains("ACCOUNT_USAGE.GRANTS_TO_ROLES") => {
                Ok(self.grants_to_roles())
            }
            "SELECT" if upper.contains("ACCOUNT_USAGE.GRANTS_TO_USERS") => {
                Ok(self.grants_to_users())
            }
            "SELECT" if upper.contains("ACCOUNT_USAGE.ROW_ACCESS_POLICIES") => {
                Ok(self.row_access_policies())
            }
            "SELECT" | "INSERT" | "UPDATE" | "DELETE" => self.sqlite(sql),
            // Rows of the example's mapping table are not modelled; apply's ledger uses
            // INSERT/UPDATE/SELECT only.
            "MERGE" | "CALL" | "USE" | "BEGIN" | "COMMIT" | "ROLLBACK" => Ok(Answer::status()),
            _ => {
                let _ = role;
                Err(unsupported(sql))
            }
        }
    }

    fn sqlite(&self, sql: &str) -> Result<Answer, SfError> {
        let text = sqlite_text(sql);
        let mut stmt = self.db.prepare(&text).map_err(|e| SfError {
            code: "002003".into(),
            message: format!("SQL compilation error: {e}"),
        })?;
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let n = columns.len();
        let mut rows = Vec::new();
        let mut q = stmt.raw_query();
        loop {
            match q.next() {
                Ok(Some(r)) => {
                    let mut row = Vec::with_capacity(n);
                    for i in 0..n {
                        let v: rusqlite::types::Value =
                            r.get(i).unwrap_or(rusqlite::types::Value::Null);
                        row.push(match v {
                            rusqlite::types::Value::Null => Value::Null,
                            rusqlite::types::Value::Integer(i) => json!(i.to_string()),
                            rusqlite::types::Value::Real(f) => json!(f.to_string()),
                            rusqlite::types::Value::Text(t) => json!(t),
                            rusqlite::types::Value::Blob(_) => json!("<blob>"),
                        });
                    }
                    rows.push(row);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(SfError {
                        code: "100072".into(),
                        message: e.to_string(),
                    });
                }
            }
        }
        if columns.is_empty() {
            return Ok(Answer::status());
        }
        Ok(Answer { columns, rows })
    }

    fn create(&mut self, sql: &str, toks: &[Tok]) -> Result<Answer, SfError> {
        let mut i = 1;
        let mut replace = false;
        // CREATE OR ALTER keeps an existing object (and its grants) like IF NOT EXISTS here.
        let mut or_alter = false;
        while let Some(w) = word(toks.get(i))
            && MODIFIERS.contains(&w)
        {
            replace |= w == "REPLACE";
            or_alter |= w == "ALTER";
            i += 1;
        }
        let (kind_words, next) = kind_at(toks, i);
        i = next;
        let mut if_not_exists = or_alter;
        if is(toks.get(i), "IF") {
            if_not_exists = true;
            i += 3;
        }
        let Some(name) = word(toks.get(i)).map(str::to_string) else {
            return Err(unsupported(sql));
        };
        let kind = canonical_kind(&kind_words);
        let rest = &toks[i + 1..];
        match kind.as_str() {
            "ROLE" => {
                if self.roles.contains(&name) {
                    return if if_not_exists || replace {
                        Ok(Answer::status())
                    } else {
                        Err(exists(&name))
                    };
                }
                self.roles.insert(name);
                return Ok(Answer::status());
            }
            "USER" => {
                if self.users.contains_key(&name) && !replace {
                    return if if_not_exists {
                        Ok(Answer::status())
                    } else {
                        Err(exists(&name))
                    };
                }
                self.users.insert(name, properties(rest));
                return Ok(Answer::status());
            }
            "RESOURCE_MONITOR" => {
                if self.monitors.contains_key(&name) && !replace {
                    return if if_not_exists {
                        Ok(Answer::status())
                    } else {
                        Err(exists(&name))
                    };
                }
                let props = properties(rest);
                let mut monitor = Monitor {
                    credit_quota: props.get("CREDIT_QUOTA").and_then(|q| q.parse().ok()),
                    triggers: triggers(rest).unwrap_or_default(),
                    frequency: "MONTHLY".into(),
                    notify_users: Vec::new(),
                };
                monitor.set(&props);
                self.monitors.insert(name.clone(), monitor);
                self.objects.insert((kind, name));
                return Ok(Answer::status());
            }
            _ => {}
        }
        let (schema, database) = containers(&name);
        if let Some(s) = &schema
            && !self.has("SCHEMA", s)
        {
            return Err(not_found("Schema", s));
        }
        if kind == "SCHEMA"
            && let Some(d) = &database
            && !self.has("DATABASE", d)
        {
            return Err(not_found("Database", d));
        }
        let key = (kind.clone(), name.clone());
        let existed = self.objects.contains(&key);
        if existed && !replace {
            return if if_not_exists {
                Ok(Answer::status())
            } else {
                Err(exists(&name))
            };
        }
        let copy_grants = toks
            .windows(2)
            .any(|w| w == [Tok::Word("COPY".into()), Tok::Word("GRANTS".into())]);
        if existed && !copy_grants {
            self.grants.retain(|g| !(g.1 == kind && g.2 == name));
        }
        self.objects.insert(key);
        if kind == "ROW_ACCESS_POLICY"
            && let Some(b) = body_of(sql)
        {
            self.policy_bodies.insert(name.clone(), b);
        }
        if kind == "TABLE" {
            self.create_sqlite_table(sql, &name, replace);
            // `... WITH ROW ACCESS POLICY p ON (c)`.
            if let Some(at) = toks.windows(4).position(|w| {
                w == [
                    Tok::Word("WITH".into()),
                    Tok::Word("ROW".into()),
                    Tok::Word("ACCESS".into()),
                    Tok::Word("POLICY".into()),
                ]
            }) && let Some(policy) = word(toks.get(at + 4))
            {
                self.attachments.insert((name.clone(), policy.to_string()));
            }
        }
        if !existed || !copy_grants {
            self.apply_future_grants(&kind, &name);
        }
        Ok(Answer::status())
    }

    /// Future grants of `kind` in the object's schema, or else its database's (the schema's take
    /// precedence, docs.snowflake.com/en/sql-reference/sql/grant-privilege).
    fn apply_future_grants(&mut self, kind: &str, name: &str) {
        let (schema, database) = containers(name);
        let in_schema: Vec<Future> = self
            .future
            .iter()
            .filter(|f| f.1 == kind && !f.3 && Some(&f.2) == schema.as_ref())
            .cloned()
            .collect();
        let chosen = if in_schema.is_empty() {
            self.future
                .iter()
                .filter(|f| f.1 == kind && f.3 && Some(&f.2) == database.as_ref())
                .cloned()
                .collect()
        } else {
            in_schema
        };
        for (privilege, kind, _, _, grantee) in chosen {
            self.grants
                .insert((privilege, kind, name.to_string(), "ROLE".into(), grantee));
        }
    }

    fn create_sqlite_table(&self, sql: &str, name: &str, replace: bool) {
        // The column list: from the first `(` after the name to its matching `)`.
        let upper = sql.to_ascii_uppercase();
        let Some(start) = upper.find(" (").or_else(|| upper.find('(')) else {
            return;
        };
        let mut depth = 0;
        let mut end = None;
        for (i, c) in sql[start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(start + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { return };
        let table = name.replace('"', "");
        if replace {
            let _ = self
                .db
                .execute(&format!("DROP TABLE IF EXISTS \"{table}\""), []);
        }
        let _ = self.db.execute(
            &format!(
                "CREATE TABLE IF NOT EXISTS \"{table}\" {}",
                &sql[start..=end].trim()
            ),
            [],
        );
    }

    fn alter(&mut self, sql: &str, toks: &[Tok]) -> Result<Answer, SfError> {
        let (kind_words, kind_end) = if is(toks.get(1), "ACCOUNT") {
            (vec!["ACCOUNT".to_string()], 2)
        } else {
            kind_at(toks, 1)
        };
        if kind_words == ["ACCOUNT"] {
            if let Some(m) = properties(&toks[kind_end..]).get("RESOURCE_MONITOR") {
                self.monitor_of.insert("ACCOUNT".into(), m.clone());
            }
            if is(toks.get(kind_end), "UNSET")
                && toks[kind_end..]
                    .iter()
                    .any(|t| is(Some(t), "RESOURCE_MONITOR"))
            {
                self.monitor_of.remove("ACCOUNT");
            }
            return Ok(Answer::status());
        }
        let (kind_words, mut i) = if is(toks.get(kind_end), "IF") {
            (kind_words, kind_end + 2)
        } else {
            (kind_words, kind_end)
        };
        // `ALTER TABLE t ...` where the kind list swallowed nothing of the name.
        let kind = canonical_kind(&kind_words);
        let Some(name) = word(toks.get(i)).map(str::to_string) else {
            return Err(unsupported(sql));
        };
        i += 1;
        let rest = &toks[i..];
        match kind.as_str() {
            "ROLE" if !self.roles.contains(&name) => Err(not_found("Role", &name)),
            "USER" => {
                let Some(props) = self.users.get_mut(&name) else {
                    return Err(not_found("User", &name));
                };
                if is(rest.first(), "SET") {
                    props.extend(properties(rest));
                }
                Ok(Answer::status())
            }
            "RESOURCE_MONITOR" => {
                let Some(m) = self.monitors.get_mut(&name) else {
                    return Err(not_found("Resource monitor", &name));
                };
                if let Some(q) = properties(rest)
                    .get("CREDIT_QUOTA")
                    .and_then(|q| q.parse().ok())
                {
                    m.credit_quota = Some(q);
                }
                if let Some(t) = triggers(rest) {
                    m.triggers = t;
                }
                m.set(&properties(rest));
                Ok(Answer::status())
            }
            "WAREHOUSE" => {
                // ALTER WAREHOUSE ... SET k = v ... | UNSET k [, ...]: an unset property reads back as
                // its default (docs.snowflake.com/en/sql-reference/sql/alter-warehouse).
                let mut set = properties(rest);
                if let Some(m) = set.remove("RESOURCE_MONITOR") {
                    self.monitor_of.insert(name.clone(), m);
                }
                let props = self
                    .properties
                    .entry(("WAREHOUSE".to_string(), name.clone()))
                    .or_default();
                if word(rest.first()) == Some("UNSET") {
                    for t in &rest[1..] {
                        if let Some(w) = word(Some(t)) {
                            if w == "RESOURCE_MONITOR" {
                                self.monitor_of.remove(&name);
                            }
                            props.remove(w);
                        }
                    }
                } else {
                    props.extend(set);
                }
                Ok(Answer::status())
            }
            "ROW_ACCESS_POLICY" => {
                if !self.has("ROW_ACCESS_POLICY", &name) {
                    return Err(not_found("Row access policy", &name));
                }
                if let Some(b) = body_of(sql) {
                    self.policy_bodies.insert(name, b);
                }
                Ok(Answer::status())
            }
            "TABLE" | "VIEW" => {
                if !self.has(&kind, &name) {
                    return Err(not_found("Table", &name));
                }
                let w: Vec<&str> = rest.iter().filter_map(|t| word(Some(t))).collect();
                match w.as_slice() {
                    ["ADD", "ROW", "ACCESS", "POLICY", policy, ..] => {
                        self.attachments.insert((name, policy.to_string()));
                    }
                    ["DROP", "ALL", "ROW", "ACCESS", "POLICIES", ..] => {
                        self.attachments.retain(|(t, _)| t != &name);
                    }
                    ["DROP", "ROW", "ACCESS", "POLICY", policy, rest @ ..] => {
                        self.attachments.remove(&(name.clone(), policy.to_string()));
                        if let ["ADD", "ROW", "ACCESS", "POLICY", p, ..] = rest {
                            self.attachments.insert((name, p.to_string()));
                        }
                    }
                    _ => {}
                }
                Ok(Answer::status())
            }
            _ => Ok(Answer::status()),
        }
    }

    fn drop(&mut self, toks: &[Tok]) -> Result<Answer, SfError> {
        let (kind_words, mut i) = kind_at(toks, 1);
        let if_exists = is(toks.get(i), "IF");
        if if_exists {
            i += 2;
        }
        let kind = canonical_kind(&kind_words);
        let name = word(toks.get(i)).unwrap_or_default().to_string();
        let found = match kind.as_str() {
            "ROLE" => {
                let found = self.roles.remove(&name);
                self.grants
                    .retain(|g| g.4 != name && !(g.1 == "ROLE" && g.2 == name));
                self.future.retain(|f| f.4 != name);
                found
            }
            "USER" => {
                let found = self.users.remove(&name).is_some();
                self.grants.retain(|g| !(g.3 == "USER" && g.4 == name));
                found
            }
            "RESOURCE_MONITOR" => {
                self.objects.remove(&(kind.clone(), name.clone()));
                self.monitors.remove(&name).is_some()
            }
            _ => {
                let found = self.objects.remove(&(kind.clone(), name.clone()));
                self.grants.retain(|g| !(g.1 == kind && g.2 == name));
                self.attachments.retain(|(t, p)| t != &name && p != &name);
                if kind == "TABLE" {
                    let _ = self.db.execute(
                        &format!("DROP TABLE IF EXISTS \"{}\"", name.replace('"', "")),
                        [],
                    );
                }
                if kind == "SCHEMA" || kind == "DATABASE" {
                    let prefix = format!("{name}.");
                    self.objects.retain(|(_, n)| !n.starts_with(&prefix));
                    self.grants.retain(|g| !g.2.starts_with(&prefix));
                    self.future
                        .retain(|f| f.2 != name && !f.2.starts_with(&prefix));
                    // Its tables' rows go with it (the ledger's, when a migration drops the old
                    // governance schema).
                    let tables: Vec<String> = self
                        .db
                        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                        .and_then(|mut q| {
                            q.query_map([], |r| r.get::<_, String>(0))?
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .unwrap_or_default();
                    let unquoted = prefix.replace('"', "");
                    for t in tables.iter().filter(|t| t.starts_with(&unquoted)) {
                        let _ = self.db.execute(&format!("DROP TABLE \"{t}\""), []);
                    }
                }
                found
            }
        };
        if !found && !if_exists {
            return Err(not_found("Object", &name));
        }
        Ok(Answer::status())
    }

    fn grant(&mut self, toks: &[Tok], give: bool) -> Result<Answer, SfError> {
        let to = if give { "TO" } else { "FROM" };
        let Some(at) = toks.iter().rposition(|t| is(Some(t), to)) else {
            return Err(unsupported("GRANT without TO"));
        };
        let grantee_kind = word(toks.get(at + 1)).unwrap_or_default().to_string();
        let grantee = word(toks.get(at + 2)).unwrap_or_default().to_string();
        match grantee_kind.as_str() {
            "ROLE" if !self.roles.contains(&grantee) => return Err(not_found("Role", &grantee)),
            "USER" if !self.users.contains_key(&grantee) => {
                return Err(not_found("User", &grantee));
            }
            "ROLE" | "USER" => {}
            _ => return Err(unsupported("a grantee other than ROLE or USER")),
        }
        // `GRANT DATABASE ROLE db.r TO ROLE x`
        // (https://docs.snowflake.com/en/sql-reference/sql/grant-database-role): the test account
        // keeps the grant; the SNOWFLAKE database's roles (USAGE_VIEWER...) exist in every account.
        if is(toks.get(1), "DATABASE") && is(toks.get(2), "ROLE") {
            let role: String = toks[3..at]
                .iter()
                .map(|t| match t {
                    Tok::Word(w) | Tok::Num(w) | Tok::Str(w) | Tok::Sym(w) => w.as_str(),
                })
                .collect();
            let g = (
                "USAGE".into(),
                "DATABASE ROLE".into(),
                role,
                grantee_kind,
                grantee,
            );
            if give {
                self.grants.insert(g);
            } else {
                self.grants.remove(&g);
            }
            return Ok(Answer::status());
        }
        // `GRANT ROLE r TO ...`.
        if is(toks.get(1), "ROLE") {
            let role = word(toks.get(2)).unwrap_or_default().to_string();
            if !self.roles.contains(&role) {
                return Err(not_found("Role", &role));
            }
            let g = ("USAGE".into(), "ROLE".into(), role, grantee_kind, grantee);
            if give {
                self.grants.insert(g);
            } else {
                self.grants.remove(&g);
            }
            return Ok(Answer::status());
        }
        let Some(on) = toks[..at].iter().position(|t| is(Some(t), "ON")) else {
            return Err(unsupported("GRANT without ON"));
        };
        let privileges: Vec<String> = toks[1..on]
            .split(|t| t == &Tok::Sym(",".into()))
            .map(|p| {
                p.iter()
                    .filter_map(|t| word(Some(t)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|p| !p.is_empty())
            .collect();
        let target = &toks[on + 1..at];
        let target_words: Vec<String> = target
            .iter()
            .take_while(|t| **t != Tok::Sym("(".into()))
            .filter_map(|t| word(Some(t)).map(str::to_string))
            .collect();
        // `ON ALL <types> IN {SCHEMA|DATABASE} c` / `ON FUTURE ...`.
        if let Some(first @ ("ALL" | "FUTURE")) = target_words.first().map(String::as_str) {
            let Some(inn) = target_words.iter().position(|w| w == "IN") else {
                return Err(unsupported("ALL/FUTURE without IN"));
            };
            let kind = singular(&target_words[1..inn]);
            let in_database = target_words.get(inn + 1).map(String::as_str) == Some("DATABASE");
            let container = target_words.get(inn + 2).cloned().unwrap_or_default();
            let container_kind = if in_database { "DATABASE" } else { "SCHEMA" };
            if !self.has(container_kind, &container) {
                return Err(not_found(
                    if in_database { "Database" } else { "Schema" },
                    &container,
                ));
            }
            if first == "FUTURE" {
                for p in privileges {
                    let f = (
                        p,
                        kind.clone(),
                        container.clone(),
                        in_database,
                        grantee.clone(),
                    );
                    if give {
                        self.future.insert(f);
                    } else {
                        self.future.remove(&f);
                    }
                }
                return Ok(Answer::status());
            }
            // Expanded against the objects that exist now.
            let prefix = format!("{container}.");
            let now: Vec<String> = self
                .objects
                .iter()
                .filter(|(k, n)| {
                    k == &kind
                        && if in_database {
                            n.starts_with(&prefix)
                        } else {
                            containers(n).0.as_deref() == Some(container.as_str())
                        }
                })
                .map(|(_, n)| n.clone())
                .collect();
            for object in now {
                for p in &privileges {
                    let g = (
                        p.clone(),
                        kind.clone(),
                        object.clone(),
                        grantee_kind.clone(),
                        grantee.clone(),
                    );
                    if give {
                        self.grants.insert(g);
                    } else {
                        self.grants.remove(&g);
                    }
                }
            }
            return Ok(Answer::status());
        }
        let (kind, object) = match target_words.as_slice() {
            [k] if k == "ACCOUNT" => ("ACCOUNT".to_string(), String::new()),
            [kind @ .., name] if !kind.is_empty() => (canonical_kind(kind), name.clone()),
            _ => return Err(unsupported("GRANT target")),
        };
        let checked = [
            "DATABASE",
            "SCHEMA",
            "TABLE",
            "VIEW",
            "WAREHOUSE",
            "INTEGRATION",
            "PROCEDURE",
            "FUNCTION",
            "ROW_ACCESS_POLICY",
        ];
        if give && checked.contains(&kind.as_str()) && !self.has(&kind, &object) {
            return Err(not_found("Object", &object));
        }
        if give && kind == "RESOURCE_MONITOR" && !self.monitors.contains_key(&object) {
            return Err(not_found("Resource monitor", &object));
        }
        for p in privileges {
            let g = (
                p,
                kind.clone(),
                object.clone(),
                grantee_kind.clone(),
                grantee.clone(),
            );
            if give {
                self.grants.insert(g);
            } else {
                self.grants.remove(&g);
            }
        }
        Ok(Answer::status())
    }

    /// `(kind, name)` a CREATE statement names.
    fn created_key(&self, toks: &[Tok]) -> Option<(String, String)> {
        let mut i = 1;
        while let Some(w) = word(toks.get(i))
            && MODIFIERS.contains(&w)
        {
            i += 1;
        }
        let (kind_words, mut i) = kind_at(toks, i);
        if is(toks.get(i), "IF") {
            i += 3;
        }
        Some((canonical_kind(&kind_words), word(toks.get(i))?.to_string()))
    }

    /// `SHOW ROLES | USERS | DATABASES | INTEGRATIONS | WAREHOUSES`: name, owner and properties in
    /// the columns Snowflake prints (docs.snowflake.com/en/sql-reference/sql/show-warehouses:
    /// `size` as `X-Small`, `auto_suspend` in seconds; /show-users: `default_role`...).
    fn show_account_objects(&self, kind: &str) -> Answer {
        let names: Vec<String> = match kind {
            "ROLE" => self.roles.iter().cloned().collect(),
            "USER" => self.users.keys().cloned().collect(),
            _ => self
                .objects
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, n)| n.clone())
                .collect(),
        };
        let columns: &[&str] = match kind {
            "WAREHOUSE" => &[
                "name",
                "owner",
                "size",
                "auto_suspend",
                "auto_resume",
                "resource_monitor",
            ],
            "USER" => &[
                "name",
                "owner",
                "type",
                "default_role",
                "default_warehouse",
                "default_namespace",
            ],
            "INTEGRATION" => &["name", "type", "enabled"],
            _ => &["name", "owner"],
        };
        let display_size = |s: &str| match s {
            "XSMALL" | "X-SMALL" => "X-Small".to_string(),
            "SMALL" => "Small".to_string(),
            "MEDIUM" => "Medium".to_string(),
            "LARGE" => "Large".to_string(),
            "XLARGE" | "X-LARGE" => "X-Large".to_string(),
            other => other.to_string(),
        };
        let rows = names
            .iter()
            .map(|n| {
                let key = (kind.to_string(), n.clone());
                let empty = BTreeMap::new();
                let props = if kind == "USER" {
                    self.users.get(n).unwrap_or(&empty)
                } else {
                    self.properties.get(&key).unwrap_or(&empty)
                };
                columns
                    .iter()
                    .map(|c| match *c {
                        "name" => json!(n),
                        "owner" => self.owners.get(&key).map_or(json!(""), |o| json!(o)),
                        "size" => json!(display_size(
                            props.get("WAREHOUSE_SIZE").map_or("XSMALL", String::as_str)
                        )),
                        "auto_suspend" => {
                            json!(props.get("AUTO_SUSPEND").map_or("600", String::as_str))
                        }
                        "auto_resume" => json!(
                            props
                                .get("AUTO_RESUME")
                                .map_or("true", String::as_str)
                                .to_ascii_lowercase()
                        ),
                        "resource_monitor" => {
                            self.monitor_of.get(n).map_or(json!("null"), |m| json!(m))
                        }
                        "enabled" => json!(
                            props
                                .get("ENABLED")
                                .map_or("false", String::as_str)
                                .to_ascii_lowercase()
                        ),
                        other => props
                            .get(&other.to_ascii_uppercase())
                            .map_or(Value::Null, |v| json!(v)),
                    })
                    .collect()
            })
            .collect();
        Answer::table(columns, rows)
    }

    fn show(&self, toks: &[Tok]) -> Result<Answer, SfError> {
        let w: Vec<&str> = toks.iter().filter_map(|t| word(Some(t))).collect();
        const GRANT_COLUMNS: &[&str] = &[
            "created_on",
            "privilege",
            "granted_on",
            "name",
            "granted_to",
            "grantee_name",
            "grant_option",
            "granted_by",
        ];
        const FUTURE_COLUMNS: &[&str] = &[
            "created_on",
            "privilege",
            "grant_on",
            "name",
            "grant_to",
            "grantee_name",
            "grant_option",
        ];
        const OBJECT_COLUMNS: &[&str] = &[
            "created_on",
            "name",
            "database_name",
            "schema_name",
            "kind",
            "owner",
        ];
        let future_row = |f: &Future| {
            vec![
                json!("2026-11-30 10:00:00.000 -0800"),
                json!(f.0),
                json!(f.1.replace('_', " ")),
                json!(format!("{}.<{}>", f.2, f.1.replace('_', " "))),
                json!("ROLE"),
                json!(f.4),
                json!("false"),
            ]
        };
        match w.as_slice() {
            ["SHOW", "GRANTS", "TO", "ROLE", role, ..] => {
                if !self.roles.contains(*role) {
                    return Err(not_found("Role", role));
                }
                let rows = self
                    .grants
                    .iter()
                    .filter(|g| g.3 == "ROLE" && g.4 == *role)
                    .map(|g| {
                        vec![
                            json!("2026-11-30 10:00:00.000 -0800"),
                            json!(g.0),
                            json!(g.1.replace('_', " ")),
                            json!(if g.1 == "ACCOUNT" { "FAKEACCT" } else { &g.2 }),
                            json!("ROLE"),
                            json!(g.4),
                            json!("false"),
                            json!("SECURITYADMIN"),
                        ]
                    })
                    .collect();
                Ok(Answer::table(GRANT_COLUMNS, rows))
            }
            ["SHOW", "GRANTS", "TO", "USER", user, ..] => {
                if !self.users.contains_key(*user) {
                    return Err(not_found("User", user));
                }
                let rows = self
                    .grants
                    .iter()
                    .filter(|g| g.3 == "USER" && g.4 == *user && g.1 == "ROLE")
                    .map(|g| {
                        vec![
                            json!("2026-11-30 10:00:00.000 -0800"),
                            json!(g.2),
                            json!("USER"),
                            json!(g.4),
                            json!("SECURITYADMIN"),
                        ]
                    })
                    .collect();
                Ok(Answer::table(
                    &[
                        "created_on",
                        "role",
                        "granted_to",
                        "grantee_name",
                        "granted_by",
                    ],
                    rows,
                ))
            }
            [
                "SHOW",
                "FUTURE",
                "GRANTS",
                "IN",
                scope @ ("SCHEMA" | "DATABASE"),
                name,
                ..,
            ] => {
                let in_database = *scope == "DATABASE";
                if !self.has(scope, name) {
                    return Err(not_found(
                        if in_database { "Database" } else { "Schema" },
                        name,
                    ));
                }
                let rows = self
                    .future
                    .iter()
                    .filter(|f| f.3 == in_database && f.2 == *name)
                    .map(future_row)
                    .collect();
                Ok(Answer::table(FUTURE_COLUMNS, rows))
            }
            ["SHOW", "FUTURE", "GRANTS", "TO", "ROLE", role, ..] => {
                let rows = self
                    .future
                    .iter()
                    .filter(|f| f.4 == *role)
                    .map(future_row)
                    .collect();
                Ok(Answer::table(FUTURE_COLUMNS, rows))
            }
            [
                "SHOW",
                kinds @ ("TABLES" | "VIEWS" | "SCHEMAS"),
                "IN",
                scope,
                name,
                ..,
            ] => {
                let kind = kinds.trim_end_matches('S');
                let rows = self
                    .objects
                    .iter()
                    .filter(|(k, n)| {
                        k == kind
                            && match *scope {
                                "SCHEMA" => containers(n).0.as_deref() == Some(*name),
                                _ => containers(n).1.as_deref() == Some(*name),
                            }
                    })
                    .map(|(_, n)| {
                        let parts: Vec<&str> = n.split('.').collect();
                        let (db, schema, object) = match parts.as_slice() {
                            [d, s, o] => (json!(d), json!(s), json!(o)),
                            [d, o] => (json!(d), Value::Null, json!(o)),
                            _ => (Value::Null, Value::Null, json!(n)),
                        };
                        vec![
                            json!("2026-11-30 10:00:00.000 -0800"),
                            object,
                            db,
                            schema,
                            json!(kind),
                            self.owners
                                .get(&(kind.to_string(), n.clone()))
                                .map_or(json!(""), |o| json!(o)),
                        ]
                    })
                    .collect();
                Ok(Answer::table(OBJECT_COLUMNS, rows))
            }
            ["SHOW", "RESOURCE", "MONITORS", ..] => {
                let rows = self
                    .monitors
                    .iter()
                    .map(|(name, m)| {
                        let at = |action: &str| {
                            let list: Vec<String> = m
                                .triggers
                                .iter()
                                .filter(|(_, a)| a == action)
                                .map(|(p, _)| format!("{p}%"))
                                .collect();
                            if list.is_empty() {
                                Value::Null
                            } else {
                                json!(list.join(","))
                            }
                        };
                        // ACCOUNT when set on the account, WAREHOUSE when on a warehouse, else NULL
                        // (docs.snowflake.com/en/sql-reference/sql/show-resource-monitors).
                        let level = if self.monitor_of.get("ACCOUNT") == Some(name) {
                            json!("ACCOUNT")
                        } else if self.monitor_of.values().any(|m| m == name) {
                            json!("WAREHOUSE")
                        } else {
                            Value::Null
                        };
                        vec![
                            json!(name),
                            m.credit_quota
                                .map_or(Value::Null, |q| json!(format!("{q:.2}"))),
                            level,
                            json!(m.frequency),
                            at("NOTIFY"),
                            at("SUSPEND"),
                            at("SUSPEND_IMMEDIATE"),
                            json!(m.notify_users.join(", ")),
                        ]
                    })
                    .collect();
                Ok(Answer::table(
                    &[
                        "name",
                        "credit_quota",
                        "level",
                        "frequency",
                        "notify_at",
                        "suspend_at",
                        "suspend_immediately_at",
                        "notify_users",
                    ],
                    rows,
                ))
            }
            ["SHOW", "WAREHOUSES", ..] => Ok(self.show_account_objects("WAREHOUSE")),
            ["SHOW", "ROLES", ..] => Ok(self.show_account_objects("ROLE")),
            ["SHOW", "USERS", ..] => Ok(self.show_account_objects("USER")),
            ["SHOW", "DATABASES", ..] => Ok(self.show_account_objects("DATABASE")),
            ["SHOW", "INTEGRATIONS", ..] => Ok(self.show_account_objects("INTEGRATION")),
            // docs.snowflake.com/en/sql-reference/sql/show-grants: who holds the role.
            ["SHOW", "GRANTS", "OF", "ROLE", role, ..] => {
                if !self.roles.contains(*role) {
                    return Err(not_found("Role", role));
                }
                let rows = self
                    .grants
                    .iter()
                    .filter(|g| g.1 == "ROLE" && g.2 == *role && g.0 == "USAGE")
                    .map(|g| {
                        vec![
                            json!("2026-11-30 10:00:00.000 -0800"),
                            json!(g.2),
                            json!(g.3),
                            json!(g.4),
                            json!("SECURITYADMIN"),
                        ]
                    })
                    .collect();
                Ok(Answer::table(
                    &[
                        "created_on",
                        "role",
                        "granted_to",
                        "grantee_name",
                        "granted_by",
                    ],
                    rows,
                ))
            }
            _ => Err(unsupported(&w.join(" "))),
        }
    }

    fn describe(&self, toks: &[Tok]) -> Result<Answer, SfError> {
        let w: Vec<&str> = toks.iter().filter_map(|t| word(Some(t))).collect();
        match w.as_slice() {
            [_, "USER", user, ..] => {
                let Some(props) = self.users.get(*user) else {
                    return Err(not_found("User", user));
                };
                let rows = props
                    .iter()
                    .map(|(k, v)| vec![json!(k), json!(v)])
                    .collect();
                Ok(Answer::table(&["property", "value"], rows))
            }
            [_, "ROW", "ACCESS", "POLICY", policy, ..] => {
                let Some(body) = self.policy_bodies.get(*policy) else {
                    return Err(not_found("Row access policy", policy));
                };
                Ok(Answer::table(
                    &["name", "signature", "return_type", "body"],
                    vec![vec![
                        json!(policy.rsplit('.').next()),
                        json!(""),
                        json!("BOOLEAN"),
                        json!(body),
                    ]],
                ))
            }
            _ => Err(unsupported(&w.join(" "))),
        }
    }

    fn policy_references(&self, toks: &[Tok], one: bool) -> Answer {
        let wanted = one
            .then(|| {
                toks.iter().find_map(|t| match t {
                    Tok::Str(s) => Some(snowtenant::apply::names::normalize_name(s)),
                    _ => None,
                })
            })
            .flatten();
        let split = |n: &str| -> Vec<Value> {
            let parts: Vec<&str> = n.split('.').collect();
            match parts.as_slice() {
                [a, b, c] => vec![json!(a), json!(b), json!(c)],
                _ => vec![Value::Null, Value::Null, json!(n)],
            }
        };
        let rows = self
            .attachments
            .iter()
            .filter(|(_, p)| wanted.as_ref().is_none_or(|w| w == p))
            .map(|(t, p)| {
                let mut row = split(p);
                row.extend(split(t));
                row
            })
            .collect();
        Answer::table(
            &[
                "POLICY_DB",
                "POLICY_SCHEMA",
                "POLICY_NAME",
                "REF_DATABASE_NAME",
                "REF_SCHEMA_NAME",
                "REF_ENTITY_NAME",
            ],
            rows,
        )
    }

    /// `SNOWFLAKE.ACCOUNT_USAGE.GRANTS_TO_USERS`: roles granted to users.
    fn grants_to_users(&self) -> Answer {
        let rows = self
            .grants
            .iter()
            .filter(|g| g.3 == "USER" && g.1 == "ROLE")
            .map(|g| vec![json!(g.2), json!("USER"), json!(g.4), Value::Null])
            .collect();
        Answer::table(&["ROLE", "GRANTED_TO", "GRANTEE_NAME", "DELETED_ON"], rows)
    }

    /// `SNOWFLAKE.ACCOUNT_USAGE.ROW_ACCESS_POLICIES`: each policy's body.
    fn row_access_policies(&self) -> Answer {
        let rows = self
            .policy_bodies
            .iter()
            .map(|(name, body)| {
                let parts: Vec<&str> = name.split('.').collect();
                let (c, s, n) = match parts.as_slice() {
                    [c, s, n] => (json!(c), json!(s), json!(n)),
                    _ => (Value::Null, Value::Null, json!(name)),
                };
                vec![c, s, n, json!(body)]
            })
            .collect();
        Answer::table(
            &[
                "POLICY_CATALOG",
                "POLICY_SCHEMA",
                "POLICY_NAME",
                "POLICY_BODY",
            ],
            rows,
        )
    }

    fn grants_to_roles(&self) -> Answer {
        let rows = self
            .grants
            .iter()
            .filter(|g| g.3 == "ROLE")
            .map(|g| {
                let parts: Vec<&str> = g.2.split('.').collect();
                let (cat, sch, name) = match (g.1.as_str(), parts.as_slice()) {
                    ("ACCOUNT", _) => (Value::Null, Value::Null, json!("FAKEACCT")),
                    (_, [a, b, c]) => (json!(a), json!(b), json!(c)),
                    ("SCHEMA", [a, b]) => (json!(a), Value::Null, json!(b)),
                    _ => (Value::Null, Value::Null, json!(g.2)),
                };
                vec![
                    json!(g.0),
                    json!(g.1.replace('_', " ")),
                    name,
                    cat,
                    sch,
                    json!(g.4),
                ]
            })
            .collect();
        Answer::table(
            &[
                "PRIVILEGE",
                "GRANTED_ON",
                "NAME",
                "TABLE_CATALOG",
                "TABLE_SCHEMA",
                "GRANTEE_NAME",
            ],
            rows,
        )
    }
}
