ALTER RESOURCE MONITOR limiter SET CREDIT_QUOTA = 100, TRIGGERS ON 50 PERCENT DO NOTIFY;
-- near-miss: TRIGGERS follows SET without a comma [docs.snowflake.com/en/sql-reference/sql/alter-resource-monitor]
-- twin: ALTER RESOURCE MONITOR limiter SET CREDIT_QUOTA = 100 TRIGGERS ON 50 PERCENT DO NOTIFY
