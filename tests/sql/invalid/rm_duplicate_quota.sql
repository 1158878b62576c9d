CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 CREDIT_QUOTA = 200;
-- near-miss: each property at most once [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100
