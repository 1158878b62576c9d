//! Loads the statements to apply: a package's step files (`sql/NN_*.sql`, in order) or one
//! migration script, each statement parsed by the validator and tagged with the session
//! context (`USE ROLE`, `USE WAREHOUSE`...) its file set before it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlparser::ast::{Statement, Use};

use crate::sqlcheck::{self, Typed};

/// One statement to run, with where it came from.
#[derive(Debug, Clone)]
pub struct Step {
    /// Stable identity: `file#index#sha256(text)`; the journal keys outcomes by it.
    pub id: String,
    /// Path of its file relative to the package (or the migration's file name).
    pub file: String,
    /// 0-based index among the file's statements (`USE` statements included).
    pub index: usize,
    /// 1-based line in its file.
    pub line: usize,
    /// The statement text as written.
    pub text: String,
    /// The parsed statement.
    pub stmt: Typed,
    /// Index into [`Source::contexts`]: the `USE` statements in force.
    pub context: usize,
}

impl Step {
    /// The first line that is not a comment, for messages.
    pub fn headline(&self) -> &str {
        headline(&self.text)
    }

    /// `file:line`, for messages.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The session state a statement expects: `USE` statements by kind (`ROLE`, `WAREHOUSE`...).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Context {
    /// Kind (`ROLE`, `WAREHOUSE`, `DATABASE`, `SCHEMA`, `SECONDARY`) to the `USE` statement text.
    pub uses: BTreeMap<String, String>,
    /// The role named by `USE ROLE`, normalized (upper case unless quoted).
    pub role: Option<String>,
}

/// Everything `apply` runs, in file order.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub steps: Vec<Step>,
    /// Distinct session contexts; `Step::context` indexes this.
    pub contexts: Vec<Context>,
}

/// Why the input cannot be applied.
#[derive(Debug)]
pub enum SourceError {
    Io(PathBuf, std::io::Error),
    /// A directory without `manifest.json` and `sql/`.
    NotAPackage(PathBuf),
    /// Statements the validator rejects: rendered diagnostics.
    Invalid(Vec<String>),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            Self::NotAPackage(p) => write!(
                f,
                "{} is neither a package (manifest.json and sql/) nor a .sql file",
                p.display()
            ),
            Self::Invalid(d) => write!(
                f,
                "{} statement(s) fail validation; nothing applied:\n{}",
                d.len(),
                d.join("")
            ),
        }
    }
}

impl std::error::Error for SourceError {}

/// Loads a package directory or a single script.
pub fn load(path: &Path) -> Result<Source, SourceError> {
    load_files(files_of(path)?)
}

/// Loads a package's step files and then its Sigma file (what `plan` compares), or the one script.
pub fn load_with_sigma(path: &Path) -> Result<Source, SourceError> {
    load_files(package_files(path, true)?)
}

/// Loads these files, in this order, as one deployment.
pub fn load_files(files: Vec<(String, PathBuf)>) -> Result<Source, SourceError> {
    let mut texts = Vec::with_capacity(files.len());
    for (name, file) in files {
        let text = std::fs::read_to_string(&file).map_err(|e| SourceError::Io(file.clone(), e))?;
        texts.push((name, text));
    }
    load_texts(texts)
}

/// Loads scripts given as `(name, text)`, in this order, as one deployment.
pub fn load_texts(texts: Vec<(String, String)>) -> Result<Source, SourceError> {
    let mut source = Source::default();
    let mut ctx = Context::default();
    let mut invalid = Vec::new();
    for (name, text) in texts {
        let report = sqlcheck::validate_script_named(&name, &text);
        invalid.extend(report.diagnostics.iter().map(sqlcheck::render));
        for (index, checked) in report.statements.into_iter().enumerate() {
            if let Some((kind, target)) = use_target(&checked.stmt) {
                if kind == "ROLE" {
                    ctx.role = Some(target);
                }
                // The canonical text: the written one may carry the file's leading comments.
                ctx.uses.insert(kind, checked.stmt.to_string());
                continue;
            }
            let context = intern(&mut source.contexts, &ctx);
            source.steps.push(Step {
                id: step_id(&name, index, &checked.text),
                file: name.clone(),
                index,
                line: checked.line,
                text: checked.text,
                stmt: checked.stmt,
                context,
            });
        }
    }
    if !invalid.is_empty() {
        return Err(SourceError::Invalid(invalid));
    }
    Ok(source)
}

/// The first line of `text` that is not blank or a `--` comment.
pub fn headline(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("--"))
        .unwrap_or_default()
}

/// `file#index#sha256(text)`.
pub fn step_id(file: &str, index: usize, text: &str) -> String {
    let digest = Sha256::digest(text.trim().as_bytes());
    format!("{file}#{index}#{}", hex::encode(digest))
}

fn intern(contexts: &mut Vec<Context>, ctx: &Context) -> usize {
    match contexts.iter().position(|c| c == ctx) {
        Some(i) => i,
        None => {
            contexts.push(ctx.clone());
            contexts.len() - 1
        }
    }
}

/// The step files of a package (sorted `sql/*.sql`, ad-hoc queries excluded) or the script itself.
pub use crate::package::SIGMA_SQL;

/// [`files_of`], plus [`SIGMA_SQL`] last when `with_sigma` and the package has it.
pub fn package_files(path: &Path, with_sigma: bool) -> Result<Vec<(String, PathBuf)>, SourceError> {
    let mut files = files_of(path)?;
    let sigma = path.join(SIGMA_SQL);
    if with_sigma && path.is_dir() && sigma.is_file() {
        files.push((SIGMA_SQL.to_string(), sigma));
    }
    Ok(files)
}

/// The step files of a package directory (`sql/*.sql`, sorted), or the one script given.
pub fn files_of(path: &Path) -> Result<Vec<(String, PathBuf)>, SourceError> {
    if path.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        return Ok(vec![(name, path.to_path_buf())]);
    }
    let sql = path.join("sql");
    if !path.join("manifest.json").is_file() || !sql.is_dir() {
        return Err(SourceError::NotAPackage(path.to_path_buf()));
    }
    let entries = std::fs::read_dir(&sql).map_err(|e| SourceError::Io(sql.clone(), e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SourceError::Io(sql.clone(), e))?;
        let p = entry.path();
        if p.is_file() && p.extension().is_some_and(|e| e == "sql") {
            let name = format!("sql/{}", entry.file_name().to_string_lossy());
            files.push((name, p));
        }
    }
    files.sort();
    Ok(files)
}

/// For a `USE` statement: its kind (`ROLE`, `WAREHOUSE`...) and normalized target.
pub fn use_target(stmt: &Typed) -> Option<(String, String)> {
    let Typed::Sql(s) = stmt else { return None };
    let Statement::Use(u) = s.as_ref() else {
        return None;
    };
    let (kind, name) = match u {
        Use::Role(n) => ("ROLE", n.to_string()),
        Use::Warehouse(n) => ("WAREHOUSE", n.to_string()),
        Use::Database(n) => ("DATABASE", n.to_string()),
        Use::Schema(n) => ("SCHEMA", n.to_string()),
        Use::Catalog(n) => ("CATALOG", n.to_string()),
        // `USE db[.schema]` sets the database (and schema): one slot, like `USE SCHEMA`.
        Use::Object(n) => ("SCHEMA", n.to_string()),
        Use::SecondaryRoles(r) => ("SECONDARY", r.to_string()),
        Use::Default => ("DEFAULT", String::new()),
    };
    Some((kind.to_string(), crate::apply::names::normalize_name(&name)))
}
