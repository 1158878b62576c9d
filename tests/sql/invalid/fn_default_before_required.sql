CREATE FUNCTION f(x INT DEFAULT 1, y INT) RETURNS INT AS 'x + y';
-- near-miss: arguments with a DEFAULT come after the required ones [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(y INT, x INT DEFAULT 1) RETURNS INT AS 'x + y'
