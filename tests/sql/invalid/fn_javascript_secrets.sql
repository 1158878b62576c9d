CREATE FUNCTION f() RETURNS FLOAT LANGUAGE JAVASCRIPT SECRETS = ('cred' = s) AS 'return 1';
-- near-miss: SECRETS is a clause of Python, Java and Scala handlers [docs.snowflake.com/en/sql-reference/sql/create-function]
-- twin: CREATE FUNCTION f() RETURNS FLOAT LANGUAGE JAVASCRIPT AS 'return 1'
