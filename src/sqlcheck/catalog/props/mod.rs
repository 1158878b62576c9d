//! Property tables, one file per object kind (or family of parameters).

pub mod account;
pub mod database;
pub mod integrations;
pub mod objects;
pub mod params;
pub mod policies;
pub mod routine;
pub mod schema;
pub mod user;
pub mod warehouse;
