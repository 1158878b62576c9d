CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE JAVA HANDLER = 'F.f';
-- near-miss: a handler without in-line code must be named by IMPORTS [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE JAVA IMPORTS = ('@st/f.jar') HANDLER = 'F.f'
