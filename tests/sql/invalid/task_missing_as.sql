-- near-miss: the task's statement follows AS [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh AS CALL p()
CREATE TASK t WAREHOUSE = mywh CALL p();
