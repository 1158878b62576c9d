-- near-miss: TASK_AUTO_RETRY_ATTEMPTS is 0 to 30 [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh TASK_AUTO_RETRY_ATTEMPTS = 30 AS SELECT 1
CREATE TASK t WAREHOUSE = mywh TASK_AUTO_RETRY_ATTEMPTS = 31 AS SELECT 1;
