//! One file per check; each documents what it proves and its codes.
//!
//! | code | severity | check |
//! |---|---|---|
//! | ISO000 | error | the package could not be read or a statement not parsed ([`super::input`]) |
//! | ISO001 | error | a tenant role reaches another tenant's object ([`reach`]) |
//! | ISO002 | warning | a tenant role reaches an object the manifest does not declare ([`reach`]) |
//! | ISO003 | error | a mapping row gives a tenant's role to another tenant ([`roles`]) |
//! | ISO004 | warning | a database-level future grant is ignored in schemas with their own ([`future`]) |
//! | ISO010 | error | a shared table or view a tenant can read has no row-level protection ([`policy`]) |
//! | ISO011 | error | a table carries more than one row access policy ([`policy`]) |
//! | ISO012 | error | a row access policy is not keyed on the tenant mapping ([`policy`]) |
//! | ISO020 | error | a tenant role is granted to another tenant's role ([`roles`]) |
//! | ISO021 | error | a tenant role or tenant-owned object is granted to PUBLIC ([`roles`]) |
//! | ISO022 | error | a tenant role tree does not end at SYSADMIN ([`roles`]) |
//! | ISO023 | error | a tenant's user is granted another tenant's role ([`roles`]) |
//! | ISO024 | error | a user other than Sigma's connection user holds two or more tenant roles ([`users`]) |
//! | ISO030 | error | a cross-tenant view branch is not guarded for exactly its tenant's role ([`view`]) |
//! | ISO040 | error | a dedicated warehouse has no resource monitor ([`cost`]) |
//! | ISO041 | warning | a resource monitor caps a warehouse several tenants share ([`cost`]) |
//! | ISO042 | warning | a shared-warehouse tenant has no active soft budget alert ([`cost`]) |
//! | ISO043 | error | a monitor's triggers exceed Snowflake's limits ([`cost`]) |
//! | ISO050 | error | Sigma role switching over an OAuth connection ([`sigma`]) |
//! | ISO051 | error | Sigma's connection user holds a role other than tenant roles, or one that owns tenant objects ([`users`]) |
//! | ISO052 | error | Sigma's connection user's DEFAULT_ROLE is a tenant role ([`users`]) |
//! | ISO053 | error | Sigma's connection user has secondary roles ALL (DEFAULT_SECONDARY_ROLES not `()`) ([`users`]) |
//! | ISO054 | error | Sigma's connection user can `USE SECONDARY ROLES ALL` (no session policy with ALLOWED_SECONDARY_ROLES = ()) ([`users`]) |
//! | ISO055 | error | an OAuth user holds a role other than its tenant's, or not its tenant's ([`oauth`]) |
//! | ISO056 | error | an External OAuth integration allows a non-tenant role, has no allowed list, or ANY ROLE mode ([`oauth`]) |
//! | ISO060 | error | executing a policy or view guard shows a role rows that are not its tenant's ([`super::execute`]) |
//! | ISO061 | warning | a policy or guard could not be executed (unsupported construct) ([`super::execute`]) |
//! | ISO044 | warning | the package sets the account's resource monitor, replacing any already set ([`cost`]) |
//! | ISO070 | error | dbt's role holds a tenant role, or sees tenants' rows when policies execute ([`dbt`], [`super::execute`]) |
//! | ISO071 | error | a row access policy exempts dbt's role ([`dbt`]) |
//! | ISO072 | error | dbt's role reads a tenant's data and can create objects in another tenant's or a shared schema ([`dbt`]) |
//! | ISO080 | error | after an offboarding script's step 1 a user still holds the tenant's role ([`offboard`]) |
//! | ISO081 | error | an offboarding script's step 1 runs DML without a warehouse ([`offboard`]) |

pub mod cost;
pub mod dbt;
pub mod future;
pub mod oauth;
pub mod offboard;
pub mod policy;
pub mod reach;
pub mod roles;
pub mod sigma;
pub mod users;
pub mod view;

use super::context::Context;
use super::finding::Finding;

/// Runs every static check.
pub fn run(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(reach::check(ctx));
    out.extend(policy::check(ctx));
    out.extend(future::check(ctx));
    out.extend(roles::check(ctx));
    out.extend(view::check(ctx));
    out.extend(cost::check(ctx));
    out.extend(sigma::check(ctx));
    out.extend(users::check(ctx));
    out.extend(oauth::check(ctx));
    out.extend(dbt::check(ctx));
    out.extend(offboard::check(ctx));
    out
}
