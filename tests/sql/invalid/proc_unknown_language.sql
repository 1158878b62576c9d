CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE RUBY AS $$ 1 $$;
-- near-miss: LANGUAGE is SQL, JAVASCRIPT, PYTHON, JAVA or SCALA [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS $$ BEGIN RETURN '1'; END $$
