-- near-miss: DATA_RETENTION_TIME_IN_DAYS is 0 to 90 [docs.snowflake.com/en/sql-reference/sql/create-schema]
-- twin: ALTER SCHEMA db.s SET DATA_RETENTION_TIME_IN_DAYS = 90
ALTER SCHEMA db.s SET DATA_RETENTION_TIME_IN_DAYS = 91;
