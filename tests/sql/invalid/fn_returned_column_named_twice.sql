CREATE FUNCTION f() RETURNS TABLE (a INT, a INT) AS 'SELECT 1, 2';
-- near-miss: a returned column name is given once [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f() RETURNS TABLE (a INT, b INT) AS 'SELECT 1, 2'
