-- near-miss: WAREHOUSE_SIZE is a warehouse property; a serverless task sets USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE [docs.snowflake.com/en/sql-reference/sql/alter-task]
-- twin: ALTER TASK t SET USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'SMALL'
ALTER TASK t SET WAREHOUSE_SIZE = 'SMALL';
