CREATE RESOURCE MONITOR m WITH CREDIT_QUOTA = 10 CREDIT_LIMIT = 5;
-- near-miss: CREDIT_LIMIT is not a resource monitor property [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR m WITH CREDIT_QUOTA = 10
