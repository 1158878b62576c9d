//! `apply --verify` (on by default): after a successful apply, the account is read back as it is
//! now with drift's live reading (`crate::drift::live`, `schema_wide`, `settings`) and compared with
//! what the input sets: grants to roles and users, future grants, policy attachments and bodies,
//! monitor settings, warehouses' monitors, users' defaults. Only what the input sets is checked (a
//! missing or different setting); what the account has beyond it (extra grants, leftovers) is
//! `drift`'s to report, so a migration or a single step file verifies the statements it ran.

use crate::apply::client::Session;
use crate::apply::source::Source;
use crate::drift::{self, Code, Finding};

/// The findings that mean a setting of the input did not take effect.
pub const CHECKED: &[Code] = &[
    Code::MissingGrant,
    Code::MissingMonitor,
    Code::QuotaDiffers,
    Code::TriggersDiffer,
    Code::MissingAttachment,
    Code::MissingFutureGrant,
    Code::PolicyBodyDiffers,
    Code::MissingUserGrant,
    Code::WarehouseMonitorDiffers,
    Code::UserDefaultDiffers,
];

/// Reads back what `source` sets, `concurrency` queries at a time; the differences found.
pub async fn check(
    session: &Session,
    source: &Source,
    concurrency: usize,
) -> Result<Vec<Finding>, String> {
    let mut want = drift::desired_state(source);
    let mut have = drift::live::read(session, &want, concurrency).await?;
    drift::schema_wide::read(session, &mut want, &mut have, concurrency).await?;
    drift::settings::read_live(session, &want, &mut have, concurrency, false).await?;
    Ok(drift::compare::compare(&want, &have)
        .into_iter()
        .filter(|f| CHECKED.contains(&f.code))
        // An input that alters a monitor without TRIGGERS does not set them.
        .filter(|f| {
            f.code != Code::TriggersDiffer
                || want
                    .monitors
                    .get(&f.object)
                    .is_some_and(|m| !m.triggers.is_empty())
        })
        .collect())
}
