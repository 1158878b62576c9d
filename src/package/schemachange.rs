//! `dist/schemachange/`: the step files as schemachange versioned migrations.
//!
//! Version `<release>.<step>` (e.g. `V1.05__database.sql`): schemachange applies each version once,
//! in increasing order, and skips versions at or below the highest one applied. The spec's
//! `platform.release` (default 1) makes a new deployment's versions higher than the last; the step
//! number keeps the steps in order within it. A content hash would be deterministic but not
//! increasing, and the tool version does not change when the spec does; so the release is the one
//! input that is both deterministic and under the deployer's control. The SQL is idempotent, so
//! re-running a release's steps from a fresh account is safe.
//!
//! schemachange renders every script with Jinja, so text that would open a Jinja tag is escaped
//! ([`jinja_verbatim`]); the rendered script is byte-for-byte the step file.

use std::collections::BTreeMap;

use crate::quote::jinja_verbatim;

/// `V<release>.<NN>__<name>.sql` for the step file `NN_<name>.sql`; `None` for other names.
pub fn file_name(release: u32, step_file: &str) -> Option<String> {
    let stem = step_file.strip_suffix(".sql")?;
    let (index, name) = stem.split_once('_')?;
    (index.len() == 2 && index.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty())
        .then(|| format!("V{release}.{index}__{name}.sql"))
}

/// The migrations for the step files among `files` (`sql/NN_<name>.sql`, not `sql/ad_hoc/`).
pub fn files(release: u32, files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .filter_map(|(path, bytes)| {
            let step = path.strip_prefix("sql/")?;
            let name = file_name(release, step)?;
            let text = String::from_utf8_lossy(bytes);
            Some((
                format!("schemachange/{name}"),
                jinja_verbatim(&text).into_owned().into_bytes(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_release_dot_step() {
        assert_eq!(
            file_name(1, "01_roles.sql").as_deref(),
            Some("V1.01__roles.sql")
        );
        assert_eq!(
            file_name(12, "09_external_functions.sql").as_deref(),
            Some("V12.09__external_functions.sql")
        );
        assert_eq!(file_name(1, "ad_hoc/cost.sql"), None);
        assert_eq!(file_name(1, "deploy.sql"), None);
    }

    /// schemachange orders versions by their numeric parts: every step of a later release must
    /// sort after every step of an earlier one, and steps in order within a release.
    #[test]
    fn versions_increase_across_steps_and_releases() {
        let key = |name: &str| -> Vec<u64> {
            let v = name.strip_prefix('V').unwrap().split("__").next().unwrap();
            v.split('.').map(|p| p.parse().unwrap()).collect()
        };
        let mut names = Vec::new();
        for release in [1, 2, 10] {
            for step in 1..=11 {
                names.push(file_name(release, &format!("{step:02}_x.sql")).unwrap());
            }
        }
        let keys: Vec<_> = names.iter().map(|n| key(n)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    }

    #[test]
    fn step_files_become_migrations_and_others_do_not() {
        let mut input = BTreeMap::new();
        input.insert(
            "sql/01_roles.sql".to_string(),
            b"CREATE ROLE IF NOT EXISTS R;\n".to_vec(),
        );
        input.insert("sql/ad_hoc/cost.sql".to_string(), b"SELECT 1;\n".to_vec());
        input.insert("deploy.sql".to_string(), b"SELECT 1;\n".to_vec());
        let out = files(3, &input);
        assert_eq!(
            out.keys().collect::<Vec<_>>(),
            ["schemachange/V3.01__roles.sql"]
        );
        assert_eq!(
            out["schemachange/V3.01__roles.sql"],
            input["sql/01_roles.sql"]
        );
    }
}
