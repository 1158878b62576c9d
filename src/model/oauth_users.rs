//! Sigma's OAuth users: under External OAuth, Snowflake opens a session for a token as the user
//! whose `LOGIN_NAME` (or `EMAIL`) equals the token's user-mapping claim, with the role of its
//! `session:role:<ROLE>` scope only if that role is granted to the user
//! (<https://docs.snowflake.com/en/user-guide/oauth-ext-overview>, "Scopes";
//! <https://docs.snowflake.com/en/sql-reference/sql/create-security-integration-oauth-external>).
//! Each tenant's `oauth_users` become Snowflake users holding that tenant's role and nothing else.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::embed_config::EmbedUsers;
use crate::quote::Ident;
use crate::spec::{Span, Spec, TenantSpec};

use super::names::{Registry, check_length};
use super::sigma::{SigmaAuth, SigmaConnection};
use super::tenants::safe_text;

/// One OAuth user of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OauthUser {
    /// The Snowflake user: `<TENANT>_OAUTH_<login, letters and digits, others as `_`>`.
    pub name: Ident,
    /// The value the token's claim carries, as the spec writes it: the user's LOGIN_NAME or EMAIL.
    pub login: String,
}

/// The Snowflake user name made from a tenant id and a login: plain identifier characters only,
/// so it is emitted unquoted (`ana@acme.example` of ACME -> `ACME_OAUTH_ANA_ACME_EXAMPLE`).
pub fn user_name(tenant: &Ident, login: &str) -> String {
    let body: String = login
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{}_OAUTH_{body}", tenant.as_str())
}

/// A tenant's `oauth_users`, each a user name claimed in the registry (two logins of one tenant
/// that make one name, or a name another user already has, are errors at both places).
pub(super) fn resolve(
    spec: &TenantSpec,
    tenant: &Ident,
    registry: &mut Registry,
    diags: &mut Vec<Diagnostic>,
) -> Vec<OauthUser> {
    let mut out = Vec::new();
    for login in &spec.oauth_users {
        let Some(text) = safe_text(login, "OAuth user", diags) else {
            continue;
        };
        if text.trim().is_empty() || text.trim() != text {
            diags.push(
                Diagnostic::new("SPEC089", format!("`{text}` cannot be an OAuth user")).at(
                    login.span,
                    "the token claim's exact value, without spaces around it",
                ),
            );
            continue;
        }
        let name = user_name(tenant, &text);
        if check_length(&name, login.span, "OAuth user name", diags).is_none() {
            continue;
        }
        let name = Ident::new(name);
        if registry.claim("user", &name, login.span, diags) {
            out.push(OauthUser { name, login: text });
        }
    }
    out
}

/// SPEC089: `oauth_users` need an External OAuth connection; with `EMAIL_ADDRESS` mapping each is
/// an email; an email must be one the tenant may embed as (`embed_users`), and no login may belong
/// to two tenants (Snowflake login names are unique in an account, compared case-insensitively).
pub fn check(spec: &Spec, sigma: Option<&SigmaConnection>, diags: &mut Vec<Diagnostic>) {
    let oauth = match sigma.map(|s| &s.auth) {
        Some(SigmaAuth::Oauth(o)) => Some(o),
        _ => None,
    };
    let mut seen: HashMap<String, (&str, Span)> = HashMap::new();
    for t in &spec.tenants {
        let Some(first) = t.oauth_users.first() else {
            continue;
        };
        let Some(o) = oauth else {
            diags.push(
                Diagnostic::new(
                    "SPEC089",
                    format!("tenant {} has `oauth_users` but Sigma does not connect with External OAuth", t.id.value),
                )
                .at(first.span, "no External OAuth integration maps these users")
                .help("set `embed.sigma.connection_auth: oauth` with an `external_oauth` section, or remove `oauth_users`"),
            );
            continue;
        };
        let mut scratch = Vec::new();
        let rules: EmbedUsers = super::embed::embed_users(t, &mut scratch);
        for login in &t.oauth_users {
            let lower = login.value.to_ascii_lowercase();
            let email = crate::embed_config::valid_user(&lower);
            if o.user_mapping_attribute == "EMAIL_ADDRESS" && !email {
                diags.push(
                    Diagnostic::new("SPEC089", format!("`{}` is not an email", login.value))
                        .at(
                            login.span,
                            "the integration maps tokens to users by EMAIL_ADDRESS",
                        )
                        .help("write the email the token's claim carries, or map by `login_name`"),
                );
            }
            if email && t.embed_users.is_some() && !rules.allows(&lower) {
                diags.push(
                    Diagnostic::new(
                        "SPEC089",
                        format!("tenant {} may not embed as `{}`", t.id.value, login.value),
                    )
                    .at(login.span, "not allowed by this tenant's `embed_users`")
                    .help("an OAuth user is one of the tenant's embed users: use an address of its `embed_users` domains (and `user_id_prefix`)"),
                );
            }
            if let Some((other, span)) = seen.get(&lower) {
                diags.push(
                    Diagnostic::new(
                        "SPEC089",
                        format!(
                            "`{}` is an OAuth user of tenants {other} and {}",
                            login.value, t.id.value
                        ),
                    )
                    .at(login.span, "here")
                    .at(*span, "and here")
                    .help("a token maps to one user, which holds one tenant's role: list each login under one tenant"),
                );
            } else {
                seen.insert(lower, (t.id.value.as_str(), login.span));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_plain_identifiers_prefixed_by_the_tenant() {
        let t = Ident::new("ACME_INDUSTRIES");
        assert_eq!(
            user_name(&t, "ana.b@acme-industries.example"),
            "ACME_INDUSTRIES_OAUTH_ANA_B_ACME_INDUSTRIES_EXAMPLE"
        );
        assert!(crate::quote::is_plain_identifier(&user_name(&t, "x'\"y")));
    }
}
