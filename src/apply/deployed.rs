//! What the account received, kept in its ledger: each deployment's input (a package's
//! `manifest.json` and its `.sql` files, or the one script applied), deflate-compressed and base64
//! encoded in `SNOWTENANT_FILES`, and the objects the input creates in `SNOWTENANT_OBJECTS`.
//!
//! `plan --from CONNECTION NEW` ([`plan_from`]) rebuilds what the account last received
//! successfully: the latest package deployment that succeeded, then every migration (or single
//! file) that succeeded after it, in order, and plans `OLD + those scripts -> NEW` as
//! `plan OLD NEW --applied ...` does, so statements a migration held back (comments in its file)
//! are still in the account's model and are planned again.
//!
//! Rows are written before the deployment's own row: a deployment the ledger lists always has its
//! files. Each row holds at most [`PART_CHARS`] characters and each `INSERT` at most
//! [`STATEMENT_CHARS`]: Snowflake advises keeping a statement under 1 MB
//! (docs.snowflake.com/en/user-guide/query-size-limits).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;

use super::client::Session;
use super::ledger::{self, DEPLOYMENTS, Location};
use super::source::Source;
use crate::quote::SqlString;

pub const FILES: &str = "SNOWTENANT_FILES";
pub const OBJECTS: &str = "SNOWTENANT_OBJECTS";

/// Base64 characters per row.
pub const PART_CHARS: usize = 200_000;
/// Characters per `INSERT`, well under Snowflake's advised 1 MB.
pub const STATEMENT_CHARS: usize = 600_000;

/// Object kinds recorded for leftovers: what a removed tenant leaves behind.
pub const TRACKED_KINDS: &[&str] = &["ROLE", "SCHEMA", "WAREHOUSE", "RESOURCE_MONITOR", "USER"];

/// The files of an input to keep: for a package, `manifest.json` and the `.sql` files its manifest
/// lists under `sql/`, `sigma/` and `offboard/` (what `plan` reads); otherwise the script itself.
pub fn files_to_keep(input: &Path) -> Result<Files, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    if !input.is_dir() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "script.sql".into());
        return Ok(vec![(name, read(input)?)]);
    }
    let listed = super::integrity::digests(input).map_err(|e| e.to_string())?;
    let mut out = vec![(
        "manifest.json".to_string(),
        read(&input.join("manifest.json"))?,
    )];
    // What `plan` reads; `deploy.sql` and `schemachange/` repeat the step files.
    let read_by_plan = |p: &&String| {
        p.ends_with(".sql")
            && ["sql/", "sigma/", "offboard/"]
                .iter()
                .any(|dir| p.starts_with(dir))
    };
    for path in listed.keys().filter(read_by_plan) {
        out.push((path.clone(), read(&input.join(path))?));
    }
    Ok(out)
}

/// Deflate, then base64.
pub fn encode(bytes: &[u8]) -> String {
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(bytes);
    let packed = z.finish().unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(packed)
}

/// The inverse of [`encode`].
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let packed = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("not base64: {e}"))?;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(packed.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| format!("not deflate data: {e}"))?;
    Ok(out)
}

/// Multi-row `INSERT`s of `rows` (already SQL literals, one tuple each), each under
/// [`STATEMENT_CHARS`].
fn inserts(head: &str, rows: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut size = 0;
    for r in rows {
        if !current.is_empty() && size + r.len() > STATEMENT_CHARS {
            out.push(format!("{head} VALUES {}", current.join(", ")));
            current.clear();
            size = 0;
        }
        size += r.len() + 2;
        current.push(r);
    }
    if !current.is_empty() {
        out.push(format!("{head} VALUES {}", current.join(", ")));
    }
    out
}

/// The statements that keep deployment `id`'s input and the objects it creates.
pub fn keep_sql(
    at: &Location,
    id: &str,
    files: &[(String, Vec<u8>)],
    source: &Source,
) -> Result<Vec<String>, String> {
    let id_sql = SqlString::new(id).to_string();
    let mut rows = Vec::new();
    for (path, bytes) in files {
        let text = encode(bytes);
        // Base64 is ASCII: any byte offset is a character boundary.
        let parts = text.len().div_ceil(PART_CHARS).max(1);
        for part in 0..parts {
            let chunk = &text[part * PART_CHARS..((part + 1) * PART_CHARS).min(text.len())];
            rows.push(format!(
                "({id_sql}, {}, {part}, {})",
                SqlString::new(path.clone()),
                SqlString::new(chunk)
            ));
        }
    }
    let mut out = inserts(
        &format!(
            "INSERT INTO {} (DEPLOYMENT_ID, PATH, PART, CONTENT)",
            at.table(FILES)?
        ),
        rows,
    );
    let mut objects: Vec<(String, String)> = source
        .steps
        .iter()
        .filter_map(|s| super::names::created(&s.text))
        .filter(|(k, _)| TRACKED_KINDS.contains(&k.as_str()))
        .collect();
    objects.sort();
    objects.dedup();
    let rows = objects
        .into_iter()
        .map(|(k, n)| format!("({id_sql}, {}, {})", SqlString::new(k), SqlString::new(n)))
        .collect();
    out.extend(inserts(
        &format!(
            "INSERT INTO {} (DEPLOYMENT_ID, KIND, NAME)",
            at.table(OBJECTS)?
        ),
        rows,
    ));
    Ok(out)
}

/// Keeps deployment `id`'s input in the ledger.
pub async fn keep(
    session: &Session,
    at: &Location,
    id: &str,
    input: &Path,
    source: &Source,
) -> Result<(), String> {
    let files = files_to_keep(input)?;
    for sql in keep_sql(at, id, &files, source)? {
        ledger::exec(session, &sql).await?;
    }
    Ok(())
}

/// Files as kept: `(path, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// Why `plan --from` has nothing to plan from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromError {
    /// The account has no ledger, or it records no successful package deployment.
    NoLedger(String),
    Other(String),
}

impl std::fmt::Display for FromError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoLedger(m) | Self::Other(m) => f.write_str(m),
        }
    }
}

/// One deployment of the chain `plan --from` rebuilds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: String,
    pub fingerprint: String,
    pub input_name: String,
    /// A package (not a migration or a single file).
    pub package: bool,
}

/// The deployments that made the account what it is: the latest successful package deployment and
/// the successful script deployments after it, oldest first.
pub async fn chain(session: &Session, at: &Location) -> Result<Vec<Received>, FromError> {
    let sql = format!(
        "SELECT DEPLOYMENT_ID, FINGERPRINT, INPUT_DIGEST, INPUT_NAME, OUTCOME FROM {} ORDER BY DEPLOYMENT_ID",
        at.table(DEPLOYMENTS).map_err(FromError::Other)?
    );
    let rows = match ledger::query(session, &sql).await {
        Ok(r) => r,
        // 002003: the table does not exist (or is not visible to the role).
        Err(e) if e.contains("002003") => {
            return Err(FromError::NoLedger(format!(
                "the account has no snowtenant ledger at {} (nothing was deployed there with \
                 `snowtenant apply`, or the role cannot read it): plan from a package instead \
                 (`snowtenant plan OLD NEW`); if NEW renames the governance schema, the ledger is \
                 still in the deployed one: pass --ledger-schema DB.SCHEMA\n  {e}",
                at.schema
            )));
        }
        Err(e) => return Err(FromError::Other(e)),
    };
    let mut out = Vec::new();
    for r in (0..rows.rows.len()).rev() {
        if ledger::cell(&rows, r, "OUTCOME") != "succeeded" {
            continue;
        }
        let digest = ledger::cell(&rows, r, "INPUT_DIGEST");
        let package = !(digest.starts_with("migration:") || digest.starts_with("file:"));
        out.push(Received {
            id: ledger::cell(&rows, r, "DEPLOYMENT_ID"),
            fingerprint: ledger::cell(&rows, r, "FINGERPRINT"),
            input_name: ledger::cell(&rows, r, "INPUT_NAME"),
            package,
        });
        if package {
            out.reverse();
            return Ok(out);
        }
    }
    Err(FromError::NoLedger(format!(
        "the ledger at {} records no successful package deployment ({} deployment(s)): apply a \
         package first, or plan from a package (`snowtenant plan OLD NEW`)",
        at.schema,
        rows.rows.len()
    )))
}

/// The files deployment `id` kept: `(path, bytes)`.
pub async fn files(session: &Session, at: &Location, id: &str) -> Result<Files, String> {
    let sql = format!(
        "SELECT PATH, PART, CONTENT FROM {} WHERE DEPLOYMENT_ID = {} ORDER BY PATH, PART",
        at.table(FILES)?,
        SqlString::new(id)
    );
    let rows = ledger::query(session, &sql).await?;
    let mut joined: Vec<(String, String)> = Vec::new();
    for r in 0..rows.rows.len() {
        let path = ledger::cell(&rows, r, "PATH");
        let content = ledger::cell(&rows, r, "CONTENT");
        match joined.last_mut() {
            Some((p, c)) if *p == path => c.push_str(&content),
            _ => joined.push((path, content)),
        }
    }
    joined
        .into_iter()
        .map(|(p, c)| {
            decode(&c)
                .map(|b| (p.clone(), b))
                .map_err(|e| format!("deployment {id}: {p}: {e}"))
        })
        .collect()
}

/// Writes what the account received under `dir`: the package in `dir/deployed`, each later script
/// as `dir/applied-NN-<name>` (with a `-- snowtenant: to` line naming what the account was at after
/// it, when the script has none). Returns the package folder and the scripts, in order.
pub fn materialize(
    dir: &Path,
    received: &[(Received, Files)],
) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let package = dir.join("deployed");
    let mut scripts = Vec::new();
    let write = |path: &Path, bytes: &[u8]| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for (n, (d, files)) in received.iter().enumerate() {
        if files.is_empty() {
            return Err(format!(
                "deployment {} ({}) kept no copy of its input in the ledger (applied by an older \
                 snowtenant): apply the package again, or plan from a package",
                d.id, d.input_name
            ));
        }
        if d.package {
            for (path, bytes) in files {
                let safe = Path::new(path)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !safe {
                    return Err(format!("deployment {}: unsafe path {path}", d.id));
                }
                write(&package.join(path), bytes)?;
            }
            continue;
        }
        let (name, bytes) = &files[0];
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        if !text.lines().any(|l| l.starts_with(super::TO_HEADER)) {
            text = format!("{}{}\n{text}", super::TO_HEADER, d.fingerprint);
        }
        let file_name = Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| "script.sql".into());
        let path = dir.join(format!("applied-{n:02}-{file_name}"));
        write(&path, text.as_bytes())?;
        scripts.push(path);
    }
    Ok((package, scripts))
}

/// `plan --from`: the migration from what the account last received successfully to `new`.
pub async fn plan_from(
    session: &Session,
    new: &Path,
    at: &Location,
) -> Result<crate::migrate::Migration, FromError> {
    if let Some(u) = at.use_role() {
        ledger::exec(session, &u).await.map_err(FromError::Other)?;
    }
    let chain = chain(session, at).await?;
    let mut received = Vec::new();
    for d in chain {
        let f = files(session, at, &d.id).await.map_err(FromError::Other)?;
        received.push((d, f));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| FromError::Other(format!("cannot create a temporary folder: {e}")))?;
    let (old, applied) = materialize(dir.path(), &received).map_err(FromError::Other)?;
    let base = &received[0].0;
    crate::migrate::plan_after(&old, &applied, new).map_err(|e| {
        FromError::Other(format!(
            "planning from deployment {} ({}): {e}",
            base.id, base.input_name
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_and_large_files_split_into_parts_and_statements() {
        let text: Vec<u8> = (0..400_000u32)
            .flat_map(|i| (i.wrapping_mul(2_654_435_761)).to_le_bytes())
            .collect();
        assert_eq!(decode(&encode(&text)).unwrap(), text);
        let at = Location {
            schema: "DB.GOV".into(),
            role: None,
        };
        let sql = keep_sql(
            &at,
            "d1",
            &[("sql/01.sql".into(), text.clone())],
            &Source::default(),
        )
        .unwrap();
        assert!(sql.len() >= 2, "{}", sql.len());
        assert!(sql.iter().all(|s| s.len() < 1_000_000));
        for s in &sql {
            crate::sqlcheck::validate_statement(&ledger::marked(s))
                .unwrap_or_else(|e| panic!("{e:?}"));
        }
    }
}
