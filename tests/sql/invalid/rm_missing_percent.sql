CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75 DO NOTIFY;
-- near-miss: a trigger is ON n PERCENT [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75 PERCENT DO NOTIFY
