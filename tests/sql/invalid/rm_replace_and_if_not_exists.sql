CREATE OR REPLACE RESOURCE MONITOR IF NOT EXISTS limiter WITH CREDIT_QUOTA = 100;
-- near-miss: OR REPLACE and IF NOT EXISTS are exclusive [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE OR REPLACE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100
