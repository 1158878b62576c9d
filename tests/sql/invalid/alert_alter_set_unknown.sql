-- near-miss: ALTER ALERT sets SCHEDULE, not FREQUENCY [docs.snowflake.com/en/sql-reference/sql/alter-alert]
-- twin: ALTER ALERT a SET SCHEDULE = '5 MINUTE'
ALTER ALERT a SET FREQUENCY = '5 MINUTE';
