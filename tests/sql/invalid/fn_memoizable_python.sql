CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' MEMOIZABLE AS 'def f(x): return x';
-- near-miss: MEMOIZABLE is a clause of SQL UDFs only [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' AS 'def f(x): return x'
