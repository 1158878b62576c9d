ALTER WAREHOUSE TENANT_ACME_WH SET;
-- near-miss: SET takes a property [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH SET AUTO_SUSPEND = 60
