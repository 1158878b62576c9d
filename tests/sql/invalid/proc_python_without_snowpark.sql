CREATE PROCEDURE p() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('pandas') HANDLER = 'run' AS 'def run(session): return 1';
-- near-miss: a Python procedure's PACKAGES includes snowflake-snowpark-python [docs.snowflake.com/en/sql-reference/sql/create-procedure]
-- twin: CREATE PROCEDURE p() RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python', 'pandas') HANDLER = 'run' AS 'def run(session): return 1'
