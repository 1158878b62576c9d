CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE RUBY AS 'x';
-- near-miss: LANGUAGE is SQL, JAVASCRIPT, PYTHON, JAVA or SCALA [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE JAVASCRIPT AS 'return X'
