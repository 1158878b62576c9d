//! ISO050: Sigma role switching over an OAuth connection.
//!
//! ## What it does
//! Reads the package's `embed/config.json`: when the service passes each tenant's Snowflake role
//! as a user attribute (`sigma.role_attribute`) and the Sigma connection authenticates with
//! OAuth (`sigma.connection_auth == "oauth"`), the isolation the audit proved in Snowflake is
//! not what Sigma will use.
//!
//! ## Why is this bad?
//! Sigma switches roles by user attribute only on key-pair (or password) connections: "If your
//! connection is using OAuth, you cannot use this option" (`reference/embed.md` §1.4). Every
//! tenant's dashboards would then run with the connection's own role.
//!
//! ## Example
//! `"sigma": { "connection_auth": "oauth", "role_attribute": "SNOWFLAKE_ROLE", ... }`

use crate::audit::context::Context;
use crate::audit::finding::{At, Finding};

const HELP: &str = "Use a key-pair Snowflake connection in Sigma for per-tenant role switching, or the OAuth \
embed flow (encrypted per-user OAuth tokens) without role attributes.";

pub fn check(ctx: &Context) -> Vec<Finding> {
    let Some(sigma) = ctx.input.embed.as_ref().and_then(|e| e.get("sigma")) else {
        return Vec::new();
    };
    let auth = sigma.get("connection_auth").and_then(|v| v.as_str());
    let role_attribute = sigma.get("role_attribute").and_then(|v| v.as_str());
    match (auth, role_attribute) {
        (Some(a), Some(attr)) if a.eq_ignore_ascii_case("oauth") && !attr.is_empty() => {
            let at = At {
                file: "embed/config.json".into(),
                line: 0,
            };
            let mut f = Finding::error(
                "ISO050",
                format!(
                    "Sigma switches each tenant's Snowflake role by user attribute {attr} over an OAuth connection, which Sigma does not support"
                ),
                HELP,
            );
            f.at.push(at);
            vec![f]
        }
        _ => Vec::new(),
    }
}
