ALTER WAREHOUSE TENANT_ACME_WH SET RESOURCE_MONITOR TENANT_ACME_RM;
-- near-miss: a property takes = [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH SET RESOURCE_MONITOR = TENANT_ACME_RM
