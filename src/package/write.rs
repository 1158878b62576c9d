//! Writing a package so that a reader sees the old one or the new one, never half of either.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// Writes `files` into a temporary folder beside `out`, then swaps it into place. On any error
/// the previous package at `out` is left untouched.
pub fn write_atomically(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".snowtenant-build-")
        .tempdir_in(&parent)?;
    for (rel, bytes) in files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, bytes)?;
    }
    let old = parent.join(format!(".snowtenant-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        fs::rename(out, &old)?;
    }
    let staged = staging.keep();
    if let Err(e) = fs::rename(&staged, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}
