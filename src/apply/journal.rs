//! The apply journal: one JSON line per statement outcome, appended and flushed as it happens,
//! so an interrupted or failed apply resumes where it stopped.
//!
//! A line: `{"id":"sql/01_roles.sql#2#<sha256>","file":"sql/01_roles.sql","index":2,
//! "line":5,"sha256":"...","outcome":"ok"|"failed","error":null|"...","at_unix_ms":...}`.
//! A statement is skipped on resume when a line with its id (file, index and the hash of its
//! text) says `ok`; a changed statement has another id and runs again.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::source::Step;

/// One journal line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub file: String,
    pub index: usize,
    pub line: usize,
    pub sha256: String,
    pub outcome: Outcome,
    pub error: Option<String>,
    pub at_unix_ms: u128,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Failed,
}

/// An open journal.
pub struct Journal {
    path: PathBuf,
    file: File,
}

/// Ids of the statements a journal records as succeeded. A missing file is an empty journal;
/// a malformed line is an error naming the line.
pub fn succeeded(path: &Path) -> Result<HashSet<String>, String> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(format!("cannot read journal {}: {e}", path.display())),
    };
    let mut ok = HashSet::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read journal {}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry: Entry = match serde_json::from_str(&line) {
            Ok(e) => e,
            // A line cut short by a crash mid-write is the last one: ignore it.
            Err(_) if line.ends_with('}') => {
                return Err(format!(
                    "journal {}:{}: not a journal entry",
                    path.display(),
                    n + 1
                ));
            }
            Err(_) => continue,
        };
        match entry.outcome {
            Outcome::Ok => ok.insert(entry.id),
            Outcome::Failed => ok.remove(&entry.id),
        };
    }
    Ok(ok)
}

impl Journal {
    /// Opens `path` for appending (created if missing).
    pub fn open(path: &Path) -> Result<Self, String> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("cannot open journal {}: {e}", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Appends one outcome and flushes it to the file.
    pub fn record(&mut self, step: &Step, error: Option<&str>) -> Result<(), String> {
        let sha256 = step.id.rsplit('#').next().unwrap_or_default().to_string();
        let entry = Entry {
            id: step.id.clone(),
            file: step.file.clone(),
            index: step.index,
            line: step.line,
            sha256,
            outcome: if error.is_some() {
                Outcome::Failed
            } else {
                Outcome::Ok
            },
            error: error.map(str::to_string),
            at_unix_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0),
        };
        let mut line = serde_json::to_string(&entry).map_err(|e| e.to_string())?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| format!("cannot write journal {}: {e}", self.path.display()))
    }
}
