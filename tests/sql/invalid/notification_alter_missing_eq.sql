ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ALLOWED_RECIPIENTS 'a@example.com';
-- near-miss: a property takes `=` [docs.snowflake.com/en/sql-reference/sql/alter-notification-integration]
-- twin: ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL SET ALLOWED_RECIPIENTS = ('a@example.com')
