CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE SQL HANDLER = 'f' AS 'x + 1';
-- near-miss: HANDLER is a clause of Python, Java and Scala UDFs, not SQL ones [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE SQL AS 'x + 1'
