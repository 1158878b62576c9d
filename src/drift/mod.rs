//! Drift: what the account has that the package does not say, and the reverse.
//!
//! [`desired_state`] reads the package's typed statements into a small state (grants to the roles
//! the package grants to, resource monitors, row access policy attachments, and the [`settings`]:
//! policy bodies, roles granted to users, warehouses' monitors, users' defaults);
//! [`actual::read`] reads the account with one query per kind, never one per role (Titan's
//! per-role `SHOW GRANTS` took 322 s on one large account); [`compare::compare`] reports each
//! difference as a [`Finding`] with a stable code; [`leftovers`] adds the objects an earlier
//! deployment (the ledger says) created that the package no longer has.
//!
//! Grants and policy references come from `SNOWFLAKE.ACCOUNT_USAGE` (`GRANTS_TO_ROLES`,
//! `POLICY_REFERENCES`): one query each for the whole account, at the price of the views'
//! latency (up to 2 hours, docs.snowflake.com/en/sql-reference/account-usage/grants_to_roles).
//! Monitors come from `SHOW RESOURCE MONITORS`. [`live::read`] (`drift --live`) trades the one query per
//! kind for one per role and per policy, and sees the account as it is now. Both expand `ON ALL`
//! grants against the account's objects and read future grants ([`schema_wide`]).

pub mod actual;
pub mod compare;
pub mod desired;
pub mod leftovers;
pub mod live;
pub mod schema_wide;
pub mod settings;

pub use compare::{Code, Finding};
pub use desired::State;

use crate::apply::client::Session;
use crate::apply::source::Source;

/// What the package `source` asks for: its model ([`crate::migrate::model::of`]) projected by
/// [`desired::from_model`] and [`settings::from_model`].
pub fn desired_state(source: &Source) -> State {
    let model = crate::migrate::model::of(source);
    let mut s = desired::from_model(&model);
    settings::from_model(&model, source, &mut s);
    s
}

/// Reads the account through `session` and compares it with the package `source`.
pub async fn drift(session: &Session, source: &Source) -> Result<Vec<Finding>, String> {
    let mut want = desired_state(source);
    let mut have = actual::read(session).await?;
    schema_wide::read(session, &mut want, &mut have, 1).await?;
    settings::read_views(session, &want, &mut have).await?;
    let mut found = compare::compare(&want, &have);
    found.extend(leftovers::read(session, source).await?);
    found.sort();
    Ok(found)
}

/// Like [`drift`], reading the account live (`SHOW GRANTS TO ROLE` per role, the policy references
/// table function per policy), `concurrency` queries at a time.
pub async fn drift_live(
    session: &Session,
    source: &Source,
    concurrency: usize,
) -> Result<Vec<Finding>, String> {
    let mut want = desired_state(source);
    let mut have = live::read(session, &want, concurrency).await?;
    schema_wide::read(session, &mut want, &mut have, concurrency).await?;
    settings::read_live(session, &want, &mut have, concurrency, true).await?;
    let mut found = compare::compare(&want, &have);
    found.extend(leftovers::read(session, source).await?);
    found.sort();
    Ok(found)
}
