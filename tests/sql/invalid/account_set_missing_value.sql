ALTER ACCOUNT SET RESOURCE_MONITOR =;
-- near-miss: a property takes a value [docs.snowflake.com/en/sql-reference/sql/alter-account]
-- twin: ALTER ACCOUNT SET RESOURCE_MONITOR = ACCOUNT_RM
