//! A compile-only build (no `apply` feature) has no Snowflake client: opening a session says how to
//! get one, and a [`Session`] cannot exist, so nothing can pretend to have run a statement.

use super::{ExecError, Rows};
use crate::apply::connection::Settings;

/// What a compile-only build answers when asked to connect.
pub const NOT_BUILT: &str = "this snowtenant was built without the `apply` feature, so it cannot \
connect to Snowflake (apply, drift, plan --from, preflight); build it with \
`cargo build --release --features full` (or `--features apply`)";

enum Never {}

/// Uninhabited: [`Session::open`] never returns one.
pub struct Session {
    never: Never,
}

impl Session {
    pub fn open(settings: &Settings) -> Result<Self, String> {
        Self::open_with(settings, std::time::Duration::from_secs(3600))
    }

    pub fn open_with(
        settings: &Settings,
        _poll_timeout: std::time::Duration,
    ) -> Result<Self, String> {
        Err(format!("connection `{}`: {NOT_BUILT}", settings.name))
    }

    pub async fn exec(&self, _sql: &str) -> Result<(), String> {
        match self.never {}
    }

    pub async fn run(&self, _sql: &str) -> Result<(), ExecError> {
        match self.never {}
    }

    pub async fn query(&self, _sql: &str) -> Result<Rows, String> {
        match self.never {}
    }
}
