CREATE RESOURCE MONITOR limiter WITH;
-- near-miss: WITH takes properties [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100
