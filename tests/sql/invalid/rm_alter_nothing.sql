ALTER RESOURCE MONITOR limiter;
-- near-miss: ALTER RESOURCE MONITOR sets something [docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor]
-- twin: ALTER RESOURCE MONITOR limiter SET CREDIT_QUOTA = 100
