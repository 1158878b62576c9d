//! The client journal: a local cache of the account's ledger ([`super::ledger`]), one JSON line
//! per event, appended and flushed as it happens (a `write` reaches the kernel, so a `kill -9` of
//! the client loses nothing written).
//!
//! Lines of one deployment share its `deployment` id:
//! - `{"deployment":D,"outcome":"begin","id":<input digest>,...}` when it starts;
//! - `{"deployment":D,"outcome":"started","id":<step id>,...}` before a statement is sent, and
//!   `"ok"` / `"failed"` (with `error`) once its outcome is known: a `started` without an outcome
//!   is a statement the server may have run without the client knowing, which a resume looks up in
//!   the query history instead of sending again;
//! - `{"deployment":D,"outcome":"end","id":"succeeded"|"failed"}` when it ends.
//!
//! A step id is `file#index#sha256(text)`. A line cut short by a crash mid-write (no newline at the
//! end of the file) is cut off when the journal is next opened, so the next line starts clean.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ledger::now_ms;
use super::source::Step;

/// One journal line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    #[serde(default)]
    pub deployment: String,
    pub id: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub index: usize,
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub sha256: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub error: Option<String>,
    pub at_unix_ms: u128,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Begin,
    Started,
    Ok,
    Failed,
    End,
}

/// What the journal knows of one deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cached {
    pub id: String,
    pub input_digest: String,
    /// An `end` line was written.
    pub finished: bool,
    /// Steps recorded `ok`.
    pub ok: HashSet<String>,
    /// Steps recorded `started` with no outcome after it.
    pub unknown: HashSet<String>,
    /// The `ok` and `failed` lines, in order (for the ledger, when it missed them).
    pub outcomes: Vec<Entry>,
}

/// Every deployment of a journal, in the order they began.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    pub deployments: Vec<Cached>,
}

impl Cache {
    pub fn get(&self, id: &str) -> Option<&Cached> {
        self.deployments.iter().find(|d| d.id == id)
    }

    /// The latest deployment of `input_digest` that did not end (for a dry run's listing).
    pub fn unfinished(&self, input_digest: &str) -> Option<&Cached> {
        self.deployments
            .iter()
            .rev()
            .find(|d| d.input_digest == input_digest)
            .filter(|d| !d.finished)
    }
}

/// Reads a journal. A missing file is an empty journal; a malformed complete line is an error
/// naming it; lines of the old format (without a deployment) are ignored.
pub fn load(path: &Path) -> Result<Cache, String> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
        Err(e) => return Err(format!("cannot read journal {}: {e}", path.display())),
    };
    let mut cache = Cache::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read journal {}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry: Entry = match serde_json::from_str(&line) {
            Ok(e) => e,
            // A line cut short by a crash mid-write: ignore it.
            Err(_) if !line.ends_with('}') => continue,
            Err(_) => {
                return Err(format!(
                    "journal {}:{}: not a journal entry",
                    path.display(),
                    n + 1
                ));
            }
        };
        if entry.deployment.is_empty() {
            continue;
        }
        let at = *index.entry(entry.deployment.clone()).or_insert_with(|| {
            cache.deployments.push(Cached {
                id: entry.deployment.clone(),
                ..Cached::default()
            });
            cache.deployments.len() - 1
        });
        let d = &mut cache.deployments[at];
        match entry.outcome {
            Outcome::Begin => d.input_digest = entry.id.clone(),
            Outcome::End => d.finished = true,
            Outcome::Started => {
                d.unknown.insert(entry.id.clone());
            }
            Outcome::Ok => {
                d.unknown.remove(&entry.id);
                d.ok.insert(entry.id.clone());
                d.outcomes.push(entry);
            }
            Outcome::Failed => {
                d.unknown.remove(&entry.id);
                d.ok.remove(&entry.id);
                d.outcomes.push(entry);
            }
        }
    }
    Ok(cache)
}

/// An open journal.
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Opens `path` for appending (created if missing), first cutting off a torn last line.
    pub fn open(path: &Path) -> Result<Self, String> {
        let fail = |e: std::io::Error| format!("cannot open journal {}: {e}", path.display());
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(fail)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(fail)?;
        if bytes.last().is_some_and(|&b| b != b'\n') {
            let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            file.set_len(keep as u64).map_err(fail)?;
        }
        file.seek(SeekFrom::End(0)).map_err(fail)?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    fn write(&mut self, entry: &Entry) -> Result<(), String> {
        let mut line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
        line.push('\n');
        // One write of the whole line: a crash leaves at most a torn last line.
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| format!("cannot write journal {}: {e}", self.path.display()))
    }

    /// Records the start (`begin`) or end (`end`, `succeeded`) of deployment `deployment`.
    pub fn mark(&mut self, deployment: &str, outcome: Outcome, id: &str) -> Result<(), String> {
        self.write(&Entry {
            deployment: deployment.to_string(),
            id: id.to_string(),
            file: String::new(),
            index: 0,
            line: 0,
            sha256: String::new(),
            outcome,
            error: None,
            at_unix_ms: now_ms(),
        })
    }

    /// Appends one statement event of `deployment`.
    pub fn record(
        &mut self,
        deployment: &str,
        step: &Step,
        outcome: Outcome,
        error: Option<&str>,
    ) -> Result<(), String> {
        let sha256 = step.id.rsplit('#').next().unwrap_or_default().to_string();
        self.write(&Entry {
            deployment: deployment.to_string(),
            id: step.id.clone(),
            file: step.file.clone(),
            index: step.index,
            line: step.line,
            sha256,
            outcome,
            error: error.map(str::to_string),
            at_unix_ms: now_ms(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize) -> Step {
        let text = format!("SELECT {n}");
        Step {
            id: super::super::source::step_id("f.sql", n, &text),
            file: "f.sql".into(),
            index: n,
            line: n + 1,
            stmt: crate::sqlcheck::validate_statement(&text).unwrap(),
            text,
            context: 0,
        }
    }

    #[test]
    fn a_torn_last_line_is_cut_off_and_the_next_line_starts_clean() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let mut j = Journal::open(&path).unwrap();
        j.mark("d1", Outcome::Begin, "input").unwrap();
        j.record("d1", &step(0), Outcome::Ok, None).unwrap();
        drop(j);
        // A crash mid-write: half a line, no newline.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"deployment\":\"d1\",\"id\":\"f.sql#1")
            .unwrap();
        drop(f);
        let mut j = Journal::open(&path).unwrap();
        j.record("d1", &step(1), Outcome::Started, None).unwrap();
        j.record("d1", &step(2), Outcome::Ok, None).unwrap();
        drop(j);
        let cache = load(&path).unwrap();
        let d = cache.get("d1").unwrap();
        assert_eq!(d.ok.len(), 2);
        assert_eq!(d.unknown, HashSet::from([step(1).id]));
        assert_eq!(cache.unfinished("input").map(|d| d.id.as_str()), Some("d1"));
    }

    #[test]
    fn a_malformed_complete_line_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, "{\"not\":\"an entry\"}\n").unwrap();
        assert!(
            load(&path)
                .unwrap_err()
                .ends_with("j.jsonl:1: not a journal entry")
        );
    }
}
