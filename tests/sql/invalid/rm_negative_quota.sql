ALTER RESOURCE MONITOR m SET CREDIT_QUOTA = -5;
-- near-miss: CREDIT_QUOTA is a number of credits, not negative [docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor]
-- twin: ALTER RESOURCE MONITOR m SET CREDIT_QUOTA = 5
