//! The embed service (`snowtenant serve`): short-lived access tokens for a tenant's SaaS backend, Sigma
//! JWT embed URLs carrying the tenant's Snowflake role, and a Snowflake external function minting the same.
//! See `docs/embed.md` for the contract and the security model.

pub mod api;
pub mod client_ip;
pub mod error;
pub mod external_function;
pub mod limits;
pub mod metrics;
pub mod secrets;
pub mod server;
pub mod sigma;
pub mod state;
pub mod tokens;

/// 16 random bytes as hex: `jti` of our tokens and of Sigma JWTs (Sigma's samples use the same shape).
pub fn random_hex16() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the OS random source is available");
    hex::encode(b)
}
