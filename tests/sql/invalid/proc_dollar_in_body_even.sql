-- near-miss: a $$ inside a $$ body ends it [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS $$ SELECT 'x' $$
CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS $$ SELECT '$$' $$ x $$;
