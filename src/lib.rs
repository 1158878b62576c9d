//! snowtenant: one tenant spec in, a reviewed Snowflake package out.
//!
//! Modules in pipeline order: `spec` (load) -> `model` (validate) -> `plan` (desired objects) ->
//! `render` (SQL text) -> `package` (dist/) -> `audit` (isolation proven from the package's SQL).
//! `quote` is the one place for quoting and escaping; `build` runs the pipeline end to end.

pub mod apply;
pub mod audit;
pub mod build;
pub mod cli;
pub mod diag;
pub mod docs;
pub mod drift;
#[cfg(feature = "serve")]
pub mod embed;
pub mod embed_config;
pub mod migrate;
pub mod model;
pub mod package;
pub mod plan;
pub mod preflight;
pub mod quote;
pub mod render;
pub mod spec;
pub mod sqlcheck;
pub mod static_sql;
pub mod suggest;
