CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS BEGIN RETURN 1; END;
-- near-miss: snowtenant reads procedure bodies as strings ($$...$$ or '...') [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS $$ BEGIN RETURN 1; END $$
