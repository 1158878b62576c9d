CREATE RESOURCE MONITOR m WITH CREDIT_QUOTA = 10 NOTIFY_USERS = (u1, u2, u3, u4, u5, u6);
-- near-miss: NOTIFY_USERS holds at most 5 users [docs.snowflake.com/en/sql-reference/sql/create-resource-monitor]
-- twin: CREATE RESOURCE MONITOR m WITH CREDIT_QUOTA = 10 NOTIFY_USERS = (u1, u2, u3, u4, u5)
