//! Set-up shared by the tests that deploy to the fake Snowflake server (tests/apply.rs,
//! tests/ledger.rs, tests/drift.rs): connection settings, apply options, the package's statements
//! among what the server received, specs built to folders, the CLI with a `connections.toml`.
//! Include it next to `fake_snowflake.rs` (it names `super::fake_snowflake`).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::fake_snowflake::{FakeSnowflake, Received};
use snowtenant::apply::{self, client::Session, connection::Auth, ledger, progress::Mode, source};

/// Settings for `user` as `role` on the fake server.
pub fn settings_as(server: &FakeSnowflake, user: &str, role: &str) -> apply::Settings {
    apply::Settings {
        name: "fake".into(),
        account: "fakeacct".into(),
        user: user.into(),
        auth: Auth::Password("secret".into()),
        role: Some(role.into()),
        warehouse: None,
        database: None,
        schema: None,
        endpoint: Some(server.endpoint()),
    }
}

/// The deployer (SYSADMIN).
pub fn settings(server: &FakeSnowflake) -> apply::Settings {
    settings_as(server, "deployer", "SYSADMIN")
}

/// A session of the auditor (SECURITYADMIN), for reading the account or changing it by hand.
pub fn session(server: &FakeSnowflake) -> Session {
    Session::open(&settings_as(server, "auditor", "SECURITYADMIN")).unwrap()
}

/// Apply options for `input` with `sessions` sessions, quiet, the default journal.
pub fn options_with(server: &FakeSnowflake, input: &Path, sessions: usize) -> apply::Options {
    let mut o = apply::Options::new(
        input.to_path_buf(),
        settings(server),
        apply::default_journal(input, "fake"),
    );
    o.sessions = sessions;
    o.progress = Mode::Quiet;
    o
}

/// [`options_with`] 4 sessions (the CLI's default).
pub fn options(server: &FakeSnowflake, input: &Path) -> apply::Options {
    options_with(server, input, 4)
}

/// Whether a received statement is the package's: not a `USE` sessions run to switch context,
/// a session's query tag, the ledger's bookkeeping or a read of `apply --verify`.
pub fn is_package_statement(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    let verb = upper.split_whitespace().next().unwrap_or_default();
    !upper.starts_with("USE ")
        && !upper.starts_with("ALTER SESSION SET QUERY_TAG")
        && !sql.starts_with(ledger::MARK)
        && !matches!(verb, "SHOW" | "DESCRIBE")
        && !upper.contains("INFORMATION_SCHEMA.POLICY_REFERENCES")
}

/// The package's statements among `received` ([`is_package_statement`]).
pub fn statements(received: &[Received]) -> Vec<&Received> {
    received
        .iter()
        .filter(|r| is_package_statement(&r.sql))
        .collect()
}

/// Every statement of `package` reached the server exactly as many times as the package has it.
pub fn assert_each_ran_once(server: &FakeSnowflake, package: &Path) {
    let loaded = source::load(package).unwrap();
    let mut want: HashMap<&str, usize> = HashMap::new();
    for s in &loaded.steps {
        *want.entry(s.text.as_str()).or_default() += 1;
    }
    let received = server.received();
    let mut got: HashMap<&str, usize> = HashMap::new();
    for r in statements(&received) {
        *got.entry(r.sql.as_str()).or_default() += 1;
    }
    for (text, n) in &want {
        assert_eq!(got.get(text).copied().unwrap_or(0), *n, "ran {text}");
    }
    assert_eq!(got.values().sum::<usize>(), loaded.steps.len());
}

/// Builds `spec` into `dir/name`.
pub fn build_spec(dir: &Path, name: &str, spec: &str) -> PathBuf {
    let package = snowtenant::build::compile(&snowtenant::diag::SourceFile::new(
        format!("{name}.yaml"),
        spec.to_string(),
    ))
    .unwrap();
    let out = dir.join(name);
    snowtenant::package::write_atomically(&out, &package.files).unwrap();
    out
}

/// `examples/platform.yaml`.
pub fn example_spec() -> String {
    std::fs::read_to_string("examples/platform.yaml").unwrap()
}

/// The example with the account monitor's quota changed.
pub fn with_quota(credits: u32) -> String {
    let spec = example_spec();
    let at = spec.find("credits: 100").unwrap();
    format!(
        "{}credits: {credits}{}",
        &spec[..at],
        &spec[at + "credits: 100".len()..]
    )
}

/// The example with one more tenant (what `plan`'s add-a-tenant case uses).
pub fn with_new_tenant(spec: &str) -> String {
    assert!(spec.contains("embed:\n"));
    spec.replacen(
        "embed:\n",
        "  - id: NEW_CO\n    display_name: New Co\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n    allowed_cidrs: [192.0.2.0/24]\n    dashboards:\n      sales_distribution: workbook/Sales-Distribution-1aA1\nembed:\n",
        1,
    )
}

/// A `connections.toml` for the fake server in `home` (connection `fake`).
pub fn connection(home: &Path, server: &FakeSnowflake) {
    std::fs::write(
        home.join("connections.toml"),
        format!(
            "[fake]\naccount = \"fakeacct\"\nuser = \"deployer\"\npassword = \"secret\"\nrole = \"SYSADMIN\"\nhost = \"127.0.0.1\"\nport = {}\nprotocol = \"http\"\n",
            server.addr.port()
        ),
    )
    .unwrap();
}

/// The CLI with `SNOWFLAKE_HOME=home` and no connection settings from the environment.
pub fn cli(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_snowtenant"));
    c.env("SNOWFLAKE_HOME", home);
    for k in [
        "SNOWFLAKE_ACCOUNT",
        "SNOWFLAKE_USER",
        "SNOWFLAKE_PASSWORD",
        "SNOWFLAKE_ROLE",
    ] {
        c.env_remove(k);
    }
    c
}

/// Runs the CLI off the async runtime (the fake server runs on it).
pub async fn run_cli(home: &Path, args: &[&str]) -> std::process::Output {
    let home = home.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || cli(&home).args(args).output().unwrap())
        .await
        .unwrap()
}
