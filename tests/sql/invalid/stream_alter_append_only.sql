-- near-miss: APPEND_ONLY is chosen at CREATE; ALTER STREAM sets only the comment [docs.snowflake.com/en/sql-reference/sql/create-stream]
-- twin: ALTER STREAM s SET COMMENT = 'x'
ALTER STREAM s SET APPEND_ONLY = TRUE;
