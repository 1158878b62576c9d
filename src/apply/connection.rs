//! Connection settings in the Snowflake CLI's convention
//! (docs.snowflake.com/en/developer-guide/snowflake-cli/connecting/configure-connections):
//! `connections.toml` (sections `[NAME]`) or `config.toml` (sections `[connections.NAME]`) in
//! `$SNOWFLAKE_HOME` or `~/.snowflake`; `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` overrides a key of
//! that connection, and generic `SNOWFLAKE_<KEY>` variables fill keys the file leaves out.
//!
//! Keys: `account`, `user`, `password`, `role`, `warehouse`, `database`, `schema`,
//! `authenticator` (`SNOWFLAKE_JWT` for key-pair), `private_key_file` (or `private_key_path`),
//! `private_key_raw`, and the connector's `host`, `port`, `protocol` to reach another endpoint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to log in.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    Password(String),
    /// A PKCS#8 PEM private key (key-pair authentication).
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
    "host",
    "port",
    "protocol",
];

/// The directory holding the TOML files.
pub fn home(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("SNOWFLAKE_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".snowflake")))
}

/// Resolves connection `name` from the files in `dir` and the environment `env`.
pub fn resolve(
    name: &str,
    dir: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, String> {
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut found_in = None;
    if let Some(dir) = dir {
        for (file, nested) in [("connections.toml", false), ("config.toml", true)] {
            let path = dir.join(file);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let table: toml::Table = toml::from_str(&text)
                .map_err(|e| format!("{}: invalid TOML: {e}", path.display()))?;
            let section = if nested {
                table.get("connections").and_then(|c| c.get(name))
            } else {
                table.get(name)
            };
            if let Some(section) = section {
                let section = section.as_table().ok_or_else(|| {
                    format!("{}: connection `{name}` is not a table", path.display())
                })?;
                for (k, v) in section {
                    let value = match v {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    keys.insert(k.to_ascii_lowercase(), value);
                }
                found_in = Some(path);
                break;
            }
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
    let where_ = match &found_in {
        Some(p) => format!("connection `{name}` in {}", p.display()),
        None => format!(
            "connection `{name}` (no [{name}] in connections.toml nor [connections.{name}] in config.toml{})",
            dir.map(|d| format!(" under {}", d.display()))
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
    let auth = if let Some(raw) = keys.get("private_key_raw") {
        Auth::KeyPair(raw.clone())
    } else if let Some(file) = key_file {
        let pem = std::fs::read_to_string(file)
            .map_err(|e| format!("{where_}: cannot read private key {file}: {e}"))?;
        Auth::KeyPair(pem)
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
        name: name.to_string(),
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

/// Resolves `name` from `$SNOWFLAKE_HOME` (or `~/.snowflake`) and the process environment.
pub fn from_environment(name: &str) -> Result<Settings, String> {
    let env = |k: &str| std::env::var(k).ok();
    let dir = home(&env);
    resolve(name, dir.as_deref(), &env)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn connections_toml_sections_are_top_level_and_env_overrides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("connections.toml"),
            "[prod]\naccount = \"myorg-acct\"\nuser = \"deployer\"\npassword = \"pw\"\nrole = \"SYSADMIN\"\n",
        )
        .unwrap();
        let s = resolve("prod", Some(dir.path()), &no_env).unwrap();
        assert_eq!(s.account, "myorg-acct");
        assert_eq!(s.auth, Auth::Password("pw".into()));
        assert_eq!(s.endpoint, None);
        let env = |k: &str| (k == "SNOWFLAKE_CONNECTIONS_PROD_ROLE").then(|| "ACCOUNTADMIN".into());
        assert_eq!(
            resolve("prod", Some(dir.path()), &env)
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
        std::fs::write(
            dir.path().join("config.toml"),
            format!(
                "[connections.ci]\naccount = \"a\"\nuser = \"u\"\nauthenticator = \"SNOWFLAKE_JWT\"\nprivate_key_file = \"{}\"\nhost = \"127.0.0.1\"\nport = 8080\nprotocol = \"http\"\n",
                key.display()
            ),
        )
        .unwrap();
        let s = resolve("ci", Some(dir.path()), &no_env).unwrap();
        assert!(matches!(s.auth, Auth::KeyPair(ref p) if p.starts_with("-----BEGIN")));
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:8080"));
    }

    #[test]
    fn missing_pieces_are_named() {
        let err = resolve("nope", None, &no_env).unwrap_err();
        assert!(err.contains("`account` is missing"), "{err}");
        let env = |k: &str| match k {
            "SNOWFLAKE_ACCOUNT" | "SNOWFLAKE_USER" => Some("x".to_string()),
            _ => None,
        };
        let err = resolve("nope", None, &env).unwrap_err();
        assert!(err.contains("no credentials"), "{err}");
    }
}
