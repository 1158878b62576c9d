CREATE PROCEDURE p() RETURNS VARCHAR EXECUTE AS CALLER AS $$ return 1; $$;
-- near-miss: LANGUAGE is required [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT EXECUTE AS CALLER AS $$ return 1; $$
