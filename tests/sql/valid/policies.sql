-- Row access and masking policies [sql/create-row-access-policy, sql/alter-row-access-policy,
-- sql/create-masking-policy, sql/alter-masking-policy, sql/alter-table, sql/alter-view].

-- kind: CreateRowAccessPolicy
CREATE OR REPLACE ROW ACCESS POLICY rap_sales_manager_regions_1 AS (sales_region VARCHAR) RETURNS BOOLEAN ->
  'sales_executive_role' = CURRENT_ROLE()
  OR EXISTS (
    SELECT 1 FROM salesmanagerregions
    WHERE sales_manager = CURRENT_ROLE() AND region = sales_region
  );

-- kind: CreateRowAccessPolicy
CREATE ROW ACCESS POLICY IF NOT EXISTS ANALYTICS.PLATFORM.TENANT_RAP AS (TENANT VARCHAR) RETURNS BOOLEAN ->
  IS_ROLE_IN_SESSION('PLATFORM_ADMIN')
  OR EXISTS (SELECT 1 FROM ANALYTICS.PLATFORM.TENANT_ROLE_MAP m WHERE m.TENANT = TENANT AND IS_ROLE_IN_SESSION(m.ROLE_NAME))
  COMMENT = 'one policy for every shared table';

-- kind: CreateRowAccessPolicy
CREATE OR ALTER ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP AS (TENANT VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM ANALYTICS.PLATFORM.TENANT_ROLE_MAP m WHERE m.TENANT = TENANT AND IS_ROLE_IN_SESSION(m.ROLE_NAME));

-- kind: CreateRowAccessPolicy
CREATE OR REPLACE ROW ACCESS POLICY rap_it AS (empl_id VARCHAR) RETURNS BOOLEAN ->
  CASE WHEN 'it_admin' = CURRENT_ROLE() THEN TRUE ELSE FALSE END;

-- kind: CreateRowAccessPolicy
CREATE ROW ACCESS POLICY rap_two AS (region VARCHAR, dept NUMBER) RETURNS BOOLEAN ->
  ARRAY_CONTAINS(region::VARIANT, allowed_regions()) AND dept > 0;

-- kind: CreateRowAccessPolicy
CREATE ROW ACCESS POLICY rap_db_role AS (tenant STRING) RETURNS BOOLEAN -> IS_DATABASE_ROLE_IN_SESSION('DR_' || tenant);

-- kind: AlterPolicy
ALTER ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP SET BODY ->
  EXISTS (SELECT 1 FROM ANALYTICS.PLATFORM.TENANT_ROLE_MAP m WHERE m.TENANT = TENANT AND IS_ROLE_IN_SESSION(m.ROLE_NAME));

-- kind: AlterPolicy
ALTER ROW ACCESS POLICY IF EXISTS rap_it RENAME TO rap_it_v2;

-- kind: AlterPolicy
ALTER ROW ACCESS POLICY rap_it SET COMMENT = 'it admins only';

-- kind: AlterPolicy
ALTER ROW ACCESS POLICY rap_it UNSET COMMENT;

-- kind: AlterObjectTags
ALTER ROW ACCESS POLICY rap_it SET TAG ANALYTICS.PLATFORM.OWNER_TEAM = 'security';

-- kind: AlterPolicyAttachment
ALTER TABLE ANALYTICS.SHARED.EVENTS ADD ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP ON (TENANT);

-- kind: AlterPolicyAttachment
ALTER VIEW ANALYTICS.GOLD.DYNAMIC_CLIENT_DATA ADD ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP ON (TENANT);

-- kind: AlterPolicyAttachment
ALTER TABLE sales DROP ROW ACCESS POLICY rap_sales_manager_regions_1;

-- kind: AlterPolicyAttachment
ALTER TABLE sales DROP ROW ACCESS POLICY rap_t1, ADD ROW ACCESS POLICY rap_t2 ON (empl_id);

-- kind: AlterPolicyAttachment
ALTER TABLE IF EXISTS ANALYTICS.SHARED.EVENTS DROP ALL ROW ACCESS POLICIES;

-- kind: AlterPolicyAttachment
ALTER VIEW v1 DROP ALL ROW ACCESS POLICIES;

-- kind: CreateMaskingPolicy
CREATE OR REPLACE MASKING POLICY email_mask AS (val STRING) RETURNS STRING ->
  CASE
    WHEN CURRENT_ROLE() IN ('ANALYST') THEN val
    ELSE '*********'
  END;

-- kind: CreateMaskingPolicy
CREATE MASKING POLICY IF NOT EXISTS ANALYTICS.PLATFORM.EMAIL_MASK AS (val VARCHAR, tenant VARCHAR) RETURNS VARCHAR ->
  CASE WHEN IS_ROLE_IN_SESSION('PII_READER') THEN val ELSE SHA2(val) END
  COMMENT = 'hash e-mails' EXEMPT_OTHER_POLICIES = FALSE;

-- kind: CreateMaskingPolicy
CREATE MASKING POLICY salary_mask AS (val NUMBER(38, 2)) RETURNS NUMBER -> CASE WHEN IS_ROLE_IN_SESSION('HR') THEN val ELSE NULL END;

-- kind: CreateMaskingPolicy
CREATE OR REPLACE MASKING POLICY json_mask AS (val VARIANT) RETURNS VARIANT -> CASE WHEN CURRENT_ROLE() IN ('ANALYST') THEN val ELSE OBJECT_INSERT(val, 'USER_IPADDRESS', '****', TRUE) END;

-- kind: AlterPolicy
ALTER MASKING POLICY email_mask SET BODY -> CASE WHEN CURRENT_ROLE() IN ('ANALYST', 'SUPPORT') THEN val ELSE '*********' END;

-- kind: AlterPolicy
ALTER MASKING POLICY IF EXISTS email_mask RENAME TO email_mask_v2;

-- kind: AlterPolicyAttachment
ALTER TABLE IF EXISTS user_info MODIFY COLUMN email SET MASKING POLICY email_mask;

-- kind: AlterPolicyAttachment
ALTER TABLE user_info MODIFY COLUMN email SET MASKING POLICY ANALYTICS.PLATFORM.EMAIL_MASK USING (email, tenant) FORCE;

-- kind: AlterPolicyAttachment
ALTER VIEW user_info_v MODIFY COLUMN email UNSET MASKING POLICY;

-- kind: AlterPolicyAttachment
ALTER TABLE user_info ALTER COLUMN email UNSET MASKING POLICY;

-- kind: DropObject
DROP ROW ACCESS POLICY IF EXISTS rap_it_v2;

-- kind: DropObject
DROP MASKING POLICY email_mask_v2;
