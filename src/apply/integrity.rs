//! A package runs as it was built: every file of the package must be listed in its `manifest.json`
//! with the same SHA-256, `deploy.sql` (the file the README tells DBAs to run) and the Sigma file
//! included. The package is what CI reviewed as a snapshot diff; a hand edit after `build` (the files
//! say "do not edit") or a stray `.sql` dropped into `sql/` would run SQL nobody reviewed and the
//! audit never saw. `apply` (of a package or of any file inside one), `audit` and `plan` check it;
//! `--allow-modified` goes ahead and lists what differs.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::package::sha256_hex;

/// Why a package's files do not match its manifest.
#[derive(Debug, PartialEq, Eq)]
pub enum IntegrityError {
    /// `manifest.json` unreadable or not the shape `build` writes.
    Manifest(PathBuf, String),
    /// Files whose content differs from the manifest's digest (or that are missing).
    Modified(Vec<String>),
    /// Files the manifest does not list.
    Unlisted(Vec<String>),
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rebuild =
            "rebuild the package from the spec, or pass --allow-modified to use it as it is";
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

/// What differs between a package's files and its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Differences {
    /// Listed files whose digest differs, or that are gone.
    pub modified: Vec<String>,
    /// Files the manifest does not list.
    pub unlisted: Vec<String>,
}

impl Differences {
    pub fn is_empty(&self) -> bool {
        self.modified.is_empty() && self.unlisted.is_empty()
    }

    /// One line per file: `changed: sql/11_grants.sql`, `unlisted: sql/12_extra.sql`.
    pub fn lines(&self) -> Vec<String> {
        let changed = self.modified.iter().map(|f| format!("changed: {f}"));
        let unlisted = self.unlisted.iter().map(|f| format!("unlisted: {f}"));
        changed.chain(unlisted).collect()
    }
}

/// The package a path belongs to: the directory itself when it holds `manifest.json`, or the
/// nearest ancestor of a file that does (`pkg/sql/11_grants.sql` -> `pkg`).
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    start?
        .ancestors()
        .take(4)
        .find(|d| d.join("manifest.json").is_file())
        .map(Path::to_path_buf)
}

/// The manifest's `files`: path to SHA-256. A manifest `build` did not write is an error.
pub fn digests(package: &Path) -> Result<BTreeMap<String, String>, IntegrityError> {
    let path = package.join("manifest.json");
    let bad = |why: String| IntegrityError::Manifest(path.clone(), why);
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let files = json
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or_else(|| bad("no \"files\" list".into()))?;
    if json.get("spec_sha256").and_then(|v| v.as_str()).is_none() {
        return Err(bad("no \"spec_sha256\"".into()));
    }
    let listed = files
        .iter()
        .map(|f| {
            let field = |k: &str| f.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let (path, sha) = field("path")
                .zip(field("sha256"))
                .ok_or_else(|| bad("a \"files\" entry without \"path\" and \"sha256\"".into()))?;
            if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(format!("{path}: \"sha256\" is not a SHA-256")));
            }
            Ok((path, sha))
        })
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    if listed.is_empty() {
        return Err(bad("the \"files\" list is empty".into()));
    }
    Ok(listed)
}

/// Every file under `dir` (relative, `/`-separated), dotfiles skipped, `manifest.json` excluded.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), IntegrityError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| IntegrityError::Manifest(dir.to_path_buf(), e.to_string()))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| IntegrityError::Manifest(dir.to_path_buf(), e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &format!("{rel}/"), out)?;
        } else if rel != "manifest.json" {
            out.push(rel);
        }
    }
    Ok(())
}

/// Compares every file of `package` with its manifest.
pub fn check_package(package: &Path) -> Result<Differences, IntegrityError> {
    let listed = digests(package)?;
    let mut present = Vec::new();
    walk(package, "", &mut present)?;
    present.sort();
    let mut d = Differences::default();
    for name in &present {
        match listed.get(name) {
            None => d.unlisted.push(name.clone()),
            Some(want) => {
                let bytes = std::fs::read(package.join(name)).map_err(|e| {
                    IntegrityError::Manifest(package.join(name), format!("cannot read: {e}"))
                })?;
                if sha256_hex(&bytes) != *want {
                    d.modified.push(name.clone());
                }
            }
        }
    }
    for name in listed.keys() {
        if present.binary_search(name).is_err() {
            d.modified.push(format!("{name} (missing)"));
        }
    }
    d.modified.sort();
    Ok(d)
}

/// Checks `package`: an error for a corrupt manifest, and for any difference unless
/// `allow_modified`, in which case the differences are returned for the caller to list.
pub fn verify_package(package: &Path, allow_modified: bool) -> Result<Differences, IntegrityError> {
    let d = check_package(package)?;
    if allow_modified || d.is_empty() {
        return Ok(d);
    }
    if !d.unlisted.is_empty() {
        return Err(IntegrityError::Unlisted(d.unlisted));
    }
    Err(IntegrityError::Modified(d.modified))
}

/// Checks `files` (`(path in the package, path on disk)`) against `package`'s manifest (the files
/// `apply` would run; [`verify_package`] checks the whole package).
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

/// The package's fingerprint: `<spec sha256>:<sha256 of manifest.json>` (the manifest lists every
/// file's digest, so it stands for the whole package).
pub fn fingerprint(package: &Path) -> Result<String, IntegrityError> {
    let path = package.join("manifest.json");
    let bytes =
        std::fs::read(&path).map_err(|e| IntegrityError::Manifest(path.clone(), e.to_string()))?;
    let json: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| IntegrityError::Manifest(path.clone(), format!("not JSON: {e}")))?;
    let spec = json
        .get("spec_sha256")
        .and_then(|v| v.as_str())
        .ok_or_else(|| IntegrityError::Manifest(path.clone(), "no \"spec_sha256\"".into()))?;
    Ok(format!("{spec}:{}", sha256_hex(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(dir: &Path) {
        let a = b"SELECT 1;\n";
        std::fs::create_dir_all(dir.join("sql")).unwrap();
        std::fs::write(dir.join("sql/01_a.sql"), a).unwrap();
        std::fs::write(dir.join("deploy.sql"), a).unwrap();
        let manifest = serde_json::json!({
            "spec_sha256": "ab",
            "files": [
                {"path": "sql/01_a.sql", "sha256": sha256_hex(a)},
                {"path": "deploy.sql", "sha256": sha256_hex(a)},
            ]
        });
        std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
    }

    #[test]
    fn every_file_is_checked_deploy_sql_included_and_the_root_is_found_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        package(dir.path());
        assert!(check_package(dir.path()).unwrap().is_empty());
        assert_eq!(
            package_root(&dir.path().join("sql/01_a.sql")).as_deref(),
            Some(dir.path())
        );
        std::fs::write(dir.path().join("deploy.sql"), "DROP DATABASE D;\n").unwrap();
        std::fs::write(dir.path().join("sql/02_x.sql"), "SELECT 2;\n").unwrap();
        let d = check_package(dir.path()).unwrap();
        assert_eq!(d.modified, ["deploy.sql"]);
        assert_eq!(d.unlisted, ["sql/02_x.sql"]);
        assert_eq!(
            verify_package(dir.path(), false).unwrap_err().to_string(),
            "not part of the built package (missing from manifest.json): sql/02_x.sql; rebuild \
             the package from the spec, or pass --allow-modified to use it as it is"
        );
        assert_eq!(
            verify_package(dir.path(), true).unwrap().lines(),
            ["changed: deploy.sql", "unlisted: sql/02_x.sql"]
        );
    }

    #[test]
    fn a_corrupt_manifest_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        package(dir.path());
        for bad in [
            "{",
            "{\"files\": 3, \"spec_sha256\": \"ab\"}",
            "{\"files\": [{\"path\": \"deploy.sql\", \"sha256\": \"xyz\"}], \"spec_sha256\": \"ab\"}",
            "{\"files\": []}",
        ] {
            std::fs::write(dir.path().join("manifest.json"), bad).unwrap();
            assert!(
                matches!(check_package(dir.path()), Err(IntegrityError::Manifest(..))),
                "{bad}"
            );
        }
    }
}
