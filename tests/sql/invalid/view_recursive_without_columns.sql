CREATE RECURSIVE VIEW h AS SELECT 1 AS a;
-- near-miss: a RECURSIVE view names its columns [docs.snowflake.com/en/sql-reference/sql/create-view]
-- twin: CREATE RECURSIVE VIEW h (a) AS SELECT 1 AS a
