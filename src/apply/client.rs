//! Snowflake sessions through the `snowflake-api` crate. Each [`Session`] is one Snowflake
//! session (its own login), so `USE ROLE` in it lasts until the next `USE ROLE` in it.

#[cfg(not(feature = "apply"))]
mod offline;
#[cfg(feature = "apply")]
mod snowflake;

#[cfg(not(feature = "apply"))]
pub use offline::{NOT_BUILT, Session};
#[cfg(feature = "apply")]
pub use snowflake::Session;

/// Whether this build can connect to Snowflake; commands that must connect call it first, so a
/// compile-only build says how to get the client before asking for credentials.
pub fn require_client() -> Result<(), String> {
    #[cfg(feature = "apply")]
    {
        Ok(())
    }
    #[cfg(not(feature = "apply"))]
    {
        Err(NOT_BUILT.to_string())
    }
}

/// How a statement ended, as far as the client knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecError {
    /// Snowflake answered with an error: the statement did not succeed.
    Failed(String),
    /// No answer (connection lost, HTTP 5xx, unreadable response, poll timeout): the server may
    /// or may not have run it.
    Unknown(String),
}

impl ExecError {
    pub fn message(&self) -> &str {
        match self {
            Self::Failed(m) | Self::Unknown(m) => m,
        }
    }
}

/// Rows of a result as strings, with column names (for SHOW and SELECT).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}
