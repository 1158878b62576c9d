ALTER ALERT a START;
-- near-miss: ALTER ALERT takes RESUME or SUSPEND [docs.snowflake.com/en/sql-reference/sql/alter-alert]
-- twin: ALTER ALERT a RESUME
