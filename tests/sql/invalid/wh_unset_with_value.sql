ALTER WAREHOUSE TENANT_ACME_WH UNSET RESOURCE_MONITOR = M;
-- near-miss: UNSET takes no value [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH UNSET RESOURCE_MONITOR
