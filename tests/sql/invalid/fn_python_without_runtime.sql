CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON HANDLER = 'f' AS $$
def f(x): return x
$$;
-- near-miss: a Python UDF requires RUNTIME_VERSION [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' AS 'def f(x): return x'
