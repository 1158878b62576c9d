CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75 PERCENT NOTIFY;
-- near-miss: a trigger is ON n PERCENT DO action [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75 PERCENT DO NOTIFY
