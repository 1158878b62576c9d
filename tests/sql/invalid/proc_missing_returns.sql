CREATE PROCEDURE p(a VARCHAR) LANGUAGE SQL AS $$ BEGIN RETURN a; END $$;
-- near-miss: RETURNS is required [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p(a VARCHAR) RETURNS VARCHAR LANGUAGE SQL AS $$ BEGIN RETURN a; END $$
