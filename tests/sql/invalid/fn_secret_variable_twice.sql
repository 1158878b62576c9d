CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' SECRETS = ('c' = s1, 'c' = s2) AS 'x';
-- near-miss: a secret variable name is given once in SECRETS [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f() RETURNS INT LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'f' SECRETS = ('c' = s1, 'd' = s2) AS 'x'
