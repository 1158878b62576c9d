ALTER WAREHOUSE TENANT_ACME_WH SET WAREHOUSE_SIZ = SMALL;
-- near-miss: the property is WAREHOUSE_SIZE [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH SET WAREHOUSE_SIZE = SMALL
