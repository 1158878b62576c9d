-- near-miss: a task runs on a warehouse or serverless, not both [docs.snowflake.com/en/sql-reference/sql/create-task]
-- twin: CREATE TASK t WAREHOUSE = mywh SCHEDULE = '5 MINUTE' AS SELECT 1
CREATE TASK t WAREHOUSE = mywh USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' SCHEDULE = '5 MINUTE' AS SELECT 1;
