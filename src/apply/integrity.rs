//! A package runs as it was built: every step file `apply` would run must be listed in the package's
//! `manifest.json` with the same SHA-256. The package is what CI reviewed as a snapshot diff; a hand
//! edit after `build` (the files say "do not edit") or a stray `.sql` dropped into `sql/` would run
//! SQL nobody reviewed and the audit never saw.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::package::sha256_hex;

/// Why a package's files do not match its manifest.
#[derive(Debug, PartialEq, Eq)]
pub enum IntegrityError {
    /// `manifest.json` unreadable or not the shape `build` writes.
    Manifest(PathBuf, String),
    /// Files whose content differs from the manifest's digest.
    Modified(Vec<String>),
    /// Files the manifest does not list.
    Unlisted(Vec<String>),
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rebuild =
            "rebuild the package from the spec, or pass --allow-modified to run it as it is";
        match self {
            Self::Manifest(p, why) => write!(f, "{}: {why}", p.display()),
            Self::Modified(files) => write!(
                f,
                "changed after build (SHA-256 differs from manifest.json): {}; {rebuild}",
                files.join(", ")
            ),
            Self::Unlisted(files) => write!(
                f,
                "not part of the built package (missing from manifest.json): {}; {rebuild}",
                files.join(", ")
            ),
        }
    }
}

impl std::error::Error for IntegrityError {}

/// The manifest's `files`: path to SHA-256.
fn digests(package: &Path) -> Result<BTreeMap<String, String>, IntegrityError> {
    let path = package.join("manifest.json");
    let bad = |why: String| IntegrityError::Manifest(path.clone(), why);
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let files = json
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or_else(|| bad("no \"files\" list".into()))?;
    files
        .iter()
        .map(|f| {
            let field = |k: &str| f.get(k).and_then(|v| v.as_str()).map(str::to_string);
            field("path")
                .zip(field("sha256"))
                .ok_or_else(|| bad("a \"files\" entry without \"path\" and \"sha256\"".into()))
        })
        .collect()
}

/// Checks `files` (`(path in the package, path on disk)`) against `package`'s manifest.
pub fn verify(package: &Path, files: &[(String, PathBuf)]) -> Result<(), IntegrityError> {
    let listed = digests(package)?;
    let (mut modified, mut unlisted) = (Vec::new(), Vec::new());
    for (name, path) in files {
        let Some(want) = listed.get(name) else {
            unlisted.push(name.clone());
            continue;
        };
        let bytes = std::fs::read(path).map_err(|e| {
            IntegrityError::Manifest(path.clone(), format!("cannot read a listed file: {e}"))
        })?;
        if sha256_hex(&bytes) != *want {
            modified.push(name.clone());
        }
    }
    if !unlisted.is_empty() {
        return Err(IntegrityError::Unlisted(unlisted));
    }
    if !modified.is_empty() {
        return Err(IntegrityError::Modified(modified));
    }
    Ok(())
}
