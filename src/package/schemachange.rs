//! `dist/schemachange/`: the step files and Sigma's file as schemachange repeatable scripts.
//!
//! schemachange's rules (Snowflake-Labs/schemachange, `schemachange/session/Script.py` and
//! `schemachange/deploy.py` at 313d010): a `V<version>__<desc>.sql` script runs once and is then
//! skipped for good, even when its content changes ("Script checksum has drifted since
//! application" is logged at INFO and the deploy exits 0), and so is any version at or below the
//! highest one applied; an `R__<desc>.sql` script runs whenever the sha224 of its rendered text
//! differs from the last successful run's; scripts run V first, then R, then A, each group in
//! alphanumeric order of the lower-cased name (numbers compared as numbers).
//!
//! Versioned scripts named after `platform.release` therefore deployed nothing when the spec
//! changed without a bump. The package's steps are idempotent, so they are repeatable scripts
//! instead: `R__NN_<step>.sql`, the step number keeping them in order, and Sigma's file last. Each
//! script's first line carries the package fingerprint (a digest of every step and Sigma's file)
//! and the release, so a change anywhere re-runs every step in order: a step that did not change
//! itself may still need to run again after one that did (a view recreated by `CREATE OR REPLACE`
//! in step 07 needs step 11's grants again). An unchanged package re-runs nothing; bumping
//! `platform.release` re-runs everything.
//!
//! schemachange renders every script with Jinja, so text that would open a Jinja tag is escaped
//! ([`jinja_verbatim`]); the rendered script is the fingerprint line followed by the step file,
//! byte for byte.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::quote::jinja_verbatim;

/// The files of the package that schemachange deploys, in order: `sql/NN_<step>.sql`, then
/// Sigma's side.
fn deployed(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, &[u8])> {
    let mut out: Vec<(String, &[u8])> = files
        .iter()
        .filter_map(|(path, bytes)| {
            let step = path.strip_prefix("sql/")?;
            Some((script_name(step)?, bytes.as_slice()))
        })
        .collect();
    if let Some(sigma) = files.get(super::SIGMA_SQL) {
        // After the last step: it grants the tenant roles the steps create.
        let last = out
            .iter()
            .filter_map(|(name, _)| name.get(3..5)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        out.push((format!("R__{:02}_sigma.sql", last + 1), sigma));
    }
    out
}

/// `R__NN_<name>.sql` for the step file `NN_<name>.sql`; `None` for other names.
pub fn script_name(step_file: &str) -> Option<String> {
    let stem = step_file.strip_suffix(".sql")?;
    let (index, name) = stem.split_once('_')?;
    (index.len() == 2 && index.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty())
        .then(|| format!("R__{index}_{name}.sql"))
}

/// The digest of what schemachange deploys (each file's path and bytes), hex. Equal for equal
/// packages, different as soon as one statement differs.
pub fn fingerprint(files: &BTreeMap<String, Vec<u8>>) -> String {
    let mut hash = Sha256::new();
    for (name, bytes) in deployed(files) {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(bytes);
    }
    hex::encode(hash.finalize())
}

/// The first line of every script: what makes all of them change together.
fn fingerprint_line(release: u32, fingerprint: &str) -> String {
    format!(
        "-- snowtenant package {} (release {release}): any change to the package re-runs every step, in order.\n",
        &fingerprint[..16]
    )
}

/// The repeatable scripts for the step files and Sigma's file among `files`.
pub fn files(release: u32, files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let line = fingerprint_line(release, &fingerprint(files));
    deployed(files)
        .into_iter()
        .map(|(name, bytes)| {
            let mut text = line.clone();
            text.push_str(&jinja_verbatim(&String::from_utf8_lossy(bytes)));
            (format!("schemachange/{name}"), text.into_bytes())
        })
        .collect()
}

/// The warning `build` prints when the package it replaces (`previous`, that package's
/// `manifest.json`) had the same `platform.release` but deployed something else: the release no
/// longer tells the two deployments apart. `None` when there is nothing to say (no or unreadable
/// previous manifest, another release, the same package).
pub fn reused_release(previous: &str, current: &super::Manifest) -> Option<String> {
    let previous: serde_json::Value = serde_json::from_str(previous).ok()?;
    let release = previous.get("release")?.as_u64()?;
    let digest = previous.get("deploy_sha256")?.as_str()?;
    (release == u64::from(current.release) && digest != current.deploy_sha256).then(|| {
        format!(
            "warning[PKG001]: the package differs from the previous build (its steps or Sigma's SQL changed) \
             but platform.release is still {release}; bump platform.release so the two deployments are told apart \
             (schemachange re-runs the whole package either way)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(extra: &str) -> BTreeMap<String, Vec<u8>> {
        let mut input = BTreeMap::new();
        for (path, text) in [
            ("sql/01_roles.sql", "CREATE ROLE IF NOT EXISTS R;\n"),
            (
                "sql/07_views.sql",
                "CREATE OR REPLACE SECURE VIEW V AS SELECT 1;\n",
            ),
            ("sql/11_grants.sql", "GRANT SELECT ON VIEW V TO ROLE R;\n"),
            ("sql/ad_hoc/cost.sql", "SELECT 1;\n"),
            ("deploy.sql", "SELECT 1;\n"),
            ("sigma/snowflake.sql", "GRANT ROLE R TO USER S;\n"),
        ] {
            input.insert(path.to_string(), text.as_bytes().to_vec());
        }
        input
            .get_mut("sql/01_roles.sql")
            .unwrap()
            .extend_from_slice(extra.as_bytes());
        input
    }

    #[test]
    fn step_files_and_sigma_become_repeatable_scripts_in_order() {
        let out = files(3, &package(""));
        assert_eq!(
            out.keys().collect::<Vec<_>>(),
            [
                "schemachange/R__01_roles.sql",
                "schemachange/R__07_views.sql",
                "schemachange/R__11_grants.sql",
                "schemachange/R__12_sigma.sql",
            ]
        );
        let roles = String::from_utf8(out["schemachange/R__01_roles.sql"].clone()).unwrap();
        let (first, rest) = roles.split_once('\n').unwrap();
        assert!(first.starts_with("-- snowtenant package "), "{first}");
        assert!(first.contains("(release 3)"), "{first}");
        assert_eq!(rest, "CREATE ROLE IF NOT EXISTS R;\n");
        assert_eq!(script_name("ad_hoc/cost.sql"), None);
        assert_eq!(script_name("deploy.sql"), None);
    }

    /// schemachange re-runs an R script when its checksum changes: a change to one step must
    /// change every script (so the grants after a recreated view run again), and an unchanged
    /// package must change none.
    #[test]
    fn a_change_anywhere_changes_every_script_and_nothing_else_does() {
        let before = files(1, &package(""));
        assert_eq!(before, files(1, &package("")));
        let after = files(1, &package("CREATE ROLE IF NOT EXISTS NEW_TENANT;\n"));
        for (name, text) in &before {
            assert_ne!(Some(text), after.get(name), "{name} would not re-run");
        }
        let bumped = files(2, &package(""));
        for (name, text) in &before {
            assert_ne!(Some(text), bumped.get(name), "{name} would not re-run");
        }
    }

    /// schemachange's order is alphanumeric with numbers compared as numbers (`version.py`,
    /// `get_alphanum_key`): the scripts sort in step order.
    #[test]
    fn names_sort_in_step_order_as_schemachange_sorts_them() {
        fn key(name: &str) -> Vec<Result<u64, String>> {
            let mut parts = Vec::new();
            let mut rest = name.to_lowercase();
            while !rest.is_empty() {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                let n = if digits > 0 {
                    digits
                } else {
                    rest.bytes().take_while(|b| !b.is_ascii_digit()).count()
                };
                let (part, tail) = rest.split_at(n);
                parts.push(part.parse::<u64>().map_err(|_| part.to_string()));
                rest = tail.to_string();
            }
            parts
        }
        let mut input = BTreeMap::new();
        for step in 1..=11 {
            input.insert(format!("sql/{step:02}_x.sql"), b"SELECT 1;\n".to_vec());
        }
        input.insert(super::super::SIGMA_SQL.to_string(), b"SELECT 1;\n".to_vec());
        let names: Vec<String> = deployed(&input).into_iter().map(|(n, _)| n).collect();
        let keys: Vec<_> = names.iter().map(|n| key(n)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        assert_eq!(names.last().map(String::as_str), Some("R__12_sigma.sql"));
    }
}
