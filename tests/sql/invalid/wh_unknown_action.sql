ALTER WAREHOUSE TENANT_ACME_WH START;
-- near-miss: the action is SET, UNSET, SUSPEND, RESUME, ABORT ALL QUERIES or RENAME [docs.snowflake.com/en/sql-reference/sql/alter-warehouse]
-- twin: ALTER WAREHOUSE TENANT_ACME_WH RESUME
