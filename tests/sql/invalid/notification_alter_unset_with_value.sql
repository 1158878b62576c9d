ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL UNSET ALLOWED_RECIPIENTS = ('a@example.com');
-- near-miss: UNSET takes no value [docs.snowflake.com/en/sql-reference/sql/alter-notification-integration]
-- twin: ALTER NOTIFICATION INTEGRATION BUDGET_EMAIL UNSET ALLOWED_RECIPIENTS
