CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE SQL;
-- near-miss: a SQL UDF needs its body after AS [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE SQL AS 'x'
