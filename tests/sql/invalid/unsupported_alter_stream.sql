-- near-miss: snowtenant does not check streams yet [docs.snowflake.com/en/sql-reference/sql/alter-stream]
-- twin: ALTER ALERT a RESUME
ALTER STREAM s SET COMMENT = 'x';
