-- near-miss: EXECUTE TASK names the task to run [docs.snowflake.com/en/sql-reference/sql/execute-task]
-- twin: EXECUTE TASK t
EXECUTE TASK;
