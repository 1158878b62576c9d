//! Our typed statements: the Snowflake kinds sqlparser 0.64 cannot parse.
//!
//! Every field is typed (sqlparser's `ObjectName`, `Ident`, `Expr`, `DataType`, or our enums);
//! only procedure bodies stay text. `Display` prints canonical SQL that parses back to an equal
//! value, which the round-trip tests check.

use std::fmt;

pub use super::alert::{AlterAlert, CloneAlert, CreateAlert};
pub use super::alter_object::{AlterObject, ObjectAction};
pub use super::caller_grant::{CallerGrant, CallerOn};
pub use super::database_role::{AlterDatabaseRole, CreateDatabaseRole};
pub use super::describe::{DescribeObject, ShowObjects, UndropObject};
pub use super::drop::DropObject;
pub use super::external_function::{Compression, CreateExternalFunction};
pub use super::future_grant::FutureGrantInDatabase;
pub use super::grant::{GrantOn, GrantPrivileges};
pub use super::integration::{
    AlterIntegration, CreateIntegration, IntegrationAction, IntegrationKind,
};
pub use super::network::{AlterNetworkPolicy, CreateNetworkPolicy, CreateNetworkRule};
pub use super::policy::{
    AlterPolicy, CreateMaskingPolicy, CreateRowAccessPolicy, PolicyAction, PolicyKind,
};
pub use super::policy_attach::{AlterPolicyAttachment, AttachAction, Relation};
pub use super::procedure::{
    CreateProcedure, ExecuteAs, NullHandling, ProcedureArg, ProcedureBody, ProcedureReturns,
};
pub use super::property_object::{
    AccountsVerb, AlterPropertyObject, CreatePropertyObject, PropertyAction,
};
pub use super::resource_monitor::{
    AlterResourceMonitor, CreateResourceMonitor, Frequency, MonitorProps, StartTimestamp, Trigger,
    TriggerAction,
};
pub use super::role::{AlterRole, CreateRole, RoleAction};
pub use super::routine::{CreateFunction, RoutineClauses, Volatility};
pub use super::schema::{
    AlterSchemaManagedAccess, AlterSchemaProperties, CreateSchema, SchemaAction,
};
pub use super::stream::{AlterStream, CreateStream, StreamSource};
pub use super::tag::{AlterObjectTags, AlterTag, CreateTag, TagAction, TagChange};
pub use super::task::{AlterTask, CreateTask, ExecuteTask, TaskAction, TaskBody};
pub use super::user_policy::AlterUserPolicy;
pub use super::view::{AlterView, ViewAction};
pub use super::view_create::{CreateSnowflakeView, ViewClause, ViewColumn};
pub use super::warehouse::{AccountAction, AlterAccount, AlterWarehouse, WarehouseAction};
pub use super::words::{PropValue, Property};

/// A statement parsed by our grammar.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SnowflakeStatement {
    CreateResourceMonitor(CreateResourceMonitor),
    AlterResourceMonitor(AlterResourceMonitor),
    AlterWarehouse(AlterWarehouse),
    AlterAccount(AlterAccount),
    CreateSchema(CreateSchema),
    AlterSchemaManagedAccess(AlterSchemaManagedAccess),
    CreateRowAccessPolicy(CreateRowAccessPolicy),
    CreateMaskingPolicy(CreateMaskingPolicy),
    AlterPolicy(AlterPolicy),
    AlterPolicyAttachment(AlterPolicyAttachment),
    CreateProcedure(CreateProcedure),
    CreateIntegration(CreateIntegration),
    AlterIntegration(AlterIntegration),
    CreateRole(CreateRole),
    AlterRole(AlterRole),
    CreateExternalFunction(CreateExternalFunction),
    CreateTag(CreateTag),
    AlterObjectTags(AlterObjectTags),
    CreateNetworkRule(CreateNetworkRule),
    CreateNetworkPolicy(CreateNetworkPolicy),
    AlterNetworkPolicy(AlterNetworkPolicy),
    CreateAlert(CreateAlert),
    AlterAlert(AlterAlert),
    DropObject(DropObject),
    FutureGrantInDatabase(FutureGrantInDatabase),
    AlterSchemaProperties(AlterSchemaProperties),
    GrantPrivileges(GrantPrivileges),
    CreateDatabaseRole(CreateDatabaseRole),
    AlterDatabaseRole(AlterDatabaseRole),
    AlterView(AlterView),
    AlterUserPolicy(AlterUserPolicy),
    AlterTag(AlterTag),
    CreatePropertyObject(CreatePropertyObject),
    AlterPropertyObject(AlterPropertyObject),
    UndropObject(UndropObject),
    DescribeObject(DescribeObject),
    ShowObjects(ShowObjects),
    CreateTask(CreateTask),
    AlterTask(AlterTask),
    ExecuteTask(ExecuteTask),
    CreateStream(CreateStream),
    AlterStream(AlterStream),
    AlterObject(AlterObject),
    CreateFunction(CreateFunction),
    CallerGrant(CallerGrant),
    CreateSnowflakeView(CreateSnowflakeView),
    CloneAlert(CloneAlert),
}

impl SnowflakeStatement {
    /// The variant's name, e.g. `CreateResourceMonitor` (used by the corpus `-- kind:` lines).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CreateResourceMonitor(_) => "CreateResourceMonitor",
            Self::AlterResourceMonitor(_) => "AlterResourceMonitor",
            Self::AlterWarehouse(_) => "AlterWarehouse",
            Self::AlterAccount(_) => "AlterAccount",
            Self::CreateSchema(_) => "CreateSchema",
            Self::AlterSchemaManagedAccess(_) => "AlterSchemaManagedAccess",
            Self::CreateRowAccessPolicy(_) => "CreateRowAccessPolicy",
            Self::CreateMaskingPolicy(_) => "CreateMaskingPolicy",
            Self::AlterPolicy(_) => "AlterPolicy",
            Self::AlterPolicyAttachment(_) => "AlterPolicyAttachment",
            Self::CreateProcedure(_) => "CreateProcedure",
            Self::CreateFunction(_) => "CreateFunction",
            Self::CallerGrant(_) => "CallerGrant",
            Self::CreateSnowflakeView(_) => "CreateSnowflakeView",
            Self::CloneAlert(_) => "CloneAlert",
            Self::CreateIntegration(_) => "CreateIntegration",
            Self::AlterIntegration(_) => "AlterIntegration",
            Self::CreateRole(_) => "CreateRole",
            Self::AlterRole(_) => "AlterRole",
            Self::CreateExternalFunction(_) => "CreateExternalFunction",
            Self::CreateTag(_) => "CreateTag",
            Self::AlterObjectTags(_) => "AlterObjectTags",
            Self::CreateNetworkRule(_) => "CreateNetworkRule",
            Self::CreateNetworkPolicy(_) => "CreateNetworkPolicy",
            Self::AlterNetworkPolicy(_) => "AlterNetworkPolicy",
            Self::CreateAlert(_) => "CreateAlert",
            Self::AlterAlert(_) => "AlterAlert",
            Self::DropObject(_) => "DropObject",
            Self::FutureGrantInDatabase(_) => "FutureGrantInDatabase",
            Self::AlterSchemaProperties(_) => "AlterSchemaProperties",
            Self::GrantPrivileges(_) => "GrantPrivileges",
            Self::CreateDatabaseRole(_) => "CreateDatabaseRole",
            Self::AlterDatabaseRole(_) => "AlterDatabaseRole",
            Self::AlterView(_) => "AlterView",
            Self::AlterUserPolicy(_) => "AlterUserPolicy",
            Self::AlterTag(_) => "AlterTag",
            Self::CreatePropertyObject(_) => "CreatePropertyObject",
            Self::AlterPropertyObject(_) => "AlterPropertyObject",
            Self::UndropObject(_) => "UndropObject",
            Self::DescribeObject(_) => "DescribeObject",
            Self::ShowObjects(_) => "ShowObjects",
            Self::CreateTask(_) => "CreateTask",
            Self::AlterTask(_) => "AlterTask",
            Self::ExecuteTask(_) => "ExecuteTask",
            Self::CreateStream(_) => "CreateStream",
            Self::AlterStream(_) => "AlterStream",
            Self::AlterObject(_) => "AlterObject",
        }
    }
}

impl fmt::Display for SnowflakeStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CreateResourceMonitor(s) => s.fmt(f),
            Self::AlterResourceMonitor(s) => s.fmt(f),
            Self::AlterWarehouse(s) => s.fmt(f),
            Self::AlterAccount(s) => s.fmt(f),
            Self::CreateSchema(s) => s.fmt(f),
            Self::AlterSchemaManagedAccess(s) => s.fmt(f),
            Self::CreateRowAccessPolicy(s) => s.fmt(f),
            Self::CreateMaskingPolicy(s) => s.fmt(f),
            Self::AlterPolicy(s) => s.fmt(f),
            Self::AlterPolicyAttachment(s) => s.fmt(f),
            Self::CreateProcedure(s) => s.fmt(f),
            Self::CreateFunction(s) => s.fmt(f),
            Self::CallerGrant(s) => s.fmt(f),
            Self::CreateSnowflakeView(s) => s.fmt(f),
            Self::CloneAlert(s) => s.fmt(f),
            Self::CreateIntegration(s) => s.fmt(f),
            Self::AlterIntegration(s) => s.fmt(f),
            Self::CreateRole(s) => s.fmt(f),
            Self::AlterRole(s) => s.fmt(f),
            Self::CreateExternalFunction(s) => s.fmt(f),
            Self::CreateTag(s) => s.fmt(f),
            Self::AlterObjectTags(s) => s.fmt(f),
            Self::CreateNetworkRule(s) => s.fmt(f),
            Self::CreateNetworkPolicy(s) => s.fmt(f),
            Self::AlterNetworkPolicy(s) => s.fmt(f),
            Self::CreateAlert(s) => s.fmt(f),
            Self::AlterAlert(s) => s.fmt(f),
            Self::DropObject(s) => s.fmt(f),
            Self::FutureGrantInDatabase(s) => s.fmt(f),
            Self::AlterSchemaProperties(s) => s.fmt(f),
            Self::GrantPrivileges(s) => s.fmt(f),
            Self::CreateDatabaseRole(s) => s.fmt(f),
            Self::AlterDatabaseRole(s) => s.fmt(f),
            Self::AlterView(s) => s.fmt(f),
            Self::AlterUserPolicy(s) => s.fmt(f),
            Self::AlterTag(s) => s.fmt(f),
            Self::CreatePropertyObject(s) => s.fmt(f),
            Self::AlterPropertyObject(s) => s.fmt(f),
            Self::UndropObject(s) => s.fmt(f),
            Self::DescribeObject(s) => s.fmt(f),
            Self::ShowObjects(s) => s.fmt(f),
            Self::CreateTask(s) => s.fmt(f),
            Self::AlterTask(s) => s.fmt(f),
            Self::ExecuteTask(s) => s.fmt(f),
            Self::CreateStream(s) => s.fmt(f),
            Self::AlterStream(s) => s.fmt(f),
            Self::AlterObject(s) => s.fmt(f),
        }
    }
}
