-- near-miss: QUERY_TAGS is no session parameter [docs.snowflake.com/en/sql-reference/sql/alter-session]
-- twin: ALTER SESSION SET QUERY_TAG = 'tenant'
ALTER SESSION SET QUERY_TAGS = 'tenant';
