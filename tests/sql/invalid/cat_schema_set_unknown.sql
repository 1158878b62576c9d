-- near-miss: RETENTION is no schema property [docs.snowflake.com/en/sql-reference/sql/alter-schema]
-- twin: ALTER SCHEMA db.s SET DATA_RETENTION_TIME_IN_DAYS = 7
ALTER SCHEMA db.s SET RETENTION = 7;
