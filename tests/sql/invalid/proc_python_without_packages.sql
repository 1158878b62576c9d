CREATE PROCEDURE p() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'run' AS 'def run(session): return 1';
-- near-miss: a Python procedure requires PACKAGES [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python') HANDLER = 'run' AS 'def run(session): return 1'
