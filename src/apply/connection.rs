//! Connection settings resolved as the Snowflake CLI resolves them, so `snow` and `snowtenant`
//! read the same files and variables.
//!
//! - **Folder** (snowflake-connector-python `sf_dirs.py`, `constants.py`): `$SNOWFLAKE_HOME`
//!   (default `~/.snowflake`) when that folder exists, else the platform's config folder for the
//!   app `snowflake` (platformdirs: `$XDG_CONFIG_HOME/snowflake` or `~/.config/snowflake` on
//!   Linux, `~/Library/Application Support/snowflake` on macOS, `%LOCALAPPDATA%\snowflake` on
//!   Windows). It holds `config.toml` and `connections.toml`.
//! - **Files** (connector `config_manager.py`: `connections.toml` is a slice that replaces the
//!   `connections` section; docs.snowflake.com/en/developer-guide/snowflake-cli/connecting/
//!   configure-connections): when `connections.toml` exists its top-level tables `[NAME]` are the
//!   connections and `config.toml`'s `[connections.NAME]` are not read at all; otherwise those are.
//!   The variable `SNOWFLAKE_CONNECTIONS` (a TOML document) replaces both.
//! - **Which connection**: the one named (`-c NAME`), else `$SNOWFLAKE_DEFAULT_CONNECTION_NAME`,
//!   else `default_connection_name` at the top of `config.toml`, else `default`.
//! - **Precedence of a key** (the same page): `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` over the
//!   connection's file entry over the generic `SNOWFLAKE_<KEY>`.
//! - **Keys**: `account`, `user`, `password`, `role`, `warehouse`, `database`, `schema`,
//!   `authenticator` (`SNOWFLAKE_JWT` for key-pair), `private_key_file` (or `private_key_path`),
//!   `private_key_raw`, the connector's `host`, `port`, `protocol` to reach another endpoint, and
//!   for an encrypted key (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, PKCS#8) its passphrase:
//!   `$PRIVATE_KEY_PASSPHRASE` over `private_key_passphrase` or the connector's
//!   `private_key_file_pwd` (snowflake-cli `_app/snow_connector.py`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to log in.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    Password(String),
    /// An unencrypted PKCS#8 PEM private key (key-pair authentication); an encrypted key is
    /// decrypted while resolving.
    KeyPair(String),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secrets.
        match self {
            Self::Password(_) => f.write_str("Password(..)"),
            Self::KeyPair(_) => f.write_str("KeyPair(..)"),
        }
    }
}

/// A resolved connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub name: String,
    pub account: String,
    pub user: String,
    pub auth: Auth,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    pub database: Option<String>,
    pub schema: Option<String>,
    /// `protocol://host:port` when the connection names an endpoint other than
    /// `https://<account>.snowflakecomputing.com`.
    pub endpoint: Option<String>,
}

const KEYS: &[&str] = &[
    "account",
    "user",
    "password",
    "role",
    "warehouse",
    "database",
    "schema",
    "authenticator",
    "private_key_file",
    "private_key_path",
    "private_key_raw",
    "private_key_passphrase",
    "private_key_file_pwd",
    "host",
    "port",
    "protocol",
];

/// The environment, as a lookup (tests pass a closure instead of the process environment).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Which platform's config folder to fall back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    MacOs,
    Windows,
}

impl Platform {
    pub fn current() -> Self {
        if cfg!(target_os = "macos") {
            Self::MacOs
        } else if cfg!(windows) {
            Self::Windows
        } else {
            Self::Linux
        }
    }
}

/// `~` and `~/...` expanded against `$HOME` (Python's `Path.expanduser`).
fn expand_home(path: &str, env: Env) -> PathBuf {
    match (path.strip_prefix('~'), env("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            PathBuf::from(format!("{home}{rest}"))
        }
        _ => PathBuf::from(path),
    }
}

/// The folder holding `config.toml` and `connections.toml`; `is_dir` says whether a folder exists.
pub fn config_dir(env: Env, platform: Platform, is_dir: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    let home = env("SNOWFLAKE_HOME").unwrap_or_else(|| "~/.snowflake/".to_string());
    let snowflake_home = expand_home(&home, env);
    if is_dir(&snowflake_home) {
        return Some(snowflake_home);
    }
    let user_home = env("HOME").map(PathBuf::from);
    let base = match platform {
        Platform::Linux => env("XDG_CONFIG_HOME")
            .filter(|x| !x.trim().is_empty())
            .map(PathBuf::from)
            .or_else(|| user_home.map(|h| h.join(".config"))),
        Platform::MacOs => user_home.map(|h| h.join("Library").join("Application Support")),
        Platform::Windows => env("LOCALAPPDATA").map(PathBuf::from),
    }?;
    Some(base.join("snowflake"))
}

/// The connections known in `dir` (and `$SNOWFLAKE_CONNECTIONS`), where they were read, and
/// `config.toml`'s `default_connection_name`.
struct Known {
    connections: toml::Table,
    source: Option<PathBuf>,
    default_name: Option<String>,
}

fn read_toml(path: &Path) -> Result<Option<toml::Table>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}: invalid TOML: {e}", path.display()))
}

fn known(dir: Option<&Path>, env: Env) -> Result<Known, String> {
    let mut out = Known {
        connections: toml::Table::new(),
        source: None,
        default_name: None,
    };
    if let Some(dir) = dir {
        let config_path = dir.join("config.toml");
        let config = read_toml(&config_path)?;
        out.default_name = config
            .as_ref()
            .and_then(|c| c.get("default_connection_name"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let connections_path = dir.join("connections.toml");
        if let Some(connections) = read_toml(&connections_path)? {
            // connections.toml replaces config.toml's [connections] whole.
            out.connections = connections;
            out.source = Some(connections_path);
        } else if let Some(section) = config.as_ref().and_then(|c| c.get("connections")) {
            out.connections = section
                .as_table()
                .ok_or_else(|| format!("{}: `connections` is not a table", config_path.display()))?
                .clone();
            out.source = Some(config_path);
        }
    }
    if let Some(text) = env("SNOWFLAKE_CONNECTIONS") {
        out.connections = toml::from_str(&text)
            .map_err(|e| format!("SNOWFLAKE_CONNECTIONS: invalid TOML: {e}"))?;
        out.source = Some(PathBuf::from("$SNOWFLAKE_CONNECTIONS"));
    }
    Ok(out)
}

/// The connection to use: `name`, else `$SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else
/// `default_connection_name` in `config.toml` under `dir`, else `default`.
pub fn connection_name(name: Option<&str>, dir: Option<&Path>, env: Env) -> Result<String, String> {
    if let Some(name) = name {
        return Ok(name.to_string());
    }
    if let Some(name) = env("SNOWFLAKE_DEFAULT_CONNECTION_NAME") {
        return Ok(name);
    }
    Ok(known(dir, env)?
        .default_name
        .unwrap_or_else(|| "default".to_string()))
}

/// Resolves connection `name` (or the default connection) from the files in `dir` and `env`.
pub fn resolve(name: Option<&str>, dir: Option<&Path>, env: Env) -> Result<Settings, String> {
    let name = connection_name(name, dir, env)?;
    let known = known(dir, env)?;
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let entry = known.connections.get(&name);
    if let Some(entry) = entry {
        let source = known.source.as_deref().unwrap_or(Path::new("?"));
        let entry = entry
            .as_table()
            .ok_or_else(|| format!("{}: connection `{name}` is not a table", source.display()))?;
        for (k, v) in entry {
            let value = match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            keys.insert(k.to_ascii_lowercase(), value);
        }
    }
    let upper = name.to_ascii_uppercase();
    for key in KEYS {
        let k = key.to_ascii_uppercase();
        if let Some(v) = env(&format!("SNOWFLAKE_CONNECTIONS_{upper}_{k}")) {
            keys.insert((*key).to_string(), v);
        } else if !keys.contains_key(*key)
            && let Some(v) = env(&format!("SNOWFLAKE_{k}"))
        {
            keys.insert((*key).to_string(), v);
        }
    }
    let where_ = match (&known.source, entry) {
        (Some(p), Some(_)) => format!("connection `{name}` in {}", p.display()),
        (Some(p), None) => format!(
            "connection `{name}` (not in {}; known: {})",
            p.display(),
            known
                .connections
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (None, _) => format!(
            "connection `{name}` (no connections.toml nor config.toml{})",
            dir.map(|d| format!(" in {}", d.display()))
                .unwrap_or_default()
        ),
    };
    let required = |k: &str| {
        keys.get(k).cloned().ok_or_else(|| {
            format!(
                "{where_}: `{k}` is missing (or set SNOWFLAKE_{})",
                k.to_ascii_uppercase()
            )
        })
    };
    let account = required("account")?;
    let user = required("user")?;
    let key_file = keys
        .get("private_key_file")
        .or_else(|| keys.get("private_key_path"));
    let jwt = keys
        .get("authenticator")
        .is_some_and(|a| a.eq_ignore_ascii_case("SNOWFLAKE_JWT"));
    let passphrase = env("PRIVATE_KEY_PASSPHRASE")
        .or_else(|| keys.get("private_key_passphrase").cloned())
        .or_else(|| keys.get("private_key_file_pwd").cloned());
    let auth = if let Some(raw) = keys.get("private_key_raw") {
        Auth::KeyPair(
            unencrypted_pem(raw, passphrase.as_deref(), "private_key_raw")
                .map_err(|e| format!("{where_}: {e}"))?,
        )
    } else if let Some(file) = key_file {
        let path = expand_home(file, env);
        let pem = std::fs::read_to_string(&path)
            .map_err(|e| format!("{where_}: cannot read private key {file}: {e}"))?;
        Auth::KeyPair(
            unencrypted_pem(&pem, passphrase.as_deref(), file)
                .map_err(|e| format!("{where_}: {e}"))?,
        )
    } else if let Some(p) = keys.get("password")
        && !jwt
    {
        Auth::Password(p.clone())
    } else if jwt {
        return Err(format!(
            "{where_}: authenticator SNOWFLAKE_JWT needs `private_key_file` or `private_key_raw`"
        ));
    } else {
        return Err(format!(
            "{where_}: no credentials: set `password` or `private_key_file` (or SNOWFLAKE_PASSWORD)"
        ));
    };
    let endpoint = match keys.get("host") {
        Some(host) => {
            let protocol = keys.get("protocol").map_or("https", String::as_str);
            let port = keys
                .get("port")
                .map(|p| format!(":{p}"))
                .unwrap_or_default();
            Some(format!("{protocol}://{host}{port}"))
        }
        None => None,
    };
    Ok(Settings {
        name,
        account,
        user,
        auth,
        role: keys.get("role").cloned(),
        warehouse: keys.get("warehouse").cloned(),
        database: keys.get("database").cloned(),
        schema: keys.get("schema").cloned(),
        endpoint,
    })
}

const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// `pem` as an unencrypted PKCS#8 PEM: an `ENCRYPTED PRIVATE KEY` (PKCS#8 PBES2, what
/// `openssl pkcs8 -topk8 -v2 aes256` writes, as Snowflake's key-pair guide shows) is decrypted
/// with `passphrase`; anything else is passed on as it is.
fn unencrypted_pem(pem: &str, passphrase: Option<&str>, origin: &str) -> Result<String, String> {
    use pkcs8::der::pem::LineEnding;
    if !pem.contains(&format!("-----BEGIN {ENCRYPTED_LABEL}-----")) {
        return Ok(pem.to_string());
    }
    let Some(passphrase) = passphrase else {
        return Err(format!(
            "the private key {origin} is encrypted: set PRIVATE_KEY_PASSPHRASE (or `private_key_passphrase` in the connection)"
        ));
    };
    let (label, document) = pkcs8::Document::from_pem(pem.trim())
        .map_err(|e| format!("the private key {origin} is not valid PEM: {e}"))?;
    if label != ENCRYPTED_LABEL {
        return Err(format!(
            "the private key {origin} is labelled `{label}`, not `{ENCRYPTED_LABEL}`"
        ));
    }
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(document.as_bytes())
        .map_err(|e| format!("the private key {origin} is not PKCS#8: {e}"))?;
    let key = info.decrypt(passphrase).map_err(|_| {
        format!(
            "cannot decrypt the private key {origin}: wrong passphrase or an unsupported cipher"
        )
    })?;
    key.to_pem("PRIVATE KEY", LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|e| format!("cannot re-encode the private key {origin}: {e}"))
}

/// The connection name `-c` gave, or the default one, from the process environment.
pub fn name_or_default(name: Option<&str>) -> String {
    let env = |k: &str| std::env::var(k).ok();
    let dir = config_dir(&env, Platform::current(), &|p: &Path| p.is_dir());
    connection_name(name, dir.as_deref(), &env).unwrap_or_else(|_| "default".to_string())
}

/// Resolves `name` (or the default connection) from the Snowflake CLI's folder and the process
/// environment.
pub fn from_environment(name: Option<&str>) -> Result<Settings, String> {
    let env = |k: &str| std::env::var(k).ok();
    let dir = config_dir(&env, Platform::current(), &|p: &Path| p.is_dir());
    resolve(name, dir.as_deref(), &env)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn write(dir: &Path, file: &str, text: &str) {
        std::fs::write(dir.join(file), text).unwrap();
    }

    #[test]
    fn connections_toml_sections_are_top_level_and_env_overrides() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "connections.toml",
            "[prod]\naccount = \"myorg-acct\"\nuser = \"deployer\"\npassword = \"pw\"\nrole = \"SYSADMIN\"\n",
        );
        let s = resolve(Some("prod"), Some(dir.path()), &no_env).unwrap();
        assert_eq!(s.account, "myorg-acct");
        assert_eq!(s.auth, Auth::Password("pw".into()));
        assert_eq!(s.endpoint, None);
        let env = |k: &str| (k == "SNOWFLAKE_CONNECTIONS_PROD_ROLE").then(|| "ACCOUNTADMIN".into());
        assert_eq!(
            resolve(Some("prod"), Some(dir.path()), &env)
                .unwrap()
                .role
                .as_deref(),
            Some("ACCOUNTADMIN")
        );
    }

    #[test]
    fn config_toml_nests_connections_and_key_pair_reads_the_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.p8");
        std::fs::write(&key, "-----BEGIN PRIVATE KEY-----\n").unwrap();
        write(
            dir.path(),
            "config.toml",
            &format!(
                "[connections.ci]\naccount = \"a\"\nuser = \"u\"\nauthenticator = \"SNOWFLAKE_JWT\"\nprivate_key_file = \"{}\"\nhost = \"127.0.0.1\"\nport = 8080\nprotocol = \"http\"\n",
                key.display()
            ),
        );
        let s = resolve(Some("ci"), Some(dir.path()), &no_env).unwrap();
        assert!(matches!(s.auth, Auth::KeyPair(ref p) if p.starts_with("-----BEGIN")));
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:8080"));
    }

    #[test]
    fn missing_pieces_are_named() {
        let err = resolve(Some("nope"), None, &no_env).unwrap_err();
        assert!(err.contains("`account` is missing"), "{err}");
        let env = |k: &str| match k {
            "SNOWFLAKE_ACCOUNT" | "SNOWFLAKE_USER" => Some("x".to_string()),
            _ => None,
        };
        let err = resolve(Some("nope"), None, &env).unwrap_err();
        assert!(err.contains("no credentials"), "{err}");
    }

    /// The docs' example: `[connections.myconnection]` in config.toml, with
    /// `default_connection_name = "myconnection"` at the top, so no name is needed.
    #[test]
    fn default_connection_name_at_the_top_of_config_toml() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "config.toml",
            "default_connection_name = \"myconnection\"\n\n[connections.myconnection]\naccount = \"myaccount\"\nuser = \"jondoe\"\npassword = \"password\"\nwarehouse = \"my-wh\"\ndatabase = \"my_db\"\nschema = \"my_schema\"\n",
        );
        let s = resolve(None, Some(dir.path()), &no_env).unwrap();
        assert_eq!(s.name, "myconnection");
        assert_eq!(s.user, "jondoe");
        assert_eq!(s.warehouse.as_deref(), Some("my-wh"));
        // The variable wins over the file; without either the name is `default`.
        let env = |k: &str| (k == "SNOWFLAKE_DEFAULT_CONNECTION_NAME").then(|| "other".into());
        assert_eq!(
            connection_name(None, Some(dir.path()), &env).unwrap(),
            "other"
        );
        assert_eq!(connection_name(None, None, &no_env).unwrap(), "default");
        assert_eq!(
            connection_name(Some("x"), Some(dir.path()), &env).unwrap(),
            "x"
        );
    }

    /// When connections.toml exists, config.toml's [connections] are not read (the connector
    /// replaces the whole section with the file).
    #[test]
    fn connections_toml_hides_config_toml_connections() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "config.toml",
            "default_connection_name = \"old\"\n[connections.old]\naccount = \"a\"\nuser = \"u\"\npassword = \"p\"\n",
        );
        write(
            dir.path(),
            "connections.toml",
            "[myconnection]\naccount = \"myaccount\"\nuser = \"jondoe\"\npassword = \"password\"\n",
        );
        let err = resolve(None, Some(dir.path()), &no_env).unwrap_err();
        assert!(
            err.contains("connection `old` (not in") && err.contains("known: myconnection"),
            "{err}"
        );
        let s = resolve(Some("myconnection"), Some(dir.path()), &no_env).unwrap();
        assert_eq!(s.account, "myaccount");
    }

    #[test]
    fn precedence_is_named_env_then_file_then_generic_env() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "connections.toml",
            "[myconnection]\naccount = \"myaccount\"\nuser = \"jondoe\"\nwarehouse = \"file-wh\"\n",
        );
        let env = |k: &str| match k {
            "SNOWFLAKE_CONNECTIONS_MYCONNECTION_PASSWORD" => Some("named".to_string()),
            "SNOWFLAKE_PASSWORD" | "SNOWFLAKE_WAREHOUSE" | "SNOWFLAKE_ROLE" => {
                Some("generic".to_string())
            }
            _ => None,
        };
        let s = resolve(Some("myconnection"), Some(dir.path()), &env).unwrap();
        assert_eq!(s.auth, Auth::Password("named".into()));
        assert_eq!(s.warehouse.as_deref(), Some("file-wh"));
        assert_eq!(s.role.as_deref(), Some("generic"));
    }

    #[test]
    fn the_folder_is_snowflake_home_when_it_exists_else_the_platform_config_folder() {
        let env = |k: &str| match k {
            "HOME" => Some("/home/u".to_string()),
            _ => None,
        };
        let exists = |p: &Path| p == Path::new("/home/u/.snowflake/");
        assert_eq!(
            config_dir(&env, Platform::Linux, &exists),
            Some(PathBuf::from("/home/u/.snowflake/"))
        );
        let none = |_: &Path| false;
        assert_eq!(
            config_dir(&env, Platform::Linux, &none),
            Some(PathBuf::from("/home/u/.config/snowflake"))
        );
        assert_eq!(
            config_dir(&env, Platform::MacOs, &none),
            Some(PathBuf::from(
                "/home/u/Library/Application Support/snowflake"
            ))
        );
        let xdg = |k: &str| match k {
            "HOME" => Some("/home/u".to_string()),
            "XDG_CONFIG_HOME" => Some("/xdg".to_string()),
            "SNOWFLAKE_HOME" => Some("~/sf".to_string()),
            _ => None,
        };
        assert_eq!(
            config_dir(&xdg, Platform::Linux, &none),
            Some(PathBuf::from("/xdg/snowflake"))
        );
        let sf_home = |p: &Path| p == Path::new("/home/u/sf");
        assert_eq!(
            config_dir(&xdg, Platform::Linux, &sf_home),
            Some(PathBuf::from("/home/u/sf"))
        );
    }

    #[test]
    fn the_snowflake_connections_variable_replaces_the_files() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "connections.toml",
            "[a]\naccount = \"file\"\nuser = \"u\"\npassword = \"p\"\n",
        );
        let env = |k: &str| {
            (k == "SNOWFLAKE_CONNECTIONS")
                .then(|| "[a]\naccount = \"env\"\nuser = \"u\"\npassword = \"p\"\n".to_string())
        };
        assert_eq!(
            resolve(Some("a"), Some(dir.path()), &env).unwrap().account,
            "env"
        );
    }

    /// A throwaway RSA key, and the same key as `openssl pkcs8 -topk8 -v2 aes256` encrypts it
    /// with the passphrase `correct-horse` (Snowflake's key-pair guide, "encrypted version").
    const PLAIN_KEY: &str = include_str!("../../tests/fixtures/keys/rsa_key.p8");
    const ENCRYPTED_KEY: &str = include_str!("../../tests/fixtures/keys/rsa_key_encrypted.p8");

    fn key_pair_dir(extra: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("rsa_key.p8");
        std::fs::write(&key, ENCRYPTED_KEY).unwrap();
        write(
            dir.path(),
            "connections.toml",
            &format!(
                "[myconnection]\naccount = \"myaccount\"\nuser = \"jondoe\"\nauthenticator = \"SNOWFLAKE_JWT\"\nprivate_key_file = \"{}\"\n{extra}",
                key.display()
            ),
        );
        dir
    }

    #[test]
    fn an_encrypted_key_is_decrypted_with_private_key_passphrase() {
        let dir = key_pair_dir("");
        let env = |k: &str| (k == "PRIVATE_KEY_PASSPHRASE").then(|| "correct-horse".to_string());
        let s = resolve(Some("myconnection"), Some(dir.path()), &env).unwrap();
        assert_eq!(s.auth, Auth::KeyPair(PLAIN_KEY.to_string()));
        // From the connection itself, under the CLI's name or the connector's.
        for key in ["private_key_passphrase", "private_key_file_pwd"] {
            let dir = key_pair_dir(&format!("{key} = \"correct-horse\"\n"));
            let s = resolve(Some("myconnection"), Some(dir.path()), &no_env).unwrap();
            assert_eq!(s.auth, Auth::KeyPair(PLAIN_KEY.to_string()), "{key}");
        }
    }

    #[test]
    fn an_encrypted_key_without_or_with_a_wrong_passphrase_is_refused() {
        let dir = key_pair_dir("");
        let err = resolve(Some("myconnection"), Some(dir.path()), &no_env).unwrap_err();
        assert!(
            err.contains("is encrypted: set PRIVATE_KEY_PASSPHRASE"),
            "{err}"
        );
        // The variable wins over the connection's passphrase, as in the CLI.
        let dir = key_pair_dir("private_key_passphrase = \"correct-horse\"\n");
        let env = |k: &str| (k == "PRIVATE_KEY_PASSPHRASE").then(|| "wrong".to_string());
        let err = resolve(Some("myconnection"), Some(dir.path()), &env).unwrap_err();
        assert!(err.contains("wrong passphrase"), "{err}");
        assert!(
            !err.contains("correct-horse") && !err.contains("BEGIN"),
            "{err}"
        );
    }
}
