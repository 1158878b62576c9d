-- near-miss: a stream on an external table is INSERT_ONLY; APPEND_ONLY is for tables and views [docs.snowflake.com/en/sql-reference/sql/create-stream]
-- twin: CREATE STREAM s ON EXTERNAL TABLE ext INSERT_ONLY = TRUE
CREATE STREAM s ON EXTERNAL TABLE ext APPEND_ONLY = TRUE;
