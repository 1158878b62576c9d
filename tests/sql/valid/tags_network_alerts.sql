-- Tags, network rules and policies, alerts [sql/create-tag, sql/create-network-rule,
-- sql/create-network-policy, sql/create-alert].

-- kind: CreateTag
CREATE TAG cost_center;

-- kind: CreateTag
CREATE TAG IF NOT EXISTS ANALYTICS.PLATFORM.TENANT COMMENT = 'tenant that owns the object';

-- kind: CreateTag
CREATE OR REPLACE TAG cost_center ALLOWED_VALUES 'finance', 'engineering', 'sales';

-- kind: AlterObjectTags
ALTER WAREHOUSE TENANT_ACME_WH SET TAG ANALYTICS.PLATFORM.TENANT = 'acme';

-- kind: AlterObjectTags
ALTER WAREHOUSE TENANT_ACME_WH SET TAG ANALYTICS.PLATFORM.TENANT = 'acme', ANALYTICS.PLATFORM.COST_CENTER = 'sales';

-- kind: AlterObjectTags
ALTER WAREHOUSE TENANT_ACME_WH UNSET TAG ANALYTICS.PLATFORM.COST_CENTER;

-- kind: AlterObjectTags
ALTER TABLE hr.tables.empinfo SET TAG cost_center = 'finance';

-- kind: AlterObjectTags
ALTER SCHEMA ANALYTICS.GOLD_CLIENT_ACME SET TAG ANALYTICS.PLATFORM.TENANT = 'acme';

-- kind: AlterObjectTags
ALTER DATABASE ANALYTICS SET TAG ANALYTICS.PLATFORM.COST_CENTER = 'platform';

-- kind: AlterObjectTags
ALTER ROLE TENANT_ACME_READ SET TAG ANALYTICS.PLATFORM.TENANT = 'acme';

-- kind: AlterObjectTags
ALTER VIEW IF EXISTS ANALYTICS.GOLD.ACME_ORDERS UNSET TAG ANALYTICS.PLATFORM.TENANT, ANALYTICS.PLATFORM.COST_CENTER;

-- kind: DropObject
DROP TAG IF EXISTS cost_center;

-- kind: CreateNetworkRule
CREATE NETWORK RULE corporate_network TYPE = AWSVPCEID VALUE_LIST = ('vpce-123abc3420c1931') MODE = INTERNAL_STAGE COMMENT = 'corporate privatelink endpoint';

-- kind: CreateNetworkRule
CREATE OR REPLACE NETWORK RULE ANALYTICS.PLATFORM.ACME_INGRESS TYPE = IPV4 VALUE_LIST = ('203.0.113.0/24', '198.51.100.7') MODE = INGRESS;

-- kind: CreateNetworkRule
CREATE NETWORK RULE external_access_rule TYPE = HOST_PORT MODE = EGRESS VALUE_LIST = ('example.com', 'example.com:443');

-- kind: CreateNetworkPolicy
CREATE NETWORK POLICY mypolicy1 ALLOWED_IP_LIST = ('192.168.1.0/24') BLOCKED_IP_LIST = ('192.168.1.99');

-- kind: CreateNetworkPolicy
CREATE NETWORK POLICY IF NOT EXISTS TENANT_ACME_NP ALLOWED_NETWORK_RULE_LIST = ('ANALYTICS.PLATFORM.ACME_INGRESS') COMMENT = 'acme service users';

-- kind: CreateNetworkPolicy
CREATE OR REPLACE NETWORK POLICY block_public ALLOWED_NETWORK_RULE_LIST = ('corporate_network') BLOCKED_NETWORK_RULE_LIST = ('public_access');

-- kind: AlterNetworkPolicy
ALTER NETWORK POLICY TENANT_ACME_NP SET ALLOWED_NETWORK_RULE_LIST = ('ANALYTICS.PLATFORM.ACME_INGRESS');

-- kind: AlterNetworkPolicy
ALTER NETWORK POLICY my_policy ADD ALLOWED_NETWORK_RULE_LIST = ('new_rule');

-- kind: AlterNetworkPolicy
ALTER NETWORK POLICY my_policy REMOVE BLOCKED_IP_LIST = ('10.1.2.3');

-- kind: DropObject
DROP NETWORK POLICY IF EXISTS mypolicy1;

-- kind: DropObject
DROP NETWORK RULE corporate_network;

-- kind: CreateAlert
CREATE OR REPLACE ALERT myalert
  WAREHOUSE = mywarehouse
  SCHEDULE = '1 minute'
  IF( EXISTS(
    SELECT gauge_value FROM gauge WHERE gauge_value>200))
  THEN
    INSERT INTO gauge_value_exceeded_history VALUES (current_timestamp());

-- kind: CreateAlert
CREATE ALERT IF NOT EXISTS ANALYTICS.PLATFORM.TENANT_ACME_BUDGET
  WAREHOUSE = SHARED_WH
  SCHEDULE = 'USING CRON 0 7 * * * UTC'
  COMMENT = 'soft budget for tenant acme on the shared warehouse'
  IF (EXISTS (
    SELECT 1 FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY
    WHERE TRY_PARSE_JSON(QUERY_TAG):tenant::VARCHAR = 'acme'
      AND START_TIME >= DATE_TRUNC('month', CURRENT_TIMESTAMP())
    HAVING SUM(CREDITS_ATTRIBUTED_COMPUTE) > 80))
  THEN CALL SYSTEM$SEND_EMAIL('PLATFORM_EMAIL', 'ops@example.com', 'Budget: acme', 'Tenant acme used over 80 credits this month.');

-- kind: CreateAlert
CREATE ALERT serverless_alert SCHEDULE = '60 MINUTE' SUSPEND_ALERT_AFTER_NUM_FAILURES = 3
  IF (EXISTS (SHOW TABLES)) THEN SELECT 1;

-- kind: AlterAlert
ALTER ALERT myalert RESUME;

-- kind: AlterAlert
ALTER ALERT IF EXISTS ANALYTICS.PLATFORM.TENANT_ACME_BUDGET SUSPEND;

-- kind: DropObject
DROP ALERT IF EXISTS myalert;
