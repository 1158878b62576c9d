-- near-miss: a $$ inside a $$ body ends it [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE OR REPLACE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ var s = 'dollars'; return s; $$
CREATE OR REPLACE PROCEDURE p()
  RETURNS VARCHAR LANGUAGE JAVASCRIPT
AS $$
  var s = '$$';
  return s;
$$;
