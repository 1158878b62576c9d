//! Resolves a [`SecretRef`] to its bytes. Errors name where the secret should come from (the env var or
//! file), never its value, so they are safe to print and log.

use std::fmt;
use std::path::PathBuf;
use std::sync::RwLock;

use crate::embed_config::SecretRef;

/// `serve --env-file`: a `NAME=value` file consulted before the process environment for `{"env": ...}`
/// secrets and re-read on every load, so SIGHUP rotates env-var secrets too (a running process's own
/// environment cannot be changed from outside).
static ENV_FILE: RwLock<Option<PathBuf>> = RwLock::new(None);

pub fn set_env_file(path: Option<PathBuf>) {
    *ENV_FILE.write().unwrap_or_else(|p| p.into_inner()) = path;
}

/// The value of `var` in the env file, if one is set and names it. `export ` prefixes, blank lines,
/// `#` comments and one pair of surrounding quotes are accepted (the shell's `.`-able format).
fn from_env_file(what: &str, var: &str) -> Result<Option<String>, SecretError> {
    let Some(path) = ENV_FILE.read().unwrap_or_else(|p| p.into_inner()).clone() else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| SecretError::FileUnreadable {
        what: what.into(),
        path: path.display().to_string(),
        reason: e.kind().to_string(),
    })?;
    for line in text.lines() {
        let line = line.trim();
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        if line.starts_with('#') {
            continue;
        }
        if let Some((name, value)) = line.split_once('=')
            && name.trim() == var
        {
            let v = value.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
                .unwrap_or(v);
            return Ok(Some(v.to_string()));
        }
    }
    Ok(None)
}

/// Shortest HMAC key we accept: 256 bits (RFC 8725 §3.5; a shorter key can be brute-forced offline from one
/// token).
pub const MIN_HMAC_KEY_BYTES: usize = 32;

/// A secret value. `Debug` is redacted so a stray `{:?}` cannot leak it into a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as UTF-8 text, for values such as the Sigma client id.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} bytes redacted>)", self.0.len())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("{what}: environment variable {var} is not set")]
    EnvMissing { what: String, var: String },
    #[error("{what}: environment variable {var} is empty")]
    EnvEmpty { what: String, var: String },
    #[error("{what}: cannot read secret file {path}: {reason}")]
    FileUnreadable {
        what: String,
        path: String,
        reason: String,
    },
    #[error("{what}: secret file {path} is empty")]
    FileEmpty { what: String, path: String },
    #[error(
        "{what}: HMAC key from {source_name} is {len} bytes; at least {MIN_HMAC_KEY_BYTES} random bytes are required"
    )]
    TooShort {
        what: String,
        source_name: String,
        len: usize,
    },
}

/// Human name of where a secret comes from, e.g. `env ACME_API_KEY` (never the value).
pub fn describe(r: &SecretRef) -> String {
    match r {
        SecretRef::Env(v) => format!("env {v}"),
        SecretRef::File(p) => format!("file {p}"),
    }
}

/// Reads a secret; `what` says what it is for (e.g. `tenant ACME api_key`) so the message is actionable.
pub fn resolve(what: &str, r: &SecretRef) -> Result<Secret, SecretError> {
    match r {
        SecretRef::Env(var) => match from_env_file(what, var)?
            .map(std::ffi::OsString::from)
            .or_else(|| std::env::var_os(var))
        {
            None => Err(SecretError::EnvMissing {
                what: what.into(),
                var: var.clone(),
            }),
            Some(v) if v.is_empty() => Err(SecretError::EnvEmpty {
                what: what.into(),
                var: var.clone(),
            }),
            Some(v) => Ok(Secret(v.into_encoded_bytes())),
        },
        SecretRef::File(path) => {
            let mut bytes = std::fs::read(path).map_err(|e| SecretError::FileUnreadable {
                what: what.into(),
                path: path.clone(),
                reason: e.kind().to_string(),
            })?;
            // Editors and `echo` add a trailing newline that is not part of the secret.
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            if bytes.is_empty() {
                return Err(SecretError::FileEmpty {
                    what: what.into(),
                    path: path.clone(),
                });
            }
            Ok(Secret(bytes))
        }
    }
}

/// Reads an HMAC key and refuses one shorter than [`MIN_HMAC_KEY_BYTES`].
pub fn resolve_hmac_key(what: &str, r: &SecretRef) -> Result<Secret, SecretError> {
    let s = resolve(what, r)?;
    if s.0.len() < MIN_HMAC_KEY_BYTES {
        return Err(SecretError::TooShort {
            what: what.into(),
            source_name: describe(r),
            len: s.0.len(),
        });
    }
    Ok(s)
}

/// Least estimated entropy of a tenant API key: a key typed by hand (`aaaa…`, `password…`) is refused
/// even when long enough. 32 random hex characters estimate at about 110 bits.
pub const MIN_API_KEY_ENTROPY_BITS: f64 = 96.0;

/// Estimated entropy of a secret in bits: its length times the Shannon entropy of its bytes. An
/// estimate (it cannot see structure), used only to refuse obviously weak keys.
pub fn estimated_entropy_bits(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for b in bytes {
        counts[*b as usize] += 1;
    }
    let n = bytes.len() as f64;
    let per_byte: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / n;
            -p * p.log2()
        })
        .sum();
    per_byte * n
}

#[cfg(test)]
mod tests {
    #[test]
    fn entropy_estimate_refuses_typed_keys_and_accepts_random_ones() {
        assert!(super::estimated_entropy_bits(&[b'a'; 64]) < 1.0);
        assert!(super::estimated_entropy_bits(b"abababababababababababababababab") < 96.0);
        assert!(
            super::estimated_entropy_bits(b"3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e")
                >= super::MIN_API_KEY_ENTROPY_BITS
        );
    }

    use super::*;

    #[test]
    fn missing_env_names_the_variable() {
        let e = resolve(
            "signing key k1",
            &SecretRef::Env("SNOWTENANT_TEST_NEVER_SET_42".into()),
        )
        .unwrap_err();
        assert!(e.to_string().contains("SNOWTENANT_TEST_NEVER_SET_42"));
    }

    #[test]
    fn short_key_is_refused_without_echoing_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        std::fs::write(&p, "hunter2-short\n").unwrap();
        let r = SecretRef::File(p.display().to_string());
        let e = resolve_hmac_key("signing key k1", &r).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("13 bytes") && msg.contains(&p.display().to_string()));
        assert!(!msg.contains("hunter2"));
    }

    #[test]
    fn file_newline_is_stripped_and_debug_redacts() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        std::fs::write(&p, "0123456789abcdef0123456789abcdef\r\n").unwrap();
        let s = resolve_hmac_key("k", &SecretRef::File(p.display().to_string())).unwrap();
        assert_eq!(s.expose().len(), 32);
        assert!(!format!("{s:?}").contains("0123"));
    }

    #[test]
    fn env_file_overrides_and_is_reread() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secrets.env");
        std::fs::write(&p, "# c\nexport ROTATE_ME_UNIT=\"first-value\"\n").unwrap();
        set_env_file(Some(p.clone()));
        let r = SecretRef::Env("ROTATE_ME_UNIT".into());
        assert_eq!(resolve("k", &r).unwrap().expose(), b"first-value");
        std::fs::write(&p, "ROTATE_ME_UNIT=second-value\n").unwrap();
        assert_eq!(resolve("k", &r).unwrap().expose(), b"second-value");
        set_env_file(None);
        assert!(matches!(
            resolve("k", &r),
            Err(SecretError::EnvMissing { .. })
        ));
    }

    #[test]
    fn empty_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        std::fs::write(&p, "\n").unwrap();
        assert!(matches!(
            resolve("k", &SecretRef::File(p.display().to_string())),
            Err(SecretError::FileEmpty { .. })
        ));
    }
}
