CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75% DO NOTIFY;
-- near-miss: the threshold is n PERCENT [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH CREDIT_QUOTA = 100 TRIGGERS ON 75 PERCENT DO NOTIFY
