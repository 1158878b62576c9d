CREATE RESOURCE MONITOR limiter CREDIT_QUOTA = 5000;
-- near-miss: properties follow WITH [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 5000
