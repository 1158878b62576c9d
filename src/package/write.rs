//! Writing a package so that a reader sees the old one or the new one, never half of either, and so
//! that nothing but a snowtenant package is ever replaced.
//!
//! The package is written into a staging folder beside the target and every file, folder and the
//! staging folder itself is fsynced; then, on Linux, `renameat2(RENAME_EXCHANGE)` swaps the staging
//! folder and the previous package in one atomic step (rename(2)), and the previous package, now in
//! the staging folder's place, is removed. Elsewhere (or on a file system without RENAME_EXCHANGE)
//! the swap is two renames. Staging folders of killed builds are removed by the next build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Prefix of staging folders; the process id follows, so a later build can tell a dead one's.
const STAGING_PREFIX: &str = ".snowtenant-build-";
/// Prefix of the previous package while the fallback two-rename swap runs.
const OLD_PREFIX: &str = ".snowtenant-old-";
/// The file that makes a folder a snowtenant package.
const MANIFEST: &str = "manifest.json";
/// The file that makes a folder a site `snowtenant docs` wrote, which a later run may replace.
pub const SITE_MARKER: &str = "site.json";

/// Writes `files` into `out`, replacing the package there, with no folder protected. See
/// [`write_package`].
pub fn write_atomically(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    write_package(out, files, &[])
}

/// Whether the files must be on disk before the swap.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// A package someone may deploy: after a crash the folder holds the old or the new package,
    /// whole.
    Synced,
    /// A site regenerated from a package in seconds: readers still see the old or the new site,
    /// but a crash may leave a site to regenerate. Skipping 10,000 fsyncs keeps a 10,000-tenant
    /// site within its time target on a busy disk.
    AtomicOnly,
}

/// Writes a `snowtenant docs` site into `out`, replacing an earlier site (or package) atomically,
/// without waiting for the disk. Refuses what [`write_package`] refuses.
pub fn write_site(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    write_folder(out, files, &[], Durability::AtomicOnly)
}

/// Writes `files` into `out` atomically. Refuses, before touching anything, an `out` that is a file
/// or a link, a non-empty folder without a snowtenant `manifest.json`, and a folder that holds (or
/// is) one of `protected` (the spec being built). On any error the previous package is unchanged.
pub fn write_package(
    out: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    protected: &[&Path],
) -> io::Result<()> {
    write_folder(out, files, protected, Durability::Synced)
}

fn write_folder(
    out: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    protected: &[&Path],
    durability: Durability,
) -> io::Result<()> {
    check_target(out, protected)?;
    let parent = parent_of(out);
    fs::create_dir_all(&parent).map_err(|e| at(&parent, e))?;
    remove_stale(&parent);
    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(|e| at(&parent, e))?;
    write_files(staging.path(), files, durability)?;
    if out.exists() {
        // After the exchange the staging path holds the previous package; dropping `staging`
        // removes it.
        exchange(staging.path(), out).map_err(|e| at(out, e))?;
    } else {
        fs::rename(staging.path(), out).map_err(|e| at(out, e))?;
    }
    if durability == Durability::Synced {
        sync_dir(&parent).map_err(|e| at(&parent, e))?;
    }
    drop(staging);
    Ok(())
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An I/O error that names the path it happened on.
fn at(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn refuse(path: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} {why}; nothing was written", path.display()),
    )
}

/// What `out` may be: absent, an empty folder, or a snowtenant package; never a folder holding a
/// protected path.
fn check_target(out: &Path, protected: &[&Path]) -> io::Result<()> {
    if out.as_os_str().is_empty() {
        return Err(refuse(Path::new("\"\""), "is not a folder name"));
    }
    let canonical_out = canonical_target(out);
    for p in protected {
        let p = fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if let Some(out) = &canonical_out
            && p.starts_with(out)
        {
            return Err(refuse(
                out,
                &format!(
                    "holds {}, which `build` reads: the package would replace it",
                    p.display()
                ),
            ));
        }
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(at(out, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(out, "is a symbolic link, not a package folder"));
    }
    if !meta.is_dir() {
        return Err(refuse(out, "is a file, not a package folder"));
    }
    if is_package(out) {
        return Ok(());
    }
    let empty = fs::read_dir(out).map_err(|e| at(out, e))?.next().is_none();
    if empty {
        Ok(())
    } else {
        Err(refuse(
            out,
            "is a folder that is neither empty nor written by snowtenant (no manifest.json or site.json of snowtenant's)",
        ))
    }
}

/// `out` resolved through links, whether or not it exists yet (its parent is resolved then).
fn canonical_target(out: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(out) {
        return Some(c);
    }
    let name = out.file_name()?;
    let parent = fs::canonicalize(parent_of(out)).ok()?;
    Some(parent.join(name))
}

/// A folder snowtenant wrote: its manifest.json (a package) or site.json (a docs site) says
/// `"tool": "snowtenant"`.
fn is_package(dir: &Path) -> bool {
    [MANIFEST, SITE_MARKER]
        .iter()
        .any(|marker| written_by_snowtenant(&dir.join(marker)))
}

fn written_by_snowtenant(marker: &Path) -> bool {
    let Ok(text) = fs::read(marker) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("tool")
                .and_then(|t| t.as_str())
                .map(|t| t == "snowtenant")
        })
        .unwrap_or(false)
}

/// Writes every file; when `Synced`, then fsyncs every file (in parallel: the file system commits
/// concurrent fsyncs together, where one at a time each waits for its own commit), then every
/// folder bottom-up, then the root.
fn write_files(
    root: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    durability: Durability,
) -> io::Result<()> {
    let mut dirs = BTreeSet::new();
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| at(dir, e))?;
            let mut d = dir;
            while d.starts_with(root) && dirs.insert(d.to_path_buf()) && d != root {
                match d.parent() {
                    Some(p) => d = p,
                    None => break,
                }
            }
        }
        let mut f = fs::File::create(&path).map_err(|e| at(&path, e))?;
        f.write_all(bytes).map_err(|e| at(&path, e))?;
        written.push((path, f));
    }
    if durability == Durability::AtomicOnly {
        return Ok(());
    }
    sync_all_concurrently(&written)?;
    dirs.insert(root.to_path_buf());
    // Deepest first, so a folder is synced after the entries it holds.
    for dir in dirs.iter().rev() {
        sync_dir(dir).map_err(|e| at(dir, e))?;
    }
    Ok(())
}

/// fsyncs on up to 16 threads: fsync waits on the disk, not the CPU, so more waiters than cores
/// let the file system commit many files at once.
fn sync_all_concurrently(written: &[(PathBuf, fs::File)]) -> io::Result<()> {
    const WAITERS: usize = 16;
    let chunk = written.len().div_ceil(WAITERS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = written
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .try_for_each(|(path, f)| f.sync_all().map_err(|e| at(path, e)))
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// fsync of a folder makes the names in it durable (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Swaps two folders: atomically with RENAME_EXCHANGE on Linux, else (or where the file system
/// does not support it) with two renames, restoring the first on failure.
fn exchange(staged: &Path, out: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        match rename_exchange(staged, out) {
            Ok(()) => return Ok(()),
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {}
            Err(e) => return Err(e),
        }
    }
    let old = parent_of(out).join(format!("{OLD_PREFIX}{}", std::process::id()));
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(staged, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    // The staging path now takes the previous package, for the caller to remove.
    fs::rename(&old, staged)
}

#[cfg(target_os = "linux")]
fn rename_exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths, relative to the current directory.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Removes staging and old-package folders left by builds that were killed: those whose process
/// is gone (Linux, by `/proc/<pid>`), and elsewhere those older than an hour. Best effort.
fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(STAGING_PREFIX)
            .or_else(|| name.strip_prefix(OLD_PREFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid == Some(std::process::id()) {
            continue;
        }
        if is_dead(pid, &entry) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn is_dead(pid: Option<u32>, entry: &fs::DirEntry) -> bool {
    if cfg!(target_os = "linux")
        && let Some(pid) = pid
        && Path::new("/proc/self").exists()
    {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    // No process id in the name (an older snowtenant), or no /proc: go by age.
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(marker: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([
            (
                MANIFEST.to_string(),
                format!("{{\"tool\": \"snowtenant\", \"marker\": \"{marker}\"}}").into_bytes(),
            ),
            ("sql/01.sql".to_string(), b"SELECT 1;".to_vec()),
        ])
    }

    #[test]
    fn replaces_a_package_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        write_atomically(&out, &files("one")).unwrap();
        write_atomically(&out, &files("two")).unwrap();
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.contains("two"));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec!["dist".to_string()]);
    }

    #[test]
    fn refuses_a_file_and_a_foreign_folder_and_touches_neither() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        fs::write(&file, "keep me").unwrap();
        let e = write_atomically(&file, &files("x")).unwrap_err();
        assert!(e.to_string().contains("notes.txt") && e.to_string().contains("is a file"));
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

        let foreign = dir.path().join("home");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.tex"), "years of work").unwrap();
        let e = write_atomically(&foreign, &files("x")).unwrap_err();
        assert!(
            e.to_string()
                .contains("neither empty nor written by snowtenant"),
            "{e}"
        );
        assert!(foreign.join("thesis.tex").exists());
        // A manifest.json some other tool wrote does not make it a package either.
        fs::write(foreign.join(MANIFEST), "{\"name\": \"my-app\"}").unwrap();
        assert!(write_atomically(&foreign, &files("x")).is_err());
    }

    #[test]
    fn never_replaces_the_folder_holding_the_spec() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("platform.yaml");
        fs::write(&spec, "platform: {}").unwrap();
        // Even when it looks like a package.
        fs::write(dir.path().join(MANIFEST), "{\"tool\": \"snowtenant\"}").unwrap();
        let e = write_package(dir.path(), &files("x"), &[&spec]).unwrap_err();
        assert!(e.to_string().contains("platform.yaml"), "{e}");
        assert!(spec.exists());
        // A parent of the spec's folder is refused too.
        let e = write_package(dir.path().parent().unwrap(), &files("x"), &[&spec]);
        assert!(e.is_err());
    }

    #[test]
    fn removes_staging_folders_of_dead_builds() {
        let dir = tempfile::tempdir().unwrap();
        // pid 0 is never a user process: /proc/0 does not exist.
        let stale = dir.path().join(format!("{STAGING_PREFIX}0-abc"));
        fs::create_dir_all(stale.join("sql")).unwrap();
        fs::write(stale.join("sql/big.sql"), vec![b'x'; 1024]).unwrap();
        write_atomically(&dir.path().join("dist"), &files("x")).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!stale.exists());
        }
    }
}
