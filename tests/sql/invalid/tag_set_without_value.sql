ALTER WAREHOUSE TENANT_ACME_WH SET TAG ANALYTICS.PLATFORM.TENANT;
-- near-miss: SET TAG takes = 'value' [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH SET TAG ANALYTICS.PLATFORM.TENANT = 'acme'
