-- Statements checked through the catalog (src/sqlcheck/catalog/), each from its doc page.

-- Warehouse properties, values and ranges [sql/create-warehouse, user-guide/warehouses-multicluster].
-- kind: CreateWarehouse
CREATE OR REPLACE WAREHOUSE mc_wh WITH WAREHOUSE_SIZE = 'X-LARGE' MIN_CLUSTER_COUNT = 1 MAX_CLUSTER_COUNT = 80 SCALING_POLICY = ECONOMY AUTO_SUSPEND = NULL;

-- kind: CreateWarehouse
CREATE WAREHOUSE so_wh WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' RESOURCE_CONSTRAINT = MEMORY_16X_x86 WAREHOUSE_SIZE = MEDIUM;

-- kind: CreateWarehouse
CREATE WAREHOUSE gen2_wh GENERATION = '2' ENABLE_QUERY_ACCELERATION = TRUE QUERY_ACCELERATION_MAX_SCALE_FACTOR = 0 MAX_CONCURRENCY_LEVEL = 8;

-- kind: AlterWarehouse
ALTER WAREHOUSE mc_wh SET WAREHOUSE_SIZE = X6LARGE MAX_CLUSTER_COUNT = 10 RESOURCE_CONSTRAINT = STANDARD_GEN_2;

-- kind: AlterWarehouse
ALTER WAREHOUSE mc_wh UNSET SCALING_POLICY, QUERY_ACCELERATION_MAX_SCALE_FACTOR;

-- Users: properties, object parameters and session parameters as defaults [sql/create-user, sql/alter-user].
-- kind: CreateUser
CREATE USER IF NOT EXISTS jsmith PASSWORD = 'abc123' DEFAULT_ROLE = myrole DEFAULT_SECONDARY_ROLES = ('ALL') MUST_CHANGE_PASSWORD = TRUE EMAIL = 'j@example.com' TIMEZONE = 'Europe/Paris';

-- kind: CreateUser
CREATE OR REPLACE USER svc TYPE = LEGACY_SERVICE DISABLED = FALSE DAYS_TO_EXPIRY = 30 NETWORK_POLICY = tenant_np;

-- kind: AlterUser
ALTER USER jsmith SET MINS_TO_UNLOCK = 0 QUERY_TAG = '{"tenant":"acme"}' STATEMENT_TIMEOUT_IN_SECONDS = 600;

-- kind: AlterUser
ALTER USER IF EXISTS jsmith UNSET EMAIL, QUERY_TAG, NETWORK_POLICY;

-- Session, password and authentication policies attached to a user or the account, qualified
-- [sql/alter-user, sql/alter-account, sql/create-session-policy].
-- kind: AlterUserPolicy
ALTER USER jsmith SET SESSION POLICY db.policies.session_15m;

-- kind: AlterUserPolicy
ALTER USER IF EXISTS jsmith SET AUTHENTICATION POLICY db.policies.mfa_required FORCE;

-- kind: AlterUserPolicy
ALTER USER jsmith UNSET PASSWORD POLICY;

-- kind: AlterAccount
ALTER ACCOUNT SET SESSION POLICY db.policies.session_15m;

-- kind: AlterAccount
ALTER ACCOUNT UNSET PASSWORD POLICY;

-- Session parameters [sql/alter-session, sql-reference/parameters].
-- kind: AlterSession
ALTER SESSION SET QUERY_TAG = 'tenant:acme' TIMEZONE = 'UTC' WEEK_START = 1;

-- kind: AlterSession
ALTER SESSION UNSET QUERY_TAG, TIMEZONE;

-- Schemas: SET / UNSET through the catalog [sql/alter-schema].
-- kind: AlterSchemaProperties
ALTER SCHEMA ANALYTICS.GOLD_CLIENT_ACME SET DATA_RETENTION_TIME_IN_DAYS = 30 COMMENT = 'acme gold';

-- kind: AlterSchemaProperties
ALTER SCHEMA IF EXISTS ANALYTICS.GOLD_CLIENT_ACME UNSET DATA_RETENTION_TIME_IN_DAYS, COMMENT;

-- kind: AlterSchemaProperties
ALTER SCHEMA s1 SET LOG_LEVEL = WARN TRACE_LEVEL = ON_EVENT;

-- Views: secure, renamed, commented [sql/alter-view].
-- kind: AlterView
ALTER VIEW ANALYTICS.GOLD.ACME_ORDERS SET SECURE;

-- kind: AlterView
ALTER VIEW IF EXISTS ANALYTICS.GOLD.ACME_ORDERS UNSET SECURE;

-- kind: AlterView
ALTER VIEW v1 RENAME TO v2;

-- kind: AlterView
ALTER VIEW v1 SET COMMENT = 'tenant view';

-- kind: AlterView
ALTER VIEW v1 SET CHANGE_TRACKING = TRUE;

-- Database roles [sql/create-database-role, sql/alter-database-role, sql/drop-database-role, sql/grant-database-role].
-- kind: CreateDatabaseRole
CREATE DATABASE ROLE IF NOT EXISTS ANALYTICS.TENANT_ACME_READER COMMENT = 'reads acme';

-- kind: CreateDatabaseRole
CREATE OR REPLACE DATABASE ROLE d1.dr1;

-- kind: AlterDatabaseRole
ALTER DATABASE ROLE d1.dr1 RENAME TO d1.dr2;

-- kind: AlterDatabaseRole
ALTER DATABASE ROLE IF EXISTS d1.dr2 SET COMMENT = 'renamed';

-- kind: DropObject
DROP DATABASE ROLE IF EXISTS d1.dr2;

-- kind: Grant
GRANT USAGE ON SCHEMA ANALYTICS.GOLD_CLIENT_ACME TO DATABASE ROLE ANALYTICS.TENANT_ACME_READER;

-- kind: Grant
GRANT SELECT ON ALL TABLES IN SCHEMA ANALYTICS.GOLD_CLIENT_ACME TO DATABASE ROLE ANALYTICS.TENANT_ACME_READER;

-- Schema-level CREATE <object>, APPLY on policies and tags, OWNERSHIP of policies and tags
-- [sql/grant-privilege, sql/grant-ownership, user-guide/security-access-control-privileges].
-- kind: GrantPrivileges
GRANT CREATE TABLE, CREATE VIEW ON SCHEMA ANALYTICS.GOLD_CLIENT_ACME TO ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT CREATE ROW ACCESS POLICY, CREATE MASKING POLICY, CREATE TAG ON SCHEMA ANALYTICS.PLATFORM TO ROLE POLICY_ADMIN;

-- kind: GrantPrivileges
REVOKE CREATE TASK ON SCHEMA ANALYTICS.GOLD_CLIENT_ACME FROM ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT APPLY ON ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP TO ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT APPLY ON MASKING POLICY ANALYTICS.PLATFORM.EMAIL_MASK TO ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT APPLY ON TAG ANALYTICS.PLATFORM.COST_CENTER TO ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT OWNERSHIP ON ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP TO ROLE POLICY_ADMIN COPY CURRENT GRANTS;

-- kind: GrantPrivileges
GRANT OWNERSHIP ON TAG ANALYTICS.PLATFORM.COST_CENTER TO ROLE TAG_ADMIN REVOKE CURRENT GRANTS;

-- kind: GrantPrivileges
GRANT READ ON TAG ANALYTICS.PLATFORM.COST_CENTER TO ROLE TENANT_ACME_READ;

-- kind: GrantPrivileges
GRANT OPERATE, MONITOR ON ALERT ANALYTICS.PLATFORM.BUDGET_ALERT TO ROLE PLATFORM_ALERTS;

-- kind: GrantPrivileges
GRANT OWNERSHIP ON DATABASE ROLE ANALYTICS.TENANT_ACME_READER TO ROLE TENANT_ACME_ADMIN;

-- kind: GrantPrivileges
GRANT USAGE ON NETWORK RULE ANALYTICS.PLATFORM.SIGMA_EGRESS TO ROLE PLATFORM_ADMIN;

-- kind: GrantPrivileges
REVOKE GRANT OPTION FOR APPLY ON MASKING POLICY ANALYTICS.PLATFORM.EMAIL_MASK FROM ROLE TENANT_ACME_ADMIN CASCADE;

-- kind: Grant
GRANT APPLY TAG ON ACCOUNT TO ROLE TAG_ADMIN;

-- kind: Grant
GRANT APPLY SESSION POLICY ON ACCOUNT TO ROLE SECURITY_ADMIN;

-- UNDROP, DESCRIBE and SHOW of catalog kinds [sql/undrop-schema, sql/desc-warehouse, sql/show-warehouses, sql/show-grants].
-- kind: UndropObject
UNDROP SCHEMA ANALYTICS.GOLD_CLIENT_ACME;

-- kind: UndropObject
UNDROP TABLE t1;

-- kind: UndropObject
UNDROP TAG ANALYTICS.PLATFORM.COST_CENTER;

-- kind: DescribeObject
DESCRIBE WAREHOUSE TENANT_ACME_WH;

-- kind: DescribeObject
DESC USER jsmith;

-- kind: DescribeObject
DESCRIBE ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP;

-- kind: DescribeObject
DESCRIBE PROCEDURE ANALYTICS.PLATFORM.SET_TENANT_TAG(VARCHAR);

-- kind: DescribeObject
DESC TABLE ANALYTICS.PLATFORM.TENANT_ROLE_MAP;

-- kind: ShowObjects
SHOW WAREHOUSES LIKE 'TENANT_%';

-- kind: ShowObjects
SHOW TERSE ROW ACCESS POLICIES IN SCHEMA ANALYTICS.PLATFORM;

-- kind: ShowObjects
SHOW GRANTS TO ROLE TENANT_ACME_READ;

-- kind: ShowObjects
SHOW GRANTS ON ACCOUNT;

-- kind: ShowObjects
SHOW FUTURE GRANTS IN SCHEMA ANALYTICS.GOLD_CLIENT_ACME;

-- kind: ShowObjects
SHOW DATABASE ROLES IN DATABASE ANALYTICS;

-- kind: ShowObjects
SHOW PARAMETERS LIKE 'QUERY_TAG' IN SESSION;

-- kind: ShowObjects
SHOW RESOURCE MONITORS STARTS WITH 'TENANT' LIMIT 10;

-- kind: ShowObjects
SHOW TASKS IN ACCOUNT;

-- Scripting blocks split as Snowflake splits them [developer-guide/snowflake-scripting/blocks].
-- kind: StartTransaction
BEGIN
  CREATE TABLE IF NOT EXISTS t_log (a INT);
  INSERT INTO t_log VALUES (1);
END;

-- Session, password and authentication policies, properties from the catalog
-- [sql/create-session-policy, sql/alter-session-policy, sql/create-password-policy, sql/create-authentication-policy].
-- kind: CreatePropertyObject
CREATE SESSION POLICY IF NOT EXISTS ANALYTICS.PLATFORM.SIGMA_SESSION SESSION_IDLE_TIMEOUT_MINS = 30 SESSION_UI_IDLE_TIMEOUT_MINS = 30 ALLOWED_SECONDARY_ROLES = () COMMENT = 'Sigma service user';

-- kind: AlterPropertyObject
ALTER SESSION POLICY IF EXISTS ANALYTICS.PLATFORM.SIGMA_SESSION SET SESSION_IDLE_TIMEOUT_MINS = 60;

-- kind: AlterPropertyObject
ALTER SESSION POLICY ANALYTICS.PLATFORM.SIGMA_SESSION UNSET COMMENT, SESSION_UI_IDLE_TIMEOUT_MINS;

-- kind: CreatePropertyObject
CREATE OR REPLACE PASSWORD POLICY PASSWORD_POLICY_PROD_1 PASSWORD_MIN_LENGTH = 12 PASSWORD_MAX_LENGTH = 24 PASSWORD_MIN_UPPER_CASE_CHARS = 2 PASSWORD_MIN_LOWER_CASE_CHARS = 2 PASSWORD_MIN_NUMERIC_CHARS = 2 PASSWORD_MIN_SPECIAL_CHARS = 2 PASSWORD_MIN_AGE_DAYS = 1 PASSWORD_MAX_AGE_DAYS = 30 PASSWORD_MAX_RETRIES = 3 PASSWORD_LOCKOUT_TIME_MINS = 30 PASSWORD_HISTORY = 5 COMMENT = 'production account password policy';

-- kind: AlterPropertyObject
ALTER PASSWORD POLICY PASSWORD_POLICY_PROD_1 RENAME TO PASSWORD_POLICY_PROD_2;

-- kind: CreatePropertyObject
CREATE AUTHENTICATION POLICY SERVICE_KEYPAIR_ONLY AUTHENTICATION_METHODS = ('KEYPAIR') CLIENT_TYPES = ('DRIVERS', 'SNOWSQL');

-- kind: DropObject
DROP SESSION POLICY IF EXISTS ANALYTICS.PLATFORM.SIGMA_SESSION;

-- kind: DescribeObject
DESCRIBE PASSWORD POLICY PASSWORD_POLICY_PROD_1;

-- Tags: ALTER TAG and propagation [sql/alter-tag, sql/create-tag].
-- kind: AlterTag
ALTER TAG ANALYTICS.PLATFORM.COST_CENTER ADD ALLOWED_VALUES 'finance', 'engineering';

-- kind: AlterTag
ALTER TAG ANALYTICS.PLATFORM.COST_CENTER DROP ALLOWED_VALUES 'engineering';

-- kind: AlterTag
ALTER TAG cost_center UNSET ALLOWED_VALUES;

-- kind: AlterTag
ALTER TAG security_class SET MASKING POLICY ssn_mask, MASKING POLICY email_mask;

-- kind: AlterTag
ALTER TAG security_class UNSET MASKING POLICY ssn_mask;

-- kind: AlterTag
ALTER TAG IF EXISTS cost_center SET COMMENT = 'who pays';

-- kind: AlterTag
ALTER TAG cost_center RENAME TO cost_centre;

-- kind: AlterTag
ALTER TAG cost_center SET PROPAGATE = ON_DEPENDENCY_AND_DATA_MOVEMENT ON_CONFLICT = ALLOWED_VALUES_SEQUENCE;

-- kind: AlterTag
ALTER TAG cost_center UNSET PROPAGATE;

-- kind: CreateTag
CREATE OR REPLACE TAG cost_center ALLOWED_VALUES 'finance', 'engineering' PROPAGATE = ON_DATA_MOVEMENT ON_CONFLICT = 'CONFLICT' COMMENT = 'propagates';
