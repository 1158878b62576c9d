CREATE FUNCTION f(x INT, x INT) RETURNS INT AS 'x';
-- near-miss: an argument name is given once [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT, y INT) RETURNS INT AS 'x'
