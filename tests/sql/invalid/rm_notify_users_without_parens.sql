CREATE RESOURCE MONITOR limiter WITH NOTIFY_USERS = JDOE;
-- near-miss: NOTIFY_USERS takes a parenthesized list [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR limiter WITH NOTIFY_USERS = (JDOE)
