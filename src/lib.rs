//! snowtenant: one tenant spec in, a reviewed Snowflake package out.
//!
//! The modules follow the pipeline in data-flow order; see `README.md`.

pub mod cli;
pub mod embed;
pub mod embed_config;
