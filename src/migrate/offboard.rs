//! The offboarding scripts a plan removes tenants with. A package has one per tenant
//! (`offboard/<TENANT>.sql`). A migration carries, as comment lines after its statements, NEW's
//! scripts that are new or changed against the ones the account was planned with, so a later plan
//! from the account (`--applied`, `--from`, which only have OLD's package and the migration files)
//! offboards a tenant that only a migration brought, with the script of the version it came from
//! (a renamed governance schema changes where its mapping rows are).

use std::collections::BTreeMap;
use std::path::Path;

/// The line that starts a carried script: `-- snowtenant: offboard <TENANT>`.
pub const HEADER: &str = "-- snowtenant: offboard ";
/// Each line of a carried script starts with this (a SQL comment: nothing of it runs).
const LINE: &str = "--|";

/// Tenant to the text of its offboarding script.
pub type Scripts = BTreeMap<String, String>;

/// The scripts of a package folder (`offboard/*.sql`); none when it has no such folder.
pub fn of_package(dir: &Path) -> Result<Scripts, String> {
    let Ok(entries) = std::fs::read_dir(dir.join("offboard")) else {
        return Ok(Scripts::new());
    };
    let mut out = Scripts::new();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(tenant) = name.strip_suffix(".sql") else {
            continue;
        };
        let text = std::fs::read_to_string(e.path())
            .map_err(|err| format!("{}: {err}", e.path().display()))?;
        out.insert(tenant.to_string(), text);
    }
    Ok(out)
}

/// The scripts a migration file carries.
pub fn carried(migration: &str) -> Scripts {
    let mut out = Scripts::new();
    let mut current: Option<(String, String)> = None;
    for line in migration.lines() {
        if let Some(tenant) = line.strip_prefix(HEADER) {
            out.extend(current.take());
            current = Some((tenant.trim().to_string(), String::new()));
        } else if let (Some((_, text)), Some(rest)) = (current.as_mut(), line.strip_prefix(LINE)) {
            text.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            text.push('\n');
        } else {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// NEW's scripts that `had` lacks or has with another text.
pub fn changed(had: &Scripts, new: &Scripts) -> Scripts {
    new.iter()
        .filter(|(t, text)| had.get(*t) != Some(*text))
        .map(|(t, text)| (t.clone(), text.clone()))
        .collect()
}

/// The comment block a migration file ends with.
pub fn trailer(scripts: &Scripts) -> String {
    if scripts.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n-- Offboarding scripts of the tenants this migration adds or changes, kept for later plans\n\
         -- from the account (`plan --applied`, `plan --from`). Comments: nothing below runs.\n",
    );
    for (tenant, text) in scripts {
        out.push_str(HEADER);
        out.push_str(tenant);
        out.push('\n');
        for line in text.lines() {
            out.push_str(LINE);
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailer_gives_back_the_scripts_it_carries_byte_for_byte() {
        let scripts = Scripts::from([
            (
                "A".to_string(),
                "USE ROLE SYSADMIN;\n\n-- why\nDROP ROLE IF EXISTS R_A;\n".to_string(),
            ),
            (
                "B_2".to_string(),
                "DELETE FROM T WHERE X = '--| no';\n".to_string(),
            ),
        ]);
        let file = format!(
            "-- Migration\nUSE ROLE SYSADMIN;\nSELECT 1;\n{}",
            trailer(&scripts)
        );
        assert_eq!(carried(&file), scripts);
        assert!(carried("-- Migration\nSELECT 1;\n").is_empty());
        // Only what is new or changed is carried.
        let had = Scripts::from([("A".to_string(), scripts["A"].clone())]);
        assert_eq!(changed(&had, &scripts).keys().collect::<Vec<_>>(), ["B_2"]);
    }
}
