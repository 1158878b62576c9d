CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 'lots';
-- near-miss: CREDIT_QUOTA is a number [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100
