CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLR = 'f' AS 'def f(x): return x';
-- near-miss: HANDLR is not a clause of CREATE FUNCTION (HANDLER) [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' AS 'def f(x): return x'
