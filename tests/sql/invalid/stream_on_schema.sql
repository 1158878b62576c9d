-- near-miss: a stream records changes of a table, view, stage or dynamic/external/event table, not a schema [docs.snowflake.com/en/sql-reference/sql/create-stream]
-- twin: CREATE STREAM s ON TABLE t
CREATE STREAM s ON SCHEMA t;
