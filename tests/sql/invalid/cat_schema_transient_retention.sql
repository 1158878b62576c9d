-- near-miss: a transient schema keeps 0 or 1 day of Time Travel [docs.snowflake.com/en/sql-reference/sql/create-schema]
-- twin: CREATE TRANSIENT SCHEMA s DATA_RETENTION_TIME_IN_DAYS = 1
CREATE TRANSIENT SCHEMA s DATA_RETENTION_TIME_IN_DAYS = 7;
