CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS BEGIN return 1; END;
-- near-miss: only a Snowflake Scripting (LANGUAGE SQL) body may go without delimiters; a JavaScript body is a string ($$...$$ or '...') [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 1; $$
