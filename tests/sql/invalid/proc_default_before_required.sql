CREATE PROCEDURE p(a INT DEFAULT 1, b INT) RETURNS INT LANGUAGE SQL AS 'BEGIN RETURN a + b; END';
-- near-miss: arguments with a DEFAULT come after the required ones [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p(b INT, a INT DEFAULT 1) RETURNS INT LANGUAGE SQL AS 'BEGIN RETURN a + b; END'
